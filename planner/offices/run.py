"""One office solved and written: the unit of work of a many-office ``planner solve``.

:func:`solve_office` runs in a pool process or on a Dask worker: it is the
ordinary one-office pipeline (:func:`planner.pipeline.run_solve`), writing the
office's usual outputs into its own folder, and it returns the office's row of
the summary. Bad input and "no plan" are rows with the reason in words; only a
bug raises (and then that office alone is a ``FAILED`` row).

Writing happens on the worker, so a Dask cluster on several machines needs the
instances and the output folder on a file system every worker sees.
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass
from typing import Any

from planner.errors import PlannerError
from planner.solve.params import SolveParams


@dataclass(frozen=True)
class OfficeTask:
    office_id: str
    title: str
    instance_dir: str
    out_dir: str
    params: SolveParams
    """Deterministic: the same set, seed and limit give every office the same plan wherever it runs."""
    documents: bool = True


@dataclass(frozen=True)
class OfficeOutcome:
    office_id: str
    title: str
    status: str
    """OPTIMAL / FEASIBLE / INFEASIBLE / NO_PLAN, BAD_INPUT (the office's files), FAILED (a bug)."""
    exit_code: int
    reason: str
    figures: dict[str, Any]
    """The office's row of the summary (empty without a plan)."""
    seconds: float
    worker_peak_mb: float
    """Peak resident memory of the worker process so far (it may have solved other offices before)."""


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def figures_of(plan: Any, officers: int, facilities: int) -> dict[str, Any]:
    from planner.calendar.outreach import is_occurrence

    kpis = plan.kpis
    return {
        "officers": officers,
        "facilities": facilities,
        "visits": kpis["visits_total"],
        "outreach_half_days": sum(1 for row in plan.meetings if is_occurrence(row.meeting_id)),
        "waited_year": kpis["expected_visitor_minutes_waited"],
        "waited_season": kpis["waited_application_season"],
        "service_level_season": kpis["service_level_application_season"],
        "shortfall_half_days": kpis["counter_shortfall_officer_half_days"],
        "swapped_days": kpis["duty_days_moved_onto"],
        "objective": plan.run.objective,
        "bound": plan.run.bound,
        "gap": plan.run.gap,
        "decided_gap": plan.run.decided_gap,
    }


def solve_office(task: OfficeTask) -> OfficeOutcome:
    """Solve one office deterministically and write its outputs (runs in a pool process or on Dask)."""
    from planner.pipeline import run_solve

    started = time.perf_counter()
    try:
        outcome = run_solve(
            task.instance_dir,
            task.out_dir,
            time_limit=task.params.time_limit,
            seed=task.params.seed,
            workers=task.params.workers,
            documents=task.documents,
            deterministic=task.params.deterministic,
        )
    except PlannerError as error:
        return OfficeOutcome(
            task.office_id, task.title, "BAD_INPUT", error.exit_code, str(error), {}, time.perf_counter() - started, _peak_mb()
        )
    result = outcome.result
    if outcome.plan is None:
        return OfficeOutcome(
            task.office_id,
            task.title,
            result.status.value,
            outcome.exit_code,
            "; ".join(result.explanation) or result.status.value,
            {},
            time.perf_counter() - started,
            _peak_mb(),
        )
    instance = outcome.instance
    return OfficeOutcome(
        task.office_id,
        task.title,
        outcome.plan.run.status.value,
        0,
        "",
        figures_of(outcome.plan, len(instance.spec.officers), len(instance.facilities)),
        time.perf_counter() - started,
        _peak_mb(),
    )
