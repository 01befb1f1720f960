"""The second stage's inputs: a calendar pinned into a problem, and names given greedily.

The by-slot stage decides the roster, each visit's slot and each meeting's
option, counting officers per slot. Two things turn that calendar into a plan:

- :func:`pinned_problem`: the same problem with every visit window cut to its
  chosen slot (an unchosen sampled visit to none) and every meeting to its held
  option. Solved per officer with the roster fixed, it names the officers and
  minimises the officer terms (continuity, fair visits, re-plan hand-overs); the
  calendar's own terms are constants there.
- :func:`name_officers_greedily`: a plan from the calendar without a solver, slot
  by slot: pinned names first (a re-plan's history and reports), meeting seats
  to the officers with the fewest meetings, each visit to a free officer on duty
  who has seen the facility before, else to the one furthest below a fair share.
  It always succeeds when the counts fit, which the by-slot rules guarantee; it
  is the second stage's starting point (hint) and its fallback.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from planner.calendar import Problem
from planner.calendar.problem import MeetingTask, day_of
from planner.solution import Calendar, MeetingDecision, Solution, VisitDecision


class NamingError(RuntimeError):
    """Raised when a calendar's counts do not fit its roster (a bug in the by-slot rules)."""


def pinned_problem(problem: Problem, calendar: Calendar) -> Problem:
    """``problem`` with visit windows and meeting options cut to what ``calendar`` chose, and each
    officer available only on their duty days (so that no literal exists for an officer off duty)."""
    visits = tuple(
        dataclasses.replace(task, slots=(calendar.visit_slots[index],) if index in calendar.visit_slots else ())
        for index, task in enumerate(problem.visits)
    )
    held = {decision.meeting: decision for decision in calendar.meetings}
    meetings = tuple(
        dataclasses.replace(
            meeting,
            options=tuple(
                option
                for option in meeting.options
                if index in held and option.day == held[index].day and option.slots == held[index].slots
            ),
        )
        for index, meeting in enumerate(problem.meetings)
    )
    duty_days: dict[int, set[int]] = defaultdict(set)
    for officer, day in calendar.duty:
        duty_days[officer].add(day)
    officers = tuple(
        dataclasses.replace(officer, available_days=frozenset(duty_days[index])) for index, officer in enumerate(problem.officers)
    )
    return dataclasses.replace(problem, visits=visits, meetings=meetings, officers=officers)


def pinned_officers(problem: Problem, calendar: Calendar) -> dict[int, int]:
    """Visit task -> officer a re-plan requires (published history kept, or a report naming one)."""
    reference = problem.reference
    if reference is None:
        return {}
    pinned = {}
    for task, slot in calendar.visit_slots.items():
        fixed = reference.fixed_visits.get(task)
        published = reference.visits.get(task)
        if fixed is not None and fixed[0] is not None:
            pinned[task] = fixed[0]
        elif (
            fixed is None
            and published is not None
            and task not in reference.redo
            and day_of(published.slot) < reference.first_free_day
            and published.slot == slot
        ):
            pinned[task] = published.officer
    return pinned


def name_officers_greedily(problem: Problem, calendar: Calendar) -> Solution:
    """A complete solution naming every visit's officer and every meeting's attendees (see the module docstring)."""
    on_duty: dict[int, list[int]] = defaultdict(list)
    for officer, day in calendar.duty:
        on_duty[day].append(officer)
    busy: set[tuple[int, int]] = set()
    meetings = []
    meeting_count: Counter[int] = Counter()
    reference = problem.reference
    for decision in sorted(calendar.meetings, key=lambda d: (d.day, d.meeting)):
        meeting_task: MeetingTask = problem.meetings[decision.meeting]
        if meeting_task.attendees is None:
            attendees = decision.attendees
        else:
            kept = (
                reference.meeting_attendees.get(decision.meeting, frozenset())
                if reference is not None and decision.day < reference.first_free_day
                else frozenset()
            )
            free = [o for o in on_duty[decision.day] if all((o, slot) not in busy for slot in decision.slots)]
            ranked = sorted(free, key=lambda o: (o not in kept, meeting_count[o], o))
            if len(ranked) < meeting_task.attendees:
                raise NamingError(f"meeting {meeting_task.id}: {meeting_task.attendees} seats, {len(ranked)} officers free")
            attendees = tuple(sorted(ranked[: meeting_task.attendees]))
        for officer in attendees:
            meeting_count[officer] += 1
            busy.update((officer, slot) for slot in decision.slots)
        meetings.append(MeetingDecision(decision.meeting, decision.day, decision.slots, tuple(attendees)))
    pinned = pinned_officers(problem, calendar)
    share = _visit_shares(problem, len(calendar.visit_slots))
    made: Counter[int] = Counter()
    seen: dict[int, set[int]] = defaultdict(set)
    visits: list[VisitDecision] = []
    # Pinned names first, so that no free choice takes an officer a report requires.
    for task, slot in sorted(calendar.visit_slots.items(), key=lambda item: (item[0] not in pinned, item[1], item[0])):
        facility = problem.visits[task].facility
        free = [o for o in on_duty[day_of(slot)] if (o, slot) not in busy]
        if task in pinned:
            officer = pinned[task]
            if officer not in free:
                raise NamingError(f"visit task {task}: pinned officer {officer} is not free at {problem.slot_label(slot)}")
        else:
            if not free:
                raise NamingError(f"visit task {task}: nobody free at {problem.slot_label(slot)}")
            officer = min(free, key=lambda o: (o not in seen[facility], made[o] - share[o], o))
        busy.add((officer, slot))
        made[officer] += 1
        seen[facility].add(officer)
        visits.append(VisitDecision(task, officer, slot))
    return Solution(calendar.duty, tuple(sorted(visits, key=lambda v: v.task)), tuple(meetings), {})


def _visit_shares(problem: Problem, total: int) -> list[float]:
    capacity = sum(officer.capacity_days for officer in problem.officers) or 1
    return [total * officer.capacity_days / capacity for officer in problem.officers]
