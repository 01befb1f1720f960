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
