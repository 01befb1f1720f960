"""The text the commands print: a plan's summary, a run without a plan, the counter report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.plan import Plan
from planner.report.counter import PeriodFigures, SlotFigures
from planner.report.formats import gap
from planner.solution import Result

SOLVER_NAMES = {"cp-sat": "CP-SAT", "highs": "HiGHS"}


def no_plan_text(result: Result) -> str:
    """INFEASIBLE or no plan in time: the status and why, in words."""
    lines = [f"status: {result.status.value} ({result.solve_seconds:.1f} s); nothing written"]
    lines += [f"  - {reason}" for reason in result.explanation]
    return "\n".join(lines)


def _unannounced_line(figures: dict) -> str:  # type: ignore[type-arg]
    def number(key: str) -> str:
        value = figures.get(key)
        return "-" if value is None else f"{value:+.2f}"

    share = figures.get("largest_weekday_share")
    line = (
        f"unannounced: {figures.get('visits', 0)} visits; busiest weekday {100 * share:.0f}% of them; rank correlation "
        f"with list order {number('rank_correlation_with_list_order')}, block order {number('rank_correlation_with_block_order')}"
        if share is not None
        else "unannounced: no visits"
    )
    if figures.get("repeats_previous_weekday") is not None:
        line += f"; {figures['repeats_previous_weekday']} of {figures['previous_year_compared']} on last year's weekday"
    return line


def _run_lines(plan: Plan) -> list[str]:
    """Status, objective, bound, both gaps and, for a two-stage run, each stage as CP-SAT gave it."""
    how = "deterministic" if plan.run.deterministic else "wall clock"
    lines = [
        f"status: {plan.run.status.value}  objective {plan.run.objective:.0f}  "
        f"bound {'-' if plan.run.bound is None else f'{plan.run.bound:.0f}'}  gap {gap(plan.run.gap)}  "
        f"({plan.run.solve_seconds:.1f} s, {plan.run.workers} workers, seed {plan.run.seed}, {plan.run.model}, {how})",
    ]
    if plan.run.floor is not None:
        lines.append(
            f"decided gap {gap(plan.run.decided_gap)} = (objective - bound) / (objective - floor); floor "
            f"{plan.run.floor.value}, which no plan goes below (how: plan.json floor.method)"
        )
    if plan.run.objective_mode == "lexicographic":
        for stage in plan.run.stages:
            objective = "-" if stage.objective is None else f"{stage.objective:.0f}"
            bound = "-" if stage.bound is None else f"{stage.bound:.0f}"
            lines.append(
                f"  stage {stage.name:<9} {stage.status.value:<8} objective {objective} bound {bound} "
                f"gap {gap(stage.gap)} ({stage.seconds:.1f} s, {SOLVER_NAMES.get(stage.solver, stage.solver)}, "
                f"stopped by {stage.stopped_by})"
            )
            if stage.windows is not None:
                windows = stage.windows
                lines.append(
                    f"    start {windows.start_objective:.0f}; {windows.windows} windows of up to {windows.widest_weeks} "
                    f"weeks ({windows.improved} improved the plan, {windows.proven} proven) {windows.objective:.0f} in "
                    f"{windows.seconds:.1f} s; then the whole model {windows.whole_model_seconds:.1f} s"
                )
    return lines


def plan_summary(plan: Plan, target: Path, notes: Sequence[str] = ()) -> str:
    """What ``planner solve``/``replan`` print for a plan written to ``target`` (``notes`` before the last line)."""
    lines = [
        *_run_lines(plan),
        f"visits: {plan.kpis['visits_total']} ({', '.join(f'{k} {v}' for k, v in plan.kpis['visits_by_round'].items())})",
        f"counter: {plan.kpis['expected_visitor_minutes_waited']} visitor-minutes waited (visits at the earliest "
        f"free slots instead: {plan.kpis['baseline_visitor_minutes_waited']}); "
        f"{plan.kpis['counter_shortfall_officer_half_days']} officer half-days short of Erlang C "
        f"in {plan.kpis['slots_below_requirement']} of {plan.kpis['slots_total']} slots",
        *(
            ["  (the search's plan waited more than that: its visits were re-placed for the least waiting on its roster)"]
            if plan.run.visits_replaced
            else []
        ),
        _unannounced_line(plan.kpis.get("unannounced", {})),
        "objective terms (value x weight):",
    ]
    lines += [f"  {term:<24} {t['value']:>6} x {t['weight']:<5} = {t['weighted']}" for term, t in plan.terms.items()]
    lines += [*notes, f"written: {target}/"]
    return "\n".join(lines)


def counter_text(months: Sequence[PeriodFigures], slots: Sequence[SlotFigures], with_plan: bool, target: Path) -> str:
    header = f"{'month':<8} {'walk-ins':>9} {'need max':>8} {'at min':>6} {'short':>6} {'SL':>6} {'visitor-min':>11} {'wait/visitor':>12}"
    lines = [
        "counter by month ("
        + ("officers the plan leaves at the counter" if with_plan else "headcount targets, nobody out on a visit")
        + ")",
        header,
    ]
    for month in months:
        level = f"{100 * month.service_level:5.1f}%" if month.service_level is not None else "    -"
        wait = f"{month.mean_wait_minutes:10.1f} m" if month.mean_wait_minutes is not None else f"{'-':>12}"
        lines.append(
            f"{month.period:<8} {month.expected_arrivals:>9.0f} {month.required_officers_max:>8} "
            f"{month.officers_at_counter_min:>6} {month.shortfall:>6} {level:>6} {month.visitor_minutes_waited:>11.0f} {wait:>12}"
        )
    total = sum(row.visitor_minutes_waited for row in slots)
    lines.append(f"year: {total:.0f} visitor-minutes waited, {sum(row.shortfall for row in slots)} officer half-days short")
    lines.append("worst half-days:")
    for row in sorted(slots, key=lambda row: -row.visitor_minutes_waited)[:10]:
        lines.append(
            f"  {row.date} {row.slot}  walk-ins {row.expected_arrivals:6.1f}  need {row.required_officers:>2}  "
            f"at counter {row.officers_at_counter}  waited {row.visitor_minutes_waited:8.0f} visitor-min"
        )
    lines.append(f"written: {target}/ (counter_slots.csv, counter_weeks.csv, counter_months.csv, counter_chart.png)")
    return "\n".join(lines)
