"""One activity per officer and slot, and only on a duty day."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.penalty import Penalty
from planner.model.variables import Variables


def add_one_activity_per_officer_and_slot(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """An officer visits or attends a meeting only on a duty day, one thing per slot.

    ``sum(visits and meetings of o in s) <= duty[o, day(s)]``: one linear row
    per officer-slot gives both "on duty" and "does nothing else in it". (A
    no-overlap of unit intervals would say the same; on a fixed half-day grid
    this row is tighter for the LP and as fast.)
    """
    for (officer, slot), literals in variables.busy.items():
        # Choices exist only on the officer's available days, so a duty variable exists too.
        variables.guards.add(model.add(LinearExpr.sum(literals) <= variables.on_duty(officer, day_of(slot))),
                             "one_activity", problem.officers[officer].id)
    return []
