"""The instance: the rules of the year (``instance.yaml``) and the facilities."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections.abc import Iterable
from typing import Annotated

from pydantic import Field, model_validator

from planner.domain.base import DateOrRange, DateRange, PlannerModel
from planner.domain.demand import Counter
from planner.domain.resources import Facility, Officer
from planner.domain.rules import Meeting, Outreach, Round, Staffing, Weights


def fiscal_year_range(fiscal_year: int) -> DateRange:
    """Japanese fiscal year ``N``: 1 April N to 31 March N+1."""
    return DateRange(start=dt.date(fiscal_year, 4, 1), end=dt.date(fiscal_year + 1, 3, 31))


def _duplicates(ids: Iterable[str]) -> list[str]:
    return sorted(key for key, count in Tally(ids).items() if count > 1)


class InstanceSpec(PlannerModel):
    """``instance.yaml``: every key of contract v1 plus the optional ``weights``."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    fiscal_year: Annotated[int, Field(ge=1990, le=2100)]
    closures: list[DateOrRange] = []
    officers: Annotated[list[Officer], Field(min_length=1)]
    staffing: Staffing
    counter: Counter
    rounds: list[Round] = []
    meetings: list[Meeting] = []
    outreach: list[Outreach] = []
    """Recurring duties away from the office (optional; see :class:`~planner.domain.rules.Outreach`)."""
    weights: Weights = Weights()
    issuer: str = ""
    """Who sends the facility notices (e.g. 西東京市 保育課); printed on them and in calendars."""

    @property
    def year(self) -> DateRange:
        return fiscal_year_range(self.fiscal_year)

    @property
    def application_season(self) -> DateRange:
        """``counter.season``, or October-November of the fiscal year (the city's nursery application season)."""
        season = self.counter.season
        return (
            season
            if season is not None
            else DateRange(start=dt.date(self.fiscal_year, 10, 1), end=dt.date(self.fiscal_year, 11, 30))
        )

    @model_validator(mode="after")
    def _consistent(self) -> InstanceSpec:
        for key, items in (
            ("officers", self.officers),
            ("rounds", self.rounds),
            ("meetings", self.meetings),
            ("outreach", self.outreach),
        ):
            repeated = _duplicates(item.id for item in items)
            if repeated:
                raise ValueError(f"{key}: duplicate id {repeated[0]!r}")
        for duty in self.outreach:
            if duty.officers > len(self.officers):
                raise ValueError(
                    f"outreach[{duty.id}].officers: {duty.officers} officers asked but the team has only {len(self.officers)}"
                )
        for meeting in self.meetings:
            if isinstance(meeting.attendees, int) and meeting.attendees > len(self.officers):
                raise ValueError(
                    f"meetings[{meeting.id}].attendees: {meeting.attendees} officers asked "
                    f"but the team has only {len(self.officers)}"
                )
        for key, first, last in self._dated_keys():
            if first < self.year.start or last > self.year.end:
                raise ValueError(
                    f"{key}: {first}..{last} lies outside fiscal year {self.fiscal_year} ({self.year.start}..{self.year.end})"
                )
        return self

    def _dated_keys(self) -> Iterable[tuple[str, dt.date, dt.date]]:
        for index, closure in enumerate(self.closures):
            yield f"closures[{index}]", closure.start, closure.end
        for officer in self.officers:
            for index, absence in enumerate(officer.unavailable):
                yield f"officers[{officer.id}].unavailable[{index}]", absence.start, absence.end
        for index, period in enumerate(self.counter.demand):
            yield f"counter.demand[{index}]", period.first, period.last
        for index, staff in enumerate(self.counter.extra_staff):
            yield f"counter.extra_staff[{index}]", staff.first, staff.last
        if self.counter.season is not None:
            yield "counter.season", self.counter.season.start, self.counter.season.end
        for index, ramp in enumerate(self.counter.effects.ramps):
            yield f"counter.effects.ramps[{index}].deadline", ramp.deadline, ramp.deadline
        for round_ in self.rounds:
            if isinstance(round_.window, DateRange):
                yield f"rounds[{round_.id}].window", round_.window.start, round_.window.end
        for duty in self.outreach:
            if duty.start is not None:
                yield f"outreach[{duty.id}].start", duty.start, duty.start
            if duty.end is not None:
                yield f"outreach[{duty.id}].end", duty.end, duty.end
        for meeting in self.meetings:
            if meeting.date is not None:
                yield f"meetings[{meeting.id}].date", meeting.date, meeting.date
            if meeting.window is not None:
                yield f"meetings[{meeting.id}].window", meeting.window.start, meeting.window.end


class Instance(PlannerModel):
    """A whole instance: the spec and the facilities, checked against each other."""

    spec: InstanceSpec
    facilities: list[Facility]

    @model_validator(mode="after")
    def _unique_facilities(self) -> Instance:
        repeated = _duplicates(facility.facility_id for facility in self.facilities)
        if repeated:
            raise ValueError(f"facilities.csv: duplicate facility_id {repeated[0]!r}")
        return self

    @property
    def name(self) -> str:
        return self.spec.name
