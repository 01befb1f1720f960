"""Officer continuity: one officer per facility across its rounds, where possible."""

from __future__ import annotations

from planner.model import FAMILIES
from planner.model.terms.continuity import officer_continuity
from tests.conftest import build, facility, make_problem, solve_built
from tests.model.terms.shared import FIVE_DAYS, TWO_A_DAY, _chosen, _round


def test_continuity_keeps_one_officer_and_counts_a_second() -> None:
    rounds = [_round("first", "2017-05-08", "2017-05-12"), _round("second", "2017-09-04", "2017-09-08", announced=False)]
    problem = make_problem([facility("C1")], rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    solved = solve_built(build(problem, FAMILIES, [officer_continuity]))
    assert solved.term("officer_continuity") == 0 and len({c.officer for c in _chosen(solved)}) == 1
    built = build(problem, FAMILIES, [officer_continuity])
    for task, officer in ((0, 0), (1, 1)):  # first visit by A, second by B
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if c.officer == officer) == 1)
    assert solve_built(built).term("officer_continuity") == 1
