"""The counter's figures per working day and half-day: walk-ins, other staff, Erlang C, waiting tables."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from planner.calendar.problem import SLOT_MINUTES
from planner.calendar.workdays import is_national_holiday
from planner.domain import WEEKDAY_KEYS, InstanceSpec
from planner.domain.demand import DatedPeriod
from planner.queueing import required_servers
from planner.queueing.transient import waiting_table


@dataclass(frozen=True)
class CounterFigures:
    day_demand: tuple[float, ...]
    """Expected walk-ins per working day (rows, then ``counter.effects``)."""
    slot_arrivals: tuple[float, ...]
    slot_required: tuple[int, ...]
    """Officers Erlang C requires per half-day."""
    slot_other_staff: tuple[int, ...]
    slot_waiting: tuple[tuple[int, ...], ...]
    """Per half-day: expected visitor-minutes waited with k officers at the counter (beside other staff)."""


def counter_figures(spec: InstanceSpec, days: Sequence[dt.date], officers: int) -> CounterFigures:
    """The counter's demand and what it costs, on the half-day grid of ``days``."""
    day_demand = _with_effects(spec, days, _day_values(spec.counter.demand, days, "per_day", 0.0))
    day_staff = _day_values(spec.counter.extra_staff, days, "staff", 0)
    slot_arrivals = tuple(day_demand[day] * SLOT_MINUTES[half] / sum(SLOT_MINUTES) for day in range(len(days)) for half in (0, 1))
    service = spec.counter.service
    slot_required = tuple(
        required_servers(
            arrivals, SLOT_MINUTES[slot % 2], service.aht_minutes, service.answer_within_minutes, service.service_level
        )
        for slot, arrivals in enumerate(slot_arrivals)
    )
    tables = _waiting_tables(
        [
            (
                arrivals,
                SLOT_MINUTES[slot % 2],
                officers + int(day_staff[slot // 2]),
                service.aht_minutes,
                service.patience_minutes,
            )
            for slot, arrivals in enumerate(slot_arrivals)
        ]
    )
    slot_waiting = tuple(tuple(round(cost) for cost in table[int(day_staff[slot // 2]) :]) for slot, table in enumerate(tables))
    other_staff = tuple(int(day_staff[slot // 2]) for slot in range(2 * len(days)))
    return CounterFigures(day_demand, slot_arrivals, slot_required, other_staff, slot_waiting)


TableKey = tuple[float, float, int, float, float | None]
"""What a waiting table depends on: arrivals, minutes, most officers, handling time, patience."""


def _waiting_tables(keys: Sequence[TableKey]) -> list[tuple[float, ...]]:
    """:func:`waiting_table` for each key, the distinct ones side by side on the machine's cores.

    A year has a few dozen distinct tables; at 40 x 800 their integrations were most of
    the time before the first plan (numpy releases the GIL in them, so threads share them out).
    """
    distinct = list(dict.fromkeys(keys))
    with ThreadPoolExecutor(max_workers=max(1, min(len(distinct), os.cpu_count() or 1))) as pool:
        computed = dict(zip(distinct, pool.map(lambda key: waiting_table(*key), distinct)))
    return [computed[key] for key in keys]


def _day_values(periods: Sequence[DatedPeriod], days: Sequence[dt.date], field: str, default: float) -> tuple[float, ...]:
    """A per-working-day figure from dated periods; later rows override earlier ones."""
    values = [default] * len(days)
    for period in periods:
        for index, day in enumerate(days):
            if period.first <= day <= period.last:
                values[index] = getattr(period, field)
    return tuple(values)


def _with_effects(spec: InstanceSpec, days: Sequence[dt.date], per_day: Sequence[float]) -> tuple[float, ...]:
    """Apply ``counter.effects``: weekday factors, the day after a holiday, ramps to deadlines."""
    effects = spec.counter.effects
    closed = {day for closure in spec.closures for day in closure.days()}
    weekday_factors = effects.weekday.model_dump()
    factors = [weekday_factors[WEEKDAY_KEYS[day.weekday()]] for day in days]
    if effects.after_holiday != 1.0:
        for index, day in enumerate(days):
            if _follows_a_holiday(day, closed):
                factors[index] *= effects.after_holiday
    for ramp in effects.ramps:
        before = [index for index, day in enumerate(days) if day < ramp.deadline][-ramp.days :]
        for step, index in enumerate(before, start=1):  # the last working day before the deadline: step = days
            factors[index] *= 1 + (ramp.peak - 1) * step / ramp.days
    return tuple(value * factor for value, factor in zip(per_day, factors))


def _follows_a_holiday(day: dt.date, closed: set[dt.date]) -> bool:
    """Whether the office was shut for a holiday or closure just before ``day`` (a weekend alone does not count)."""
    previous = day - dt.timedelta(days=1)
    while previous.weekday() >= 5 or previous in closed or is_national_holiday(previous):
        if previous in closed or is_national_holiday(previous):
            return True
        previous -= dt.timedelta(days=1)
    return False
