"""A what-if scenario: a small YAML overlay on a base instance.

A scenario names what changes — officers added, removed or changed (days a
week, leave), the weekday headcounts, other counter staff, demand rows and
factors, rounds' windows and sample sizes, facilities opening or closing,
meetings, outreach duties, weights — and :func:`apply_scenario` turns base + scenario into a
new, fully validated :class:`~planner.domain.Instance`. The base is never
touched: the result is a new object, and nothing is written anywhere.

Every key is checked twice: the overlay's own shape (unknown keys are errors,
like the instance's), then what it refers to in the base (an officer, round,
facility or meeting that must exist, or must not exist yet), then the
instance that results, with the instance's own rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator

from planner.domain import Facility, Instance, InstanceSpec, Meeting, Officer, Outreach
from planner.domain.base import DateOrRange, DateRange, IsoDate, PlannerModel
from planner.domain.demand import DemandEffects, DemandPeriod, StaffPeriod
from planner.domain.rules import WEEKDAY_KEYS, Weight, Weights
from planner.errors import InstanceError

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class OfficerChange(PlannerModel):
    """What changes for one officer of the base; unset keys stay as they are."""

    name: str | None = None
    days_per_week: Annotated[int, Field(ge=1, le=5)] | None = None
    unavailable: list[DateOrRange] | None = None
    """Replaces the officer's unavailable dates."""
    leave: list[DateOrRange] = []
    """Added to the officer's unavailable dates (e.g. three months of leave)."""


class OfficerOverlay(PlannerModel):
    add: list[Officer] = []
    remove: list[str] = []
    change: dict[str, OfficerChange] = {}


class HeadcountOverlay(PlannerModel):
    """Officers on duty wanted per weekday; only the weekdays given change."""

    mon: Annotated[int, Field(ge=0)] | None = None
    tue: Annotated[int, Field(ge=0)] | None = None
    wed: Annotated[int, Field(ge=0)] | None = None
    thu: Annotated[int, Field(ge=0)] | None = None
    fri: Annotated[int, Field(ge=0)] | None = None


class StaffingOverlay(PlannerModel):
    headcount: HeadcountOverlay = HeadcountOverlay()
    counter_min: Annotated[int, Field(ge=0)] | None = None


class DemandFactor(PlannerModel):
    """Multiply the expected walk-ins of ``{start, end}`` (as the base resolves them) by ``factor``."""

    start: IsoDate
    end: IsoDate
    factor: Annotated[float, Field(gt=0, le=100)]


class CounterOverlay(PlannerModel):
    extra_staff: list[StaffPeriod] = []
    """Added after the base's rows (later rows override earlier ones)."""
    demand: list[DemandPeriod] = []
    """Added after the base's rows (later rows override earlier ones)."""
    demand_factors: list[DemandFactor] = []
    """Applied after ``demand``: e.g. the season's walk-ins 30 % higher."""
    effects: DemandEffects | None = None
    """Replaces the base's calendar effects."""


class RoundChange(PlannerModel):
    window: DateRange | None = None
    sample_size: Annotated[int, Field(ge=1)] | None = None


class FacilityOverlay(PlannerModel):
    open: list[Facility] = []
    """New rows of ``facilities.csv`` (a community facility opening in the year is new)."""
    close: dict[str, IsoDate] = {}
    """Facility id -> its first closed day (the ``closing_date`` column)."""
    remove: list[str] = []


class MeetingOverlay(PlannerModel):
    add: list[Meeting] = []
    remove: list[str] = []


class OutreachOverlay(PlannerModel):
    """Outreach duties added (e.g. a Tuesday outreach) or removed by id."""

    add: list[Outreach] = []
    remove: list[str] = []


class Scenario(PlannerModel):
    """A scenario file: what differs from the base instance. Every key but ``name`` is optional."""

    name: Annotated[str, Field(min_length=1, max_length=80, pattern=NAME_PATTERN)]
    label: str = ""
    """Name for people (Japanese in the HTML comparison); ``name`` when empty."""
    description: str = ""
    officers: OfficerOverlay = OfficerOverlay()
    staffing: StaffingOverlay = StaffingOverlay()
    counter: CounterOverlay = CounterOverlay()
    rounds: dict[str, RoundChange] = {}
    facilities: FacilityOverlay = FacilityOverlay()
    meetings: MeetingOverlay = MeetingOverlay()
    outreach: OutreachOverlay = OutreachOverlay()
    weights: dict[str, Weight] = {}
    """Objective weights that change (0 switches a term off): any key of the instance's ``weights:``."""

    @field_validator("weights")
    @classmethod
    def _known_weights(cls, weights: dict[str, int]) -> dict[str, int]:
        unknown = sorted(weights.keys() - Weights.model_fields.keys())
        if unknown:
            raise ValueError(f"unknown weight {unknown[0]!r} (known: {', '.join(Weights.model_fields)})")
        return weights

    @property
    def title(self) -> str:
        return self.label or self.name


BASE_SCENARIO = Scenario(name="base", label="基準（現行）", description="the base instance as it is")
"""The base itself, as a row of every comparison."""


def apply_scenario(base: Instance, scenario: Scenario, source: str = "scenario") -> Instance:
    """``base`` with ``scenario`` applied: a new validated instance named ``<base>.<scenario>``.

    Raises
    ------
    InstanceError
        Naming ``source`` and the scenario's key, when the scenario refers to
        something the base does not have (or already has), or when the
        instance that results breaks a rule of the format.
    """
    if scenario == BASE_SCENARIO:
        return base
    spec = base.spec.model_dump(mode="python")
    spec["name"] = f"{base.name}.{scenario.name}"
    spec["officers"] = _officers(base.spec, scenario.officers, source)
    _staffing(spec, scenario.staffing, len(spec["officers"]), source)
    _counter(spec, base.spec, scenario.counter, source)
    _rounds(spec, scenario.rounds, source)
    spec["meetings"] = _added_and_removed(base.spec.meetings, scenario.meetings, "meetings", "meeting", source)
    spec["outreach"] = _added_and_removed(base.spec.outreach, scenario.outreach, "outreach", "outreach duty", source)
    spec["weights"] = {**spec["weights"], **scenario.weights}
    facilities = _facilities(base, scenario.facilities, source)
    try:
        new_spec = InstanceSpec.model_validate(spec)
        return Instance(spec=new_spec, facilities=facilities)
    except ValidationError as error:
        from planner.io.errors import describe_validation_error

        raise InstanceError(f"{source}: the scenario's instance is not valid: {describe_validation_error(error, spec)}") from None


def _unknown(source: str, key: str, kind: str, ident: str, known: list[str]) -> InstanceError:
    listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
    return InstanceError(f"{source}: {key}: no {kind} {ident!r} in the base (has: {listed})")


def _require_known(source: str, kind: str, known: list[str], idents: Iterable[str], key_of: Callable[[str], str]) -> None:
    """Every id in ``idents`` must be one of the base's (``known``); else the error names the scenario's key."""
    for ident in idents:
        if ident not in known:
            raise _unknown(source, key_of(ident), kind, ident, known)


def _officers(base: InstanceSpec, overlay: OfficerOverlay, source: str) -> list[dict[str, Any]]:
    known = [officer.id for officer in base.officers]
    _require_known(source, "officer", known, overlay.remove, lambda ident: f"officers.remove[{ident}]")
    _require_known(source, "officer", known, overlay.change, lambda ident: f"officers.change.{ident}")
    for ident in overlay.change:
        if ident in overlay.remove:
            raise InstanceError(f"{source}: officers.change.{ident}: officer {ident!r} is also removed")
    kept = [officer.model_dump(mode="python") for officer in base.officers if officer.id not in overlay.remove]
    for officer in kept:
        change = overlay.change.get(officer["id"])
        if change is None:
            continue
        if change.name is not None:
            officer["name"] = change.name
        if change.days_per_week is not None:
            officer["days_per_week"] = change.days_per_week
        if change.unavailable is not None:
            officer["unavailable"] = [period.model_dump() for period in change.unavailable]
        officer["unavailable"] = list(officer["unavailable"]) + [period.model_dump() for period in change.leave]
    for added in overlay.add:
        if added.id in {row["id"] for row in kept}:
            raise InstanceError(f"{source}: officers.add[{added.id}]: the base already has officer {added.id!r}")
        kept.append(added.model_dump(mode="python"))
    if not kept:
        raise InstanceError(f"{source}: officers: the scenario removes every officer")
    return kept


def _staffing(spec: dict[str, Any], overlay: StaffingOverlay, team: int, source: str) -> None:
    changed = overlay.headcount.model_dump(exclude_none=True)
    for weekday, value in changed.items():
        if value > team:
            raise InstanceError(
                f"{source}: staffing.headcount.{weekday}: {value} officers asked on duty but the scenario's team has {team}"
            )
    spec["staffing"]["headcount"] = {**spec["staffing"]["headcount"], **changed}
    if overlay.counter_min is not None:
        spec["staffing"]["counter_min"] = overlay.counter_min
    most = max(spec["staffing"]["headcount"][key] for key in WEEKDAY_KEYS)
    if spec["staffing"]["counter_min"] > min(team, most):
        raise InstanceError(
            f"{source}: staffing.counter_min: {spec['staffing']['counter_min']} officers at the counter "
            f"in every half-day, but at most {min(team, most)} can be on duty"
        )


def _counter(spec: dict[str, Any], base: InstanceSpec, overlay: CounterOverlay, source: str) -> None:
    counter = spec["counter"]
    counter["extra_staff"] = list(counter["extra_staff"]) + [row.model_dump() for row in overlay.extra_staff]
    demand = [*base.counter.demand, *overlay.demand]
    if overlay.demand_factors:
        demand = _scaled_demand(demand, overlay.demand_factors, base, source)
    counter["demand"] = [row.model_dump() for row in demand]
    if overlay.effects is not None:
        counter["effects"] = overlay.effects.model_dump()


def _scaled_demand(rows: list[DemandPeriod], factors: list[DemandFactor], base: InstanceSpec, source: str) -> list[DemandPeriod]:
    """The demand rows with ``factors`` applied, rewritten as runs of equal figures.

    Rows override one another, so a factor cannot be applied row by row: each
    calendar day's figure is resolved first, multiplied, and the year written
    back as non-overlapping runs (equal, day by day, to what the rows said).
    """
    year = base.year
    for index, factor in enumerate(factors):
        if factor.end < factor.start:
            raise InstanceError(f"{source}: counter.demand_factors[{index}]: end {factor.end} is before start {factor.start}")
        if factor.start < year.start or factor.end > year.end:
            raise InstanceError(
                f"{source}: counter.demand_factors[{index}]: {factor.start}..{factor.end} lies outside "
                f"fiscal year {base.fiscal_year}"
            )
    per_day: dict[dt.date, float | None] = {day: None for day in year.days()}
    for row in rows:
        day = row.first
        while day <= row.last:
            per_day[day] = row.per_day
            day += dt.timedelta(days=1)
    for factor in factors:
        day = factor.start
        while day <= factor.end:
            value = per_day[day]
            if value is not None:
                per_day[day] = round(value * factor.factor, 6)
            day += dt.timedelta(days=1)
    runs: list[DemandPeriod] = []
    for day in year.days():
        value = per_day[day]
        if value is None:
            continue
        previous = runs[-1] if runs else None
        if previous is not None and previous.per_day == value and previous.last == day - dt.timedelta(days=1):
            runs[-1] = DemandPeriod(start=previous.first, end=day, per_day=value)
        else:
            runs.append(DemandPeriod(start=day, end=day, per_day=value))
    return runs


def _rounds(spec: dict[str, Any], changes: dict[str, RoundChange], source: str) -> None:
    known = [row["id"] for row in spec["rounds"]]
    _require_known(source, "round", known, changes, lambda ident: f"rounds.{ident}")
    for ident, change in changes.items():
        row = next(row for row in spec["rounds"] if row["id"] == ident)
        if change.window is not None:
            row["window"] = change.window.model_dump()
        if change.sample_size is not None:
            if row.get("sample_size") is None:
                raise InstanceError(
                    f"{source}: rounds.{ident}.sample_size: round {ident!r} is not sampled (it visits every facility of its set)"
                )
            row["sample_size"] = change.sample_size


def _added_and_removed(
    items: Sequence[Meeting] | Sequence[Outreach], overlay: MeetingOverlay | OutreachOverlay, key: str, kind: str, source: str
) -> list[dict[str, Any]]:
    """The base's ``items`` less ``overlay.remove``, plus ``overlay.add`` (ids checked against the base)."""
    known = [item.id for item in items]
    _require_known(source, kind, known, overlay.remove, lambda ident: f"{key}.remove[{ident}]")
    for added in overlay.add:
        if added.id in known and added.id not in overlay.remove:
            raise InstanceError(f"{source}: {key}.add[{added.id}]: the base already has {kind} {added.id!r}")
    kept = [item.model_dump(mode="python") for item in items if item.id not in overlay.remove]
    return kept + [added.model_dump(mode="python") for added in overlay.add]


def _facilities(base: Instance, overlay: FacilityOverlay, source: str) -> list[Facility]:
    known = [facility.facility_id for facility in base.facilities]
    _require_known(source, "facility", known, overlay.remove, lambda ident: f"facilities.remove[{ident}]")
    _require_known(source, "facility", known, overlay.close, lambda ident: f"facilities.close.{ident}")
    result = []
    for facility in base.facilities:
        if facility.facility_id in overlay.remove:
            continue
        closing = overlay.close.get(facility.facility_id)
        if closing is not None:
            if not base.spec.year.start <= closing <= base.spec.year.end:
                raise InstanceError(
                    f"{source}: facilities.close.{facility.facility_id}: {closing} lies outside "
                    f"fiscal year {base.spec.fiscal_year}"
                )
            try:
                facility = Facility.model_validate({**facility.model_dump(), "closing_date": closing})
            except ValidationError as error:
                message = error.errors()[0]["msg"].removeprefix("Value error, ")
                raise InstanceError(f"{source}: facilities.close.{facility.facility_id}: {message}") from None
        result.append(facility)
    taken = {facility.facility_id for facility in result}
    for facility in overlay.open:
        if facility.facility_id in taken:
            raise InstanceError(
                f"{source}: facilities.open[{facility.facility_id}]: the base already has facility {facility.facility_id!r}"
            )
        taken.add(facility.facility_id)
        result.append(facility)
    return result
