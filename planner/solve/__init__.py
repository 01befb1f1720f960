"""Solve a :class:`~planner.calendar.Problem` with CP-SAT; the only stage that runs the solver.

Two ways (``SolveParams.model``):

- ``two-stage`` (default): the **calendar** first, by slot — the roster, each
  visit's half-day, each meeting's option, with officers counted per slot
  (:mod:`planner.model.constraints.activity`) — minimising every term that does
  not depend on who is who; then the **officers** are named with that calendar
  fixed, minimising continuity, fair visits and re-plan hand-overs (the
  calendar's terms are constants there). The objective is lexicographic: a
  stage-2 term never buys a worse calendar. The run's ``objective`` is the
  weighted sum of every term, as in the single model, and its ``bound`` the
  calendar stage's bound, a valid lower bound on that sum (the officer terms are
  never negative); ``OPTIMAL`` means each stage was proven optimal.
- ``per-officer``: one model naming officers in every literal, the weighted sum
  of every term; the reference the two-stage run is measured against.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from ortools.sat.python.cp_model import IntVar

from planner.assign import name_officers_greedily, pinned_problem
from planner.bounds import Floor, objective_floor
from planner.calendar import Problem
from planner.model import BuiltModel, build_model
from planner.model.build import NAMING_FAMILIES, NAMING_TERMS, OFFICER_TERMS
from planner.solution import Calendar, Result, Solution, SolveStatus, StageResult, TermValue
from planner.solve.cpsat import ModelRun, Progress, complete_hint, extract_calendar, extract_solution, run_model, term_values
from planner.solve.given import run_given
from planner.solve.infeasibility import explain_by_families, explain_infeasibility
from planner.solve.mip import NotLinear, run_mip
from planner.solve.params import SolveParams, configure, default_workers
from planner.solve.start import hint_calendar, no_more_waiting_than_the_baseline, start_calendar
from planner.solve.windows import search_calendar, uses_windows

__all__ = [
    "hint_calendar",
    "Progress",
    "SolveParams",
    "configure",
    "default_workers",
    "explain_by_families",
    "explain_infeasibility",
    "relative_gap",
    "solve",
    "uses_bound_rows",
]


def naming_reserve(problem: Problem, time_limit: float) -> float:
    """Seconds kept for naming the officers: 2 s, or 1 s per 25 visits, at most a fifth of the limit.

    Measured: FY2017's 83 visits are named and proven in 0.1 s; 40 x 800's 1,200 found no
    names in 18 s (the greedy names were kept).
    """
    return min(0.2 * time_limit, max(2.0, problem.required_visits / 25))


HINT_FROM_VARIABLES = 50_000
"""Calendar models this large start from the greedy calendar. Measured (2 cores): at 40 x 800
(87,000 variables) the first plan came at 38 s instead of 71 s; on FY2017 (8,600, 3 threads,
wall clock) the hint held the search near the greedy plan (169,694 after 16 s against 164,102
without; measured before the hint was completed into a whole solution, :func:`complete_hint`).
A deterministic run on one thread (what-if sweeps, office sets) starts from it at every size:
there a 10-officer office of 160 facilities had no plan within 15 work units without it and a
plan within 5 with it; FY2017 at 5 units gave 166,053 with it, 166,485 without. A calendar searched
by windows (:mod:`planner.solve.windows`) starts from it too: the windows need a whole plan to start from."""


HINT_SHARE = 0.2
"""At most this share of the time limit goes to completing a start calendar into a whole hint."""


def uses_bound_rows(params: SolveParams) -> bool:
    """State the rows that only tighten the relaxation on two threads or more.

    Their bound is raised by the lower-bound tree search beside the plan-finding workers. A
    one-thread solve (what-if scenarios, office sets: a few work units each) is measured better
    without them: FY2017's base at 5 units gave 169,232 with them, 166,561 without (0.6.0:
    166,053); at 15 units 169,202 against 166,055, the bound within 0.2 % either way.
    """
    return params.workers > 1 or params.calendar_solver != "cp-sat"


def relative_gap(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(1.0, abs(objective))


def solve(
    problem: Problem, params: SolveParams | None = None, progress: Progress | None = None, start: Calendar | None = None
) -> Result:
    """Build and solve ``problem``; infeasible and time-out are statuses, not exceptions.

    ``start``: a calendar to start the two-stage search from (a hint, e.g. the base's plan
    for a what-if scenario, :mod:`planner.warm_start`); without it, the greedy calendar on
    large models.
    """
    params = params or SolveParams()
    floor = objective_floor(problem)
    if problem.conflicts:
        return _result(params, SolveStatus.INFEASIBLE, None, None, None, 0.0, (), floor, problem.conflicts)
    started = time.perf_counter()
    if params.model == "per-officer":
        return _at_the_plans_value(problem, _solve_per_officer(problem, params, progress, started, floor))
    return _at_the_plans_value(problem, _solve_two_stage(problem, params, progress, started, floor, start))


def _at_the_plans_value(problem: Problem, result: Result) -> Result:
    """A plan the search did not prove, reported at its own value: each term re-priced from its decisions.

    The solver's figure for a cut-off search is that of its last assignment, whose helper variables
    (the counter's positions, a deviation, the busiest weekday) need not be at their least: a
    deterministic FY2017 run reported 165,563 for a plan worth 165,304. The plan's value is what it
    delivers (and what the checker prices); the solver's own figure stays in its stage
    (``stages[].objective``), and the bound is the solver's, still below the plan's value. A proven
    run's terms are already at their least (:mod:`planner.score` equals them, tested) and are left.
    """
    solution = result.solution
    if result.status is not SolveStatus.FEASIBLE or solution is None:
        return result
    from planner.score import decisions_of_solution, score

    scored = score(problem, decisions_of_solution(solution, result.seed))
    terms = {
        name: TermValue(scored[name].value if name in scored else value.value, value.weight)
        for name, value in solution.terms.items()
    }
    objective = float(sum(value.weighted for value in terms.values()))
    gap = relative_gap(objective, result.bound) if result.bound is not None else None
    return dataclasses.replace(result, solution=dataclasses.replace(solution, terms=terms), objective=objective, gap=gap)


def _solve_per_officer(problem: Problem, params: SolveParams, progress: Progress | None, started: float, floor: Floor) -> Result:
    built = build_model(problem, seed=params.seed, formulation="per-officer", bound_rows=uses_bound_rows(params))
    run = (run_mip if params.calendar_solver != "cp-sat" else run_model)(built, params, "single", progress, started)
    if not run.stage.status.has_plan:
        return _without_plan(problem, params, run, started, floor)
    solution = extract_solution(built, run.solver)
    return _result(
        params,
        run.stage.status,
        solution,
        run.stage.objective,
        run.stage.bound,
        time.perf_counter() - started,
        (run.stage,),
        floor,
    )


def _solve_two_stage(
    problem: Problem, params: SolveParams, progress: Progress | None, started: float, floor: Floor, start: Calendar | None = None
) -> Result:
    built = build_model(problem, seed=params.seed, formulation="by-slot", bound_rows=uses_bound_rows(params))
    single_deterministic = params.deterministic and params.workers == 1
    # No start when the calendar is read from a solution file rather than searched.
    starts: list[Calendar | None] = [start] if params.solution_file is None else []
    if starts and (
        len(built.model.proto.variables) >= HINT_FROM_VARIABLES or single_deterministic or uses_windows(built, params)
    ):
        starts.append(None)  # the greedy calendar, built only if needed (it can also fail: None)
    hinting = 0.0
    for index, candidate in enumerate(starts):
        if candidate is None and index > 0:
            made = start_calendar(problem, built, params, HINT_SHARE * params.time_limit - hinting)
            hinting += made.used
            if progress is not None:
                progress(f"{time.perf_counter() - started:7.1f} s  start calendar: {made.how} ({made.seconds:.1f} s)")
            candidate = made.calendar
        if candidate is None or hinting >= HINT_SHARE * params.time_limit:
            continue
        hint_calendar(built, candidate)
        used, kept = complete_hint(built, params, HINT_SHARE * params.time_limit - hinting)
        hinting += used
        if kept:
            break  # a start the rules allow (a scenario's base plan may not be: then the greedy one)
    calendar_limit = params.time_limit - naming_reserve(problem, params.time_limit) - hinting
    calendar_params = params.model_copy(update={"time_limit": calendar_limit})
    calendar_run = _search_calendar(problem, built, calendar_params, progress, started)
    if not calendar_run.stage.status.has_plan:
        return _without_plan(problem, params, calendar_run, started, floor)
    calendar = extract_calendar(built, calendar_run.solver)
    calendar_terms = term_values(built, calendar_run.solver)
    used = calendar_run.work if params.deterministic else time.perf_counter() - started
    # A proven calendar is the optimum of the stated weights: where it waits more than the baseline, the
    # other terms bought it, and re-placing its visits would only make the plan worse by those weights.
    # A calendar read from another solver's file is taken as it is: the point is to plan with its answer.
    guarded = (
        None
        if calendar_run.stage.status is SolveStatus.OPTIMAL or params.solution_file is not None
        else no_more_waiting_than_the_baseline(problem, built, calendar, params, HINT_SHARE * params.time_limit)
    )
    if guarded is not None:
        calendar, calendar_terms, guard_used = guarded
        used += guard_used
        if progress is not None:
            progress(
                f"{time.perf_counter() - started:7.1f} s  visits re-placed: the plan waited more than the earliest-free baseline"
            )
    officers_stage, named = _name_officers(
        problem, calendar, params.model_copy(update={"time_limit": max(1.0, params.time_limit - used)}), progress, started
    )
    if {visit.task: visit.slot for visit in named.visits} != calendar.visit_slots:
        raise RuntimeError("naming the officers changed the calendar's visits (a bug in the second stage)")
    solution = _combined_terms(calendar_terms, named)
    stages = (calendar_run.stage, officers_stage)
    proven = guarded is None and all(stage.status is SolveStatus.OPTIMAL for stage in stages)
    objective = sum(value.weighted for value in solution.terms.values())
    result = _result(
        params,
        SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        solution,
        float(objective),
        calendar_run.stage.bound,
        time.perf_counter() - started,
        stages,
        floor,
    )
    return result if guarded is None else dataclasses.replace(result, visits_replaced=True)


def _search_calendar(
    problem: Problem, built: BuiltModel, params: SolveParams, progress: Progress | None, started: float
) -> ModelRun:
    """The calendar stage on its solver; under ``auto``, CP-SAT's search if the model has no MIP form."""
    if params.solution_file is not None:
        return run_given(built, Path(params.solution_file), "calendar", progress, started)
    if params.calendar_solver == "cp-sat":
        return search_calendar(problem, built, params, progress, started)
    try:
        return run_mip(built, params, "calendar", progress, started)
    except NotLinear as reason:
        if params.solver != "auto":
            raise NotLinear(f"{reason}; solve it with --solver cp-sat") from None
        if progress is not None:
            progress(f"{time.perf_counter() - started:7.1f} s  the calendar has no MIP form ({reason}): CP-SAT solves it")
        return search_calendar(problem, built, params.model_copy(update={"solver": "cp-sat"}), progress, started)


def _name_officers(
    problem: Problem, calendar: Calendar, params: SolveParams, progress: Progress | None, started: float
) -> tuple[StageResult, Solution]:
    """Stage 2: who does what, on the pinned calendar with the roster fixed, started from the greedy names.

    The model holds only the rules left to keep (:data:`NAMING_FAMILIES`) and minimises
    the officer terms; the solution's other terms are filled in by the caller from stage 1.
    """
    greedy = name_officers_greedily(problem, calendar)
    built = build_model(
        pinned_problem(problem, calendar),
        seed=params.seed,
        formulation="per-officer",
        families=NAMING_FAMILIES,
        terms=NAMING_TERMS,
        objective_terms=OFFICER_TERMS,
    )
    for days in built.variables.duty:
        for literal in days.values():
            built.model.add(literal == 1)  # every available day of the pinned problem is a duty day
    greedy_values = _greedy_names(built, greedy)
    for literal, value in greedy_values:
        built.model.add_hint(literal, value)
    # The names alone leave continuity's and fairness's helpers to CP-SAT's guess: at 40 x 800
    # its first solution then cost 15,410 where the greedy names cost 1,300 (98 % of revisited
    # facilities with one officer, 16 % after 30 s of search). Completed, the hint is its first solution.
    used, _ = complete_hint(built, params, min(10.0, 0.25 * params.time_limit))
    run = run_model(
        built, params.model_copy(update={"time_limit": max(1.0, params.time_limit - used)}), "officers", progress, started
    )
    if run.stage.status.has_plan:
        return run.stage, extract_solution(built, run.solver)
    # No names found in time (or a bug): keep the greedy names, with their officer terms evaluated.
    for literal, value in greedy_values:
        built.model.add(literal == int(value))
    fallback = run_model(built, params.model_copy(update={"time_limit": max(10.0, params.time_limit)}), "officers", None, started)
    if not fallback.stage.status.has_plan:
        raise RuntimeError(f"the greedy officer names do not satisfy the model ({fallback.stage.status.value})")
    stage = StageResult(
        "officers",
        fallback.stage.terms,
        SolveStatus.FEASIBLE,
        fallback.stage.objective,
        None,
        run.stage.seconds + fallback.stage.seconds,
        "fallback",
        run.stage.model_size,
    )
    return stage, extract_solution(built, fallback.solver)


def _greedy_names(built: BuiltModel, greedy: Solution) -> list[tuple[IntVar, bool]]:
    """Each visit and seat literal of the naming model with its value in the greedy names."""
    named = {(visit.task, visit.officer) for visit in greedy.visits}
    seats = {(meeting.meeting, officer) for meeting in greedy.meetings for officer in meeting.attendees}
    values = [
        (choice.literal, (visit.task, choice.officer) in named) for visit in built.variables.visits for choice in visit.choices
    ]
    values += [
        (literal, (meeting.task, officer) in seats)
        for meeting in built.variables.meetings
        for option in meeting.options
        for officer, literal in option.attendance
        if literal is not option.held
    ]
    return values


def _combined_terms(calendar_terms: dict[str, TermValue], named: Solution) -> Solution:
    """The named solution with every term: the officer terms from stage 2, the others from stage 1."""
    terms = {term: value for term, value in calendar_terms.items() if term not in OFFICER_TERMS}
    terms.update({term: value for term, value in named.terms.items() if term in OFFICER_TERMS})
    return dataclasses.replace(named, terms=terms)


def _without_plan(problem: Problem, params: SolveParams, run: ModelRun, started: float, floor: Floor) -> Result:
    status = run.stage.status
    explanation = (
        explain_infeasibility(problem, params)
        if status is SolveStatus.INFEASIBLE
        else (
            f"no plan was found within the time limit of {params.time_limit:g} "
            f"{'work units' if params.deterministic else 's'}; give more time (--time-limit)",
        )
    )
    return _result(params, status, None, None, None, time.perf_counter() - started, (run.stage,), floor, explanation)


def _result(
    params: SolveParams,
    status: SolveStatus,
    solution: Solution | None,
    objective: float | None,
    bound: float | None,
    seconds: float,
    stages: tuple[StageResult, ...],
    floor: Floor,
    explanation: tuple[str, ...] = (),
) -> Result:
    gap = relative_gap(objective, bound) if objective is not None and bound is not None else None
    size = stages[0].model_size if stages else {}
    return Result(
        status,
        solution,
        objective,
        bound,
        gap,
        seconds,
        params.seed,
        params.workers,
        params.time_limit,
        explanation,
        size,
        "lexicographic" if params.model == "two-stage" else "weighted-sum",
        stages,
        floor,
        params.model,
        params.deterministic,
    )
