"""The plan as people read it: rows joined with the instance's names, day by day.

Every document (calendars, workbook, notices, report) reads the plan through a
:class:`PlanView`, so that "what does officer A do on the morning of 10 May" has
one answer everywhere.  Facility-facing documents may only use
:meth:`PlanView.announced_visits_of`: it is the one door through which visit
dates reach a facility, and it never lets an unannounced visit through.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from planner.calendar.outreach import meetings_with_outreach
from planner.calendar.workdays import holiday_name
from planner.documents.labels import meeting_label, round_label
from planner.domain import Facility, Instance, Meeting, Officer, Round
from planner.plan import CounterRow, Plan, VisitRow

SLOTS = ("am", "pm")


@dataclass(frozen=True)
class Activity:
    """What an officer on duty does in one half-day."""

    kind: str
    """``visit``, ``meeting`` or ``counter``."""
    visit: VisitRow | None = None
    meeting: Meeting | None = None


@dataclass(frozen=True)
class MonthDays:
    first: dt.date
    days: tuple[dt.date, ...]


class PlanView:
    """Look-ups over one plan of one instance (dates as :class:`datetime.date`)."""

    def __init__(self, instance: Instance, plan: Plan) -> None:
        if plan.name != instance.name:
            raise ValueError(f"the plan is for instance {plan.name!r}, not {instance.name!r}")
        self.instance = instance
        self.plan = plan
        self.officers: tuple[Officer, ...] = tuple(instance.spec.officers)
        self.facilities: dict[str, Facility] = {f.facility_id: f for f in instance.facilities}
        self.rounds: dict[str, Round] = {r.id: r for r in instance.spec.rounds}
        # Outreach occurrences are meetings in the plan's files (id ``<rule>@<date>``).
        self.meeting_specs: dict[str, Meeting] = {m.id: m for m in meetings_with_outreach(instance.spec)}
        self._closed = {day for closure in instance.spec.closures for day in closure.days()}
        self._on_duty = {(dt.date.fromisoformat(row.date), row.officer_id) for row in plan.roster}
        self._activity: dict[tuple[dt.date, str, str], Activity] = {}
        for visit in plan.visits:
            self._activity[(dt.date.fromisoformat(visit.date), visit.slot, visit.officer_id)] = Activity("visit", visit=visit)
        for row in plan.meetings:
            self._activity[(dt.date.fromisoformat(row.date), row.slot, row.officer_id)] = Activity(
                "meeting", meeting=self.meeting_specs[row.meeting_id]
            )
        self._counter = {(dt.date.fromisoformat(row.date), row.slot): row for row in plan.counter}

    # -- names -------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.instance.name

    @property
    def issuer(self) -> str:
        return self.instance.spec.issuer

    def officer_label(self, officer_id: str) -> str:
        return next((o.label for o in self.officers if o.id == officer_id), officer_id)

    def round_label(self, round_id: str) -> str:
        return round_label(self.rounds[round_id])

    def meeting_label(self, meeting_id: str) -> str:
        return meeting_label(self.meeting_specs[meeting_id])

    # -- days --------------------------------------------------------------
    @cached_property
    def year_days(self) -> tuple[dt.date, ...]:
        year = self.instance.spec.year
        return tuple(year.days())

    @cached_property
    def months(self) -> tuple[MonthDays, ...]:
        by_month: dict[dt.date, list[dt.date]] = defaultdict(list)
        for day in self.year_days:
            by_month[day.replace(day=1)].append(day)
        return tuple(MonthDays(first, tuple(days)) for first, days in sorted(by_month.items()))

    def day_off(self, day: dt.date) -> str | None:
        """Why the office is closed on ``day``, in Japanese (``None`` on a working day)."""
        name = holiday_name(day)
        if name:
            return name
        if day.weekday() >= 5:
            return "土曜日" if day.weekday() == 5 else "日曜日"
        if day in self._closed:
            return "閉庁日"
        return None

    def is_unavailable(self, officer_id: str, day: dt.date) -> bool:
        officer = next(o for o in self.officers if o.id == officer_id)
        return any(day in absence for absence in officer.unavailable)

    # -- what happens ------------------------------------------------------
    def duty_days(self) -> set[tuple[dt.date, str]]:
        """Every (day, officer id) on duty."""
        return set(self._on_duty)

    def on_duty(self, day: dt.date, officer_id: str) -> bool:
        return (day, officer_id) in self._on_duty

    def activity(self, day: dt.date, slot: str, officer_id: str) -> Activity | None:
        """What ``officer_id`` does in that half-day (``None`` when off duty)."""
        if not self.on_duty(day, officer_id):
            return None
        return self._activity.get((day, slot, officer_id), Activity("counter"))

    def counter_row(self, day: dt.date, slot: str) -> CounterRow | None:
        return self._counter.get((day, slot))

    def announced_visits_of(self, facility_id: str) -> list[VisitRow]:
        """The visits a facility may be told about: its announced ones only."""
        return [visit for visit in self.plan.visits if visit.facility_id == facility_id and visit.announced]

    def meeting_days(self) -> dict[str, list[tuple[dt.date, str, list[str]]]]:
        """Per meeting: (date, slot, attendee ids) in date order."""
        return self._meeting_days

    @cached_property
    def _meeting_days(self) -> dict[str, list[tuple[dt.date, str, list[str]]]]:
        grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for row in self.plan.meetings:
            grouped[(row.meeting_id, row.date, row.slot)].append(row.officer_id)
        result: dict[str, list[tuple[dt.date, str, list[str]]]] = defaultdict(list)
        for (meeting_id, date, slot), officers in sorted(grouped.items(), key=lambda item: (item[0][1], item[0][2])):
            result[meeting_id].append((dt.date.fromisoformat(date), slot, sorted(officers)))
        return dict(result)

    def workload(self) -> dict[str, dict[str, int]]:
        """Per officer: duty days, visits, meeting half-days, counter half-days."""
        table = {o.id: {"duty_days": 0, "visits": 0, "meeting_half_days": 0, "counter_half_days": 0} for o in self.officers}
        for day, officer_id in self._on_duty:
            table[officer_id]["duty_days"] += 1
            for slot in SLOTS:
                activity = self.activity(day, slot, officer_id)
                assert activity is not None
                key = {"visit": "visits", "meeting": "meeting_half_days", "counter": "counter_half_days"}[activity.kind]
                table[officer_id][key] += 1
        return table
