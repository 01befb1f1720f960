"""Shared base of the domain models: frozen pydantic models, strict ISO dates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator


class PlannerModel(BaseModel):
    """Immutable model that rejects unknown keys (the contract: unknown keys are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _parse_iso_date(value: Any) -> dt.date:
    # Only ISO ``YYYY-MM-DD`` strings (or real dates): pydantic's lax mode would
    # otherwise read an integer as a Unix timestamp, which no user means.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a valid ISO date (YYYY-MM-DD)") from None
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_parse_iso_date)]


class DateRange(PlannerModel):
    """An inclusive range of calendar days ``{start, end}``."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _start_before_end(self) -> DateRange:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def days(self) -> list[dt.date]:
        """Every calendar day of the range, in order."""
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=offset) for offset in range(count)]


def _single_date_as_range(value: Any) -> Any:
    if isinstance(value, (dict, DateRange)):
        return value
    day = _parse_iso_date(value)
    return {"start": day, "end": day}


DateOrRange = Annotated[DateRange, BeforeValidator(_single_date_as_range)]
"""A single date or a ``{start, end}`` range; stored as a range either way."""
