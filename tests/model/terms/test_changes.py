"""Re-planning terms: each change to the published plan counts one, keeping it counts nothing.

A tiny year re-planned from Monday 8 May (nothing before it is history): the
published plan has A on duty on Monday and Tuesday, the visit on Monday am by A
(announced and told to the facility, or not), and the meeting on Monday am.
"""

from __future__ import annotations

import dataclasses

import pytest

from planner.calendar import Problem
from planner.calendar.problem import PublishedVisit, Reference
from planner.model.constraints.meetings import add_meetings_held_once
from planner.model.constraints.visits import add_each_visit_once, add_sample_sizes
from planner.model.terms.changes import (
    replan_duty_change,
    replan_meeting_move,
    replan_notified_move,
    replan_officer_change,
    replan_visit_move,
)
from tests.conftest import build, day_index, facility, make_problem, solve_built

MONDAY, TUESDAY = "2017-05-08", "2017-05-09"
ROUND = {"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": MONDAY, "end": TUESDAY}}
MEETING = {"id": "m", "kind": "directors", "attendees": 1, "window": {"start": MONDAY, "end": TUESDAY}, "slot": "am"}


def _published(notified: bool = True, sample_size: int | None = None) -> Problem:
    rounds = [{**ROUND, "sample_size": sample_size}] if sample_size else [ROUND]
    problem = make_problem(
        [facility("C1"), facility("C2")] if sample_size else [facility("C1")], rounds=rounds, meetings=[MEETING]
    )
    monday = day_index(problem, MONDAY)
    reference = Reference(
        first_free_day=monday,
        duty=frozenset({(0, monday), (0, monday + 1)}),
        visits={0: PublishedVisit(officer=0, slot=2 * monday, notified=notified)},
        fixed_visits={},
        redo=frozenset(),
        meetings={0: (2 * monday,)},
        meeting_attendees={0: frozenset({0})},
    )
    return dataclasses.replace(problem, reference=reference)


def _visit_at(built, problem: Problem, officer: int, day: str, half: int):
    slot = 2 * day_index(problem, day) + half
    return next(c.literal for c in built.variables.visits[0].choices if (c.officer, c.slot) == (officer, slot))


ONCE = [add_each_visit_once, add_sample_sizes, add_meetings_held_once]
"""The rules that make a visit or a meeting happen once, so that one held elsewhere is not also held where published."""


def _value(problem: Problem, term, pin) -> int:
    built = build(problem, ONCE, [term])
    pin(built, problem)
    solved = solve_built(built)
    assert solved.feasible
    return solved.term(term.name)


@pytest.mark.parametrize(("notified", "term"), [(True, replan_notified_move), (False, replan_visit_move)])
def test_a_visit_moved_from_its_published_half_day_counts_one(notified: bool, term) -> None:
    problem = _published(notified)
    assert _value(problem, term, lambda b, p: b.model.add(_visit_at(b, p, 0, MONDAY, 0) == 1)) == 0
    assert _value(problem, term, lambda b, p: b.model.add(_visit_at(b, p, 0, TUESDAY, 1) == 1)) == 1


def test_a_notified_visit_is_charged_only_as_notified() -> None:
    problem = _published(notified=True)
    assert _value(problem, replan_visit_move, lambda b, p: b.model.add(_visit_at(b, p, 0, TUESDAY, 1) == 1)) == 0


def test_a_sample_swapped_counts_the_published_pick_dropped_and_the_new_one() -> None:
    problem = _published(notified=False, sample_size=1)
    kept = lambda b, p: (b.model.add(b.variables.visits[0].present == 1), b.model.add(_visit_at(b, p, 0, MONDAY, 0) == 1))  # noqa: E731
    swapped = lambda b, p: b.model.add(b.variables.visits[1].present == 1)  # noqa: E731
    assert _value(problem, replan_visit_move, kept) == 0
    assert _value(problem, replan_visit_move, swapped) == 2  # C1's published visit is gone, C2 is sampled instead


def test_a_visit_kept_on_its_half_day_by_another_officer_counts_one() -> None:
    problem = _published()
    assert _value(problem, replan_officer_change, lambda b, p: b.model.add(_visit_at(b, p, 0, MONDAY, 0) == 1)) == 0
    assert _value(problem, replan_officer_change, lambda b, p: b.model.add(_visit_at(b, p, 1, MONDAY, 0) == 1)) == 1
    # Moved to another half-day, it is a move, not a hand-over.
    assert _value(problem, replan_officer_change, lambda b, p: b.model.add(_visit_at(b, p, 1, TUESDAY, 0) == 1)) == 0


def test_a_meeting_held_on_another_day_counts_one() -> None:
    problem = _published()

    def held_on(day: str):
        return lambda b, p: b.model.add(
            next(o.held for o in b.variables.meetings[0].options if o.option.day == day_index(p, day)) == 1
        )

    assert _value(problem, replan_meeting_move, held_on(MONDAY)) == 0
    assert _value(problem, replan_meeting_move, held_on(TUESDAY)) == 1


def test_each_duty_day_added_or_removed_counts_one() -> None:
    problem = _published()
    monday, tuesday, wednesday = (day_index(problem, d) for d in (MONDAY, TUESDAY, "2017-05-10"))

    def roster(a: set[int], b: set[int]):
        def pin(built, p):
            for day in (monday, tuesday, wednesday):
                built.model.add(built.variables.duty[0][day] == int(day in a))
                built.model.add(built.variables.duty[1][day] == int(day in b))

        return pin

    assert _value(problem, replan_duty_change, roster({monday, tuesday}, set())) == 0
    # A leaves Tuesday, B takes Wednesday: two changes.
    assert _value(problem, replan_duty_change, roster({monday}, {wednesday})) == 2
