"""The same model on another solver: a CP-SAT model written as a mixed-integer program for HiGHS (or SCIP).

Every rule of the calendar stage is linear over integers, and the counter's waiting
tables are stated with one literal per officer position
(:func:`planner.model.terms.counter.counter_waiting`), so the MIP is the CP-SAT model
itself, row for row, not a second formulation to keep in step: :func:`mip_form` reads
the model's proto and writes

- each variable as an integer column with its domain's bounds;
- each linear constraint as a row; one with enforcement literals (all true: the row
  holds) with big-M terms whose M is the expression's own range, so nothing is cut off;
- ``bool_or``, ``bool_and``, ``at_most_one`` and ``exactly_one`` as their rows over
  literals (a negated literal ``¬x`` is ``1 - x``);
- ``lin_max`` (``target = max(e_1..e_n)``, the fairness terms' absolute values) exactly:
  ``target >= e_i`` and, with one binary per argument choosing the maximum,
  ``target <= e_i + M_i (1 - z_i)``;
- the objective as CP-SAT minimises it inside (with its offset); the figures are scaled back
  to CP-SAT's units (a maximisation's bound is an upper one).

A constraint kind without a linear form here (or a domain with holes) is refused by
name (:class:`NotLinear`) rather than relaxed. The MIP solver's answer is then checked by
CP-SAT itself (:func:`run_mip`): every model variable fixed to its value must satisfy the
model and give the same objective, or the run stops as a bug. HiGHS is the planner's
default; SCIP (``--solver scip``) solves the same form, for comparison.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from planner.errors import PlannerError
from planner.model import BuiltModel
from planner.solution import SolveStatus, StageResult
from planner.solve.cpsat import ModelRun, Progress, model_hint, solve_with_every_variable_fixed, stage_terms
from planner.solve.params import SolveParams

UNBOUNDED = 2**62
"""Proto bounds at or beyond this magnitude are CP-SAT's ``kint64min``/``kint64max``: no bound."""

MIP_FORMATS = (".mps", ".lp")
"""File suffixes :func:`write_mip` writes (HiGHS's writers)."""


class NotLinear(PlannerError, ValueError):
    """The model holds a constraint or domain that :func:`mip_form` has no exact linear form for.

    ``--solver auto`` then solves with CP-SAT; an explicit ``--solver highs`` reports it in one line.
    """


@dataclass
class MipForm:
    """A MIP in arrays: integer columns (the proto's variables first, then helpers) and rows."""

    columns: int
    """The proto's variables: column ``i`` is the variable of proto index ``i``."""
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: dict[int, float] = field(default_factory=dict)
    offset: float = 0.0
    scaling: float = 1.0
    """CP-SAT reports ``scaling * (cost . x + offset)``; HiGHS minimises ``cost . x + offset``."""
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    row_starts: list[int] = field(default_factory=list)
    row_indices: list[int] = field(default_factory=list)
    row_values: list[float] = field(default_factory=list)

    def new_binary(self) -> int:
        self.lower.append(0.0)
        self.upper.append(1.0)
        return len(self.lower) - 1

    def add_row(self, terms: dict[int, float], low: float, high: float) -> None:
        """``low <= sum(terms) <= high`` (``±inf`` for no side); zero coefficients dropped."""
        self.row_starts.append(len(self.row_indices))
        for column, value in terms.items():
            if value:
                self.row_indices.append(column)
                self.row_values.append(value)
        self.row_lower.append(low)
        self.row_upper.append(high)

    @property
    def size(self) -> dict[str, int]:
        return {"columns": len(self.lower), "rows": len(self.row_lower), "nonzeros": len(self.row_indices)}


def model_proto(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """``model`` as a protobuf message (the Python model keeps its own wrapper, without field introspection)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "model.pb"
        model.export_to_file(str(path))
        return cp_model_pb2.CpModelProto.FromString(path.read_bytes())


def mip_form(proto: cp_model_pb2.CpModelProto) -> MipForm:
    """The MIP of ``proto``: the same variables, each constraint as its exact rows."""
    form = MipForm(len(proto.variables))
    for index, variable in enumerate(proto.variables):
        if len(variable.domain) != 2:
            raise NotLinear(f"variable {variable.name or index} has a domain with holes ({list(variable.domain)})")
        form.lower.append(_bound(variable.domain[0]))
        form.upper.append(_bound(variable.domain[1]))
    for index, constraint in enumerate(proto.constraints):
        kind = constraint.WhichOneof("constraint")
        writer = _WRITERS.get(kind or "")
        if writer is None:
            raise NotLinear(f"constraint {constraint.name or index} is a {kind} constraint, which has no linear form here")
        writer(form, constraint)
    _objective(form, proto)
    return form


def _bound(value: int) -> float:
    return math.inf if value >= UNBOUNDED else -math.inf if value <= -UNBOUNDED else float(value)


Terms = dict[int, float]


def _add_to(terms: Terms, reference: int, coefficient: float) -> None:
    """Add ``coefficient * ref`` to ``terms``: an integer reference (negative: minus the variable)."""
    column, sign = (reference, 1.0) if reference >= 0 else (-reference - 1, -1.0)
    terms[column] = terms.get(column, 0.0) + sign * coefficient


def _add_literal(terms: Terms, literal: int, coefficient: float) -> float:
    """Add ``coefficient * literal`` to ``terms``; returns the constant a negated literal (``1 - x``) leaves."""
    if literal >= 0:
        terms[literal] = terms.get(literal, 0.0) + coefficient
        return 0.0
    column = -literal - 1
    terms[column] = terms.get(column, 0.0) - coefficient
    return coefficient


def _range(form: MipForm, terms: Terms, constant: float = 0.0) -> tuple[float, float]:
    """The least and greatest value of ``sum(terms) + constant`` over the columns' bounds."""
    low = high = constant
    for column, value in terms.items():
        ends = (value * form.lower[column], value * form.upper[column]) if value else (0.0, 0.0)
        low += min(ends)
        high += max(ends)
    return low, high


def _linear(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    linear = constraint.linear
    if len(linear.domain) != 2:
        raise NotLinear(f"constraint {constraint.name or '(unnamed)'} has a domain with holes ({list(linear.domain)})")
    terms: Terms = {}
    for reference, coefficient in zip(linear.vars, linear.coeffs):
        _add_to(terms, reference, float(coefficient))
    _enforced_row(form, terms, _bound(linear.domain[0]), _bound(linear.domain[1]), list(constraint.enforcement_literal))


def _enforced_row(form: MipForm, terms: Terms, low: float, high: float, enforcement: list[int]) -> None:
    """``low <= sum(terms) <= high`` when every literal of ``enforcement`` is true.

    Each side is relaxed by its own M, the distance from the side to the expression's
    extreme, times the number of false enforcement literals: exact, and no larger than needed.
    """
    if not enforcement:
        form.add_row(terms, low, high)
        return
    least, greatest = _range(form, terms)
    for side, room in (("high", greatest - high), ("low", low - least)):
        if math.isinf(high if side == "high" else low) or room <= 0:
            continue  # no such side, or the expression cannot break it
        if math.isinf(room):
            raise NotLinear("an enforced constraint over an unbounded expression has no big-M form")
        # sum(terms) <= high + room * sum(1 - l)  <=>  sum(terms) + room * sum(l) <= high + room * len
        # (the low side likewise, mirrored); a negated literal leaves a constant.
        row = dict(terms)
        sign = 1.0 if side == "high" else -1.0
        constant = sum(_add_literal(row, literal, sign * room) for literal in enforcement)
        if side == "high":
            form.add_row(row, -math.inf, high + room * len(enforcement) - constant)
        else:
            form.add_row(row, low - room * len(enforcement) - constant, math.inf)


def _literal_row(form: MipForm, literals: list[int], low: float, high: float, enforcement: list[int]) -> None:
    """``low <= sum(literals) <= high`` (negated literals as ``1 - x``), under ``enforcement``."""
    terms: Terms = {}
    constant = sum(_add_literal(terms, literal, 1.0) for literal in literals)
    _enforced_row(form, terms, low - constant, high - constant, enforcement)


def _bool_or(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    _literal_row(form, list(constraint.bool_or.literals), 1.0, math.inf, list(constraint.enforcement_literal))


def _bool_and(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    for literal in constraint.bool_and.literals:
        _literal_row(form, [literal], 1.0, 1.0, list(constraint.enforcement_literal))


def _at_most_one(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    _literal_row(form, list(constraint.at_most_one.literals), -math.inf, 1.0, list(constraint.enforcement_literal))


def _exactly_one(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    _literal_row(form, list(constraint.exactly_one.literals), 1.0, 1.0, list(constraint.enforcement_literal))


def _expression(expression: cp_model_pb2.LinearExpressionProto) -> tuple[Terms, float]:
    terms: Terms = {}
    for reference, coefficient in zip(expression.vars, expression.coeffs):
        _add_to(terms, reference, float(coefficient))
    return terms, float(expression.offset)


def _lin_max(form: MipForm, constraint: cp_model_pb2.ConstraintProto) -> None:
    """``target = max(exprs)``: ``target >= e_i``, and ``target <= e_i`` for the one argument a binary picks."""
    if constraint.enforcement_literal:
        raise NotLinear("an enforced lin_max has no linear form here")
    target, target_constant = _expression(constraint.lin_max.target)
    arguments = [_expression(expression) for expression in constraint.lin_max.exprs]
    target_high = _range(form, target, target_constant)[1]
    choices = []
    for terms, constant in arguments:
        row = dict(target)
        for column, value in terms.items():
            row[column] = row.get(column, 0.0) - value
        form.add_row(row, constant - target_constant, math.inf)  # target >= e_i
        room = target_high - _range(form, terms, constant)[0]
        if math.isinf(room):
            raise NotLinear("a lin_max over unbounded expressions has no big-M form")
        choice = form.new_binary()
        choices.append(choice)
        # target - e_i + room * z_i <= room  (target <= e_i when z_i = 1)
        form.add_row({**row, choice: room}, -math.inf, room + constant - target_constant)
    form.add_row(dict.fromkeys(choices, 1.0), 1.0, 1.0)


_WRITERS = {
    "linear": _linear,
    "bool_or": _bool_or,
    "bool_and": _bool_and,
    "at_most_one": _at_most_one,
    "exactly_one": _exactly_one,
    "lin_max": _lin_max,
}


def _objective(form: MipForm, proto: cp_model_pb2.CpModelProto) -> None:
    """CP-SAT's inner objective ``sum(coeffs * vars) + offset``, always minimised.

    CP-SAT reports ``scaling * inner`` (a maximisation has a negative scaling):
    :func:`run_mip` turns HiGHS's figures back into those units.
    """
    if proto.HasField("floating_point_objective"):
        raise NotLinear("a floating-point objective is not read here")
    objective = proto.objective
    for reference, coefficient in zip(objective.vars, objective.coeffs):
        _add_to(form.cost, reference, float(coefficient))
    form.offset = float(objective.offset)
    form.scaling = objective.scaling_factor or 1.0


def _new_highs():  # type: ignore[no-untyped-def]  # highspy ships no stubs
    """A HiGHS instance; its C++ constructor prints a banner on the process's stdout, where
    ``planner``'s summary goes, so that descriptor points to the null device meanwhile."""
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs(form: MipForm, params: SolveParams):  # type: ignore[no-untyped-def]
    import highspy

    highs = _new_highs()
    highs.setOptionValue("output_flag", params.log_search)
    count = len(form.lower)
    lower = np.array([max(value, -highspy.kHighsInf) for value in form.lower])
    upper = np.array([min(value, highspy.kHighsInf) for value in form.upper])
    highs.addVars(count, lower, upper)
    highs.changeColsIntegrality(count, np.arange(count, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * count))
    if form.cost:
        columns = np.array(list(form.cost), dtype=np.int32)
        highs.changeColsCost(len(columns), columns, np.array(list(form.cost.values())))
    highs.changeObjectiveOffset(form.offset)
    if form.row_lower:
        highs.addRows(
            len(form.row_lower),
            np.clip(np.array(form.row_lower), -highspy.kHighsInf, highspy.kHighsInf),
            np.clip(np.array(form.row_upper), -highspy.kHighsInf, highspy.kHighsInf),
            len(form.row_indices),
            np.array(form.row_starts, dtype=np.int32),
            np.array(form.row_indices, dtype=np.int32),
            np.array(form.row_values),
        )
    return highs


def column_name(index: int, name: str) -> str:
    """A model variable's column name in the written MIP: its own name (spaces are separators in MPS)."""
    return (name or f"x{index}").replace(" ", "_")


def write_mip(model: cp_model.CpModel, path: Path) -> dict[str, int]:
    """Write ``model`` as a MIP file HiGHS writes (``.mps`` or ``.lp`` by the suffix); its size."""
    proto = model_proto(model)
    form = mip_form(proto)
    highs = _highs(form, SolveParams())
    # The model's own names (spaces are separators in MPS), so a reader of the file sees duty[A,2017-04-03].
    for index, variable in enumerate(proto.variables):
        highs.passColName(index, column_name(index, variable.name))
    for index in range(form.columns, len(form.lower)):
        highs.passColName(index, f"max_choice{index}")
    status = highs.writeModel(str(path))
    if str(status).endswith("kError"):
        raise OSError(f"{path}: HiGHS could not write the model")
    return form.size


@dataclass
class _Trajectory:
    """A MIP search as it goes, in CP-SAT's units: when the first plan came and when the gap first fell to 1 %."""

    stage_started: float
    first_solution_seconds: float | None = None
    one_percent_seconds: float | None = None
    objective: float | None = None
    bound: float | None = None
    printed: float = 0.0

    def note_gap(self, objective: float, bound: float, seconds: float) -> None:
        if self.one_percent_seconds is None and abs(objective - bound) <= 0.01 * max(1.0, abs(objective)):
            self.one_percent_seconds = seconds


@dataclass
class _Search:
    """What a MIP solver returned, in its own (inner, minimised) units."""

    status: SolveStatus
    objective: float | None
    bound: float | None
    values: list[float] | None
    """The model's columns (the proto's variables first), when there is a plan."""


MIP_SOLVERS = {"highs": "HiGHS", "scip": "SCIP"}


def run_mip(
    built: BuiltModel, params: SolveParams, name: str, progress: Progress | None = None, started: float | None = None
) -> ModelRun:
    """Solve ``built`` as a MIP with HiGHS (``params.solver == "scip"``: SCIP) under ``params``; checked by CP-SAT.

    The stage's status, objective and bound are the MIP solver's. Its plan is then given to
    CP-SAT with every model variable fixed: CP-SAT must accept it and price it the same, and
    the returned run's solver is that CP-SAT solve, so the plan is read by the same code as
    CP-SAT's own (:func:`~planner.solve.cpsat.extract_calendar`).
    """
    started = time.perf_counter() if started is None else started
    stage_started = time.perf_counter()
    which = "scip" if params.calendar_solver == "scip" else "highs"
    form = mip_form(model_proto(built.model))
    trajectory = _Trajectory(stage_started)

    def report(objective: float | None, bound: float) -> None:
        """Note an improving plan (``objective``) or a risen bound, in CP-SAT's units; print a progress line."""
        seconds = time.perf_counter() - stage_started
        if objective is not None:
            trajectory.objective = objective
            if trajectory.first_solution_seconds is None:
                trajectory.first_solution_seconds = seconds
        if trajectory.objective is not None:
            trajectory.note_gap(trajectory.objective, bound, seconds)
        if progress is not None:
            shown = f"{objective:>10.0f}" if objective is not None else f"{'-':>10}"
            progress(
                f"{time.perf_counter() - started:7.1f}s  {name:<8} objective {shown}  bound {bound:10.0f}  ({MIP_SOLVERS[which]})"
            )

    search = (_scip_search if which == "scip" else _highs_search)(form, params, model_hint(built.model), trajectory, report)
    status = search.status
    objective = None if search.objective is None else form.scaling * search.objective
    bound = None if search.bound is None else form.scaling * search.bound
    seconds = time.perf_counter() - stage_started
    solution = [round(value) for value in search.values[: form.columns]] if search.values is not None else None
    solver = _confirmed_by_cp_sat(built, solution, objective, MIP_SOLVERS[which])
    if solution is not None:
        objective = solver.objective_value  # the same within half a unit (checked), without the MIP's rounding
    if status is SolveStatus.OPTIMAL:
        bound = objective  # the search stops once the gap is below one unit of the integral objective: a proof
    one_percent = trajectory.one_percent_seconds
    if one_percent is None and status is SolveStatus.OPTIMAL:
        one_percent = seconds
    stage = StageResult(
        name,
        stage_terms(built),
        status,
        objective,
        bound,
        seconds,
        "proof" if status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE) else "wall clock",
        {**form.size, "variables": form.columns, "constraints": len(built.model.proto.constraints)},
        trajectory.first_solution_seconds if status.has_plan else None,
        one_percent,
        solver=which,
    )
    return ModelRun(stage, solver)


Report = Callable[[float | None, float], None]


def _highs_search(
    form: MipForm, params: SolveParams, hint: tuple[list[int], list[int]], trajectory: _Trajectory, report: Report
) -> _Search:
    highs = _highs(form, params)
    highs.setOptionValue("time_limit", float(params.time_limit))
    # HiGHS's threads are a process-wide scheduler, fixed by the first run in a process (a later
    # different value fails the run), and its branch and bound is serial: its default is kept.
    highs.setOptionValue("random_seed", int(params.seed))
    highs.setOptionValue("mip_rel_gap", 0.0)
    # The objective is integral (integer coefficients on integer variables): a gap below one unit is a proof.
    highs.setOptionValue("mip_abs_gap", 0.999)
    indices, values = hint
    if indices:
        highs.setSolution(len(indices), np.array(indices, dtype=np.int32), np.array(values, dtype=float))

    def improved(event) -> None:  # type: ignore[no-untyped-def]
        report(form.scaling * event.data_out.objective_function_value, form.scaling * event.data_out.mip_dual_bound)

    def bound_moved(event) -> None:  # type: ignore[no-untyped-def]
        # Called at every node: a line a second at most, and only when the bound rose.
        bound = form.scaling * event.data_out.mip_dual_bound
        now = time.perf_counter()
        if not math.isfinite(bound) or bound == trajectory.bound or now - trajectory.printed < 1.0:
            return
        trajectory.bound, trajectory.printed = bound, now
        report(None, bound)

    highs.cbMipImprovingSolution.subscribe(improved)
    highs.cbMipInterrupt.subscribe(bound_moved)
    if str(highs.run()).endswith("kError"):
        raise RuntimeError(f"HiGHS could not solve the model: {highs.modelStatusToString(highs.getModelStatus())}")
    status, objective, bound = _highs_status(highs)
    return _Search(status, objective, bound, list(highs.getSolution().col_value) if status.has_plan else None)


def _scip_search(
    form: MipForm, params: SolveParams, hint: tuple[list[int], list[int]], trajectory: _Trajectory, report: Report
) -> _Search:
    """The same MIP on SCIP (pyscipopt): built column by column, one thread, the hint as a partial solution."""
    from pyscipopt import Model, quicksum

    scip = Model()
    if not params.log_search:
        scip.hideOutput()
    scip.setParam("limits/time", float(params.time_limit))
    scip.setParam("randomization/randomseedshift", int(params.seed))
    scip.setParam("limits/gap", 0.0)
    scip.setParam("limits/absgap", 0.999)  # an integral objective: a gap below one unit is a proof
    columns = [
        scip.addVar(f"x{index}", vtype="I", lb=None if math.isinf(low) else low, ub=None if math.isinf(high) else high)
        for index, (low, high) in enumerate(zip(form.lower, form.upper))
    ]
    scip.setObjective(quicksum(value * columns[column] for column, value in form.cost.items()))
    scip.addObjoffset(form.offset)
    ends = [*form.row_starts, len(form.row_indices)]
    for row, (low, high) in enumerate(zip(form.row_lower, form.row_upper)):
        expression = quicksum(form.row_values[k] * columns[form.row_indices[k]] for k in range(ends[row], ends[row + 1]))
        if low == high:
            scip.addCons(expression == low)
            continue
        if not math.isinf(low):
            scip.addCons(expression >= low)
        if not math.isinf(high):
            scip.addCons(expression <= high)
    indices, values = hint
    if indices:
        start = scip.createPartialSol()
        for index, value in zip(indices, values):
            scip.setSolVal(start, columns[index], value)
        scip.addSol(start)
    scip.optimize()
    state = scip.getStatus()
    if state == "infeasible":
        return _Search(SolveStatus.INFEASIBLE, None, None, None)
    has_plan = scip.getNSols() > 0
    status = SolveStatus.OPTIMAL if state == "optimal" else SolveStatus.FEASIBLE if has_plan else SolveStatus.NO_PLAN
    bound = float(scip.getDualbound())
    if not has_plan:
        return _Search(status, None, bound if math.isfinite(bound) else None, None)
    best = scip.getBestSol()
    objective = float(scip.getObjVal())
    report(form.scaling * objective, form.scaling * bound)
    return _Search(status, objective, bound, [scip.getSolVal(best, column) for column in columns])


def _highs_status(highs) -> tuple[SolveStatus, float | None, float | None]:  # type: ignore[no-untyped-def]
    import highspy

    model_status = highs.getModelStatus()
    info = highs.getInfo()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = SolveStatus.OPTIMAL
    elif model_status == highspy.HighsModelStatus.kInfeasible:
        return SolveStatus.INFEASIBLE, None, None
    else:
        status = SolveStatus.FEASIBLE if has_plan else SolveStatus.NO_PLAN
    objective = float(info.objective_function_value) if has_plan else None
    bound = float(info.mip_dual_bound)
    return status, objective, (bound if math.isfinite(bound) else None)


def _confirmed_by_cp_sat(
    built: BuiltModel, solution: list[int] | None, objective: float | None, who: str = "HiGHS"
) -> cp_model.CpSolver:
    """A CP-SAT solve of ``built`` with every variable fixed to the MIP's ``solution``: the check, and the values' holder."""
    if solution is None:
        return cp_model.CpSolver()
    solver, refused = solve_with_every_variable_fixed(built, solution)
    if refused is not None:
        raise RuntimeError(f"{who}'s plan breaks the CP-SAT model ({refused}): a bug in the MIP form")
    if objective is not None and abs(solver.objective_value - objective) > 0.5:
        raise RuntimeError(f"{who} prices its plan {objective:,.0f}, CP-SAT {solver.objective_value:,.0f}: a bug in the MIP form")
    return solver
