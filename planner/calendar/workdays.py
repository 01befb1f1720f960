"""Working days of a fiscal year: Mon-Fri, not a national holiday, not a closure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import jpholiday

from planner.domain import DateRange


def is_national_holiday(day: dt.date) -> bool:
    """Japanese national holiday, substitute holidays (振替休日) and 国民の休日 included."""
    return bool(jpholiday.is_holiday(day))


def holiday_name(day: dt.date) -> str | None:
    """The Japanese name of a national holiday (``None`` on other days)."""
    return jpholiday.is_holiday_name(day) if is_national_holiday(day) else None


def working_days(year: DateRange, closures: Iterable[DateRange]) -> list[dt.date]:
    """Every working day of ``year`` in order."""
    closed = {day for closure in closures for day in closure.days()}
    return [day for day in year.days() if day.weekday() < 5 and day not in closed and not is_national_holiday(day)]


def non_working_reason(day: dt.date, closures: Iterable[DateRange]) -> str | None:
    """Why ``day`` is not a working day (``None`` when it is one), for messages."""
    if day.weekday() >= 5:
        return day.strftime("%A")
    if is_national_holiday(day):
        return f"national holiday {jpholiday.is_holiday_name(day)}"
    if any(day in closure for closure in closures):
        return "a closure day"
    return None
