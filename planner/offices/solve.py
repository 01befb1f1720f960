"""``planner solve OFFICE_SET``: every office on the shared executor, then the set's summary.

Each office is solved deterministically (work units, ``workers`` threads each)
so the summary is the same on the local pool and on a Dask cluster; several
offices run side by side. One office's bad input, infeasibility or time-out is
that office's row; a worker that dies has its offices run again
(:mod:`planner.executor`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.executor import run_tasks
from planner.io.output_folder import batch_folder
from planner.offices.index import load_office_index, office_dir
from planner.offices.run import OfficeOutcome, OfficeTask, solve_office
from planner.offices.summary import csv_table, summary_text
from planner.solve.params import SolveParams


@dataclass(frozen=True)
class OfficeSetOutcome:
    name: str
    outcomes: tuple[OfficeOutcome, ...]
    out_dir: Path
    wall_seconds: float
    summary: str

    @property
    def exit_code(self) -> int:
        """0 when every office has a plan, else the highest office exit code (2 bad input, 3, 4)."""
        return max((outcome.exit_code for outcome in self.outcomes), default=0)


def solve_office_set(
    index_dir: Path | str,
    out_dir: Path | str | None = None,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    documents: bool = True,
    processes: int | None = None,
    address: str | None = None,
    on_outcome: Callable[[OfficeOutcome], None] | None = None,
) -> OfficeSetOutcome:
    from planner.documents.offices_page import render_offices_page
    from planner.io.summary_files import write_table_and_page

    index = load_office_index(index_dir)
    target = Path(out_dir) if out_dir is not None else Path("outputs") / index.name
    tasks = [
        OfficeTask(
            office.id,
            office.title,
            str(office_dir(index_dir, office)),
            str((target / office.id).resolve()),
            SolveParams(time_limit=time_limit, seed=seed, workers=workers, deterministic=True),
            documents,
        )
        for office in index.offices
    ]
    started = time.perf_counter()
    outcomes: list[OfficeOutcome | None] = [None] * len(tasks)
    with batch_folder(target, "solve", reading=[Path(index_dir)], expected=("offices.csv", "offices.html")):
        for finished in run_tasks(solve_office, tasks, processes=processes, address=address):
            task = tasks[finished.index]
            outcome = finished.result or OfficeOutcome(
                task.office_id, task.title, "FAILED", 1, finished.error or "failed", {}, 0.0, 0.0
            )
            outcomes[finished.index] = outcome
            if on_outcome is not None:
                on_outcome(outcome)
        wall = time.perf_counter() - started
        done = tuple(outcome for outcome in outcomes if outcome is not None)
        columns, rows = csv_table(done)
        written = write_table_and_page(target, "offices", columns, rows, render_offices_page(index.name, done, wall, time_limit))
    text = summary_text(index.name, done, wall) + f"\nwritten: {', '.join(map(str, written))} and one folder per office"
    return OfficeSetOutcome(index.name, done, target, wall, text)
