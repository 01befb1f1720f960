"""Certified differences and a certified minimum staffing, worked out by hand on made-up rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.scenario import BASE_SCENARIO
from planner.scenario.grid import Dimension, scenario_of
from planner.solve.params import SolveParams
from planner.whatif.certify import Difference, difference_text, objective_difference
from planner.whatif.compare import run_scenarios
from planner.whatif.figures import ScenarioFigures
from planner.whatif.run import ScenarioOutcome
from planner.whatif.staffing import FAILS, PASSES, UNKNOWN, StaffingAnswer, Target, Trial, minimum_staffing
from planner.whatif.table import csv_rows
from tests.whatif.conftest import tiny_base

DETERMINISTIC = SolveParams(time_limit=5, seed=0, workers=1, deterministic=True)


def _row(name: str, objective: float, bound: float, status: str = "FEASIBLE", **changes: object) -> ScenarioOutcome:
    figures = ScenarioFigures(
        objective=objective,
        bound=bound,
        calendar_objective=objective,
        calendar_bound=bound,
        gap=None,
        decided_gap=None,
        waited_year=0,
        waited_season=0,
        waited_deadline_day=0,
        service_level_season=0.7,
        service_level_season_outside_deadline=0.7,
        service_level_deadline_day=0.5,
        shortfall_half_days=0,
        visits=0,
        visits_season=0,
        visits_deadline_week=0,
        visits_by_officer={},
        duty_days_by_officer={},
        swapped_days=0,
        deadline_day="2017-11-20",
        waited_by_month={},
    )
    return ScenarioOutcome(name, name, status, figures, **changes)  # type: ignore[arg-type]


def test_two_proven_rows_differ_by_one_number() -> None:
    base, staff = _row("base", 163_631, 163_631, "OPTIMAL"), _row("staff", 109_731, 109_731, "OPTIMAL")
    difference = objective_difference(staff, base)
    assert difference == Difference(-53_900, -53_900)
    assert difference.proven and difference.distinguishable
    assert difference_text(staff, base) == "-53,900, proven"
    assert difference_text(staff, base, japanese=True) == "-53,900（証明済み）"


def test_an_unproven_row_gives_the_interval_from_both_bounds() -> None:
    # The scenario's optimum is in [108,100, 109,731], the base's in [163,000, 163,631]:
    # the difference in [108,100 - 163,631, 109,731 - 163,000] = [-55,531, -53,269].
    base, staff = _row("base", 163_631, 163_000), _row("staff", 109_731, 108_100)
    difference = objective_difference(staff, base)
    assert difference == Difference(-55_531, -53_269)
    assert difference.verdict == "certified"
    assert difference_text(staff, base) == "between -55,531 and -53,269"


def test_a_fractional_bound_is_rounded_up_for_an_integer_objective() -> None:
    base, other = _row("base", 1_000, 1_000, "OPTIMAL"), _row("other", 1_010, 989.2)
    assert objective_difference(other, base) == Difference(-10, 10)


def test_an_interval_holding_zero_is_not_distinguishable() -> None:
    base, thursday = _row("base", 163_631, 160_000), _row("thursday", 163_500, 161_000)
    difference = objective_difference(thursday, base)
    assert difference == Difference(161_000 - 163_631, 163_500 - 160_000)
    assert not difference.distinguishable and difference.verdict == "not distinguishable"
    assert difference_text(thursday, base) == "not distinguishable at this limit (-2,631 to +3,500)"
    assert difference_text(thursday, base, japanese=True).startswith("この制限時間では区別できない")


def test_no_difference_for_the_base_a_row_without_plan_or_other_weights() -> None:
    base = _row("base", 100, 100, "OPTIMAL")
    assert objective_difference(base, base) is None
    assert objective_difference(ScenarioOutcome("x", "x", "INFEASIBLE", None, "no room"), base) is None
    reweighted = _row("swaps-free", 90, 90, "OPTIMAL", weights_changed=True)
    assert objective_difference(reweighted, base) is None
    assert difference_text(reweighted, base) == "objective weights differ"
    columns, rows = csv_rows([base, reweighted])
    assert {"difference_low", "difference_high", "difference"} <= set(columns)
    assert rows[1]["difference"] == "not comparable" and rows[1]["difference_low"] is None


def test_a_plan_missing_the_target_fails_only_when_proven_optimal() -> None:
    target = Target(service_level=0.8)
    assert target.verdict(_row("a", 1, 1, "OPTIMAL"))[0] == FAILS
    verdict, why = target.verdict(_row("b", 1, 0, "FEASIBLE"))
    assert verdict == UNKNOWN and "raise the limit" in why
    assert target.verdict(ScenarioOutcome("c", "c", "NO_PLAN", None, "no plan in time"))[0] == UNKNOWN
    assert target.verdict(ScenarioOutcome("d", "d", "INFEASIBLE", None, "no room"))[0] == FAILS
    assert Target(service_level=0.6).verdict(_row("e", 1, 0, "FEASIBLE"))[0] == PASSES


def test_an_answer_is_certified_only_when_every_cheaper_point_is_proven_to_fail() -> None:
    def trial(cost: int, verdict: str) -> Trial:
        return Trial(_row(f"p{cost}", 1, 1), cost, {"officers": cost}, verdict, "")

    certified = StaffingAnswer(Target(), (trial(0, FAILS), trial(1, FAILS), trial(2, PASSES)))
    assert certified.answer is not None and certified.answer.cost == 2 and certified.certified
    uncertain = StaffingAnswer(Target(), (trial(0, FAILS), trial(1, UNKNOWN), trial(2, PASSES)))
    assert not uncertain.certified and [t.cost for t in uncertain.unknown] == [1]
    assert not StaffingAnswer(Target(), (trial(0, UNKNOWN),)).certified


@pytest.mark.slow
def test_minimum_staffing_on_the_tiny_base_is_certified(tmp_path: Path) -> None:
    answer = minimum_staffing(
        tiny_base(), [Dimension("season_staff", (0, 1, 2))], Target(service_level=0.8), DETERMINISTIC, tmp_path / "cache"
    )
    assert [(trial.settings["season_staff"], trial.verdict) for trial in answer.trials] == [(0, FAILS), (1, PASSES)]
    assert answer.certified


@pytest.mark.slow
def test_proven_rows_are_read_back_whatever_the_settings(tmp_path: Path) -> None:
    base = tiny_base()
    scenarios = [BASE_SCENARIO, scenario_of(base, {"season_staff": 1})]
    first = run_scenarios(base, scenarios, DETERMINISTIC, tmp_path / "cache", processes=1)
    assert [outcome.status for outcome in first.outcomes] == ["OPTIMAL", "OPTIMAL"]
    wall_clock = SolveParams(time_limit=30, seed=0, workers=2, deterministic=False)
    again = run_scenarios(base, scenarios, wall_clock, tmp_path / "cache", processes=1)
    assert all(outcome.cached for outcome in again.outcomes)
    assert [o.figures for o in again.outcomes] == [o.figures for o in first.outcomes]
    other_seed = run_scenarios(base, scenarios[:1], wall_clock.model_copy(update={"seed": 1}), tmp_path / "cache")
    assert not other_seed.outcomes[0].cached  # the seed is part of the objective (its shuffle term)
