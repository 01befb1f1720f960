"""Unannounced visits facilities cannot predict: weekdays, clustering, the seeded tie-break."""

from __future__ import annotations

from planner.calendar.problem import day_of
from planner.model import FAMILIES, build_model
from planner.model.terms.unpredictability import unannounced_clustering, unannounced_shuffle, unannounced_weekdays
from tests.conftest import build, day_index, facility, make_problem, solve_built
from tests.model.terms.shared import FIVE_DAYS, TWO_A_DAY, _round


def test_unannounced_weekdays_spreads_over_the_week() -> None:
    # 4 unannounced visits in one Mon-Fri week: one per weekday is possible, penalty 0;
    # two forced onto Monday: busiest weekday 2, even spread 1 -> penalty 1.
    facilities = [facility(f"C{k}") for k in range(4)]
    rounds = [_round("u", "2017-05-08", "2017-05-12", announced=False)]
    problem = make_problem(facilities, rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [unannounced_weekdays])).term("unannounced_weekdays") == 0
    built = build(problem, FAMILIES, [unannounced_weekdays])
    monday = day_index(problem, "2017-05-08")
    for task in (0, 1):
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if day_of(c.slot) == monday) == 1)
    assert solve_built(built).term("unannounced_weekdays") == 1


def test_unannounced_clustering_separates_block_and_list_neighbours() -> None:
    # C1 and C2 share a block and are list neighbours: same week costs 1 (block) + 1 (neighbours).
    facilities = [facility("C1", block="east"), facility("C2", block="east")]
    rounds = [_round("u", "2017-05-08", "2017-05-19", announced=False)]
    problem = make_problem(facilities, rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [unannounced_clustering])).term("unannounced_clustering") == 0
    built = build(problem, FAMILIES, [unannounced_clustering])
    first_week = {day_index(problem, d) for d in ("2017-05-08", "2017-05-09", "2017-05-10", "2017-05-11", "2017-05-12")}
    for task in (0, 1):
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if day_of(c.slot) in first_week) == 1)
    assert solve_built(built).term("unannounced_clustering") == 2


def test_shuffle_depends_on_the_seed_only() -> None:
    facilities = [facility(f"C{k}") for k in range(3)]
    problem = make_problem(facilities, rounds=[_round("u", "2017-05-08", "2017-06-30", announced=False)])

    def costs(seed: int) -> str:
        built = build_model(problem, seed=seed, families=(), terms=[unannounced_shuffle])
        return str(built.penalties[0].expression)

    assert costs(1) == costs(1)
    assert costs(1) != costs(2)
