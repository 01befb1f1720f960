"""The objective: the weighted sum of every penalty, grouped by term for reporting."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.model.penalty import Penalty

TERM_DESCRIPTIONS: dict[str, str] = {
    "counter_waiting": "expected visitor-minutes waited at the counter",
    "counter_shortfall": "officer half-days missing at the counter against the Erlang C requirement",
    "peak_visits": "expected walk-ins on the days visits are made",
    "duty_swaps": "duty days moved within a week for a meeting",
    "officer_continuity": "extra officers per facility across its rounds",
    "visit_fairness": "visits away from each officer's fair share",
    "duty_fairness": "duty days away from each officer's fair share",
    "sample_findings": "open findings of facilities left out of a sampled round",
    "unannounced_weekdays": "unannounced visits on the busiest weekday above an even spread",
    "unannounced_clustering": "unannounced visits clustered by block or list order within a week",
    "unannounced_shuffle": "seeded random tie-break of unannounced dates",
    "replan_notified_moves": "announced visits moved although the facility had been told their date",
    "replan_visit_moves": "other published visits moved (or another facility sampled)",
    "replan_meeting_moves": "meetings moved from their published day",
    "replan_officer_changes": "visits kept on their half-day by another officer",
    "replan_duty_changes": "duty days added or removed against the published roster",
}


def set_objective(model: CpModel, penalties: Sequence[Penalty]) -> None:
    """Minimise ``sum(weight * expression)`` over penalties with a positive weight."""
    weighted = [penalty.weight * penalty.expression for penalty in penalties if penalty.weight]
    if weighted:
        model.minimize(LinearExpr.sum(weighted))
