"""A plan of one instance as the starting calendar of another that differs a little (a what-if scenario).

The plan is carried by ids and dates (:class:`PlanSketch`), so it maps onto any
problem: the duty days of officers who are still there and available, each
visit whose facility, round and half-day still fit its window, each meeting
held on a half-day that is still one of its options. What does not map is left
to the solver. The calendar is only a hint (a start for the search), never a
rule: a scenario's plan may move anything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.calendar import SLOT_NAMES, Problem
from planner.plan import Plan
from planner.solution import Calendar, MeetingDecision


@dataclass(frozen=True)
class PlanSketch:
    """What a plan decided, by ids: small and picklable (sent with every scenario task)."""

    duty: tuple[tuple[str, str], ...]
    """(officer id, ISO date)."""
    visits: tuple[tuple[str, str, str, str], ...]
    """(facility id, round id, ISO date, am/pm)."""
    meetings: tuple[tuple[str, str, str], ...]
    """(meeting id, ISO date, am/pm), one per half-day held."""


def sketch_of(plan: Plan) -> PlanSketch:
    return PlanSketch(
        duty=tuple((row.officer_id, row.date) for row in plan.roster),
        visits=tuple((row.facility_id, row.round, row.date, row.slot) for row in plan.visits),
        meetings=tuple(sorted({(row.meeting_id, row.date, row.slot) for row in plan.meetings})),
    )


def calendar_from(problem: Problem, sketch: PlanSketch) -> Calendar:
    """The part of ``sketch`` that fits ``problem``, as a by-slot calendar (a search start)."""
    officer_index = {officer.id: index for index, officer in enumerate(problem.officers)}
    duty = []
    for officer_id, date in sketch.duty:
        officer, day = officer_index.get(officer_id), problem.day_index.get(date)
        if officer is not None and day is not None and day in problem.officers[officer].available_days:
            duty.append((officer, day))
    wanted = {(facility, round_): (date, slot) for facility, round_, date, slot in sketch.visits}
    visit_slots: dict[int, int] = {}
    for task, visit in enumerate(problem.visits):
        placed = wanted.get((problem.facilities[visit.facility].id, problem.rounds[visit.round].id))
        slot = problem.slot_at(*placed) if placed is not None else None
        if slot is not None and slot in visit.slots:
            visit_slots[task] = slot
    held: dict[str, set[int]] = defaultdict(set)
    for meeting_id, date, slot_name in sketch.meetings:
        slot = problem.slot_at(date, slot_name) if slot_name in SLOT_NAMES else None
        if slot is not None:
            held[meeting_id].add(slot)
    meetings = []
    for task, meeting in enumerate(problem.meetings):
        slots = held.get(meeting.id)
        option = next((option for option in meeting.options if slots and set(option.slots) == slots), None)
        if option is not None:
            meetings.append(MeetingDecision(task, option.day, tuple(option.slots), ()))
    return Calendar(tuple(sorted(duty)), visit_slots, tuple(meetings))
