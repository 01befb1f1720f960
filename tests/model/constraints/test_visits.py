"""Visits: once each, inside the window, one activity per slot, samples."""

from __future__ import annotations

from planner.calendar.problem import day_of
from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.duty import add_headcount_targets, add_weekly_duty_totals
from planner.model.constraints.visits import add_each_visit_once, add_sample_sizes
from planner.model.terms.sampling import sample_findings
from tests.conftest import build, facility, make_problem, solve_built


def _round(first: str, last: str, **extra) -> list[dict]:
    return [{"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": first, "end": last}, **extra}]


def test_visit_lands_inside_its_window() -> None:
    problem = make_problem([facility("C1")], rounds=_round("2017-05-08", "2017-05-09"))
    solved = solve_built(build(problem, [add_each_visit_once]))
    chosen = [c for c in solved.built.variables.visits[0].choices if solved.solver.boolean_value(c.literal)]
    assert len(chosen) == 1
    assert problem.day_labels[day_of(chosen[0].slot)] in ("2017-05-08", "2017-05-09")
    assert all(
        problem.day_labels[day_of(c.slot)] in ("2017-05-08", "2017-05-09") for c in solved.built.variables.visits[0].choices
    )


def test_a_visit_cannot_be_skipped() -> None:
    problem = make_problem([facility("C1")], rounds=_round("2017-05-08", "2017-05-09"))
    built = build(problem, [add_each_visit_once])
    for choice in built.variables.visits[0].choices:
        built.model.add(choice.literal == 0)
    assert not solve_built(built).feasible


def test_one_officer_makes_two_visits_in_one_day_but_not_three() -> None:
    # One officer on duty on Mon 8 May (headcount 1, counter_min 0): am and pm.
    families = [add_each_visit_once, add_one_activity_per_officer_and_slot, add_weekly_duty_totals, add_headcount_targets]
    two = make_problem([facility("C1"), facility("C2")], rounds=_round("2017-05-08", "2017-05-08"))
    solved = solve_built(build(two, families))
    assert solved.feasible
    officers = {c.officer for v in solved.built.variables.visits for c in v.choices if solved.solver.boolean_value(c.literal)}
    assert len(officers) == 1  # the single officer on duty
    three = make_problem([facility("C1"), facility("C2"), facility("C3")], rounds=_round("2017-05-08", "2017-05-08"))
    assert not solve_built(build(three, families)).feasible


def test_sample_picks_exactly_its_size_favouring_open_findings() -> None:
    # 3 candidates with 0, 2 and 1 open findings; a sample of 2 leaves out the
    # facility with none: penalty 0. A sample of 1 leaves out 1 finding at best.
    facilities = [facility("C1", open_findings=0), facility("C2", open_findings=2), facility("C3", open_findings=1)]
    for size, expected_left_out in ((2, 0), (1, 1)):
        problem = make_problem(facilities, rounds=_round("2017-05-08", "2017-05-31", sample_size=size))
        solved = solve_built(build(problem, [add_each_visit_once, add_sample_sizes], [sample_findings]))
        assert solved.optimal
        picked = {
            problem.facilities[problem.visits[v.task].facility].id
            for v in solved.built.variables.visits
            if solved.solver.value(v.present)
        }
        assert len(picked) == size
        assert solved.term("sample_findings") == expected_left_out
        assert "C2" in picked
