"""Fair shares of visits and duty days between officers."""

from __future__ import annotations

from planner.model import FAMILIES
from planner.model.terms.fairness import duty_fairness, visit_fairness
from tests.conftest import build, facility, make_problem, solve_built
from tests.model.terms.shared import FIVE_DAYS, TWO_A_DAY, _round


def test_visit_fairness_is_the_distance_from_equal_shares() -> None:
    # 4 visits, two officers of equal capacity: shares 2 and 2.
    facilities = [facility(f"C{k}") for k in range(4)]
    problem = make_problem(facilities, rounds=[_round("r", "2017-05-08", "2017-05-19")], officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [visit_fairness])).term("visit_fairness") == 0
    built = build(problem, FAMILIES, [visit_fairness])
    for task in range(3):  # A makes 3: |3-2| + |1-2| = 2
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if c.officer == 0) == 1)
    assert solve_built(built).term("visit_fairness") == 2


def test_duty_fairness_shares_short_weeks() -> None:
    # Headcount 1 a day, two officers of 5 days: every week's duty days can be split evenly over the year.
    problem = make_problem(officers=FIVE_DAYS)
    solved = solve_built(build(problem, FAMILIES, [duty_fairness]))
    assert solved.optimal and solved.term("duty_fairness") <= 1  # 247 duty days: 124/123 at best (rounding)
