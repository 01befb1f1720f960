"""Solver settings: how long, which seed, how many workers, which formulation."""

from __future__ import annotations

import os
from typing import Annotated, Literal

from ortools.sat.python import cp_model
from pydantic import Field, model_validator

from planner.domain.base import PlannerModel


def default_workers() -> int:
    """CP-SAT threads: one more than the cores, at most 8 (3 on this project's 2-core machines).

    Measured on FY2017's calendar (2 cores): 3 threads running the lower-bound tree
    search, the max-linearisation worker and the shared LNS/local-search one proved the
    optimum in 39 s, where 2 threads (either full worker beside the shared one) left
    0.5-1.7 % open after 60 s.
    """
    return max(1, min(8, (os.cpu_count() or 1) + 1))


class SolveParams(PlannerModel):
    """Solver settings; with ``deterministic`` the same seed and workers give the same plan."""

    time_limit: Annotated[float, Field(gt=0)] = 60.0
    seed: Annotated[int, Field(ge=0)] = 0
    workers: Annotated[int, Field(ge=1, le=64)] = default_workers()
    log_search: bool = False
    portfolio: Literal["tuned", "bound", "default"] = "tuned"
    """``tuned`` puts the max-linearisation worker first on small pools (see :func:`configure`);
    ``bound`` the workers that raise the bound, for a search that already has its plan."""
    model: Literal["two-stage", "per-officer"] = "two-stage"
    """``two-stage``: the calendar by slot (officers counted), then the officers named with the
    calendar fixed (a lexicographic objective); ``per-officer``: one model naming officers, the
    weighted sum of every term (the reference, slower)."""
    solver: Literal["auto", "cp-sat", "highs", "scip"] = "auto"
    """Who solves the calendar stage (and the per-officer model): CP-SAT, or HiGHS on the same model
    written as a MIP (:mod:`planner.solve.mip`; ``scip``: SCIP on it, for comparison); ``auto``:
    HiGHS, but CP-SAT for a deterministic solve (work units are CP-SAT's). The officers are always
    named by CP-SAT."""
    solution_file: str | None = None
    """A solution of the calendar stage's model found by another solver (``planner model``'s file): the
    calendar is read from it instead of searched (:mod:`planner.solve.given`); two-stage only."""
    deterministic: bool = False
    """Same seed and workers give the same plan: CP-SAT's interleaved search on several workers,
    stopped by deterministic time (``time_limit`` in its work units, about seconds on this
    project's machines), with a wall-clock valve of ``max(4 x time_limit, 60)`` seconds."""

    @model_validator(mode="after")
    def _work_units_are_cp_sat_s(self) -> SolveParams:
        if self.deterministic and self.solver in ("highs", "scip"):
            raise ValueError(f"a deterministic solve counts CP-SAT's work units; the {self.solver} MIP stops by the clock")
        if self.solution_file is not None and self.model != "two-stage":
            raise ValueError("a solution file holds the calendar stage's values: it is read by the two-stage model only")
        return self

    @property
    def calendar_solver(self) -> Literal["cp-sat", "highs", "scip"]:
        """Who solves the calendar: measured, HiGHS proves FY2017 in about 2 s and most 10 x 200 shapes
        within 2 minutes, where CP-SAT's bounds stayed 1-2 % short (README, "The same model on another solver")."""
        if self.solver == "auto":
            return "cp-sat" if self.deterministic else "highs"
        return self.solver


def configure(solver: cp_model.CpSolver, params: SolveParams) -> None:
    """Set ``solver.parameters`` (never attributes on the solver object itself)."""
    solver.parameters.max_time_in_seconds = params.time_limit
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = params.workers
    solver.parameters.log_search_progress = params.log_search
    if params.deterministic:
        # Wall-clock stops and thread timing make runs differ; interleaved batches
        # stopped by work units do not (a single worker is deterministic by itself).
        solver.parameters.interleave_search = params.workers > 1
        solver.parameters.max_deterministic_time = params.time_limit
        solver.parameters.max_time_in_seconds = max(4 * params.time_limit, 60.0)  # a safety valve only
        return
    if params.portfolio == "tuned" and 2 <= params.workers < 8:
        # One thread is CP-SAT's shared one (LNS, feasibility jump); the others run these
        # full workers in order. Measured on FY2017's calendar (2 cores, 60 s): the
        # lower-bound tree search proves the optimum's bound (163,631) but finds poor plans
        # alone (166,405); the max-linearisation worker finds good plans with a bound ~0.5 %
        # short; together (3 threads) they prove the optimum in 39 s. With 2 threads the
        # max-linearisation worker alone is the better half.
        full = ["lb_tree_search", "max_lp_sym", "default_lp", "reduced_costs", "quick_restart", "core"]
        if params.workers == 2:
            full = ["max_lp_sym"]
        solver.parameters.subsolvers.extend(full[: params.workers - 1])
    elif params.portfolio == "bound" and 2 <= params.workers < 8:
        # The whole model after a large calendar's windows (planner.solve.windows) starts from
        # their plan; what it has left to do is the bound. Measured on 10 x 200 (2 cores, 120 s):
        # lower-bound tree search beside the objective lower-bound search ended at 428,680 and
        # beside the core worker at 428,835, where beside max-linearisation it ended at
        # 427,240-427,721 in four runs.
        full = ["lb_tree_search", "objective_lb_search", "max_lp_sym", "default_lp", "reduced_costs", "core"]
        solver.parameters.subsolvers.extend(full[: params.workers - 1])
