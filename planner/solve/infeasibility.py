"""Why there is no plan: the clashing rule groups, found by CP-SAT's assumption cores."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from ortools.sat.python import cp_model

from planner.calendar import Problem
from planner.model import FAMILIES, build_model
from planner.model.build import Family
from planner.solve.params import SolveParams, configure


def formulation_of(params: SolveParams) -> str:
    """The formulation whose rules an explanation names: the calendar's for a two-stage run."""
    return "by-slot" if params.model == "two-stage" else "per-officer"


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

    budget = _Budget(params, min(60.0, max(10.0, params.time_limit)))
    built = build_model(problem, seed=params.seed, terms=(), guarded=True, formulation=formulation_of(params))
    groups = list(built.variables.guards.literals.items())
    core = _assumption_core(built.model, groups, params, budget, max(2.0, budget.remaining() / 2)) if groups else None
    if not core:
        return explain_by_families(problem, params)
    core, complete = _shrink_core(built.model, core, params, budget)
    heading = (
        "the rules cannot all hold; these clash (dropping any one of them would leave a plan possible):"
        if complete
        else "the rules cannot all hold; these clash (a set found in the time given, perhaps not the smallest):"
    )
    return (heading, *(f"  {describe_group(problem, group, key)}" for (group, key), _ in core))


GroupLiteral = tuple[tuple[str, str | int], cp_model.IntVar]


class _Budget:
    """What is left of the explanation's time: seconds, or CP-SAT work units for a deterministic run
    (so that the same run explains the same way on any machine and any load)."""

    def __init__(self, params: SolveParams, total: float) -> None:
        self.deterministic = params.deterministic
        self.total = total
        self.used = 0.0
        self.started = time.perf_counter()

    def remaining(self) -> float:
        return self.total - (self.used if self.deterministic else time.perf_counter() - self.started)

    def spend(self, solver: cp_model.CpSolver) -> None:
        self.used += solver.response_proto.deterministic_time


def _infeasible_under(
    model: cp_model.CpModel, assumed: list[GroupLiteral], params: SolveParams, budget: _Budget, seconds: float
) -> tuple[Any, list[int]]:
    """CP-SAT's status under ``assumed``, and when infeasible the indices of a sufficient subset."""
    model.clear_assumptions()
    model.add_assumptions([literal for _, literal in assumed])
    solver = cp_model.CpSolver()
    # One worker: the core CP-SAT reports comes from its own search under the assumptions.
    configure(solver, params.model_copy(update={"time_limit": max(0.5, seconds), "log_search": False, "workers": 1}))
    status = solver.solve(model)
    budget.spend(solver)
    core = list(solver.sufficient_assumptions_for_infeasibility()) if status == cp_model.INFEASIBLE else []
    return status, core


def _assumption_core(
    model: cp_model.CpModel, groups: list[GroupLiteral], params: SolveParams, budget: _Budget, seconds: float
) -> list[GroupLiteral] | None:
    status, indices = _infeasible_under(model, groups, params, budget, seconds)
    if status != cp_model.INFEASIBLE:
        return None
    by_index = {literal.index: (key, literal) for key, literal in groups}
    core = [by_index[index] for index in indices if index in by_index]
    return core or None


def _shrink_core(
    model: cp_model.CpModel, core: list[GroupLiteral], params: SolveParams, budget: _Budget
) -> tuple[list[GroupLiteral], bool]:
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
        remaining = budget.remaining()
        if remaining <= 0.5:
            complete = False
            break
        trial = [g for g in kept if g not in dropped]
        status, _ = _infeasible_under(model, trial, params, budget, min(5.0, remaining))
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
        families = [family for family in families if not family.replanning_only]
    budget = max(2.0, min(20.0, params.time_limit / max(1, len(families))))
    culprits = []
    for family in families:
        kept = [other for other in families if other is not family]
        built = build_model(problem, seed=params.seed, families=kept, terms=(), formulation=formulation_of(params))
        solver = cp_model.CpSolver()
        configure(solver, params.model_copy(update={"time_limit": budget, "log_search": False}))
        if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            culprits.append(family)
    if not culprits:
        return (
            "the rules cannot all hold, and no single family of rules is to blame: several clash together "
            "(check staffing against visits, meetings and the counter floor)",
        )
    return tuple(f"the rules cannot all hold; without this rule a plan exists: {family.statement}" for family in culprits)
