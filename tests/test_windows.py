"""The window search of large calendars (planner.solve.windows), on the small instance where the optimum is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ortools.sat.python import cp_model

import planner.solve.windows as windows
from planner.calendar import Problem, expand
from planner.calendar.problem import day_of
from planner.check import check_plan_dir
from planner.greedy import greedy_calendar
from planner.io.readers import load_instance
from planner.model import BuiltModel, build_model
from planner.pipeline import run_solve
from planner.solution import SolveStatus
from planner.solve import SolveParams, hint_calendar
from planner.solve.cpsat import complete_hint, extract_calendar, run_model
from planner.solve.params import configure

ONE_WORKER = SolveParams(time_limit=30, workers=1, deterministic=True)


@pytest.fixture(scope="module")
def small_problem(small_instance_dir: Path) -> Problem:
    return expand(load_instance(small_instance_dir))


def _greedy_start(problem: Problem) -> tuple[BuiltModel, list[int]]:
    """The by-slot model and the greedy calendar completed into a whole solution (every variable's value)."""
    built = build_model(problem, formulation="by-slot")
    calendar = greedy_calendar(problem)
    assert calendar is not None
    hint_calendar(built, calendar)
    _, kept = complete_hint(built, ONE_WORKER, 30)
    assert kept
    values = windows._hinted_values(built)
    assert values is not None
    return built, values


def _solved(model: cp_model.CpModel) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return solver


def _optimum(problem: Problem) -> float:
    run = run_model(build_model(problem, formulation="by-slot"), ONE_WORKER.model_copy(update={"time_limit": 60}), "calendar")
    assert run.stage.status is SolveStatus.OPTIMAL
    assert run.stage.objective is not None
    return run.stage.objective


def test_every_dated_decision_has_the_week_of_its_day(small_problem: Problem) -> None:
    built = build_model(small_problem, formulation="by-slot")
    weeks = windows.decision_weeks(small_problem, built)
    variables = built.variables
    expected = {literal.index: small_problem.day_week[day] for days in variables.duty for day, literal in days.items()}
    expected |= {
        choice.literal.index: small_problem.day_week[day_of(choice.slot)]
        for visit in variables.visits
        for choice in visit.choices
    }
    expected |= {
        option.held.index: small_problem.day_week[option.option.day]
        for meeting in variables.meetings
        for option in meeting.options
    }
    assert weeks == expected
    assert len(set(weeks.values())) > 40  # the year's weeks, not one


def test_a_window_keeps_every_decision_outside_it(small_problem: Problem) -> None:
    built, values = _greedy_start(small_problem)
    weeks = windows.decision_weeks(small_problem, built)
    objective_of = windows._objective_function(built.model)
    solver = _solved(windows._window_model(built.model, weeks, values, 20, 30))
    answer = list(solver.response_proto.solution)
    outside = [index for index, week in weeks.items() if not 20 <= week < 30]
    inside = [index for index, week in weeks.items() if 20 <= week < 30]
    assert inside and outside
    assert all(answer[index] == values[index] for index in outside)
    assert solver.objective_value == objective_of(answer) <= objective_of(values)  # the plan is its hint: never worse


@pytest.mark.slow  # window solves of the small instance: 5-8 s each on 2 cores
def test_windows_improve_a_greedy_calendar_and_every_step_is_a_plan(small_problem: Problem) -> None:
    optimum = _optimum(small_problem)
    built, start = _greedy_start(small_problem)
    objective_of = windows._objective_function(built.model)
    assert objective_of(start) > optimum  # the greedy calendar leaves something to improve
    values, solver, figures, work = windows.improve_by_windows(small_problem, built, start, ONE_WORKER, 20)
    assert solver is not None
    assert figures.start_objective == objective_of(start)
    assert optimum <= figures.objective == objective_of(values) == solver.objective_value < figures.start_objective
    assert figures.improved == len(figures.trajectory) >= 1 and figures.windows >= figures.improved
    assert [objective for _, objective in figures.trajectory] == sorted((o for _, o in figures.trajectory), reverse=True)
    assert 0 < work <= 20 + windows.WINDOW_LIMIT
    # The answer is a plan of the whole model: fixed there, it is feasible with the same objective.
    check = _solved(windows._window_model(built.model, windows.decision_weeks(small_problem, built), values, 0, 0))
    assert check.objective_value == figures.objective
    assert len(extract_calendar(built, solver).visit_slots) == 14  # read back with the whole model's variables


def test_one_worker_and_small_models_do_not_use_windows(small_problem: Problem, monkeypatch: pytest.MonkeyPatch) -> None:
    built = build_model(small_problem, formulation="by-slot")
    assert not windows.uses_windows(built, SolveParams(workers=3, solver="cp-sat"))  # too small
    monkeypatch.setattr(windows, "WINDOWS_FROM_VARIABLES", 0)
    assert windows.uses_windows(built, SolveParams(workers=2, solver="cp-sat"))
    assert not windows.uses_windows(
        built, SolveParams(workers=1, solver="cp-sat")
    )  # one-worker windows are weak (module docstring)
    assert not windows.uses_windows(built, SolveParams(workers=2))  # HiGHS (the default) solves the whole model


@pytest.mark.slow  # window solves of the small instance: 5-8 s each on 2 cores
def test_a_calendar_searched_by_windows_is_checked_reproducible_and_says_so(
    small_instance_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The small instance is far below the size that uses windows: lower the threshold.
    monkeypatch.setattr(windows, "WINDOWS_FROM_VARIABLES", 0)
    outcomes = [
        run_solve(small_instance_dir, tmp_path / name, time_limit=8, workers=2, deterministic=True, documents=False)
        for name in ("first", "second")
    ]
    assert [outcome.exit_code for outcome in outcomes] == [0, 0], outcomes[0].summary
    document = json.loads((tmp_path / "first" / "plan.json").read_text(encoding="utf-8"))
    calendar = document["stages"][0]
    searched = calendar["windows"]
    assert searched["windows_solved"] >= 1
    assert calendar["bound"] <= calendar["objective"] <= searched["windows_objective"] <= searched["start_objective"]
    assert check_plan_dir(small_instance_dir, tmp_path / "first") == []
    for name in ("visits.csv", "roster.csv", "meetings.csv", "counter.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    assert "windows of up to" in outcomes[0].summary


@pytest.mark.slow  # window solves of the small instance: 5-8 s each on 2 cores
def test_the_whole_model_after_the_windows_works_on_the_bound(small_problem: Problem, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "WINDOWS_FROM_VARIABLES", 0)
    built, _ = _greedy_start(small_problem)  # leaves the completed start in the model's hint
    seen: list[SolveParams] = []
    real_run_model = windows.run_model

    def recording(built: BuiltModel, params: SolveParams, *args: object, **kwargs: object):  # -> ModelRun
        seen.append(params)
        return real_run_model(built, params, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(windows, "run_model", recording)
    # Deterministic (work units): the same run on a slow or busy machine.
    run = windows.search_calendar(small_problem, built, SolveParams(time_limit=6, workers=3, deterministic=True))
    assert run.stage.windows is not None and run.stage.status.has_plan
    assert [params.portfolio for params in seen] == ["bound"]
    solver = cp_model.CpSolver()
    configure(solver, seen[0].model_copy(update={"deterministic": False}))  # a wall-clock run's workers
    assert list(solver.parameters.subsolvers) == ["lb_tree_search", "objective_lb_search"]
    configure(solver := cp_model.CpSolver(), SolveParams(workers=3))
    assert list(solver.parameters.subsolvers) == [
        "lb_tree_search",
        "max_lp_sym",
    ]  # a small model's whole model (windows drop the tree search)


def test_a_model_without_a_start_is_searched_without_a_hint(small_problem: Problem) -> None:
    # Reading the proto's hint field creates an empty one, and an empty hint changed CP-SAT's
    # search (FY2017's bound stopped near 163,300 in four seeds of five): looking for a start
    # must leave a model that has none as it was.
    built = build_model(small_problem, formulation="by-slot")
    assert complete_hint(built, ONE_WORKER, 5) == (0.0, False)
    assert windows._hinted_values(built) is None
    assert not built.model.proto.has_solution_hint()
