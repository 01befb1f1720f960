"""Improve a large calendar window by window: the decomposition of the year into weeks.

A calendar of 40 officers (87,000 variables) is too large for CP-SAT to improve
as a whole: after 300 s its plan was still 6 % above its bound, while the part
of the year inside a few weeks, with everything outside held where it is, is
solved to optimality in about a second. So a large calendar is searched in
two phases (:func:`search_calendar`):

1. **the whole model**, for a share of the time: its first plan (from the
   greedy start) and, above all, its **bound**, a bound of the whole model that
   stays valid whatever the windows do;
2. **windows of consecutive weeks** (large-neighbourhood search), from that
   plan: every decision dated outside the window (duty days, visits' half-days,
   meetings' options) fixed to the plan, the rest of the model free, the plan
   itself the hint, so a window's answer is never worse. The windows sweep the
   year, half a window apart; a sweep that improves nothing doubles their width
   (up to the whole year, where the search is the whole model again).

Every window solves the whole model's constraints and objective (only
domains change), so each accepted plan is a plan of the whole model and its
objective is the whole model's. The windows run one after another, each with
all the solver's workers: measured on 40 x 800 (2 cores), two windows side by
side on one worker each improved the plan far less than one window on two
workers (one-worker CP-SAT proves a window in 10 s that two workers prove in
0.5 s). Deterministic runs budget the windows in work units and stay
reproducible.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model import BuiltModel
from planner.solution import SolveStatus, WindowFigures
from planner.solve.cpsat import STATUS, ModelRun, Progress, run_model
from planner.solve.params import SolveParams, configure

WINDOWS_FROM_VARIABLES = 20_000
"""Calendar models this large are searched by windows after the whole-model phase."""

WHOLE_MODEL_SHARE = 0.3
"""The share of the calendar's time the whole model gets before the windows."""

FIRST_WINDOW_WEEKS = 4
WINDOW_LIMIT = 10.0
"""Seconds (work units when deterministic) one window may take at most."""


def search_calendar(
    problem: Problem, built: BuiltModel, params: SolveParams, progress: Progress | None = None, started: float | None = None
) -> ModelRun:
    """The calendar stage: the whole model, then (for a large one) windows of weeks; see the module docstring.

    The stage's bound is the whole model's; its objective the best plan's;
    ``OPTIMAL`` only if the whole model proved it or the windows reached the bound.
    """
    if len(built.model.proto.variables) < WINDOWS_FROM_VARIABLES:
        return run_model(built, params, "calendar", progress, started)
    whole_limit = WHOLE_MODEL_SHARE * params.time_limit
    whole = run_model(built, params.model_copy(update={"time_limit": whole_limit}), "calendar", progress, started)
    used = whole.work if params.deterministic else whole.stage.seconds
    if whole.stage.status is SolveStatus.NO_PLAN:  # nothing to start windows from: the whole model keeps the time
        rest = run_model(built, params.model_copy(update={"time_limit": params.time_limit - used}), "calendar", progress, started)
        stage = dataclasses.replace(rest.stage, seconds=whole.stage.seconds + rest.stage.seconds)
        return ModelRun(stage, rest.solver, whole.work + rest.work)
    if whole.stage.status is not SolveStatus.FEASIBLE or whole.stage.bound is None:
        return whole
    solver, figures, work = improve_by_windows(
        problem, built, whole.solver, params, params.time_limit - used, whole.stage.bound, progress, started
    )
    figures = dataclasses.replace(figures, whole_model_seconds=used)
    proven = figures.objective <= whole.stage.bound + 0.5
    one_percent = whole.stage.one_percent_seconds
    if one_percent is None and figures.one_percent_seconds is not None:
        one_percent = whole.stage.seconds + figures.one_percent_seconds
    stage = dataclasses.replace(
        whole.stage,
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        objective=figures.objective,
        seconds=whole.stage.seconds + figures.seconds,
        stopped_by="proof" if proven else ("work limit" if params.deterministic else "wall clock"),
        one_percent_seconds=one_percent,
        windows=figures,
    )
    return ModelRun(stage, solver, whole.work + work)


def decision_weeks(problem: Problem, built: BuiltModel) -> dict[int, int]:
    """Proto index -> week of every dated decision of a by-slot calendar model.

    Duty days, visit half-days (or a group's count per half-day) and meeting
    options; helper variables (counter positions, fairness deviations, a
    sampled round's choice of facilities) are left to each window's search.
    """
    variables = built.variables
    weeks: dict[int, int] = {}
    for days in variables.duty:
        for day, literal in days.items():
            weeks[literal.index] = problem.day_week[day]
    for visit in variables.visits:
        for choice in visit.choices:
            weeks[choice.literal.index] = problem.day_week[day_of(choice.slot)]
    for meeting in variables.meetings:
        for option in meeting.options:
            weeks[option.held.index] = problem.day_week[option.option.day]
            for _, literal in option.attendance:
                weeks.setdefault(literal.index, problem.day_week[option.option.day])
    return weeks


def improve_by_windows(
    problem: Problem,
    built: BuiltModel,
    solver: cp_model.CpSolver,
    params: SolveParams,
    budget: float,
    bound: float,
    progress: Progress | None = None,
    started: float | None = None,
) -> tuple[cp_model.CpSolver, WindowFigures, float]:
    """Search windows of weeks from ``solver``'s plan for ``budget`` (seconds, or work units).

    Returns the solver holding the best plan (``solver`` itself if no window
    improved it; its values are read with ``built``'s variables, which the
    windows' copies share by index), the figures and the work units the windows took. The sweeps go on until the
    budget is spent or the plan reaches ``bound`` (the whole model's): after a
    sweep at the whole year's width the windows start narrow again, one week on.
    """
    phase_started = time.perf_counter()
    started = phase_started if started is None else started
    weeks = decision_weeks(problem, built)
    objective_of = _objective_function(built.model)
    values = list(solver.response_proto.solution)
    best_solver, best = solver, objective_of(values)
    start_objective = best
    year = len(problem.weeks)
    width, offset = min(FIRST_WINDOW_WEEKS, year), 0
    used = work = 0.0
    solved = improved = proven = widest = 0
    one_percent: float | None = None
    while budget - used >= 0.5 and best > bound + 0.5:
        improved_this_sweep = False
        widest = max(widest, width)
        for first in range(-offset, year, max(1, width // 2)):
            left = budget - used
            if left < 0.5 or best <= bound + 0.5:
                break
            trial = _window_model(built.model, weeks, values, first, first + width)
            window_solver = cp_model.CpSolver()
            configure(window_solver, params.model_copy(update={"time_limit": min(WINDOW_LIMIT, left), "log_search": False}))
            window_started = time.perf_counter()
            status = STATUS.get(window_solver.solve(trial))
            work += window_solver.response_proto.deterministic_time
            used = work if params.deterministic else used + time.perf_counter() - window_started
            solved += 1
            proven += status is SolveStatus.OPTIMAL
            if status is not None and status.has_plan:
                answer = list(window_solver.response_proto.solution)
                value = objective_of(answer)
                if value < best - 0.5:
                    best_solver, best, values = window_solver, value, answer
                    improved += 1
                    improved_this_sweep = True
                    if one_percent is None and best - bound <= 0.01 * max(1.0, abs(best)):
                        one_percent = time.perf_counter() - phase_started
                    if progress is not None:
                        progress(
                            f"{time.perf_counter() - started:7.1f}s  {'window':<8} objective {best:>10.0f}  "
                            f"bound {bound:10.0f}  weeks {max(first, 0) + 1}-{min(first + width, year)}"
                        )
            if first + width >= year:
                break  # this window reached the year's end: the sweep is complete
        if width >= year:
            width, offset = min(FIRST_WINDOW_WEEKS, year), (offset + 1) % max(1, FIRST_WINDOW_WEEKS // 2)
        elif not improved_this_sweep:
            width = min(year, 2 * width)
    figures = WindowFigures(
        solved, improved, proven, widest, start_objective, best, time.perf_counter() - phase_started, 0.0, one_percent
    )
    return best_solver, figures, work


def _window_model(model: cp_model.CpModel, weeks: dict[int, int], values: list[int], first: int, end: int) -> cp_model.CpModel:
    """A copy of ``model`` with every decision dated outside weeks [first, end) fixed to ``values``, hinted at ``values``."""
    trial = model.clone()
    variables = trial.proto.variables
    for index, week in weeks.items():
        if not first <= week < end:
            domain = variables[index].domain
            domain.clear()
            domain.extend([values[index], values[index]])
    trial.clear_hints()
    trial.proto.solution_hint.vars.extend(range(len(values)))
    trial.proto.solution_hint.values.extend(values)
    return trial


def _objective_function(model: cp_model.CpModel) -> Callable[[list[int]], float]:
    """The model's objective as a function of a full assignment (what CP-SAT would report)."""
    objective = model.proto.objective
    pairs = list(zip(objective.vars, objective.coeffs))
    offset, scale = objective.offset, objective.scaling_factor or 1.0

    def value(values: list[int]) -> float:
        total = sum(coefficient * (values[var] if var >= 0 else -values[-var - 1]) for var, coefficient in pairs)
        return (total + offset) * scale

    return value
