"""The application season and the thinnest weekdays come from the instance, not from constants."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from planner.domain import InstanceSpec
from tests.conftest import make_problem, make_spec

SERVICE = {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8}


def test_the_season_defaults_to_october_and_november_of_the_fiscal_year() -> None:
    problem = make_problem()
    assert problem.season == ("2017-10-01", "2017-11-30")
    assert problem.in_season("2017-11-30") and not problem.in_season("2017-12-01")


def test_a_season_given_in_the_instance_is_the_one_used() -> None:
    problem = make_problem(counter={"service": SERVICE, "season": {"start": "2018-01-09", "end": "2018-02-16"}})
    assert problem.season == ("2018-01-09", "2018-02-16")
    assert problem.in_season("2018-02-01") and not problem.in_season("2017-10-02")


def test_a_season_outside_the_fiscal_year_is_refused_with_its_key() -> None:
    spec = make_spec(counter={"service": SERVICE, "season": {"start": "2018-03-01", "end": "2018-04-30"}})
    with pytest.raises(ValidationError, match="counter.season"):
        InstanceSpec.model_validate(spec)


def test_the_thinnest_weekdays_are_those_of_the_lowest_headcount() -> None:
    headcount = {"mon": 2, "tue": 1, "wed": 2, "thu": 1, "fri": 2}
    officers = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5}]
    assert make_problem(officers=officers, staffing={"headcount": headcount, "counter_min": 0}).thinnest_weekdays == (1, 3)
