"""Outreach duties as the fixed-date meetings they are planned as (pure, no solver).

An outreach rule (``outreach:`` in ``instance.yaml``) becomes one meeting per
occurrence: id ``<rule id>@<ISO date>``, kind ``outreach``, its officers as
``attendees``, the rule's half-day. From then on the model, the plan files
(``meetings.csv``) and the documents treat it as a meeting; the checker
expands the rules again with its own code (:mod:`planner.check.outreach`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from planner.domain import WEEKDAY_KEYS, InstanceSpec, Meeting, Outreach

OUTREACH_KIND = "outreach"


def occurrences(duty: Outreach, working_days: Sequence[dt.date], year_start: dt.date, year_end: dt.date) -> list[dt.date]:
    """The working days ``duty`` is held on: its weekday every week, or the ``nth`` one of each month."""
    weekday = WEEKDAY_KEYS.index(duty.weekday)
    first, last = duty.start or year_start, duty.end or year_end
    working = set(working_days)
    days = []
    day = first
    while day <= last:
        if day.weekday() == weekday and (duty.nth is None or (day.day - 1) // 7 + 1 == duty.nth) and day in working:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


OCCURRENCE_SEPARATOR = "@"


def occurrence_id(duty: Outreach, day: dt.date) -> str:
    return f"{duty.id}{OCCURRENCE_SEPARATOR}{day.isoformat()}"


def is_occurrence(meeting_id: str) -> bool:
    """Is this meeting of a plan an outreach occurrence (rule ids cannot hold the separator)?"""
    return OCCURRENCE_SEPARATOR in meeting_id


def outreach_meetings(spec: InstanceSpec, working_days: Sequence[dt.date]) -> list[Meeting]:
    """Every occurrence of every outreach rule, as a fixed-date meeting of its officers."""
    return [
        Meeting(
            id=occurrence_id(duty, day), kind=OUTREACH_KIND, attendees=duty.officers, date=day, slot=duty.slot, label=duty.title
        )
        for duty in spec.outreach
        for day in occurrences(duty, working_days, spec.year.start, spec.year.end)
    ]


def meetings_with_outreach(spec: InstanceSpec) -> list[Meeting]:
    """The instance's meetings followed by its outreach occurrences (for readers of a plan's meetings)."""
    from planner.calendar.workdays import working_days

    return [*spec.meetings, *outreach_meetings(spec, working_days(spec.year, spec.closures))]
