"""The summary of an office set: one row per office and the totals (screen, ``offices.csv``, ``offices.html``).

:data:`COLUMNS` names each figure once (a :class:`~planner.report.formats.Figure`: key, screen
label, Japanese label, format, whether it adds up), so the three outputs cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.offices.run import OfficeOutcome
from planner.report.figures import FIGURES
from planner.report.formats import Figure, text_table

COLUMNS: tuple[Figure, ...] = tuple(
    FIGURES[key]
    for key in (
        "officers",
        "facilities",
        "visits",
        "outreach_half_days",
        "waited_year",
        "waited_season",
        "service_level_season",
        "shortfall_half_days",
        "swapped_days",
        "gap",
        "decided_gap",
    )
)


def totals(outcomes: Sequence[OfficeOutcome]) -> dict[str, Any]:
    planned = [outcome for outcome in outcomes if outcome.figures]
    return {
        column.key: sum(outcome.figures[column.key] or 0 for outcome in planned) if column.summed else None for column in COLUMNS
    }


def summary_text(set_name: str, outcomes: Sequence[OfficeOutcome], wall_seconds: float) -> str:
    header = ["office", "status", *(column.label for column in COLUMNS), "seconds", "peak MB"]
    rows = [
        [
            outcome.office_id,
            outcome.status,
            *(column.show(outcome.figures.get(column.key)) for column in COLUMNS),
            f"{outcome.seconds:.1f}",
            f"{outcome.worker_peak_mb:.0f}",
        ]
        for outcome in outcomes
    ]
    sums = totals(outcomes)
    rows.append(["total", "", *(column.show(sums[column.key]) if column.summed else "" for column in COLUMNS), "", ""])
    lines = text_table(header, rows)
    planned = sum(1 for outcome in outcomes if outcome.figures)
    lines.append(f"{set_name}: {planned} of {len(outcomes)} offices planned in {wall_seconds:.1f} s")
    for outcome in outcomes:
        if not outcome.figures:
            lines.append(f"  {outcome.office_id}: {outcome.status}: {outcome.reason}")
    return "\n".join(lines)


def csv_table(outcomes: Sequence[OfficeOutcome]) -> tuple[list[str], list[dict[str, Any]]]:
    columns = [
        "office",
        "label",
        "status",
        "exit_code",
        "reason",
        *(column.key for column in COLUMNS),
        "objective",
        "bound",
        "seconds",
        "worker_peak_mb",
    ]
    rows = []
    for outcome in outcomes:
        row: dict[str, Any] = {
            "office": outcome.office_id,
            "label": outcome.title,
            "status": outcome.status,
            "exit_code": outcome.exit_code,
            "reason": outcome.reason,
            "seconds": round(outcome.seconds, 2),
            "worker_peak_mb": outcome.worker_peak_mb,
        }
        for key in [column.key for column in COLUMNS] + ["objective", "bound"]:
            row[key] = outcome.figures.get(key)
        rows.append(row)
    sums = totals(outcomes)
    rows.append({"office": "total", "label": "合計", **{key: value for key, value in sums.items() if value is not None}})
    return columns, rows
