"""Minimum staffing: the cheapest grid point that plans every visit and meets a counter target.

The search space is a grid of ``--vary`` dimensions whose values are listed
cheapest first (``officers=3,4,5``, ``season_staff=0,1,2``). A grid point's
cost is the sum of its positions along the dimensions (the base's own values
listed first cost 0). Points are tried cost level by cost level, side by side on the executor (and
through the sweep's cache; consecutive levels are taken together until every
worker has a point); the search stops after the first batch in which a point
passes, so every cheaper point has been tried. What passes: a plan exists (every required visit is
a hard rule, so a plan plans them all) and every stated target holds; the plan itself is the proof.

What fails is **certified** only when it is proven: no plan exists (INFEASIBLE, or a scenario
that cannot be applied), or the plan is proven optimal and misses the target (the optimum's
figures are the planner's answer for that point). A plan that misses the target without a
proof, or no plan within the limit, is **unknown**: a longer search could meet it. The answer
says whether every cheaper point was proven to fail.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.domain import Instance
from planner.executor import default_processes
from planner.scenario import Scenario, apply_scenario
from planner.scenario.grid import Dimension, scenario_of
from planner.solve.params import SolveParams
from planner.whatif.cache import PROVEN_STATUSES
from planner.whatif.compare import OnOutcome, run_scenarios
from planner.whatif.run import ScenarioOutcome

PASSES, FAILS, UNKNOWN = "passes", "fails", "unknown"
"""A grid point's verdict: met (by its plan), proven to fail, or not known at this limit."""


@dataclass(frozen=True)
class Target:
    """What a plan must reach; ``None`` leaves a figure free."""

    service_level: float | None = None
    """Arrival-weighted service level in October-November outside the deadline day, at least."""
    max_waited_season: float | None = None
    """Visitor-minutes waited in October-November, at most."""
    max_shortfall: int | None = None
    """Officer half-days below Erlang C over the year, at most."""

    def verdict(self, outcome: ScenarioOutcome) -> tuple[str, str]:
        """(:data:`PASSES`, :data:`FAILS` or :data:`UNKNOWN`, why in words); see the module docstring."""
        figures = outcome.figures
        if figures is None:
            proven = outcome.status in PROVEN_STATUSES  # without a plan: infeasible or not applicable
            return (FAILS if proven else UNKNOWN), f"no plan ({outcome.status}): {outcome.reason}" + (
                "" if proven else "; unknown: raise the limit"
            )
        failures = []
        level = figures.service_level_season_outside_deadline
        if self.service_level is not None and (level is None or level < self.service_level):
            failures.append(f"service level in season outside the deadline day {_pc(level)} < {_pc(self.service_level)}")
        if self.max_waited_season is not None and figures.waited_season > self.max_waited_season:
            failures.append(f"waiting in season {figures.waited_season:,} > {self.max_waited_season:,.0f} visitor-min")
        if self.max_shortfall is not None and figures.shortfall_half_days > self.max_shortfall:
            failures.append(f"shortfall {figures.shortfall_half_days} > {self.max_shortfall} half-days")
        if failures and outcome.status == "OPTIMAL":
            return FAILS, "; ".join(failures) + " (the plan is proven optimal)"
        if failures:
            return UNKNOWN, "; ".join(failures) + f" (the plan is {outcome.status}, not proven optimal: unknown, raise the limit)"
        return PASSES, "every visit planned and every target met"

    def describe(self) -> str:
        parts = ["every visit planned"]
        if self.service_level is not None:
            parts.append(f"service level in season outside the deadline day >= {_pc(self.service_level)}")
        if self.max_waited_season is not None:
            parts.append(f"waiting in season <= {self.max_waited_season:,.0f} visitor-min")
        if self.max_shortfall is not None:
            parts.append(f"Erlang C shortfall <= {self.max_shortfall} half-days")
        return ", ".join(parts)


def _pc(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


@dataclass(frozen=True)
class Trial:
    outcome: ScenarioOutcome
    cost: int
    settings: dict[str, object]
    verdict: str
    """:data:`PASSES`, :data:`FAILS` or :data:`UNKNOWN`."""
    why: str

    @property
    def passed(self) -> bool:
        return self.verdict == PASSES


@dataclass(frozen=True)
class StaffingAnswer:
    target: Target
    trials: tuple[Trial, ...]
    """Every grid point tried, cheapest level first."""

    @property
    def answer(self) -> Trial | None:
        """The cheapest passing point (points of a higher cost may have been tried beside it)."""
        return min((trial for trial in self.trials if trial.passed), key=lambda trial: trial.cost, default=None)

    @property
    def certified(self) -> bool:
        """Every point cheaper than the answer (every point, without one) is proven to fail."""
        found = self.answer
        return all(trial.verdict == FAILS for trial in self.trials if found is None or trial.cost < found.cost)

    @property
    def unknown(self) -> tuple[Trial, ...]:
        """Points cheaper than the answer (every point, without one) whose verdict is not known."""
        found = self.answer
        return tuple(trial for trial in self.trials if trial.verdict == UNKNOWN and (found is None or trial.cost < found.cost))


def grid_by_cost(base: Instance, dimensions: Sequence[Dimension]) -> list[tuple[int, list[tuple[dict[str, object], Scenario]]]]:
    """The grid's scenarios grouped by cost level (sum of value positions), cheapest level first."""
    levels: dict[int, list[tuple[dict[str, object], Scenario]]] = {}
    for positions in itertools.product(*(range(len(dimension.values)) for dimension in dimensions)):
        settings = {dimension.key: dimension.values[position] for dimension, position in zip(dimensions, positions)}
        levels.setdefault(sum(positions), []).append((settings, scenario_of(base, settings)))
    return [(cost, levels[cost]) for cost in sorted(levels)]


def minimum_staffing(
    base: Instance,
    dimensions: Sequence[Dimension],
    target: Target,
    settings: SolveParams,
    cache_dir: Path | None,
    *,
    processes: int | None = None,
    address: str | None = None,
    on_outcome: OnOutcome | None = None,
) -> StaffingAnswer:
    """Try the grid level by level until a point passes ``target`` (or the grid ends)."""
    levels = grid_by_cost(base, dimensions)
    for _, level in levels:
        for _, scenario in level:
            apply_scenario(base, scenario, f"--vary ({scenario.name})")  # bad input stops before any solve
    width = processes or default_processes()
    trials: list[Trial] = []
    while levels and not any(trial.passed for trial in trials):
        # Consecutive levels together until every worker has a point: a one-dimension search
        # (officers=3,4,5,...) would otherwise run one scenario at a time.
        batch = [levels.pop(0)]
        while levels and sum(len(level) for _, level in batch) < width:
            batch.append(levels.pop(0))
        points = [(cost, point, scenario) for cost, level in batch for point, scenario in level]
        comparison = run_scenarios(
            base,
            [scenario for _, _, scenario in points],
            settings,
            cache_dir,
            processes=processes,
            address=address,
            on_outcome=on_outcome,
        )
        for (cost, point, _), outcome in zip(points, comparison.outcomes):
            verdict, why = target.verdict(outcome)
            trials.append(Trial(outcome, cost, point, verdict, why))
    return StaffingAnswer(target, tuple(trials))
