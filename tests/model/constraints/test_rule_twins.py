"""Every hard rule of the model has a passing and a failing twin, on a tiny year worked out by hand.

For each rule, ``TWINS`` gives a problem and two pins of the decisions: the
compliant pin is feasible with the rule alone; the breaching pin is infeasible
with the rule and feasible without it, so the rule is what forbids it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from planner.calendar import Problem
from planner.calendar.problem import PublishedVisit, Reference
from planner.model import FAMILIES, BuiltModel
from tests.conftest import build, day_index, facility, make_problem, solve_built

Pin = Callable[[BuiltModel, Problem], None]

MONDAY, TUESDAY = "2017-05-08", "2017-05-09"
WEEK = ["2017-04-10", "2017-04-11", "2017-04-12", "2017-04-13", "2017-04-14"]


@dataclass(frozen=True)
class Twins:
    problem: Callable[[], Problem]
    compliant: Pin
    breach: Pin


def _duty(built: BuiltModel, problem: Problem, officer: int, days: list[str], value: int = 1) -> None:
    for day in days:
        built.model.add(built.variables.duty[officer][day_index(problem, day)] == value)


def _choice(built: BuiltModel, problem: Problem, task: int, officer: int, day: str, half: int):
    slot = 2 * day_index(problem, day) + half
    return next(c.literal for c in built.variables.visits[task].choices if (c.officer, c.slot) == (officer, slot))


def _option(built: BuiltModel, problem: Problem, meeting: int, day: str):
    return next(o for o in built.variables.meetings[meeting].options if o.option.day == day_index(problem, day))


def _one_visit(**overrides) -> Problem:
    rounds = [{"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": MONDAY, "end": MONDAY}}]
    return make_problem([facility("C1")], rounds=rounds, **overrides)


def _sampled() -> Problem:
    rounds = [
        {
            "id": "s",
            "applies_to": "existing_community",
            "announced": True,
            "sample_size": 2,
            "window": {"start": MONDAY, "end": "2017-05-31"},
        }
    ]
    return make_problem([facility("C1"), facility("C2"), facility("C3")], rounds=rounds)


def _meeting(attendees: object = 1, **window: str) -> Problem:
    when = {"window": window} if window else {"date": MONDAY}
    return make_problem(meetings=[{"id": "m", "kind": "officers", "attendees": attendees, "slot": "am", **when}])


def _present(built: BuiltModel, values: list[int]) -> None:
    for visit, value in zip(built.variables.visits, values):
        built.model.add(visit.present == value)


def _published(problem: Problem) -> Problem:
    """A re-plan from Tuesday 9 May: A was on duty on Monday and made the visit then (am)."""
    monday = day_index(problem, MONDAY)
    reference = Reference(
        first_free_day=monday + 1,
        duty=frozenset({(0, monday)}),
        visits={0: PublishedVisit(officer=0, slot=2 * monday, notified=True)},
        fixed_visits={},
        redo=frozenset(),
        meetings={},
        meeting_attendees={},
    )
    return dataclasses.replace(problem, reference=reference)


def _published_meeting(problem: Problem) -> Problem:
    monday = day_index(problem, MONDAY)
    reference = Reference(
        first_free_day=monday + 1,
        duty=frozenset(),
        visits={},
        fixed_visits={},
        redo=frozenset(),
        meetings={0: (2 * monday,)},
        meeting_attendees={0: frozenset({0})},
    )
    return dataclasses.replace(problem, reference=reference)


def _reported(problem: Problem) -> Problem:
    """The visit is reported done by B on Tuesday pm (the window is the week)."""
    tuesday = day_index(problem, TUESDAY)
    reference = Reference(
        first_free_day=0,
        duty=frozenset(),
        visits={},
        fixed_visits={0: (1, (2 * tuesday + 1,))},
        redo=frozenset(),
        meetings={},
        meeting_attendees={},
    )
    return dataclasses.replace(problem, reference=reference)


def _pinned(problem: Problem) -> Problem:
    """A re-plan from the year's start: meeting m pinned to Tuesday, officer B pinned on duty on Monday."""
    reference = Reference(
        first_free_day=0,
        duty=frozenset(),
        visits={},
        fixed_visits={},
        redo=frozenset(),
        meetings={},
        meeting_attendees={},
        pinned_meetings={0: day_index(problem, TUESDAY)},
        pinned_duty=frozenset({(1, day_index(problem, MONDAY))}),
    )
    return dataclasses.replace(problem, reference=reference)


def _week_visit() -> Problem:
    rounds = [
        {"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": MONDAY, "end": "2017-05-12"}}
    ]
    return make_problem([facility("C1")], rounds=rounds)


TWINS: dict[str, Twins] = {
    "add_duty_days_per_week": Twins(make_problem, lambda b, p: _duty(b, p, 0, WEEK[:3]), lambda b, p: _duty(b, p, 0, WEEK[:4])),
    "add_weekly_duty_totals": Twins(  # headcount 1 a day: the week needs 5 duty days
        make_problem,
        lambda b, p: (_duty(b, p, 0, WEEK[:3]), _duty(b, p, 1, WEEK[3:]), _duty(b, p, 1, WEEK[:3], 0)),
        lambda b, p: (_duty(b, p, 0, WEEK, 0), _duty(b, p, 1, WEEK, 0)),
    ),
    "add_headcount_targets": Twins(
        make_problem, lambda b, p: _duty(b, p, 0, WEEK[:1]), lambda b, p: (_duty(b, p, 0, WEEK[:1]), _duty(b, p, 1, WEEK[:1]))
    ),
    "add_each_visit_once": Twins(
        _one_visit,
        lambda b, p: b.model.add(_choice(b, p, 0, 0, MONDAY, 0) == 1),
        lambda b, p: b.model.add(_choice(b, p, 0, 0, MONDAY, 0) + _choice(b, p, 0, 1, MONDAY, 1) == 2),
    ),
    "add_sample_sizes": Twins(_sampled, lambda b, p: _present(b, [1, 1, 0]), lambda b, p: _present(b, [1, 1, 1])),
    "add_meetings_held_once": Twins(
        lambda: _meeting(start=MONDAY, end=TUESDAY),
        lambda b, p: b.model.add(_option(b, p, 0, MONDAY).held == 1),
        lambda b, p: b.model.add(sum(o.held for o in b.variables.meetings[0].options) == 0),
    ),
    "add_meeting_attendance": Twins(
        _meeting,
        lambda b, p: (
            b.model.add(_option(b, p, 0, MONDAY).held == 1),
            b.model.add(sum(lit for _, lit in _option(b, p, 0, MONDAY).attendance) == 1),
        ),
        lambda b, p: (
            b.model.add(_option(b, p, 0, MONDAY).held == 1),
            b.model.add(sum(lit for _, lit in _option(b, p, 0, MONDAY).attendance) == 2),
        ),
    ),
    "add_one_activity_per_officer_and_slot": Twins(  # a visit by an officer off duty that day
        _one_visit,
        lambda b, p: (_duty(b, p, 0, [MONDAY]), b.model.add(_choice(b, p, 0, 0, MONDAY, 0) == 1)),
        lambda b, p: (_duty(b, p, 0, [MONDAY], 0), b.model.add(_choice(b, p, 0, 0, MONDAY, 0) == 1)),
    ),
    "add_counter_floor": Twins(  # counter_min 1: with one officer on duty the visit empties the counter, with two not
        lambda: _one_visit(staffing={"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 1}),
        lambda b, p: (_duty(b, p, 0, [MONDAY]), _duty(b, p, 1, [MONDAY]), b.model.add(_choice(b, p, 0, 0, MONDAY, 0) == 1)),
        lambda b, p: (_duty(b, p, 0, [MONDAY]), _duty(b, p, 1, [MONDAY], 0), b.model.add(_choice(b, p, 0, 0, MONDAY, 0) == 1)),
    ),
    "add_past_duty_kept": Twins(
        lambda: _published(_one_visit()), lambda b, p: _duty(b, p, 0, [MONDAY]), lambda b, p: _duty(b, p, 0, [MONDAY], 0)
    ),
    "add_past_and_reported_visits_kept": Twins(
        lambda: _reported(_week_visit()),
        lambda b, p: b.model.add(_choice(b, p, 0, 1, TUESDAY, 1) == 1),
        lambda b, p: b.model.add(_choice(b, p, 0, 1, TUESDAY, 1) == 0),
    ),  # not where it was reported done
    "add_past_meetings_kept": Twins(
        lambda: _published_meeting(_meeting(start=MONDAY, end=TUESDAY)),
        lambda b, p: b.model.add(_option(b, p, 0, MONDAY).held == 1),
        lambda b, p: b.model.add(_option(b, p, 0, TUESDAY).held == 1),
    ),
    "add_pinned_meetings": Twins(
        lambda: _pinned(_meeting(start=MONDAY, end=TUESDAY)),
        lambda b, p: b.model.add(_option(b, p, 0, TUESDAY).held == 1),
        lambda b, p: b.model.add(_option(b, p, 0, TUESDAY).held == 0),  # not on the day it is pinned to
    ),
    "add_pinned_duty_days": Twins(
        lambda: _pinned(_meeting(start=MONDAY, end=TUESDAY)),
        lambda b, p: _duty(b, p, 1, [MONDAY]),
        lambda b, p: _duty(b, p, 1, [MONDAY], 0),
    ),
}

RULES = {rule.name: rule for rule in FAMILIES}


def test_every_rule_has_its_twins() -> None:
    assert sorted(TWINS) == sorted(RULES)


@pytest.mark.parametrize("name", sorted(TWINS))
def test_the_compliant_twin_keeps_the_rule(name: str) -> None:
    twins = TWINS[name]
    problem = twins.problem()
    built = build(problem, [RULES[name]])
    twins.compliant(built, problem)
    assert solve_built(built).feasible


@pytest.mark.parametrize("name", sorted(TWINS))
def test_the_breaching_twin_is_forbidden_by_the_rule_and_only_by_it(name: str) -> None:
    twins = TWINS[name]
    problem = twins.problem()
    built = build(problem, [RULES[name]])
    twins.breach(built, problem)
    assert not solve_built(built).feasible
    unruled = build(problem, [])
    twins.breach(unruled, problem)
    assert solve_built(unruled).feasible
