"""Meetings: held once, on one of their options, with the right attendees."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.penalty import Penalty
from planner.model.variables import Variables


def add_meetings_held_once(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """Each meeting is held exactly once: ``sum_k held[m, k] = 1`` over its options.

    An option is a day of its date or window and its half-day(s): the given
    ``slot`` (``day`` takes both), or either half-day when none is given.
    """
    for meeting in variables.meetings:
        held = [option.held for option in meeting.options]
        if variables.guards.enabled:
            # Only linear rows take an enforcement literal (add_exactly_one does not).
            variables.guards.add(model.add(LinearExpr.sum(held) == 1), "meeting", problem.meetings[meeting.task].id)
        else:
            model.add_exactly_one(held)
    return []


def add_meeting_attendance(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """An ``attendees: N`` meeting has exactly N attendees; ``all`` has everyone available.

    ``sum_o attends[m, k, o] = N * held[m, k]``. For ``all`` every officer not
    unavailable that day attends by construction (their attendance literal is
    ``held`` itself), so the one-activity rule puts them all on duty. By slot
    the N seats are counted in the slot's load (see
    :func:`~planner.model.constraints.activity.add_officers_on_duty_cover_each_slot`);
    a day with fewer than N officers available offers no option (:mod:`planner.calendar.expand`).
    """
    for meeting in variables.meetings:
        attendees = problem.meetings[meeting.task].attendees
        if attendees is None:
            continue
        for option in meeting.options:
            if not variables.by_officer:
                continue
            literals = [literal for _, literal in option.attendance]
            variables.guards.add(model.add(LinearExpr.sum(literals) == attendees * option.held),
                                 "attendance", problem.meetings[meeting.task].id)
    return []
