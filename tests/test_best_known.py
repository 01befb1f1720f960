"""The best-known table (benchmarks/best_known.py): every stored plan re-checked and re-scored, and
an update takes only improvements whose plans the checker passes and re-score to what the run said."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _best_known() -> ModuleType:
    spec = importlib.util.spec_from_file_location("best_known", ROOT / "benchmarks" / "best_known.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["best_known"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


best_known = _best_known()
SHIPPED = best_known.read_table()
FY2017 = "nishitokyo-fy2017"
FY2017_S0 = best_known.key_of(FY2017, 0)


@pytest.mark.parametrize(
    "key",
    [pytest.param(key, marks=[pytest.mark.slow] if key.startswith(("10x200", "40x800")) else []) for key in sorted(SHIPPED)],
)
def test_every_stored_best_plan_passes_the_checker_and_is_priced_at_its_objective(key: str) -> None:
    entry = SHIPPED[key]
    rescored, why = best_known.rescore(entry["instance"], best_known.PLANS / key)
    assert rescored is not None, why
    assert rescored.objective == round(float(entry["objective"]))
    # The checker's own price: the same, but for half-days whose waiting rounds within its margin.
    assert rescored.checker == round(float(entry["checker_objective"]))
    assert abs(rescored.checker - rescored.objective) <= rescored.uncertain
    assert float(entry["bound"]) <= rescored.objective
    for field in best_known.PROVENANCE:
        assert entry[f"objective_{field}"] != "" and entry[f"bound_{field}"] != "", field


def test_every_rung_up_to_10x200_has_a_bound_from_each_solver() -> None:
    for key, entry in SHIPPED.items():
        if not key.startswith(("20x", "40x")):
            assert entry["cp_sat_bound"] and entry["highs_bound"], key


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
    stored = ROOT / "benchmarks" / "best_known" / FY2017_S0
    objective = round(float(SHIPPED[FY2017_S0]["objective"]))
    broken = scratch_table / "broken"
    shutil.copytree(stored, broken)
    lines = (broken / "visits.csv").read_text(encoding="utf-8").splitlines()
    (broken / "visits.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # a visit left out
    _fake_run(scratch_table / "run-a", broken, [{"config": "highs", "seed": 0, "solver": "highs", "objective": objective - 500}])
    _fake_run(
        scratch_table / "run-b",
        stored,
        [
            {"config": "two-stage", "seed": 0, "solver": "cp-sat", "objective": objective - 7},
            {"config": "per-officer", "seed": 3, "solver": "cp-sat", "objective": objective},  # seed 0's plan
        ],
    )
    notes = best_known.update([scratch_table / "run-a", scratch_table / "run-b"])
    assert any("highs wall-clock seed 0: refused (the checker rejects it" in note for note in notes), notes
    assert any(
        f"two-stage wall-clock seed 0: refused (reported {objective - 7:,}, re-scored {objective:,})" in note for note in notes
    )
    assert any("per-officer wall-clock seed 3: refused (its plan is for seed 0)" in note for note in notes), notes
    assert best_known.read_table()[FY2017_S0].get("objective") in (None, "")


def test_an_update_takes_only_improvements_and_keeps_each_provenance(scratch_table: Path) -> None:
    stored = ROOT / "benchmarks" / "best_known" / FY2017_S0
    objective = round(float(SHIPPED[FY2017_S0]["objective"]))
    _fake_run(
        scratch_table / "run-a",
        stored,
        [
            {"config": "highs", "seed": 0, "solver": "highs", "objective": objective, "bound": objective - 40},
            {"config": "two-stage", "seed": 0, "solver": "cp-sat", "objective": objective, "bound": objective - 20},
            {"config": "per-officer", "seed": 0, "solver": "cp-sat", "objective": objective, "bound": objective + 100},
        ],
    )
    notes = best_known.update([scratch_table / "run-a"])
    entry = best_known.read_table()[FY2017_S0]
    # The first plan is kept: an equal objective later does not replace it.
    assert float(entry["objective"]) == objective and entry["objective_config"] == "highs"
    assert entry["objective_solver"].startswith("HiGHS")
    assert float(entry["bound"]) == objective - 20 and entry["bound_config"] == "two-stage"
    assert entry["bound_solver"].startswith("CP-SAT")
    assert float(entry["highs_bound"]) == objective - 40 and float(entry["cp_sat_bound"]) == objective - 20
    assert any("per-officer wall-clock seed 0: refused bound" in note for note in notes), notes
    assert entry["class"] == "open"  # no run proved it
    assert best_known.check() == []
    assert (best_known.PLANS / FY2017_S0 / "visits.csv").exists()


def test_an_update_refuses_a_plan_the_checker_prices_apart_from_the_scorer(
    scratch_table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from planner.check import pricing

    real = pricing.price_plan

    def priced_lower(instance: Any, plan: Any) -> Any:  # as if the model's tables were 5 minutes high in one place
        price = real(instance, plan)
        return dataclasses.replace(price, values={**price.values, "counter_waiting": price.values["counter_waiting"] - 5})

    # (Priced higher, the plan would claim less than it costs: the checker itself rejects that, as a violation.)
    monkeypatch.setattr(pricing, "price_plan", priced_lower)
    stored = ROOT / "benchmarks" / "best_known" / FY2017_S0
    objective = round(float(SHIPPED[FY2017_S0]["objective"]))
    _fake_run(scratch_table / "run-a", stored, [{"config": "highs", "seed": 0, "solver": "highs", "objective": objective}])
    notes = best_known.update([scratch_table / "run-a"])
    assert any(f"refused (the checker prices it at {objective - 5:,}, the scorer at {objective:,})" in note for note in notes), (
        notes
    )


def test_a_plan_made_elsewhere_is_submitted_with_its_own_provenance(scratch_table: Path) -> None:
    stored = ROOT / "benchmarks" / "best_known" / FY2017_S0
    objective = round(float(SHIPPED[FY2017_S0]["objective"]))
    provenance = {
        "solver": "SCIP 9.2 on planner model's MPS",
        "config": "defaults, 1 thread",
        "parameters": "defaults",
        "machine": "a laptop",
    }
    notes = best_known.submit(stored, FY2017, provenance, bound=objective - 20)
    entry = best_known.read_table()[FY2017_S0]
    assert float(entry["objective"]) == objective and entry["objective_solver"] == "SCIP 9.2 on planner model's MPS"
    assert float(entry["bound"]) == objective - 20 and entry["bound_machine"] == "a laptop"
    assert entry["cp_sat_bound"] in (None, "") and entry["highs_bound"] in (None, "")  # a claim is not a solver's column
    assert any("best objective" in note for note in notes), notes
    # A bound above the checked plan is refused, whoever claims it.
    notes = best_known.submit(stored, FY2017, provenance, bound=objective + 10)
    assert any("refused bound" in note for note in notes), notes
