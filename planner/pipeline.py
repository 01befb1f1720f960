"""The whole flow for one solve: load -> expand -> solve -> plan -> write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from planner.calendar import Problem, expand
from planner.domain import Instance
from planner.errors import OutputError, PlanReadError
from planner.io.output_folder import claim_output_folder
from planner.io.plan_files import PlanFiles, read_plan_files
from planner.io.readers import load_instance
from planner.io.writers import write_plan
from planner.plan import Plan, make_plan
from planner.report.counter import by_period, slot_figures
from planner.report.screen import counter_text, no_plan_text, plan_summary
from planner.solution import Result, SolveStatus
from planner.solve import Progress, SolveParams, default_workers, solve
from planner.warm_start import PlanSketch, calendar_from

EXIT_FOR_STATUS = {SolveStatus.OPTIMAL: 0, SolveStatus.FEASIBLE: 0, SolveStatus.INFEASIBLE: 3, SolveStatus.NO_PLAN: 4}


@dataclass(frozen=True)
class SolveOutcome:
    result: Result
    plan: Plan | None
    out_dir: Path | None
    exit_code: int
    summary: str
    instance: Instance
    """The instance solved (for a re-plan: the changed one the plan keeps)."""


def _without_plan(result: Result, instance: Instance) -> SolveOutcome:
    """INFEASIBLE or no plan in time: nothing is written; the summary says why."""
    return SolveOutcome(result, None, None, EXIT_FOR_STATUS[result.status], no_plan_text(result), instance)


def run_solve(
    instance_dir: Path | str,
    out_dir: Path | str | None = None,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    documents: bool = True,
    csv_bom: bool = False,
    previous_plan: Path | str | None = None,
    deterministic: bool = False,
    model: Literal["two-stage", "per-officer"] = "two-stage",
    solver: Literal["auto", "cp-sat", "highs", "scip"] = "auto",
    solution: Path | str | None = None,
) -> SolveOutcome:
    """Solve an instance directory and write its plan (only if there is one).

    ``solution``: another solver's solution of the calendar stage's model (``planner model``'s file),
    read instead of searched (:mod:`planner.solve.given`).

    ``documents`` adds the calendars, workbook, facility notices and report
    (:mod:`planner.documents`) next to the contract files.  ``previous_plan``
    (last year's plan directory) adds how many unannounced visits repeat last
    year's weekday to the KPIs.
    """
    instance = load_instance(instance_dir)
    target = Path(out_dir) if out_dir is not None else Path("outputs") / instance.name
    read = [Path(instance_dir), *(Path(path) for path in (previous_plan, solution) if path is not None)]
    claim_output_folder(target, reading=read)
    problem = expand(instance)
    params = SolveParams(
        time_limit=time_limit,
        seed=seed,
        workers=workers or default_workers(),
        deterministic=deterministic,
        model=model,
        solver=solver,
        solution_file=None if solution is None else str(solution),
    )
    result = solve(problem, params, progress)
    if not result.status.has_plan:
        return _without_plan(result, instance)
    plan = make_plan(problem, result, _unannounced_weekdays(previous_plan) if previous_plan is not None else None)
    extras = None
    if documents:
        from planner.documents import write_documents

        def extras(staging: Path) -> None:
            write_documents(instance, plan, staging, previous=target)

    write_plan(plan, target, csv_bom=csv_bom, extras=extras)
    return SolveOutcome(result, plan, target, 0, plan_summary(plan, target), instance)


@dataclass(frozen=True)
class Replanned:
    """A re-plan's result before anything is written (``planner replan`` and the browser's re-plan)."""

    instance: Instance
    """The changed instance the new plan keeps."""
    result: Result
    plan: Plan | None
    """``None`` when the re-plan has no plan (infeasible, or none within the limit)."""
    changes: tuple[Any, ...] = ()
    """What changed against the published plan (``changes.csv``'s rows)."""


def replan_of(
    instance: Instance,
    published: PlanFiles,
    changes: Any,
    as_of: dt.date,
    params: SolveParams,
    *,
    source: str,
    published_dir: Path | str,
    progress: Progress | None = None,
    until: dt.date | None = None,
) -> Replanned:
    """Solve the re-plan of ``published`` from ``as_of`` (to ``until``) after ``changes`` (nothing written)."""
    from dataclasses import replace

    from planner.replan.apply import changed_instance, reference_of
    from planner.replan.changelist import change_list

    new_instance = changed_instance(instance, changes, as_of, source)
    problem = expand(new_instance)
    problem = replace(problem, reference=reference_of(problem, published, changes, as_of, source, until))
    result = solve(problem, params, progress, start=calendar_from(problem, _published_with_moves(published, changes)))
    if not result.status.has_plan:
        return Replanned(new_instance, result, None)
    plan = make_plan(problem, result)
    rows = change_list(published, plan, as_of.isoformat())
    plan = replace(
        plan,
        replan={
            "as_of": as_of.isoformat(),
            "published_plan": str(published_dir),
            "changes": [change.model_dump(mode="json") for change in changes.changes],
            "changed": {kind: sum(row.change == kind for row in rows) for kind in sorted({r.change for r in rows})},
        },
    )
    return Replanned(new_instance, result, plan, tuple(rows))


def _published_with_moves(published: PlanFiles, changes: Any) -> PlanSketch:
    """The search's start: the published plan with each visit the changes move or pin to a half-day put there
    (what the page shows before a re-plan, built from the command line's inputs alone)."""
    from planner.replan.changes import VisitMoved, VisitPinned

    placed = {(row.facility_id, row.round): (row.date.isoformat(), row.slot) for row in published.visits}
    for change in changes.changes:
        if isinstance(change, (VisitMoved, VisitPinned)) and change.date is not None and change.slot is not None:
            placed[change.facility, change.round] = (change.date.isoformat(), change.slot)
    return PlanSketch(
        duty=tuple((row.officer_id, row.date.isoformat()) for row in published.roster),
        visits=tuple((facility, round_, date, slot) for (facility, round_), (date, slot) in placed.items()),
        meetings=tuple(sorted({(row.meeting_id, row.date.isoformat(), row.slot) for row in published.meetings})),
    )


def run_replan(
    instance_dir: Path | str,
    plan_dir: Path | str,
    as_of: dt.date,
    changes_file: Path | str,
    out_dir: Path | str | None = None,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    documents: bool = True,
    deterministic: bool = False,
    until: dt.date | None = None,
    solver: Literal["auto", "cp-sat", "highs", "scip"] = "auto",
) -> SolveOutcome:
    """Re-plan a published plan from ``as_of`` after the changes in ``changes_file``.

    Writes the new plan (documents' calendar SEQUENCEs continue the published
    ones), ``changes.csv`` and, under ``instance/``, the changed instance the new
    plan keeps (``planner check OUT/instance OUT``).
    """
    from planner.io.readers import load_changes
    from planner.io.writers import write_changes, write_instance_files

    instance = load_instance(instance_dir)
    target = Path(out_dir) if out_dir is not None else Path("outputs") / f"{instance.name}-replan-{as_of.isoformat()}"
    claim_output_folder(target, reading=[Path(instance_dir), Path(plan_dir), Path(changes_file)])
    published = _read_plan_of(plan_dir, instance.name)
    changes = load_changes(changes_file)
    params = SolveParams(
        time_limit=time_limit, seed=seed, workers=workers or default_workers(), deterministic=deterministic, solver=solver
    )
    replanned = replan_of(
        instance,
        published,
        changes,
        as_of,
        params,
        source=str(changes_file),
        published_dir=plan_dir,
        progress=progress,
        until=until,
    )
    if replanned.plan is None:
        return _without_plan(replanned.result, replanned.instance)
    plan, new_instance, rows = replanned.plan, replanned.instance, replanned.changes

    def extras(staging: Path) -> None:
        write_changes(rows, staging / "changes.csv")
        write_instance_files(new_instance, staging / "instance")
        if documents:
            from planner.documents import write_documents

            write_documents(new_instance, plan, staging, previous=Path(plan_dir))

    write_plan(plan, target, command="replan", extras=extras)
    moved = [row for row in rows if row.change in ("moved", "cancelled", "added")]
    note = f"changes: {len(rows)} rows in changes.csv ({len(moved)} visits moved, added or cancelled)"
    return SolveOutcome(replanned.result, plan, target, 0, plan_summary(plan, target, notes=(note,)), new_instance)


def run_explain(instance_dir: Path | str, plan_dir: Path | str, visit: str | None = None) -> str:
    """``planner explain``: the plan's objective by term, month and officer, or one visit's placement."""
    from planner.explain import explain_plan, explain_visit

    instance = load_instance(instance_dir)
    plan = _read_plan_of(plan_dir, instance.name)
    problem = expand(instance)
    at_counter = _plan_counter_staffing(problem, plan, Path(plan_dir))
    if visit is None:
        return explain_plan(problem, plan, at_counter)
    facility_id, _, round_id = visit.partition("/")
    if not round_id:
        raise PlanReadError(f"--visit {visit!r}: give FACILITY/ROUND, e.g. C01/unannounced")
    return explain_visit(problem, plan, at_counter, facility_id, round_id)


def run_options(instance_dir: Path | str, plan_dir: Path | str, visit: str) -> dict[str, Any]:
    """``planner options``: every place one visit could go, priced term by term, with the rules it would break."""
    from planner.options import Pricer, options_document, visit_task
    from planner.score import read_decisions

    instance = load_instance(instance_dir)
    plan = _read_plan_of(plan_dir, instance.name)
    problem = expand(instance)
    return options_document(Pricer(problem, read_decisions(problem, plan)), visit_task(problem, visit))


def _read_plan_of(plan_dir: Path | str, instance_name: str) -> PlanFiles:
    """A plan directory's files, refused if the plan belongs to another instance."""
    plan = read_plan_files(plan_dir)
    if plan.document.get("instance") != instance_name:
        raise PlanReadError(
            f"{Path(plan_dir) / 'plan.json'}: the plan is for instance {plan.document.get('instance')!r}, not {instance_name!r}"
        )
    return plan


def _unannounced_weekdays(plan_dir: Path | str) -> dict[str, int]:
    """Facility id -> weekday of its unannounced visit in another plan (last year's)."""
    return {row.facility_id: row.date.weekday() for row in read_plan_files(plan_dir).visits if not row.announced}


def run_counter_report(instance_dir: Path | str, plan_dir: Path | str | None, out_dir: Path | str | None) -> str:
    """Counter report of an instance (staffing = targets) or of a plan; returns the screen text."""
    from planner.io.reports import write_counter_report

    instance = load_instance(instance_dir)
    target = Path(out_dir) if out_dir is not None else Path("outputs") / f"{instance.name}-counter"
    claim_output_folder(target, reading=[Path(instance_dir), *([Path(plan_dir)] if plan_dir is not None else [])])
    problem = expand(instance)
    officers = None
    if plan_dir is not None:
        officers = _plan_counter_staffing(problem, _read_plan_of(plan_dir, instance.name), Path(plan_dir))
    slots = slot_figures(problem, officers)
    weeks = by_period(slots, lambda row: row.week)
    months = by_period(slots, lambda row: row.month)
    source = "計画" if plan_dir is not None else "配置目標（訪問なし）"
    write_counter_report(target, f"窓口の来庁見込みと配置 — {instance.name}（{source}）", slots, weeks, months, problem.season)
    return counter_text(months, slots, plan_dir is not None, target)


def _plan_counter_staffing(problem: Problem, plan: PlanFiles, plan_dir: Path) -> list[int]:
    """Officers the plan leaves at the counter in every slot (its counter.csv must cover them all)."""
    officers: list[int | None] = [None] * problem.num_slots
    for row in plan.counter:
        slot = problem.slot_at(row.date.isoformat(), row.slot)
        if slot is not None:
            officers[slot] = row.officers_at_counter
    missing = next((slot for slot, value in enumerate(officers) if value is None), None)
    if missing is not None:
        raise PlanReadError(f"{plan_dir / 'counter.csv'}: no row for {problem.slot_label(missing)}")
    return [value for value in officers if value is not None]


MODEL_FORMATS = {
    ".pb": "CP-SAT's model (binary proto)",
    ".pb.txt": "CP-SAT's model (text proto)",
    ".mps": "MIP (MPS)",
    ".lp": "MIP (LP)",
}
"""What ``planner model`` writes, by the file's suffix."""


def write_calendar_model(instance_dir: Path | str, out_file: Path | str, *, seed: int = 0, overwrite: bool = False) -> str:
    """Write the calendar stage's model of an instance, as ``planner solve`` builds it, for other solvers.

    The suffix chooses the format (:data:`MODEL_FORMATS`): CP-SAT's own proto, or the same model
    as a MIP (:mod:`planner.solve.mip`). Written beside the target and moved into place, so a failed
    write leaves nothing; an existing file is kept unless ``overwrite``. Returns a line for the screen.
    """
    from planner.model import build_model
    from planner.solve.mip import write_mip

    target = Path(out_file)
    kind = next((suffix for suffix in MODEL_FORMATS if target.name.endswith(suffix) and target.name != suffix), None)
    if kind is None:
        raise OutputError(f"{target}: unknown model format; name the file with one of {', '.join(MODEL_FORMATS)}")
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: file exists (kept); pass --overwrite to replace it")
    problem = expand(load_instance(instance_dir))
    built = build_model(problem, seed=seed, formulation="by-slot", bound_rows=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.writing{kind}")
    try:
        if kind in (".pb", ".pb.txt"):
            if not built.model.export_to_file(str(staging)):
                raise OutputError(f"{target}: CP-SAT could not write the model")
        else:
            write_mip(built.model, staging)
        staging.replace(target)
    finally:
        staging.unlink(missing_ok=True)
    proto = built.model.proto
    return (
        f"written: {target} ({MODEL_FORMATS[kind]}: the calendar stage of {problem.name}, "
        f"{len(proto.variables):,} variables, {len(proto.constraints):,} constraints, seed {seed})"
    )
