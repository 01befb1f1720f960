"""A summary as two files, ``<stem>.csv`` and ``<stem>.html``, each renamed into place when whole.

A reader never sees half a table, and a run that fails while writing leaves
the previous files as they were.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import OutputError


def replace_text(target: Path, text: str) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def write_table_and_page(
    out_dir: Path, stem: str, columns: Sequence[str], rows: Sequence[dict[str, Any]], page: str
) -> list[Path]:
    """``out_dir/<stem>.csv`` (``columns``, one line per row, empty for None) and ``out_dir/<stem>.html``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        table, html = out_dir / f"{stem}.csv", out_dir / f"{stem}.html"
        replace_text(
            table, pd.DataFrame(list(rows), columns=list(columns), dtype=object).to_csv(index=False, lineterminator="\n")
        )
        replace_text(html, page)
    except OSError as error:
        raise OutputError(f"{out_dir}: cannot write the {stem} summary ({error.strerror or error})") from None
    return [table, html]
