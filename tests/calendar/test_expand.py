"""Calendar expansion: working days, weeks, windows, demand, conflicts (all by hand)."""

from __future__ import annotations

import pytest

from planner.calendar import expand
from planner.calendar.workdays import working_days
from planner.domain import fiscal_year_range
from planner.errors import InstanceError
from planner.io.readers import load_instance
from tests.conftest import FY2017, facility, make_problem


def test_fy2017_has_244_working_days() -> None:
    # 260 weekdays from Sat 1 Apr 2017 to Sat 31 Mar 2018, minus 13 national
    # holidays on weekdays (振替休日 12 Feb 2018 included), minus the closure's
    # weekdays 29 Dec, 2 Jan, 3 Jan (1 Jan is already a holiday).
    problem = expand(load_instance(FY2017))
    assert problem.num_days == 244
    for closed in ("2017-05-03", "2017-05-04", "2017-05-05", "2018-02-12", "2017-12-29", "2018-01-03", "2017-11-23"):
        assert closed not in problem.day_labels
    assert "2017-12-28" in problem.day_labels and "2018-01-04" in problem.day_labels


def test_working_days_without_closures() -> None:
    days = working_days(fiscal_year_range(2017), [])
    assert len(days) == 247


def test_week_duty_totals_follow_targets_and_holidays() -> None:
    problem = expand(load_instance(FY2017))
    first = problem.weeks[0]  # 3-7 Apr 2017: Mon-Fri targets 2+2+2+1+2
    assert [problem.day_labels[d] for d in first.days] == ["2017-04-03", "2017-04-04", "2017-04-05", "2017-04-06", "2017-04-07"]
    assert (first.target_total, first.duty_total) == (9, 9)
    golden = problem.weeks[problem.day_week[problem.day_labels.index("2017-05-01")]]
    assert len(golden.days) == 2 and golden.duty_total == 4  # only Mon 1 and Tue 2 May work


def test_week_total_is_capped_by_what_officers_can_give() -> None:
    # Targets 2 a day (10 a week) but two officers of 3 days: at most 6.
    problem = make_problem(staffing={"headcount": {k: 2 for k in ("mon", "tue", "wed", "thu", "fri")}, "counter_min": 0})
    assert problem.weeks[0].target_total == 10
    assert problem.weeks[0].duty_total == 6


def test_week_total_with_an_officer_away() -> None:
    # B is away the whole week of 10 Apr; A alone gives 3 of the 5 targets.
    problem = make_problem(
        officers=[
            {"id": "A", "days_per_week": 3},
            {"id": "B", "days_per_week": 3, "unavailable": [{"start": "2017-04-10", "end": "2017-04-14"}]},
        ]
    )
    week = problem.weeks[problem.day_week[problem.day_labels.index("2017-04-10")]]
    assert (week.target_total, week.duty_total) == (5, 3)
    assert problem.officers[1].capacity_days == problem.officers[0].capacity_days - 3


def test_visit_windows_by_round_and_opening_date() -> None:
    rounds = [
        {"id": "new", "applies_to": "new", "window": "opening_month", "announced": True},
        {"id": "unl", "applies_to": "unlicensed", "announced": True, "window": {"start": "2017-08-16", "end": "2017-11-30"}},
        {
            "id": "old",
            "applies_to": "existing_community",
            "announced": False,
            "window": {"start": "2017-05-01", "end": "2017-05-02"},
        },
    ]
    facilities = [
        facility("N1", opening_date="2017-10-01"),  # Sunday: window 2-31 Oct
        facility("U1", category="unlicensed", opening_date="2017-09-01"),
        facility("U2", category="unlicensed", opening_date="2017-12-01"),  # opens after the window: not visited
        facility("C1", opening_date="2016-06-01"),  # existing
        facility("C9", opening_date="2018-05-01"),  # opens after the year: not visited
    ]
    problem = make_problem(facilities, rounds=rounds)
    windows = {(problem.rounds[v.round].id, problem.facilities[v.facility].id): v.slots for v in problem.visits}
    assert set(windows) == {("new", "N1"), ("unl", "U1"), ("old", "C1")}
    new = windows["new", "N1"]
    assert problem.slot_label(new[0]) == "2017-10-02 am" and problem.slot_label(new[-1]) == "2017-10-31 pm"
    assert len(new) == 2 * 21  # October 2017: 22 weekdays, 9 Oct is a holiday
    assert problem.slot_label(windows["unl", "U1"][0]) == "2017-09-01 am"
    assert [problem.slot_label(s) for s in windows["old", "C1"]] == [
        "2017-05-01 am",
        "2017-05-01 pm",
        "2017-05-02 am",
        "2017-05-02 pm",
    ]


def test_demand_later_rows_override_and_split_by_minutes() -> None:
    counter = {
        "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
        "demand": [
            {"start": "2017-04-01", "end": "2018-03-31", "per_day": 5},
            {"date": "2017-11-20", "per_day": 230},
        ],
    }
    problem = make_problem(counter=counter)
    deadline = problem.day_labels.index("2017-11-20")
    assert problem.day_demand[deadline] == 230 and problem.day_demand[deadline - 1] == 5
    am, pm = problem.slot_arrivals[2 * deadline], problem.slot_arrivals[2 * deadline + 1]
    assert am == pytest.approx(230 * 210 / 465) and pm == pytest.approx(230 * 255 / 465)
    assert problem.slot_required[2 * deadline] == 12
    assert problem.slot_required[0] == 1


def test_no_demand_requires_no_officer() -> None:
    assert set(make_problem().slot_required) == {0}


def test_empty_opening_month_is_a_conflict() -> None:
    rounds = [{"id": "new", "applies_to": "new", "window": "opening_month", "announced": True}]
    problem = make_problem(
        [facility("N1", opening_date="2017-12-29")], rounds=rounds, closures=[{"start": "2017-12-29", "end": "2018-01-03"}]
    )
    assert len(problem.conflicts) == 1
    assert "N1" in problem.conflicts[0] and "2017-12-29..2017-12-31" in problem.conflicts[0]


def test_too_many_visits_for_a_window_is_a_conflict() -> None:
    # One day, one officer on duty (target 1), counter_min 0: 2 half-days for 3 visits.
    rounds = [
        {"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": "2017-05-08", "end": "2017-05-08"}}
    ]
    problem = make_problem([facility("C1"), facility("C2"), facility("C3")], rounds=rounds)
    assert len(problem.conflicts) == 1
    assert "3 visits must fall between 2017-05-08 and 2017-05-08" in problem.conflicts[0]
    assert "at most 2 officer half-days" in problem.conflicts[0]
    assert not make_problem([facility("C1"), facility("C2")], rounds=rounds).conflicts


def test_sample_larger_than_its_set_is_bad_input() -> None:
    rounds = [
        {
            "id": "s",
            "applies_to": "existing_community",
            "announced": True,
            "sample_size": 3,
            "window": {"start": "2017-05-08", "end": "2017-06-30"},
        }
    ]
    with pytest.raises(InstanceError, match=r"rounds\[s\].sample_size: 3 facilities asked but existing_community has only 2"):
        make_problem([facility("C1"), facility("C2")], rounds=rounds)


def test_meeting_on_a_holiday_is_bad_input() -> None:
    meetings = [{"id": "m", "kind": "block", "attendees": 1, "date": "2017-05-03"}]
    with pytest.raises(InstanceError, match=r"meetings\[m\].date: 2017-05-03 is not a working day \(national holiday"):
        make_problem(meetings=meetings)


def test_meeting_options() -> None:
    meetings = [
        {"id": "fixed", "kind": "k", "attendees": 1, "date": "2017-05-10", "slot": "day"},
        {"id": "free", "kind": "k", "attendees": "all", "window": {"start": "2017-05-08", "end": "2017-05-09"}},
    ]
    problem = make_problem(meetings=meetings)
    fixed, free = problem.meetings
    assert [len(o.slots) for o in fixed.options] == [2]
    assert len(free.options) == 4 and free.attendees is None  # 2 days x (am or pm)


def test_a_weekday_without_staff_breaks_the_counter_floor() -> None:
    staffing = {"headcount": {"mon": 1, "tue": 1, "wed": 1, "thu": 0, "fri": 1}, "counter_min": 1}
    problem = make_problem(staffing=staffing)
    assert len(problem.conflicts) == 1
    # 52 Thursdays in the year, less the holidays 4 May and 23 Nov.
    assert problem.conflicts[0].startswith("counter floor: on 50 thu day(s) from 2017-04-06 at most 0 officer(s)")


def test_demand_effects_by_hand() -> None:
    counter = {
        "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
        "demand": [{"start": "2017-04-01", "end": "2018-03-31", "per_day": 10}],
        "effects": {"weekday": {"mon": 1.5}, "after_holiday": 2.0, "ramps": [{"deadline": "2017-11-20", "days": 4, "peak": 3.0}]},
    }
    problem = make_problem(counter=counter)
    demand = {label: problem.day_demand[index] for index, label in enumerate(problem.day_labels)}
    assert demand["2017-05-02"] == 10  # an ordinary Tuesday
    assert demand["2017-05-08"] == 10 * 1.5 * 2  # Monday after the Golden Week holidays
    assert demand["2017-07-18"] == 10 * 2  # Tuesday after Marine Day
    assert demand["2017-11-27"] == 10 * 1.5  # an ordinary Monday: a weekend alone is no holiday
    # the 4 working days before Mon 20 Nov rise linearly to 3x: 1.5, 2, 2.5, 3
    assert [demand[d] for d in ("2017-11-14", "2017-11-15", "2017-11-16", "2017-11-17")] == [15, 20, 25, 30]
    assert demand["2017-11-20"] == 10 * 1.5  # the deadline keeps its own figure
