"""Assumption literals per rule group, for explaining infeasibility.

When built with guards, every hard-rule constraint of a family is enforced
only if the literal of its group holds: ``(family, key)``, e.g. ``("round",
"announced")``, ``("counter_floor", 18)`` (a week), ``("days_per_week", "A")``.
Solving under the assumption that all of them hold, CP-SAT returns a subset
sufficient for infeasibility (its core); :func:`planner.solve.explain_infeasibility`
shrinks it and puts each group into a sentence with its numbers.  Without
guards (a normal solve) :meth:`Guards.add` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ortools.sat.python.cp_model import Constraint, CpModel, IntVar

if TYPE_CHECKING:
    from planner.calendar import Problem

GroupKey = tuple[str, str | int]


class Guards:
    def __init__(self, model: CpModel | None = None) -> None:
        self._model = model
        self.literals: dict[GroupKey, IntVar] = {}

    @property
    def enabled(self) -> bool:
        return self._model is not None

    def add(self, constraint: Constraint, group: str, key: str | int) -> Constraint:
        """Make ``constraint`` hold only while group ``(group, key)`` is assumed."""
        if self._model is None:
            return constraint
        if group not in GROUP_WORDS:
            raise ValueError(f"rule group {group!r} has no words (planner.model.guards.words_for)")
        literal = self.literals.get((group, key))
        if literal is None:
            literal = self._model.new_bool_var(f"guard[{group},{key}]")
            self.literals[(group, key)] = literal
        return constraint.only_enforce_if(literal)


GroupWords = Callable[["Problem", Any], str]
"""A rule group in words, with the numbers of its problem: ``(problem, key) -> sentence``."""

GROUP_WORDS: dict[str, GroupWords] = {}


def words_for(group: str) -> Callable[[GroupWords], GroupWords]:
    """Register the decorated function as the words of rule group ``group`` (written beside its rule)."""

    def register(function: GroupWords) -> GroupWords:
        if group in GROUP_WORDS:
            raise ValueError(f"rule group {group!r} has words twice")
        GROUP_WORDS[group] = function
        return function

    return register


def describe_group(problem: Problem, group: str, key: str | int) -> str:
    """A rule group in words, with the numbers of this problem."""
    import planner.model.constraints  # noqa: F401  (registers every group's words)

    words = GROUP_WORDS.get(group)
    return words(problem, key) if words is not None else f"{group} {key}"


def week_start(problem: Problem, week: int) -> str:
    """The first working day of week ``week``, for sentences about it."""
    return problem.day_labels[problem.weeks[week].days[0]] if problem.weeks else "?"
