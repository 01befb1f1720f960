"""One registry entry per objective term: its name, unit, words and function.

A term function ``(model, problem, variables) -> list[Charge]`` states its
soft rule in its docstring and returns what it charges, each a ``(label,
expression)``; it never sees its weight. :func:`planner.model.build_model`
looks the weight up under the term's name in ``weights:``, skips a term whose
weight is 0 (it creates no variables then) and turns the charges into named
:class:`~planner.model.penalty.Penalty` objects. ``plan.json``, the summary,
the workbook, the report and ``planner explain`` read the name, description
and Japanese label from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python.cp_model import CpModel, LinearExprT

if TYPE_CHECKING:
    from planner.calendar import Problem
    from planner.model.variables import Variables

Charge = tuple[str, LinearExprT]
"""What one penalty counts, in words, and its expression (in the term's unit)."""

TermFunction = Callable[[CpModel, "Problem", "Variables"], list[Charge]]


@dataclass(frozen=True)
class Term:
    name: str
    """The weight's key in ``weights:`` and the term's key in ``plan.json``."""
    unit: str
    description: str
    label_ja: str
    charges: TermFunction
    names_officers: bool = False
    """Depends on which officer does what: minimised by the stage that names officers."""

    @property
    def weight_key(self) -> str:
        return self.name

    def weight(self, problem: Problem) -> int:
        return int(getattr(problem.weights, self.name))


REGISTERED: dict[str, Term] = {}


def term(*, unit: str, description: str, label_ja: str, names_officers: bool = False) -> Callable[[TermFunction], Term]:
    """Register the decorated function as the objective term of the same name."""

    def register(function: TermFunction) -> Term:
        entry = Term(function.__name__, unit, description, label_ja, function, names_officers)
        if entry.name in REGISTERED:
            raise ValueError(f"objective term {entry.name!r} is registered twice")
        REGISTERED[entry.name] = entry
        return entry

    return register
