"""Run one CP-SAT model and read its decisions: the only place a ``CpSolver`` lives."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import BuiltModel
from planner.solution import Calendar, MeetingDecision, Solution, SolveStatus, StageResult, TermValue, VisitDecision
from planner.solve.params import SolveParams, configure

Progress = Callable[[str], None]

STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.NO_PLAN,
}


class _SearchWatcher(cp_model.CpSolverSolutionCallback):
    """Records when the first solution and a 1 % gap came; prints progress lines when asked to."""

    def __init__(self, report: Progress | None, started: float, label: str) -> None:
        super().__init__()
        self._report = report
        self._started = started
        self._stage_started = time.perf_counter()
        self._label = label
        self._last_bound_print = 0.0
        self._objective: float | None = None
        self.first_solution_seconds: float | None = None
        self.one_percent_seconds: float | None = None

    def on_solution_callback(self) -> None:
        self._objective = self.objective_value
        if self.first_solution_seconds is None:
            self.first_solution_seconds = time.perf_counter() - self._stage_started
        self._note_gap(self.best_objective_bound)
        if self._report is not None:
            self._report(self._line(self.objective_value, self.best_objective_bound))

    def on_bound(self, bound: float) -> None:
        self._note_gap(bound)
        now = time.perf_counter()
        if self._report is not None and now - self._last_bound_print >= 1.0:
            self._last_bound_print = now
            self._report(self._line(None, bound))

    def _note_gap(self, bound: float) -> None:
        if (
            self.one_percent_seconds is None
            and self._objective is not None
            and abs(self._objective - bound) <= 0.01 * max(1.0, abs(self._objective))
        ):
            self.one_percent_seconds = time.perf_counter() - self._stage_started

    def _line(self, objective: float | None, bound: float) -> str:
        elapsed = time.perf_counter() - self._started
        shown = f"{objective:>10.0f}" if objective is not None else f"{'-':>10}"
        return f"{elapsed:7.1f}s  {self._label:<8} objective {shown}  bound {bound:10.0f}"


@dataclass
class ModelRun:
    """A solved model: its stage figures and the solver holding the values."""

    stage: StageResult
    solver: cp_model.CpSolver
    work: float = 0.0
    """CP-SAT's deterministic time (work units) the run took, over all its solves."""


def run_model(
    built: BuiltModel, params: SolveParams, name: str, progress: Progress | None = None, started: float | None = None
) -> ModelRun:
    """Solve ``built`` under ``params``; the stage's status, objective and bound as CP-SAT gave them."""
    started = time.perf_counter() if started is None else started
    stage_started = time.perf_counter()
    solver = cp_model.CpSolver()
    configure(solver, params)
    watcher = _SearchWatcher(progress, started, name)
    solver.best_bound_callback = watcher.on_bound
    code = solver.solve(built.model, watcher)
    status = STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.status_name(code)} ({built.model.validate()})")
    has_objective = status.has_plan and built.model.has_objective()
    objective = solver.objective_value if has_objective else (0.0 if status.has_plan else None)
    bound = solver.best_objective_bound if has_objective else (0.0 if status.has_plan else None)
    size = {"variables": len(built.model.proto.variables), "constraints": len(built.model.proto.constraints)}
    terms = stage_terms(built)
    seconds = time.perf_counter() - stage_started
    first = (
        watcher.first_solution_seconds if watcher.first_solution_seconds is not None else (seconds if status.has_plan else None)
    )
    one_percent = watcher.one_percent_seconds
    if (
        one_percent is None
        and objective is not None
        and bound is not None
        and abs(objective - bound) <= 0.01 * max(1.0, abs(objective))
    ):
        one_percent = seconds  # proven at the end (a solution found in presolve reports no callback)
    stage = StageResult(
        name, terms, status, objective, bound, seconds, _stopped_by(solver, status, params), size, first, one_percent
    )
    return ModelRun(stage, solver, solver.response_proto.deterministic_time)


def complete_hint(built: BuiltModel, params: SolveParams, budget: float) -> tuple[float, bool]:
    """Make a partial hint (the decisions of a start calendar) a whole solution.

    Returns the time it took and whether the hint was kept.

    A hint of the decisions alone leaves the objective's helper variables (the
    counter's officer positions, fairness deviations ...) to CP-SAT's first
    guess, which can price a good calendar at three times its cost and keep
    the search from it. With the hinted values fixed, the rest of the model is
    solved within ``budget`` (work units when deterministic, else seconds) and
    its solution replaces the hint. If the hinted values cannot all hold (the
    start came from another instance) the hint is dropped: measured on FY2017's
    "fourth officer" scenario, a contradicting partial hint found no plan in 5
    work units where no hint found one.
    """
    indices, values = model_hint(built.model)
    if not indices:
        return 0.0, False
    trial = built.model.clone()
    for index, value in zip(indices, values):
        if value > 0:  # what the start does (duty days, visits' half-days, meetings held); the rest stays free
            trial.add(trial.get_int_var_from_proto_index(index) >= value)
    solver = cp_model.CpSolver()
    configure(solver, params.model_copy(update={"time_limit": budget, "log_search": False}))
    started = time.perf_counter()
    code = solver.solve(trial)
    used = solver.response_proto.deterministic_time if params.deterministic else time.perf_counter() - started
    status = STATUS.get(code)
    if status is SolveStatus.INFEASIBLE:
        built.model.clear_hints()
        return used, False
    if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        hint_every_variable(built.model, list(solver.response_proto.solution))  # the trial's variables are the model's
    return used, True


def model_hint(model: cp_model.CpModel) -> tuple[list[int], list[int]]:
    """The proto indices and values of ``model``'s hint; empty lists if it has none.

    Reading ``proto.solution_hint`` of a model without one creates an empty hint, and an
    empty hint changed CP-SAT's search (FY2017's bound stopped near 163,300 on four seeds
    of five), so the field is only read when present.
    """
    if not model.proto.has_solution_hint():
        return [], []
    hint = model.proto.solution_hint
    return list(hint.vars), list(hint.values)


def stage_terms(built: BuiltModel) -> tuple[str, ...]:
    """The objective terms a model's stage minimises (those with a weight), in a fixed order."""
    return tuple(sorted({penalty.term for penalty in built.penalties if penalty.weight}))


def fix_variables(model: cp_model.CpModel, indices: list[int], values: list[int]) -> None:
    """Add ``variable == value`` to ``model`` for the variable of each proto index in ``indices``."""
    for index, value in zip(indices, values):
        model.add(model.get_int_var_from_proto_index(index) == value)


def solve_with_every_variable_fixed(built: BuiltModel, values: list[int]) -> tuple[cp_model.CpSolver, str | None]:
    """``built`` solved by CP-SAT with variable ``i`` fixed to ``values[i]``: does the model accept them, at what price.

    How a plan found elsewhere (HiGHS, SCIP, a solution file) is checked against the model and read back
    by the same code as CP-SAT's own. Returns the solver (its values, its objective) and, when the model
    refuses the values, CP-SAT's status name (``None`` when it accepts them).
    """
    fixed = built.model.clone()
    fix_variables(fixed, list(range(len(values))), values)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 60.0
    code = solver.solve(fixed)
    return solver, None if STATUS.get(code) in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE) else solver.status_name(code)


def hint_every_variable(model: cp_model.CpModel, values: list[int]) -> None:
    """Replace ``model``'s hint by a whole assignment (``values[i]`` for the variable of proto index ``i``)."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def _stopped_by(solver: cp_model.CpSolver, status: SolveStatus, params: SolveParams) -> str:
    """Why the search ended: a proof, or which limit (only a work limit gives the same plan again)."""
    if status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
        return "proof"
    if params.deterministic and solver.response_proto.deterministic_time >= 0.999 * params.time_limit:
        return "work limit"
    return "wall clock"


def extract_solution(built: BuiltModel, solver: cp_model.CpSolver) -> Solution:
    """The named plan of a per-officer model, with every term's value."""
    variables = built.variables
    visits = tuple(
        VisitDecision(visit.task, choice.officer, choice.slot)
        for visit in variables.visits
        for choice in visit.choices
        if choice.officer is not None and solver.boolean_value(choice.literal)
    )
    meetings = []
    for meeting in variables.meetings:
        for option in meeting.options:
            if solver.boolean_value(option.held):
                attendees = tuple(sorted({officer for officer, literal in option.attendance if solver.boolean_value(literal)}))
                meetings.append(MeetingDecision(meeting.task, option.option.day, option.option.slots, attendees))
    return Solution(_duty(built, solver), visits, tuple(meetings), term_values(built, solver))


def extract_calendar(built: BuiltModel, solver: cp_model.CpSolver) -> Calendar:
    """The roster, visit slots and held meeting options of a by-slot model."""
    variables = built.variables
    visit_slots: dict[int, int] = {}
    for visit in variables.visits:
        if visit.group:  # interchangeable visits counted per slot: the group's tasks in list order
            slots = [choice.slot for choice in visit.choices for _ in range(solver.value(choice.literal))]
            visit_slots.update(zip(visit.group, sorted(slots)))
            continue
        for choice in visit.choices:
            if solver.boolean_value(choice.literal):
                visit_slots[visit.task] = choice.slot
    meetings = tuple(
        MeetingDecision(
            meeting.task, option.option.day, option.option.slots, tuple(sorted(officer for officer, _ in option.attendance))
        )
        for meeting in variables.meetings
        for option in meeting.options
        if solver.boolean_value(option.held)
    )
    return Calendar(_duty(built, solver), visit_slots, meetings)


def term_values(built: BuiltModel, solver: cp_model.CpSolver) -> dict[str, TermValue]:
    values: dict[str, int] = {}
    weights: dict[str, int] = {}
    for penalty in built.penalties:
        values[penalty.term] = values.get(penalty.term, 0) + int(solver.value(penalty.expression))
        weights[penalty.term] = penalty.weight
    return {term: TermValue(values[term], weights[term]) for term in values}


def _duty(built: BuiltModel, solver: cp_model.CpSolver) -> tuple[tuple[int, int], ...]:
    return tuple(
        (officer, day)
        for officer, days in enumerate(built.variables.duty)
        for day, var in sorted(days.items())
        if solver.boolean_value(var)
    )
