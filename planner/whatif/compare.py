"""Solve a list of scenarios of one base, reusing the cache, on the shared executor.

Every scenario's outcome is cached the moment it finishes, so an interrupted
run keeps what it had; a scenario whose task raised (a bug, a worker that died
too often) becomes a ``FAILED`` row with the error, and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.domain import Instance
from planner.executor import run_tasks
from planner.scenario import Scenario
from planner.whatif.cache import ScenarioCache, cache_key
from planner.whatif.run import RunSettings, ScenarioOutcome, ScenarioTask, solve_scenario

OnOutcome = Callable[[ScenarioOutcome], None]


@dataclass(frozen=True)
class Comparison:
    base: Instance
    settings: RunSettings
    outcomes: tuple[ScenarioOutcome, ...]
    """In the order the scenarios were given (the base first when it is compared)."""


def run_scenarios(
    base: Instance,
    scenarios: Sequence[Scenario],
    settings: RunSettings,
    cache_dir: Path | None,
    *,
    processes: int | None = None,
    address: str | None = None,
    plans_dir: Path | None = None,
    on_outcome: OnOutcome | None = None,
) -> Comparison:
    """Outcomes of ``scenarios`` (cached ones read back, the others solved side by side).

    ``plans_dir``: write each freshly solved plan (contract files and the
    scenario's instance) to ``plans_dir/<scenario>/``. The cache is used only for
    deterministic settings (see :mod:`planner.whatif.cache`).
    """
    names = [scenario.name for scenario in scenarios]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        from planner.errors import InstanceError

        raise InstanceError(f"scenario {repeated[0]!r}: two scenarios have this name")
    cache = ScenarioCache(cache_dir) if cache_dir is not None and settings.deterministic else None
    keys = [cache_key(base, scenario, settings) for scenario in scenarios]
    outcomes: list[ScenarioOutcome | None] = [None] * len(scenarios)
    todo: list[int] = []
    for index, scenario in enumerate(scenarios):
        hit = cache.get(keys[index], scenario) if cache is not None else None
        if hit is None:
            todo.append(index)
            continue
        outcomes[index] = hit
        if on_outcome is not None:
            on_outcome(hit)
    tasks = [ScenarioTask(base, scenarios[index], settings, keep_plan=plans_dir is not None) for index in todo]
    for finished in run_tasks(solve_scenario, tasks, processes=processes, address=address):
        index = todo[finished.index]
        scenario = scenarios[index]
        if finished.result is None:
            outcome = ScenarioOutcome(scenario.name, scenario.title, "FAILED", None, finished.error or "failed")
        else:
            outcome = finished.result
            if cache is not None:
                cache.put(keys[index], outcome)
            if plans_dir is not None and outcome.plan is not None:
                _write_scenario_plan(outcome, plans_dir / scenario.name)
        outcomes[index] = outcome
        if on_outcome is not None:
            on_outcome(outcome)
    return Comparison(base, settings, tuple(outcome for outcome in outcomes if outcome is not None))


def _write_scenario_plan(outcome: ScenarioOutcome, target: Path) -> None:
    """The scenario's contract files and instance (``planner check target/instance target`` passes)."""
    from planner.io.writers import write_instance_files, write_plan

    instance = outcome.instance

    def extras(staging: Path) -> None:
        if instance is not None:
            write_instance_files(instance, staging / "instance")

    write_plan(outcome.plan, target, extras=extras)
