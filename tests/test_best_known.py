"""The best-known table (benchmarks/best_known.py): every stored plan re-checked and re-scored, and
an update takes only improvements whose plans the checker passes and re-score to what the run said."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _best_known() -> ModuleType:
    spec = importlib.util.spec_from_file_location("best_known", ROOT / "benchmarks" / "best_known.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


best_known = _best_known()
SHIPPED = best_known.read_table()
FY2017 = "nishitokyo-fy2017"


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=[pytest.mark.slow] if name.startswith("40x800") else []) for name in sorted(SHIPPED)],
)
def test_every_stored_best_plan_passes_the_checker_and_rescores_to_its_objective(name: str) -> None:
    entry = SHIPPED[name]
    rescored, why = best_known.rescore(name, best_known.PLANS / name)
    assert rescored is not None, why
    assert rescored == round(float(entry["objective"]))
    assert float(entry["bound"]) <= rescored
    for key in ("solver", "config", "parameters", "seed", "machine", "date", "commit"):
        assert entry[f"objective_{key}"] != "" and entry[f"bound_{key}"] != "", key


def test_every_rung_up_to_10x200_has_a_bound_from_each_solver() -> None:
    for name, entry in SHIPPED.items():
        if not name.startswith(("20x", "40x")):
            assert entry["cp_sat_bound"] and entry["highs_bound"], name


def _fake_run(stem: Path, plan: Path, rows: list[dict[str, Any]]) -> None:
    """A harness run's files: its manifest, its CSV and, per row, the given plan as that run's."""
    manifest = {"when": "2026-12-08T00:00:00+00:00", "cpu": "test CPU", "cores": 2, "ortools": "9.x", "highspy": "1.x"}
    Path(f"{stem}-manifest.json").write_text(json.dumps({**manifest, "commit": "0" * 40}), encoding="utf-8")
    columns = ["instance", "config", "track", "seed", "limit", "status", "solver", "objective", "bound", "solve_s"]
    with open(f"{stem}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            full = {"instance": FY2017, "track": "wall-clock", "limit": 60, "status": "FEASIBLE", "solve_s": 10, **row}
            writer.writerow(full)
            target = Path(f"{stem}-plans") / FY2017 / f"{full['config']}-{full['track']}-s{full['seed']}"
            shutil.copytree(plan, target)


@pytest.fixture
def scratch_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(best_known, "TABLE", tmp_path / "best_known.csv")
    monkeypatch.setattr(best_known, "PLANS", tmp_path / "best_known")
    return tmp_path


def test_an_update_refuses_a_plan_the_checker_rejects_or_that_rescores_differently(scratch_table: Path) -> None:
    stored = ROOT / "benchmarks" / "best_known" / FY2017
    objective = round(float(SHIPPED[FY2017]["objective"]))
    broken = scratch_table / "broken"
    shutil.copytree(stored, broken)
    lines = (broken / "visits.csv").read_text(encoding="utf-8").splitlines()
    (broken / "visits.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # a visit left out
    _fake_run(scratch_table / "run-a", broken, [{"config": "highs", "seed": 0, "solver": "highs", "objective": objective - 500}])
    _fake_run(scratch_table / "run-b", stored, [{"config": "highs", "seed": 1, "solver": "highs", "objective": objective - 7}])
    notes = best_known.update([scratch_table / "run-a", scratch_table / "run-b"])
    assert any("seed 0: refused (the checker rejects it" in note for note in notes), notes
    assert any(f"seed 1: refused (reported {objective - 7:,}, re-scored {objective:,})" in note for note in notes), notes
    assert best_known.read_table()[FY2017].get("objective") in (None, "")


def test_an_update_takes_only_improvements_and_keeps_each_provenance(scratch_table: Path) -> None:
    stored = ROOT / "benchmarks" / "best_known" / FY2017
    objective = round(float(SHIPPED[FY2017]["objective"]))
    _fake_run(
        scratch_table / "run-a",
        stored,
        [
            {"config": "highs", "seed": 2, "solver": "highs", "objective": objective, "bound": objective - 40},
            {"config": "two-stage", "seed": 3, "solver": "cp-sat", "objective": objective, "bound": objective - 20},
            {"config": "two-stage", "seed": 4, "solver": "cp-sat", "objective": objective, "bound": objective + 100},
        ],
    )
    notes = best_known.update([scratch_table / "run-a"])
    entry = best_known.read_table()[FY2017]
    assert (
        float(entry["objective"]) == objective and entry["objective_seed"] == "2"
    )  # the first; the equal later ones do not replace it
    assert float(entry["bound"]) == objective - 20 and entry["bound_seed"] == "3" and entry["bound_solver"].startswith("CP-SAT")
    assert float(entry["highs_bound"]) == objective - 40 and float(entry["cp_sat_bound"]) == objective - 20
    assert any("seed 4: refused bound" in note for note in notes), notes
    assert entry["class"] == "open"  # no run proved it
    assert best_known.check() == []
    assert (best_known.PLANS / FY2017 / "visits.csv").exists()
