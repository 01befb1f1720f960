"""One scenario solved: the unit of work of ``planner whatif``, ``sweep`` and ``staffing``.

:func:`solve_scenario` is what a pool process or a Dask worker runs: it takes
the base instance itself (not a path, so a worker on another machine needs no
files), applies the scenario, expands, solves and measures the plan. A
scenario that cannot be planned comes back as an outcome with its reason in
words, never as an exception; only a bug raises.

Sweeps solve with ``deterministic`` on by default (CP-SAT stopped by its work
units, one thread per scenario), so a scenario's figures are the same on the
local pool, on a Dask cluster and in a rerun, which is what makes the cache
(:mod:`planner.whatif.cache`) sound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from planner.domain import Instance
from planner.errors import PlannerError
from planner.scenario import Scenario, apply_scenario
from planner.solve.params import SolveParams
from planner.warm_start import PlanSketch, calendar_from, sketch_of
from planner.whatif.figures import ScenarioFigures, measure


@dataclass(frozen=True)
class ScenarioTask:
    base: Instance
    scenario: Scenario
    settings: SolveParams
    """The same for every scenario of a comparison (part of the cache key)."""
    keep_plan: bool = False
    """Send the plan and the scenario's instance back (to write them); figures only otherwise."""
    start: PlanSketch | None = None
    """The base's plan, to start the scenario's search from (a hint: :mod:`planner.warm_start`)."""


@dataclass(frozen=True)
class ScenarioOutcome:
    name: str
    title: str
    status: str
    """OPTIMAL / FEASIBLE / INFEASIBLE / NO_PLAN, or BAD_INPUT when the scenario cannot be applied."""
    figures: ScenarioFigures | None
    reason: str = ""
    """Why there is no plan, in words."""
    seconds: float = 0.0
    """Wall time of the whole task (apply, expand, solve, measure)."""
    cached: bool = False
    weights_changed: bool = False
    """The scenario changes the objective's weights: its objective is in other units than the base's."""
    sketch: PlanSketch | None = field(default=None, compare=False)
    """What the plan decided, by ids (kept for the base: the other scenarios start from it)."""
    plan: Any = field(default=None, compare=False)
    instance: Instance | None = field(default=None, compare=False)

    @property
    def has_plan(self) -> bool:
        return self.figures is not None


def solve_scenario(task: ScenarioTask) -> ScenarioOutcome:
    """Apply, expand, solve and measure one scenario (runs in a pool process or a Dask worker)."""
    from planner.calendar import expand
    from planner.plan import make_plan
    from planner.solve import solve

    started = time.perf_counter()
    scenario = task.scenario
    try:
        instance = apply_scenario(task.base, scenario, f"scenario {scenario.name}")
        problem = expand(instance)
    except PlannerError as error:
        return ScenarioOutcome(scenario.name, scenario.title, "BAD_INPUT", None, str(error), time.perf_counter() - started)
    settings = task.settings
    result = solve(problem, settings, start=calendar_from(problem, task.start) if task.start is not None else None)
    if not result.status.has_plan:
        reason = "; ".join(result.explanation) or f"no plan within the limit of {settings.time_limit:g}"
        return ScenarioOutcome(scenario.name, scenario.title, result.status.value, None, reason, time.perf_counter() - started)
    plan = make_plan(problem, result)
    figures = measure(problem, plan)
    return ScenarioOutcome(
        scenario.name,
        scenario.title,
        plan.run.status.value,
        figures,
        "",
        time.perf_counter() - started,
        weights_changed=bool(scenario.weights),
        sketch=sketch_of(plan),
        plan=plan if task.keep_plan else None,
        instance=instance if task.keep_plan else None,
    )
