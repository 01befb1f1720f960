"""Meetings: held once in their window, with exactly their attendees."""

from __future__ import annotations

from tests.conftest import build, day_index, make_problem, solve_built
from tests.model.constraints.shared import FIVE_DAYS, MEETING_FAMILIES, TWO_A_DAY, attendees


def test_meeting_for_n_attendees_has_exactly_n() -> None:
    meetings = [{"id": "m", "kind": "block", "attendees": 1, "date": "2017-05-10", "slot": "pm"}]
    problem = make_problem(meetings=meetings, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    solved = solve_built(build(problem, MEETING_FAMILIES))
    assert solved.feasible and len(attendees(solved)) == 1


def test_all_officer_meeting_takes_everyone_available() -> None:
    officers = FIVE_DAYS + [{"id": "C", "days_per_week": 5, "unavailable": ["2017-05-10"]}]
    meetings = [{"id": "m", "kind": "officers", "attendees": "all", "date": "2017-05-10"}]
    problem = make_problem(meetings=meetings, officers=officers, staffing=TWO_A_DAY)
    solved = solve_built(build(problem, MEETING_FAMILIES))
    assert solved.feasible and attendees(solved) == {0, 1}  # C is away that day
    day = day_index(problem, "2017-05-10")
    assert all(solved.solver.value(duty[day]) for duty in solved.built.variables.duty[:2])


def test_meeting_in_a_window_is_held_once() -> None:
    meetings = [{"id": "m", "kind": "officers", "attendees": 2, "window": {"start": "2017-05-08", "end": "2017-05-12"}}]
    problem = make_problem(meetings=meetings, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    solved = solve_built(build(problem, MEETING_FAMILIES))
    held = [o for o in solved.built.variables.meetings[0].options if solved.solver.boolean_value(o.held)]
    assert len(held) == 1 and len(held[0].option.slots) == 1
