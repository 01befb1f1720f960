"""``offices.html``: every office of a set on one offline page, in Japanese (status, figures, totals)."""

from __future__ import annotations

from collections.abc import Sequence

from planner.documents.templates import render_with_font
from planner.documents.whatif_page import STATUS_JA
from planner.offices.run import OfficeOutcome
from planner.offices.summary import COLUMNS, totals


def render_offices_page(set_name: str, outcomes: Sequence[OfficeOutcome], wall_seconds: float, time_limit: float) -> str:
    rows = [
        {
            "title": outcome.title,
            "office": outcome.office_id,
            "status": STATUS_JA.get(outcome.status, outcome.status),
            "ok": bool(outcome.figures),
            "reason": outcome.reason,
            "cells": [column.show(outcome.figures.get(column.key)) if outcome.figures else "—" for column in COLUMNS],
            "seconds": f"{outcome.seconds:.1f}",
        }
        for outcome in outcomes
    ]
    sums = totals(outcomes)
    return render_with_font(
        "offices.html.j2",
        set_name=set_name,
        headers=[column.label_ja for column in COLUMNS],
        rows=rows,
        totals=[column.show(sums[column.key]) if column.summed else "" for column in COLUMNS],
        planned=sum(1 for outcome in outcomes if outcome.figures),
        count=len(outcomes),
        wall_seconds=f"{wall_seconds:.1f}",
        time_limit=time_limit,
    )
