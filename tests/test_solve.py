"""Solving end to end through the library: statuses, explanations, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.calendar import expand
from planner.check import check_plan_dir
from planner.pipeline import run_solve
from planner.solution import SolveStatus
from planner.solve import SolveParams, solve
from tests.conftest import facility, make_instance


def test_small_instance_is_solved_to_optimality_and_passes_the_checker(small_instance_dir: Path, small_plan_dir: Path) -> None:
    document = json.loads((small_plan_dir / "plan.json").read_text(encoding="utf-8"))
    # Lexicographic: OPTIMAL means each stage proven; the run's bound is the calendar's, below the
    # weighted sum by at most the officer terms the second stage minimises.
    assert document["status"] == "OPTIMAL" and document["objective_mode"] == "lexicographic"
    assert [stage["status"] for stage in document["stages"]] == ["OPTIMAL", "OPTIMAL"]
    assert all(stage["gap"] == 0 for stage in document["stages"])
    officer_terms = sum(document["terms"].get(term, {}).get("weighted", 0) for term in ("officer_continuity", "visit_fairness"))
    assert document["objective"] - document["bound"] == officer_terms
    assert sum(term["weighted"] for term in document["terms"].values()) == document["objective"]
    assert document["floor"]["value"] <= document["bound"]
    # 2 new + 4 announced + 4 unannounced + 2 unlicensed + sample of 2
    assert document["kpis"]["visits_total"] == 14
    assert document["kpis"]["thinnest_weekdays"] == ["thu"]
    assert document["kpis"]["visits_on_thinnest_weekdays"] == 0
    assert check_plan_dir(small_instance_dir, small_plan_dir) == []


def test_small_plan_favours_open_findings_and_avoids_the_season(small_plan_dir: Path) -> None:
    document = json.loads((small_plan_dir / "plan.json").read_text(encoding="utf-8"))
    sampled = {row["facility_id"] for row in document["visits"] if row["round"] == "sampled"}
    assert sampled == {"C1", "C3"}  # the two with open findings
    in_season = [row for row in document["visits"] if row["date"][5:7] in ("10", "11")]
    assert [row["facility_id"] for row in in_season] == ["N2"]  # opens 1 Oct: its window is October


@pytest.mark.slow
def test_same_seed_same_plan(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    again = run_solve(small_instance_dir, tmp_path / "again", time_limit=60, seed=0, workers=1)
    assert again.exit_code == 0
    for name in ("visits.csv", "roster.csv", "meetings.csv", "counter.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (small_plan_dir / name).read_bytes()


def test_conflict_found_before_solving_is_infeasible_with_its_reason() -> None:
    # One officer on duty on Mon 8 May and no meeting to swap for: 2 half-days, 3 visits.
    rounds = [
        {
            "id": "announced",
            "applies_to": "existing_community",
            "announced": True,
            "window": {"start": "2017-05-08", "end": "2017-05-08"},
        }
    ]
    problem = expand(make_instance([facility("C1"), facility("C2"), facility("C3")], rounds=rounds))
    result = solve(problem, SolveParams(time_limit=10, workers=1))
    assert result.status is SolveStatus.INFEASIBLE
    assert result.explanation == (
        "rounds announced: 3 visits must fall between 2017-05-08 and 2017-05-08, but at most 2 officer "
        "half-days are free there beside the counter floor (counter_min=0)",
    )


def test_solver_infeasibility_names_the_clashing_rule() -> None:
    # Two all-officer meetings fixed in the same half-day: nobody can be in both.
    meetings = [
        {"id": "m1", "kind": "officers", "attendees": "all", "date": "2017-05-10", "slot": "am"},
        {"id": "m2", "kind": "officers", "attendees": "all", "date": "2017-05-10", "slot": "am"},
    ]
    problem = expand(make_instance([facility("C1")], meetings=meetings))
    result = solve(problem, SolveParams(time_limit=10, workers=1))
    assert result.status is SolveStatus.INFEASIBLE
    # The smallest clashing set of rule groups, from assumption literals, in words:
    assert result.explanation[0].startswith("the rules cannot all hold; these clash (dropping any one")
    lines = result.explanation[1:]
    assert "  meeting m1 is held once on 2017-05-10" in lines and "  meeting m2 is held once on 2017-05-10" in lines
    assert any("one thing per half-day" in line for line in lines) and len(lines) == 3


def test_a_time_limit_too_short_gives_no_plan(small_instance_dir: Path) -> None:
    from planner.io.readers import load_instance

    result = solve(expand(load_instance(small_instance_dir)), SolveParams(time_limit=0.001, workers=1))
    assert result.status in (SolveStatus.NO_PLAN, SolveStatus.FEASIBLE, SolveStatus.OPTIMAL)
    if result.status is SolveStatus.NO_PLAN:
        assert "time limit" in result.explanation[0]


@pytest.mark.slow
def test_previous_year_weekday_repeats_are_counted(tmp_path, small_instance_dir, small_plan_dir) -> None:
    import csv
    import datetime as dt

    from planner.pipeline import run_solve

    outcome = run_solve(
        small_instance_dir, tmp_path / "plan", time_limit=60, seed=7, workers=1, documents=False, previous_plan=small_plan_dir
    )
    assert outcome.exit_code == 0

    def weekdays(directory):
        with open(directory / "visits.csv", encoding="utf-8") as handle:
            return {
                r["facility_id"]: dt.date.fromisoformat(r["date"]).weekday()
                for r in csv.DictReader(handle)
                if r["announced"] == "false"
            }

    last, this = weekdays(small_plan_dir), weekdays(tmp_path / "plan")
    figures = outcome.plan.kpis["unannounced"]
    assert figures["previous_year_compared"] == len(this.keys() & last.keys()) > 0
    assert figures["repeats_previous_weekday"] == sum(this[f] == last[f] for f in this.keys() & last.keys())
    assert "on last year's weekday" in outcome.summary


def test_a_plan_the_search_did_not_prove_is_reported_at_its_own_value(small_instance_dir: Path) -> None:
    import dataclasses

    from planner.io.readers import load_instance
    from planner.score import decisions_of_solution, objective, score
    from planner.solution import TermValue
    from planner.solve import _at_the_plans_value

    problem = expand(load_instance(small_instance_dir))
    proven = solve(problem, SolveParams(workers=1, deterministic=True, solver="cp-sat"))
    assert proven.status is SolveStatus.OPTIMAL
    # As a cut-off search leaves it: a helper above its least (3 short half-days too many), the status FEASIBLE.
    solution = proven.solution
    inflated = {**solution.terms, "counter_shortfall": TermValue(solution.terms["counter_shortfall"].value + 3, 100)}
    cut_off = dataclasses.replace(
        proven,
        status=SolveStatus.FEASIBLE,
        solution=dataclasses.replace(solution, terms=inflated),
        objective=proven.objective + 300,
    )
    reported = _at_the_plans_value(problem, cut_off)
    assert reported.objective == proven.objective == objective(score(problem, decisions_of_solution(solution, proven.seed)))
    assert reported.solution.terms == solution.terms and reported.bound == proven.bound
    assert reported.gap <= cut_off.gap or cut_off.gap is None
    # A proven run is left as the solver gave it.
    assert _at_the_plans_value(problem, dataclasses.replace(proven, solution=cut_off.solution)).objective == proven.objective
