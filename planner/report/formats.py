"""How figures are printed in summary tables (screen, HTML): one place, so every table agrees.

A missing figure (no plan, nothing to measure) prints as ``-``.
"""

from __future__ import annotations

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
