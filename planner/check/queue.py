"""The checker's own price of a counter session: visitor-minutes waited, by uniformization.

The planner integrates the session's birth-death chain with RK4 steps
(:mod:`planner.queueing.transient`); the checker must not share that code, so it
computes the same quantity another way. The chain (walk-ins at rate ``lambda``,
``min(n, c) / aht`` consultations ending, with a patience each queued visitor
gives up at ``1 / patience``) is uniformized at rate ``q`` (its fastest state):
with ``P = I + Q / q`` and ``v_k = p_0 P^k``,

    integral_0^T p(t) dt = (1 / q) * sum_k P(K > k) v_k,      K ~ Poisson(q T),

so the visitor-minutes waited, ``integral_0^T E[(N(t) - c)^+] dt``, is a sum of
non-negative terms with no step size: exact up to the Poisson tail left out
(below 1e-12 of the total) and the state space's cut, far above any session's
arrivals. The two methods agree to about 1e-6 of the value, which is what
:func:`rounding_margin` allows for.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

TAIL_SIGMAS = 20
"""The Poisson sum runs this many standard deviations past its mean (and the state space past the arrivals)."""


def rounding_margin(minutes: float) -> float:
    """How far from a half minute a waiting figure must lie for its rounding to be beyond doubt.

    The planner's RK4 tables and this sum differ by at most 1.23e-6 of the value (0.043
    visitor-minutes) over every table FY2017, 10 x 200 and 40 x 800 use; the margin allows 3e-6.
    """
    return 0.005 + 3e-6 * minutes


@lru_cache(maxsize=8192)
def visitor_minutes_waited(arrivals: float, minutes: float, servers: int, aht_minutes: float, patience: float | None) -> float:
    """Expected visitor-minutes waited in a session that opens empty, with ``servers`` at the counter."""
    if arrivals <= 0:
        return 0.0
    rate = arrivals / minutes
    top = servers + int(math.ceil(arrivals + TAIL_SIGMAS * math.sqrt(arrivals + 1) + 20))
    people = np.arange(top + 1)
    waiting = np.maximum(people - servers, 0).astype(float)
    leaving = np.minimum(people, servers) / aht_minutes
    if patience is not None:
        leaving = leaving + waiting / patience
    arriving = np.full(top + 1, rate)
    arriving[-1] = 0.0  # the cut's top state holds (nobody is ever there in practice)
    uniform = float((arriving + leaving).max())
    if uniform <= 0:
        return 0.0
    stay = 1.0 - (arriving + leaving) / uniform
    up = arriving[:-1] / uniform
    down = leaving[1:] / uniform
    tail = _poisson_tail(uniform * minutes)
    state = np.zeros(top + 1)
    state[0] = 1.0
    total = 0.0
    for weight in tail:
        total += weight * float(waiting @ state)
        following = stay * state
        following[1:] += up * state[:-1]
        following[:-1] += down * state[1:]
        state = following
    return total / uniform


def _poisson_tail(mean: float) -> np.ndarray:
    """``P(K > k)`` for ``k = 0, 1, ...`` until it is negligible, ``K ~ Poisson(mean)``."""
    last = int(math.ceil(mean + TAIL_SIGMAS * math.sqrt(mean) + 50))
    counts = np.arange(last + 2)
    log_mass = counts * math.log(mean) - mean - np.array([math.lgamma(k + 1) for k in counts])
    mass = np.exp(log_mass)
    # P(K > k) summed from the top, so that small tails keep their digits.
    above = np.cumsum(mass[::-1])[::-1]
    return above[1:]
