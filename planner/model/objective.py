"""The objective: the weighted sum of every penalty, grouped by term for reporting."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.model.penalty import Penalty


def set_objective(model: CpModel, penalties: Sequence[Penalty]) -> None:
    """Minimise ``sum(weight * expression)`` over penalties with a positive weight."""
    weighted = [penalty.weight * penalty.expression for penalty in penalties if penalty.weight]
    if weighted:
        model.minimize(LinearExpr.sum(weighted))
