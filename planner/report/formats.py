"""How figures are printed in summary tables (screen, HTML): one place, so every table agrees.

A missing figure (no plan, nothing to measure) prints as ``-``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


def count(value: Any) -> str:
    """Whole numbers with thousands separators: ``163,732``."""
    return "-" if value is None else f"{value:,.0f}"


def share(value: Any) -> str:
    """A share as a percentage with one decimal: ``21.6%``."""
    return "-" if value is None else f"{100 * value:.1f}%"


def gap(value: Any) -> str:
    """A gap as a percentage with two decimals: ``4.29%``."""
    return "-" if value is None else f"{100 * value:.2f}%"


def seconds(value: Any) -> str:
    return "-" if value is None else f"{value:.1f}"


def delta_count(change: float) -> str:
    """A difference of counts: ``+1,204``."""
    return f"{change:+,.0f}"


def delta_points(change: float) -> str:
    """A difference of shares in percentage points: ``+3.2pt``."""
    return f"{100 * change:+.1f}pt"


@dataclass(frozen=True)
class Figure:
    """One figure of a summary table, named once for every output that shows it (screen, CSV, HTML)."""

    key: str
    label: str
    """English, for the screen."""
    label_ja: str
    """Japanese, for the HTML pages."""
    show: Callable[[Any], str]
    lower_is_better: bool | None = None
    """For differences against a base: ``None`` when a change is neither better nor worse."""
    show_delta: Callable[[float], str] | None = delta_count
    """How a difference from a base is printed; ``None``: not shown (gaps, per-officer lists)."""
    summed: bool = False
    """Added up in a totals row (counts and visitor-minutes); shares and gaps are not."""


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 2) -> list[str]:
    """The lines of a screen table: the first ``left`` columns left-aligned, the others right-aligned,
    each column two characters wider than its widest cell."""
    widths = [max(len(str(line[column])) for line in (header, *rows) if column < len(line)) + 2 for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "".join(
            (cell.ljust(width) if column < left else cell.rjust(width)) for column, (cell, width) in enumerate(zip(cells, widths))
        ).rstrip()

    return [line(header), *(line(row) for row in rows)]
