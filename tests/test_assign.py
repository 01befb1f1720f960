"""Greedy officer names: a facility's rounds kept with one officer where the roster allows (hand-made)."""

from __future__ import annotations

from collections import defaultdict

from planner.assign import _improve_continuity, name_officers_greedily
from planner.calendar.problem import slot_of
from planner.solution import Calendar
from tests.conftest import day_index, facility, make_problem
from tests.model.terms.shared import _round

OFFICERS = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5}, {"id": "C", "days_per_week": 5}]


def _calendar(problem, duty: dict[str, list[str]], visits: dict[int, tuple[str, int]]) -> Calendar:
    officer = {info.id: index for index, info in enumerate(problem.officers)}
    return Calendar(
        duty=tuple(sorted((officer[o], day_index(problem, day)) for o, days in duty.items() for day in days)),
        visit_slots={task: slot_of(day_index(problem, day), half) for task, (day, half) in visits.items()},
        meetings=(),
    )


def _two_facilities(second_round_last_day: str):
    """C1 and C2, a round on Mon 8 May and one from Wed 10 May; task index by (facility, round)."""
    problem = make_problem(
        [facility("C1"), facility("C2")],
        rounds=[_round("r", "2017-05-08", "2017-05-08"), _round("s", "2017-05-10", second_round_last_day)],
        officers=OFFICERS,
    )
    return problem, {(problem.facilities[t.facility].id, t.round): index for index, t in enumerate(problem.visits)}


def test_a_facility_seen_twice_goes_to_the_officer_on_duty_both_days() -> None:
    # C1 is seen on Mon 8 May (A, B on duty) and Wed 10 May (only B and C): naming Monday
    # first to the least busy officer (A, the first) split C1 between A and B.
    problem, tasks = _two_facilities("2017-05-10")
    calendar = _calendar(
        problem,
        {"A": ["2017-05-08"], "B": ["2017-05-08", "2017-05-10"], "C": ["2017-05-10"]},
        {tasks["C1", 0]: ("2017-05-08", 0), tasks["C1", 1]: ("2017-05-10", 0), tasks["C2", 1]: ("2017-05-10", 0)},
    )
    names = {
        (problem.facilities[problem.visits[v.task].facility].id, v.task): problem.officers[v.officer].id
        for v in name_officers_greedily(problem, calendar).visits
    }
    assert names[("C1", tasks["C1", 0])] == names[("C1", tasks["C1", 1])] == "B"
    assert names[("C2", tasks["C2", 1])] == "C"


def test_a_swap_within_a_half_day_joins_two_facilities_rounds() -> None:
    # Mon: A and B both on duty, visiting C1 and C2; Wed only A (C1), Thu only B (C2). Started
    # from the crossed names (C1 by B then A, C2 by A then B), one swap on Monday gives each
    # facility one officer and keeps everyone's count.
    problem, tasks = _two_facilities("2017-05-11")
    calendar = _calendar(
        problem,
        {"A": ["2017-05-08", "2017-05-10"], "B": ["2017-05-08", "2017-05-11"]},
        {
            tasks["C1", 0]: ("2017-05-08", 0),
            tasks["C2", 0]: ("2017-05-08", 0),
            tasks["C1", 1]: ("2017-05-10", 0),
            tasks["C2", 1]: ("2017-05-11", 0),
        },
    )
    on_duty: dict[int, list[int]] = {}
    for officer, day in calendar.duty:
        on_duty.setdefault(day, []).append(officer)
    crossed = {tasks["C1", 0]: 1, tasks["C2", 0]: 0, tasks["C1", 1]: 0, tasks["C2", 1]: 1}
    by_facility = {0: [tasks["C1", 0], tasks["C1", 1]], 1: [tasks["C2", 0], tasks["C2", 1]]}
    names = _improve_continuity(problem, calendar, crossed, defaultdict(list, on_duty), set(), {}, by_facility)
    assert names == {tasks["C1", 0]: 0, tasks["C2", 0]: 1, tasks["C1", 1]: 0, tasks["C2", 1]: 1}
