"""The counter floor: counter_min officers in every half-day but an all-officer meeting's."""

from __future__ import annotations

from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.counter import add_counter_floor
from planner.model.constraints.duty import add_headcount_targets, add_weekly_duty_totals
from planner.model.constraints.visits import add_each_visit_once
from tests.conftest import build, facility, make_problem, solve_built
from tests.model.constraints.shared import FIVE_DAYS, MEETING_FAMILIES, TWO_A_DAY


def test_counter_floor_leaves_one_officer_per_slot() -> None:
    # Two on duty on Mon 8 May, counter_min 1: one visit per half-day fits (2), a third does not.
    rounds = [
        {"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": "2017-05-08", "end": "2017-05-08"}}
    ]
    families = [
        add_each_visit_once,
        add_one_activity_per_officer_and_slot,
        add_weekly_duty_totals,
        add_headcount_targets,
        add_counter_floor,
    ]
    two = make_problem([facility("C1"), facility("C2")], rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    solved = solve_built(build(two, families))
    assert solved.feasible
    slots = sorted(c.slot for v in solved.built.variables.visits for c in v.choices if solved.solver.boolean_value(c.literal))
    assert slots[0] != slots[1]
    three = make_problem([facility("C1"), facility("C2"), facility("C3")], rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert not solve_built(build(three, families)).feasible


def test_floor_is_lifted_during_an_all_officer_meeting() -> None:
    meetings = [{"id": "m", "kind": "officers", "attendees": "all", "date": "2017-05-10", "slot": "am"}]
    problem = make_problem(meetings=meetings, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, MEETING_FAMILIES + [add_weekly_duty_totals, add_counter_floor])).feasible


def test_floor_holds_during_a_partial_meeting() -> None:
    # Both officers at a 2-attendee meeting would empty the counter: infeasible.
    meetings = [{"id": "m", "kind": "block", "attendees": 2, "date": "2017-05-10", "slot": "am"}]
    problem = make_problem(meetings=meetings, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert not solve_built(build(problem, MEETING_FAMILIES + [add_weekly_duty_totals, add_counter_floor])).feasible
