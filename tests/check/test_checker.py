"""The checker passes a valid plan and catches every kind of deliberately broken one."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.check import check_plan_dir
from planner.errors import PlanReadError

Rows = list[dict[str, str]]


def _rows(path: Path) -> Rows:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: Rows, columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _broken(small_plan_dir: Path, tmp_path: Path, name: str, edit: Callable[..., Rows]) -> Path:
    """A copy of the plan with ``edit`` applied to file ``name`` (an edit taking two arguments also gets the plan's roster)."""
    plan = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan)
    rows = _rows(plan / name)
    columns = list(rows[0])
    edited = edit(rows, _rows(plan / "roster.csv")) if edit.__code__.co_argcount == 2 else edit(rows)
    _write(plan / name, edited, columns)
    return plan


def test_valid_plan_passes(small_instance_dir: Path, small_plan_dir: Path) -> None:
    assert check_plan_dir(small_instance_dir, small_plan_dir) == []


def _first(rows: Rows, **where: str) -> dict[str, str]:
    return next(row for row in rows if all(row[k] == v for k, v in where.items()))


def _drop_visit(rows: Rows) -> Rows:
    return [row for row in rows if row["facility_id"] != "C2" or row["round"] != "announced"]


def _meeting_outside_window(rows: Rows) -> Rows:
    for row in rows:
        if row["meeting_id"] == "block-east-1":
            row["date"] = "2017-07-20"
    return rows


def _wrong_requirement(rows: Rows) -> Rows:
    rows[0]["required_officers"] = "7"
    return rows


@pytest.mark.parametrize(
    ("name", "edit", "rule", "words"),
    [
        ("visits.csv", _drop_visit, "visit_every_member", "visits: facility C2 has no visit in round announced"),
        (
            "meetings.csv",
            _meeting_outside_window,
            "meeting_in_window",
            "meetings: block-east-1 is held on 2017-07-20, outside its window 2017-07-03..2017-07-14",
        ),
        ("counter.csv", _wrong_requirement, "counter_required", "Erlang C gives 1"),
    ],
)
def test_a_file_edited_on_disk_is_caught_with_its_rule_and_words(
    small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path, name, edit, rule, words
) -> None:
    # The planted breaches of every rule are in test_every_rule.py; these go through the files.
    violations = check_plan_dir(small_instance_dir, _broken(small_plan_dir, tmp_path, name, edit))
    assert rule in {v.rule for v in violations}, violations
    assert any(words in str(v) for v in violations if v.rule == rule), [str(v) for v in violations]


def test_unreadable_plan_is_an_input_error(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    def bad_date(rows: Rows) -> Rows:
        rows[0]["date"] = "2017/05/01"
        return rows

    with pytest.raises(PlanReadError, match=r"visits.csv: line 2, column date: '2017/05/01' is not an ISO date"):
        check_plan_dir(small_instance_dir, _broken(small_plan_dir, tmp_path, "visits.csv", bad_date))
    with pytest.raises(PlanReadError, match="not a plan directory"):
        check_plan_dir(small_instance_dir, tmp_path / "nowhere")


def test_checker_and_expansion_agree_on_demand_with_every_effect() -> None:
    # Two implementations written apart: they must give the same walk-ins per day.
    from planner.calendar import expand
    from planner.check.checker import _Checker
    from planner.io.plan_files import PlanFiles
    from tests.conftest import make_instance

    counter = {
        "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
        "demand": [{"start": "2017-04-01", "end": "2018-03-31", "per_day": 10}, {"date": "2017-11-20", "per_day": 230}],
        "effects": {
            "weekday": {"mon": 1.5, "fri": 0.5},
            "after_holiday": 2.0,
            "ramps": [{"deadline": "2017-11-20", "days": 4, "peak": 3.0}, {"deadline": "2018-01-10", "days": 7, "peak": 1.5}],
        },
    }
    instance = make_instance(counter=counter, closures=[{"start": "2017-12-29", "end": "2018-01-03"}, "2017-08-15"])
    problem = expand(instance)
    theirs = _Checker(instance, PlanFiles([], [], [], [], {}))._demand()
    for index, label in enumerate(problem.day_labels):
        assert problem.day_demand[index] == pytest.approx(theirs[dt.date.fromisoformat(label)]), label
