"""Expected waiting at a counter over one session, from opening (empty) to closing.

Steady-state Erlang C has no answer when officers are fewer than the load
(the queue grows without bound), yet an application-season half-day with two
officers and 2.6 Erlangs of load is exactly the case the plan must weigh. So
the counter's cost is computed for the session itself: an M/M/c queue that
opens empty, with Poisson walk-ins at rate ``lambda = arrivals / minutes`` and
exponential consultations of mean ``aht``, integrated over the session::

    visitor-minutes waited = integral_0^T E[(N(t) - c)^+] dt

from the forward equations of the birth-death chain (RK4 on a truncated state
space). It is finite for every ``c`` (``c = 0`` gives ``lambda T^2 / 2``),
decreasing in ``c``, and counts waiting up to the session's end.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np


def _truncation(arrivals: float, servers: int) -> int:
    # Nobody can be in the system beyond the session's arrivals; 12 sigma of
    # the Poisson count above its mean leaves a negligible tail.
    return servers + int(math.ceil(arrivals + 12 * math.sqrt(arrivals + 1) + 10))


@lru_cache(maxsize=4096)
def session_waiting_minutes(
    arrivals: float, minutes: float, servers: int, aht_minutes: float, patience_minutes: float | None = None
) -> float:
    """Expected visitor-minutes waited in one session (see the module docstring).

    With ``patience_minutes`` each queued visitor gives up at rate ``1 /
    patience`` (Erlang A): those who leave stop adding to the waiting.
    """
    return _session_waiting(arrivals, minutes, (servers,), aht_minutes, patience_minutes)[0]


def _session_waiting(
    arrivals: float, minutes: float, servers: tuple[int, ...], aht_minutes: float, patience_minutes: float | None
) -> list[float]:
    """:func:`session_waiting_minutes` for several officer counts at once.

    One integration of a matrix whose rows are the officer counts: a table of
    41 counts costs about what one count did (the step loop is the cost).
    """
    if arrivals <= 0:
        return [0.0] * len(servers)
    rate = arrivals / minutes
    if patience_minutes is None and servers == (0,):
        return [rate * minutes * minutes / 2]
    size = _truncation(arrivals, max(servers)) + 1
    states = np.arange(size)
    counts = np.array(servers)[:, None]
    queued = np.maximum(states[None, :] - counts, 0).astype(float)
    abandon = 0.0 if patience_minutes is None else 1.0 / patience_minutes
    service = np.minimum(states[None, :], counts) / aht_minutes + abandon * queued
    fastest = rate + max(servers) / aht_minutes + abandon * size
    # RK4 is stable for dt * rate < 2.78; 1.0 keeps it accurate (checked against 0.1: < 0.1 %).
    steps = max(400, int(math.ceil(minutes * fastest / 1.0)))
    dt = minutes / steps

    def derivative(p: np.ndarray) -> np.ndarray:
        flow = -(rate + service) * p
        flow[:, 1:] += rate * p[:, :-1]
        flow[:, :-1] += service[:, 1:] * p[:, 1:]
        flow[:, -1] += rate * p[:, -1]  # the truncated top state keeps its arrivals
        return flow

    p = np.zeros((len(servers), size))
    p[:, 0] = 1.0
    waited = np.zeros(len(servers))
    queue_now = (queued * p).sum(axis=1)
    for _ in range(steps):
        k1 = derivative(p)
        k2 = derivative(p + 0.5 * dt * k1)
        k3 = derivative(p + 0.5 * dt * k2)
        k4 = derivative(p + dt * k3)
        p = p + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        queue_next = (queued * p).sum(axis=1)
        waited += 0.5 * dt * (queue_now + queue_next)  # trapezoid
        queue_now = queue_next
    return [float(value) for value in waited]


def waiting_table(
    arrivals: float, minutes: float, max_servers: int, aht_minutes: float, patience_minutes: float | None = None
) -> tuple[float, ...]:
    """Visitor-minutes waited with ``0..max_servers`` officers, made convex if needed.

    The cost is convex in the number of officers (each extra officer saves
    less than the one before); the lower convex envelope guards against tiny
    numerical ripples so that the model's tangent-line encoding stays exact.
    Officer counts far above the load (``c > a + 10 sqrt(a) + 10`` Erlangs), where
    nobody waits in any measurable way, are 0 without integrating.
    """
    load = arrivals / minutes * aht_minutes
    cut = min(max_servers, int(math.ceil(load + 10 * math.sqrt(load) + 10)))
    values = _cached_table(round(arrivals, 6), minutes, cut, aht_minutes, patience_minutes) + (0.0,) * (max_servers - cut)
    return tuple(lower_convex_envelope(list(values)))


@lru_cache(maxsize=1024)
def _cached_table(
    arrivals: float, minutes: float, max_servers: int, aht_minutes: float, patience_minutes: float | None
) -> tuple[float, ...]:
    values = [0.0] * (max_servers + 1)
    if max_servers >= 0 and patience_minutes is None and arrivals > 0:
        values[0] = arrivals / minutes * minutes * minutes / 2  # nobody served: everyone waits until closing
        rest = tuple(range(1, max_servers + 1))
    else:
        rest = tuple(range(0, max_servers + 1))
    if rest:
        for servers, value in zip(rest, _session_waiting(arrivals, minutes, rest, aht_minutes, patience_minutes)):
            values[servers] = value
    return tuple(values)


def lower_convex_envelope(values: list[float]) -> list[float]:
    hull: list[int] = []
    for index in range(len(values)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # drop b if it lies above the segment a -> index
            if (values[b] - values[a]) * (index - a) > (values[index] - values[a]) * (b - a):
                hull.pop()
            else:
                break
        hull.append(index)
    result = list(values)
    for a, b in zip(hull, hull[1:]):
        for index in range(a + 1, b):
            result[index] = values[a] + (values[b] - values[a]) * (index - a) / (b - a)
    return result
