"""The whole flow for one solve: load -> expand -> solve -> plan -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planner.calendar import expand
from planner.io.readers import load_instance
from planner.io.writers import write_plan
from planner.plan import Plan, make_plan
from planner.solution import Result, SolveStatus
from planner.solve import Progress, SolveParams, default_workers, solve

EXIT_FOR_STATUS = {SolveStatus.OPTIMAL: 0, SolveStatus.FEASIBLE: 0, SolveStatus.INFEASIBLE: 3, SolveStatus.NO_PLAN: 4}


@dataclass(frozen=True)
class SolveOutcome:
    result: Result
    plan: Plan | None
    out_dir: Path | None
    exit_code: int
    summary: str


def run_solve(
    instance_dir: Path | str,
    out_dir: Path | str | None = None,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> SolveOutcome:
    """Solve an instance directory and write its plan (only if there is one)."""
    instance = load_instance(instance_dir)
    problem = expand(instance)
    params = SolveParams(time_limit=time_limit, seed=seed, workers=workers or default_workers())
    result = solve(problem, params, progress)
    if not result.status.has_plan:
        lines = [f"status: {result.status.value} ({result.solve_seconds:.1f} s); nothing written"]
        lines += [f"  - {reason}" for reason in result.explanation]
        return SolveOutcome(result, None, None, EXIT_FOR_STATUS[result.status], "\n".join(lines))
    plan = make_plan(problem, result)
    target = Path(out_dir) if out_dir is not None else Path("outputs") / instance.name
    write_plan(plan, target)
    return SolveOutcome(result, plan, target, 0, summarize(plan, target))


def summarize(plan: Plan, target: Path) -> str:
    gap = f"{100 * plan.gap:.2f}%" if plan.gap is not None else "-"
    lines = [
        f"status: {plan.status}  objective {plan.objective:.0f}  bound {plan.bound:.0f}  gap {gap}  "
        f"({plan.solve_seconds:.1f} s, {plan.workers} workers, seed {plan.seed})",
        f"visits: {plan.kpis['visits_total']} ({', '.join(f'{k} {v}' for k, v in plan.kpis['visits_by_round'].items())})",
        f"counter: {plan.kpis['counter_shortfall_officer_half_days']} officer half-days short of the requirement "
        f"in {plan.kpis['slots_below_requirement']} of {plan.kpis['slots_total']} slots",
        "objective terms (value x weight):",
    ]
    lines += [f"  {term:<24} {t['value']:>6} x {t['weight']:<5} = {t['weighted']}" for term, t in plan.terms.items()]
    lines.append(f"written: {target}/")
    return "\n".join(lines)
