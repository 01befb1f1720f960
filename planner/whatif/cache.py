"""Finished scenarios kept on disk, keyed by what decides their figures.

The key is a SHA-256 of the base instance (every key and facility, as
validated), the scenario, the run settings (seed, limit, threads,
deterministic) and the planner's version: change any of them and the scenario
is solved again. A sweep stopped half-way (Ctrl-C, a lost machine) keeps
every scenario that had finished, so the rerun starts where it stopped.

A **proven** outcome (the optimum found and proven, or no plan proven to exist) is the
same whatever the solve's settings: it is kept under a key of the base, the scenario,
the seed (the objective's seeded tie-break, ``unannounced_shuffle``, is part of the
optimum) and the version alone, so a rerun with another time limit, thread count, start
or executor reads it back. Of the outcomes not proven, only those of a deterministic
run are cached, under the full settings: a wall-clock run's figures depend on the
machine's load, and reusing them would pass off one lucky run as the answer.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from planner.domain import Instance
from planner.scenario import Scenario
from planner.solve.params import SolveParams
from planner.version import planner_version
from planner.warm_start import PlanSketch
from planner.whatif.figures import ScenarioFigures
from planner.whatif.run import ScenarioOutcome


def cache_key(base: Instance, scenario: Scenario, settings: SolveParams, warm_start: bool = False) -> str:
    """``warm_start``: the scenario starts from the base's plan (so its figures depend on that start too)."""
    payload = {
        "warm_start": warm_start,
        "base": base.model_dump(mode="json"),
        "scenario": scenario.model_dump(mode="json", exclude={"label", "description"}),
        "settings": settings.model_dump(mode="json"),
        "version": planner_version(),
    }
    return _digest(payload)


def _digest(payload: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


PROVEN_STATUSES = frozenset({"OPTIMAL", "INFEASIBLE", "BAD_INPUT"})
"""Outcomes no setting can change: an optimum proven, no plan proven, a scenario that cannot be applied."""


def proven_key(base: Instance, scenario: Scenario, seed: int) -> str:
    """The key of a proven outcome: what decides the optimum, and nothing about how it was found."""
    payload = {
        "proven": True,
        "base": base.model_dump(mode="json"),
        "scenario": scenario.model_dump(mode="json", exclude={"label", "description"}),
        "seed": seed,
        "version": planner_version(),
    }
    return _digest(payload)


@dataclass(frozen=True)
class Keys:
    """Where a scenario's outcome is looked for and kept."""

    proven: str
    settings: str | None
    """``None`` for a wall-clock run: its unproven outcomes are not kept."""


def keys_for(base: Instance, scenario: Scenario, settings: SolveParams, warm_start: bool = False) -> Keys:
    return Keys(
        proven_key(base, scenario, settings.seed),
        cache_key(base, scenario, settings, warm_start) if settings.deterministic else None,
    )


class ScenarioCache:
    """One JSON file per finished scenario under ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def find(self, keys: Keys, scenario: Scenario) -> ScenarioOutcome | None:
        """A proven outcome, else one of the same deterministic settings, else ``None``."""
        found = self.get(keys.proven, scenario)
        if found is None and keys.settings is not None:
            found = self.get(keys.settings, scenario)
        return found

    def keep(self, keys: Keys, outcome: ScenarioOutcome, keep_sketch: bool = False) -> None:
        """Keep ``outcome`` if a rerun may reuse it (see the module docstring)."""
        if outcome.status in PROVEN_STATUSES:
            self.put(keys.proven, outcome, keep_sketch)
        elif keys.settings is not None:
            self.put(keys.settings, outcome, keep_sketch)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str, scenario: Scenario) -> ScenarioOutcome | None:
        path = self._path(key)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            figures = None if record["figures"] is None else ScenarioFigures.model_validate(record["figures"])
            sketch = (
                None
                if record.get("sketch") is None
                else PlanSketch(
                    *(tuple(tuple(item) for item in record["sketch"][part]) for part in ("duty", "visits", "meetings"))
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: solve again
        return ScenarioOutcome(
            scenario.name,
            scenario.title,
            record["status"],
            figures,
            record["reason"],
            record["seconds"],
            cached=True,
            weights_changed=bool(scenario.weights),
            sketch=sketch,
        )

    def put(self, key: str, outcome: ScenarioOutcome, keep_sketch: bool = False) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {
            "scenario": outcome.name,
            "status": outcome.status,
            "reason": outcome.reason,
            "seconds": outcome.seconds,
            "figures": None if outcome.figures is None else outcome.figures.model_dump(mode="json"),
            "sketch": None
            if not keep_sketch or outcome.sketch is None
            else {"duty": outcome.sketch.duty, "visits": outcome.sketch.visits, "meetings": outcome.sketch.meetings},
        }
        temporary = self._path(key).with_suffix(".tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self._path(key))  # a reader never sees half a record
