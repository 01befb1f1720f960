"""Read a plan directory's contract files (plain ``csv``/``json``, strictly typed)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import PlanReadError

COLUMNS = {
    "visits.csv": ("facility_id", "round", "date", "slot", "officer_id", "announced"),
    "roster.csv": ("date", "officer_id"),
    "meetings.csv": ("meeting_id", "date", "slot", "officer_id"),
    "counter.csv": ("date", "slot", "expected_arrivals", "officers_at_counter", "required_officers"),
}


@dataclass(frozen=True)
class PlanFiles:
    visits: list[dict[str, Any]]
    roster: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    counter: list[dict[str, Any]]
    document: dict[str, Any]


def _convert(path: Path, line: int, column: str, text: str) -> Any:
    where = f"{path}: line {line}, column {column}"
    if column == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not an ISO date") from None
    if column == "slot":
        if text not in ("am", "pm"):
            raise PlanReadError(f"{where}: {text!r} is not a slot (am or pm)")
        return text
    if column == "announced":
        if text not in ("true", "false"):
            raise PlanReadError(f"{where}: {text!r} is not true or false")
        return text == "true"
    if column in ("officers_at_counter", "required_officers"):
        try:
            return int(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not a whole number") from None
    if column == "expected_arrivals":
        try:
            return float(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not a number") from None
    return text


def _read_csv(path: Path) -> list[dict[str, Any]]:
    expected = COLUMNS[path.name]
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            missing = [column for column in expected if column not in header]
            if missing:
                raise PlanReadError(f"{path}: missing column {missing[0]!r}")
            rows = []
            for line, raw in enumerate(reader, start=2):
                if None in raw or any(raw[column] is None for column in expected):
                    raise PlanReadError(f"{path}: line {line}: wrong number of fields")
                rows.append({column: _convert(path, line, column, raw[column].strip()) for column in expected})
            return rows
    except FileNotFoundError:
        raise PlanReadError(f"{path}: file not found (is this a plan directory?)") from None
    except UnicodeDecodeError:
        raise PlanReadError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise PlanReadError(f"{path}: malformed CSV ({error})") from None


def read_plan_files(plan_dir: Path | str) -> PlanFiles:
    root = Path(plan_dir)
    if not root.is_dir():
        raise PlanReadError(f"{root}: not a plan directory")
    tables = {name: _read_csv(root / name) for name in COLUMNS}
    try:
        document = json.loads((root / "plan.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanReadError(f"{root / 'plan.json'}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PlanReadError(f"{root / 'plan.json'}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise PlanReadError(f"{root / 'plan.json'}: expected a JSON object")
    return PlanFiles(tables["visits.csv"], tables["roster.csv"], tables["meetings.csv"], tables["counter.csv"], document)
