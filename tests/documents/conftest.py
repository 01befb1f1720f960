"""Helpers to read a plan's visits and calendar events back."""

from __future__ import annotations

import csv
from pathlib import Path

import icalendar


def read_visits(plan_dir: Path) -> list[dict[str, str]]:
    with open(plan_dir / "visits.csv", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def read_events(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
