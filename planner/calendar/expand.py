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

from planner.calendar.conflicts import presolve_conflicts
from planner.calendar.demand import counter_figures
from planner.calendar.outreach import outreach_meetings
from planner.calendar.problem import (
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
from planner.calendar.workdays import non_working_reason, working_days
from planner.domain import DateRange, Facility, Instance, InstanceSpec, Meeting, Round
from planner.errors import InstanceError


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
    counter = counter_figures(spec, days, len(officers))
    facilities = _facilities(instance.facilities)
    rounds, visits, conflicts = _rounds(spec, instance.facilities, days, day_index)
    meetings, meeting_conflicts = _meetings(spec, [*spec.meetings, *outreach_meetings(spec, days)], days, day_index, officers)
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
        day_demand=counter.day_demand,
        day_max_on_duty=day_max_on_duty,
        weeks=weeks,
        officers=officers,
        counter_min=spec.staffing.counter_min,
        service=spec.counter.service,
        slot_arrivals=counter.slot_arrivals,
        slot_required=counter.slot_required,
        slot_other_staff=counter.slot_other_staff,
        slot_waiting=counter.slot_waiting,
        facilities=facilities,
        rounds=rounds,
        visits=visits,
        meetings=meetings,
        weights=spec.weights,
        season=(spec.application_season.start.isoformat(), spec.application_season.end.isoformat()),
        deadline_weeks=frozenset(
            day_week[index] for ramp in spec.counter.effects.ramps for index, day in enumerate(days) if day == ramp.deadline
        ),
    )
    conflicts += meeting_conflicts + presolve_conflicts(problem)
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


def _facilities(facilities: Sequence[Facility]) -> tuple[FacilityInfo, ...]:
    block_order: dict[str, int] = {}
    for facility in facilities:
        block_order.setdefault(facility.block, len(block_order))
    return tuple(
        FacilityInfo(f.facility_id, f.name, f.block, rank, block_order[f.block], f.open_findings)
        for rank, f in enumerate(facilities)
    )


def facility_set(round_: Round, facilities: Sequence[Facility], year: DateRange) -> list[int]:
    """Indices of the facilities a round applies to (DESIGN.md, "Rounds").

    ``new``: community facilities whose opening date lies inside the year;
    ``existing_community``: community facilities with no opening date or one
    before 1 April; ``unlicensed``: unlicensed facilities open before the
    window ends. A facility that closes on or before the window opens is left out.
    """
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
    """Calendar days a facility's visit may fall on; ``None`` if none is left.

    ``opening_month``: from the opening date to the end of that month (a new
    facility is visited in its opening month); otherwise the round's window,
    from the opening date on; in both, until the day before the facility closes.
    """
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
    spec: InstanceSpec,
    all_meetings: Sequence[Meeting],
    days: Sequence[dt.date],
    day_index: dict[dt.date, int],
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
        tasks.append(MeetingTask(meeting.id, meeting.kind, None if meeting.for_all else int(meeting.attendees), tuple(options)))
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
