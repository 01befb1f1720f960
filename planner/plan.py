"""Turn a solver result into the plan people read: ids, ISO dates, KPIs.

Indices go back to ids here; the writers only format what this module gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner.calendar import SLOT_NAMES, Problem
from planner.calendar.problem import day_of
from planner.domain import WEEKDAY_KEYS
from planner.model.terms import term_description
from planner.solution import Result, Solution


@dataclass(frozen=True)
class VisitRow:
    facility_id: str
    round: str
    date: str
    slot: str
    officer_id: str
    announced: bool


@dataclass(frozen=True)
class RosterRow:
    date: str
    officer_id: str


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: str
    date: str
    slot: str
    officer_id: str


@dataclass(frozen=True)
class CounterRow:
    date: str
    slot: str
    expected_arrivals: float
    officers_at_counter: int
    required_officers: int
    other_staff: int
    visitor_minutes_waited: float
    """Expected, over the half-day (see :mod:`planner.queueing.transient`)."""


@dataclass(frozen=True)
class DutyMove:
    """A day whose duty count differs from its weekday target (a swapped day)."""

    date: str
    target: int
    on_duty: int
    change: int
    meetings: tuple[str, ...]
    """Meetings held in that ISO week (the reason a move is allowed)."""


@dataclass(frozen=True)
class Plan:
    name: str
    fiscal_year: int
    run: Result
    """The run that made the plan, as the solver gave it (its ``solution`` is the rows below, not kept twice)."""
    visits: tuple[VisitRow, ...]
    roster: tuple[RosterRow, ...]
    meetings: tuple[MeetingRow, ...]
    counter: tuple[CounterRow, ...]
    duty_moves: tuple[DutyMove, ...]
    terms: dict[str, dict[str, Any]]
    kpis: dict[str, Any]
    replan: dict[str, Any] | None = None
    """For a re-plan: the date it starts from, the published plan and the reported changes."""


def make_plan(problem: Problem, result: Result, previous_weekdays: dict[str, int] | None = None) -> Plan:
    """The plan of a result that has one (status OPTIMAL or FEASIBLE).

    ``previous_weekdays`` maps facility ids to the weekday (0 = Monday) of their
    unannounced visit in last year's plan, for the repeat count in the KPIs.
    """
    solution = result.solution
    if solution is None:
        raise ValueError(f"a {result.status.value} result has no plan")
    officer_ids = [officer.id for officer in problem.officers]
    visits = sorted(
        (
            VisitRow(
                problem.facilities[problem.visits[v.task].facility].id,
                problem.rounds[problem.visits[v.task].round].id,
                problem.day_labels[day_of(v.slot)],
                SLOT_NAMES[v.slot % 2],
                officer_ids[v.officer],
                problem.rounds[problem.visits[v.task].round].announced,
            )
            for v in solution.visits
        ),
        key=lambda row: (row.date, row.slot, row.officer_id),
    )
    roster = sorted(
        (RosterRow(problem.day_labels[day], officer_ids[officer]) for officer, day in solution.duty),
        key=lambda row: (row.date, row.officer_id),
    )
    meetings = sorted(
        (
            MeetingRow(problem.meetings[m.meeting].id, problem.day_labels[m.day], SLOT_NAMES[slot % 2], officer_ids[officer])
            for m in solution.meetings
            for slot in m.slots
            for officer in m.attendees
        ),
        key=lambda row: (row.date, row.slot, row.meeting_id, row.officer_id),
    )
    at_counter = officers_at_counter(problem, solution)
    counter = tuple(
        CounterRow(
            problem.slot_label(slot).split()[0],
            SLOT_NAMES[slot % 2],
            round(problem.slot_arrivals[slot], 2),
            at_counter[slot],
            problem.slot_required[slot],
            problem.slot_other_staff[slot],
            problem.visitor_minutes(slot, at_counter[slot]),
        )
        for slot in range(problem.num_slots)
    )
    moves = _duty_moves(problem, solution)
    terms = {
        term: {"value": value.value, "weight": value.weight, "weighted": value.weighted, "description": term_description(term)}
        for term, value in sorted(solution.terms.items())
    }
    return Plan(
        name=problem.name,
        fiscal_year=problem.fiscal_year,
        run=dataclasses.replace(result, solution=None),
        visits=tuple(visits),
        roster=tuple(roster),
        meetings=tuple(meetings),
        counter=counter,
        duty_moves=moves,
        terms=terms,
        kpis=_kpis(problem, solution, visits, counter, moves, previous_weekdays),
    )


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


def _duty_moves(problem: Problem, solution: Solution) -> tuple[DutyMove, ...]:
    on_duty = Counter(day for _, day in solution.duty)
    meetings_by_week: dict[int, list[str]] = defaultdict(list)
    for meeting in solution.meetings:
        meetings_by_week[problem.day_week[meeting.day]].append(problem.meetings[meeting.meeting].id)
    moves = []
    for week_index, week in enumerate(problem.weeks):
        # Moves are allowed only in a week holding a meeting; elsewhere a day
        # below target is a short week (officers unavailable), not a swap.
        if week_index not in meetings_by_week:
            continue
        for day in week.days:
            change = on_duty[day] - problem.day_target[day]
            if change:
                moves.append(
                    DutyMove(
                        problem.day_labels[day],
                        problem.day_target[day],
                        on_duty[day],
                        change,
                        tuple(sorted(meetings_by_week[week_index])),
                    )
                )
    return tuple(moves)


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


def _kpis(
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
