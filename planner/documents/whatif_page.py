"""``whatif.html``: scenarios side by side for planners, in Japanese, one offline page.

The figures come from :data:`planner.whatif.table.ROWS` (the same list as the
screen table and ``whatif.csv``); each scenario's figure is shown with its
difference from the base, coloured by whether it is better or worse. A chart
draws each scenario's visitor-minutes waited month by month (inline SVG).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planner.documents.templates import render_with_font
from planner.solve.params import SolveParams
from planner.whatif.certify import base_of, difference_text
from planner.whatif.run import ScenarioOutcome
from planner.whatif.table import ROWS, delta, value_of

STATUS_JA = {
    "OPTIMAL": "最適（証明済み）",
    "FEASIBLE": "実行可能解",
    "INFEASIBLE": "条件を満たす計画なし",
    "NO_PLAN": "時間内に計画なし",
    "BAD_INPUT": "シナリオの誤り",
    "FAILED": "計算の失敗",
}
COLOURS = ("#2f5597", "#c00000", "#548235", "#bf8f00", "#7030a0", "#00838f", "#e46c0a", "#595959")


def _month_label(month: str) -> str:
    """``2017-10`` -> ``10月`` (the chart's axis; the page says which fiscal year)."""
    return f"{int(month[5:7])}月"


def _delta_cell(outcome: ScenarioOutcome, base: ScenarioOutcome | None, row: Any) -> dict[str, str]:
    change = delta(outcome, base, row) if outcome is not base else None
    if change is None or change == 0 or row.show_delta is None:
        return {"text": "", "css": ""}
    text = row.show_delta(change)
    if row.lower_is_better is None:
        return {"text": text, "css": ""}
    better = (change < 0) == row.lower_is_better
    return {"text": text, "css": "better" if better else "worse"}


def _chart(outcomes: Sequence[ScenarioOutcome]) -> dict[str, Any]:
    planned = [outcome for outcome in outcomes if outcome.figures is not None]
    months = sorted({month for outcome in planned for month in outcome.figures.waited_by_month})  # type: ignore[union-attr]
    width, height = 720.0, 260.0
    # a year in which nobody waits still draws (flat lines), not a division by zero
    top = max([value for outcome in planned for value in outcome.figures.waited_by_month.values()] + [1])  # type: ignore[union-attr]
    step = width / max(1, len(months) - 1)
    lines = []
    for position, outcome in enumerate(planned):
        by_month = outcome.figures.waited_by_month  # type: ignore[union-attr]
        points = " ".join(
            f"{index * step:.1f},{height - height * by_month.get(month, 0) / top:.1f}" for index, month in enumerate(months)
        )
        lines.append({"name": outcome.title, "points": points, "colour": COLOURS[position % len(COLOURS)]})
    ticks = [{"x": f"{index * step - 10:.1f}", "label": _month_label(month)} for index, month in enumerate(months)]
    return {"width": width, "height": height, "top": f"{top:,.0f}", "lines": lines, "ticks": ticks, "months": months}


def _comparison(outcomes: Sequence[ScenarioOutcome]) -> dict[str, Any]:
    """What the page shows of one base and its scenarios (``outcomes[0]`` the base when it is compared)."""
    base = base_of(outcomes)
    table = []
    for row in ROWS:
        cells = [
            {
                "value": row.show(value_of(outcome, row.key)) if outcome.figures is not None else "—",
                **_delta_cell(outcome, base, row),
            }
            for outcome in outcomes
        ]
        table.append({"label": row.label_ja, "cells": cells})
    chart = _chart(outcomes)
    monthly = [
        {"title": outcome.title, "cells": [f"{outcome.figures.waited_by_month.get(month, 0):,}" for month in chart["months"]]}
        for outcome in outcomes
        if outcome.figures is not None
    ]
    return {
        "outcomes": [
            {
                "name": outcome.name,
                "title": outcome.title,
                "status": STATUS_JA.get(outcome.status, outcome.status),
                "reason": outcome.reason,
                "seconds": f"{outcome.seconds:.1f}",
                "cached": outcome.cached,
                "difference": difference_text(outcome, base, japanese=True),
            }
            for outcome in outcomes
        ],
        "table": table,
        "chart": chart,
        "month_labels": [_month_label(month) for month in chart["months"]],
        "monthly": monthly,
        "has_base": base is not None,
    }


def render_whatif_page(base_name: str, settings: SolveParams, outcomes: Sequence[ScenarioOutcome]) -> str:
    """The page's HTML; ``outcomes[0]`` is the base when a base row is compared."""
    return render_with_font("whatif.html.j2", base_name=base_name, settings=settings, **_comparison(outcomes))


def render_offices_whatif_page(
    set_name: str, settings: SolveParams, offices: Sequence[tuple[str, Sequence[ScenarioOutcome]]]
) -> str:
    """The same scenarios on several offices: one comparison per office, office by office."""
    return render_with_font(
        "whatif_offices.html.j2",
        set_name=set_name,
        settings=settings,
        offices=[{"title": title, **_comparison(outcomes)} for title, outcomes in offices],
    )
