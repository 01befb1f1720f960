"""The checker's own reading of outreach rules: which working days each one is held on.

Written apart from :mod:`planner.calendar.outreach` (month grids of the
standard library instead of day arithmetic) so that a mistake in one is caught
by the other. Each occurrence must appear in ``meetings.csv`` as the meeting
``<rule id>@<ISO date>`` with the rule's number of officers on duty in its
half-day(s); the meeting checks then hold it to that.
"""

from __future__ import annotations

import calendar
import datetime as dt

from planner.domain import InstanceSpec, Meeting

WEEKDAY_NUMBERS = {
    "mon": calendar.MONDAY,
    "tue": calendar.TUESDAY,
    "wed": calendar.WEDNESDAY,
    "thu": calendar.THURSDAY,
    "fri": calendar.FRIDAY,
}


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def outreach_occurrences(spec: InstanceSpec, open_days: set[dt.date]) -> list[Meeting]:
    """Every occurrence of every outreach rule of ``spec``, as the fixed-date meeting the plan must hold."""
    year_first, year_last = dt.date(spec.fiscal_year, 4, 1), dt.date(spec.fiscal_year + 1, 3, 31)
    found = []
    for rule in spec.outreach:
        first, last = rule.start or year_first, rule.end or year_last
        column = WEEKDAY_NUMBERS[rule.weekday]
        for year, month in _months(first, last):
            weeks = [week[column] for week in calendar.monthcalendar(year, month) if week[column]]
            chosen = weeks if rule.nth is None else weeks[rule.nth - 1 : rule.nth]
            for number in chosen:
                day = dt.date(year, month, number)
                if first <= day <= last and day in open_days:
                    found.append(
                        Meeting(
                            id=f"{rule.id}@{day.isoformat()}", kind="outreach", attendees=rule.officers, date=day, slot=rule.slot
                        )
                    )
    return found
