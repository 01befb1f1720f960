"""Expand an instance into the index-based :class:`Problem` (pure, no solver).

This is where the shared semantics of DESIGN.md are applied once: working
days, half-day slots, the weekly duty totals, the counter's demand and
required staff per slot, the facility sets of each round with each visit's
window, and the ways each meeting can be held. Rules that visibly cannot all
hold (an empty window, more visits than free half-days) are collected in
``Problem.conflicts`` in words rather than left to the solver.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence

from planner.calendar.problem import (
    SLOT_MINUTES,
    FacilityInfo,
    MeetingOption,
    MeetingTask,
    OfficerInfo,
    Problem,
    RoundInfo,
    VisitTask,
    Week,
    slot_of,
)
from planner.calendar.outreach import outreach_meetings
from planner.calendar.workdays import is_national_holiday, non_working_reason, working_days
from planner.domain import WEEKDAY_KEYS, DateRange, Facility, Instance, InstanceSpec, Meeting, Round
from planner.domain.demand import DatedPeriod
from planner.errors import InstanceError
from planner.queueing import required_servers
from planner.queueing.transient import waiting_table


def expand(instance: Instance) -> Problem:
    """Turn ``instance`` into a :class:`Problem` on the slot grid of its fiscal year.

    Raises
    ------
    InstanceError
        For input that is well-formed but unusable, e.g. a meeting dated on a
        Sunday or a sample larger than its round's facility set.
    """
    spec = instance.spec
    days = working_days(spec.year, spec.closures)
    if not days:
        raise InstanceError(f"fiscal_year {spec.fiscal_year}: no working day left after closures")
    day_index = {day: index for index, day in enumerate(days)}
    officers = _officers(spec, days)
    weeks, day_week = _weeks(spec, days, officers)
    day_demand = _with_effects(spec, days, _day_values(spec.counter.demand, days, "per_day", 0.0))
    day_staff = _day_values(spec.counter.extra_staff, days, "staff", 0)
    slot_arrivals = tuple(
        day_demand[day] * SLOT_MINUTES[half] / sum(SLOT_MINUTES) for day in range(len(days)) for half in (0, 1)
    )
    service = spec.counter.service
    slot_required = tuple(
        required_servers(arrivals, SLOT_MINUTES[slot % 2], service.aht_minutes, service.answer_within_minutes, service.service_level)
        for slot, arrivals in enumerate(slot_arrivals)
    )
    slot_waiting = tuple(
        tuple(round(cost) for cost in waiting_table(
            arrivals, SLOT_MINUTES[slot % 2], len(officers) + int(day_staff[slot // 2]), service.aht_minutes,
            service.patience_minutes,
        )[int(day_staff[slot // 2]):])
        for slot, arrivals in enumerate(slot_arrivals)
    )
    facilities = _facilities(instance.facilities)
    rounds, visits, conflicts = _rounds(spec, instance.facilities, days, day_index)
    meetings, meeting_conflicts = _meetings(spec, [*spec.meetings, *outreach_meetings(spec, days)], days, day_index,
                                            officers)
    day_target = tuple(spec.staffing.headcount.for_weekday(day.weekday()) for day in days)
    # Only a week that can hold a meeting may move duty days (see add_headcount_targets).
    meeting_weeks = {day_week[option.day] for meeting in meetings for option in meeting.options}
    available = [sum(index in officer.available_days for officer in officers) for index in range(len(days))]
    day_max_on_duty = tuple(
        available[index] if day_week[index] in meeting_weeks else min(day_target[index], available[index])
        for index in range(len(days))
    )
    problem = Problem(
        name=spec.name,
        fiscal_year=spec.fiscal_year,
        day_labels=tuple(day.isoformat() for day in days),
        day_weekday=tuple(day.weekday() for day in days),
        day_week=day_week,
        day_target=day_target,
        day_demand=day_demand,
        day_max_on_duty=day_max_on_duty,
        weeks=weeks,
        officers=officers,
        counter_min=spec.staffing.counter_min,
        service=service,
        slot_arrivals=slot_arrivals,
        slot_required=slot_required,
        slot_other_staff=tuple(int(day_staff[slot // 2]) for slot in range(2 * len(days))),
        slot_waiting=slot_waiting,
        facilities=facilities,
        rounds=rounds,
        visits=visits,
        meetings=meetings,
        weights=spec.weights,
    )
    conflicts += (meeting_conflicts + _floor_conflicts(problem) + _capacity_conflicts(problem)
                  + _all_officer_meeting_conflicts(problem))
    if conflicts:
        problem = dataclasses.replace(problem, conflicts=tuple(conflicts))
    return problem


def _officers(spec: InstanceSpec, days: Sequence[dt.date]) -> tuple[OfficerInfo, ...]:
    result = []
    for officer in spec.officers:
        away = {day for absence in officer.unavailable for day in absence.days()}
        available = frozenset(index for index, day in enumerate(days) if day not in away)
        per_week: dict[tuple[int, int], int] = {}
        for index in available:
            key = days[index].isocalendar()[:2]
            per_week[key] = per_week.get(key, 0) + 1
        capacity = sum(min(officer.days_per_week, count) for count in per_week.values())
        result.append(OfficerInfo(officer.id, officer.label, officer.days_per_week, available, capacity))
    return tuple(result)


def _weeks(
    spec: InstanceSpec, days: Sequence[dt.date], officers: Sequence[OfficerInfo]
) -> tuple[tuple[Week, ...], tuple[int, ...]]:
    """ISO weeks (cut at the fiscal year's ends) with their duty totals.

    The total is ``min(targets, capacity)``; capacity is the maximum flow from
    officers (``days_per_week`` each, one duty a day, available days only) to
    days (at most their target), computed by its min-cut formula: over every
    set S of the week's days, ``sum(target of days outside S) +
    sum over officers of min(days_per_week, available days in S)``.
    """
    weeks: list[Week] = []
    day_week: list[int] = []
    for _, group in itertools.groupby(range(len(days)), key=lambda index: days[index].isocalendar()[:2]):
        members = tuple(group)
        targets = {day: spec.staffing.headcount.for_weekday(days[day].weekday()) for day in members}
        capacity = min(
            sum(targets[day] for day in members if day not in chosen)
            + sum(min(officer.days_per_week, len(officer.available_days.intersection(chosen))) for officer in officers)
            for size in range(len(members) + 1)
            for chosen in map(set, itertools.combinations(members, size))
        )
        target_total = sum(targets.values())
        weeks.append(Week(members, target_total, min(target_total, capacity)))
        day_week.extend([len(weeks) - 1] * len(members))
    return tuple(weeks), tuple(day_week)


def _day_values(periods: Sequence[DatedPeriod], days: Sequence[dt.date], field: str, default: float) -> tuple[float, ...]:
    """A per-working-day figure from dated periods; later rows override earlier ones."""
    values = [default] * len(days)
    for period in periods:
        for index, day in enumerate(days):
            if period.first <= day <= period.last:
                values[index] = getattr(period, field)
    return tuple(values)


def _with_effects(spec: InstanceSpec, days: Sequence[dt.date], per_day: Sequence[float]) -> tuple[float, ...]:
    """Apply ``counter.effects``: weekday factors, the day after a holiday, ramps to deadlines."""
    effects = spec.counter.effects
    closed = {day for closure in spec.closures for day in closure.days()}
    weekday_factors = effects.weekday.model_dump()
    factors = [weekday_factors[WEEKDAY_KEYS[day.weekday()]] for day in days]
    if effects.after_holiday != 1.0:
        for index, day in enumerate(days):
            if _follows_a_holiday(day, closed):
                factors[index] *= effects.after_holiday
    for ramp in effects.ramps:
        before = [index for index, day in enumerate(days) if day < ramp.deadline][-ramp.days:]
        for step, index in enumerate(before, start=1):  # the last working day before the deadline: step = days
            factors[index] *= 1 + (ramp.peak - 1) * step / ramp.days
    return tuple(value * factor for value, factor in zip(per_day, factors))


def _follows_a_holiday(day: dt.date, closed: set[dt.date]) -> bool:
    """Whether the office was shut for a holiday or closure just before ``day`` (a weekend alone does not count)."""
    previous = day - dt.timedelta(days=1)
    while previous.weekday() >= 5 or previous in closed or is_national_holiday(previous):
        if previous in closed or is_national_holiday(previous):
            return True
        previous -= dt.timedelta(days=1)
    return False


def _facilities(facilities: Sequence[Facility]) -> tuple[FacilityInfo, ...]:
    block_order: dict[str, int] = {}
    for facility in facilities:
        block_order.setdefault(facility.block, len(block_order))
    return tuple(
        FacilityInfo(f.facility_id, f.name, f.block, rank, block_order[f.block], f.open_findings)
        for rank, f in enumerate(facilities)
    )


def facility_set(round_: Round, facilities: Sequence[Facility], year: DateRange) -> list[int]:
    """Indices of the facilities a round applies to (DESIGN.md, "Rounds")."""
    members = []
    for index, facility in enumerate(facilities):
        opening = facility.opening_date
        if round_.applies_to == "new":
            included = facility.category == "community" and opening is not None and opening in year
        elif round_.applies_to == "existing_community":
            included = facility.category == "community" and (opening is None or opening < year.start)
        else:
            window_end = round_.window.end if isinstance(round_.window, DateRange) else year.end
            included = facility.category == "unlicensed" and (opening is None or opening <= window_end)
        if included and facility.closing_date is not None:
            window_start = round_.window.start if isinstance(round_.window, DateRange) else opening
            included = window_start is None or facility.closing_date > window_start
        if included:
            members.append(index)
    return members


def visit_window(round_: Round, facility: Facility) -> DateRange | None:
    """Calendar days a facility's visit may fall on; ``None`` if none is left."""
    opening = facility.opening_date
    if round_.window == "opening_month":
        assert opening is not None  # validated: opening_month is for new facilities only
        next_month = (opening.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        start, end = opening, next_month - dt.timedelta(days=1)
    else:
        start = max(round_.window.start, opening) if opening is not None else round_.window.start
        end = round_.window.end
    if facility.closing_date is not None:
        end = min(end, facility.closing_date - dt.timedelta(days=1))
    return DateRange(start=start, end=end) if start <= end else None


def _rounds(
    spec: InstanceSpec, facilities: Sequence[Facility], days: Sequence[dt.date], day_index: dict[dt.date, int]
) -> tuple[tuple[RoundInfo, ...], tuple[VisitTask, ...], list[str]]:
    rounds: list[RoundInfo] = []
    visits: list[VisitTask] = []
    conflicts: list[str] = []
    for round_index, round_ in enumerate(spec.rounds):
        members = facility_set(round_, facilities, spec.year)
        if round_.sample_size is not None and round_.sample_size > len(members):
            raise InstanceError(
                f"instance.yaml: rounds[{round_.id}].sample_size: {round_.sample_size} facilities asked "
                f"but {round_.applies_to} has only {len(members)}"
            )
        visit_indices = []
        for member in members:
            facility = facilities[member]
            window = visit_window(round_, facility)
            slots = (
                tuple(slot_of(day_index[day], half) for day in days if day in window for half in (0, 1))
                if window is not None
                else ()
            )
            if not slots:
                span = f"{window.start}..{window.end}" if window is not None else "its window"
                conflicts.append(
                    f"round {round_.id}: facility {facility.facility_id} ({facility.name}) must be visited "
                    f"in {span}, which holds no working day"
                )
                continue
            visit_indices.append(len(visits))
            visits.append(VisitTask(member, round_index, slots))
        rounds.append(RoundInfo(round_.id, round_.announced, round_.sample_size, tuple(visit_indices)))
    return tuple(rounds), tuple(visits), conflicts


def _meetings(
    spec: InstanceSpec, all_meetings: Sequence[Meeting], days: Sequence[dt.date], day_index: dict[dt.date, int],
    officers: Sequence[OfficerInfo],
) -> tuple[tuple[MeetingTask, ...], list[str]]:
    """Each meeting (outreach occurrences included) with the ways it can be held."""
    tasks = []
    conflicts: list[str] = []
    for meeting in all_meetings:
        candidates = _meeting_days(meeting, spec, days)
        halves = {"am": ((0,),), "pm": ((1,),), "day": ((0, 1),), None: ((0,), (1,))}[meeting.slot]
        options: list[MeetingOption] = []
        for day in candidates:
            index = day_index[day]
            present = sum(index in officer.available_days for officer in officers)
            if isinstance(meeting.attendees, int) and present < meeting.attendees:
                continue
            options.extend(MeetingOption(index, tuple(slot_of(index, half) for half in pair)) for pair in halves)
        if not options:
            conflicts.append(
                f"meeting {meeting.id}: needs {meeting.attendees} officers on one day of "
                f"{candidates[0]}..{candidates[-1]}, but no such day has that many available"
            )
            continue
        tasks.append(
            MeetingTask(meeting.id, meeting.kind, None if meeting.for_all else int(meeting.attendees), tuple(options))
        )
    return tuple(tasks), conflicts


def _meeting_days(meeting: Meeting, spec: InstanceSpec, days: Sequence[dt.date]) -> list[dt.date]:
    if meeting.date is not None:
        reason = non_working_reason(meeting.date, spec.closures)
        if reason is not None:
            raise InstanceError(f"instance.yaml: meetings[{meeting.id}].date: {meeting.date} is not a working day ({reason})")
        return [meeting.date]
    assert meeting.window is not None
    candidates = [day for day in days if day in meeting.window]
    if not candidates:
        raise InstanceError(
            f"instance.yaml: meetings[{meeting.id}].window: {meeting.window.start}..{meeting.window.end} holds no working day"
        )
    return candidates


def _floor_conflicts(problem: Problem) -> list[str]:
    """Days that can never have ``counter_min`` officers on duty.

    Only an all-officer meeting lifts the floor, and only in its own slot, so a
    day whose most officers on duty fall below the floor breaks it for sure
    (e.g. ``headcount.thu: 0`` with ``counter_min: 1``). One line per weekday.
    """
    short: dict[int, list[int]] = {}
    for day, most in enumerate(problem.day_max_on_duty):
        if most < problem.day_floor(day):
            short.setdefault(problem.day_weekday[day], []).append(day)
    names = ("mon", "tue", "wed", "thu", "fri")
    return [
        f"counter floor: on {len(days)} {names[weekday]} day(s) from {problem.day_labels[days[0]]} at most "
        f"{problem.day_max_on_duty[days[0]]} officer(s) can be on duty (headcount.{names[weekday]} "
        f"{problem.day_target[days[0]]}, or officers unavailable), below counter_min {problem.counter_min}"
        for weekday, days in sorted(short.items())
    ]


def _capacity_conflicts(problem: Problem) -> list[str]:
    """Hall-type check: visits forced into a span vs. free officer half-days there.

    For every span [a, b] between a window start and a window end, the visits
    whose windows lie inside it must fit the officer half-days free beside the
    counter floor. The count of free half-days is an upper bound (it ignores
    meetings), so a conflict reported here is certain.
    """
    demands: list[tuple[int, int, int, str]] = []  # (first slot, last slot, officer half-days, round or meeting)
    for round_ in problem.rounds:
        windows = [problem.visits[visit].slots for visit in round_.visits]
        if round_.sample_size is not None and windows:
            demands.append((min(w[0] for w in windows), max(w[-1] for w in windows), round_.sample_size, f"round {round_.id}"))
        else:
            demands.extend((window[0], window[-1], 1, f"round {round_.id}") for window in windows)
    for meeting in problem.meetings:
        # A meeting of N officers takes N officer half-days per half-day it lasts, like N visits.
        if meeting.attendees is not None and meeting.options:
            demands.append((min(o.slots[0] for o in meeting.options), max(o.slots[-1] for o in meeting.options),
                            meeting.attendees * min(len(o.slots) for o in meeting.options), f"meeting {meeting.id}"))
    starts = sorted({demand[0] for demand in demands})
    ends = sorted({demand[1] for demand in demands})
    conflicts = []
    for first, last in itertools.product(starts, ends):
        inside = [demand for demand in demands if first <= demand[0] and demand[1] <= last]
        needed = sum(demand[2] for demand in inside)
        if not inside or needed == 0:
            continue
        free = _free_half_days(problem, first // 2, last // 2)
        if needed > free:
            labels = sorted({demand[3] for demand in inside})
            rounds = [label.removeprefix("round ") for label in labels if label.startswith("round ")]
            meetings = [label.removeprefix("meeting ") for label in labels if label.startswith("meeting ")]
            names = " and ".join(part for part in (f"rounds {', '.join(rounds)}" if rounds else "",
                                                   f"meetings {', '.join(meetings)}" if meetings else "") if part)
            visits = sum(demand[2] for demand in inside if demand[3].startswith("round "))
            what = (f"{needed} visits" if visits == needed else f"{needed} officer half-days for meetings" if visits == 0
                    else f"{needed} officer half-days ({visits} for visits, {needed - visits} for meetings)")
            conflicts.append(
                f"{names}: {what} must fall between {problem.day_labels[first // 2]} and "
                f"{problem.day_labels[last // 2]}, but at most {free} officer half-days are free there "
                f"beside the counter floor (counter_min={problem.counter_min})"
            )
    return conflicts


def _days_with_everyone(problem: Problem, week: int) -> int:
    """Most days of a week on which every available officer can be on duty.

    Such a day takes one duty day of each available officer; every other day
    still needs its counter floor; the week's duty days are fixed
    (``Week.duty_total``), and nobody works more than ``days_per_week``.
    """
    days = problem.weeks[week].days
    everyone = {day: [o for o in problem.officers if day in o.available_days] for day in days}
    budget = problem.weeks[week].duty_total - sum(problem.day_floor(day) for day in days)
    count = 0
    for day in sorted(days, key=lambda day: len(everyone[day])):
        extra = len(everyone[day]) - problem.day_floor(day)
        if not everyone[day] or extra > budget:
            continue
        budget -= extra
        count += 1
    # Officers there all week are on duty on every such day: no more of them than their days a week.
    steady = [o.days_per_week for o in problem.officers if all(day in o.available_days for day in days)]
    return min([count, *steady])


def _all_officer_meeting_conflicts(problem: Problem) -> list[str]:
    """Hall-type check for ``attendees: all`` meetings: half-days with every officer on duty.

    Two such meetings never share a half-day (an officer does one thing at a
    time), so the meetings whose possible days all lie in a span of weeks need
    that many half-days with everyone on duty there: at most two a day, on at
    most :func:`_days_with_everyone` days a week.
    """
    spans = []
    for meeting in problem.meetings:
        if meeting.attendees is not None or not meeting.options:
            continue
        weeks = [problem.day_week[option.day] for option in meeting.options]
        spans.append((min(weeks), max(weeks), min(len(option.slots) for option in meeting.options), meeting.id))
    conflicts = []
    reported: set[tuple[str, ...]] = set()
    for first, last in sorted({(a[0], b[1]) for a in spans for b in spans if a[0] <= b[1]}):
        inside = [span for span in spans if first <= span[0] and span[1] <= last]
        needed = sum(span[2] for span in inside)
        capacity = {week: _days_with_everyone(problem, week) for week in range(first, last + 1)}
        available = 2 * sum(capacity.values())
        names = tuple(sorted(span[3] for span in inside))
        if needed > available and names not in reported:
            reported.add(names)
            start, end = problem.weeks[first].days[0], problem.weeks[last].days[-1]
            conflicts.append(
                f"meetings {', '.join(names)} (all officers) must be held between {problem.day_labels[start]} and "
                f"{problem.day_labels[end]}, {needed} half-day(s) with every officer on duty, but the duty days "
                f"there allow at most {sum(capacity.values())} day(s) with everyone on duty beside the counter floor "
                f"({available} half-days)"
            )
    return conflicts


def _free_half_days(problem: Problem, first_day: int, last_day: int) -> int:
    floor = problem.day_floor
    available = problem.day_max_on_duty
    free = 0
    for week in problem.weeks:
        inside = [day for day in week.days if first_day <= day <= last_day]
        if not inside:
            continue
        reserved = sum(min(floor(day), available[day]) for day in week.days if day not in inside)
        by_day = sum(max(0, available[day] - floor(day)) for day in inside)
        by_week = min(week.duty_total - reserved, sum(available[day] for day in inside)) - sum(floor(day) for day in inside)
        free += 2 * max(0, min(by_day, by_week))
    return free
