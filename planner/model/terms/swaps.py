"""Duty days moved within a week, e.g. onto the day of an all-officer meeting."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel

from planner.calendar import Problem
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables


@term(unit="duty day", description="duty days moved within a week for a meeting", label_ja="勤務日の振替")
def duty_swaps(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Each duty day moved onto a day above its weekday target: ``moved_d`` of
    :func:`~planner.model.constraints.duty.add_headcount_targets` (unit: one duty day)."""
    return [(f"duty day moved onto {problem.day_labels[day]}", moved) for day, moved in sorted(variables.moved_duty.items())]
