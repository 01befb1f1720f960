"""The greedy calendar: every plan it gives keeps every rule (the independent checker says so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.assign import name_officers_greedily
from planner.calendar import expand
from planner.check import check_plan_dir
from planner.generate import GenerateSpec, write_generated
from planner.greedy import greedy_calendar
from planner.io.readers import load_instance
from planner.io.writers import write_plan
from planner.kpis import visitor_minutes_waited
from planner.plan import make_plan
from planner.solution import Result, SolveStatus
from tests.conftest import FY2017


def _greedy_plan_violations(instance_dir: Path, out: Path, strategy: str) -> tuple[list[str], int]:
    problem = expand(load_instance(instance_dir))
    calendar = greedy_calendar(problem, strategy)
    assert calendar is not None
    solution = name_officers_greedily(problem, calendar)
    write_plan(make_plan(problem, Result(SolveStatus.FEASIBLE, solution, None, None, None, 0.0, 0, 1, 1.0)), out)
    return [str(v) for v in check_plan_dir(instance_dir, out)], visitor_minutes_waited(problem, solution)


@pytest.mark.parametrize("strategy", ["earliest", "cheapest"])
def test_greedy_plans_of_fy2017_and_a_generated_ward_keep_every_rule(tmp_path: Path, strategy: str) -> None:
    ward = write_generated(GenerateSpec(officers=8, facilities=120, seed=2), tmp_path / "ward")
    for instance_dir in (FY2017, ward):
        violations, _ = _greedy_plan_violations(instance_dir, tmp_path / f"{instance_dir.name}-{strategy}", strategy)
        assert violations == []


def test_cheapest_slots_wait_less_than_earliest_slots(tmp_path: Path) -> None:
    _, earliest = _greedy_plan_violations(FY2017, tmp_path / "earliest", "earliest")
    _, cheapest = _greedy_plan_violations(FY2017, tmp_path / "cheapest", "cheapest")
    assert cheapest < earliest


def test_small_plan_passes_with_the_greedy_names(small_instance_dir: Path, tmp_path: Path) -> None:
    violations, _ = _greedy_plan_violations(small_instance_dir, tmp_path / "small", "cheapest")
    assert violations == []
