"""Erlang C (M/M/c): waiting probability, service level and required staff.

With offered load ``A = arrival_rate * aht`` (Erlangs) and ``c`` servers,
the probability that a visitor waits is::

    C(c, A) = c * B(c, A) / (c - A * (1 - B(c, A)))       for c > A

where ``B`` is Erlang B, computed by the stable recursion
``B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))`` (no factorials, so loads of
hundreds of Erlangs do not overflow). The share answered within ``t`` is::

    SL = 1 - C(c, A) * exp(-(c - A) * t / aht)

and the mean wait is ``C(c, A) * aht / (c - A)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ErlangC:
    """Performance of an M/M/c counter with ``servers`` officers."""

    servers: int
    load_erlangs: float
    prob_wait: float
    service_level: float
    mean_wait_minutes: float
    occupancy: float


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of M/M/c/c by the stable recursion."""
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def erlang_c(servers: int, load: float, aht_minutes: float, answer_within_minutes: float) -> ErlangC:
    """Erlang C figures; an unstable counter (``servers <= load``) waits with certainty."""
    if load <= 0:
        return ErlangC(servers, 0.0, 0.0, 1.0, 0.0, 0.0)
    if servers <= load:
        return ErlangC(servers, load, 1.0, 0.0, math.inf, 1.0)
    blocking = erlang_b(servers, load)
    prob_wait = servers * blocking / (servers - load * (1.0 - blocking))
    service_level = 1.0 - prob_wait * math.exp(-(servers - load) * answer_within_minutes / aht_minutes)
    mean_wait = prob_wait * aht_minutes / (servers - load)
    return ErlangC(servers, load, prob_wait, service_level, mean_wait, load / servers)


def required_servers(
    arrivals: float,
    period_minutes: float,
    aht_minutes: float,
    answer_within_minutes: float,
    service_level: float,
    max_servers: int = 1000,
) -> int:
    """Fewest officers meeting the service target for ``arrivals`` in ``period_minutes``.

    Zero arrivals need zero officers (the raw requirement; any floor such as
    ``counter_min`` is applied elsewhere).
    """
    load = arrivals * aht_minutes / period_minutes
    if load <= 0:
        return 0
    servers = max(1, math.floor(load) + 1)
    while servers <= max_servers:
        figures = erlang_c(servers, load, aht_minutes, answer_within_minutes)
        if figures.service_level >= service_level - 1e-12:
            return servers
        servers += 1
    raise ValueError(f"more than {max_servers} officers would be needed for a load of {load:.1f} Erlangs")


@dataclass(frozen=True)
class ErlangA:
    """Performance of an M/M/c+M counter: visitors give up after an exponential patience."""

    servers: int
    load_erlangs: float
    prob_wait: float
    prob_abandon: float
    service_level: float
    """Share of visitors whose consultation starts within the target time (those who give up count as failures)."""
    mean_wait_minutes: float
    """Mean time in the queue over all visitors (until served or gone)."""


def erlang_a(servers: int, load: float, aht_minutes: float, patience_minutes: float, answer_within_minutes: float) -> ErlangA:
    """Erlang A by its birth-death chain, truncated where the stationary tail is negligible.

    States ``n`` visitors present; births ``lambda``; deaths ``min(n, c) mu +
    max(n - c, 0) theta`` with ``mu = 1/aht`` and ``theta = 1/patience``. By
    PASTA an arrival sees the stationary ``pi``: it waits if ``n >= c``; it
    abandons at rate ``theta`` while queued, so ``P(abandon) = theta E[Q] /
    lambda`` and its mean wait is ``E[Q] / lambda`` (Little). The service
    level solves, for an arrival with ``k`` visitors ahead, the backward
    equations of "served by time t" (position advances at ``c mu + k theta``,
    own patience ``theta``) up to ``t = answer_within``.
    """
    if load <= 0:
        return ErlangA(servers, 0.0, 0.0, 0.0, 1.0, 0.0)
    service_rate, abandon_rate = 1.0 / aht_minutes, 1.0 / patience_minutes
    arrival_rate = load * service_rate
    overflow = (arrival_rate - servers * service_rate) / abandon_rate
    if overflow > 50_000:
        # An overloaded counter whose visitors almost never give up: the queue
        # settles only tens of thousands deep, i.e. never within a day. Treat it
        # as Erlang C does an unstable queue: everyone waits, nobody in time.
        excess = 1.0 - servers * service_rate / arrival_rate
        return ErlangA(servers, load, 1.0, excess, 0.0, math.inf)
    weights = [1.0]
    n = 0
    while True:  # unnormalised pi_n by the ratio pi_{n+1}/pi_n = lambda / death(n+1)
        n += 1
        death = min(n, servers) * service_rate + max(n - servers, 0) * abandon_rate
        weights.append(weights[-1] * arrival_rate / death)
        if weights[-1] > 1e200:  # rescale to stay finite
            weights = [w / 1e200 for w in weights]
        if death > arrival_rate and n > servers + 20 and weights[-1] < 1e-16 * sum(weights):
            break
    total = sum(weights)
    pi = [w / total for w in weights]
    prob_wait = sum(pi[servers:])
    queue = sum((k - servers) * p for k, p in enumerate(pi) if k > servers)
    served_in_time = _served_within(servers, service_rate, abandon_rate, answer_within_minutes, len(pi) - servers)
    level = sum(pi[:servers]) + sum(pi[servers + k] * served_in_time[k] for k in range(len(pi) - servers))
    return ErlangA(servers, load, prob_wait, abandon_rate * queue / arrival_rate, level, queue / arrival_rate)


def _served_within(servers: int, service_rate: float, abandon_rate: float, horizon: float, positions: int) -> list[float]:
    """``u_k(horizon)``: probability that a visitor with ``k`` ahead starts service in time (RK4)."""
    if horizon <= 0 or servers == 0:
        return [0.0] * positions
    ahead = list(range(positions))
    advance = [servers * service_rate + k * abandon_rate for k in ahead]
    steps = max(50, int(math.ceil(horizon * (max(advance) + abandon_rate) / 0.05)))
    dt = horizon / steps

    def derivative(u: list[float]) -> list[float]:
        result = [advance[0] * (1.0 - u[0]) - abandon_rate * u[0]]
        result += [advance[k] * (u[k - 1] - u[k]) - abandon_rate * u[k] for k in ahead[1:]]
        return result

    u = [0.0] * positions
    for _ in range(steps):
        k1 = derivative(u)
        k2 = derivative([a + 0.5 * dt * b for a, b in zip(u, k1)])
        k3 = derivative([a + 0.5 * dt * b for a, b in zip(u, k2)])
        k4 = derivative([a + dt * b for a, b in zip(u, k3)])
        u = [a + dt / 6 * (b + 2 * c + 2 * d + e) for a, b, c, d, e in zip(u, k1, k2, k3, k4)]
    return u


def service_level(
    servers: int, load: float, aht_minutes: float, answer_within_minutes: float, patience_minutes: float | None
) -> tuple[float, float]:
    """(service level, share of visitors who give up): Erlang A with a patience, else Erlang C."""
    if patience_minutes is None:
        return erlang_c(servers, load, aht_minutes, answer_within_minutes).service_level, 0.0
    figures = erlang_a(servers, load, aht_minutes, patience_minutes, answer_within_minutes)
    return figures.service_level, figures.prob_abandon
