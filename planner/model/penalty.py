"""Named penalties: what soft rules hand to the objective."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python.cp_model import LinearExprT


@dataclass(frozen=True)
class Penalty:
    """``weight * expression`` of objective term ``term``; ``label`` says what it counts."""

    term: str
    label: str
    expression: LinearExprT
    weight: int
