"""Load an instance directory into a validated :class:`~planner.domain.Instance`.

Every problem becomes an :class:`~planner.errors.InstanceError` whose one-line
message names the file, the row or key, and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from planner.domain import Facility, Instance, InstanceSpec
from planner.errors import InstanceError
from planner.io.errors import describe_validation_error

INSTANCE_FILE = "instance.yaml"
FACILITIES_FILE = "facilities.csv"
REQUIRED_COLUMNS: tuple[str, ...] = ("facility_id", "name", "category", "type", "opening_date", "block")
OPTIONAL_COLUMNS: tuple[str, ...] = ("address", "lat", "lon", "capacity", "open_findings", "closing_date")
FACILITY_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
"""Every column of ``facilities.csv``, in the order the writers use."""


class _DatesAsTextLoader(yaml.SafeLoader):
    """Safe YAML loader that leaves dates as text, so that pydantic parses (and
    reports) them; PyYAML would otherwise fail on ``2017-02-30`` with its own error."""


_DatesAsTextLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InstanceError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise InstanceError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InstanceError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        return yaml.load(text, Loader=_DatesAsTextLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InstanceError(f"{path}:{where}: malformed YAML ({problem})") from None


M = TypeVar("M", bound=BaseModel)


def load_yaml_model(path: Path, model: type[M], expected: str, empty_ok: bool = False) -> M:
    """A YAML mapping validated as ``model``; one-line errors naming the file and key."""
    raw = _read_yaml(path)
    if raw is None and empty_ok:
        raw = {}
    if not isinstance(raw, dict):
        raise InstanceError(f"{path}: expected {expected}")
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise InstanceError(f"{path}: {describe_validation_error(error, raw)}") from None


def load_spec(path: Path) -> InstanceSpec:
    """Read and validate ``instance.yaml``."""
    return load_yaml_model(path, InstanceSpec, "a mapping of keys (name, fiscal_year, ...) at the top level")


def _read_table(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
    except FileNotFoundError:
        raise InstanceError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise InstanceError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise InstanceError(f"{path}: the file is empty (a header row is required)") from None
    except pd.errors.ParserError as error:
        raise InstanceError(f"{path}: malformed CSV ({str(error).strip()})") from None


def load_facilities(path: Path) -> list[Facility]:
    """Read and validate ``facilities.csv``; rows are named by file line and id."""
    table = _read_table(path)
    columns = [str(column).strip() for column in table.columns]
    table.columns = columns
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise InstanceError(f"{path}: missing column {missing[0]!r} (required: {', '.join(REQUIRED_COLUMNS)})")
    unknown = [column for column in columns if column not in FACILITY_COLUMNS]
    if unknown:
        raise InstanceError(f"{path}: unknown column {unknown[0]!r} (allowed: {', '.join(FACILITY_COLUMNS)})")
    facilities = []
    for position, row in enumerate(table.to_dict(orient="records")):
        line = position + 2  # the header is line 1
        fields = {key: value.strip() for key, value in row.items()}
        record = {key: value for key, value in fields.items() if value != "" or key in REQUIRED_COLUMNS}
        if record.get("opening_date") == "":
            record["opening_date"] = None
        try:
            facilities.append(Facility.model_validate(record))
        except ValidationError as error:
            ident = fields.get("facility_id") or "?"
            raise InstanceError(
                f"{path}: line {line} (facility_id {ident}): {describe_validation_error(error, record)}"
            ) from None
    return facilities


def load_instance(directory: Path | str) -> Instance:
    """Load ``instance.yaml`` and ``facilities.csv`` from an instance directory."""
    root = Path(directory)
    if not root.is_dir():
        raise InstanceError(f"{root}: not an instance directory (expected {INSTANCE_FILE} and {FACILITIES_FILE})")
    spec = load_spec(root / INSTANCE_FILE)
    facilities = load_facilities(root / FACILITIES_FILE)
    try:
        return Instance(spec=spec, facilities=facilities)
    except ValidationError as error:
        message = describe_validation_error(error, {})
        raise InstanceError(f"{root / FACILITIES_FILE}: {message.removeprefix('facilities.csv: ')}") from None


def load_changes(path: Path | str) -> Any:
    """Read and validate a re-plan's ``CHANGES.yaml`` (:class:`planner.replan.changes.Changes`)."""
    from planner.replan.changes import Changes

    return load_yaml_model(Path(path), Changes, "a mapping with the key 'changes' (a list)", empty_ok=True)


def load_scenario(path: Path | str) -> Any:
    """Read and validate a what-if scenario file (:class:`planner.scenario.Scenario`)."""
    from planner.scenario import Scenario

    return load_yaml_model(Path(path), Scenario, "a mapping with at least the key 'name'")
