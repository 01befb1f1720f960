"""iCalendar (RFC 5545) files: one per officer, one for the office, one per facility.

Identity: a UID names *what* an event is (the visit of round R to facility F,
officer A's duty on a date, meeting M), never *when* it is, so re-solving keeps
every UID and a calendar app moves the event instead of adding a new one.
When the folder being replaced holds the same UID with other times or text,
``SEQUENCE`` goes up by one (RFC 5545 3.8.7.4); unchanged events keep their
``SEQUENCE`` and ``DTSTAMP``, so an unchanged plan gives byte-identical files.

Facility calendars are built only from :meth:`PlanView.announced_visits_of`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from icalendar.cal import Component

from planner.documents.labels import facility_type_label, slot_times
from planner.documents.paths import unique_stems
from planner.documents.view import PlanView
from planner.plan import VisitRow

TIME_ZONE = ZoneInfo("Asia/Tokyo")
PRODID = "-//visit-round-planner//planner//JA"
_UID_NAMESPACE = uuid.UUID("5d0c8e0a-3b55-4f4e-9a51-6a1f0c2d7e11")
_COMPARED = ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")

Fingerprint = tuple[bytes, ...]


@dataclass(frozen=True)
class EventSpec:
    key: str
    """What the event is, unique within its calendar (``visit/announced/N01``)."""
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviousEvent:
    sequence: int
    dtstamp: bytes
    fingerprint: Fingerprint


def _as_bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _fingerprint(event: Component) -> Fingerprint:
    return tuple(_as_bytes(event[name].to_ical()) if name in event else b"" for name in _COMPARED)


def read_previous_events(folder: Path | None) -> dict[str, PreviousEvent]:
    """Every event of the ``.ics`` files under ``folder`` (a previous plan), by UID."""
    events: dict[str, PreviousEvent] = {}
    if folder is None or not folder.is_dir():
        return events
    for path in sorted(folder.rglob("*.ics")):
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except (ValueError, OSError):
            continue  # a damaged old calendar only costs the SEQUENCE history
        for event in calendar.walk("VEVENT"):
            uid = str(event.get("UID", ""))
            if uid:
                events[uid] = PreviousEvent(
                    int(event.get("SEQUENCE", 0)),
                    _as_bytes(event["DTSTAMP"].to_ical()) if "DTSTAMP" in event else b"",
                    _fingerprint(event),
                )
    return events


class CalendarWriter:
    """Builds calendars of one plan, carrying UIDs and SEQUENCE over from the previous plan."""

    def __init__(self, view: PlanView, previous: dict[str, PreviousEvent], stamp: dt.datetime) -> None:
        self.view = view
        self.previous = previous
        self.stamp = stamp.astimezone(dt.timezone.utc).replace(microsecond=0)

    def uid(self, audience: str, key: str) -> str:
        return f"{uuid.uuid5(_UID_NAMESPACE, f'{self.view.name}/{audience}/{key}')}@visit-round-planner"

    def calendar(self, audience: str, title: str, specs: Iterable[EventSpec]) -> icalendar.Calendar:
        calendar = icalendar.Calendar()
        calendar.add("PRODID", PRODID)
        calendar.add("VERSION", "2.0")
        calendar.add("CALSCALE", "GREGORIAN")
        calendar.add("METHOD", "PUBLISH")
        calendar.add("X-WR-CALNAME", title)
        calendar.add("X-WR-TIMEZONE", str(TIME_ZONE))
        for spec in sorted(specs, key=lambda spec: (_sort_key(spec.start), spec.key)):
            calendar.add_component(self._event(audience, spec))
        calendar.add_missing_timezones()
        return calendar

    def _event(self, audience: str, spec: EventSpec) -> icalendar.Event:
        event = icalendar.Event()
        uid = self.uid(audience, spec.key)
        event.add("UID", uid)
        event.add("SUMMARY", spec.summary)
        event.add("DTSTART", spec.start)
        event.add("DTEND", spec.end)
        if spec.location:
            event.add("LOCATION", spec.location)
        if spec.description:
            event.add("DESCRIPTION", spec.description)
        if spec.categories:
            event.add("CATEGORIES", list(spec.categories))
        # All-day duty marks must not block the day in free/busy views; half-day events do.
        event.add("TRANSP", "OPAQUE" if isinstance(spec.start, dt.datetime) else "TRANSPARENT")
        # Compare in parsed form: what a reader of the old file saw.
        fingerprint = _fingerprint(icalendar.Event.from_ical(event.to_ical()))
        before = self.previous.get(uid)
        if before is not None and before.fingerprint == fingerprint:
            event.add("SEQUENCE", before.sequence)
            event.add("DTSTAMP", icalendar.vDDDTypes.from_ical(before.dtstamp.decode()))
        else:
            event.add("SEQUENCE", before.sequence + 1 if before is not None else 0)
            event.add("DTSTAMP", self.stamp)
        return event


def _sort_key(moment: dt.datetime | dt.date) -> tuple[dt.date, dt.time]:
    if isinstance(moment, dt.datetime):
        return moment.date(), moment.time()
    return moment, dt.time(0, 0)


def _slot_span(day: dt.date, first_slot: str, last_slot: str) -> tuple[dt.datetime, dt.datetime]:
    start, _ = slot_times(day, first_slot)
    _, end = slot_times(day, last_slot)
    return (dt.datetime.combine(day, start, tzinfo=TIME_ZONE), dt.datetime.combine(day, end, tzinfo=TIME_ZONE))


def _facility_place(view: PlanView, facility_id: str) -> str:
    facility = view.facilities[facility_id]
    return f"{facility.name}（{facility.address}）" if facility.address else facility.name


def officer_events(view: PlanView, officer_id: str) -> list[EventSpec]:
    specs = [
        EventSpec(f"duty/{day.isoformat()}", "勤務日", day, day + dt.timedelta(days=1), categories=("勤務",))
        for day, who in sorted(view.duty_days())
        if who == officer_id
    ]
    for visit in view.plan.visits:
        if visit.officer_id == officer_id:
            specs.append(_visit_event(view, visit, with_officer=False))
    for meeting_id, days in view.meeting_days().items():
        for day, slots, attendees in _merge_slots(days):
            if officer_id in attendees:
                start, end = _slot_span(day, slots[0], slots[-1])
                specs.append(
                    EventSpec(
                        f"meeting/{meeting_id}",
                        f"会議 {view.meeting_label(meeting_id)}",
                        start,
                        end,
                        description=f"会議ID: {meeting_id}",
                        categories=("会議",),
                    )
                )
    return specs


def office_events(view: PlanView) -> list[EventSpec]:
    by_day: dict[dt.date, list[str]] = {}
    for day, officer_id in sorted(view.duty_days()):
        by_day.setdefault(day, []).append(view.officer_label(officer_id))
    specs = [
        EventSpec(f"duty/{day.isoformat()}", f"勤務 {'・'.join(names)}", day, day + dt.timedelta(days=1), categories=("勤務",))
        for day, names in by_day.items()
    ]
    specs += [_visit_event(view, visit, with_officer=True) for visit in view.plan.visits]
    for meeting_id, days in view.meeting_days().items():
        for day, slots, attendees in _merge_slots(days):
            start, end = _slot_span(day, slots[0], slots[-1])
            names = "・".join(view.officer_label(officer) for officer in attendees)
            specs.append(
                EventSpec(
                    f"meeting/{meeting_id}",
                    f"会議 {view.meeting_label(meeting_id)}（{names}）",
                    start,
                    end,
                    description=f"会議ID: {meeting_id}\n出席: {names}",
                    categories=("会議",),
                )
            )
    return specs


def facility_events(view: PlanView, facility_id: str) -> list[EventSpec]:
    """Announced visits of one facility, as the facility sees them."""
    by_whom = f"（{view.issuer}）" if view.issuer else ""
    specs = []
    for visit in view.announced_visits_of(facility_id):
        start, end = _slot_span(dt.date.fromisoformat(visit.date), visit.slot, visit.slot)
        description = [f"担当: {view.officer_label(visit.officer_id)}"] + ([f"訪問元: {view.issuer}"] if view.issuer else [])
        specs.append(
            EventSpec(
                f"visit/{visit.round}/{visit.facility_id}",
                f"{view.round_label(visit.round)}{by_whom}",
                start,
                end,
                location=_facility_place(view, facility_id),
                description="\n".join(description),
                categories=("訪問",),
            )
        )
    return specs


def _visit_event(view: PlanView, visit: VisitRow, *, with_officer: bool) -> EventSpec:
    facility = view.facilities[visit.facility_id]
    start, end = _slot_span(dt.date.fromisoformat(visit.date), visit.slot, visit.slot)
    officer = view.officer_label(visit.officer_id)
    summary = f"訪問 {facility.name}" + (f"（{officer}）" if with_officer else "")
    notice = "事前連絡あり" if visit.announced else "事前連絡なし（施設に日付を伝えない）"
    description = "\n".join(
        [
            f"施設ID: {facility.facility_id}",
            f"種別: {facility_type_label(facility)}",
            f"区分: {view.round_label(visit.round)}",
            f"通知: {notice}",
            f"担当: {officer}",
        ]
    )
    return EventSpec(
        f"visit/{visit.round}/{visit.facility_id}",
        summary,
        start,
        end,
        location=_facility_place(view, visit.facility_id),
        description=description,
        categories=("訪問",),
    )


def _merge_slots(days: list[tuple[dt.date, str, list[str]]]) -> list[tuple[dt.date, list[str], list[str]]]:
    """A whole-day meeting comes as an am row and a pm row: one event from 08:30 to 17:15."""
    merged: dict[dt.date, tuple[list[str], list[str]]] = {}
    for day, slot, attendees in days:
        slots, people = merged.setdefault(day, ([], []))
        slots.append(slot)
        people.extend(officer for officer in attendees if officer not in people)
    return [(day, sorted(slots), sorted(people)) for day, (slots, people) in sorted(merged.items())]


def write_calendars(
    view: PlanView,
    directory: Path,
    facility_directory: Path,
    facility_stems: dict[str, str],
    previous: dict[str, PreviousEvent],
    stamp: dt.datetime,
) -> list[Path]:
    """``calendars/office.ics``, ``calendars/officer-<id>.ics`` and ``<facilities>/<id>.ics``.

    ``stamp`` is the ``DTSTAMP`` of new and changed events (unchanged ones keep theirs).
    """
    writer = CalendarWriter(view, previous, stamp)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    office = writer.calendar("office", f"巡回訪問計画（{view.name}）", office_events(view))
    written.append(_write(directory / "office.ics", office))
    officer_stems = unique_stems(officer.id for officer in view.officers)
    for officer in view.officers:
        calendar = writer.calendar(
            f"officer-{officer.id}", f"{officer.label} の予定（{view.name}）", officer_events(view, officer.id)
        )
        written.append(_write(directory / f"officer-{officer_stems[officer.id]}.ics", calendar))
    for facility_id in sorted(view.facilities):
        specs = facility_events(view, facility_id)
        if specs:
            calendar = writer.calendar(f"facility-{facility_id}", f"{view.facilities[facility_id].name} 訪問予定", specs)
            written.append(_write(facility_directory / f"{facility_stems[facility_id]}.ics", calendar))
    return written


def _write(path: Path, calendar: icalendar.Calendar) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(calendar.to_ical())
    return path
