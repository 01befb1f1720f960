"""The checker's own price of a plan (planner.check.pricing, planner.check.queue): by hand, and against the planner's."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest

from planner.check.pricing import CHANGE_TERMS, PRICED_TERMS, price_line, price_plan, reported_below_price
from planner.check.queue import rounding_margin, visitor_minutes_waited
from planner.io.plan_files import DutyRecord, PlanFiles, VisitRecord, read_plan_files
from planner.io.readers import load_instance
from planner.model.terms.term import REGISTERED
from planner.queueing.transient import session_waiting_minutes
from tests.conftest import facility, make_instance

# --- the queue, by hand and against the planner's RK4 ---------------------------------


def test_nobody_at_the_counter_keeps_everyone_waiting_until_closing() -> None:
    # Poisson arrivals at rate a/T, none served: the waiting is the integral of a t / T, a T / 2 visitor-minutes.
    assert visitor_minutes_waited(30.0, 210, 0, 20.0, None) == pytest.approx(30 * 210 / 2, rel=1e-9)


def test_nobody_at_the_counter_with_patience_is_an_infinite_server_queue() -> None:
    # Each queued visitor leaves at rate 1/theta: E[N(t)] = lambda theta (1 - e^(-t/theta)), integrated over [0, T].
    rate, minutes, theta = 12 / 210, 210.0, 45.0
    by_hand = rate * theta * (minutes - theta * (1 - math.exp(-minutes / theta)))
    assert visitor_minutes_waited(12.0, minutes, 0, 30.0, theta) == pytest.approx(by_hand, rel=1e-9)


def test_no_arrivals_no_waiting() -> None:
    assert visitor_minutes_waited(0.0, 255, 2, 20.0, None) == 0.0


@pytest.mark.parametrize("patience", [None, 45.0])
@pytest.mark.parametrize("arrivals", [0.7, 8.0, 35.0, 140.0])
def test_the_two_integrations_agree_within_the_rounding_margin(arrivals: float, patience: float | None) -> None:
    for servers in range(0, 9):
        exact = visitor_minutes_waited(arrivals, 255, servers, 20.0, patience)
        planner = session_waiting_minutes(arrivals, 255, servers, 20.0, patience)
        assert abs(exact - planner) < rounding_margin(exact), (servers, exact, planner)


def test_every_term_of_the_model_is_priced_by_the_checker() -> None:
    assert set(PRICED_TERMS) | set(CHANGE_TERMS) == set(REGISTERED)


# --- a tiny year priced by hand -------------------------------------------------------

MONDAY = dt.date(2017, 6, 5)


def _tiny(weights: dict[str, int] | None = None):  # -> Instance
    return make_instance(
        [facility("F1", block="north"), facility("F2", block="north")],
        staffing={"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0},
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [{"start": "2017-06-05", "end": "2017-06-05", "per_day": 31}],
        },
        rounds=[
            {
                "id": "unannounced",
                "applies_to": "existing_community",
                "window": {"start": "2017-06-05", "end": "2017-06-09"},
                "announced": False,
            }
        ],
        **({"weights": weights} if weights else {}),
    )


def _plan(visits: list[tuple[str, str, str]], seed: int = 0) -> PlanFiles:
    """Both officers on duty on Monday; ``visits`` as (facility, half-day, officer) that Monday."""
    return PlanFiles(
        visits=tuple(VisitRecord(f, "unannounced", MONDAY, half, officer, False) for f, half, officer in visits),
        roster=(DutyRecord(MONDAY, "A"), DutyRecord(MONDAY, "B")),
        meetings=(),
        counter=(),
        document={"seed": seed},
    )


def test_both_officers_away_all_morning_keep_the_morning_waiting_until_noon() -> None:
    instance = _tiny()
    away = price_plan(instance, _plan([("F1", "am", "A"), ("F2", "am", "B")]))
    afternoon = visitor_minutes_waited(31 * 255 / 465, 255, 2, 20.0, None)
    morning_by_hand = (31 * 210 / 465) * 210 / 2  # nobody at the counter: a T / 2
    assert away.values["counter_waiting"] == round(morning_by_hand) + round(afternoon)


def test_the_year_terms_by_hand() -> None:
    instance = _tiny()
    same_morning = price_plan(instance, _plan([("F1", "am", "A"), ("F2", "am", "B")], seed=3))
    # Two visits on a day of 31 walk-ins.
    assert same_morning.values["peak_visits"] == 2 * 31
    # Two sure unannounced visits over the window's five weekdays (even: 1 a weekday); both on Monday.
    assert same_morning.values["unannounced_weekdays"] == 2 - 1
    # One block, one week: one clustering; next to each other in the list, the same week: another.
    assert same_morning.values["unannounced_clustering"] == 1 + 1
    # Two visits, two officers of equal weeks: a share of one each, met.
    assert same_morning.values["visit_fairness"] == 0
    # Monday's target is 2: nobody above it.
    assert same_morning.values["duty_swaps"] == 0
    # The seeded cost of each visit in its week (the year's 10th week holds 5 June), as DESIGN.md draws it.
    week = 9
    assert same_morning.values["unannounced_shuffle"] == sum(
        random.Random(f"unannounced-shuffle/3/{f}/unannounced/{week}").randint(0, 3) for f in ("F1", "F2")
    )
    one_officer = price_plan(instance, _plan([("F1", "am", "A"), ("F2", "pm", "A")]))
    assert one_officer.values["visit_fairness"] == 1 + 1  # A makes 2 (share 1), B none (share 1)


def test_a_term_reported_below_the_price_is_named() -> None:
    instance = _tiny()
    price = price_plan(instance, _plan([("F1", "am", "A"), ("F2", "am", "B")]))
    honest = {"terms": {name: {"value": value} for name, value in price.values.items()}}
    assert reported_below_price(price, honest) == []
    above = {"terms": {**honest["terms"], "peak_visits": {"value": 70}}}  # a solver's helper left high: no violation
    assert reported_below_price(price, above) == []
    below = {"terms": {**honest["terms"], "peak_visits": {"value": 61}}}
    [violation] = reported_below_price(price, below)
    assert violation.rule == "objective_term_reported" and "peak_visits" in violation.message


# --- the planner's plans --------------------------------------------------------------


def _reported(plan_dir: Path) -> dict[str, int]:
    return {name: term["value"] for name, term in read_plan_files(plan_dir).document["terms"].items()}


def test_the_small_plan_is_priced_as_the_solver_reported(small_instance_dir: Path, small_plan_dir: Path) -> None:
    price = price_plan(load_instance(small_instance_dir), read_plan_files(small_plan_dir))
    reported = _reported(small_plan_dir)
    # plan.json leaves out a term with nothing to charge (no deadline week here): the checker prices it at 0.
    assert price.values == {name: reported.get(name, 0) for name in price.values}
    assert price.objective == read_plan_files(small_plan_dir).document["objective"]


def test_fy2017_is_priced_as_the_solver_reported(fy2017_plan) -> None:
    from tests.conftest import FY2017

    out, run = fy2017_plan
    assert run.returncode == 0, run.stderr
    price = price_plan(load_instance(FY2017), read_plan_files(out))
    reported = _reported(out)
    assert {name: value for name, value in price.values.items() if name != "counter_waiting"} == {
        name: value for name, value in reported.items() if name != "counter_waiting"
    }
    assert abs(price.values["counter_waiting"] - reported["counter_waiting"]) <= price.uncertain
    assert "objective priced by the checker" in price_line(FY2017, out)


def test_a_plan_breaking_the_rules_is_still_priced() -> None:
    # An unannounced visit on a national holiday, by an officer the instance does not know: the rules'
    # violations, which the checker reports; its price is still worked out (the visit adds no week's cost).
    plan = _plan([("F1", "am", "A")])
    holiday = VisitRecord("F2", "unannounced", dt.date(2017, 5, 3), "am", "Z", False)
    plan = PlanFiles(plan.visits + (holiday,), plan.roster, (), (), plan.document)
    price = price_plan(_tiny(), plan)
    assert price.values["peak_visits"] == 31  # the holiday has no walk-ins
