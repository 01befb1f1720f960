"""Human-facing documents of a plan: calendars, the office workbook, facility notices, the report.

Layout inside a plan directory (next to the contract files)::

    calendars/office.ics, calendars/officer-<id>.ics   office and officers (everything)
    facilities/<id>.html, facilities/<id>.ics         handed to facilities: announced visits only
    plan.xlsx                                           the office workbook
    report.html                                         the whole plan on one offline page
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.documents.html_report import write_report
from planner.documents.ical import read_previous_events, write_calendars
from planner.documents.notices import write_notices
from planner.documents.paths import unique_stems
from planner.documents.view import PlanView
from planner.documents.workbook import write_workbook
from planner.domain import Instance
from planner.plan import Plan

CALENDARS_DIR = "calendars"
FACILITIES_DIR = "facilities"
WORKBOOK_FILE = "plan.xlsx"
REPORT_FILE = "report.html"

__all__ = ["CALENDARS_DIR", "FACILITIES_DIR", "REPORT_FILE", "WORKBOOK_FILE", "PlanView", "write_documents"]


def write_documents(
    instance: Instance, plan: Plan, directory: Path, previous: Path | None = None, stamp: dt.datetime | None = None
) -> list[Path]:
    """Write every document of ``plan`` into ``directory``; returns the files written.

    ``previous`` is the plan directory being replaced, if any: its calendars
    give the UIDs' SEQUENCE history.  ``stamp`` (default: now) dates new and
    changed calendar events.
    """
    view = PlanView(instance, plan)
    facility_stems = unique_stems(sorted(view.facilities))
    history = read_previous_events(previous)
    written = write_calendars(
        view,
        directory / CALENDARS_DIR,
        directory / FACILITIES_DIR,
        facility_stems,
        history,
        stamp or dt.datetime.now(dt.timezone.utc),
    )
    written += write_notices(view, directory / FACILITIES_DIR, facility_stems)
    written.append(write_workbook(view, directory / WORKBOOK_FILE))
    written.append(write_report(view, directory / REPORT_FILE))
    return written
