"""The counter report: demand, required staff, staffing, service level and waiting.

Per half-day, then summed by ISO week and by month. Without a plan the
counter gets the weekday headcount target (everyone on duty at the counter:
what the counter would have if nobody went out); with a plan it gets the
officers the plan leaves there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.calendar import SLOT_NAMES, Problem
from planner.calendar.problem import day_of


@dataclass(frozen=True)
class SlotFigures:
    date: str
    slot: str
    month: str
    week: str
    expected_arrivals: float
    required_officers: int
    officers_at_counter: int
    other_staff: int
    shortfall: int
    service_level: float
    abandon_share: float
    """Visitors expected to give up (Erlang A; 0 without a patience)."""
    visitor_minutes_waited: float
    mean_wait_minutes: float


@dataclass(frozen=True)
class PeriodFigures:
    period: str
    half_days: int
    expected_arrivals: float
    required_officers_max: int
    officers_at_counter_min: int
    shortfall: int
    half_days_short: int
    service_level: float | None
    visitor_minutes_waited: float
    mean_wait_minutes: float | None


def slot_figures(problem: Problem, officers_at_counter: Sequence[int] | None = None) -> list[SlotFigures]:
    """Figures of every working-day half-day; ``officers_at_counter`` from a plan, or the targets."""
    rows = []
    for slot in range(problem.num_slots):
        day = day_of(slot)
        label = problem.day_labels[day]
        officers = officers_at_counter[slot] if officers_at_counter is not None else problem.day_target[day]
        arrivals = problem.slot_arrivals[slot]
        staff = officers + problem.slot_other_staff[slot]
        level, abandon = problem.counter_service(slot, officers)
        waited = problem.visitor_minutes(slot, officers)
        iso = dt.date.fromisoformat(label).isocalendar()
        rows.append(
            SlotFigures(
                date=label,
                slot=SLOT_NAMES[slot % 2],
                month=label[:7],
                week=f"{iso[0]}-W{iso[1]:02d}",
                expected_arrivals=round(arrivals, 2),
                required_officers=problem.slot_required[slot],
                officers_at_counter=officers,
                other_staff=problem.slot_other_staff[slot],
                shortfall=max(0, problem.slot_required[slot] - staff),
                service_level=round(level, 4),
                abandon_share=round(abandon, 4),
                visitor_minutes_waited=waited,
                mean_wait_minutes=round(waited / arrivals, 2) if arrivals > 0 else 0.0,
            )
        )
    return rows


def by_period(rows: Sequence[SlotFigures], key: Callable[[SlotFigures], str]) -> list[PeriodFigures]:
    """Sum half-days into periods (months or ISO weeks), in calendar order."""
    groups: dict[str, list[SlotFigures]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    result = []
    for period, members in groups.items():
        arrivals = sum(row.expected_arrivals for row in members)
        waited = sum(row.visitor_minutes_waited for row in members)
        result.append(
            PeriodFigures(
                period=period,
                half_days=len(members),
                expected_arrivals=round(arrivals, 1),
                required_officers_max=max(row.required_officers for row in members),
                officers_at_counter_min=min(row.officers_at_counter for row in members),
                shortfall=sum(row.shortfall for row in members),
                half_days_short=sum(1 for row in members if row.shortfall > 0),
                service_level=round(sum(row.service_level * row.expected_arrivals for row in members) / arrivals, 4)
                if arrivals
                else None,
                visitor_minutes_waited=round(waited),
                mean_wait_minutes=round(waited / arrivals, 2) if arrivals else None,
            )
        )
    return result
