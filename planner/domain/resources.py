"""People and places: the officers of the team and the facilities they visit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from planner.domain.base import DateOrRange, IsoDate, PlannerModel


class Officer(PlannerModel):
    """A child-care support officer (推進員)."""

    id: Annotated[str, Field(min_length=1)]
    name: str = ""
    days_per_week: Annotated[int, Field(ge=1, le=5)]
    unavailable: list[DateOrRange] = []

    @property
    def label(self) -> str:
        """Name for people, falling back to the id."""
        return self.name or self.id


FacilityCategory = Literal["community", "unlicensed"]


class Facility(PlannerModel):
    """One row of ``facilities.csv``."""

    facility_id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    category: FacilityCategory
    type: Annotated[str, Field(min_length=1)]
    opening_date: IsoDate | None = None
    block: Annotated[str, Field(min_length=1)]
    address: str | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    capacity: Annotated[int, Field(ge=0)] | None = None
    open_findings: Annotated[int, Field(ge=0)] = 0
    closing_date: IsoDate | None = None
    """The facility closes on this day: no visit on or after it (a round whose
    window opens on or after it does not visit the facility at all)."""

    @model_validator(mode="after")
    def _lat_lon_together(self) -> Facility:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        if self.closing_date is not None and self.opening_date is not None and self.closing_date <= self.opening_date:
            raise ValueError(f"closing_date {self.closing_date} is not after opening_date {self.opening_date}")
        return self
