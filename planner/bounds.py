"""A floor under every plan's objective, computed without the solver.

Most of the counter's waiting is fixed before any decision: in the application
season every officer on duty is needed at the counter and still the queue
grows. A relative gap against the whole objective hides how much of it a plan
can change, so the plan also reports the gap on what it decides, above this floor::

    decided gap = (objective - max(bound, floor)) / (objective - floor)

The floor adds these parts, each a value no plan can beat:

- ``counter_waiting``, the roster: the waiting with **nobody away** from the
  counter (no visit, no meeting) and each week's duty days spread over its days
  to wait least. Each day's cost ``f_d(n) = wait_am(n) + wait_pm(n)`` is convex
  and decreasing in the officers on duty ``n``, so giving the week's total
  ``duty_total`` one officer at a time to the day that saves most, no day
  above the most it can have (``day_max_on_duty``), is optimal for this
  relaxation (separable convex allocation).
- ``counter_waiting``, the activities: each required visit, meeting seat and
  all-officer meeting adds at least the least waiting it can add in any slot it
  may take, measured as if that day had its most officers on duty:
  ``wait_s(M_d - N) - wait_s(M_d)`` for N officers taken (``wait_s(0) - wait_s(M_d)``
  for an all-officer meeting). With convex tables, officers taken lower down
  a slot's table save less than these top steps, so the sum over activities
  stays below what any plan adds, however many share a slot. All-officer
  meetings that may share a slot with another are left out (the counter empties once).
- ``peak_visits``: every visit that must be made at the quietest day of its
  window a visit can use (a sampled round: its quietest ``sample_size`` facilities).
- ``duty_swaps``: an all-officer meeting whose days no other such meeting
  shares moves at least ``available - target`` duty days onto its day, the
  least over its days.

Every other term is counted as 0. The floor is valid for the weighted-sum
objective of either formulation. The arguments need convex tables: the
model's are rounded to whole visitor-minutes, which can break convexity by a
minute, so the floor works on each table's lower convex envelope (never above
the table) and is rounded down.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from functools import lru_cache

from planner.calendar import Problem
from planner.queueing.transient import lower_convex_envelope


@dataclass(frozen=True)
class Floor:
    """The floor and its parts (weighted), with how it was computed in one sentence."""

    value: int
    parts: dict[str, int]
    method: str = (
        "counter waiting with nobody away and each week's duty days spread to wait least, plus the least "
        "waiting each required visit and meeting adds in its window at full staffing; "
        "each required visit on the quietest day of its window; the duty days all-officer "
        "meetings must move; every other term 0"
    )


def objective_floor(problem: Problem) -> Floor:
    """The floor of ``problem``'s objective (see the module docstring)."""
    weights = problem.weights
    parts = {
        "counter_waiting": weights.counter_waiting * (waiting_floor(problem) + activities_waiting_floor(problem)),
        "peak_visits": weights.peak_visits * peak_visits_floor(problem),
        "duty_swaps": weights.duty_swaps * duty_swaps_floor(problem),
    }
    return Floor(sum(parts.values()), {term: value for term, value in parts.items() if value})


@lru_cache(maxsize=8192)
def _convex(table: tuple[int, ...]) -> tuple[float, ...]:
    return tuple(lower_convex_envelope([float(value) for value in table]))


def waiting_floor(problem: Problem) -> int:
    """Visitor-minutes waited with nobody away and every week's duty days placed to wait least."""
    total = 0.0

    def day_cost(day: int, officers: int) -> float:
        return sum(_table_value(problem.slot_waiting[2 * day + half], officers) for half in (0, 1))

    for week in problem.weeks:
        on_duty = {day: 0 for day in week.days}
        # Max-heap of the saving the next officer brings to each day.
        savings = [(-(day_cost(day, 0) - day_cost(day, 1)), day) for day in week.days if problem.day_max_on_duty[day] > 0]
        heapq.heapify(savings)
        for _ in range(week.duty_total):
            if not savings:
                break
            _, day = heapq.heappop(savings)
            on_duty[day] += 1
            if on_duty[day] < problem.day_max_on_duty[day]:
                saving = day_cost(day, on_duty[day]) - day_cost(day, on_duty[day] + 1)
                heapq.heappush(savings, (-saving, day))
        total += sum(day_cost(day, officers) for day, officers in on_duty.items())
    return math.floor(total)


def activities_waiting_floor(problem: Problem) -> int:
    """The least waiting the required visits and the meetings add (see the module docstring)."""
    usable = problem.days_open_for_visits

    def added(slot: int, taken: int | None) -> float:
        table = problem.slot_waiting[slot]
        most = problem.day_max_on_duty[slot // 2]
        return _table_value(table, 0 if taken is None else max(0, most - taken)) - _table_value(table, most)

    total = 0.0
    for round_ in problem.rounds:
        cheapest = sorted(
            min((added(slot, 1) for slot in problem.visits[visit].slots if slot // 2 in usable), default=0)
            for visit in round_.visits
        )
        total += sum(cheapest[: round_.sample_size] if round_.sample_size is not None else cheapest)
    all_meeting_slots = [
        {slot for option in meeting.options for slot in option.slots} for meeting in problem.meetings if meeting.attendees is None
    ]
    for meeting in problem.meetings:
        if not meeting.options:
            continue
        if meeting.attendees is None:
            slots = {slot for option in meeting.options for slot in option.slots}
            if sum(bool(slots & other) for other in all_meeting_slots) > 1:
                continue  # another all-officer meeting may empty the same half-day
        total += min(sum(added(slot, meeting.attendees) for slot in option.slots) for option in meeting.options)
    return math.floor(total)


def peak_visits_floor(problem: Problem) -> int:
    """Walk-ins on the quietest usable day of each required visit's window."""
    usable = problem.days_open_for_visits
    total = 0
    for round_ in problem.rounds:
        cheapest = sorted(
            min((round(problem.day_demand[slot // 2]) for slot in problem.visits[visit].slots if slot // 2 in usable), default=0)
            for visit in round_.visits
        )
        total += sum(cheapest[: round_.sample_size] if round_.sample_size is not None else cheapest)
    return total


def duty_swaps_floor(problem: Problem) -> int:
    """Duty days that all-officer meetings on days of their own must move."""
    all_meetings = [meeting for meeting in problem.meetings if meeting.attendees is None]
    days_of = [{option.day for option in meeting.options} for meeting in all_meetings]
    total = 0
    for index, days in enumerate(days_of):
        if not days or any(days & other for position, other in enumerate(days_of) if position != index):
            continue  # days shared with another all-officer meeting: one move could serve both
        total += min(max(0, problem.officers_available(day) - problem.day_target[day]) for day in days)
    return total


def _table_value(table: tuple[int, ...], officers: int) -> float:
    """The waiting with ``officers`` at the counter, on the table's convex envelope."""
    return _convex(table)[min(officers, len(table) - 1)] if table else 0.0
