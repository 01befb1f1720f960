"""The checker's own reading of the calendar and the counter (independent of ``planner.calendar``)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable

import jpholiday

from planner.domain import InstanceSpec

AM_MINUTES, PM_MINUTES = 210, 255


def open_days(spec: InstanceSpec) -> set[dt.date]:
    """Mon-Fri of the fiscal year that are neither national holidays nor closures."""
    first = dt.date(spec.fiscal_year, 4, 1)
    last = dt.date(spec.fiscal_year + 1, 3, 31)
    closed: set[dt.date] = set()
    for closure in spec.closures:
        day = closure.start
        while day <= closure.end:
            closed.add(day)
            day += dt.timedelta(days=1)
    result = set()
    day = first
    while day <= last:
        if day.isoweekday() <= 5 and day not in closed and not jpholiday.is_holiday(day):
            result.add(day)
        day += dt.timedelta(days=1)
    return result


def away_days(ranges: Iterable) -> set[dt.date]:
    found: set[dt.date] = set()
    for span in ranges:
        count = (span.end - span.start).days
        found.update(span.start + dt.timedelta(days=k) for k in range(count + 1))
    return found


def max_weekly_duty(targets: dict[dt.date, int], officers: list[tuple[int, set[dt.date]]]) -> int:
    """Most duty days a week can get: Edmonds-Karp max flow, source -> officer
    (``days_per_week``) -> available day (1) -> sink (the day's target)."""
    source: Hashable = "source"
    sink: Hashable = "sink"
    capacity: dict[Hashable, dict[Hashable, int]] = {source: {}, sink: {}}
    for day, target in targets.items():
        capacity.setdefault(day, {})[sink] = target
        capacity[sink].setdefault(day, 0)
    for index, (days_per_week, available) in enumerate(officers):
        node: Hashable = ("officer", index)
        capacity[source][node] = days_per_week
        capacity[node] = {source: 0}
        for day in available & targets.keys():
            capacity[node][day] = 1
            capacity[day].setdefault(node, 0)
    flow = 0
    while True:
        parent: dict[Hashable, Hashable] = {source: source}
        queue: list[Hashable] = [source]
        while queue and sink not in parent:
            node = queue.pop(0)
            for neighbour, left in capacity[node].items():
                if left > 0 and neighbour not in parent:
                    parent[neighbour] = node
                    queue.append(neighbour)
        if sink not in parent:
            return flow
        node = sink
        while node != source:
            previous = parent[node]
            capacity[previous][node] -= 1
            capacity[node][previous] = capacity[node].get(previous, 0) + 1
            node = previous
        flow += 1


def erlang_c_wait_probability(servers: int, load: float) -> float:
    """P(wait) of M/M/c from the textbook sum, in log space (not the recursion the model uses)."""
    if servers <= load:
        return 1.0
    log_terms = [k * math.log(load) - math.lgamma(k + 1) for k in range(servers)]
    log_tail = servers * math.log(load) - math.lgamma(servers + 1) + math.log(servers / (servers - load))
    peak = max(log_terms + [log_tail])
    head = sum(math.exp(term - peak) for term in log_terms)
    tail = math.exp(log_tail - peak)
    return tail / (head + tail)


def officers_required(arrivals: float, minutes: int, aht: float, within: float, target: float) -> int:
    load = arrivals * aht / minutes
    if load <= 0:
        return 0
    servers = int(math.floor(load)) + 1
    while True:
        level = 1 - erlang_c_wait_probability(servers, load) * math.exp(-(servers - load) * within / aht)
        if level >= target - 1e-12:
            return servers
        servers += 1
