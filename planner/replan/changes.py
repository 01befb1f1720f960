"""``CHANGES.yaml``: what happened since the plan was published.

```yaml
changes:
  - {kind: officer_absent, officer: B, start: 2017-10-01, end: 2017-10-31}
  - {kind: counter_covered, start: 2017-10-01, end: 2017-10-31, staff: 1}   # division staff at the counter
  - {kind: facility_closed, facility: C07, date: 2017-10-15}      # closes that day
  - {kind: facility_opened, facility: {facility_id: N10, name: ..., category: community,
                                       type: small_scale, opening_date: 2017-11-01, block: ひがし}}
  - {kind: visit_done, facility: C03, round: unannounced}         # as published (or give date, slot, officer)
  - {kind: visit_missed, facility: C05, round: unannounced}       # did not happen: plan it again
  - {kind: visit_moved, facility: U03, round: unlicensed, date: 2017-10-20, slot: am}   # the facility asked
  - {kind: visit_confirmed, facility: C02, round: sampled}        # the facility confirmed its date: it stays
  - {kind: visit_pinned, facility: C04, round: announced, date: 2017-05-12}   # pinned: this date (any half-day, any officer)
  - {kind: visit_pinned, facility: C06, round: unannounced, officer: A}       # pinned: this officer (any date of its window)
  - {kind: meeting_pinned, meeting: officers-05, date: 2017-05-15}             # held on this date
  - {kind: duty_pinned, officer: B, date: 2017-05-16}                          # on duty that day
```
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from planner.domain.base import IsoDate, PlannerModel
from planner.domain.resources import Facility


class OfficerAbsent(PlannerModel):
    kind: Literal["officer_absent"]
    officer: str
    start: IsoDate
    end: IsoDate


class CounterCovered(PlannerModel):
    """Division staff sit at the counter over a period (e.g. while an officer is away);
    they count towards ``counter_min`` and serve visitors."""

    kind: Literal["counter_covered"]
    start: IsoDate
    end: IsoDate
    staff: Annotated[int, Field(ge=1, le=100)] = 1


class FacilityClosed(PlannerModel):
    kind: Literal["facility_closed"]
    facility: str
    date: IsoDate
    """The first day it is closed."""


class FacilityOpened(PlannerModel):
    kind: Literal["facility_opened"]
    facility: Facility


class VisitDone(PlannerModel):
    kind: Literal["visit_done"]
    facility: str
    round: str
    date: IsoDate | None = None
    slot: Literal["am", "pm"] | None = None
    officer: str | None = None


class VisitMissed(PlannerModel):
    kind: Literal["visit_missed"]
    facility: str
    round: str


class VisitMoved(PlannerModel):
    kind: Literal["visit_moved"]
    facility: str
    round: str
    date: IsoDate
    slot: Literal["am", "pm"] | None = None
    officer: str | None = None


class VisitConfirmed(PlannerModel):
    kind: Literal["visit_confirmed"]
    facility: str
    round: str


class VisitPinned(PlannerModel):
    """A visit pinned by the planner (in the browser): to a date, a half-day, an officer, or any of them together."""

    kind: Literal["visit_pinned"]
    facility: str
    round: str
    date: IsoDate | None = None
    slot: Literal["am", "pm"] | None = None
    officer: str | None = None


class MeetingPinned(PlannerModel):
    """A meeting pinned to the date it is held on (in the browser)."""

    kind: Literal["meeting_pinned"]
    meeting: str
    date: IsoDate


class DutyPinned(PlannerModel):
    """An officer's duty day pinned (in the browser): they stay on duty that day."""

    kind: Literal["duty_pinned"]
    officer: str
    date: IsoDate


Change = Annotated[
    OfficerAbsent
    | CounterCovered
    | FacilityClosed
    | FacilityOpened
    | VisitDone
    | VisitMissed
    | VisitMoved
    | VisitConfirmed
    | VisitPinned
    | MeetingPinned
    | DutyPinned,
    Field(discriminator="kind"),
]


class Changes(PlannerModel):
    changes: list[Change] = []
