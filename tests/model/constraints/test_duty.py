"""Duty roster families, each alone on a tiny year (answers worked out by hand)."""

from __future__ import annotations

from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.duty import add_duty_days_per_week, add_headcount_targets, add_weekly_duty_totals
from planner.model.constraints.meetings import add_meeting_attendance, add_meetings_held_once
from planner.model.terms.swaps import duty_swaps
from tests.conftest import build, day_index, make_problem, solve_built

WEEK = ["2017-04-10", "2017-04-11", "2017-04-12", "2017-04-13", "2017-04-14"]


def _pin_duty(built, problem, officer: int, days: list[str], value: int = 1) -> None:
    for day in days:
        built.model.add(built.variables.duty[officer][day_index(problem, day)] == value)


def test_days_per_week_allows_three() -> None:
    problem = make_problem()
    built = build(problem, [add_duty_days_per_week])
    _pin_duty(built, problem, 0, WEEK[:3])
    assert solve_built(built).feasible


def test_days_per_week_refuses_a_fourth_day() -> None:
    problem = make_problem()
    built = build(problem, [add_duty_days_per_week])
    _pin_duty(built, problem, 0, WEEK[:4])
    assert not solve_built(built).feasible


def test_unavailable_day_has_no_duty_variable() -> None:
    problem = make_problem(
        officers=[{"id": "A", "days_per_week": 5, "unavailable": ["2017-04-10"]}, {"id": "B", "days_per_week": 5}]
    )
    built = build(problem, [add_weekly_duty_totals])
    assert day_index(problem, "2017-04-10") not in built.variables.duty[0]
    assert day_index(problem, "2017-04-10") in built.variables.duty[1]


def test_weekly_total_is_exactly_the_targets() -> None:
    # Headcount 1 a day: the week of 10 Apr needs exactly 5 duty days.
    problem = make_problem()
    built = build(problem, [add_weekly_duty_totals])
    _pin_duty(built, problem, 0, WEEK)
    _pin_duty(built, problem, 1, WEEK, 0)
    assert solve_built(built).feasible
    built = build(problem, [add_weekly_duty_totals])
    _pin_duty(built, problem, 0, WEEK[:4])
    _pin_duty(built, problem, 1, WEEK, 0)
    _pin_duty(built, problem, 0, WEEK[4:], 0)
    assert not solve_built(built).feasible  # 4 of 5


def test_no_day_above_target_without_a_meeting() -> None:
    problem = make_problem()
    built = build(problem, [add_headcount_targets])
    _pin_duty(built, problem, 0, ["2017-04-10"])
    _pin_duty(built, problem, 1, ["2017-04-10"])
    assert not solve_built(built).feasible


def test_all_officer_meeting_swaps_one_duty_day() -> None:
    # Headcount 1 a day, both officers must attend on Wed 12 Apr: that day has 2
    # on duty (1 above target), so one other day of the week has nobody: one
    # moved duty day, penalised once (duty_swaps weight 40).
    meetings = [{"id": "all", "kind": "officers", "attendees": "all", "date": "2017-04-12", "slot": "am"}]
    problem = make_problem(meetings=meetings)
    families = [
        add_duty_days_per_week,
        add_weekly_duty_totals,
        add_headcount_targets,
        add_meetings_held_once,
        add_meeting_attendance,
        add_one_activity_per_officer_and_slot,
    ]
    solved = solve_built(build(problem, families, [duty_swaps]))
    assert solved.optimal
    assert solved.term("duty_swaps") == 1
    assert solved.objective == 40
    week = [day_index(problem, day) for day in WEEK]
    on_duty = [sum(solved.solver.value(built_duty[d]) for built_duty in solved.built.variables.duty) for d in week]
    assert on_duty[2] == 2 and sum(on_duty) == 5 and on_duty.count(0) == 1


def test_all_officer_meeting_without_swaps_is_infeasible() -> None:
    meetings = [{"id": "all", "kind": "officers", "attendees": "all", "date": "2017-04-12", "slot": "am"}]
    problem = make_problem(meetings=meetings)
    built = build(
        problem, [add_weekly_duty_totals, add_headcount_targets, add_meetings_held_once, add_one_activity_per_officer_and_slot]
    )
    for moved in built.variables.moved_duty.values():
        built.model.add(moved == 0)
    assert not solve_built(built).feasible
