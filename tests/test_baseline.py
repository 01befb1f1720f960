"""The earliest-free-slot baseline makes a valid plan (checked independently)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.baseline import earliest_free_slot_visits
from planner.calendar import expand
from planner.check import check_plan_dir
from planner.io.readers import load_instance
from planner.io.writers import write_plan
from planner.kpis import visitor_minutes_waited
from planner.plan import make_plan
from planner.solution import Result
from planner.solve import SolveParams, solve


@pytest.mark.slow
def test_baseline_plan_passes_the_checker(small_instance_dir: Path, tmp_path: Path) -> None:
    problem = expand(load_instance(small_instance_dir))
    result = solve(problem, SolveParams(time_limit=30, workers=1))
    assert result.solution is not None
    baseline = earliest_free_slot_visits(problem, result.solution)
    assert len(baseline.visits) == len(result.solution.visits)
    # Its first visit is the first free half-day of the first round's window.
    first = min(baseline.visits, key=lambda v: v.slot)
    assert first.slot == min(s for s in problem.visits[first.task].slots if s // 2 in {d for _, d in baseline.duty})
    plan = make_plan(problem, Result(**{**result.__dict__, "solution": baseline}))
    assert check_plan_dir(small_instance_dir, write_plan(plan, tmp_path / "baseline")) == []
    assert visitor_minutes_waited(problem, baseline) > 0
