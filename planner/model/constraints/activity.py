"""One activity per officer and slot, and only on a duty day.

Per officer (``per-officer`` formulation) this is one row per officer and
slot. By slot (``by-slot``) the officers are counted: the visits and meeting
seats of a slot take at most the officers on duty that day, and everyone an
all-officer meeting takes is on duty. Within a slot any officer on duty can
make any visit or fill any seat, so the count is exactly the condition under
which names can be given afterwards (a complete bipartite matching).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.constraints.rule import rule
from planner.model.guards import week_start, words_for
from planner.model.variables import Variables


@rule(kept_when_naming=True)
def add_one_activity_per_officer_and_slot(model: CpModel, problem: Problem, variables: Variables) -> None:
    """An officer visits or attends a meeting only on a duty day, one thing per slot.

    ``sum(visits and meetings of o in s) <= duty[o, day(s)]``: one linear row
    per officer-slot gives both "on duty" and "does nothing else in it". (A
    no-overlap of unit intervals would say the same; on a fixed half-day grid
    this row is tighter for the LP and as fast.) By slot, see
    :func:`add_officers_on_duty_cover_each_slot`.
    """
    if not variables.by_officer:
        add_officers_on_duty_cover_each_slot(model, problem, variables)
        return
    for (officer, slot), literals in variables.busy.items():
        # Choices exist only on the officer's available days, so a duty variable exists too.
        variables.guards.add(
            model.add(LinearExpr.sum(literals) <= variables.on_duty(officer, day_of(slot))),
            "one_activity",
            problem.officers[officer].id,
        )


def add_officers_on_duty_cover_each_slot(model: CpModel, problem: Problem, variables: Variables) -> None:
    """By slot: ``away(s) <= n_day(s)``, and ``duty[o, d] >= held`` for each officer an all-officer meeting takes.

    ``away(s)`` counts the visits and meeting seats of slot ``s`` and ``n_d``
    the officers on duty: with at most one officer per visit or seat and every
    officer on duty able to take any of them, a plan naming the officers exists
    exactly when the count fits.
    """
    for slot, away in enumerate(variables.away):
        if isinstance(away, int):
            continue
        day = day_of(slot)
        variables.guards.add(model.add(away <= variables.officers_on_duty(day)), "slot_capacity", problem.day_week[day])
    for meeting in variables.meetings:
        if problem.meetings[meeting.task].attendees is not None:
            continue
        # Per day, not per option: at most one option is held, so an attendee's duty covers
        # the sum of the day's options (its half-days). Per option, the relaxation could hold
        # the meeting 0.4 in the morning and 0.3 in the afternoon with the officer on duty 0.4.
        attending: dict[tuple[int, int], list[IntVar]] = defaultdict(list)
        for option in meeting.options:
            for officer, held in option.attendance:
                attending[officer, option.option.day].append(held)
        for (officer, day), held_that_day in attending.items():
            variables.guards.add(
                model.add(variables.on_duty(officer, day) >= LinearExpr.sum(held_that_day)),
                "attendance",
                problem.meetings[meeting.task].id,
            )


@words_for("one_activity")
def _one_activity_words(problem: Problem, officer_id: str) -> str:
    return f"officer {officer_id} visits or meets only on a duty day, one thing per half-day"


@words_for("slot_capacity")
def _slot_capacity_words(problem: Problem, week: int) -> str:
    return (
        f"in the week of {week_start(problem, int(week))} an officer does one thing per half-day, only on a duty day: "
        f"the visits and meeting seats of a half-day take at most the officers on duty then"
    )
