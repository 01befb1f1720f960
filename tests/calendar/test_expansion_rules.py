"""The rules applied while expanding an instance, each with a passing and a failing twin.

Working days, the facility set of each kind of round, each visit's window, and
who an all-officer meeting takes: each is a named function that states its rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from planner.calendar.expand import facility_set, visit_window
from planner.calendar.problem import MeetingOption
from planner.calendar.workdays import non_working_reason, working_days
from planner.domain import DateRange
from planner.model.variables import officers_available
from tests.conftest import facility, make_instance, make_problem

YEAR = DateRange(start=dt.date(2017, 4, 1), end=dt.date(2018, 3, 31))
NEW = {"id": "new_facility", "applies_to": "new", "window": "opening_month", "announced": True}
EXISTING = {
    "id": "announced",
    "applies_to": "existing_community",
    "announced": True,
    "window": {"start": "2017-05-01", "end": "2017-06-30"},
}
UNLICENSED = {
    "id": "unlicensed",
    "applies_to": "unlicensed",
    "announced": True,
    "window": {"start": "2017-08-16", "end": "2017-11-30"},
}


def _members(round_spec: dict, *facilities: dict) -> list[str]:
    instance = make_instance(list(facilities), rounds=[round_spec])
    return [instance.facilities[i].facility_id for i in facility_set(instance.spec.rounds[0], instance.facilities, YEAR)]


def _window(round_spec: dict, one: dict) -> tuple[str, str] | None:
    instance = make_instance([one], rounds=[round_spec])
    window = visit_window(instance.spec.rounds[0], instance.facilities[0])
    return None if window is None else (window.start.isoformat(), window.end.isoformat())


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2017-05-10", None),  # an ordinary Wednesday
        ("2017-05-03", "holiday"),  # Constitution Memorial Day
        ("2018-02-12", "holiday"),  # substitute holiday for National Foundation Day (Sunday 11 Feb)
        ("2017-05-13", "weekend"),
    ],
)
def test_a_working_day_is_a_weekday_that_is_no_holiday(day: str, reason: str | None) -> None:
    found = non_working_reason(dt.date.fromisoformat(day), [])
    assert (found is None) == (reason is None)
    assert (dt.date.fromisoformat(day) in working_days(YEAR, [])) == (reason is None)


def test_a_closure_is_no_working_day_and_the_day_before_is() -> None:
    closures = [DateRange(start=dt.date(2017, 12, 29), end=dt.date(2018, 1, 3))]
    days = working_days(YEAR, closures)
    assert dt.date(2017, 12, 28) in days and dt.date(2017, 12, 29) not in days


def test_new_round_takes_community_facilities_opening_inside_the_year_only() -> None:
    assert _members(NEW, facility("N1", opening_date="2017-10-01")) == ["N1"]
    assert _members(NEW, facility("C1", opening_date="2016-10-01"), facility("N9", opening_date="2018-04-01")) == []


def test_existing_round_takes_community_facilities_opened_before_april() -> None:
    assert _members(EXISTING, facility("C1"), facility("C2", opening_date="2017-03-31")) == ["C1", "C2"]
    assert _members(EXISTING, facility("N1", opening_date="2017-04-01")) == []


def test_unlicensed_round_takes_unlicensed_facilities_open_before_its_window_ends() -> None:
    assert _members(UNLICENSED, facility("U1", category="unlicensed", opening_date="2017-11-30")) == ["U1"]
    assert _members(UNLICENSED, facility("U2", category="unlicensed", opening_date="2017-12-01"), facility("C1")) == []


def test_a_facility_closing_before_the_window_opens_is_left_out() -> None:
    assert _members(EXISTING, facility("C1", closing_date="2017-05-02")) == ["C1"]
    assert _members(EXISTING, facility("C1", closing_date="2017-05-01")) == []


def test_a_new_facility_is_visited_in_its_opening_month() -> None:
    assert _window(NEW, facility("N1", opening_date="2017-10-16")) == ("2017-10-16", "2017-10-31")
    assert _window(NEW, facility("N1", opening_date="2017-10-16", closing_date="2017-10-17")) == ("2017-10-16", "2017-10-16")


def test_an_unlicensed_facility_is_visited_from_its_opening_date_until_it_closes() -> None:
    assert _window(UNLICENSED, facility("U1", category="unlicensed", opening_date="2017-09-01")) == ("2017-09-01", "2017-11-30")
    assert _window(UNLICENSED, facility("U1", category="unlicensed", closing_date="2017-10-01")) == ("2017-08-16", "2017-09-30")


def test_an_all_officer_meeting_takes_every_officer_not_unavailable_that_day() -> None:
    officers = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5, "unavailable": ["2017-05-08"]}]
    problem = make_problem(officers=officers)
    monday, tuesday = problem.day_labels.index("2017-05-08"), problem.day_labels.index("2017-05-09")
    assert officers_available(problem, MeetingOption(tuesday, (2 * tuesday,))) == [0, 1]
    assert officers_available(problem, MeetingOption(monday, (2 * monday,))) == [0]
