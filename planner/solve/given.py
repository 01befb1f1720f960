"""A calendar found by another solver: read its solution of ``planner model``'s file, check it, name the officers.

``planner model INSTANCE --out calendar.mps`` writes the calendar stage for any MIP solver
(its columns named as the model's variables: ``duty[A,2017-04-03]``); ``planner solve INSTANCE
--solution calendar.sol`` takes that solver's answer back. The file is read as lines of a
column name and its value — the form HiGHS (raw), SCIP, Gurobi and CBC write; section headers,
comments, objective lines and names that are not a column (rows, HiGHS's ``max_choice``
helpers) are passed over, a column left out is 0. The values are handed to CP-SAT with every
variable of the model fixed, which must accept them (else the file is refused, exit 2); from
there the plan is read, its officers named and checked like any other. The run is FEASIBLE:
the planner cannot see the other solver's proof, and reports no bound of its own.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from planner.errors import PlannerError
from planner.model import BuiltModel
from planner.solution import SolveStatus, StageResult
from planner.solve.cpsat import ModelRun, Progress, solve_with_every_variable_fixed, stage_terms
from planner.solve.mip import column_name


class SolutionFileError(PlannerError, ValueError):
    """A ``--solution`` file that cannot be read, or whose calendar the model does not accept."""

    exit_code = 2


def column_names(built: BuiltModel) -> dict[str, int]:
    """Column name (as ``planner model`` writes it: spaces as underscores) -> the model variable's index."""
    return {column_name(index, variable.name): index for index, variable in enumerate(built.model.proto.variables)}


def read_solution(path: Path, built: BuiltModel) -> list[int]:
    """The value of every model variable in the solution file at ``path`` (0 where it names none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SolutionFileError(f"{path}: cannot be read ({error})") from None
    columns = column_names(built)
    values = [0] * len(built.model.proto.variables)
    found = 0
    for number, line in enumerate(lines, start=1):
        if line.startswith(("# Rows", "# Dual")):
            break  # HiGHS's raw form: the rows (and duals) follow the columns
        pair = _name_and_value(line)
        if pair is None or pair[0] not in columns:
            continue
        name, value = pair
        if not math.isfinite(value) or abs(value - round(value)) > 1e-6:
            raise SolutionFileError(f"{path}: line {number}: {name} is {value}, not a whole number")
        values[columns[name]] = round(value)
        found += 1
    if not found:
        raise SolutionFileError(
            f"{path}: names no column of the model (write the model with planner model INSTANCE --out F.mps and --seed as here)"
        )
    return values


def _name_and_value(line: str) -> tuple[str, float] | None:
    """(name, value) of a solution line: ``name value [...]``, or CBC's ``index name value [...]``."""
    tokens = line.split()
    if len(tokens) < 2 or tokens[0].startswith("#") or tokens[0].endswith(":"):
        return None
    candidates = [(tokens[0], tokens[1])]
    if len(tokens) >= 3 and tokens[0].isdigit():
        candidates.insert(0, (tokens[1], tokens[2]))
    for name, text in candidates:
        try:
            return name, float(text)
        except ValueError:
            continue
    return None


def run_given(
    built: BuiltModel, path: Path, name: str, progress: Progress | None = None, started: float | None = None
) -> ModelRun:
    """The calendar stage taken from the solution file at ``path``, confirmed by CP-SAT with every variable fixed."""
    started = time.perf_counter() if started is None else started
    stage_started = time.perf_counter()
    solver, refused = solve_with_every_variable_fixed(built, read_solution(path, built))
    if refused is not None:
        raise SolutionFileError(
            f"{path}: its calendar breaks the model ({refused}); a solution of this instance's "
            "planner model file, written with the same --seed, is needed"
        )
    if progress is not None:
        progress(
            f"{time.perf_counter() - started:7.1f}s  {name:<8} objective {solver.objective_value:>10.0f}  (from {path.name})"
        )
    proto = built.model.proto
    stage = StageResult(
        name,
        stage_terms(built),
        SolveStatus.FEASIBLE,
        solver.objective_value,
        None,
        time.perf_counter() - stage_started,
        "given",
        {"variables": len(proto.variables), "constraints": len(proto.constraints)},
        0.0,
        None,
        solver="file",
    )
    return ModelRun(stage, solver)
