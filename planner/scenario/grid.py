"""Grids of scenarios from ``--vary KEY=V1,V2,...`` (``planner sweep``, ``planner staffing``).

A key is a path into the scenario format (``staffing.headcount.thu``,
``rounds.sampled.sample_size``, ``weights.duty_swaps``,
``officers.change.B.days_per_week``) or one of three shorthands a planner asks
for most:

``officers=N``
    a team of N officers: officers are added (days a week as the base's last
    officer, ids ``X1``, ``X2`` ...) or removed from the end of the list, and the
    weekday headcounts are set to add up to the team's duty days, Thursday at
    half a weekday (as :func:`planner.generate.headcounts`); a headcount key
    varied beside it wins for its weekday.
``season_staff=N``
    N other staff (division staff) at the counter in every half-day of the
    application season (October and November).
``season_demand=F``
    the season's walk-ins multiplied by F.

Each combination of values is one scenario, validated like a scenario file.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from planner.domain import Instance
from planner.errors import InstanceError
from planner.scenario.overlay import Scenario

SHORTHANDS = ("officers", "season_staff", "season_demand")


@dataclass(frozen=True)
class Dimension:
    """One ``--vary``: a key and its values, in the order given (cheapest first for ``planner staffing``)."""

    key: str
    values: tuple[Any, ...]

    @property
    def short(self) -> str:
        return self.key.split(".")[-1]


def parse_vary(text: str) -> Dimension:
    """``KEY=V1,V2,...`` -> :class:`Dimension` (values read as YAML scalars: 2, 1.3, true)."""
    key, sep, values = text.partition("=")
    key = key.strip()
    if not sep or not key or not values.strip():
        raise InstanceError(f"--vary {text!r}: write KEY=V1,V2,... (e.g. staffing.headcount.thu=1,2)")
    parsed = []
    for raw in values.split(","):
        try:
            value = yaml.safe_load(raw.strip())
        except yaml.YAMLError:
            raise InstanceError(f"--vary {key}: {raw.strip()!r} is not a value") from None
        if value is None or isinstance(value, (list, dict)):
            raise InstanceError(f"--vary {key}: {raw.strip()!r} is not a single number or word")
        parsed.append(value)
    if len(set(map(str, parsed))) != len(parsed):
        raise InstanceError(f"--vary {key}: a value is given twice")
    return Dimension(key, tuple(parsed))


def grid(base: Instance, dimensions: list[Dimension]) -> list[Scenario]:
    """Every combination of the dimensions' values as a validated scenario (the first dimension varies slowest)."""
    keys = [dimension.key for dimension in dimensions]
    if len(set(keys)) != len(keys):
        raise InstanceError(f"--vary {next(k for k in keys if keys.count(k) > 1)}: the key is varied twice")
    return [
        scenario_of(base, dict(zip(keys, combination)))
        for combination in itertools.product(*(dimension.values for dimension in dimensions))
    ]


def scenario_name(settings: dict[str, Any]) -> str:
    return "_".join(f"{key.split('.')[-1]}{_text(value)}" for key, value in settings.items()) or "base"


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def scenario_of(base: Instance, settings: dict[str, Any]) -> Scenario:
    """The scenario setting each key of ``settings`` (``--vary`` keys) to its value."""
    overlay: dict[str, Any] = {
        "name": scenario_name(settings),
        "label": "、".join(f"{key}={_text(value)}" for key, value in settings.items()),
    }
    explicit_headcount: dict[str, Any] = {}
    for key, value in settings.items():
        if key in SHORTHANDS:
            _shorthand(overlay, base, key, value)
        elif key.startswith("staffing.headcount."):
            explicit_headcount[key.split(".")[-1]] = value
        else:
            _set_path(overlay, key, value)
    if explicit_headcount:
        headcount = overlay.setdefault("staffing", {}).setdefault("headcount", {})
        headcount.update(explicit_headcount)
    try:
        return Scenario.model_validate(overlay)
    except ValidationError as error:
        from planner.io.errors import describe_validation_error

        raise InstanceError(f"--vary: {describe_validation_error(error, overlay)}") from None


def _set_path(overlay: dict[str, Any], key: str, value: Any) -> None:
    node = overlay
    parts = key.split(".")
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise InstanceError(f"--vary {key}: {part!r} is not a group of keys")
        node = child
    node[parts[-1]] = value


def _season(base: Instance) -> tuple[dt.date, dt.date]:
    season = base.spec.application_season
    return season.start, season.end


def _shorthand(overlay: dict[str, Any], base: Instance, key: str, value: Any) -> None:
    if key == "officers":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InstanceError(f"--vary officers: {value!r} is not a team size (a whole number from 1)")
        from planner.generate import headcounts

        team = list(base.spec.officers)
        officers: dict[str, Any] = {}
        if value < len(team):
            officers["remove"] = [officer.id for officer in team[value:]]
            team = team[:value]
        template = base.spec.officers[-1]
        taken = {officer.id for officer in base.spec.officers}
        added: list[dict[str, Any]] = []
        for number in itertools.count(1):
            if len(team) + len(added) >= value:
                break
            ident = f"X{number}"
            if ident not in taken:
                added.append({"id": ident, "name": f"推進員（追加{len(added) + 1}）", "days_per_week": template.days_per_week})
        if added:
            officers["add"] = added
        overlay["officers"] = officers
        duty_days = sum(officer.days_per_week for officer in team) + sum(int(row["days_per_week"]) for row in added)
        overlay.setdefault("staffing", {})["headcount"] = headcounts(duty_days)
        return
    start, end = _season(base)
    if key == "season_staff":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InstanceError(f"--vary season_staff: {value!r} is not a number of staff (a whole number from 0)")
        if value:
            overlay.setdefault("counter", {})["extra_staff"] = [{"start": start, "end": end, "staff": value}]
        return
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise InstanceError(f"--vary season_demand: {value!r} is not a factor (a number above 0)")
    if value != 1:
        overlay.setdefault("counter", {})["demand_factors"] = [{"start": start, "end": end, "factor": value}]
