"""The start calendar never gives up on a feasible instance (issue 20), on tiny instances worked out by hand."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from planner.calendar import Problem, expand
from planner.calendar.problem import day_of
from planner.check import check_plan_dir
from planner.domain import Facility, Instance, InstanceSpec
from planner.greedy import assign_greedily, greedy_calendar, greedy_frame
from planner.model import build_model
from planner.pipeline import run_solve
from planner.solution import Calendar, SolveStatus
from planner.solve import SolveParams
from planner.solve.start import (
    assign_by_flow,
    flow_waiting,
    least_waiting_visits,
    no_more_waiting_than_the_baseline,
    start_calendar,
)
from tests.conftest import facility, make_problem, make_spec, write_instance

ONE_SPARE_ON_MONDAYS = {"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 1}
"""Two officers on Mondays, one on the other days, the counter keeping one: only a Monday can spare
an officer, one per half-day (two officers of three days give the six duty days a week asks)."""

SEPTEMBER_BUSY_UNTIL_THE_25TH = {
    "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
    "demand": [
        {"start": "2017-09-01", "end": "2017-09-22", "per_day": 20},
        {"start": "2017-09-25", "end": "2017-09-30", "per_day": 0},
    ],
}
"""A counter that waits on every September day but the last week's: a visit costs nothing there."""


def _new_facilities_in_september(**overrides: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """N1 opens on 1 September (window: the Mondays 4, 11 and 25 — the 18th is a holiday), N2 and N3 on
    the 25th (window: Monday 25th only). Six Monday half-days, three visits; the 25th's two half-days must
    go to N2 and N3, so N1 goes on the 4th or the 11th.

    Taken in list order at the cheapest half-day, N1 takes the free 25th and N3 finds nothing: the rule
    of thumb gives up, though the instance has plans."""
    spec = make_spec(
        officers=[{"id": k, "name": f"推進員{k}", "days_per_week": 3} for k in "AB"],
        staffing=ONE_SPARE_ON_MONDAYS,
        counter=SEPTEMBER_BUSY_UNTIL_THE_25TH,
        rounds=[{"id": "new_facility", "applies_to": "new", "window": "opening_month", "announced": True}],
    )
    spec.update(overrides)
    facilities = [
        facility("N1", opening_date="2017-09-01"),
        facility("N2", opening_date="2017-09-25"),
        facility("N3", opening_date="2017-09-25"),
    ]
    return spec, facilities


def _problem(instance: tuple[dict[str, Any], list[dict[str, Any]]]) -> Problem:
    spec, facilities = instance
    return expand(Instance(spec=InstanceSpec.model_validate(spec), facilities=[Facility.model_validate(f) for f in facilities]))


def _on(problem: Problem, visits: dict[int, int]) -> dict[str, str]:
    return {
        problem.facilities[problem.visits[task].facility].id: problem.day_labels[day_of(slot)] for task, slot in visits.items()
    }


def test_the_flow_places_every_visit_where_the_rule_of_thumb_gives_up() -> None:
    problem = _problem(_new_facilities_in_september())
    assert greedy_calendar(problem) is None  # the old start: stuck on N3
    frame = greedy_frame(problem)
    assert frame is not None
    visits = least_waiting_visits(problem, frame)
    assert visits is not None
    on = _on(problem, visits)
    assert on["N2"] == on["N3"] == "2017-09-25" and on["N1"] in ("2017-09-04", "2017-09-11")


def test_the_flow_waits_least_of_every_placement_on_its_frame() -> None:
    problem = _problem(
        _new_facilities_in_september(
            counter={
                "service": SEPTEMBER_BUSY_UNTIL_THE_25TH["service"],
                "demand": [
                    {"start": "2017-09-01", "end": "2017-09-30", "per_day": 6},
                    {"date": "2017-09-11", "per_day": 30},
                    {"date": "2017-09-25", "per_day": 12},
                ],
            }
        )
    )
    frame = greedy_frame(problem)
    assert frame is not None
    visits = least_waiting_visits(problem, frame)
    assert visits is not None
    tasks = sorted(visits)
    every = [
        dict(zip(tasks, slots))
        for slots in itertools.product(*(problem.visits[task].slots for task in tasks))
        if all(frame.spare(slot, frame.away[slot] + list(slots).count(slot) - 1) > 0 for slot in slots)
    ]
    assert every, "the hand count: some placement fits"
    best = min(flow_waiting(problem, frame, placement) for placement in every)
    assert flow_waiting(problem, frame, visits) == pytest.approx(best)


def test_a_sampled_round_picks_the_facilities_with_findings_at_equal_waiting() -> None:
    rounds = [
        {
            "id": "sampled",
            "applies_to": "existing_community",
            "window": {"start": "2017-12-01", "end": "2018-02-28"},
            "announced": True,
            "sample_size": 2,
        }
    ]
    facilities = [facility("C1"), facility("C2", open_findings=3), facility("C3"), facility("C4", open_findings=1)]
    problem = make_problem(facilities, staffing=ONE_SPARE_ON_MONDAYS, rounds=rounds)
    frame = greedy_frame(problem)
    assert frame is not None
    visits = least_waiting_visits(problem, frame)
    assert visits is not None and sorted(_on(problem, visits)) == ["C2", "C4"]


def _meeting_taken_by_an_earlier_one() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Two officers (4 and 3 days a week) on Mondays and Wednesdays, one on the other days, the counter
    keeping one. Meeting M1 (one officer, pm, 3-5 July) and M2 (one officer, Monday 3 July pm, fixed).
    M1 on its first day that fits (Monday) leaves M2 no seat: the rule of thumb gives up; M1 on Wednesday
    is a plan."""
    spec = make_spec(
        officers=[{"id": "A", "name": "推進員A", "days_per_week": 4}, {"id": "B", "name": "推進員B", "days_per_week": 3}],
        staffing={"headcount": {"mon": 2, "tue": 1, "wed": 2, "thu": 1, "fri": 1}, "counter_min": 1},
        meetings=[
            {"id": "M1", "kind": "block", "attendees": 1, "window": {"start": "2017-07-03", "end": "2017-07-05"}, "slot": "pm"},
            {"id": "M2", "kind": "directors", "attendees": 1, "date": "2017-07-03", "slot": "pm"},
        ],
    )
    return spec, []


def test_the_hard_rules_give_a_frame_where_the_rules_of_thumb_get_stuck() -> None:
    problem = _problem(_meeting_taken_by_an_earlier_one())
    assert greedy_frame(problem) is None
    built = build_model(problem, formulation="by-slot")
    start = start_calendar(problem, built, SolveParams(time_limit=10, workers=1, deterministic=True), 10)
    assert start.how == "hard rules + flow" and start.calendar is not None
    held = {problem.meetings[m.meeting].id: problem.day_labels[m.day] for m in start.calendar.meetings}
    assert held["M2"] == "2017-07-03" and held["M1"] in ("2017-07-04", "2017-07-05")  # Tuesday by a swapped day


def test_a_start_proven_impossible_says_so() -> None:
    spec, _ = _meeting_taken_by_an_earlier_one()
    spec["meetings"] = [  # two officers away from a Monday afternoon that can spare one
        {"id": f"M{n}", "kind": "directors", "attendees": 1, "date": "2017-07-03", "slot": "pm"} for n in (1, 2)
    ]
    problem = _problem((spec, []))
    assert not problem.conflicts  # a clash the expansion does not see: the model must find it
    built = build_model(problem, formulation="by-slot")
    start = start_calendar(problem, built, SolveParams(time_limit=10, workers=1, deterministic=True), 10)
    assert start.calendar is None and start.proven_infeasible and "no plan" in (start.why_not or "")


@pytest.mark.parametrize("instance", [_new_facilities_in_september, _meeting_taken_by_an_earlier_one])
def test_a_solve_starts_from_it_and_its_plan_keeps_every_rule(instance, tmp_path: Path) -> None:
    spec, facilities = instance()
    instance_dir = write_instance(tmp_path / "instance", spec, facilities)
    lines: list[str] = []
    outcome = run_solve(instance_dir, tmp_path / "plan", time_limit=10, workers=1, deterministic=True, progress=lines.append)
    assert outcome.result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE), outcome.summary
    assert any("start calendar: " in line and "+ flow" in line for line in lines), lines
    assert check_plan_dir(instance_dir, tmp_path / "plan") == []


def test_a_plan_waiting_more_than_the_earliest_free_baseline_has_its_visits_re_placed() -> None:
    # The 4th quiet, the 11th busy: the baseline puts N1 on the 4th; a plan with N1 on the 11th waits more.
    problem = _problem(
        _new_facilities_in_september(
            counter={
                "service": SEPTEMBER_BUSY_UNTIL_THE_25TH["service"],
                "demand": [{"start": "2017-09-11", "end": "2017-09-22", "per_day": 20}],
            }
        )
    )
    frame = greedy_frame(problem)
    assert frame is not None
    slot = {label: 2 * index for index, label in enumerate(problem.day_labels)}
    tasks = {problem.facilities[problem.visits[task].facility].id: task for task in range(len(problem.visits))}
    waiting_more = Calendar(
        frame.duty,
        {tasks["N1"]: slot["2017-09-11"], tasks["N2"]: slot["2017-09-25"], tasks["N3"]: slot["2017-09-25"] + 1},
        frame.meetings,
    )
    built = build_model(problem, formulation="by-slot")
    params = SolveParams(time_limit=10, workers=1, deterministic=True)
    guarded = no_more_waiting_than_the_baseline(problem, built, waiting_more, params, 10)
    assert guarded is not None
    calendar, terms, _ = guarded
    assert _on(problem, calendar.visit_slots)["N1"] == "2017-09-04"
    assert terms["counter_waiting"].value == round(
        flow_waiting(problem, frame, calendar.visit_slots)
    )  # the model prices it alike
    assert no_more_waiting_than_the_baseline(problem, built, calendar, params, 10) is None  # kept: it waits least


def test_the_roster_flow_shares_a_week_s_cut_where_trimming_the_quietest_day_cannot_be_staffed() -> None:
    # A and B work five days a week, C two: 12 duty days for targets of 3 a day (15). Trimmed quietest
    # day first (Friday, then Thursday) the needs are 3-3-3-2-1, but A and B are both on duty on Friday:
    # the rules of thumb give up. The flow cuts one day from each of Wednesday to Friday instead: 3-3-2-2-2.
    problem = make_problem(
        officers=[
            {"id": "A", "name": "推進員A", "days_per_week": 5},
            {"id": "B", "name": "推進員B", "days_per_week": 5},
            {"id": "C", "name": "推進員C", "days_per_week": 2},
        ],
        staffing={"headcount": {day: 3 for day in ("mon", "tue", "wed", "thu", "fri")}, "counter_min": 1},
        counter={
            "service": SEPTEMBER_BUSY_UNTIL_THE_25TH["service"],
            "demand": [
                {"start": "2017-04-01", "end": "2018-03-31", "per_day": 10},
                *[
                    {"date": f"2017-06-0{day}", "per_day": per_day}
                    for day, per_day in ((5, 30), (6, 25), (7, 20), (8, 15), (9, 12))
                ],
            ],
        },
    )
    assert greedy_frame(problem) is None
    frame = greedy_frame(problem, assign=lambda *week: assign_greedily(*week) or assign_by_flow(*week))
    assert frame is not None
    june = [problem.day_index[f"2017-06-0{day}"] for day in range(5, 10)]
    assert [frame.on_duty[day] for day in june] == [3, 3, 2, 2, 2]
    assert all(frame.on_duty[day] >= 1 for day in range(problem.num_days))


def test_golden_week_s_all_officer_meeting_leaves_room_for_a_fixed_meeting() -> None:
    # The week of 1 May 2017 has two working days (3-5 May are holidays): 4 duty days for three officers.
    # An all-officer morning meeting on Monday would leave Tuesday one officer, but Tuesday afternoon holds
    # a fixed meeting of one beside the counter's one: the meeting must go on Tuesday morning.
    problem = make_problem(
        officers=[{"id": k, "name": f"推進員{k}", "days_per_week": 3} for k in "ABC"],
        staffing={"headcount": {"mon": 2, "tue": 2, "wed": 2, "thu": 1, "fri": 2}, "counter_min": 1},
        meetings=[
            {
                "id": "all-05",
                "kind": "officers",
                "attendees": "all",
                "window": {"start": "2017-05-01", "end": "2017-05-02"},
                "slot": "am",
            },
            {"id": "directors", "kind": "directors", "attendees": 1, "date": "2017-05-02", "slot": "pm"},
        ],
    )
    frame = greedy_frame(problem, assign=assign_by_flow)
    assert frame is not None
    held = {problem.meetings[m.meeting].id: problem.day_labels[m.day] for m in frame.meetings}
    assert held == {"all-05": "2017-05-02", "directors": "2017-05-02"}
