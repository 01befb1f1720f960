"""By slot: the visits and seats of a half-day fit the officers on duty; all-officer meetings fill the roster."""

from __future__ import annotations

from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.duty import add_headcount_targets, add_weekly_duty_totals
from planner.model.constraints.meetings import add_meeting_attendance, add_meetings_held_once
from planner.model.constraints.visits import add_each_visit_once
from tests.conftest import build, facility, make_problem, solve_built

FAMILIES = [add_each_visit_once, add_one_activity_per_officer_and_slot, add_weekly_duty_totals, add_headcount_targets]


def _round(first: str, last: str) -> list[dict]:
    return [{"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": first, "end": last}}]


def _two_on_monday() -> dict:
    return {"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0}


def test_by_slot_visits_have_no_officer_and_one_literal_per_slot() -> None:
    problem = make_problem([facility("C1")], rounds=_round("2017-05-08", "2017-05-09"))
    built = build(problem, FAMILIES, formulation="by-slot")
    choices = built.variables.visits[0].choices
    assert {choice.officer for choice in choices} == {None}
    assert len(choices) == 4  # Mon and Tue, am and pm; per officer it would be 8


def test_two_officers_on_duty_make_two_visits_in_one_half_day_but_not_three() -> None:
    # Mon 8 May has 2 officers on duty (headcount 2) and no counter floor: the morning holds
    # two visits. A third visit that morning needs a third officer, which the day does not have.
    two = make_problem([facility("C1"), facility("C2")], rounds=_round("2017-05-08", "2017-05-08"), staffing=_two_on_monday())
    built = build(two, FAMILIES, formulation="by-slot")
    morning = two.slot_at("2017-05-08", "am")
    built.model.add(sum(c.literal for v in built.variables.visits for c in v.choices if c.slot == morning) == 2)
    assert solve_built(built).feasible
    three = make_problem(
        [facility(f"C{n}") for n in (1, 2, 3)], rounds=_round("2017-05-08", "2017-05-08"), staffing=_two_on_monday()
    )
    built = build(three, FAMILIES, formulation="by-slot")
    built.model.add(sum(c.literal for v in built.variables.visits for c in v.choices if c.slot == morning) == 3)
    assert not solve_built(built).feasible


def test_visits_the_calendar_cannot_tell_apart_are_counted_per_slot() -> None:
    # C1 and C2: same announced round, same window, no findings -> one count per slot, 0..2.
    # C3 has open findings in a sampled round of its own window: counted apart from nothing.
    problem = make_problem([facility("C1"), facility("C2")], rounds=_round("2017-05-08", "2017-05-09"))
    built = build(problem, FAMILIES, formulation="by-slot")
    group, other = built.variables.visits
    assert group.group == (0, 1) and group.present == 2 and other.choices == () and other.present == 0
    assert len(group.choices) == 4
    assert all(list(c.literal.proto.domain) == [0, 2] for c in group.choices)
    per_officer = build(problem, FAMILIES)
    assert all(not visit.group for visit in per_officer.variables.visits)


def test_an_all_officer_meeting_puts_every_available_officer_on_duty() -> None:
    # Headcount 1 a day, but the meeting on Wed 10 May takes both officers: B is on duty too,
    # a day moved within the week (the weekly total stays 5).
    meetings = [{"id": "m", "kind": "officers", "attendees": "all", "date": "2017-05-10", "slot": "am"}]
    problem = make_problem(meetings=meetings)
    built = build(problem, [*FAMILIES, add_meetings_held_once, add_meeting_attendance], formulation="by-slot")
    solved = solve_built(built)
    assert solved.feasible
    wednesday = problem.day_labels.index("2017-05-10")
    assert sum(solved.solver.value(built.variables.on_duty(o, wednesday)) for o in range(2)) == 2
