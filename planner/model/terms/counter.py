"""Counter terms: visitors' waiting, shortfall against Erlang C, visits at the peak."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables, all_officer_meeting_literals


@term(unit="visitor-minute", description="expected visitor-minutes waited at the counter", label_ja="窓口の待ち時間（人・分）")
def counter_waiting(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Expected visitor-minutes waited at the counter over the year (unit: one visitor-minute).

    ``cost_s(k)`` is the table :func:`planner.queueing.transient.waiting_table`
    gives for ``k`` officers at the counter in slot ``s`` (beside any other
    staff); it is convex and decreasing, so the saving of the ``k``-th officer,
    ``cost_s(k-1) - cost_s(k)``, shrinks with ``k``. With a literal
    ``present[s, k]`` per officer position and ``sum_k present[s, k] <= at_s``,
    ``wait_s = cost_s(0) - sum_k saving_k * present[s, k]`` is minimised by
    the first ``at_s`` positions: exactly ``cost_s(at_s)``, and the LP
    relaxation is the convex hull of the table.
    """
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: option.slots)
    penalties: list[Charge] = []
    for slot, table in enumerate(problem.slot_waiting):
        if not table or table[0] == 0:
            continue
        savings = [table[k - 1] - table[k] for k in range(1, len(table)) if table[k - 1] > table[k]]
        positions = [model.new_bool_var(f"counter_position[{problem.slot_label(slot)},{k + 1}]") for k in range(len(savings))]
        model.add(LinearExpr.sum(positions) <= variables.at_counter(slot))
        # Implied, stated for the LP: an all-officer meeting leaves no officer at the counter.
        for held in all_meetings.get(slot, []):
            for position in positions:
                model.add(position + LinearExpr.sum(held) <= 1)
        wait = table[0] - LinearExpr.weighted_sum(positions, savings)
        penalties.append((f"visitor-minutes waited at {problem.slot_label(slot)}", wait))
    return penalties


@term(
    unit="officer half-day",
    description="officer half-days missing at the counter against the Erlang C requirement",
    label_ja="窓口の不足人数（Erlang C）",
)
def counter_shortfall(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Officer half-days missing at the counter against the Erlang C requirement.

    ``short(s) >= required(s) - at(s)``, ``short(s) >= 0``; unit: one officer
    missing for one half-day, whatever the slot's load. Off by default (the
    visitors' waiting is the counter's term); always reported as a KPI.
    """
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: option.slots)
    penalties: list[Charge] = []
    for slot, required in enumerate(problem.slot_required):
        if required <= 0:
            continue
        short = model.new_int_var(0, required, f"short[{problem.slot_label(slot)}]")
        model.add(short >= required - variables.at_counter(slot))
        # Implied, stated for the LP: an all-officer meeting empties the counter
        # of officers, so the whole requirement is short in its slot.
        for held in all_meetings.get(slot, []):
            model.add(short >= required * LinearExpr.sum(held))
        penalties.append((f"counter short at {problem.slot_label(slot)}", short))
    return penalties


@term(unit="walk-in", description="expected walk-ins on the days visits are made", label_ja="繁忙期の訪問")
def peak_visits(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Visits kept away from the counter's busy days: each visit costs its day's expected walk-ins.

    ``sum_v walk_ins(day(v))`` (rounded to whole visitors). Whole days, not
    slots, so that the am/pm split of the load does not push visits to mornings.
    """
    terms = [
        round(problem.day_demand[day_of(choice.slot)]) * choice.literal
        for visit in variables.visits
        for choice in visit.choices
        if round(problem.day_demand[day_of(choice.slot)])
    ]
    return [("walk-ins expected on the days of visits", LinearExpr.sum(terms))] if terms else []
