"""The objective of a whole plan, term by term, in plain Python (no solver).

Each function below reads one registered term's rule (its docstring in
:mod:`planner.model.terms`) off a finished plan: where the model states a
term with helper variables (positions at the counter, a deviation, the
busiest weekday), a plan fixes them at their least value, which is what an
optimal solver's assignment holds too. So ``score(problem, plan)`` equals the
solver's term values for the plans it returns (tested on FY2017 and tiny
instances), and it prices a plan the solver never saw: a visit moved by hand
in the browser (:mod:`planner.options`), a pinned re-plan's start.

A plan is a :class:`~planner.solution.Solution`'s decisions (index-based):
the duty days, each made visit with its officer and slot, each held meeting
with its attendees.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.errors import PlanReadError
from planner.io.plan_files import PlanFiles
from planner.model.terms.term import REGISTERED
from planner.solution import MeetingDecision, Solution, TermValue, VisitDecision


@dataclass(frozen=True)
class Decisions:
    """What a plan decides, by indices of its problem."""

    duty: frozenset[tuple[int, int]]
    """(officer, day) on duty."""
    visits: tuple[VisitDecision, ...]
    meetings: tuple[MeetingDecision, ...]
    seed: int = 0
    """The solve's seed: ``unannounced_shuffle`` draws its costs from it."""


@dataclass(frozen=True)
class _Counts:
    """What several terms share, counted once per plan."""

    on_duty: dict[int, int]
    away: dict[int, int]
    parts: ProblemParts

    def at_counter(self, slot: int) -> int:
        return self.on_duty.get(day_of(slot), 0) - self.away.get(slot, 0)


@dataclass(frozen=True)
class ProblemParts:
    """What the terms read off the problem alone, worked out once per problem."""

    unannounced: tuple[int, ...]
    unannounced_even: int
    """An even spread of the sure unannounced visits over the weekdays their windows offer."""
    list_neighbours: tuple[tuple[int, int], ...]
    """Unannounced visits of one round next to each other in the facility list."""
    continuity_facilities: frozenset[int]
    """Facilities with two visits or more, one of them sure."""


def problem_parts(problem: Problem) -> ProblemParts:
    unannounced = tuple(task for round_ in problem.rounds if not round_.announced for task in round_.visits)
    staffed = {day for officer in problem.officers for day in officer.available_days}
    usable = problem.days_open_for_visits & staffed
    weekdays = {
        problem.day_weekday[day_of(slot)] for task in unannounced for slot in problem.visits[task].slots if day_of(slot) in usable
    }
    sure = sum(1 for task in unannounced if problem.rounds[problem.visits[task].round].sample_size is None)
    pairs: list[tuple[int, int]] = []
    for round_ in problem.rounds:
        if not round_.announced:
            in_list_order = sorted(round_.visits, key=lambda task: problem.facilities[problem.visits[task].facility].list_rank)
            pairs.extend(zip(in_list_order, in_list_order[1:]))
    tasks_of: Counter[int] = Counter(task.facility for task in problem.visits)
    sure_facilities = {task.facility for task in problem.visits if problem.rounds[task.round].sample_size is None}
    return ProblemParts(
        unannounced,
        math.ceil(sure / len(weekdays)) if sure and weekdays else 0,
        tuple(pairs),
        frozenset(facility for facility in sure_facilities if tasks_of[facility] >= 2),
    )


def _counts(problem: Problem, plan: Decisions) -> _Counts:
    on_duty: Counter[int] = Counter(day for _, day in plan.duty)
    away: Counter[int] = Counter(visit.slot for visit in plan.visits)
    for meeting in plan.meetings:
        for slot in meeting.slots:
            away[slot] += len(meeting.attendees)
    return _Counts(dict(on_duty), dict(away), problem_parts(problem))


REPLAN_TERMS = frozenset(name for name in REGISTERED if name.startswith("replan_"))
"""Terms that charge changes against a published plan: reported only when re-planning."""

Scorer = Callable[[Problem, Decisions, _Counts], int]
SCORERS: dict[str, Scorer] = {}


def _scores(name: str) -> Callable[[Scorer], Scorer]:
    if name not in REGISTERED:
        raise ValueError(f"no objective term {name!r} to score")

    def register(function: Scorer) -> Scorer:
        SCORERS[name] = function
        return function

    return register


def score(problem: Problem, plan: Decisions) -> dict[str, TermValue]:
    """Every term with a weight, its value on ``plan`` and its weight (as ``plan.json`` reports them)."""
    counts = _counts(problem, plan)
    values: dict[str, TermValue] = {}
    for name, term in REGISTERED.items():
        weight = term.weight(problem)
        if weight and (problem.reference is not None or name not in REPLAN_TERMS):
            values[name] = TermValue(SCORERS[name](problem, plan, counts), weight)
    return values


def objective(terms: dict[str, TermValue]) -> int:
    return sum(value.weighted for value in terms.values())


def decisions_of_solution(solution: Solution, seed: int) -> Decisions:
    return Decisions(frozenset(solution.duty), solution.visits, solution.meetings, seed)


def read_decisions(problem: Problem, files: PlanFiles) -> Decisions:
    """A plan folder's decisions as indices of ``problem`` (a row naming nothing of it is an error, naming the row)."""
    officer_of = {officer.id: index for index, officer in enumerate(problem.officers)}
    task_of = {
        (problem.facilities[task.facility].id, problem.rounds[task.round].id): index for index, task in enumerate(problem.visits)
    }
    meeting_of = {meeting.id: index for index, meeting in enumerate(problem.meetings)}

    def officer(officer_id: str, where: str) -> int:
        if officer_id not in officer_of:
            raise PlanReadError(f"{where}: officer {officer_id!r} is not in the instance")
        return officer_of[officer_id]

    def slot(date: dt.date, half: str, where: str) -> int:
        found = problem.slot_at(date.isoformat(), half)
        if found is None:
            raise PlanReadError(f"{where}: {date} is not a working day of the instance")
        return found

    duty = frozenset((officer(row.officer_id, "roster.csv"), slot(row.date, "am", "roster.csv") // 2) for row in files.roster)
    visits = []
    for row in files.visits:
        where = f"visits.csv: {row.facility_id}/{row.round}"
        task = task_of.get((row.facility_id, row.round))
        if task is None:
            raise PlanReadError(f"{where}: no such visit in the instance")
        visits.append(VisitDecision(task, officer(row.officer_id, where), slot(row.date, row.slot, where)))
    seats: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for seat in files.meetings:
        where = f"meetings.csv: {seat.meeting_id}"
        if seat.meeting_id not in meeting_of:
            raise PlanReadError(f"{where}: no such meeting in the instance")
        seats[meeting_of[seat.meeting_id]][slot(seat.date, seat.slot, where)].add(officer(seat.officer_id, where))
    meetings = tuple(
        MeetingDecision(meeting, day_of(min(by_slot)), tuple(sorted(by_slot)), tuple(sorted(set().union(*by_slot.values()))))
        for meeting, by_slot in sorted(seats.items())
    )
    seed = files.document.get("seed", 0)
    return Decisions(duty, tuple(sorted(visits, key=lambda visit: visit.task)), meetings, int(seed or 0))


# Counter --------------------------------------------------------------------------------------


@_scores("counter_waiting")
def _counter_waiting(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    return sum(waiting(problem, slot, counts.at_counter(slot)) for slot in range(problem.num_slots))


def waiting(problem: Problem, slot: int, officers: int) -> int:
    """The waiting table's visitor-minutes in ``slot`` with ``officers`` at the counter (the term's unit: whole)."""
    return int(problem.visitor_minutes(slot, officers))


@_scores("counter_shortfall")
def _counter_shortfall(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    return sum(max(0, required - counts.at_counter(slot)) for slot, required in enumerate(problem.slot_required) if required > 0)


@_scores("peak_visits")
def _peak_visits(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    return sum(round(problem.day_demand[day_of(visit.slot)]) for visit in plan.visits)


@_scores("deadline_week_visits")
def _deadline_week_visits(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    weeks = problem.deadline_weeks
    return sum(
        1
        for visit in plan.visits
        if problem.day_week[day_of(visit.slot)] in weeks
        and any(problem.day_week[day_of(slot)] not in weeks for slot in problem.visits[visit.task].slots)
    )


# Officers -------------------------------------------------------------------------------------


@_scores("officer_continuity")
def _officer_continuity(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    # A facility no visit of which is sure may be seen by nobody: not charged (as the model).
    charged = counts.parts.continuity_facilities
    seen_by: dict[int, set[int]] = defaultdict(set)
    for visit in plan.visits:
        seen_by[problem.visits[visit.task].facility].add(visit.officer)
    return sum(max(0, len(officers) - 1) for facility, officers in seen_by.items() if facility in charged)


def fair_shares(problem: Problem, total: int) -> list[int]:
    """Each officer's share of ``total``: in proportion to the duty days they could give, rounded."""
    capacity = sum(officer.capacity_days for officer in problem.officers) or 1
    return [round(total * officer.capacity_days / capacity) for officer in problem.officers]


def _deviation(problem: Problem, amounts: Counter[int], total: int) -> int:
    if len(problem.officers) < 2:
        return 0
    return sum(abs(amounts[officer] - share) for officer, share in enumerate(fair_shares(problem, total)))


@_scores("visit_fairness")
def _visit_fairness(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    return _deviation(problem, Counter(visit.officer for visit in plan.visits), problem.required_visits)


@_scores("duty_fairness")
def _duty_fairness(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    total = sum(week.duty_total for week in problem.weeks)
    return _deviation(problem, Counter(officer for officer, _ in plan.duty), total)


@_scores("duty_swaps")
def _duty_swaps(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    return sum(max(0, on_duty - problem.day_target[day]) for day, on_duty in counts.on_duty.items())


@_scores("sample_findings")
def _sample_findings(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    made = {visit.task for visit in plan.visits}
    return sum(
        problem.facilities[problem.visits[task].facility].open_findings
        for round_ in problem.rounds
        if round_.sample_size is not None
        for task in round_.visits
        if task not in made
    )


# Unannounced visits ------------------------------------------------------------------------------


@_scores("unannounced_weekdays")
def _unannounced_weekdays(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    chosen = set(counts.parts.unannounced)
    if not chosen:
        return 0
    by_weekday = Counter(problem.day_weekday[day_of(visit.slot)] for visit in plan.visits if visit.task in chosen)
    return max(by_weekday.values(), default=0) - counts.parts.unannounced_even


@_scores("unannounced_clustering")
def _unannounced_clustering(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    chosen = set(counts.parts.unannounced)
    week_of = {visit.task: problem.day_week[day_of(visit.slot)] for visit in plan.visits if visit.task in chosen}
    block_week = Counter((problem.facilities[problem.visits[task].facility].block, week) for task, week in week_of.items())
    clustered = sum(count - 1 for count in block_week.values() if count > 1)
    return clustered + sum(
        1 for first, second in counts.parts.list_neighbours if first in week_of and week_of[first] == week_of.get(second)
    )


def shuffle_cost(problem: Problem, seed: int, task: int, week: int) -> int:
    """The seeded random cost of an unannounced visit in a week (as ``unannounced_shuffle`` draws it)."""
    visit = problem.visits[task]
    rng = random.Random(
        f"unannounced-shuffle/{seed}/{problem.facilities[visit.facility].id}/{problem.rounds[visit.round].id}/{week}"
    )
    return rng.randint(0, 3)


@_scores("unannounced_shuffle")
def _unannounced_shuffle(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    chosen = set(counts.parts.unannounced)
    return sum(
        shuffle_cost(problem, plan.seed, visit.task, problem.day_week[day_of(visit.slot)])
        for visit in plan.visits
        if visit.task in chosen
    )


# Re-planning (against the published plan) --------------------------------------------------------


def published_open(problem: Problem) -> dict[int, tuple[int, int, bool]]:
    """Published visits open to change: task -> (officer, slot, notified)."""
    reference = problem.reference
    if reference is None:
        return {}
    return {
        task: (published.officer, published.slot, published.notified)
        for task, published in reference.visits.items()
        if not reference.is_history(day_of(published.slot)) or task in reference.redo
    }


def _made(plan: Decisions) -> dict[int, VisitDecision]:
    return {visit.task: visit for visit in plan.visits}


@_scores("replan_notified_move")
def _replan_notified_move(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    made = _made(plan)
    return sum(
        1
        for task, (_, slot, notified) in published_open(problem).items()
        if notified and (task not in made or made[task].slot != slot)
    )


@_scores("replan_visit_move")
def _replan_visit_move(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    if problem.reference is None:
        return 0
    made = _made(plan)
    moved = sum(
        1
        for task, (_, slot, notified) in published_open(problem).items()
        if not notified and (task not in made or made[task].slot != slot)
    )
    newly_sampled = sum(
        1
        for task in made
        if task not in problem.reference.visits and problem.rounds[problem.visits[task].round].sample_size is not None
    )
    return moved + newly_sampled


@_scores("replan_officer_change")
def _replan_officer_change(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    made = _made(plan)
    return sum(
        1
        for task, (officer, slot, _) in published_open(problem).items()
        if task in made and made[task].slot == slot and made[task].officer != officer
    )


@_scores("replan_meeting_move")
def _replan_meeting_move(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    reference = problem.reference
    if reference is None:
        return 0
    held = {meeting.meeting: meeting.slots for meeting in plan.meetings}
    return sum(
        1 for task, slots in reference.meetings.items() if not reference.is_history(day_of(slots[0])) and held.get(task) != slots
    )


@_scores("replan_duty_change")
def _replan_duty_change(problem: Problem, plan: Decisions, counts: _Counts) -> int:
    reference = problem.reference
    if reference is None:
        return 0

    # As the model: only days an officer may be on duty carry a duty variable (and a charge).
    def open_to_change(officer: int, day: int) -> bool:
        return not reference.is_history(day) and day in problem.officers[officer].available_days

    now = {(officer, day) for officer, day in plan.duty if open_to_change(officer, day)}
    before = {(officer, day) for officer, day in reference.duty if open_to_change(officer, day)}
    return len(now ^ before)
