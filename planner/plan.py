"""Turn a solver result into the plan people read: ids, ISO dates, KPIs.

Indices go back to ids here; the writers only format what this module gives.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from planner.calendar import SLOT_NAMES, Problem
from planner.calendar.problem import day_of
from planner.kpis import officers_at_counter, plan_kpis
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
        kpis=plan_kpis(problem, solution, visits, counter, moves, previous_weekdays),
    )


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
