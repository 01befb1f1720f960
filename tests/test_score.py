"""planner.score: a plan's objective term by term without the solver, equal to the solver's on its plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.calendar import expand
from planner.io.plan_files import read_plan_files
from planner.io.readers import load_instance
from planner.score import Decisions, objective, read_decisions, score
from planner.solution import MeetingDecision, VisitDecision
from tests.conftest import FY2017, day_index, facility, make_problem


def _solver_terms(plan_dir: Path) -> dict[str, int]:
    return {name: figures["value"] for name, figures in read_plan_files(plan_dir).document["terms"].items()}


def test_the_small_plan_scores_as_the_solver_said(small_instance_dir: Path, small_plan_dir: Path) -> None:
    problem = expand(load_instance(small_instance_dir))
    files = read_plan_files(small_plan_dir)
    terms = score(problem, read_decisions(problem, files))
    assert {name: value.value for name, value in terms.items() if name in files.document["terms"]} == _solver_terms(
        small_plan_dir
    )
    assert objective(terms) == files.document["objective"]


def test_fy2017_scores_as_the_solver_said(fy2017_plan) -> None:
    out, run = fy2017_plan
    assert run.returncode == 0, run.stderr
    problem = expand(load_instance(FY2017))
    files = read_plan_files(out)
    terms = score(problem, read_decisions(problem, files))
    assert {name: value.value for name, value in terms.items()} == _solver_terms(out)
    assert objective(terms) == files.document["objective"]


def _counter_problem():  # two officers, a steep table on one Monday
    return make_problem(
        [facility("F1"), facility("F2", block="south")],
        staffing={"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0},
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [{"start": "2017-06-05", "end": "2017-06-05", "per_day": 30}],
        },
        rounds=[
            {
                "id": "unannounced",
                "applies_to": "existing_community",
                "window": {"start": "2017-06-05", "end": "2017-06-09"},
                "announced": False,
            }
        ],
    )


def test_waiting_is_the_table_at_the_officers_left_at_the_counter() -> None:
    problem = _counter_problem()
    monday = day_index(problem, "2017-06-05")
    am = 2 * monday
    table = problem.slot_waiting[am]
    assert table[0] > table[1] > table[2]  # by hand: both officers at the counter wait least
    both_on_duty = frozenset({(0, monday), (1, monday)})
    at_counter = Decisions(both_on_duty, (), ())
    one_visits = Decisions(both_on_duty, (VisitDecision(0, 0, am),), ())
    both_visit = Decisions(both_on_duty, (VisitDecision(0, 0, am), VisitDecision(1, 1, am)), ())
    at_meeting = Decisions(both_on_duty, (), (MeetingDecision(0, monday, (am,), (0, 1)),))
    on_duty = {2 * monday: 2, 2 * monday + 1: 2}
    by_hand = sum(problem.visitor_minutes(slot, on_duty.get(slot, 0)) for slot in range(problem.num_slots))
    assert score(problem, at_counter)["counter_waiting"].value == by_hand
    assert (
        score(problem, one_visits)["counter_waiting"].value - score(problem, at_counter)["counter_waiting"].value
        == table[1] - table[2]
    )
    assert (
        score(problem, both_visit)["counter_waiting"].value - score(problem, at_counter)["counter_waiting"].value
        == table[0] - table[2]
    )
    assert score(problem, at_meeting)["counter_waiting"].value == score(problem, both_visit)["counter_waiting"].value


def test_unannounced_terms_by_hand() -> None:
    problem = _counter_problem()
    monday, tuesday = day_index(problem, "2017-06-05"), day_index(problem, "2017-06-06")
    duty = frozenset({(0, monday), (1, monday), (0, tuesday)})
    same_day = Decisions(duty, (VisitDecision(0, 0, 2 * monday), VisitDecision(1, 1, 2 * monday + 1)), ())
    two_days = Decisions(duty, (VisitDecision(0, 0, 2 * monday), VisitDecision(1, 0, 2 * tuesday)), ())
    # Two sure visits over the five weekdays of the window: an even spread is 1 a weekday.
    assert score(problem, same_day)["unannounced_weekdays"].value == 2 - 1
    assert score(problem, two_days)["unannounced_weekdays"].value == 1 - 1
    # Different blocks, but next to each other in the list and in one week: one clustering.
    assert score(problem, same_day)["unannounced_clustering"].value == 1
    # One officer makes both visits of the two facilities: no continuity charge (each facility has one visit).
    assert score(problem, two_days).get("officer_continuity") is None or score(problem, two_days)["officer_continuity"].value == 0


def test_duty_swaps_count_days_above_their_target() -> None:
    problem = _counter_problem()
    tuesday = day_index(problem, "2017-06-06")
    plan = Decisions(frozenset({(0, tuesday), (1, tuesday)}), (), ())
    assert score(problem, plan)["duty_swaps"].value == 2 - problem.day_target[tuesday] == 1


@pytest.mark.parametrize("seed", [0, 7])
def test_the_shuffle_cost_follows_the_seed(seed: int) -> None:
    from planner.score import shuffle_cost

    problem = _counter_problem()
    monday = day_index(problem, "2017-06-05")
    plan = Decisions(frozenset({(0, monday)}), (VisitDecision(0, 0, 2 * monday),), (), seed=seed)
    assert score(problem, plan)["unannounced_shuffle"].value == shuffle_cost(problem, seed, 0, problem.day_week[monday])
