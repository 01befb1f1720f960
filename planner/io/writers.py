"""Write a :class:`~planner.plan.Plan` as the contract files, atomically.

Files are written into a temporary directory beside the target, which then
replaces the target: a failed run never leaves half a plan, nor removes the
previous one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pandas as pd

from planner.errors import OutputError
from planner.io.output_folder import claim_output_folder, mark_output_folder
from planner.io.plan_files import CounterRecord, DutyRecord, MeetingRecord, PlanFiles, VisitRecord
from planner.plan import CounterRow, MeetingRow, Plan, RosterRow, VisitRow
from planner.solution import Result, StageResult, WindowFigures

CONTRACT_FILES = ("visits.csv", "roster.csv", "meetings.csv", "counter.csv", "plan.json")


def _table(rows: Sequence[Any], row_type: type) -> pd.DataFrame:
    columns = [f.name for f in fields(row_type)]
    frame = pd.DataFrame([asdict(row) for row in rows], columns=columns)
    for column in frame.columns:
        if frame[column].dtype == bool:  # the contract spells booleans true/false
            frame[column] = frame[column].map({True: "true", False: "false"})
    return frame


def run_figures(run: Result) -> dict[str, Any]:
    """The run's figures as ``plan.json`` states them (status names, seconds to the millisecond)."""
    return {
        "status": run.status.value,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "decided_gap": None if run.decided_gap is None else round(run.decided_gap, 6),
        "floor": {} if run.floor is None else {"value": run.floor.value, "parts": run.floor.parts, "method": run.floor.method},
        "objective_mode": run.objective_mode,
        "model": run.model,
        "stages": [_stage_figures(stage) for stage in run.stages],
        "solve_seconds": round(run.solve_seconds, 3),
        "seed": run.seed,
        "workers": run.workers,
        "deterministic": run.deterministic,
        "visits_replaced": run.visits_replaced,
        "time_limit": run.time_limit,
        "model_size": dict(run.model_size),
    }


def _stage_figures(stage: StageResult) -> dict[str, Any]:
    return {
        "stage": stage.name,
        "terms": list(stage.terms),
        "status": stage.status.value,
        "objective": stage.objective,
        "bound": stage.bound,
        "gap": None if stage.gap is None else round(stage.gap, 6),
        "seconds": round(stage.seconds, 3),
        "stopped_by": stage.stopped_by,
        "solver": stage.solver,
        "model_size": dict(stage.model_size),
        **({} if stage.windows is None else {"windows": _window_figures(stage.windows)}),
    }


def _window_figures(windows: WindowFigures) -> dict[str, Any]:
    """How a large calendar was searched (:mod:`planner.solve.windows`)."""
    return {
        "method": "from the start calendar, windows of consecutive weeks re-solved one after another with every "
        "decision outside them fixed to the best plan; then the whole model from that plan (its status and bound are "
        "the stage's)",
        "start_objective": windows.start_objective,
        "windows_objective": windows.objective,
        "windows_solved": windows.windows,
        "windows_improved": windows.improved,
        "windows_proven": windows.proven,
        "widest_weeks": windows.widest_weeks,
        "windows_seconds": round(windows.seconds, 3),
        "whole_model_seconds": round(windows.whole_model_seconds, 3),
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """``plan.json``: the run's figures first, then every row of the plan."""
    document = asdict(plan)
    document.pop("run")
    document.update(run_figures(plan.run))
    if document.get("replan") is None:
        document.pop("replan", None)
    ordered = {
        key: document.pop(key)
        for key in (
            "name",
            "fiscal_year",
            "status",
            "objective",
            "bound",
            "gap",
            "decided_gap",
            "floor",
            "objective_mode",
            "model",
            "stages",
            "solve_seconds",
            "seed",
            "workers",
            "deterministic",
            "time_limit",
            "model_size",
            "terms",
            "kpis",
            "duty_moves",
        )
    }
    ordered["instance"] = ordered.pop("name")
    return {**ordered, **document}


def plan_files_of(plan: Plan) -> PlanFiles:
    """The contract files of ``plan`` as :func:`~planner.io.plan_files.read_plan_files` would read them back,
    without writing them (the browser re-checks every edit with the independent checker)."""
    import datetime as dt

    def day(text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    return PlanFiles(
        tuple(VisitRecord(r.facility_id, r.round, day(r.date), r.slot, r.officer_id, r.announced) for r in plan.visits),
        tuple(DutyRecord(day(r.date), r.officer_id) for r in plan.roster),
        tuple(MeetingRecord(r.meeting_id, day(r.date), r.slot, r.officer_id) for r in plan.meetings),
        tuple(
            CounterRecord(day(r.date), r.slot, r.expected_arrivals, r.officers_at_counter, r.required_officers)
            for r in plan.counter
        ),
        json.loads(json.dumps(plan_document(plan), ensure_ascii=False)),
    )


def write_plan_files(plan: Plan, directory: Path, *, csv_bom: bool = False) -> None:
    """Write the contract files into an existing ``directory`` (not atomic by itself).

    ``csv_bom`` starts each CSV with a UTF-8 byte-order mark, which Excel needs
    to open Japanese text as UTF-8 on a double click.
    """
    encoding = "utf-8-sig" if csv_bom else "utf-8"
    for name, rows, row_type in (
        ("visits.csv", plan.visits, VisitRow),
        ("roster.csv", plan.roster, RosterRow),
        ("meetings.csv", plan.meetings, MeetingRow),
        ("counter.csv", plan.counter, CounterRow),
    ):
        _table(rows, row_type).to_csv(directory / name, index=False, encoding=encoding)
    with open(directory / "plan.json", "w", encoding="utf-8") as handle:
        json.dump(plan_document(plan), handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def write_plan(
    plan: Plan,
    out_dir: Path | str,
    *,
    command: str = "solve",
    csv_bom: bool = False,
    extras: Callable[[Path], object] | None = None,
) -> Path:
    """Write ``plan`` to ``out_dir`` atomically; returns the directory.

    ``extras`` writes more files into the same staging directory (the
    documents), so contract files and documents are replaced together.
    ``command`` is named in the folder's marker.
    """

    def fill(staging: Path) -> None:
        write_plan_files(plan, staging, csv_bom=csv_bom)
        if extras is not None:
            extras(staging)

    return write_directory(out_dir, fill, command)


def write_directory(out_dir: Path | str, fill: Callable[[Path], None], command: str) -> Path:
    """Have ``fill`` write into a temporary directory, then swap it in as ``out_dir``.

    Only a folder the planner may replace is replaced (:func:`claim_output_folder`,
    checked again here in case it changed while the command ran); the folder's
    marker is written last, naming ``command``.
    """
    target = Path(out_dir)
    _recover_interrupted_swap(target)
    claim_output_folder(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.writing-", dir=target.parent))
    except OSError as error:
        raise OutputError(f"{target}: cannot create the output directory ({error.strerror})") from None
    try:
        fill(staging)
        mark_output_folder(staging, command)
        _swap_into_place(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{target}: cannot write ({error.strerror or error})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _recover_interrupted_swap(target: Path) -> None:
    """A run killed between the two renames of a swap leaves the previous plan
    stepped aside as ``.<name>.previous-*`` and no ``<name>``: put it back."""
    if target.exists() or not target.parent.is_dir():
        return
    retired = sorted(target.parent.glob(f".{target.name}.previous-*"), key=lambda path: path.stat().st_mtime)
    if retired:
        os.rename(retired[-1], target)


def _swap_into_place(staging: Path, target: Path) -> None:
    # rename() cannot replace a non-empty directory, so the old plan steps
    # aside first and is removed only once the new one is in place.
    if target.exists() and not target.is_dir():
        raise OSError(f"{target} exists and is not a directory")
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=target.parent))
        os.rmdir(retired)
        os.rename(target, retired)
    try:
        os.rename(staging, target)
    except OSError:
        if retired is not None:
            os.rename(retired, target)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def write_changes(rows: Sequence[Any], path: Path) -> None:
    """``changes.csv`` of a re-plan (:class:`planner.replan.changelist.ChangeRow`)."""
    from planner.replan.changelist import ChangeRow

    _table(rows, ChangeRow).to_csv(path, index=False)


def write_instance_files(instance: Any, directory: Path) -> None:
    """An instance directory (``instance.yaml``, ``facilities.csv``) that loads back to ``instance``."""
    import yaml

    from planner.io.readers import FACILITY_COLUMNS

    directory.mkdir(parents=True, exist_ok=True)
    spec = instance.spec.model_dump(mode="json", exclude_none=True)
    with open(directory / "instance.yaml", "w", encoding="utf-8") as handle:
        yaml.safe_dump(spec, handle, allow_unicode=True, sort_keys=False)
    columns = list(FACILITY_COLUMNS)
    rows = [facility.model_dump(mode="json") for facility in instance.facilities]
    pd.DataFrame(rows, columns=columns).to_csv(directory / "facilities.csv", index=False)
