"""A baseline to compare plans against: every visit at the earliest free slot of its window.

It keeps a plan's duty roster and meetings and re-places the visits greedily,
in facility-list order round by round: the first half-day of the window in
which an officer on duty is free and the counter keeps ``counter_min``. A
sampled round takes the first ``sample_size`` facilities of its set. This is
what a planner with a calendar and no optimiser would do; the gap between its
figures and the optimised plan's is what the optimisation is worth.
"""

from __future__ import annotations

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.greedy import earliest_visits, frame_of
from planner.solution import Solution, VisitDecision


class BaselineError(RuntimeError):
    """Raised when the greedy placement finds no free slot for a visit."""


def earliest_free_slot_visits(problem: Problem, solution: Solution) -> Solution:
    """``solution`` with its visits replaced by the earliest-free-slot placement
    (:func:`planner.greedy.earliest_visits`), each made by the first officer on duty and free then."""
    slots = earliest_visits(problem, frame_of(problem, solution.duty, solution.meetings))
    if slots is None:
        raise BaselineError("baseline: a visit finds no free half-day in its window")
    on_duty: dict[int, list[int]] = {}
    for officer, day in sorted(solution.duty):
        on_duty.setdefault(day, []).append(officer)
    busy = {(officer, slot) for meeting in solution.meetings for slot in meeting.slots for officer in meeting.attendees}
    visits = []
    for task, slot in slots.items():
        officer = next(officer for officer in on_duty[day_of(slot)] if (officer, slot) not in busy)
        busy.add((officer, slot))
        visits.append(VisitDecision(task, officer, slot))
    return Solution(solution.duty, tuple(visits), solution.meetings, {})
