"""Erlang C against closed forms, and against the checker's independent formula."""

from __future__ import annotations

import math

import pytest

from planner.check.rules import erlang_c_wait_probability, officers_required
from planner.queueing import erlang_c, required_servers


def test_single_server_waits_with_probability_rho() -> None:
    # M/M/1: P(wait) = rho; mean wait = rho / (mu - lambda) = rho * aht / (1 - rho).
    figures = erlang_c(1, 0.5, aht_minutes=10, answer_within_minutes=0)
    assert figures.prob_wait == pytest.approx(0.5)
    assert figures.mean_wait_minutes == pytest.approx(10.0)
    assert figures.service_level == pytest.approx(0.5)


def test_two_servers_closed_form() -> None:
    # M/M/2 with A = 1 Erlang (rho = 0.5): P(wait) = 2 rho^2 / (1 + rho) = 1/3.
    assert erlang_c(2, 1.0, 20, 10).prob_wait == pytest.approx(1 / 3)
    # SL(t) = 1 - C exp(-(c - A) t / aht) = 1 - exp(-0.5)/3
    assert erlang_c(2, 1.0, 20, 10).service_level == pytest.approx(1 - math.exp(-0.5) / 3)


def test_unstable_counter_always_waits() -> None:
    figures = erlang_c(2, 2.5, 20, 10)
    assert figures.prob_wait == 1.0 and figures.service_level == 0.0 and math.isinf(figures.mean_wait_minutes)


@pytest.mark.parametrize("load", [0.2, 0.9, 2.6, 9.9, 45.0, 120.0, 200.0])
def test_recursion_matches_the_textbook_sum(load: float) -> None:
    for servers in range(int(load) + 1, min(int(load) + 40, 300)):
        assert erlang_c(servers, load, 20, 10).prob_wait == pytest.approx(erlang_c_wait_probability(servers, load), rel=1e-9)


def test_large_loads_do_not_overflow() -> None:
    figures = erlang_c(300, 200.0, 20, 10)
    assert 0.0 <= figures.prob_wait < 1e-6


@pytest.mark.parametrize(("per_day", "expected"), [(0, 0), (5, 1), (20, 2), (60, 4), (230, 12)])
def test_required_officers_for_the_city_figures(per_day: float, expected: int) -> None:
    for minutes in (210, 255):
        arrivals = per_day * minutes / 465
        assert required_servers(arrivals, minutes, 20, 10, 0.8) == expected
        assert officers_required(arrivals, minutes, 20, 10, 0.8) == expected


def test_published_example_pyworkforce_readme() -> None:
    # pyworkforce README (PyPI, "Queue systems" example): 100 transactions in a
    # 30-minute interval, AHT 3 min, answer within 20 s, 80 % target ->
    # raw_positions 14, service_level 0.8883500191794669,
    # occupancy 0.7142857142857143, waiting_probability 0.1741319335950498.
    figures = erlang_c(14, 100 / 30 * 3, aht_minutes=3, answer_within_minutes=20 / 60)
    assert round(figures.prob_wait, 4) == round(0.1741319335950498, 4)
    assert round(figures.service_level, 4) == round(0.8883500191794669, 4)
    assert round(figures.occupancy, 4) == round(0.7142857142857143, 4)
    assert required_servers(100, 30, 3, 20 / 60, 0.8) == 14


@pytest.mark.parametrize("per_day", [1, 5, 20, 60, 120, 230, 500])
@pytest.mark.parametrize("minutes", [210, 255])
def test_grid_matches_pyworkforce(per_day: float, minutes: int) -> None:
    erlang = pytest.importorskip("pyworkforce.queuing").ErlangC
    arrivals = per_day * minutes / 465
    reference = erlang(transactions=arrivals, aht=20, asa=10, interval=minutes)
    load = arrivals * 20 / minutes
    for servers in range(int(load) + 1, int(load) + 15):
        ours = erlang_c(servers, load, 20, 10)
        assert ours.prob_wait == pytest.approx(reference.waiting_probability(positions=servers), abs=1e-4)
        assert ours.service_level == pytest.approx(reference.service_level(positions=servers), abs=1e-4)


def test_erlang_a_with_endless_patience_is_erlang_c() -> None:
    from planner.queueing import erlang_a

    a, c = erlang_a(3, 2.0, 20, 1e12, 10), erlang_c(3, 2.0, 20, 10)
    assert a.prob_wait == pytest.approx(c.prob_wait, rel=1e-6)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-6)
    assert a.mean_wait_minutes == pytest.approx(c.mean_wait_minutes, rel=1e-6)
    assert a.prob_abandon < 1e-9


def test_erlang_a_with_patience_equal_to_service_time_is_poisson() -> None:
    # theta = mu: every visitor present leaves at rate mu, as in M/M/infinity, so
    # the number present is Poisson(A): P(wait) = P(N >= c), E[Q] = E[(N - c)^+],
    # P(abandon) = theta E[Q] / lambda = E[Q] / A.
    from planner.queueing import erlang_a

    load, servers = 2.0, 3
    poisson = [math.exp(-load) * load**n / math.factorial(n) for n in range(80)]
    queue = sum((n - servers) * p for n, p in enumerate(poisson) if n > servers)
    figures = erlang_a(servers, load, 20, 20, 10)
    assert figures.prob_wait == pytest.approx(1 - sum(poisson[:servers]), abs=1e-9)
    assert figures.prob_abandon == pytest.approx(queue / load, abs=1e-9)


def test_impatient_visitors_raise_the_service_level_of_those_who_stay() -> None:
    from planner.queueing import erlang_a

    patient, impatient = erlang_a(2, 2.5, 20, 1e6, 10), erlang_a(2, 2.5, 20, 10, 10)
    assert impatient.prob_abandon > 0.1
    assert impatient.mean_wait_minutes < patient.mean_wait_minutes
