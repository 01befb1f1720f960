"""Apply reported changes: a changed instance, and the published plan as a Reference.

Ids are checked here, so that a change naming an unknown officer, facility
or visit is a one-line input error (exit 2), not a solver failure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import ValidationError

from planner.calendar import SLOT_NAMES, Problem
from planner.calendar.problem import PublishedVisit, Reference
from planner.domain import DateRange, Instance
from planner.domain.demand import StaffPeriod
from planner.errors import InstanceError
from planner.io.errors import describe_validation_error
from planner.io.plan_files import PlanFiles
from planner.replan.changes import (
    Changes,
    CounterCovered,
    DutyPinned,
    FacilityClosed,
    FacilityOpened,
    MeetingPinned,
    OfficerAbsent,
    VisitConfirmed,
    VisitDone,
    VisitMissed,
    VisitMoved,
    VisitPinned,
)


def changed_instance(instance: Instance, changes: Changes, as_of: dt.date, source: str) -> Instance:
    """The instance with absences, closings and openings applied (absences count from ``as_of``)."""
    officers = {officer.id: officer for officer in instance.spec.officers}
    facilities = {facility.facility_id: facility for facility in instance.facilities}
    order = [facility.facility_id for facility in instance.facilities]
    covers: list[StaffPeriod] = []
    for index, change in enumerate(changes.changes):
        where = f"{source}: changes[{index}] ({change.kind})"
        if isinstance(change, OfficerAbsent):
            if change.officer not in officers:
                raise InstanceError(f"{where}: unknown officer {change.officer!r}")
            if change.end < change.start:
                raise InstanceError(f"{where}: end {change.end} is before start {change.start}")
            start = max(change.start, as_of)  # the past is history: its roster stays as published
            if start <= change.end:
                officer = officers[change.officer]
                officers[change.officer] = officer.model_copy(
                    update={"unavailable": [*officer.unavailable, DateRange(start=start, end=change.end)]}
                )
        elif isinstance(change, CounterCovered):
            if change.end < change.start:
                raise InstanceError(f"{where}: end {change.end} is before start {change.start}")
            covers.append(StaffPeriod(start=change.start, end=change.end, staff=change.staff))
        elif isinstance(change, FacilityClosed):
            if change.facility not in facilities:
                raise InstanceError(f"{where}: unknown facility {change.facility!r}")
            facilities[change.facility] = facilities[change.facility].model_copy(update={"closing_date": change.date})
        elif isinstance(change, FacilityOpened):
            new = change.facility
            if new.facility_id in facilities:
                raise InstanceError(f"{where}: facility {new.facility_id!r} already exists")
            facilities[new.facility_id] = new
            order.append(new.facility_id)
    counter = instance.spec.counter.model_copy(update={"extra_staff": [*instance.spec.counter.extra_staff, *covers]})
    spec = instance.spec.model_copy(update={"officers": [officers[o.id] for o in instance.spec.officers], "counter": counter})
    try:
        # Validate again: a cover may contradict an extra_staff row of the instance.
        return Instance.model_validate({"spec": spec.model_dump(), "facilities": [facilities[f] for f in order]})
    except ValidationError as error:
        raise InstanceError(f"{source}: {describe_validation_error(error, {})}") from None


def reference_of(
    problem: Problem, published: PlanFiles, changes: Changes, as_of: dt.date, source: str, until: dt.date | None = None
) -> Reference:
    """The published plan (and the visit reports) on ``problem``'s indices; ``until``: the last day that may change."""
    day_index = problem.day_index
    first_free = next((index for index, label in enumerate(problem.day_labels) if label >= as_of.isoformat()), problem.num_days)
    last_free = None
    if until is not None:
        if until < as_of:
            raise InstanceError(f"--until {until} is before --as-of {as_of}")
        last_free = max((index for index, label in enumerate(problem.day_labels) if label <= until.isoformat()), default=-1)
    span = Reference(first_free, frozenset(), {}, {}, frozenset(), {}, {}, last_free_day=last_free)
    officer_index = {officer.id: index for index, officer in enumerate(problem.officers)}
    task_index = {
        (problem.facilities[task.facility].id, problem.rounds[task.round].id): index for index, task in enumerate(problem.visits)
    }

    def slot_of(date: dt.date, slot: str) -> int | None:
        return problem.slot_at(date.isoformat(), slot)

    duty = frozenset(
        (officer_index[row.officer_id], day_index[row.date.isoformat()])
        for row in published.roster
        if row.officer_id in officer_index and row.date.isoformat() in day_index
    )
    visits: dict[int, PublishedVisit] = {}
    for row in published.visits:
        task = task_index.get((row.facility_id, row.round))
        slot = slot_of(row.date, row.slot)
        if task is None or slot is None or row.officer_id not in officer_index:
            continue  # a visit the changed instance no longer asks for (a closed facility's)
        visits[task] = PublishedVisit(officer_index[row.officer_id], slot, bool(row.announced))
    fixed: dict[int, tuple[int | None, tuple[int, ...]]] = {}
    redo: set[int] = set()
    for index, change in enumerate(changes.changes):
        if not isinstance(change, (VisitDone, VisitMissed, VisitMoved, VisitConfirmed, VisitPinned)):
            continue
        where = f"{source}: changes[{index}] ({change.kind} {change.facility}/{change.round})"
        task = task_index.get((change.facility, change.round))
        if task is None:
            raise InstanceError(f"{where}: no such visit in the instance (facility and round)")
        officer = None
        if isinstance(change, (VisitDone, VisitMoved, VisitPinned)) and change.officer is not None:
            if change.officer not in officer_index:
                raise InstanceError(f"{where}: unknown officer {change.officer!r}")
            officer = officer_index[change.officer]
        if isinstance(change, VisitMissed):
            if task not in visits:
                raise InstanceError(f"{where}: the published plan has no such visit")
            if visits[task].slot >= 2 * first_free:
                raise InstanceError(f"{where}: it was planned on or after --as-of; nothing was missed yet")
            redo.add(task)
        elif isinstance(change, VisitConfirmed):
            if task not in visits:
                raise InstanceError(f"{where}: the published plan has no such visit")
            fixed[task] = (None, (visits[task].slot,))
        elif isinstance(change, VisitPinned):
            fixed[task] = (officer, _pinned_slots(problem, task, change, span, where))
        else:
            date = change.date or (problem_date(problem, visits[task].slot) if task in visits else None)
            if date is None:
                raise InstanceError(f"{where}: give its date (the published plan has no such visit)")
            if isinstance(change, VisitDone) and date >= as_of:
                raise InstanceError(f"{where}: done on {date}, which is not before --as-of {as_of}")
            if isinstance(change, VisitMoved) and date < as_of:
                raise InstanceError(f"{where}: moved to {date}, which is before --as-of {as_of}")
            if isinstance(change, VisitMoved) and until is not None and date > until:
                raise InstanceError(f"{where}: moved to {date}, which is after --until {until}")
            slot_names = [change.slot] if change.slot else list(SLOT_NAMES)
            if change.slot is None and isinstance(change, VisitDone) and task in visits and change.date is None:
                slot_names = [SLOT_NAMES[visits[task].slot % 2]]
            slots = tuple(s for s in (slot_of(date, name) for name in slot_names) if s is not None)
            if not slots:
                raise InstanceError(f"{where}: {date} is not a working day")
            if officer is None and isinstance(change, VisitDone) and change.date is None and task in visits:
                officer = visits[task].officer  # done as published
            if isinstance(change, VisitDone):
                _check_done_fits_history(where, date, slots, officer, task, problem, duty, published, visits)
            fixed[task] = (officer, slots)
    meetings: dict[int, tuple[int, ...]] = {}
    attendees: dict[int, set[int]] = defaultdict(set)
    meeting_index = {meeting.id: index for index, meeting in enumerate(problem.meetings)}
    held: dict[int, set[int]] = defaultdict(set)
    for seat in published.meetings:
        task = meeting_index.get(seat.meeting_id)
        slot = slot_of(seat.date, seat.slot)
        if task is None or slot is None:
            continue
        held[task].add(slot)
        if seat.officer_id in officer_index:
            attendees[task].add(officer_index[seat.officer_id])
    for task, held_slots in held.items():
        meetings[task] = tuple(sorted(held_slots))
    pinned_meetings, pinned_duty = _pinned_meetings_and_duty(problem, changes, span, source)
    return Reference(
        first_free,
        duty,
        visits,
        fixed,
        frozenset(redo),
        meetings,
        {task: frozenset(people) for task, people in attendees.items()},
        pinned_meetings,
        pinned_duty,
        last_free,
    )


def _pinned_meetings_and_duty(
    problem: Problem, changes: Changes, span: Reference, source: str
) -> tuple[dict[int, int], frozenset[tuple[int, int]]]:
    """``meeting_pinned`` and ``duty_pinned`` on ``problem``'s indices (an unknown id or day is an input error)."""
    meeting_index = {meeting.id: index for index, meeting in enumerate(problem.meetings)}
    officer_index = {officer.id: index for index, officer in enumerate(problem.officers)}
    meetings: dict[int, int] = {}
    duty: set[tuple[int, int]] = set()
    for index, change in enumerate(changes.changes):
        if not isinstance(change, (MeetingPinned, DutyPinned)):
            continue
        where = f"{source}: changes[{index}] ({change.kind})"
        day = problem.day_index.get(change.date.isoformat())
        if day is None:
            raise InstanceError(f"{where}: {change.date} is not a working day")
        if span.is_history(day):
            raise InstanceError(f"{where}: pinned to {change.date}, outside the days the re-plan may change")
        if isinstance(change, MeetingPinned):
            if change.meeting not in meeting_index:
                raise InstanceError(f"{where}: unknown meeting {change.meeting!r}")
            meetings[meeting_index[change.meeting]] = day
        else:
            if change.officer not in officer_index:
                raise InstanceError(f"{where}: unknown officer {change.officer!r}")
            duty.add((officer_index[change.officer], day))
    return meetings, frozenset(duty)


def _pinned_slots(problem: Problem, task: int, pin: VisitPinned, span: Reference, where: str) -> tuple[int, ...]:
    """The half-days a pin leaves a visit: its date's (or its half-day), else its whole window from the first free day."""
    if pin.date is None and pin.slot is None and pin.officer is None:
        raise InstanceError(f"{where}: a pin needs a date, a slot or an officer")
    if pin.date is None:
        if pin.slot is not None:
            raise InstanceError(f"{where}: a pin to a half-day needs its date")
        open_slots = tuple(slot for slot in problem.visits[task].slots if not span.is_history(slot // 2))
        if not open_slots:
            raise InstanceError(f"{where}: no half-day of its window is among the days the re-plan may change")
        return open_slots
    halves = [pin.slot] if pin.slot is not None else list(SLOT_NAMES)
    slots = tuple(s for s in (problem.slot_at(pin.date.isoformat(), half) for half in halves) if s is not None)
    if not slots:
        raise InstanceError(f"{where}: {pin.date} is not a working day")
    if span.is_history(slots[0] // 2):
        raise InstanceError(f"{where}: pinned to {pin.date}, outside the days the re-plan may change")
    return slots


def _check_done_fits_history(
    where: str,
    date: dt.date,
    slots: tuple[int, ...],
    officer: int | None,
    task: int,
    problem: Problem,
    duty: frozenset[tuple[int, int]],
    published: PlanFiles,
    visits: dict[int, PublishedVisit],
) -> None:
    """A visit reported done must fit the published history: its officer on duty and free that half-day."""
    day = slots[0] // 2
    on_duty = sorted(problem.officers[o].id for o, d in duty if d == day)
    if officer is not None and (officer, day) not in duty:
        raise InstanceError(
            f"{where}: officer {problem.officers[officer].id} was not on duty on {date} in the published "
            f"plan (on duty: {', '.join(on_duty) or 'nobody'}); report the officer who made the visit"
        )
    if officer is None or len(slots) != 1:
        return
    busy = [
        f"visit {facility}/{round_}"
        for (facility, round_), other in (
            ((problem.facilities[problem.visits[t].facility].id, problem.rounds[problem.visits[t].round].id), v)
            for t, v in visits.items()
            if t != task
        )
        if (other.officer, other.slot) == (officer, slots[0])
    ]
    busy += [
        f"meeting {row.meeting_id}"
        for row in published.meetings
        if row.date == date and row.slot == SLOT_NAMES[slots[0] % 2] and row.officer_id == problem.officers[officer].id
    ]
    if busy:
        raise InstanceError(f"{where}: officer {problem.officers[officer].id} had {busy[0]} that half-day in the published plan")


def problem_date(problem: Problem, slot: int) -> dt.date:
    return dt.date.fromisoformat(problem.day_labels[slot // 2])
