"""Counter demand: expected walk-ins and the service target the counter aims for."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from planner.domain.base import DateRange, IsoDate, PlannerModel


class ServiceTarget(PlannerModel):
    """Queueing figures of the counter: "answer ``service_level`` within ``answer_within_minutes``"."""

    aht_minutes: Annotated[float, Field(gt=0)]
    answer_within_minutes: Annotated[float, Field(ge=0)]
    service_level: Annotated[float, Field(gt=0, le=1)]
    patience_minutes: Annotated[float, Field(gt=0)] | None = None
    """Mean time a queued visitor waits before giving up (Erlang A); ``None``: nobody leaves (Erlang C).
    It shapes the waiting cost and the reported service level; ``required_officers`` stays Erlang C (contract)."""


class DatedPeriod(PlannerModel):
    """A figure that holds over ``{start, end}`` or on one ``date``; later rows override earlier ones."""

    start: IsoDate | None = None
    end: IsoDate | None = None
    date: IsoDate | None = None

    @model_validator(mode="after")
    def _period_or_date(self) -> DatedPeriod:
        ranged = self.start is not None or self.end is not None
        if ranged == (self.date is not None):
            raise ValueError("give either {start, end} or a single 'date'")
        if ranged:
            if self.start is None or self.end is None:
                raise ValueError("a period needs both 'start' and 'end'")
            if self.end < self.start:
                raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def first(self) -> IsoDate:
        return self.date if self.date is not None else self.start  # type: ignore[return-value]

    @property
    def last(self) -> IsoDate:
        return self.date if self.date is not None else self.end  # type: ignore[return-value]


class DemandPeriod(DatedPeriod):
    """Expected walk-ins per working day."""

    per_day: Annotated[float, Field(ge=0)]


class StaffPeriod(DatedPeriod):
    """Other counter staff (not officers) at the counter in every half-day, e.g. in the application season."""

    staff: Annotated[int, Field(ge=0, le=100)]


Factor = Annotated[float, Field(gt=0, le=100)]


class WeekdayFactors(PlannerModel):
    """Multipliers of the expected walk-ins by weekday (1 = no effect)."""

    mon: Factor = 1.0
    tue: Factor = 1.0
    wed: Factor = 1.0
    thu: Factor = 1.0
    fri: Factor = 1.0


class Ramp(PlannerModel):
    """Walk-ins rising to an application deadline: over the ``days`` working days
    before ``deadline`` the day's figure is multiplied by a factor growing
    linearly to ``peak`` on the last day before it (the deadline keeps its own row)."""

    deadline: IsoDate
    days: Annotated[int, Field(ge=1, le=60)]
    peak: Factor


class DemandEffects(PlannerModel):
    """Calendar effects on the expected walk-ins; every knob defaults to no effect."""

    weekday: WeekdayFactors = WeekdayFactors()
    after_holiday: Factor = 1.0
    """Multiplier of the first working day after a national holiday or a closure."""
    ramps: list[Ramp] = []


class Counter(PlannerModel):
    service: ServiceTarget
    demand: list[DemandPeriod] = []
    extra_staff: list[StaffPeriod] = []
    effects: DemandEffects = DemandEffects()
    season: DateRange | None = None
    """The application season the KPIs and comparisons single out; October-November of the fiscal year when absent."""

    @model_validator(mode="after")
    def _no_contradicting_rows(self) -> Counter:
        # Later rows override earlier ones, so overlaps are refinements; the same
        # span given twice with two figures can only be a mistake.
        for key, rows, field in (("demand", self.demand, "per_day"), ("extra_staff", self.extra_staff, "staff")):
            seen: dict[tuple[object, object], int] = {}
            for index, row in enumerate(rows):
                span = (row.first, row.last)
                if span in seen and getattr(rows[seen[span]], field) != getattr(row, field):
                    earlier = rows[seen[span]]
                    raise ValueError(
                        f"{key}[{index}] repeats the period {row.first}..{row.last} of "
                        f"{key}[{seen[span]}] with another {field} ({getattr(row, field)} vs {getattr(earlier, field)})"
                    )
                seen[span] = index
        return self
