"""Read a plan directory's contract files (plain ``csv``/``json``, strictly typed)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_type_hints

from planner.errors import PlanReadError


@dataclass(frozen=True)
class VisitRecord:
    facility_id: str
    round: str
    date: dt.date
    slot: str
    officer_id: str
    announced: bool


@dataclass(frozen=True)
class DutyRecord:
    date: dt.date
    officer_id: str


@dataclass(frozen=True)
class MeetingRecord:
    meeting_id: str
    date: dt.date
    slot: str
    officer_id: str


@dataclass(frozen=True)
class CounterRecord:
    date: dt.date
    slot: str
    expected_arrivals: float
    officers_at_counter: int
    required_officers: int


RECORDS: dict[str, type] = {
    "visits.csv": VisitRecord,
    "roster.csv": DutyRecord,
    "meetings.csv": MeetingRecord,
    "counter.csv": CounterRecord,
}
"""Each contract CSV and the record of one of its rows (the columns read; others are ignored)."""


@dataclass(frozen=True)
class PlanFiles:
    """A plan directory read back: typed rows (``datetime.date`` dates) and ``plan.json`` as it is."""

    visits: tuple[VisitRecord, ...]
    roster: tuple[DutyRecord, ...]
    meetings: tuple[MeetingRecord, ...]
    counter: tuple[CounterRecord, ...]
    document: dict[str, Any]


def _convert(path: Path, line: int, column: str, kind: type, text: str) -> Any:
    where = f"{path}: line {line}, column {column}"
    if kind is dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not an ISO date") from None
    if column == "slot":
        if text not in ("am", "pm"):
            raise PlanReadError(f"{where}: {text!r} is not a slot (am or pm)")
        return text
    if kind is bool:
        if text not in ("true", "false"):
            raise PlanReadError(f"{where}: {text!r} is not true or false")
        return text == "true"
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not a whole number") from None
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise PlanReadError(f"{where}: {text!r} is not a number") from None
    return text


def _read_csv(path: Path) -> tuple[Any, ...]:
    record = RECORDS[path.name]
    kinds = get_type_hints(record)
    expected = tuple(kinds)
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
                rows.append(
                    record(**{column: _convert(path, line, column, kinds[column], raw[column].strip()) for column in expected})
                )
            return tuple(rows)
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
    tables = {name: _read_csv(root / name) for name in RECORDS}
    try:
        document = json.loads((root / "plan.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanReadError(f"{root / 'plan.json'}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise PlanReadError(f"{root / 'plan.json'}: not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise PlanReadError(f"{root / 'plan.json'}: expected a JSON object")
    return PlanFiles(tables["visits.csv"], tables["roster.csv"], tables["meetings.csv"], tables["counter.csv"], document)
