"""What a comparison shows: one list of rows, read by the screen table, the CSV and the HTML page.

Each :class:`Row` names a figure once (key, English label for the screen,
Japanese label for the HTML page, how to print it, whether lower is better),
so the three outputs cannot disagree on what a figure is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from planner.report.formats import count, gap, seconds, share
from planner.whatif.run import ScenarioOutcome


def _per_officer(value: Any) -> str:
    return "-" if not value else " ".join(f"{officer}:{number}" for officer, number in value.items())


def _delta_count(change: float) -> str:
    return f"{change:+,.0f}"


def _delta_points(change: float) -> str:
    return f"{100 * change:+.1f}pt"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    label_ja: str
    show: Callable[[Any], str]
    lower_is_better: bool | None = None
    """For the deltas against the base: ``None`` when a change is neither better nor worse."""
    show_delta: Callable[[float], str] | None = _delta_count
    """How a difference from the base is printed; ``None``: no difference shown (gaps, per-officer lists)."""


ROWS: tuple[Row, ...] = (
    Row("waited_year", "visitor-min waited, year", "窓口の待ち時間（人・分／年）", count, True),
    Row("waited_season", "visitor-min waited, season", "待ち時間：申込期", count, True),
    Row("waited_deadline_day", "visitor-min waited, deadline day", "待ち時間：申込締切日", count, True),
    Row("service_level_season", "service level, season", "サービスレベル：申込期", share, False, _delta_points),
    Row(
        "service_level_season_outside_deadline",
        "service level, season w/o deadline",
        "サービスレベル：申込期（締切日を除く）",
        share,
        False,
        _delta_points,
    ),
    Row("service_level_deadline_day", "service level deadline day", "サービスレベル：締切日", share, False, _delta_points),
    Row("shortfall_half_days", "Erlang C shortfall (half-days)", "窓口の不足（人・半日、Erlang C 比）", count, True),
    Row("visits", "visits", "訪問件数", count, None),
    Row("visits_season", "visits in season", "申込期の訪問", count, True),
    Row("visits_deadline_week", "visits in deadline week", "締切週の訪問", count, True),
    Row("visits_by_officer", "visits per officer", "推進員ごとの訪問", _per_officer, None, None),
    Row("duty_days_by_officer", "duty days per officer", "推進員ごとの勤務日", _per_officer, None, None),
    Row("swapped_days", "swapped duty days", "振替で増やした勤務日", count, True),
    Row("gap", "CP-SAT gap", "ギャップ（CP-SAT）", gap, None, None),
    Row("decided_gap", "gap on what the plan decides", "計画で左右できる部分のギャップ", gap, None, None),
)


def value_of(outcome: ScenarioOutcome, key: str) -> Any:
    return None if outcome.figures is None else getattr(outcome.figures, key)


def short_reason(reason: str, limit: int = 240) -> str:
    """A reason short enough for a table row (the CSV and the HTML page keep it whole)."""
    return reason if len(reason) <= limit else reason[:limit].rsplit(";", 1)[0] + f" ... ({len(reason):,} characters in the CSV)"


def status_text(outcome: ScenarioOutcome) -> str:
    return outcome.status + (" (cached)" if outcome.cached else "")


def delta(outcome: ScenarioOutcome, base: ScenarioOutcome | None, row: Row) -> float | None:
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
            if row.show is _per_officer:
                continue  # too wide for columns: listed below
            lines.append(row.label.ljust(label_width) + "".join(cell.rjust(width) for cell in cells))
        lines.append("seconds".ljust(label_width) + "".join(seconds(o.seconds).rjust(width) for o in block))
    lines.append("")
    wide = [row for row in ROWS if row.show is _per_officer]
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
    name_width = max(8, *(len(outcome.name) for outcome in outcomes)) + 2
    widths = [max(len(row.label), 10) + 2 for row in shown]
    header = (
        "scenario".ljust(name_width)
        + "status".ljust(18)
        + "".join(row.label.rjust(width) for row, width in zip(shown, widths))
        + "seconds".rjust(9)
    )
    lines = [header]
    for outcome in outcomes:
        cells = "".join(row.show(value_of(outcome, row.key)).rjust(width) for row, width in zip(shown, widths))
        line = outcome.name.ljust(name_width) + status_text(outcome).ljust(18) + cells + seconds(outcome.seconds).rjust(9)
        if outcome.figures is None:
            line += f"   {short_reason(outcome.reason)}"
        lines.append(line)
    return "\n".join(lines)


def csv_rows(outcomes: Sequence[ScenarioOutcome]) -> tuple[list[str], list[dict[str, Any]]]:
    """``whatif.csv``: one row per scenario, every figure (per-officer ones as ``visits_by_officer.A`` ...)."""
    officers: list[str] = []
    for outcome in outcomes:
        for officer in outcome.figures.visits_by_officer if outcome.figures else {}:
            if officer not in officers:
                officers.append(officer)
    scalar = [row.key for row in ROWS if row.show is not _per_officer]
    columns = [
        "scenario",
        "label",
        "status",
        "reason",
        "seconds",
        "cached",
        "objective",
        "bound",
        *scalar,
        *(f"visits_by_officer.{officer}" for officer in officers),
        *(f"duty_days_by_officer.{officer}" for officer in officers),
    ]
    rows = []
    for outcome in outcomes:
        figures = outcome.figures
        row: dict[str, Any] = {
            "scenario": outcome.name,
            "label": outcome.title,
            "status": outcome.status,
            "reason": outcome.reason,
            "seconds": round(outcome.seconds, 2),
            "cached": str(outcome.cached).lower(),
            "objective": None if figures is None else figures.objective,
            "bound": None if figures is None else figures.bound,
        }
        for key in scalar:
            row[key] = value_of(outcome, key)
        for officer in officers:
            row[f"visits_by_officer.{officer}"] = figures.visits_by_officer.get(officer) if figures else None
            row[f"duty_days_by_officer.{officer}"] = figures.duty_days_by_officer.get(officer) if figures else None
        rows.append(row)
    return columns, rows
