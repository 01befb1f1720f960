"""Improve a large calendar window by window: the decomposition of the year into weeks.

A calendar of 40 officers (87,000 variables) is too large for CP-SAT to improve
as a whole: after 300 s its plan was still 6 % above its bound, while the part
of the year inside a few weeks, with everything outside held where it is, is
solved to optimality in about a second. So a large calendar is searched in
two phases (:func:`search_calendar`):

1. **windows of consecutive weeks** (large-neighbourhood search), from the
   start calendar (the greedy one, completed into a whole solution): every
   decision dated outside the window (duty days, visits' half-days, meetings'
   options) fixed to the best plan so far, the rest of the model free, that plan
   itself the hint, so a window's answer is never worse. The windows sweep the
   year half a window apart; a sweep that improves the plan by less than
   :data:`SWEEP_GAIN` doubles their width, and such a sweep at
   :data:`WIDEST_WINDOW_WEEKS` ends the phase, as does :data:`WINDOW_SHARE` of
   the time;
2. **the whole model** for the rest of the time, started from the windows' plan,
   on the workers that raise the bound (``portfolio="bound"``): its bound is the
   stage's, a bound of the whole model that the windows cannot make invalid, and
   it may still improve the plan or prove it optimal.

Every window solves the whole model's constraints and objective (only
domains change), so each accepted plan is a plan of the whole model and its
objective is the whole model's. The windows run one after another, each on the
solver's workers less the lower-bound tree search: measured on 40 x 800 (2 cores), two windows side by
side on one worker each improved the plan far less than one window on two
workers (one-worker CP-SAT did not prove in 10 s a window that two workers
proved in 0.5 s); for the same reason a one-worker solve (what-if sweeps and
office sets) does not use windows. Deterministic runs budget the windows in
work units and stay reproducible.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model import BuiltModel
from planner.solution import SolveStatus, StageResult, WindowFigures
from planner.solve.cpsat import STATUS, ModelRun, Progress, hint_every_variable, model_hint, run_model
from planner.solve.params import SolveParams, configure

WINDOWS_FROM_VARIABLES = 20_000
"""Calendar models this large (on two workers or more) are searched by windows before the whole model."""

WINDOW_SHARE = 0.6
"""At most this share of the calendar's time goes to the windows; the whole model has the rest."""

SWEEP_GAIN = 0.001
"""A sweep that improves the plan by less than this share of its objective counts as finding nothing:
the whole model's bound gains more from the time than the plan would (10 x 200: windows still finding
a few points after 60 % of the time left the whole model 43 s, and its bound 427,721 against 428,680-429,735
after 120 s of the whole model alone)."""

FIRST_WINDOW_WEEKS = 4
WIDEST_WINDOW_WEEKS = 16
WINDOW_LIMIT = 10.0
"""Seconds (work units when deterministic) one window may take at most."""


def uses_windows(built: BuiltModel, params: SolveParams) -> bool:
    """Is this calendar searched by windows first (large, and more than one worker)?"""
    return (
        params.calendar_solver == "cp-sat" and len(built.model.proto.variables) >= WINDOWS_FROM_VARIABLES and params.workers > 1
    )


def search_calendar(
    problem: Problem, built: BuiltModel, params: SolveParams, progress: Progress | None = None, started: float | None = None
) -> ModelRun:
    """The calendar stage: windows of weeks from the hinted start (a large model), then the whole model.

    Without windows (a small model, one worker, or no complete start in the
    model's hint) the whole model has all the time. The stage's status and bound
    are the whole model's, its objective the best plan's.
    """
    start = _hinted_values(built)
    if not uses_windows(built, params) or start is None:
        return run_model(built, params, "calendar", progress, started)
    stage_started = time.perf_counter()
    values, window_solver, figures, work = improve_by_windows(
        problem, built, start, params, WINDOW_SHARE * params.time_limit, progress, started
    )
    used = work if params.deterministic else time.perf_counter() - stage_started
    hint_every_variable(built.model, values)
    rest = params.model_copy(
        update={
            "time_limit": max(0.5, params.time_limit - used),
            "portfolio": "bound" if params.portfolio == "tuned" else params.portfolio,
        }
    )
    whole = run_model(built, rest, "calendar", progress, started)
    stage, solver = whole.stage, whole.solver
    if stage.objective is None or stage.objective > figures.objective:
        # The whole model reported no plan as good as its hint (too little time left): the windows' plan
        # stands, or the start itself when no window improved it (a deterministic re-plan of 10 x 200 at 20
        # work units found none in the whole model and had reported no plan although its start was one).
        holder = window_solver if window_solver is not None else _solver_holding(problem, built, values, params)
        if holder is not None:
            best = figures.objective if window_solver is not None else holder.objective_value
            # Without a plan of its own the whole model's bound is still CP-SAT's proven bound.
            bound = stage.bound if stage.bound is not None else whole.solver.best_objective_bound
            proven = best <= bound + 0.5
            stage = dataclasses.replace(
                stage,
                status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
                objective=best,
                bound=bound,
                stopped_by="proof" if proven else stage.stopped_by,
            )
            solver = holder
    stage = dataclasses.replace(
        stage,
        seconds=time.perf_counter() - stage_started,
        first_solution_seconds=0.0,  # the completed start is a plan before any window
        one_percent_seconds=_one_percent_seconds(stage, figures, whole.stage),
        windows=dataclasses.replace(figures, whole_model_seconds=whole.stage.seconds),
    )
    return ModelRun(stage, solver, work + whole.work)


def _solver_holding(problem: Problem, built: BuiltModel, values: list[int], params: SolveParams) -> cp_model.CpSolver | None:
    """A solver whose solution is the plan ``values``: its decisions fixed, its helpers at their least."""
    trial = _window_model(built.model, decision_weeks(problem, built), values, 0, 0)
    solver = cp_model.CpSolver()
    configure(solver, params.model_copy(update={"time_limit": WINDOW_LIMIT, "log_search": False}))
    status = STATUS.get(solver.solve(trial))
    return solver if status is not None and status.has_plan else None


def _one_percent_seconds(stage: StageResult, figures: WindowFigures, whole: StageResult) -> float | None:
    """When the plan came within 1 % of the stage's (final) bound: in the windows, or in the whole model after them."""
    if stage.bound is None:
        return None
    for seconds, objective in figures.trajectory:
        if objective - stage.bound <= 0.01 * max(1.0, abs(objective)):
            return seconds
    if whole.one_percent_seconds is not None:
        return figures.seconds + whole.one_percent_seconds
    return None


def _hinted_values(built: BuiltModel) -> list[int] | None:
    """The model's hint as a full assignment, if it gives every variable a value (a completed start)."""
    indices, hinted = model_hint(built.model)
    count = len(built.model.proto.variables)
    if len(indices) != count:
        return None
    values = [0] * count
    for index, value in zip(indices, hinted):
        values[index] = value
    return values


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
    start: list[int],
    params: SolveParams,
    budget: float,
    progress: Progress | None = None,
    started: float | None = None,
) -> tuple[list[int], cp_model.CpSolver | None, WindowFigures, float]:
    """Search windows of weeks from the plan ``start`` (a full assignment) for ``budget`` (seconds, or work units).

    Returns the best plan's values, the solver holding it (``None`` if no window
    improved ``start``; its values are read with ``built``'s variables, which the
    windows' copies share by index), the figures and the work units spent.
    """
    phase_started = time.perf_counter()
    started = phase_started if started is None else started
    weeks = decision_weeks(problem, built)
    objective_of = _objective_function(built.model)
    values, best_solver = start, None
    best = start_objective = objective_of(start)
    if progress is not None:
        progress(f"{phase_started - started:7.1f}s  {'start':<8} objective {best:>10.0f}")
    trajectory: list[tuple[float, float]] = []
    # The tuned portfolio less its lower-bound tree search: a window needs plans, and its proof
    # comes from the max-linearisation worker (measured on 40 x 800, 2 cores: 3 threads finished
    # 26 windows in 152 s and the run ended 4.0 % above its bound; 2 threads 36 windows, 1.7 %).
    window_params = params.model_copy(update={"workers": max(2, params.workers - 1), "log_search": False})
    year = len(problem.weeks)
    width = min(FIRST_WINDOW_WEEKS, year)
    used = work = 0.0
    solved = improved = proven = 0
    while True:
        sweep_started_at = best
        for first in range(0, year, max(1, width // 2)):
            left = budget - used
            if left < 0.5:
                break
            trial = _window_model(built.model, weeks, values, first, first + width)
            window_solver = cp_model.CpSolver()
            configure(window_solver, window_params.model_copy(update={"time_limit": min(WINDOW_LIMIT, left)}))
            status = STATUS.get(window_solver.solve(trial))
            del trial  # one copy of the model at a time (the next window's is made before this name is rebound)
            work += window_solver.response_proto.deterministic_time
            used = work if params.deterministic else time.perf_counter() - phase_started
            solved += 1
            proven += status is SolveStatus.OPTIMAL
            if status is not None and status.has_plan:
                answer = list(window_solver.response_proto.solution)
                value = objective_of(answer)
                if value < best - 0.5:
                    best_solver, best, values = window_solver, value, answer
                    improved += 1
                    trajectory.append((time.perf_counter() - phase_started, best))
                    if progress is not None:
                        progress(
                            f"{time.perf_counter() - started:7.1f}s  {'window':<8} objective {best:>10.0f}  "
                            f"weeks {first + 1}-{min(first + width, year)}"
                        )
            if first + width >= year:
                break  # this window reached the year's end: the sweep is complete
        found_little = sweep_started_at - best < SWEEP_GAIN * abs(sweep_started_at)
        if budget - used < 0.5 or (width >= min(WIDEST_WINDOW_WEEKS, year) and found_little):
            break
        if found_little:
            width = min(WIDEST_WINDOW_WEEKS, year, 2 * width)
    figures = WindowFigures(
        windows=solved,
        improved=improved,
        proven=proven,
        widest_weeks=width,
        start_objective=start_objective,
        objective=best,
        seconds=time.perf_counter() - phase_started,
        whole_model_seconds=0.0,
        trajectory=tuple(trajectory),
    )
    return values, best_solver, figures, work


def _window_model(model: cp_model.CpModel, weeks: dict[int, int], values: list[int], first: int, end: int) -> cp_model.CpModel:
    """A copy of ``model`` with every decision dated outside weeks [first, end) fixed to ``values``, hinted at ``values``."""
    trial = model.clone()
    variables = trial.proto.variables
    for index, week in weeks.items():
        if not first <= week < end:
            domain = variables[index].domain
            domain.clear()
            domain.extend([values[index], values[index]])
    hint_every_variable(trial, values)
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
