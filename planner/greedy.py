"""A calendar built by rules of thumb, without a solver: the solver's starting point at any size.

What a planner with a calendar and no optimiser would do, in one pass:

1. **Roster**, week by week: each all-officer meeting goes on the quietest day
   of its window that can have everyone on duty; those days get every available
   officer, the other days their weekday target, and days are trimmed, quietest
   first, until the week holds exactly its duty total. Officers are then given
   days, the days needing the most first, each to the available officers with the
   most days left this week.
2. **Meetings of N officers** on the first option whose half-days keep the
   counter floor with N officers away.
3. **Visits**, round by round in facility-list order (a sampled round: the
   facilities with the most open findings): ``earliest`` puts each at the first
   half-day of its window that keeps the counter floor; ``cheapest`` at the one
   whose waiting rises least with one officer fewer (and whose day is quietest).

The calendar keeps every hard rule when it returns one; it returns ``None``
when a rule of thumb gets stuck (a week its officers cannot cover, a visit with
no free half-day). :func:`planner.solve` hands it to CP-SAT as a hint, and the
benchmark reports the ``earliest`` calendar as the baseline a solver must beat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from planner.calendar import Problem
from planner.calendar.problem import Week, day_of
from planner.solution import Calendar, MeetingDecision


def greedy_calendar(problem: Problem, strategy: str = "cheapest") -> Calendar | None:
    """A calendar keeping every hard rule, or ``None`` if the rules of thumb get stuck (see the module docstring)."""
    frame = greedy_frame(problem)
    if frame is None:
        return None
    away = Counter(frame.away)
    open_days = problem.days_open_for_visits
    visit_slots: dict[int, int] = {}
    for round_ in problem.rounds:
        tasks = sorted(round_.visits, key=lambda task: problem.facilities[problem.visits[task].facility].list_rank)
        if round_.sample_size is not None:
            tasks = sorted(tasks, key=lambda task: -problem.facilities[problem.visits[task].facility].open_findings)
            tasks = tasks[: round_.sample_size]
        for task in tasks:
            slots = [
                slot for slot in problem.visits[task].slots if day_of(slot) in open_days and frame.spare(slot, away[slot]) > 0
            ]
            if not slots:
                return None
            if strategy == "cheapest":

                def rise(slot: int) -> tuple[float, float, int]:
                    at_counter = frame.at_counter(slot, away[slot])
                    waiting = problem.visitor_minutes(slot, at_counter - 1) - problem.visitor_minutes(slot, at_counter)
                    return waiting + problem.day_demand[day_of(slot)], problem.day_demand[day_of(slot)], slot

                slots.sort(key=rise)
            visit_slots[task] = slots[0]
            away[slots[0]] += 1
    return Calendar(frame.duty, visit_slots, frame.meetings)


@dataclass(frozen=True)
class Frame:
    """A roster and every meeting placed: what visits are then fitted into."""

    problem: Problem
    duty: tuple[tuple[int, int], ...]
    meetings: tuple[MeetingDecision, ...]
    away: Counter[int]
    """Officers in a meeting, per slot."""
    lifted: frozenset[int]
    """Slots of an all-officer meeting: everyone is there, no visit can be."""

    @cached_property
    def on_duty(self) -> Counter[int]:
        return Counter(day for _, day in self.duty)

    def at_counter(self, slot: int, away: int) -> int:
        """Officers left at the counter in ``slot`` with ``away`` officers in meetings or out visiting."""
        return self.on_duty[day_of(slot)] - away

    def spare(self, slot: int, away: int) -> int:
        """Officers who could still leave the counter in ``slot`` (0 in an all-officer meeting's slot)."""
        if slot in self.lifted:
            return 0
        return max(0, self.at_counter(slot, away) - self.problem.day_floor(day_of(slot)))


def frame_of(problem: Problem, duty: tuple[tuple[int, int], ...], meetings: tuple[MeetingDecision, ...]) -> Frame:
    """The frame of a calendar's roster and meetings (an all-officer meeting counts its attendees, another its seats)."""
    away: Counter[int] = Counter()
    lifted: set[int] = set()
    for decision in meetings:
        seats = problem.meetings[decision.meeting].attendees
        for slot in decision.slots:
            away[slot] += len(decision.attendees) if seats is None else seats
            if seats is None:
                lifted.add(slot)
    return Frame(problem, tuple(sorted(duty)), tuple(sorted(meetings, key=lambda m: m.meeting)), away, frozenset(lifted))


def earliest_visits(problem: Problem, frame: Frame) -> dict[int, int] | None:
    """The earliest-free placement (the baseline of :mod:`planner.baseline`) in ``frame``: round by round, in
    list order (a sampled round: its first facilities), each visit at the first half-day of its window with
    an officer to spare; ``None`` where one finds none."""
    out: Counter[int] = Counter()
    visits: dict[int, int] = {}
    for round_ in problem.rounds:
        tasks = sorted(round_.visits, key=lambda task: problem.facilities[problem.visits[task].facility].list_rank)
        for task in tasks[: round_.sample_size] if round_.sample_size is not None else tasks:
            slot = next(
                (slot for slot in problem.visits[task].slots if frame.spare(slot, frame.away[slot] + out[slot]) > 0), None
            )
            if slot is None:
                return None
            visits[task] = slot
            out[slot] += 1
    return visits


def greedy_frame(problem: Problem, assign: WeekAssignment | None = None) -> Frame | None:
    """Steps 1 and 2 of the module docstring: the roster and every meeting, or ``None`` where they get stuck.

    ``assign`` gives each week's days their officers (:func:`assign_greedily` by default).
    """
    if problem.reference is not None or problem.conflicts:
        return None  # a re-plan's frozen history is the solver's to keep
    everyone_days = _all_officer_meeting_days(problem)
    if everyone_days is None:
        return None
    duty = _roster(problem, {day for day, _ in everyone_days.values()}, assign or assign_greedily)
    if duty is None:
        return None
    meetings = [
        MeetingDecision(
            index, day, meeting_slots, tuple(o for o, officer in enumerate(problem.officers) if day in officer.available_days)
        )
        for index, (day, meeting_slots) in everyone_days.items()
    ]
    frame = frame_of(problem, duty, tuple(meetings))
    away = Counter(frame.away)
    for index, meeting in enumerate(problem.meetings):
        if meeting.attendees is None:
            continue
        option = next(
            (
                option
                for option in meeting.options
                if all(frame.spare(slot, away[slot]) >= meeting.attendees for slot in option.slots)
            ),
            None,
        )
        if option is None:
            return None
        meetings.append(MeetingDecision(index, option.day, option.slots, ()))
        for slot in option.slots:
            away[slot] += meeting.attendees
    return frame_of(problem, duty, tuple(meetings))


def _all_officer_meeting_days(problem: Problem) -> dict[int, tuple[int, tuple[int, ...]]] | None:
    """Meeting index -> (day, slots) of each all-officer meeting: the quietest day of its window
    that holds no fixed-date meeting (an outreach occurrence) if there is one."""
    fixed_days = _fixed_meeting_days(problem)
    chosen: dict[int, tuple[int, tuple[int, ...]]] = {}
    taken_days: set[int] = set()
    for index, meeting in enumerate(problem.meetings):
        if meeting.attendees is not None:
            continue
        options = [
            option
            for option in meeting.options
            if option.day not in taken_days and _week_can_hold_everyone(problem, option.day, fixed_days)
        ]
        if not options:
            return None
        option = min(
            options, key=lambda option: (option.day in fixed_days, problem.day_demand[option.day], option.day, option.slots)
        )
        chosen[index] = (option.day, option.slots)
        taken_days.add(option.day)
    return chosen


def _fixed_meeting_days(problem: Problem) -> Counter[int]:
    """Day -> officers that meetings of N officers with only that day need (fixed dates, outreach)."""
    fixed: Counter[int] = Counter()
    for meeting in problem.meetings:
        if meeting.attendees is not None and len({option.day for option in meeting.options}) == 1:
            fixed[meeting.options[0].day] += meeting.attendees
    return fixed


def _week_can_hold_everyone(problem: Problem, day: int, fixed: Counter[int]) -> bool:
    """Can ``day``'s week give every available officer duty on ``day`` and keep the counter floor elsewhere,
    with the seats of its fixed-date meetings (a short week: Golden Week's Monday and Tuesday could not)?"""
    week = problem.weeks[problem.day_week[day]]
    everyone = problem.officers_available(day)
    return everyone + sum(problem.day_floor(other) + fixed[other] for other in week.days if other != day) <= week.duty_total


@dataclass(frozen=True)
class WeekNeeds:
    """Officers each day of a week may have: the week's duty total shared between its days."""

    least: dict[int, int]
    """Every available officer on an all-officer meeting's day; elsewhere the counter floor and fixed meetings' seats."""
    most: dict[int, int]
    """The day's headcount target (every available officer on a meeting's day), at most the officers available."""
    trimmed: dict[int, int] | None
    """``most`` cut, quietest days first, to the week's total (``None`` if that cannot reach it)."""


WeekAssignment = Callable[[Problem, Week, WeekNeeds], list[tuple[int, int]] | None]
"""Officers for a week's days: (officer, day) pairs within the needs and at the week's total, or ``None``."""


def assign_greedily(problem: Problem, week: Week, needs: WeekNeeds) -> list[tuple[int, int]] | None:
    """The trimmed needs; meeting days and the days with the fewest officers to choose from first, each to
    the available officers with the most days left this week; ``None`` where a day finds too few (it can,
    though another order or another trim would not: :func:`planner.solve.start.assign_by_flow` never does)."""
    if needs.trimmed is None:
        return None
    need = needs.trimmed
    available = {day: [o for o, officer in enumerate(problem.officers) if day in officer.available_days] for day in week.days}
    left = {
        o: min(officer.days_per_week, sum(day in officer.available_days for day in week.days))
        for o, officer in enumerate(problem.officers)
    }
    pairs = []
    for day in sorted(week.days, key=lambda day: (len(available[day]) - need[day], day)):
        ranked = sorted((o for o in available[day] if left[o] > 0), key=lambda o: (-left[o], o))
        if len(ranked) < need[day]:
            return None
        for officer in ranked[: need[day]]:
            left[officer] -= 1
            pairs.append((officer, day))
    return pairs


def _roster(problem: Problem, everyone_days: set[int], assign: WeekAssignment) -> tuple[tuple[int, int], ...] | None:
    """(officer, day) pairs on duty: each week at its duty total, everyone on the meeting days.

    A day holding a meeting of N officers that has no other day (a fixed date, an
    outreach occurrence) is not trimmed below the counter floor plus those N.
    """
    fixed = _fixed_meeting_days(problem)
    duty: list[tuple[int, int]] = []
    for week in problem.weeks:
        available = {day: problem.officers_available(day) for day in week.days}
        most = {
            day: available[day] if day in everyone_days else min(problem.day_target[day], available[day]) for day in week.days
        }
        least = {
            day: available[day] if day in everyone_days else min(most[day], problem.day_floor(day) + fixed[day])
            for day in week.days
        }
        need = dict(most)
        excess = sum(need.values()) - week.duty_total
        for day in sorted(week.days, key=lambda day: (problem.day_demand[day], -day)):
            if excess <= 0:
                break
            cut = min(excess, need[day] - least[day])
            if cut > 0:
                need[day] -= cut
                excess -= cut
        # excess != 0: fewer duty days than the targets ask, or more than the floors allow to cut
        pairs = assign(problem, week, WeekNeeds(least, most, need if excess == 0 else None))
        if pairs is None:
            return None
        duty += pairs
    return tuple(sorted(duty))
