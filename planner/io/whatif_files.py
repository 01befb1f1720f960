"""Write a comparison: ``whatif.csv`` (one row per scenario) and ``whatif.html`` (for people)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.io.summary_files import write_table_and_page
from planner.solve.params import SolveParams
from planner.whatif.run import ScenarioOutcome
from planner.whatif.table import csv_rows


def write_comparison(
    out_dir: Path, base_name: str, settings: SolveParams, outcomes: Sequence[ScenarioOutcome], stem: str = "whatif"
) -> list[Path]:
    """``<stem>.csv`` and ``<stem>.html`` in ``out_dir``; returns their paths."""
    from planner.documents.whatif_page import render_whatif_page

    columns, rows = csv_rows(outcomes)
    return write_table_and_page(out_dir, stem, columns, rows, render_whatif_page(base_name, settings, outcomes))
