"""The calendar a search starts from: one that keeps every hard rule, on any feasible instance.

Built in two steps, each exact where a rule of thumb would get stuck:

1. **The frame** — the roster and every meeting. The rules of thumb of
   :func:`planner.greedy.greedy_frame` first (meeting days, the roster week by
   week, meetings of N officers on their first option that fits); where they
   get stuck, the calendar model's hard rules alone (the model with its
   objective cleared, so CP-SAT looks for any plan, not a good one) give a frame.
2. **The visits**, placed into the frame by a **min-cost flow**: each visit
   (for a sampled round: the round, then its facilities) sends one unit to one
   half-day of its window; a half-day takes as many visits as it has officers
   beyond the counter floor, the k-th at the rise in the counter's waiting that
   the k-th officer away costs there. The waiting tables are convex (each
   officer away costs at least as much as the one before), so the flow's
   cost is the placement's waiting exactly, and the flow is the placement of
   least waiting for that frame: no list order, no getting stuck while
   capacity exists. A sampled round picks its facilities with the most open
   findings first at equal cost.

If the flow cannot place every visit in the rules-of-thumb frame, the hard-rules
model gives another frame and the flow runs again. When that model proves there
is no plan, the start says so (:attr:`Start.why_not`) and the solve reports the
instance infeasible as any other.

The same flow gives the baseline's counterpart on any plan's own roster
(:func:`least_waiting_visits`): a plan's visits can always be re-placed so that
the counter waits no more than at the earliest free half-days
(:func:`planner.greedy.earliest_visits`, the baseline of :mod:`planner.baseline`).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from planner.calendar import Problem
from planner.calendar.problem import Week, day_of
from planner.greedy import Frame, WeekNeeds, earliest_visits, frame_of, greedy_frame
from planner.model import BuiltModel
from planner.solution import Calendar, SolveStatus, TermValue
from planner.solve.cpsat import STATUS, extract_calendar, fix_variables, model_hint, term_values
from planner.solve.params import SolveParams, configure

WAITING_SCALE = 100
"""Visitor-minutes are priced in hundredths in the flow (its costs are integers)."""
MUST = 10**12
"""The price of an officer a day must have (its least) in the roster's flow: far below any preference
(a deadline day's officer saves at most some 10^5 visitor-minutes, 10^7 in the flow's hundredths)."""
NO_PLAN = "the hard rules allow no plan (proven by the calendar model)"
FINDINGS_PREFERENCE = 1
"""Per open finding, the cost a sampled facility's visit saves in the flow: a tie-break
between facilities (it never buys waiting, which costs WAITING_SCALE a visitor-minute)."""


@dataclass(frozen=True)
class Start:
    """A start calendar and how it was made, or why there is none."""

    calendar: Calendar | None
    how: str
    """"rules of thumb + flow", "hard rules + flow", or what failed."""
    seconds: float
    used: float = 0.0
    """What it took of the budget: CP-SAT's work units when deterministic (the rules of thumb and the
    flow count none, so a deterministic solve's limits do not depend on the machine), else seconds."""
    proven_infeasible: bool = False

    @property
    def why_not(self) -> str | None:
        """Why there is no start, when the hard rules were proven to allow no plan."""
        return NO_PLAN if self.proven_infeasible else None


def start_calendar(problem: Problem, built: BuiltModel, params: SolveParams, budget: float) -> Start:
    """A calendar keeping every hard rule of ``problem`` (see the module docstring).

    ``budget`` bounds the hard-rules model (work units when deterministic, else seconds).
    """
    started = time.perf_counter()
    if problem.reference is not None or problem.conflicts:
        return Start(None, "none: a re-plan's history or a clash found before solving", 0.0)
    frame = greedy_frame(problem, assign=assign_by_flow)
    if frame is not None:
        visits = least_waiting_visits(problem, frame)
        if visits is not None:
            return Start(Calendar(frame.duty, visits, frame.meetings), "rules of thumb + flow", time.perf_counter() - started)
    found, proven, used = _hard_rules_calendar(built, params, budget)
    seconds = time.perf_counter() - started
    if found is None:
        return Start(None, f"none: {NO_PLAN if proven else 'no plan found within the budget'}", seconds, used, proven)
    frame = frame_of(problem, found.duty, found.meetings)
    visits = least_waiting_visits(problem, frame)
    # The model's own placement keeps the rules too; the flow's waits no more on the same frame.
    calendar = Calendar(frame.duty, visits if visits is not None else found.visit_slots, frame.meetings)
    return Start(calendar, "hard rules + flow", seconds, used)


def assign_by_flow(problem: Problem, week: Week, needs: WeekNeeds) -> list[tuple[int, int]] | None:
    """Officers for ``week``'s days by a min-cost flow: each officer gives at most their days a week, one a
    day, on days they are available; each day gets between its least and most, the week its duty total,
    the officers above the days' least where they cut the counter's waiting most. ``None`` only if no
    such assignment exists.

    Where the rules of thumb trim the quietest day down to its floor, a team with full-timers cannot
    always follow (a five-day officer works every day of the week); the flow shares the cut instead."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    officer_node = {officer: 2 + officer for officer in range(len(problem.officers))}
    day_node = {day: 2 + len(problem.officers) + index for index, day in enumerate(week.days)}
    arcs: list[tuple[int, int, int]] = []
    for officer, info in enumerate(problem.officers):
        flow.add_arc_with_capacity_and_unit_cost(source, officer_node[officer], info.days_per_week, 0)
        for day in week.days:
            if day in info.available_days:
                arcs.append((flow.add_arc_with_capacity_and_unit_cost(officer_node[officer], day_node[day], 1, 0), officer, day))
    mandatory = []
    for day in week.days:
        # A day's least is a must (priced far below anything). Above it, the k-th officer costs minus what
        # they save the counter's queue that day (convex tables: each saves no more than the one before),
        # so the week's duty days go where they cut the waiting most.
        mandatory.append(
            (flow.add_arc_with_capacity_and_unit_cost(day_node[day], sink, needs.least[day], -MUST), needs.least[day])
        )
        for officers in range(needs.least[day] + 1, needs.most[day] + 1):
            saved = sum(
                problem.visitor_minutes(slot, officers - 1) - problem.visitor_minutes(slot, officers)
                for slot in (2 * day, 2 * day + 1)
            )
            flow.add_arc_with_capacity_and_unit_cost(day_node[day], sink, 1, -round(WAITING_SCALE * saved))
    flow.set_node_supply(source, week.duty_total)
    flow.set_node_supply(sink, -week.duty_total)
    if flow.solve() != flow.OPTIMAL or any(flow.flow(arc) < least for arc, least in mandatory):
        return None
    return [(officer, day) for arc, officer, day in arcs if flow.flow(arc) > 0]


def _hard_rules_calendar(built: BuiltModel, params: SolveParams, budget: float) -> tuple[Calendar | None, bool, float]:
    """Any calendar the model's hard rules allow (its objective cleared), whether none is proven, and the budget used."""
    trial = built.model.clone()
    trial.clear_objective()
    trial.clear_hints()
    solver = cp_model.CpSolver()
    configure(solver, params.model_copy(update={"time_limit": max(budget, 1.0), "log_search": False}))
    started = time.perf_counter()
    status = STATUS.get(solver.solve(trial))
    used = solver.response_proto.deterministic_time if params.deterministic else time.perf_counter() - started
    if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return extract_calendar(built, solver), False, used  # the clone's variables are the model's
    return None, status is SolveStatus.INFEASIBLE, used


def least_waiting_visits(problem: Problem, frame: Frame) -> dict[int, int] | None:
    """Visit task -> slot of least counter waiting in ``frame`` (every visit made), or ``None`` if they do not fit."""
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    next_node = 2
    task_node: dict[int, int] = {}
    slot_node: dict[int, int] = {}
    open_days = problem.days_open_for_visits
    most_findings = max((facility.open_findings for facility in problem.facilities), default=0)
    task_arcs: list[tuple[int, int, int]] = []  # (arc, task, slot)
    for round_ in problem.rounds:
        feeder = source
        if round_.sample_size is not None:
            feeder, next_node = next_node, next_node + 1
            flow.add_arc_with_capacity_and_unit_cost(source, feeder, round_.sample_size, 0)
        for task in round_.visits:
            task_node[task], next_node = next_node, next_node + 1
            preference = 0
            if round_.sample_size is not None:
                findings = problem.facilities[problem.visits[task].facility].open_findings
                preference = FINDINGS_PREFERENCE * (most_findings - findings)
            flow.add_arc_with_capacity_and_unit_cost(feeder, task_node[task], 1, preference)
            for slot in problem.visits[task].slots:
                if day_of(slot) not in open_days or frame.spare(slot, frame.away[slot]) <= 0:
                    continue
                if slot not in slot_node:
                    slot_node[slot], next_node = next_node, next_node + 1
                arc = flow.add_arc_with_capacity_and_unit_cost(task_node[task], slot_node[slot], 1, 0)
                task_arcs.append((arc, task, slot))
    for slot, node in slot_node.items():
        at_counter = frame.at_counter(slot, frame.away[slot])
        for away in range(1, frame.spare(slot, frame.away[slot]) + 1):
            rise = problem.visitor_minutes(slot, at_counter - away) - problem.visitor_minutes(slot, at_counter - away + 1)
            flow.add_arc_with_capacity_and_unit_cost(node, sink, 1, round(WAITING_SCALE * rise))
    required = problem.required_visits
    flow.set_node_supply(source, required)
    flow.set_node_supply(sink, -required)
    if required == 0:
        return {}
    if flow.solve() != flow.OPTIMAL:
        return None
    return {task: slot for arc, task, slot in task_arcs if flow.flow(arc) > 0}


def flow_waiting(problem: Problem, frame: Frame, visits: dict[int, int]) -> float:
    """Visitor-minutes waited over the year with ``visits`` placed in ``frame``."""
    out = Counter(visits.values())
    return sum(
        problem.visitor_minutes(slot, frame.at_counter(slot, frame.away[slot] + out[slot])) for slot in range(problem.num_slots)
    )


def no_more_waiting_than_the_baseline(
    problem: Problem, built: BuiltModel, calendar: Calendar, params: SolveParams, budget: float
) -> tuple[Calendar, dict[str, TermValue], float] | None:
    """``calendar`` with its visits re-placed by the least-waiting flow, if it waits more than the earliest-free
    baseline on its own roster and meetings (else ``None``: it is kept).

    A search cut short (a low limit on a large office) can return a plan that waits more than a planner
    without an optimiser would have: this makes that impossible. Returns the new calendar, its objective
    terms as the model prices them (every decision fixed, the helpers solved within ``budget``) and the
    budget used; ``None`` too if the model cannot price it in time (the search's plan is then kept).
    """
    if problem.reference is not None:
        return None  # a re-plan keeps its history and reported visits, which neither placement knows
    frame = frame_of(problem, calendar.duty, calendar.meetings)
    baseline = earliest_visits(problem, frame)
    if baseline is None or flow_waiting(problem, frame, calendar.visit_slots) <= flow_waiting(problem, frame, baseline):
        return None
    visits = least_waiting_visits(problem, frame)
    if visits is None:
        return None
    replaced = Calendar(frame.duty, visits, frame.meetings)
    priced = _priced(built, replaced, params, budget)
    return None if priced is None else (replaced, *priced)


def _priced(
    built: BuiltModel, calendar: Calendar, params: SolveParams, budget: float
) -> tuple[dict[str, TermValue], float] | None:
    """The objective terms of ``calendar`` in ``built`` (its decisions fixed), and the budget it took."""
    trial = dataclasses.replace(built, model=built.model.clone())
    trial.model.clear_hints()
    hint_calendar(trial, calendar)
    fix_variables(trial.model, *model_hint(trial.model))
    trial.model.clear_hints()
    solver = cp_model.CpSolver()
    configure(solver, params.model_copy(update={"time_limit": max(budget, 1.0), "log_search": False}))
    started = time.perf_counter()
    status = STATUS.get(solver.solve(trial.model))
    used = solver.response_proto.deterministic_time if params.deterministic else time.perf_counter() - started
    if status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return None
    return term_values(built, solver), used  # the clone's variables are the model's


def hint_calendar(built: BuiltModel, calendar: Calendar) -> None:
    """Start the by-slot search from ``calendar`` (a start, a scenario's base plan): its first plan comes at once."""
    on_duty = set(calendar.duty)
    for officer, days in enumerate(built.variables.duty):
        for day, literal in days.items():
            built.model.add_hint(literal, (officer, day) in on_duty)
    for visit in built.variables.visits:
        tasks = visit.group or (visit.task,)
        chosen = [calendar.visit_slots[task] for task in tasks if task in calendar.visit_slots]
        if not isinstance(visit.present, int):
            built.model.add_hint(visit.present, len(chosen))
        for choice in visit.choices:
            built.model.add_hint(choice.literal, chosen.count(choice.slot))
    held = {(decision.meeting, decision.day, decision.slots) for decision in calendar.meetings}
    for meeting in built.variables.meetings:
        for option in meeting.options:
            built.model.add_hint(option.held, (meeting.task, option.option.day, option.option.slots) in held)
