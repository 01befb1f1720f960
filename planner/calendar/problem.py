"""The index-based problem the model is built from.

Ids outside, indices inside: days are ``0..num_days-1`` (working days only),
slots are ``2 * day + half`` with half 0 = am, 1 = pm. Nothing after this
stage handles a ``datetime``; ``day_labels`` carry the ISO dates for writing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from planner.domain import ServiceTarget, Weights
from planner.queueing import service_level

SLOT_NAMES: tuple[str, str] = ("am", "pm")
SLOT_MINUTES: tuple[int, int] = (210, 255)  # 08:30-12:00 and 13:00-17:15


def slot_of(day: int, half: int) -> int:
    return 2 * day + half


def day_of(slot: int) -> int:
    return slot // 2


@dataclass(frozen=True)
class OfficerInfo:
    id: str
    label: str
    days_per_week: int
    available_days: frozenset[int]
    capacity_days: int
    """Duty days the officer could give over the year (days per week, availability)."""


@dataclass(frozen=True)
class Week:
    """An ISO week's working days and how many duty days it must be given."""

    days: tuple[int, ...]
    target_total: int
    """Sum of the weekday headcount targets of its working days."""
    duty_total: int
    """``min(target_total, what the available officers can give)``."""


@dataclass(frozen=True)
class FacilityInfo:
    id: str
    name: str
    block: str
    list_rank: int
    block_rank: int
    open_findings: int


@dataclass(frozen=True)
class VisitTask:
    """One visit to make (or, in a sampled round, that may be picked)."""

    facility: int
    round: int
    slots: tuple[int, ...]
    """The window: every slot the visit may take."""


@dataclass(frozen=True)
class RoundInfo:
    id: str
    announced: bool
    sample_size: int | None
    visits: tuple[int, ...]


@dataclass(frozen=True)
class MeetingOption:
    """One way to hold a meeting: a day and the slot(s) it takes."""

    day: int
    slots: tuple[int, ...]


@dataclass(frozen=True)
class MeetingTask:
    id: str
    kind: str
    attendees: int | None
    """``None`` for an all-officer meeting."""
    options: tuple[MeetingOption, ...]


@dataclass(frozen=True)
class PublishedVisit:
    officer: int
    slot: int
    notified: bool
    """An announced visit whose date the facility has been told (moving it costs most)."""


@dataclass(frozen=True)
class Reference:
    """The published plan a re-plan starts from, on this problem's indices.

    Days before ``first_free_day`` (and after ``last_free_day``, when the re-plan
    has an end) are history: duty, visits and meetings there stay as published
    (or as reported done).  Between them the plan may change, each change
    weighed by the ``replan_*`` weights.
    """

    first_free_day: int
    duty: frozenset[tuple[int, int]]
    """(officer, day) on duty in the published plan."""
    visits: dict[int, PublishedVisit]
    """Visit task -> where the published plan (or a report of it done) put it."""
    fixed_visits: dict[int, tuple[int | None, tuple[int, ...]]]
    """Visit task -> (officer or None, allowed slots): done, moved at the facility's request, or confirmed."""
    redo: frozenset[int]
    """Visit tasks whose published visit did not happen (missed): to be done again from ``first_free_day``."""
    meetings: dict[int, tuple[int, ...]]
    """Meeting task -> the slots the published plan held it in."""
    meeting_attendees: dict[int, frozenset[int]]
    pinned_meetings: dict[int, int] = field(default_factory=dict)
    """Meeting task -> the day it is pinned to (``meeting_pinned``)."""
    pinned_duty: frozenset[tuple[int, int]] = frozenset()
    """(officer, day) pinned on duty (``duty_pinned``)."""
    last_free_day: int | None = None
    """The last day that may change (``--until``); ``None``: the year's end."""

    def is_history(self, day: int) -> bool:
        """A day that stays as published: before the first free day, or after the last one."""
        return day < self.first_free_day or (self.last_free_day is not None and day > self.last_free_day)


@dataclass(frozen=True)
class Problem:
    name: str
    fiscal_year: int
    day_labels: tuple[str, ...]
    day_weekday: tuple[int, ...]
    day_week: tuple[int, ...]
    day_target: tuple[int, ...]
    day_demand: tuple[float, ...]
    """Expected walk-ins of each working day."""
    day_max_on_duty: tuple[int, ...]
    """Most officers a day can have on duty: its target, or every available
    officer in a week that can hold a meeting (where duty days may move)."""
    weeks: tuple[Week, ...]
    officers: tuple[OfficerInfo, ...]
    counter_min: int
    service: ServiceTarget
    slot_arrivals: tuple[float, ...]
    slot_required: tuple[int, ...]
    slot_other_staff: tuple[int, ...]
    """Counter staff who are not officers, per slot (``counter.extra_staff``)."""
    slot_waiting: tuple[tuple[int, ...], ...]
    """Per slot: expected visitor-minutes waited with 0, 1, ... officers at the
    counter (beside the other staff); convex and decreasing."""
    facilities: tuple[FacilityInfo, ...]
    rounds: tuple[RoundInfo, ...]
    visits: tuple[VisitTask, ...]
    meetings: tuple[MeetingTask, ...]
    weights: Weights
    season: tuple[str, str] = ("", "")
    """First and last day (ISO) of the application season the KPIs single out (``counter.season``)."""
    conflicts: tuple[str, ...] = field(default=())
    """Rules found to clash before any solving, in words (the plan is infeasible)."""
    reference: Reference | None = None
    """The published plan, when re-planning (``planner replan``)."""
    deadline_weeks: frozenset[int] = frozenset()
    """Weeks holding an application deadline (``counter.effects.ramps``): the counter's busiest."""

    def in_season(self, date: str) -> bool:
        """Is the ISO day ``date`` inside the application season?"""
        return self.season[0] <= date <= self.season[1]

    @property
    def thinnest_weekdays(self) -> tuple[int, ...]:
        """The weekdays (0 = Monday) with the lowest headcount target: where a visit costs the counter most."""
        targets = {weekday: target for weekday, target in zip(self.day_weekday, self.day_target)}
        lowest = min(targets.values(), default=0)
        return tuple(sorted(weekday for weekday, target in targets.items() if target == lowest))

    def officers_available(self, day: int) -> int:
        """Officers not unavailable on ``day`` (all of whom an all-officer meeting that day takes)."""
        return sum(day in officer.available_days for officer in self.officers)

    def day_floor(self, day: int) -> int:
        """Officers the counter needs at least on ``day``: ``counter_min`` less the other staff there."""
        return max(0, self.counter_min - self.slot_other_staff[2 * day])

    @property
    def num_days(self) -> int:
        return len(self.day_labels)

    @property
    def num_slots(self) -> int:
        return 2 * len(self.day_labels)

    @property
    def required_visits(self) -> int:
        """Visits every feasible plan makes: all unsampled ones plus each sample's size."""
        return sum(round_.sample_size if round_.sample_size is not None else len(round_.visits) for round_ in self.rounds)

    def visitor_minutes(self, slot: int, officers: int) -> float:
        """Expected visitor-minutes waited in ``slot`` with ``officers`` at the counter."""
        table = self.slot_waiting[slot]
        return float(table[min(max(officers, 0), len(table) - 1)]) if table else 0.0

    def counter_service(self, slot: int, officers: int) -> tuple[float, float]:
        """(service level, share giving up) in ``slot`` with ``officers`` beside the other staff."""
        minutes = SLOT_MINUTES[slot % 2]
        load = self.slot_arrivals[slot] * self.service.aht_minutes / minutes
        return service_level(
            officers + self.slot_other_staff[slot],
            load,
            self.service.aht_minutes,
            self.service.answer_within_minutes,
            self.service.patience_minutes,
        )

    @cached_property
    def days_open_for_visits(self) -> frozenset[int]:
        """Days on which some officer can be spared from the counter for a visit.

        A day whose most officers on duty do not exceed its counter floor (a lone
        Thursday officer in a week that can hold no meeting, so no swap) can hold
        no visit: the model offers no choice there, the greedy calendar and the
        floor do not count it.
        """
        return frozenset(day for day, most in enumerate(self.day_max_on_duty) if most > self.day_floor(day))

    @cached_property
    def day_index(self) -> dict[str, int]:
        """ISO date -> working-day index (the inverse of ``day_labels``)."""
        return {label: index for index, label in enumerate(self.day_labels)}

    def slot_at(self, iso_date: str, slot_name: str) -> int | None:
        """The slot of a working day's ``am``/``pm`` (``None`` if the date is not a working day)."""
        day = self.day_index.get(iso_date)
        return None if day is None else 2 * day + SLOT_NAMES.index(slot_name)

    def slot_label(self, slot: int) -> str:
        return f"{self.day_labels[day_of(slot)]} {SLOT_NAMES[slot % 2]}"
