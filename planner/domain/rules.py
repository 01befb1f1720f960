"""The rules of the year: staffing, visit rounds, meetings, objective weights."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from planner.domain.base import DateRange, IsoDate, PlannerModel

WEEKDAY_KEYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")


class Headcount(PlannerModel):
    """Officers on duty wanted on each weekday (the target)."""

    mon: Annotated[int, Field(ge=0)]
    tue: Annotated[int, Field(ge=0)]
    wed: Annotated[int, Field(ge=0)]
    thu: Annotated[int, Field(ge=0)]
    fri: Annotated[int, Field(ge=0)]

    def for_weekday(self, weekday: int) -> int:
        """Target for ``date.weekday()`` 0 (Monday) to 4 (Friday)."""
        return int(getattr(self, WEEKDAY_KEYS[weekday]))


class Staffing(PlannerModel):
    headcount: Headcount
    counter_min: Annotated[int, Field(ge=0)] = 1


RoundSet = Literal["new", "existing_community", "unlicensed"]


class Round(PlannerModel):
    """A visit round: which facilities, in which window, announced or not."""

    id: Annotated[str, Field(min_length=1)]
    applies_to: RoundSet
    window: Literal["opening_month"] | DateRange
    announced: bool
    sample_size: Annotated[int, Field(ge=1)] | None = None
    label: str | None = None
    """Name for people (calendars, notices); derived from the round's rules when absent."""

    @model_validator(mode="after")
    def _opening_month_for_new_only(self) -> Round:
        if self.window == "opening_month" and self.applies_to != "new":
            raise ValueError(
                f"window 'opening_month' applies only to new facilities (applies_to is {self.applies_to!r}); give {{start, end}}"
            )
        return self


MeetingSlot = Literal["am", "pm", "day"]


class Meeting(PlannerModel):
    """A meeting that takes officers away from the counter and from visits."""

    id: Annotated[str, Field(min_length=1)]
    kind: Annotated[str, Field(min_length=1)]
    attendees: Literal["all"] | Annotated[int, Field(ge=1)]
    date: IsoDate | None = None
    window: DateRange | None = None
    slot: MeetingSlot | None = None
    label: str | None = None
    """Name for people (calendars, workbook); derived from ``kind`` when absent."""

    @model_validator(mode="after")
    def _date_or_window(self) -> Meeting:
        if (self.date is None) == (self.window is None):
            raise ValueError("give exactly one of 'date' (fixed) or 'window' (the plan picks the day)")
        return self

    @property
    def for_all(self) -> bool:
        return self.attendees == "all"


WeekdayKey = Literal["mon", "tue", "wed", "thu", "fri"]


class Outreach(PlannerModel):
    """A recurring duty away from the office (出張相談, a hub's playroom at a community hall).

    Held on ``weekday`` every week, or on the ``nth`` such weekday of each month,
    between ``start`` and ``end`` (the fiscal year when absent), in ``slot``
    (``am``, ``pm`` or ``day`` for both), by ``officers`` officers picked by the
    plan. An occurrence that falls on a non-working day is not held (not moved).
    Each occurrence is planned like a fixed-date meeting: its officers are on
    duty, away from the counter and from visits.
    """

    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    site: Annotated[str, Field(min_length=1)]
    """Where (e.g. 柳沢公民館); shown in every calendar and document."""
    weekday: WeekdayKey
    nth: Annotated[int, Field(ge=1, le=5)] | None = None
    slot: MeetingSlot = "pm"
    officers: Annotated[int, Field(ge=1)] = 1
    start: IsoDate | None = None
    end: IsoDate | None = None
    label: str | None = None
    """Name for people; ``出張相談（<site>）`` when absent."""

    @model_validator(mode="after")
    def _start_before_end(self) -> Outreach:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    @property
    def title(self) -> str:
        return self.label or f"出張相談（{self.site}）"


Weight = Annotated[int, Field(ge=0, le=1_000_000)]


class Weights(PlannerModel):
    """Weights of the objective's terms; 0 switches a term off (it creates no variables).

    Units are documented per term in ``planner.model.terms``. The counter
    comes first through the visitors' expected waiting (1 per visitor-minute;
    a visit on a quiet day costs about 9, in the application season about a
    thousand); the officer shortfall against Erlang C is reported, and can be
    weighted instead for plans that follow the staffing requirement.
    """

    counter_waiting: Weight = 1
    counter_shortfall: Weight = 0
    peak_visits: Weight = 1
    deadline_week_visits: Weight = 1_000
    duty_swaps: Weight = 40
    officer_continuity: Weight = 30
    visit_fairness: Weight = 20
    duty_fairness: Weight = 20
    sample_findings: Weight = 25
    unannounced_weekdays: Weight = 10
    unannounced_clustering: Weight = 10
    unannounced_shuffle: Weight = 1
    # Re-planning (planner replan): changes to the published plan come first.
    replan_notified_move: Weight = 1_000_000
    replan_visit_move: Weight = 100_000
    replan_meeting_move: Weight = 50_000
    replan_officer_change: Weight = 20_000
    replan_duty_change: Weight = 10_000
