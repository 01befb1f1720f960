"""The checker's own price of a plan: every term of the objective, from the instance and the plan's files.

Like the rules, the price is re-derived from DESIGN.md and the terms' documented
meaning without ``planner.calendar``, ``planner.model`` or ``planner.score``: the
calendar from the checker's own reading (:mod:`planner.check.rules`), the
counter's waiting from its own queue integration (:mod:`planner.check.queue`),
fair shares, weeks and spreads worked out here. So a plan's reported objective
is confirmed by a second computation, and a best-known objective (``benchmarks/
best_known.py``) is the checker's figure, not the solver's.

Where a counter session's waiting lies within :func:`~planner.check.queue.rounding_margin`
of a half minute, the planner's table and this sum may round it to neighbouring
whole minutes; such sessions are counted (``uncertain``), and a report that differs
from the price by no more than that count agrees with it.

A re-plan's change terms (``replan_*``) price moves against the published plan,
which the plan's files do not hold: they are left out and named (``unpriced``).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.check.checker import _Checker
from planner.check.queue import rounding_margin, visitor_minutes_waited
from planner.check.rules import AM_MINUTES, PM_MINUTES, officers_required
from planner.check.violations import Violation
from planner.domain import Instance, Round
from planner.io.plan_files import PlanFiles, read_plan_files
from planner.io.readers import load_instance

PRICED_TERMS = (
    "counter_waiting",
    "counter_shortfall",
    "peak_visits",
    "deadline_week_visits",
    "officer_continuity",
    "visit_fairness",
    "duty_fairness",
    "duty_swaps",
    "sample_findings",
    "unannounced_weekdays",
    "unannounced_clustering",
    "unannounced_shuffle",
)
"""Every term of a year's plan (a new term of the model must be taught to the checker: a test holds them equal)."""
CHANGE_TERMS = (
    "replan_notified_move",
    "replan_visit_move",
    "replan_meeting_move",
    "replan_officer_change",
    "replan_duty_change",
)


@dataclass(frozen=True)
class PlanPrice:
    """The checker's value of each weighted term, and what it could not settle."""

    values: dict[str, int]
    weights: dict[str, int]
    uncertain: int = 0
    """Counter sessions whose waiting rounds within the margin of a half minute (each may differ by one)."""
    unpriced: tuple[str, ...] = field(default_factory=tuple)

    @property
    def objective(self) -> int:
        return sum(self.values[name] * self.weights[name] for name in self.values)

    def agrees_with(self, reported: float) -> bool:
        """Whether a reported objective is this price, allowing each uncertain session its one minute."""
        return abs(round(reported) - self.objective) <= self.uncertain * self.weights.get("counter_waiting", 0)


def price_plan(instance: Instance, plan: PlanFiles) -> PlanPrice:
    """Every weighted term of the instance priced on ``plan`` (a plan the rules pass; a broken one prices anyway)."""
    return _Pricer(instance, plan).price()


def reported_below_price(price: PlanPrice, document: dict[str, Any]) -> list[Violation]:
    """A term ``plan.json`` reports below the checker's price: the plan claims to cost less than it does.

    A report above the price is no violation: a solver stopped by its limit may leave a helper
    variable (a counter position, a swap count) above its least, and reports that assignment's value.
    """
    found = []
    for name, term in (document.get("terms") or {}).items():
        if name not in price.values or not isinstance(term, dict) or "value" not in term:
            continue
        slack = price.uncertain if name == "counter_waiting" else 0
        if int(term["value"]) < price.values[name] - slack:
            found.append(
                Violation(
                    "objective_term_reported",
                    "plan.json",
                    f"term {name} is reported as {int(term['value']):,}, the checker prices the plan at {price.values[name]:,}",
                )
            )
    return found


def price_line(instance_dir: Path | str, plan_dir: Path | str) -> str:
    """The checker's price of a plan folder beside what its ``plan.json`` reports, in one line."""
    plan = read_plan_files(plan_dir)
    price = price_plan(load_instance(instance_dir), plan)
    reported = plan.document.get("objective")
    line = f"objective priced by the checker: {price.objective:,}"
    if isinstance(reported, int | float):
        if round(reported) == price.objective:
            line += f" (plan.json reports {reported:,.0f}: the same)"
        elif price.agrees_with(reported):
            line += (
                f" (plan.json reports {reported:,.0f}: the same but for the rounding of {price.uncertain} counter "
                "half-day(s) whose waiting lies within the margin of a half minute)"
            )
        else:
            line += f" (plan.json reports {reported:,.0f}: {round(reported) - price.objective:+,} off)"
    if price.unpriced:
        line += f"; not priced (changes against the published plan): {', '.join(price.unpriced)}"
    return line


class _Pricer(_Checker):
    """The checker's reading of the plan (:class:`_Checker`), priced term by term."""

    def __init__(self, instance: Instance, plan: PlanFiles) -> None:
        super().__init__(instance, plan)
        self.ordered_days = sorted(self.days)
        self.weeks = self._weeks()
        self.week_of = {day: key for key, days in self.weeks.items() for day in days}
        self.week_number = {key: number for number, key in enumerate(sorted(self.weeks))}
        self.demand = self._demand()
        self.staff = self._other_staff()
        self.away_at: Counter[tuple[dt.date, str]] = Counter()
        for (day, half, _officer), count in self._activities().items():
            self.away_at[day, half] += count
        self.uncertain = 0
        # A round's visits: its members whose window holds a working day (the others are the instance's conflict).
        self.tasks: dict[str, list[str]] = {
            round_.id: [member for member in self._members(round_) if self._window_days(round_, member)]
            for round_ in self.spec.rounds
        }
        self.rounds = {round_.id: round_ for round_ in self.spec.rounds}
        # What several terms read, worked out once.
        self.made: dict[tuple[str, str], tuple[dt.date, str]] = {
            (row.facility_id, row.round): (row.date, row.officer_id) for row in self.plan.visits
        }
        """(facility, round) -> (date, officer) of each visit the plan makes."""
        self.unannounced = [
            (facility, round_.id) for round_ in self.spec.rounds if not round_.announced for facility in self.tasks[round_.id]
        ]
        self.sessions = self._sessions()

    def price(self) -> PlanPrice:
        replan = "replan" in self.plan.document
        weights = {name: int(getattr(self.spec.weights, name)) for name in PRICED_TERMS}
        weighted = {name: weight for name, weight in weights.items() if weight}
        values = {name: getattr(self, f"_{name}")() for name in weighted}
        unpriced = tuple(name for name in CHANGE_TERMS if replan and getattr(self.spec.weights, name))
        return PlanPrice(values, weighted, self.uncertain, unpriced)

    # --- what several terms read --------------------------------------------------
    def _window_days(self, round_: Round, facility_id: str) -> list[dt.date]:
        first, last = self._window(round_, self.facilities[facility_id])
        return [day for day in self.ordered_days if first <= day <= last]

    def _sessions(self) -> list[tuple[dt.date, int, float, int]]:
        """Every working half-day: (day, officers the plan leaves at the counter, walk-ins expected, minutes)."""
        found = []
        for day in self.ordered_days:
            for half, minutes in (("am", AM_MINUTES), ("pm", PM_MINUTES)):
                present = max(0, len(self.on_duty[day]) - self.away_at[day, half])
                found.append((day, present, self.demand.get(day, 0.0) * minutes / (AM_MINUTES + PM_MINUTES), minutes))
        return found

    # --- the counter ----------------------------------------------------------------
    def _counter_waiting(self) -> int:
        service = self.spec.counter.service
        total = 0
        for day, present, arrivals, minutes in self.sessions:
            waited = visitor_minutes_waited(
                round(arrivals, 9), minutes, present + self.staff.get(day, 0), service.aht_minutes, service.patience_minutes
            )
            if abs(waited - math.floor(waited) - 0.5) < rounding_margin(waited):
                self.uncertain += 1
            total += round(waited)
        return total

    def _counter_shortfall(self) -> int:
        service = self.spec.counter.service
        return sum(
            max(
                0,
                officers_required(arrivals, minutes, service.aht_minutes, service.answer_within_minutes, service.service_level)
                - present,
            )
            for _, present, arrivals, minutes in self.sessions
        )

    def _peak_visits(self) -> int:
        return sum(round(self.demand.get(day, 0.0)) for day, _ in self.made.values())

    def _deadline_week_visits(self) -> int:
        deadlines = {ramp.deadline for ramp in self.spec.counter.effects.ramps}
        busiest = {self.week_of[day] for day in self.days if day in deadlines}
        counted = 0
        for (facility, round_id), (day, _) in self.made.items():
            if self.week_of.get(day) in busiest and round_id in self.rounds:
                others = {self.week_of[other] for other in self._window_days(self.rounds[round_id], facility)} - busiest
                counted += bool(others)
        return counted

    # --- officers ---------------------------------------------------------------------
    def _officer_continuity(self) -> int:
        rounds_of: Counter[str] = Counter(facility for members in self.tasks.values() for facility in members)
        sure = {
            facility
            for round_id, members in self.tasks.items()
            if self.rounds[round_id].sample_size is None
            for facility in members
        }
        seen_by: dict[str, set[str]] = defaultdict(set)
        for (facility, _), (_, officer) in self.made.items():
            seen_by[facility].add(officer)
        return sum(len(officers) - 1 for facility, officers in seen_by.items() if facility in sure and rounds_of[facility] >= 2)

    def _shares(self, total: int) -> dict[str, int]:
        """Each officer's fair share of ``total``: in proportion to the duty days their weeks allow, rounded."""
        capacity = {
            officer.id: sum(min(officer.days_per_week, len(set(days) - self.away[officer.id])) for days in self.weeks.values())
            for officer in self.spec.officers
        }
        whole = sum(capacity.values()) or 1
        return {officer: round(total * days / whole) for officer, days in capacity.items()}

    def _spread(self, amounts: Counter[str], total: int) -> int:
        if len(self.spec.officers) < 2:
            return 0
        return sum(abs(amounts[officer] - share) for officer, share in self._shares(total).items())

    def _visit_fairness(self) -> int:
        required = sum(
            len(self.tasks[round_.id]) if round_.sample_size is None else round_.sample_size for round_ in self.spec.rounds
        )
        return self._spread(Counter(officer for _, officer in self.made.values()), required)

    def _duty_fairness(self) -> int:
        total = sum(self._week_duty_total(days) for days in self.weeks.values())
        return self._spread(Counter(row.officer_id for row in self.plan.roster), total)

    def _duty_swaps(self) -> int:
        return sum(max(0, len(self.on_duty[day]) - self.target(day)) for day in self.days)

    def _sample_findings(self) -> int:
        return sum(
            self.facilities[facility].open_findings
            for round_ in self.spec.rounds
            if round_.sample_size is not None
            for facility in self.tasks[round_.id]
            if (facility, round_.id) not in self.made
        )

    # --- unannounced visits -----------------------------------------------------------
    def _days_open_for_visits(self) -> set[dt.date]:
        """Days a visit can take an officer from: more officers can be on duty than the counter's floor."""
        meeting_weeks = {self.week_of[day] for day in self._meeting_days()}
        found = set()
        for day in self.days:
            available = sum(day not in self.away[officer.id] for officer in self.spec.officers)
            most = available if self.week_of[day] in meeting_weeks else min(self.target(day), available)
            if most > max(0, self.spec.staffing.counter_min - self.staff.get(day, 0)):
                found.add(day)
        return found

    def _meeting_days(self) -> set[dt.date]:
        """Days some meeting could be held on (a meeting needing more officers than are available there cannot)."""
        days = set()
        for meeting in self.meetings:
            window = meeting.window
            if meeting.date is not None:
                candidates = [meeting.date]
            else:
                assert window is not None  # the domain model requires a date or a window
                candidates = [day for day in self.days if window.start <= day <= window.end]
            for day in candidates:
                available = sum(day not in self.away[officer.id] for officer in self.spec.officers)
                if meeting.attendees == "all" or available >= int(meeting.attendees):
                    days.add(day)
        return days & self.days

    def _unannounced_weekdays(self) -> int:
        tasks = self.unannounced
        if not tasks:
            return 0
        usable = self._days_open_for_visits()
        weekdays = {
            day.weekday()
            for facility, round_id in tasks
            for day in self._window_days(self.rounds[round_id], facility)
            if day in usable
        }
        sure = sum(1 for _, round_id in tasks if self.rounds[round_id].sample_size is None)
        even = math.ceil(sure / len(weekdays)) if sure and weekdays else 0
        by_weekday = Counter(self.made[task][0].weekday() for task in tasks if task in self.made)
        return max(by_weekday.values(), default=0) - even

    def _unannounced_clustering(self) -> int:
        week = {task: self.week_of.get(self.made[task][0]) for task in self.unannounced if task in self.made}
        in_block_week = Counter((self.facilities[facility].block, when) for (facility, _), when in week.items())
        clustered = sum(count - 1 for count in in_block_week.values() if count > 1)
        order = {facility: rank for rank, facility in enumerate(self.facility_order)}
        for round_ in self.spec.rounds:
            if round_.announced:
                continue
            listed = sorted(self.tasks[round_.id], key=order.__getitem__)
            for first, second in zip(listed, listed[1:]):
                a, b = (first, round_.id), (second, round_.id)
                clustered += a in week and b in week and week[a] == week[b]
        return clustered

    def _unannounced_shuffle(self) -> int:
        seed = int(self.plan.document.get("seed") or 0)
        cost = 0
        for facility, round_id in self.unannounced:
            week = self.week_of.get(self.made[facility, round_id][0]) if (facility, round_id) in self.made else None
            if week is not None:  # (a visit off the working days is the rules' violation, not priced)
                number = self.week_number[week]
                cost += random.Random(f"unannounced-shuffle/{seed}/{facility}/{round_id}/{number}").randint(0, 3)
        return cost
