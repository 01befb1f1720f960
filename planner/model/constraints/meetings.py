"""Meetings: held once, on one of their options, with the right attendees."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.constraints.rule import rule
from planner.model.guards import words_for
from planner.model.variables import Variables


@rule(kept_when_naming=True)
def add_meetings_held_once(model: CpModel, problem: Problem, variables: Variables) -> None:
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


def _when(problem: Problem, meeting_id: str) -> str:
    meeting = next(m for m in problem.meetings if m.id == meeting_id)
    days = sorted({option.day for option in meeting.options})
    if len(days) == 1:
        return f"on {problem.day_labels[days[0]]}"
    return f"on one of {len(days)} days between {problem.day_labels[days[0]]} and {problem.day_labels[days[-1]]}"


@words_for("meeting")
def _meeting_words(problem: Problem, meeting_id: str) -> str:
    return f"meeting {meeting_id} is held once {_when(problem, meeting_id)}"


@rule(kept_when_naming=True)
def add_meeting_attendance(model: CpModel, problem: Problem, variables: Variables) -> None:
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
            variables.guards.add(
                model.add(LinearExpr.sum(literals) == attendees * option.held), "attendance", problem.meetings[meeting.task].id
            )


@words_for("attendance")
def _attendance_words(problem: Problem, meeting_id: str) -> str:
    meeting = next(m for m in problem.meetings if m.id == meeting_id)
    who = "every available officer" if meeting.attendees is None else f"{meeting.attendees} officer(s)"
    return f"meeting {meeting_id} takes {who}"
