"""Tiny-year settings the meeting and counter-floor tests share."""

from __future__ import annotations

from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.meetings import add_meeting_attendance, add_meetings_held_once

TWO_A_DAY = {"headcount": {k: 2 for k in ("mon", "tue", "wed", "thu", "fri")}, "counter_min": 1}
FIVE_DAYS = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5}]
MEETING_FAMILIES = [add_meetings_held_once, add_meeting_attendance, add_one_activity_per_officer_and_slot]


def attendees(solved, meeting: int = 0) -> set[int]:
    return {
        officer
        for option in solved.built.variables.meetings[meeting].options
        for officer, literal in option.attendance
        if solved.solver.boolean_value(literal)
    }
