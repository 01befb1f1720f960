"""Calendar expansion: from an :class:`~planner.domain.Instance` to an index-based :class:`Problem`."""

from planner.calendar.expand import expand
from planner.calendar.problem import (
    SLOT_MINUTES,
    SLOT_NAMES,
    FacilityInfo,
    MeetingOption,
    MeetingTask,
    OfficerInfo,
    Problem,
    RoundInfo,
    VisitTask,
    Week,
)
from planner.calendar.workdays import working_days

__all__ = [
    "SLOT_MINUTES",
    "SLOT_NAMES",
    "FacilityInfo",
    "MeetingOption",
    "MeetingTask",
    "OfficerInfo",
    "Problem",
    "RoundInfo",
    "VisitTask",
    "Week",
    "expand",
    "working_days",
]
