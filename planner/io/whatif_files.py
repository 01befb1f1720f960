"""Write a comparison: ``whatif.csv`` (one row per scenario) and ``whatif.html`` (for people).

Each file is written beside its target and renamed into place, so a reader
never sees half a table and a failed run leaves the previous files as they were.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from planner.errors import OutputError
from planner.whatif.run import RunSettings, ScenarioOutcome
from planner.whatif.table import csv_rows


def _replace(target: Path, text: str) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def write_comparison(out_dir: Path, base_name: str, settings: RunSettings, outcomes: Sequence[ScenarioOutcome],
                     stem: str = "whatif") -> list[Path]:
    """``<stem>.csv`` and ``<stem>.html`` in ``out_dir``; returns their paths."""
    from planner.documents.whatif_page import render_whatif_page

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        columns, rows = csv_rows(outcomes)
        table = out_dir / f"{stem}.csv"
        _replace(table, pd.DataFrame(rows, columns=columns, dtype=object).to_csv(index=False, lineterminator="\n"))
        page = out_dir / f"{stem}.html"
        _replace(page, render_whatif_page(base_name, settings, outcomes))
    except OSError as error:
        raise OutputError(f"{out_dir}: cannot write the comparison ({error.strerror or error})") from None
    return [table, page]
