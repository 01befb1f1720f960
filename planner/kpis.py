"""The plan's KPIs (``plan.json``'s ``kpis``): the counter, the visits, fairness, unpredictability.

The season and the thinnest weekdays come from the problem (``counter.season``
and the headcount targets), not from constants.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.domain import WEEKDAY_KEYS
from planner.solution import Solution

if TYPE_CHECKING:
    from planner.plan import CounterRow, DutyMove, VisitRow


def visitor_minutes_waited(problem: Problem, solution: Solution) -> int:
    """Expected visitor-minutes waited over the year with the officers ``solution`` leaves at the counter."""
    return round(
        sum(problem.visitor_minutes(slot, officers) for slot, officers in enumerate(officers_at_counter(problem, solution)))
    )


def officers_at_counter(problem: Problem, solution: Solution) -> list[int]:
    on_duty = Counter(day for _, day in solution.duty)
    away = Counter(v.slot for v in solution.visits)
    for meeting in solution.meetings:
        for slot in meeting.slots:
            away[slot] += len(meeting.attendees)
    return [on_duty[day_of(slot)] - away[slot] for slot in range(problem.num_slots)]


def _baseline_waited(problem: Problem, solution: Solution) -> int | None:
    """Visitor-minutes if this plan's visits went to the earliest free slots instead (:mod:`planner.baseline`)."""
    from planner.baseline import BaselineError, earliest_free_slot_visits

    try:
        return visitor_minutes_waited(problem, earliest_free_slot_visits(problem, solution))
    except BaselineError:
        return None


def service_level(problem: Problem, counter: Sequence[CounterRow], slots: Sequence[int]) -> float | None:
    """Arrival-weighted steady-state service level of ``slots`` (Erlang A with a patience,
    else Erlang C, which gives 0 where the counter is overloaded)."""
    arrivals = sum(problem.slot_arrivals[slot] for slot in slots)
    if arrivals <= 0:
        return None
    total = sum(
        problem.slot_arrivals[slot] * problem.counter_service(slot, counter[slot].officers_at_counter)[0] for slot in slots
    )
    return round(total / arrivals, 4)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman rank correlation with average ranks for ties (``None`` if undefined)."""
    if len(xs) < 2:
        return None

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        start = 0
        while start < len(order):
            end = start
            while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
                end += 1
            for position in range(start, end + 1):
                result[order[position]] = (start + end) / 2
            start = end + 1
        return result

    rx, ry = ranks(xs), ranks(ys)
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry))
    var_x = sum((a - mean_x) ** 2 for a in rx)
    var_y = sum((b - mean_y) ** 2 for b in ry)
    if var_x == 0 or var_y == 0:
        return None
    return round(cov / (var_x * var_y) ** 0.5, 4)


def _weekday_repeats(unannounced: Sequence[VisitRow], previous: dict[str, int] | None) -> dict[str, Any]:
    """How many facilities get their unannounced visit on the same weekday as last year (``None``: no previous plan)."""
    if previous is None:
        return {"previous_year_compared": None, "repeats_previous_weekday": None}
    compared = [row for row in unannounced if row.facility_id in previous]
    repeats = sum(dt.date.fromisoformat(row.date).weekday() == previous[row.facility_id] for row in compared)
    return {"previous_year_compared": len(compared), "repeats_previous_weekday": repeats}


def plan_kpis(
    problem: Problem,
    solution: Solution,
    visits: Sequence[VisitRow],
    counter: Sequence[CounterRow],
    moves: Sequence[DutyMove],
    previous_weekdays: dict[str, int] | None = None,
) -> dict[str, Any]:
    officer_ids = [officer.id for officer in problem.officers]
    duty_days = Counter(officer_ids[officer] for officer, _ in solution.duty)
    by_officer = Counter(row.officer_id for row in visits)
    by_month = Counter(row.date[:7] for row in visits)
    shortfall = [max(0, row.required_officers - row.officers_at_counter) for row in counter]
    facility_rank = {f.id: f.list_rank for f in problem.facilities}
    block_rank = {f.id: f.block_rank for f in problem.facilities}
    unannounced = [row for row in visits if not row.announced]
    weekdays = Counter(WEEKDAY_KEYS[dt.date.fromisoformat(row.date).weekday()] for row in unannounced)
    ordinal = [dt.date.fromisoformat(row.date).toordinal() + (0.5 if row.slot == "pm" else 0) for row in unannounced]
    officers_per_facility: dict[str, set[str]] = defaultdict(set)
    for row in visits:
        officers_per_facility[row.facility_id].add(row.officer_id)
    revisited = [ids for facility, ids in officers_per_facility.items() if sum(r.facility_id == facility for r in visits) > 1]
    season = [slot for slot, row in enumerate(counter) if problem.in_season(row.date)]
    thinnest = problem.thinnest_weekdays
    busiest_day = max(counter, key=lambda row: row.expected_arrivals).date if counter else None
    return {
        "expected_visitor_minutes_waited": round(sum(row.visitor_minutes_waited for row in counter)),
        "baseline_visitor_minutes_waited": _baseline_waited(problem, solution),
        "worst_slots": [
            {
                "date": row.date,
                "slot": row.slot,
                "expected_arrivals": row.expected_arrivals,
                "officers_at_counter": row.officers_at_counter,
                "visitor_minutes_waited": row.visitor_minutes_waited,
            }
            for row in sorted(counter, key=lambda row: -row.visitor_minutes_waited)[:5]
        ],
        "busiest_day": busiest_day,
        "service_level_busiest_day": service_level(
            problem, counter, [slot for slot, row in enumerate(counter) if row.date == busiest_day]
        ),
        "application_season": {"start": problem.season[0], "end": problem.season[1]},
        "service_level_application_season": service_level(problem, counter, season),
        "waited_application_season": round(sum(counter[slot].visitor_minutes_waited for slot in season)),
        "visits_total": len(visits),
        "visits_by_round": dict(sorted(Counter(row.round for row in visits).items())),
        "visits_by_officer": {officer: by_officer.get(officer, 0) for officer in officer_ids},
        "duty_days_by_officer": {officer: duty_days.get(officer, 0) for officer in officer_ids},
        "visits_by_month": dict(sorted(by_month.items())),
        "visits_in_application_season": sum(problem.in_season(row.date) for row in visits),
        "thinnest_weekdays": [WEEKDAY_KEYS[weekday] for weekday in thinnest],
        "visits_on_thinnest_weekdays": sum(dt.date.fromisoformat(row.date).weekday() in thinnest for row in visits),
        "counter_shortfall_officer_half_days": sum(shortfall),
        "slots_below_requirement": sum(1 for value in shortfall if value > 0),
        "slots_total": len(counter),
        "duty_days_moved_onto": sum(move.change for move in moves if move.change > 0),
        "revisited_facilities_with_one_officer": sum(1 for ids in revisited if len(ids) == 1),
        "revisited_facilities": len(revisited),
        "unannounced": {
            "visits": len(unannounced),
            "by_weekday": {name: weekdays.get(name, 0) for name in WEEKDAY_KEYS},
            "largest_weekday_share": round(max(weekdays.values()) / len(unannounced), 4) if unannounced else None,
            "rank_correlation_with_list_order": spearman(ordinal, [facility_rank[r.facility_id] for r in unannounced]),
            "rank_correlation_with_block_order": spearman(ordinal, [block_rank[r.facility_id] for r in unannounced]),
            **_weekday_repeats(unannounced, previous_weekdays),
        },
    }
