"""What a re-plan changed against the published plan, and who must be told.

An officer hears of every change to their own visits, meetings and duty days.
A facility hears only of its announced visits: an unannounced visit that moves
stays secret (``tell_facility`` is empty for it, always).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.io.plan_files import PlanFiles
from planner.plan import Plan


@dataclass(frozen=True)
class ChangeRow:
    change: str
    """moved, officer_changed, added, cancelled, recorded (a past visit reported otherwise than published),
    meeting_moved, duty_added, duty_removed."""
    item: str
    """The facility, meeting or officer the change is about."""
    round: str
    announced: str
    old_date: str
    old_slot: str
    old_officer: str
    new_date: str
    new_slot: str
    new_officer: str
    tell_officers: str
    tell_facility: str


def _officers(*ids: str) -> str:
    return " ".join(sorted({officer for officer in ids if officer}))


def change_list(published: PlanFiles, plan: Plan, as_of: str) -> list[ChangeRow]:
    """Rows for ``changes.csv`` (``published`` is the published plan's :class:`PlanFiles`)."""
    rows: list[ChangeRow] = []
    before = {(row.facility_id, row.round): row for row in published.visits}
    after = {(row.facility_id, row.round): row for row in plan.visits}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        announced = new.announced if new is not None else bool(old is not None and old.announced)
        old_fields: tuple[str, str, str] = (old.date.isoformat(), old.slot, old.officer_id) if old is not None else ("", "", "")
        new_fields: tuple[str, str, str] = (new.date, new.slot, new.officer_id) if new is not None else ("", "", "")
        if old_fields == new_fields:
            continue
        if old is None:
            change = "added"
        elif new is None:
            change = "cancelled"
        elif old_fields[:2] != new_fields[:2]:
            change = "moved"
        else:
            change = "officer_changed"
        if max(old_fields[0], new_fields[0]) < as_of:
            # Both before the re-plan's start: a report of what happened, nobody to tell.
            rows.append(ChangeRow("recorded", key[0], key[1], "true" if announced else "false", *old_fields, *new_fields, "", ""))  # type: ignore[call-arg]
            continue
        tell_facility = key[0] if announced and change != "officer_changed" else ""
        rows.append(
            ChangeRow(
                change,
                key[0],
                key[1],
                "true" if announced else "false",
                *old_fields,
                *new_fields,  # type: ignore[call-arg]
                _officers(old_fields[2], new_fields[2]),
                tell_facility,
            )
        )
    old_meetings = _meeting_days((r.meeting_id, r.date.isoformat(), r.slot, r.officer_id) for r in published.meetings)
    new_meetings = _meeting_days((r.meeting_id, r.date, r.slot, r.officer_id) for r in plan.meetings)
    for meeting in sorted(old_meetings.keys() | new_meetings.keys()):
        old_m, new_m = old_meetings.get(meeting), new_meetings.get(meeting)
        if old_m == new_m:
            continue
        old_when = old_m[0] if old_m else ("", "", "")
        new_when = new_m[0] if new_m else ("", "", "")
        people = (old_m[1] if old_m else set()) | (new_m[1] if new_m else set())
        rows.append(
            ChangeRow(
                "meeting_moved",
                meeting,
                "",
                "",
                old_when[0],
                old_when[1],
                " ".join(sorted(old_m[1])) if old_m else "",
                new_when[0],
                new_when[1],
                " ".join(sorted(new_m[1])) if new_m else "",
                _officers(*people),
                "",
            )
        )
    old_duty = {(r.date.isoformat(), r.officer_id) for r in published.roster}
    new_duty = {(r.date, r.officer_id) for r in plan.roster}
    for date, officer in sorted(old_duty - new_duty):
        if date >= as_of:
            rows.append(ChangeRow("duty_removed", officer, "", "", date, "", officer, "", "", "", officer, ""))
    for date, officer in sorted(new_duty - old_duty):
        if date >= as_of:
            rows.append(ChangeRow("duty_added", officer, "", "", "", "", "", date, "", officer, officer, ""))
    return rows


def _meeting_days(rows: Any) -> dict[str, tuple[tuple[str, str, str], set[str]]]:
    found: dict[str, tuple[list[str], set[str], str]] = {}
    for meeting_id, date, slot, officer in rows:
        slots, people, day = found.setdefault(meeting_id, ([], set(), date))
        if slot not in slots:
            slots.append(slot)
        people.add(officer)
    return {
        meeting: ((day, "day" if len(slots) == 2 else slots[0], ""), people) for meeting, (slots, people, day) in found.items()
    }
