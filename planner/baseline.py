"""A baseline to compare plans against: every visit at the earliest free slot of its window.

It keeps a plan's duty roster and meetings and re-places the visits greedily,
in facility-list order round by round: the first half-day of the window in
which an officer on duty is free and the counter keeps ``counter_min``. A
sampled round takes the first ``sample_size`` facilities of its set. This is
what a planner with a calendar and no optimiser would do; the gap between its
figures and the optimised plan's is what the optimisation is worth.
"""

from __future__ import annotations

from collections import Counter

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.solution import Solution, VisitDecision


class BaselineError(RuntimeError):
    """Raised when the greedy placement finds no free slot for a visit."""


def earliest_free_slot_visits(problem: Problem, solution: Solution) -> Solution:
    """``solution`` with its visits replaced by the earliest-free-slot placement."""
    on_duty: dict[int, set[int]] = {}
    for officer, day in solution.duty:
        on_duty.setdefault(day, set()).add(officer)
    busy: set[tuple[int, int]] = {(officer, slot) for m in solution.meetings for slot in m.slots for officer in m.attendees}
    away = Counter(slot for _, slot in busy)
    visits = []
    for round_ in problem.rounds:
        tasks = sorted(round_.visits, key=lambda task: problem.facilities[problem.visits[task].facility].list_rank)
        if round_.sample_size is not None:
            tasks = tasks[: round_.sample_size]
        for task in tasks:
            placed = _place(problem, task, on_duty, busy, away)
            if placed is None:
                facility = problem.facilities[problem.visits[task].facility].id
                raise BaselineError(f"baseline: no free half-day for {facility} in round {round_.id}")
            visits.append(placed)
            busy.add((placed.officer, placed.slot))
            away[placed.slot] += 1
    return Solution(solution.duty, tuple(visits), solution.meetings, {})


def _place(
    problem: Problem, task: int, on_duty: dict[int, set[int]], busy: set[tuple[int, int]], away: Counter[int]
) -> VisitDecision | None:
    for slot in problem.visits[task].slots:
        officers = on_duty.get(day_of(slot), set())
        if len(officers) - away[slot] - 1 < problem.day_floor(slot // 2):
            continue
        for officer in sorted(officers):
            if (officer, slot) not in busy:
                return VisitDecision(task, officer, slot)
    return None
