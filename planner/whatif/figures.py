"""The figures a what-if comparison puts side by side, measured on one plan.

The application season is October and November of the fiscal year (as the
plan's KPIs); the deadline day is the day with the most expected walk-ins
(20 November in FY2017) and the deadline week its ISO week. Service levels
are arrival-weighted over the slots named, with the officers the plan leaves
at the counter plus other counter staff (Erlang A with a patience, else
Erlang C, which gives 0 where the counter is overloaded).
"""

from __future__ import annotations

import datetime as dt

from planner.calendar import Problem
from planner.domain.base import PlannerModel
from planner.kpis import service_level
from planner.plan import Plan


class ScenarioFigures(PlannerModel):
    objective: float | None
    bound: float | None
    calendar_objective: float | None = None
    """Every term but the officers' names (the two-stage calendar; the whole objective of a per-officer run)."""
    calendar_bound: float | None = None
    """The solver's bound on the calendar's optimum (equal to ``calendar_objective`` when proven)."""
    gap: float | None
    decided_gap: float | None
    waited_year: int
    """Expected visitor-minutes waited at the counter over the year."""
    waited_season: int
    waited_deadline_day: int
    service_level_season: float | None
    service_level_season_outside_deadline: float | None
    service_level_deadline_day: float | None
    shortfall_half_days: int
    """Officer half-days below the Erlang C requirement, summed over the year's slots."""
    visits: int
    visits_season: int
    visits_deadline_week: int
    visits_by_officer: dict[str, int]
    duty_days_by_officer: dict[str, int]
    swapped_days: int
    """Duty days moved onto another day of a week for a meeting."""
    deadline_day: str
    waited_by_month: dict[str, int]


def measure(problem: Problem, plan: Plan) -> ScenarioFigures:
    """The comparison's figures of ``plan`` (a plan of ``problem``)."""
    counter = plan.counter
    deadline = max(counter, key=lambda row: row.expected_arrivals).date
    deadline_week = dt.date.fromisoformat(deadline).isocalendar()[:2]
    season = [slot for slot, row in enumerate(counter) if problem.in_season(row.date)]
    by_month: dict[str, float] = {}
    for row in counter:
        by_month[row.date[:7]] = by_month.get(row.date[:7], 0.0) + row.visitor_minutes_waited
    calendar_objective, calendar_bound = calendar_figures(plan)
    return ScenarioFigures(
        objective=plan.run.objective,
        bound=plan.run.bound,
        calendar_objective=calendar_objective,
        calendar_bound=calendar_bound,
        gap=plan.run.gap,
        decided_gap=plan.run.decided_gap,
        waited_year=round(sum(row.visitor_minutes_waited for row in counter)),
        waited_season=plan.kpis["waited_application_season"],
        waited_deadline_day=round(sum(row.visitor_minutes_waited for row in counter if row.date == deadline)),
        service_level_season=plan.kpis["service_level_application_season"],
        service_level_season_outside_deadline=service_level(
            problem, plan.counter, [slot for slot in season if counter[slot].date != deadline]
        ),
        service_level_deadline_day=service_level(
            problem, plan.counter, [slot for slot, row in enumerate(counter) if row.date == deadline]
        ),
        shortfall_half_days=sum(max(0, row.required_officers - row.officers_at_counter - row.other_staff) for row in counter),
        visits=len(plan.visits),
        visits_season=plan.kpis["visits_in_application_season"],
        visits_deadline_week=sum(dt.date.fromisoformat(row.date).isocalendar()[:2] == deadline_week for row in plan.visits),
        visits_by_officer=dict(plan.kpis["visits_by_officer"]),
        duty_days_by_officer=dict(plan.kpis["duty_days_by_officer"]),
        swapped_days=int(plan.kpis["duty_days_moved_onto"]),
        deadline_day=deadline,
        waited_by_month={month: round(value) for month, value in sorted(by_month.items())},
    )


def calendar_figures(plan: Plan) -> tuple[float | None, float | None]:
    """The plan's calendar objective (every term but the officers' names) and the solver's bound on its optimum.

    A two-stage run proves the calendar's optimum, whose value is unique; the officers' terms
    are then optimal for that calendar, and another optimal calendar could give them another
    value, so only the calendar's figure is certified. The bound is the calendar stage's (a
    calendar whose visits were re-placed against the baseline keeps it: still a lower bound).
    """
    from planner.model.build import OFFICER_TERMS

    stage = next((stage for stage in plan.run.stages if stage.name == "calendar"), None)
    if stage is None:  # one per-officer model: the whole objective
        return plan.run.objective, plan.run.bound
    value = sum(term["weighted"] for name, term in plan.terms.items() if name not in OFFICER_TERMS)
    return float(value), stage.bound
