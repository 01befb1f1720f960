"""Outputs survive a killed run, and the same seed and workers give the same files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from planner.io.output_folder import mark_output_folder
from planner.io.writers import write_directory
from planner.pipeline import run_solve

CONTRACT_CSVS = ("visits.csv", "roster.csv", "meetings.csv", "counter.csv")


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1.5, 4.0, 6.5])
def test_killing_a_solve_leaves_the_previous_outputs_byte_identical(
    tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path, kill_after: float
) -> None:
    out = tmp_path / "plan"
    shutil.copytree(small_plan_dir, out)
    before = _snapshot(out)
    run = subprocess.Popen(
        ["planner", "solve", str(small_instance_dir), "--out", str(out), "--workers", "1", "--seed", "3", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(kill_after)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    # Whatever the moment of the kill, the plan directory holds one whole plan: the old one,
    # or (if the kill came after the swap) a new one; never a mix, never nothing.
    after = _snapshot(out)
    if after != before:
        assert json.loads(after["plan.json"])["seed"] == 3 and set(after) == set(before)


def test_a_swap_interrupted_between_its_renames_is_put_back(tmp_path: Path) -> None:
    target = tmp_path / "plan"
    target.mkdir()
    (target / "visits.csv").write_text("old\n", encoding="utf-8")
    mark_output_folder(target, "solve")
    os.rename(target, tmp_path / ".plan.previous-abc")  # killed right after stepping the old plan aside
    with pytest.raises(RuntimeError):
        write_directory(target, lambda staging: (_ for _ in ()).throw(RuntimeError("crash while writing")), "solve")
    assert (target / "visits.csv").read_text(encoding="utf-8") == "old\n"


@pytest.mark.slow
def test_same_seed_and_workers_give_byte_identical_contract_files(tmp_path: Path, small_instance_dir: Path) -> None:
    runs = []
    for name in ("first", "second"):
        outcome = run_solve(small_instance_dir, tmp_path / name, time_limit=60, seed=5, workers=1, documents=False)
        assert outcome.exit_code == 0
        runs.append(tmp_path / name)
    for name in CONTRACT_CSVS:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    documents = [json.loads((run / "plan.json").read_text(encoding="utf-8")) for run in runs]
    for document in documents:  # the wall-clock times are the one figure a rerun cannot repeat
        document.pop("solve_seconds")
        for stage in document["stages"]:
            stage.pop("seconds")
    assert documents[0] == documents[1]


@pytest.mark.slow
def test_deterministic_mode_repeats_on_two_workers_on_a_loaded_machine(tmp_path: Path, small_instance_dir: Path) -> None:
    # The second run shares the cores with two busy processes: a wall-clock stop would end its
    # search elsewhere; work units stop it at the same point, so the files are the same.
    import subprocess
    import sys

    from click.testing import CliRunner

    from planner.cli import cli

    runs = []
    for name, load in (("first", 0), ("second", 2)):
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(load)]
        try:
            result = CliRunner().invoke(
                cli,
                [
                    "solve",
                    str(small_instance_dir),
                    "--out",
                    str(tmp_path / name),
                    "--workers",
                    "2",
                    "--seed",
                    "1",
                    "--time-limit",
                    "4",
                    "--deterministic",
                    "--no-documents",
                    "--quiet",
                ],
            )
        finally:
            for hog in hogs:
                hog.kill()
        assert result.exit_code == 0, result.output
        runs.append(tmp_path / name)
    for name in CONTRACT_CSVS:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    documents = [json.loads((run / "plan.json").read_text(encoding="utf-8")) for run in runs]
    assert [stage["stopped_by"] for stage in documents[0]["stages"]] == [stage["stopped_by"] for stage in documents[1]["stages"]]
    assert documents[0]["objective"] == documents[1]["objective"] and documents[0]["bound"] == documents[1]["bound"]
