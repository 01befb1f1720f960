"""Printable notices to facilities (HTML, A4), one per facility with announced visits.

Built only from :meth:`PlanView.announced_visits_of`: an unannounced visit
never reaches this module.  No issue date or run figure (seed, objective) is
printed: nothing in a notice depends on anything but the facility's own
announced visits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.documents.labels import ja_date, slot_hours_text
from planner.documents.templates import environment, with_shared_font
from planner.documents.view import PlanView


def notice_rows(view: PlanView, facility_id: str) -> list[dict[str, str]]:
    return [
        {
            "date": ja_date(dt.date.fromisoformat(visit.date)),
            "hours": slot_hours_text(visit.slot),
            "kind": view.round_label(visit.round),
            "officer": view.officer_label(visit.officer_id),
        }
        for visit in sorted(view.announced_visits_of(facility_id), key=lambda visit: (visit.date, visit.slot))
    ]


def write_notices(view: PlanView, directory: Path, stems: dict[str, str]) -> list[Path]:
    """``<directory>/<facility id>.html`` for every facility with at least one announced visit."""
    directory.mkdir(parents=True, exist_ok=True)
    template = environment().get_template("notice.html.j2")
    pages: dict[Path, str] = {}
    for facility_id, facility in sorted(view.facilities.items()):
        rows = notice_rows(view, facility_id)
        if rows:
            pages[directory / f"{stems[facility_id]}.html"] = template.render(
                facility=facility, rows=rows, issuer=view.issuer, fiscal_year_label=f"{view.instance.spec.fiscal_year}年度"
            )
    # One font subset for all notices: subsetting is the slow part (~0.2 s a run).
    for path, page in zip(pages, with_shared_font(list(pages.values()))):
        path.write_text(page, encoding="utf-8")
    return list(pages)
