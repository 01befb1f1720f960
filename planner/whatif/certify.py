"""What a comparison can certify: differences from the base as intervals, from each row's objective and bound.

Each row's plan has a calendar objective ``z`` (every term but the officers' names)
and the solver's bound ``b`` (CP-SAT's, or HiGHS's: :mod:`planner.solve.mip`) on the
calendar's optimum ``z*``: ``b <= z* <= z``, with ``b = z`` when the row is proven. The optimum of a scenario ``s`` less the base's
therefore lies in ``[b_s - z_base, z_s - b_base]``: one number when both rows are
proven, a range otherwise, and "not distinguishable at this limit" when that range
holds zero (the difference may be the search's, not the scenario's). Bounds are
rounded up: every weight and term is an integer, so ``z* >= ceil(b)``.

A scenario that changes the objective's weights has an objective in other units: its
difference is not computed. The counter's waiting has no bound of its own (the model
bounds its weighted sum only), so it is compared plan against plan, uncertified.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from planner.whatif.run import ScenarioOutcome


@dataclass(frozen=True)
class Difference:
    """Where the optimum of a scenario less the base's lies: ``low <= difference <= high``."""

    low: int
    high: int

    @property
    def proven(self) -> bool:
        return self.low == self.high

    @property
    def distinguishable(self) -> bool:
        """The sign is certain: the whole interval is on one side of zero."""
        return self.low > 0 or self.high < 0

    @property
    def verdict(self) -> str:
        """``proven``, ``certified`` (an interval excluding zero) or ``not distinguishable``."""
        return "proven" if self.proven else "certified" if self.distinguishable else "not distinguishable"

    def text(self) -> str:
        if self.proven:
            return f"{self.low:+,}, proven"
        if self.distinguishable:
            return f"between {self.low:+,} and {self.high:+,}"
        return f"not distinguishable at this limit ({self.low:+,} to {self.high:+,})"

    def text_ja(self) -> str:
        if self.proven:
            return f"{self.low:+,}（証明済み）"
        if self.distinguishable:
            return f"{self.low:+,} 〜 {self.high:+,}"
        return f"この制限時間では区別できない（{self.low:+,} 〜 {self.high:+,}）"


NOT_COMPARABLE = "objective weights differ"
NOT_COMPARABLE_JA = "重みが異なるため比較しない"


def base_of(outcomes: Sequence[ScenarioOutcome]) -> ScenarioOutcome | None:
    """The base's row, when the comparison has one with a plan (what differences are taken from)."""
    return next((outcome for outcome in outcomes if outcome.name == "base" and outcome.figures is not None), None)


def not_comparable(outcome: ScenarioOutcome, base: ScenarioOutcome | None) -> bool:
    """A planned scenario whose weights differ from the base's: its objective is in other units."""
    return base is not None and outcome is not base and outcome.weights_changed and outcome.figures is not None


def objective_difference(outcome: ScenarioOutcome, base: ScenarioOutcome | None) -> Difference | None:
    """The certified difference of ``outcome``'s calendar optimum from the base's, or ``None``.

    ``None`` when either row has no plan or no bound, for the base itself, and when the
    scenario changes the weights (see the module docstring).
    """
    if base is None or outcome is base or outcome.weights_changed:
        return None
    mine, theirs = outcome.figures, base.figures
    if mine is None or theirs is None:
        return None
    values = (mine.calendar_objective, mine.calendar_bound, theirs.calendar_objective, theirs.calendar_bound)
    if any(value is None for value in values):
        return None
    objective, bound, base_objective, base_bound = (float(value) for value in values)  # type: ignore[arg-type]
    lowest, base_lowest = _at_least(bound, objective), _at_least(base_bound, base_objective)
    return Difference(round(lowest - base_objective), round(objective - base_lowest))


def _at_least(bound: float, objective: float) -> float:
    """The integer optimum's least value from a bound (never above the plan found)."""
    return min(objective, float(math.ceil(bound - 1e-6)))


def difference_text(outcome: ScenarioOutcome, base: ScenarioOutcome | None, japanese: bool = False) -> str:
    """The difference cell of a table: the interval, "weights differ", or empty (no plan, the base)."""
    if not_comparable(outcome, base):
        return NOT_COMPARABLE_JA if japanese else NOT_COMPARABLE
    difference = objective_difference(outcome, base)
    if difference is None:
        return ""
    return difference.text_ja() if japanese else difference.text()
