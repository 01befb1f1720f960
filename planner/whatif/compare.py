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
from planner.scenario import BASE_SCENARIO, Scenario
from planner.solve.params import SolveParams
from planner.warm_start import PlanSketch
from planner.whatif.cache import Keys, ScenarioCache, keys_for
from planner.whatif.run import ScenarioOutcome, ScenarioTask, solve_scenario

OnOutcome = Callable[[ScenarioOutcome], None]


@dataclass(frozen=True)
class Comparison:
    base: Instance
    settings: SolveParams
    outcomes: tuple[ScenarioOutcome, ...]
    """In the order the scenarios were given (the base first when it is compared)."""


def run_scenarios(
    base: Instance,
    scenarios: Sequence[Scenario],
    settings: SolveParams,
    cache_dir: Path | None,
    *,
    processes: int | None = None,
    address: str | None = None,
    plans_dir: Path | None = None,
    on_outcome: OnOutcome | None = None,
    warm_start: bool = True,
) -> Comparison:
    """Outcomes of ``scenarios`` (cached ones read back, the others solved side by side).

    ``warm_start``: the base is solved first (or read from the cache) and every
    other scenario's search starts from the base's plan (:mod:`planner.warm_start`);
    the base is a row of the result only if it is one of ``scenarios``.
    ``plans_dir``: write each freshly solved plan (contract files and the
    scenario's instance) to ``plans_dir/<scenario>/``. The cache keeps proven outcomes
    whatever the settings, the others only from deterministic settings (:mod:`planner.whatif.cache`).
    """
    names = [scenario.name for scenario in scenarios]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        from planner.errors import InstanceError

        raise InstanceError(f"scenario {repeated[0]!r}: two scenarios have this name")
    cache = ScenarioCache(cache_dir) if cache_dir is not None else None
    keys = [keys_for(base, scenario, settings, warm_start and scenario != BASE_SCENARIO) for scenario in scenarios]
    outcomes: list[ScenarioOutcome | None] = [None] * len(scenarios)

    def finish(index: int, outcome: ScenarioOutcome) -> None:
        outcomes[index] = outcome
        if on_outcome is not None:
            on_outcome(outcome)

    for index, scenario in enumerate(scenarios):
        hit = cache.find(keys[index], scenario) if cache is not None else None
        if hit is not None:
            finish(index, hit)
    todo = [index for index, outcome in enumerate(outcomes) if outcome is None]
    start = None
    if warm_start and any(scenarios[index] != BASE_SCENARIO for index in todo):
        start, base_outcome = _base_plan(base, scenarios, keys, outcomes, settings, cache, processes, address, plans_dir)
        if base_outcome is not None:
            finish(scenarios.index(BASE_SCENARIO), base_outcome)
            todo = [index for index in todo if scenarios[index] != BASE_SCENARIO]
    tasks = [
        ScenarioTask(
            base,
            scenarios[index],
            settings,
            keep_plan=plans_dir is not None,
            start=None if scenarios[index] == BASE_SCENARIO else start,
        )
        for index in todo
    ]
    for finished in run_tasks(solve_scenario, tasks, processes=processes, address=address):
        index = todo[finished.index]
        finish(index, _record(finished.result, finished.error, scenarios[index], keys[index], cache, plans_dir))
    return Comparison(base, settings, tuple(outcome for outcome in outcomes if outcome is not None))


def _record(
    result: ScenarioOutcome | None,
    error: str | None,
    scenario: Scenario,
    keys: Keys,
    cache: ScenarioCache | None,
    plans_dir: Path | None,
) -> ScenarioOutcome:
    """A finished task's outcome, cached (with the plan's sketch for the base) and its plan written."""
    if result is None:
        return ScenarioOutcome(scenario.name, scenario.title, "FAILED", None, error or "failed")
    if cache is not None:
        cache.keep(keys, result, keep_sketch=scenario == BASE_SCENARIO)
    if plans_dir is not None and result.plan is not None:
        _write_scenario_plan(result, plans_dir / scenario.name)
    return result


def _base_plan(
    base: Instance,
    scenarios: Sequence[Scenario],
    keys: list[Keys],
    outcomes: list[ScenarioOutcome | None],
    settings: SolveParams,
    cache: ScenarioCache | None,
    processes: int | None,
    address: str | None,
    plans_dir: Path | None,
) -> tuple[PlanSketch | None, ScenarioOutcome | None]:
    """The base's plan to start from: from this run, the cache, or solved now (alone, before the others).

    Returns the sketch and, when the base was solved here and is one of ``scenarios``, its outcome.
    """
    position = scenarios.index(BASE_SCENARIO) if BASE_SCENARIO in scenarios else None
    known = outcomes[position] if position is not None else None
    base_keys = keys[position] if position is not None else keys_for(base, BASE_SCENARIO, settings)
    if known is None and cache is not None:
        known = cache.find(base_keys, BASE_SCENARIO)
    if known is not None and (known.sketch is not None or not known.has_plan):
        return known.sketch, None
    task = ScenarioTask(base, BASE_SCENARIO, settings, keep_plan=plans_dir is not None and position is not None)
    finished = next(iter(run_tasks(solve_scenario, [task], processes=1, address=address)))
    outcome = _record(
        finished.result, finished.error, BASE_SCENARIO, base_keys, cache, plans_dir if position is not None else None
    )
    return outcome.sketch, outcome if position is not None else None


def _write_scenario_plan(outcome: ScenarioOutcome, target: Path) -> None:
    """The scenario's contract files and instance (``planner check target/instance target`` passes)."""
    from planner.io.writers import write_instance_files, write_plan

    instance = outcome.instance

    def extras(staging: Path) -> None:
        if instance is not None:
            write_instance_files(instance, staging / "instance")

    write_plan(outcome.plan, target, extras=extras)
