"""The summary of an office set: one row per office and the totals (screen, ``offices.csv``, ``offices.html``).

:data:`COLUMNS` names each figure once (key, screen label, Japanese label,
format, how it adds up), so the three outputs cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from planner.offices.run import OfficeOutcome
from planner.report.formats import count, gap, share


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    label_ja: str
    show: Callable[[Any], str]
    summed: bool
    """Added up in the totals row (counts and visitor-minutes); shares and gaps are not."""


COLUMNS: tuple[Column, ...] = (
    Column("officers", "officers", "推進員", count, True),
    Column("facilities", "facilities", "施設", count, True),
    Column("visits", "visits", "訪問", count, True),
    Column("outreach_half_days", "outreach", "出張相談（人・半日）", count, True),
    Column("waited_year", "waited/year", "待ち時間（人・分／年）", count, True),
    Column("waited_season", "waited, season", "待ち時間：申込期", count, True),
    Column("service_level_season", "SL, season", "サービスレベル：申込期", share, False),
    Column("shortfall_half_days", "short", "窓口の不足（人・半日）", count, True),
    Column("swapped_days", "swaps", "振替勤務日", count, True),
    Column("gap", "gap", "ギャップ", gap, False),
    Column("decided_gap", "decided gap", "計画で左右できる部分のギャップ", gap, False),
)


def totals(outcomes: Sequence[OfficeOutcome]) -> dict[str, Any]:
    planned = [outcome for outcome in outcomes if outcome.figures]
    return {
        column.key: sum(outcome.figures[column.key] or 0 for outcome in planned) if column.summed else None for column in COLUMNS
    }


def summary_text(set_name: str, outcomes: Sequence[OfficeOutcome], wall_seconds: float) -> str:
    name_width = max(8, *(len(outcome.office_id) for outcome in outcomes)) + 2
    widths = [max(len(column.label), 9) + 2 for column in COLUMNS]
    header = (
        "office".ljust(name_width)
        + "status".ljust(12)
        + "".join(c.label.rjust(w) for c, w in zip(COLUMNS, widths))
        + "seconds".rjust(9)
        + "peak MB".rjust(9)
    )
    lines = [header]
    for outcome in outcomes:
        cells = "".join(column.show(outcome.figures.get(column.key)).rjust(width) for column, width in zip(COLUMNS, widths))
        lines.append(
            outcome.office_id.ljust(name_width)
            + outcome.status.ljust(12)
            + cells
            + f"{outcome.seconds:9.1f}{outcome.worker_peak_mb:9.0f}"
        )
    sums = totals(outcomes)
    lines.append(
        "total".ljust(name_width)
        + "".ljust(12)
        + "".join(
            column.show(sums[column.key]).rjust(width) if column.summed else "".rjust(width)
            for column, width in zip(COLUMNS, widths)
        )
    )
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
