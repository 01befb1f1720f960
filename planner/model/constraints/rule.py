"""One registry entry per hard rule: a named function whose docstring states the rule.

A rule function ``(model, problem, variables) -> None`` adds its constraints,
each under its rule group (:meth:`planner.model.guards.Guards.add`); the
group's words (:func:`planner.model.guards.words_for`) are written beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python.cp_model import CpModel

if TYPE_CHECKING:
    from planner.calendar import Problem
    from planner.model.variables import Variables

RuleFunction = Callable[[CpModel, "Problem", "Variables"], None]


@dataclass(frozen=True)
class Rule:
    name: str
    add: RuleFunction
    kept_when_naming: bool = False
    """Still to keep once the calendar is pinned and the roster fixed (the second stage's rules)."""
    replanning_only: bool = False
    """Adds nothing without a published plan."""

    def __call__(self, model: CpModel, problem: Problem, variables: Variables) -> None:
        self.add(model, problem, variables)

    @property
    def statement(self) -> str:
        """The rule in one sentence: its docstring's first line."""
        return (self.add.__doc__ or self.name).strip().splitlines()[0].rstrip(".")


REGISTERED: dict[str, Rule] = {}


def rule(*, kept_when_naming: bool = False, replanning_only: bool = False) -> Callable[[RuleFunction], Rule]:
    """Register the decorated function as a hard rule of the model."""

    def register(function: RuleFunction) -> Rule:
        entry = Rule(function.__name__, function, kept_when_naming, replanning_only)
        if entry.name in REGISTERED:
            raise ValueError(f"rule {entry.name!r} is registered twice")
        REGISTERED[entry.name] = entry
        return entry

    return register
