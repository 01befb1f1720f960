"""The objective floor: what no plan goes below, checked against brute force and proven optima."""

from __future__ import annotations

import itertools

import pytest

from planner.bounds import activities_waiting_floor, duty_swaps_floor, objective_floor, peak_visits_floor, waiting_floor
from planner.solution import SolveStatus
from planner.solve import SolveParams, solve
from tests.conftest import facility, make_problem

DEMAND = [{"start": "2017-04-01", "end": "2018-03-31", "per_day": 6}, {"start": "2017-10-02", "end": "2017-11-30", "per_day": 30}]
STAFFING = {"headcount": {"mon": 2, "tue": 2, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0}
MEETINGS = [{"id": "m", "kind": "officers", "attendees": "all", "window": {"start": "2017-10-02", "end": "2017-10-06"}}]


def _problem(facilities=(), **overrides):  # type: ignore[no-untyped-def]
    spec = {
        "staffing": STAFFING,
        "counter": {"service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8}, "demand": DEMAND},
        "meetings": MEETINGS,
    }
    spec.update(overrides)
    return make_problem(facilities, **spec)


def test_roster_part_is_the_best_spread_of_each_weeks_duty_days() -> None:
    # Brute force over every spread of each week's duty total (no day above its most): the
    # greedy of bounds.waiting_floor must find the same least waiting, week by week.
    problem = _problem()

    def cost(day: int, officers: int) -> float:
        from planner.bounds import _table_value

        return sum(_table_value(problem.slot_waiting[2 * day + half], officers) for half in (0, 1))

    best = 0.0
    for week in problem.weeks:
        ranges = [range(problem.day_max_on_duty[day] + 1) for day in week.days]
        best += min(
            sum(cost(day, n) for day, n in zip(week.days, spread))
            for spread in itertools.product(*ranges)
            if sum(spread) == week.duty_total
        )
    assert waiting_floor(problem) == int(best)


def test_a_visit_adds_at_least_its_cheapest_slot() -> None:
    # One visit in a window of one Monday; the day can have 2 officers: it adds at least
    # wait(1) - wait(2) in the cheaper of the two half-days.
    problem = _problem(
        [facility("C1")],
        meetings=[],
        rounds=[
            {
                "id": "r",
                "applies_to": "existing_community",
                "announced": True,
                "window": {"start": "2017-05-08", "end": "2017-05-08"},
            }
        ],
    )
    problem_without = _problem(meetings=[])
    monday = problem.day_labels.index("2017-05-08")
    steps = [problem.slot_waiting[2 * monday + half][1] - problem.slot_waiting[2 * monday + half][2] for half in (0, 1)]
    assert activities_waiting_floor(problem) - activities_waiting_floor(problem_without) in (min(steps), min(steps) - 1)
    assert peak_visits_floor(problem) == 6  # the day's walk-ins


def test_an_all_officer_meeting_must_move_its_duty_days() -> None:
    # Two officers, weekday target 1 or 2: the meeting needs both on duty on a day whose target
    # is 1 at best (Wed-Fri) or 2 (Mon, Tue: nothing to move) -> at least 0 moves.
    assert duty_swaps_floor(_problem()) == 0
    assert (
        duty_swaps_floor(
            _problem(
                meetings=[
                    {"id": "m", "kind": "officers", "attendees": "all", "window": {"start": "2017-10-04", "end": "2017-10-06"}}
                ]
            )
        )
        == 1
    )


@pytest.mark.slow
def test_the_floor_is_never_above_a_plan_or_a_proven_optimum() -> None:
    # The floor is below every plan's objective; CP-SAT's own bound may be weaker than the
    # floor when it stops early (it is here on the per-officer model), never above it when proven.
    rounds = [
        {"id": "r", "applies_to": "existing_community", "announced": True, "window": {"start": "2017-09-25", "end": "2017-10-13"}}
    ]
    problem = _problem([facility(f"C{n}") for n in range(1, 5)], rounds=rounds)
    floor = objective_floor(problem)
    for model in ("per-officer", "two-stage"):
        result = solve(problem, SolveParams(time_limit=30, workers=1, model=model))
        assert result.status.has_plan and result.objective is not None
        assert floor.value <= result.objective, model
        if result.status is SolveStatus.OPTIMAL and model == "per-officer":
            assert floor.value <= result.bound, model
        assert result.decided_gap is not None and 0 <= result.decided_gap <= 1
