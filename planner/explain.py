"""``planner explain``: the objective of a written plan, and why a visit is where it is.

Reads the plan's files (not the solver): the objective term by term from
``plan.json``; by month, the visits and the visitors' expected waiting from
``counter.csv``; by officer, duty days, visits, meetings and counter half-days.
For one visit: its window, what it costs the counter where it is (the
visitor-minutes its officer's absence adds in that half-day), and the cheapest
other half-day of its window where an officer on duty is free and the counter
keeps its floor, with what moving there would cost.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planner.calendar import SLOT_NAMES, Problem
from planner.errors import PlanReadError
from planner.io.plan_files import PlanFiles


@dataclass(frozen=True)
class VisitCost:
    slot: int
    officers_at_counter: int
    added_waiting: float
    """Visitor-minutes the visit adds in its half-day: waiting with one officer fewer, minus waiting as planned."""


def explain_plan(problem: Problem, plan: PlanFiles, at: Sequence[int]) -> str:
    """``at``: officers the plan leaves at the counter, per slot."""
    document = plan.document
    lines = [
        f"plan of {document.get('instance')}: status {document.get('status')}, objective {document.get('objective')}, "
        f"bound {document.get('bound')}, gap {document.get('gap')}",
        "",
        "objective term by term:",
    ]
    for term, figures in sorted(document.get("terms", {}).items(), key=lambda item: -abs(item[1].get("weighted", 0))):
        lines.append(
            f"  {term:<24} {figures.get('value'):>8} x {figures.get('weight'):<8} = {figures.get('weighted'):>10}   "
            f"{figures.get('description', '')}"
        )
    waited: dict[str, float] = defaultdict(float)
    walk_ins: dict[str, float] = defaultdict(float)
    for row in plan.counter:
        month = row.date.isoformat()[:7]
        walk_ins[month] += row.expected_arrivals
    for slot in range(problem.num_slots):
        waited[problem.day_labels[slot // 2][:7]] += problem.visitor_minutes(slot, at[slot])
    visits_by_month = Counter(row.date.isoformat()[:7] for row in plan.visits)
    lines += ["", "by month:            walk-ins   visits   visitor-minutes waited"]
    for month in sorted(walk_ins):
        lines.append(f"  {month:<16} {walk_ins[month]:>10.0f} {visits_by_month.get(month, 0):>8} {waited[month]:>24.0f}")
    duty = Counter(row.officer_id for row in plan.roster)
    visits = Counter(row.officer_id for row in plan.visits)
    meetings = Counter(row.officer_id for row in plan.meetings)
    lines += ["", "by officer:          duty days   visits   meeting half-days   counter half-days"]
    for officer in problem.officers:
        counter_half_days = 2 * duty[officer.id] - visits[officer.id] - meetings[officer.id]
        lines.append(
            f"  {officer.id:<16} {duty[officer.id]:>11} {visits[officer.id]:>8} {meetings[officer.id]:>19} {counter_half_days:>19}"
        )
    return "\n".join(lines)


def explain_visit(problem: Problem, plan: PlanFiles, at: Sequence[int], facility_id: str, round_id: str) -> str:
    row = next((r for r in plan.visits if r.facility_id == facility_id and r.round == round_id), None)
    if row is None:
        raise PlanReadError(f"the plan has no visit of facility {facility_id!r} in round {round_id!r}")
    task = next(
        (
            t
            for t in problem.visits
            if problem.facilities[t.facility].id == facility_id and problem.rounds[t.round].id == round_id
        ),
        None,
    )
    if task is None:
        raise PlanReadError(f"the instance has no visit of facility {facility_id!r} in round {round_id!r}")
    slot = problem.slot_at(row.date.isoformat(), row.slot)
    if slot is None:
        raise PlanReadError(f"visit {facility_id} ({round_id}) on {row.date} is not on a working day")
    here = _cost(problem, slot, at[slot] + 1)  # without this visit one more officer would be at the counter
    busy = {(r.date.isoformat(), r.slot, r.officer_id) for r in plan.visits} | {
        (r.date.isoformat(), r.slot, r.officer_id) for r in plan.meetings
    }
    on_duty: dict[str, set[str]] = defaultdict(set)
    for r in plan.roster:
        on_duty[r.date.isoformat()].add(r.officer_id)
    alternatives = []
    for other in task.slots:
        if other == slot:
            continue
        label, half = problem.day_labels[other // 2], SLOT_NAMES[other % 2]
        free = [o for o in sorted(on_duty[label]) if (label, half, o) not in busy]
        if free and at[other] - 1 >= problem.day_floor(other // 2):
            alternatives.append((_cost(problem, other, at[other]), other, free[0]))
    window = f"{problem.slot_label(task.slots[0])} .. {problem.slot_label(task.slots[-1])}"
    lines = [
        f"visit {facility_id} ({round_id}) on {problem.slot_label(slot)} by {row.officer_id}",
        f"  window: {window} ({len(task.slots)} half-days, {len(set(s // 2 for s in task.slots))} working days)",
        f"  here: {at[slot]} officer(s) stay at the counter for {problem.slot_arrivals[slot]:.1f} expected walk-ins; "
        f"the visit adds {here.added_waiting:.0f} visitor-minutes of waiting",
    ]
    if alternatives:
        cost, other, officer = min(alternatives, key=lambda item: (item[0].added_waiting, item[1]))
        verdict = (
            "no cheaper half-day is free in its window"
            if cost.added_waiting >= here.added_waiting - 1e-9
            else f"it would save {here.added_waiting - cost.added_waiting:.0f} visitor-minutes there; the plan keeps it "
            f"here because its objective weighs other terms too (planner explain without --visit lists them)"
        )
        lines.append(
            f"  cheapest free alternative: {problem.slot_label(other)} by {officer}, adding "
            f"{cost.added_waiting:.0f} visitor-minutes ({len(alternatives)} free half-days in the window); {verdict}"
        )
    else:
        lines.append("  no other half-day of its window has an officer on duty free beside the counter floor")
    return "\n".join(lines)


def _cost(problem: Problem, slot: int, officers_without_visit: int) -> VisitCost:
    added = problem.visitor_minutes(slot, officers_without_visit - 1) - problem.visitor_minutes(slot, officers_without_visit)
    return VisitCost(slot, officers_without_visit - 1, added)
