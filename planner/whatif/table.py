"""What a comparison shows: one list of rows, read by the screen table, the CSV and the HTML page.

Each row (a :class:`~planner.report.formats.Figure`) names a figure once (key, English label for the screen,
Japanese label for the HTML page, how to print it, whether lower is better),
so the three outputs cannot disagree on what a figure is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.report.figures import FIGURES, per_officer
from planner.report.formats import Figure, seconds, text_table
from planner.whatif.certify import base_of, difference_text, not_comparable, objective_difference
from planner.whatif.run import ScenarioOutcome

DIFFERENCE_LABEL = "calendar objective vs base (certified)"

ROWS: tuple[Figure, ...] = tuple(
    FIGURES[key]
    for key in (
        "waited_year",
        "waited_season",
        "waited_deadline_day",
        "service_level_season",
        "service_level_season_outside_deadline",
        "service_level_deadline_day",
        "shortfall_half_days",
        "visits",
        "visits_season",
        "visits_deadline_week",
        "visits_by_officer",
        "duty_days_by_officer",
        "swapped_days",
        "gap",
        "decided_gap",
    )
)


def value_of(outcome: ScenarioOutcome, key: str) -> Any:
    return None if outcome.figures is None else getattr(outcome.figures, key)


def short_reason(reason: str, limit: int = 240) -> str:
    """A reason short enough for a table row (the CSV and the HTML page keep it whole)."""
    return reason if len(reason) <= limit else reason[:limit].rsplit(";", 1)[0] + f" ... ({len(reason):,} characters in the CSV)"


def status_text(outcome: ScenarioOutcome) -> str:
    return outcome.status + (" (cached)" if outcome.cached else "")


def delta(outcome: ScenarioOutcome, base: ScenarioOutcome | None, row: Figure) -> float | None:
    """``outcome``'s figure minus the base's (numbers only)."""
    if base is None or row.show_delta is None:
        return None
    mine, theirs = value_of(outcome, row.key), value_of(base, row.key)
    if not isinstance(mine, (int, float)) or not isinstance(theirs, (int, float)):
        return None
    return mine - theirs


def side_by_side(outcomes: Sequence[ScenarioOutcome], line_width: int = 160) -> str:
    """Figures down, scenarios across (``planner whatif``), in blocks that fit ``line_width``
    (the first scenario, the base, heads every block); reasons for the rows with no plan below."""
    width = max(12, *(len(outcome.name) + 2 for outcome in outcomes))
    label_width = max(len(row.label) for row in ROWS) + 2
    per_block = max(1, (line_width - label_width) // width - 1)
    first, rest = outcomes[0], list(outcomes[1:])
    blocks = [[first, *rest[start : start + per_block]] for start in range(0, max(1, len(rest)), per_block)]
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.append("".ljust(label_width) + "".join(outcome.name.rjust(width) for outcome in block))
        lines.append("status".ljust(label_width) + "".join(status_text(o).rjust(width) for o in block))
        for row in ROWS:
            cells = [row.show(value_of(outcome, row.key)) for outcome in block]
            if row.show is per_officer:
                continue  # too wide for columns: listed below
            lines.append(row.label.ljust(label_width) + "".join(cell.rjust(width) for cell in cells))
        lines.append("seconds".ljust(label_width) + "".join(seconds(o.seconds).rjust(width) for o in block))
    lines.append("")
    base = base_of(outcomes)
    for outcome in outcomes:
        text = difference_text(outcome, base)
        if text:
            lines.append(f"{outcome.name}: {DIFFERENCE_LABEL}: {text}")
    wide = [row for row in ROWS if row.show is per_officer]
    for outcome in outcomes:
        if outcome.figures is not None:
            parts = [f"{row.label}: {row.show(value_of(outcome, row.key))}" for row in wide]
            lines.append(f"{outcome.name}: " + "; ".join(parts))
        else:
            lines.append(f"{outcome.name}: no plan ({outcome.status}): {short_reason(outcome.reason)}")
    return "\n".join(lines)


def one_row_each(outcomes: Sequence[ScenarioOutcome], keys: Sequence[str] | None = None) -> str:
    """Scenarios down, a few figures across (``planner sweep``, ``planner staffing``)."""
    shown = [row for row in ROWS if keys is None or row.key in keys]
    base = base_of(outcomes)
    header = ["scenario", "status", *(row.label for row in shown), *(["vs base (certified)"] if base else []), "seconds", ""]
    rows = [
        [
            outcome.name,
            status_text(outcome),
            *(row.show(value_of(outcome, row.key)) for row in shown),
            *([difference_text(outcome, base)] if base else []),
            seconds(outcome.seconds),
            "" if outcome.figures is not None else f" {short_reason(outcome.reason)}",
        ]
        for outcome in outcomes
    ]
    return "\n".join(text_table(header, rows))


def csv_rows(outcomes: Sequence[ScenarioOutcome]) -> tuple[list[str], list[dict[str, Any]]]:
    """``whatif.csv``: one row per scenario, every figure (per-officer ones as ``visits_by_officer.A`` ...)."""
    officers: list[str] = []
    for outcome in outcomes:
        for officer in outcome.figures.visits_by_officer if outcome.figures else {}:
            if officer not in officers:
                officers.append(officer)
    scalar = [row.key for row in ROWS if row.show is not per_officer]
    columns = [
        "scenario",
        "label",
        "status",
        "reason",
        "seconds",
        "cached",
        "objective",
        "bound",
        "calendar_objective",
        "calendar_bound",
        "difference_low",
        "difference_high",
        "difference",
        *scalar,
        *(f"visits_by_officer.{officer}" for officer in officers),
        *(f"duty_days_by_officer.{officer}" for officer in officers),
    ]
    rows = []
    base = base_of(outcomes)
    for outcome in outcomes:
        figures = outcome.figures
        difference = objective_difference(outcome, base)
        row: dict[str, Any] = {
            "scenario": outcome.name,
            "label": outcome.title,
            "status": outcome.status,
            "reason": outcome.reason,
            "seconds": round(outcome.seconds, 2),
            "cached": str(outcome.cached).lower(),
            "objective": None if figures is None else figures.objective,
            "bound": None if figures is None else figures.bound,
            "calendar_objective": None if figures is None else figures.calendar_objective,
            "calendar_bound": None if figures is None else figures.calendar_bound,
            "difference_low": None if difference is None else difference.low,
            "difference_high": None if difference is None else difference.high,
            "difference": "not comparable"
            if not_comparable(outcome, base)
            else None
            if difference is None
            else difference.verdict,
        }
        for key in scalar:
            row[key] = value_of(outcome, key)
        for officer in officers:
            row[f"visits_by_officer.{officer}"] = figures.visits_by_officer.get(officer) if figures else None
            row[f"duty_days_by_officer.{officer}"] = figures.duty_days_by_officer.get(officer) if figures else None
        rows.append(row)
    return columns, rows
