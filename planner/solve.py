"""Solve a :class:`~planner.calendar.Problem` with CP-SAT; the only stage that runs the solver."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from ortools.sat.python import cp_model
from pydantic import Field

from planner.calendar import Problem
from planner.domain.base import PlannerModel
from planner.model import FAMILIES, BuiltModel, build_model
from planner.model.build import Family
from planner.solution import MeetingDecision, Result, Solution, SolveStatus, TermValue, VisitDecision

Progress = Callable[[str], None]


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


class SolveParams(PlannerModel):
    """Solver settings; the same seed and worker count give the same plan."""

    time_limit: Annotated[float, Field(gt=0)] = 60.0
    seed: Annotated[int, Field(ge=0)] = 0
    workers: Annotated[int, Field(ge=1, le=64)] = default_workers()
    log_search: bool = False
    portfolio: Literal["tuned", "default"] = "tuned"
    """``tuned`` puts the max-linearisation worker first on small pools (see :func:`configure`)."""
    deterministic: bool = False
    """Same seed and workers give the same plan on any number of workers: CP-SAT's interleaved
    search, stopped by deterministic time (``time_limit`` in its work units, not seconds)."""


def configure(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """Set ``solver.parameters`` (never attributes on the solver object itself)."""
    solver.parameters.max_time_in_seconds = params.time_limit
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = params.workers
    solver.parameters.log_search_progress = params.log_search
    if params.deterministic:
        # Wall-clock stops and thread timing make parallel runs differ; interleaved
        # batches stopped by work units do not (slower: fewer workers at a time).
        solver.parameters.interleave_search = True
        solver.parameters.max_deterministic_time = params.time_limit
        solver.parameters.max_time_in_seconds = 3600.0  # a safety valve only
        return
    if params.portfolio == "tuned" and 2 <= params.workers < 8:
        # Measured on FY2017 (2 cores): the default full-problem worker proves a
        # bound ~8% short in 60 s; the max-linearisation worker with symmetry
        # reaches the optimum's bound in ~20 s. Larger pools include it anyway.
        solver.parameters.subsolvers.extend(["max_lp_sym", "default_lp", "reduced_costs", "quick_restart", "core"][: params.workers - 1])


class _ProgressPrinter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Progress, started: float) -> None:
        super().__init__()
        self._report = report
        self._started = started
        self._bound: float | None = None
        self._last_bound_print = 0.0

    def on_solution_callback(self) -> None:
        self._bound = self.best_objective_bound
        self._report(self._line(self.objective_value, self.best_objective_bound))

    def on_bound(self, bound: float) -> None:
        now = time.perf_counter()
        if now - self._last_bound_print >= 1.0:
            self._last_bound_print = now
            self._report(self._line(None, bound))

    def _line(self, objective: float | None, bound: float) -> str:
        elapsed = time.perf_counter() - self._started
        shown = f"{objective:>10.0f}" if objective is not None else f"{'-':>10}"
        return f"{elapsed:7.1f}s  objective {shown}  bound {bound:10.0f}"


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_PLAN,
}


def relative_gap(objective: float, bound: float) -> float:
    return abs(objective - bound) / max(1.0, abs(objective))


def solve(problem: Problem, params: SolveParams | None = None, progress: Progress | None = None) -> Result:
    """Build and solve ``problem``; infeasible and time-out are statuses, not exceptions."""
    params = params or SolveParams()
    if problem.conflicts:
        return Result(SolveStatus.INFEASIBLE, None, None, None, None, 0.0, params.seed, params.workers,
                      params.time_limit, problem.conflicts)
    started = time.perf_counter()
    built = build_model(problem, seed=params.seed)
    solver = cp_model.CpSolver()
    configure(solver, params)
    callback = None
    if progress is not None:
        callback = _ProgressPrinter(progress, started)
        solver.best_bound_callback = callback.on_bound
    code = solver.solve(built.model, callback)
    elapsed = time.perf_counter() - started
    status = _STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.status_name(code)} ({built.model.validate()})")
    size = {"variables": len(built.model.proto.variables), "constraints": len(built.model.proto.constraints)}
    if not status.has_plan:
        explanation = (
            explain_infeasibility(problem, params)
            if status is SolveStatus.INFEASIBLE
            else (f"no plan was found within the time limit of {params.time_limit:g} s; give more time (--time-limit)",)
        )
        return Result(status, None, None, None, None, elapsed, params.seed, params.workers, params.time_limit,
                      explanation, size)
    objective = solver.objective_value
    bound = solver.best_objective_bound
    return Result(
        status, _extract(built, solver, problem), objective, bound, relative_gap(objective, bound), elapsed,
        params.seed, params.workers, params.time_limit, (), size,
    )


def _extract(built: BuiltModel, solver: cp_model.CpSolver, problem: Problem) -> Solution:
    variables = built.variables
    duty = tuple(
        (officer, day) for officer, days in enumerate(variables.duty) for day, var in sorted(days.items()) if solver.boolean_value(var)
    )
    visits = tuple(
        VisitDecision(visit.task, choice.officer, choice.slot)
        for visit in variables.visits
        for choice in visit.choices
        if solver.boolean_value(choice.literal)
    )
    meetings = []
    for meeting in variables.meetings:
        for option in meeting.options:
            if solver.boolean_value(option.held):
                attendees = tuple(sorted({officer for officer, literal in option.attendance if solver.boolean_value(literal)}))
                meetings.append(MeetingDecision(meeting.task, option.option.day, option.option.slots, attendees))
    values: dict[str, int] = {}
    weights: dict[str, int] = {}
    for penalty in built.penalties:
        values[penalty.term] = values.get(penalty.term, 0) + int(solver.value(penalty.expression))
        weights[penalty.term] = penalty.weight
    terms = {term: TermValue(values[term], weights[term]) for term in values}
    return Solution(duty, visits, tuple(meetings), terms)


def explain_infeasibility(problem: Problem, params: SolveParams) -> tuple[str, ...]:
    """The smallest clashing set of rule groups found, in sentences with their numbers.

    Each rule group (a round, a meeting, an officer's weekly days, a week's
    counter floor, ...) is put under an assumption literal; CP-SAT returns a
    subset of them sufficient for infeasibility, which deletion passes shrink
    (first whole kinds of group, then single groups): a group stays only if
    dropping it leaves the rest infeasible.  The whole explanation gets at most
    ``min(60, max(10, time_limit))`` seconds; a set not shrunk to the end is
    said to be so.  Falls back to naming rule families if no core is found.
    """
    from planner.model.guards import describe_group

    deadline = time.perf_counter() + min(60.0, max(10.0, params.time_limit))
    built = build_model(problem, seed=params.seed, terms=(), guarded=True)
    groups = list(built.variables.guards.literals.items())
    core = _assumption_core(built.model, groups, params, max(2.0, (deadline - time.perf_counter()) / 2)) if groups else None
    if not core:
        return explain_by_families(problem, params)
    core, complete = _shrink_core(built.model, core, params, deadline)
    heading = ("the rules cannot all hold; these clash (dropping any one of them would leave a plan possible):" if complete
               else "the rules cannot all hold; these clash (a set found in the time given, perhaps not the smallest):")
    return (heading, *(f"  {describe_group(problem, group, key)}" for (group, key), _ in core))


GroupLiteral = tuple[tuple[str, str | int], cp_model.IntVar]


def _infeasible_under(model: cp_model.CpModel, assumed: list[GroupLiteral], params: SolveParams,
                      seconds: float) -> tuple[Any, list[int]]:
    """CP-SAT's status under ``assumed``, and when infeasible the indices of a sufficient subset."""
    model.clear_assumptions()
    model.add_assumptions([literal for _, literal in assumed])
    solver = cp_model.CpSolver()
    # One worker: the core CP-SAT reports comes from its own search under the assumptions.
    configure(solver, params.model_copy(update={"time_limit": max(0.5, seconds), "log_search": False, "workers": 1}))
    status = solver.solve(model)
    core = list(solver.sufficient_assumptions_for_infeasibility()) if status == cp_model.INFEASIBLE else []
    return status, core


def _assumption_core(model: cp_model.CpModel, groups: list[GroupLiteral], params: SolveParams,
                     seconds: float) -> list[GroupLiteral] | None:
    status, indices = _infeasible_under(model, groups, params, seconds)
    if status != cp_model.INFEASIBLE:
        return None
    by_index = {literal.index: (key, literal) for key, literal in groups}
    core = [by_index[index] for index in indices if index in by_index]
    return core or None


def _shrink_core(model: cp_model.CpModel, core: list[GroupLiteral], params: SolveParams,
                 deadline: float) -> tuple[list[GroupLiteral], bool]:
    """Deletion passes over the core: whole kinds of group first (few trials), then single groups."""
    kept = list(core)
    complete = True
    kinds = sorted({key[0] for key, _ in kept}, key=lambda kind: -sum(k[0] == kind for k, _ in kept))
    candidates: list[list[GroupLiteral]] = [[g for g in kept if g[0][0] == kind] for kind in kinds]
    candidates += [[g] for g in kept]
    for dropped in candidates:
        dropped = [g for g in dropped if g in kept]
        if not dropped or len(dropped) == len(kept):
            continue
        remaining = deadline - time.perf_counter()
        if remaining <= 0.5:
            complete = False
            break
        trial = [g for g in kept if g not in dropped]
        status, _ = _infeasible_under(model, trial, params, min(5.0, remaining))
        if status == cp_model.INFEASIBLE:
            kept = trial
        elif status != cp_model.OPTIMAL and status != cp_model.FEASIBLE:
            complete = False  # undecided in time: the group stays, the set may not be the smallest
    model.clear_assumptions()
    return kept, complete


def explain_by_families(problem: Problem, params: SolveParams, families: Sequence[Family] = FAMILIES) -> tuple[str, ...]:
    """Name the rule families whose removal alone makes the problem feasible.

    A deletion test: the model is rebuilt without one family at a time (no
    objective) and solved briefly. Families that restore feasibility are the
    ones in the clash; if none does alone, several clash together.
    """
    if problem.reference is None:  # the history family is empty then: removing it proves nothing
        families = [family for family in families if family.__name__ != "add_published_history"]
    budget = max(2.0, min(20.0, params.time_limit / max(1, len(families))))
    culprits = []
    for family in families:
        kept = [other for other in families if other is not family]
        built = build_model(problem, seed=params.seed, families=kept, terms=())
        solver = cp_model.CpSolver()
        configure(solver, params.model_copy(update={"time_limit": budget, "log_search": False}))
        if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            culprits.append(family)
    if not culprits:
        return ("the rules cannot all hold, and no single family of rules is to blame: several clash together "
                "(check staffing against visits, meetings and the counter floor)",)
    return tuple(
        f"the rules cannot all hold; without this rule a plan exists: {_first_line(family)}" for family in culprits
    )


def _first_line(family: Family) -> str:
    doc = (family.__doc__ or family.__name__).strip().splitlines()[0]
    return doc.rstrip(".")
