"""``--vary`` grids: parsing, the shorthands, scenario names, and every combination once."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.errors import InstanceError
from planner.scenario import apply_scenario
from planner.scenario.grid import Dimension, grid, parse_vary, scenario_of
from tests.conftest import make_instance


def test_values_are_read_as_numbers_and_words():
    assert parse_vary("season_demand=1,1.3") == Dimension("season_demand", (1, 1.3))
    assert parse_vary("staffing.headcount.thu = 1, 2").values == (1, 2)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("officers", "write KEY=V1,V2"),
        ("=1,2", "write KEY=V1,V2"),
        ("officers=3,3", "given twice"),
        ("officers=[1]", "not a single number"),
    ],
)
def test_a_malformed_vary_is_an_error(text: str, words: str):
    with pytest.raises(InstanceError, match=words):
        parse_vary(text)


def test_the_grid_has_every_combination_first_dimension_slowest():
    scenarios = grid(make_instance(), [parse_vary("season_staff=0,1"), parse_vary("weights.duty_swaps=0,40")])
    assert [s.name for s in scenarios] == [
        "season_staff0_duty_swaps0",
        "season_staff0_duty_swaps40",
        "season_staff1_duty_swaps0",
        "season_staff1_duty_swaps40",
    ]


def test_officers_shorthand_grows_the_team_and_its_headcounts():
    base = make_instance()  # A and B, 3 days a week each
    four = apply_scenario(base, scenario_of(base, {"officers": 4}))
    assert [o.id for o in four.spec.officers] == ["A", "B", "X1", "X2"]
    assert all(o.days_per_week == 3 for o in four.spec.officers)
    headcount = four.spec.staffing.headcount
    # 12 duty days a week, Thursday at half a weekday: 3 + 3 + 3 + 1 + 2 (largest remainders) adds up to 12.
    assert sum(headcount.for_weekday(day) for day in range(5)) == 12
    assert headcount.thu < headcount.mon


def test_officers_shorthand_shrinks_the_team_from_the_end_and_an_explicit_headcount_wins():
    base = make_instance()
    one = apply_scenario(base, scenario_of(base, {"officers": 1, "staffing.headcount.thu": 1}))
    assert [o.id for o in one.spec.officers] == ["A"]
    assert one.spec.staffing.headcount.thu == 1
    assert sum(one.spec.staffing.headcount.for_weekday(day) for day in range(5)) in (3, 4)


def test_season_shorthands_cover_october_and_november():
    base = make_instance(
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [{"start": "2017-04-01", "end": "2018-03-31", "per_day": 10}],
        }
    )
    changed = apply_scenario(base, scenario_of(base, {"season_staff": 2, "season_demand": 1.5}))
    assert changed.spec.counter.extra_staff[0].staff == 2
    assert (changed.spec.counter.extra_staff[0].first, changed.spec.counter.extra_staff[0].last) == (
        dt.date(2017, 10, 1),
        dt.date(2017, 11, 30),
    )
    by_day = {row.first: row.per_day for row in changed.spec.counter.demand}
    assert by_day[dt.date(2017, 10, 1)] == 15 and by_day[dt.date(2017, 4, 1)] == 10
    assert scenario_of(base, {"season_staff": 0, "season_demand": 1}).counter.extra_staff == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"officers": 0}, "not a team size"),
        ({"season_staff": -1}, "not a number of staff"),
        ({"season_demand": 0}, "not a factor"),
        ({"staffing.nope": 1}, "staffing.nope: unknown key"),
    ],
)
def test_a_bad_shorthand_value_names_it(settings, words):
    with pytest.raises(InstanceError, match=words):
        scenario_of(make_instance(), settings)
