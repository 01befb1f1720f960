"""Waiting over a session: limits that can be worked out by hand."""

from __future__ import annotations

import pytest

from planner.queueing import erlang_c
from planner.queueing.transient import session_waiting_minutes, waiting_table


def test_no_officer_means_everyone_waits_until_closing() -> None:
    # Arrivals at rate r over T minutes, none served: integral of r t dt = r T^2 / 2.
    assert session_waiting_minutes(20.0, 200, 0, 20) == pytest.approx(20 / 200 * 200**2 / 2)


def test_no_visitors_no_waiting() -> None:
    assert session_waiting_minutes(0.0, 210, 1, 20) == 0.0


def test_a_long_session_approaches_steady_state_erlang_c() -> None:
    # Over a session far longer than the queue's relaxation time, the mean wait
    # per visitor tends to Erlang C's W_q = C(c, A) * aht / (c - A).
    minutes, aht, servers, load = 20_000, 20.0, 3, 2.0
    arrivals = load / aht * minutes
    per_visitor = session_waiting_minutes(arrivals, minutes, servers, aht) / arrivals
    assert per_visitor == pytest.approx(erlang_c(servers, load, aht, 0).mean_wait_minutes, rel=0.03)


@pytest.mark.parametrize("per_day", [5, 20, 60, 230])
def test_table_is_decreasing_and_convex(per_day: float) -> None:
    table = waiting_table(per_day * 210 / 465, 210, 8, 20)
    steps = [a - b for a, b in zip(table, table[1:])]
    assert all(step >= 0 for step in steps)
    assert all(first >= second - 1e-9 for first, second in zip(steps, steps[1:]))


@pytest.mark.slow
def test_visitors_who_give_up_stop_waiting() -> None:
    # With no officer and patience P, each arrival waits min(patience, time to close):
    # about P visitor-minutes each when the session is much longer than P.
    arrivals, minutes, patience = 30.0, 6000.0, 10.0
    waited = session_waiting_minutes(arrivals, minutes, 0, 20, patience)
    assert waited == pytest.approx(arrivals * patience, rel=0.01)
    assert session_waiting_minutes(27.1, 210, 2, 20, 15.0) < session_waiting_minutes(27.1, 210, 2, 20)
