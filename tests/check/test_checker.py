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


def _next_thursday(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return (day + dt.timedelta(days=(3 - day.weekday()) % 7 or 7)).isoformat()


def test_valid_plan_passes(small_instance_dir: Path, small_plan_dir: Path) -> None:
    assert check_plan_dir(small_instance_dir, small_plan_dir) == []


def _first(rows: Rows, **where: str) -> dict[str, str]:
    return next(row for row in rows if all(row[k] == v for k, v in where.items()))


def _drop_visit(rows: Rows) -> Rows:
    return [row for row in rows if row["facility_id"] != "C2" or row["round"] != "announced"]


def _visit_outside_window(rows: Rows) -> Rows:
    _first(rows, round="announced")["date"] = "2017-07-03"
    return rows


def _flip_announced(rows: Rows) -> Rows:
    _first(rows, round="unannounced")["announced"] = "true"
    return rows


def _visit_twice(rows: Rows) -> Rows:
    return rows + [dict(_first(rows, round="unlicensed"))]


def _sample_too_big(rows: Rows) -> Rows:
    extra = dict(_first(rows, round="sampled"))
    extra["facility_id"] = next(f for f in ("C1", "C2", "C3", "C4") if not any(
        r["round"] == "sampled" and r["facility_id"] == f for r in rows))
    return rows + [extra]


def _visit_on_a_thursday(rows: Rows, roster: Rows) -> Rows:
    """The visit moves to the next Thursday, made by an officer not on duty then (whatever plan the solver found)."""
    row = _first(rows, round="unlicensed")
    row["date"] = _next_thursday(row["date"])
    on_duty = {duty["officer_id"] for duty in roster if duty["date"] == row["date"]}
    row["officer_id"] = sorted({"A", "B", "C"} - on_duty)[0]
    return rows


def _extra_duty_day(rows: Rows) -> Rows:
    officers = {row["officer_id"] for row in rows if row["date"] == "2017-07-05"}
    spare = sorted({"A", "B", "C"} - officers)[0]
    return rows + [{"date": "2017-07-05", "officer_id": spare}]


def _duty_on_a_holiday(rows: Rows) -> Rows:
    return rows + [{"date": "2017-05-03", "officer_id": "A"}]


def _missing_attendee(rows: Rows) -> Rows:
    meeting = [row for row in rows if row["meeting_id"] == "officers-05"]
    return [row for row in rows if row is not meeting[0]]


def _meeting_outside_window(rows: Rows) -> Rows:
    for row in rows:
        if row["meeting_id"] == "block-east-1":
            row["date"] = "2017-07-20"
    return rows


def _wrong_counter_count(rows: Rows) -> Rows:
    rows[10]["officers_at_counter"] = str(int(rows[10]["officers_at_counter"]) + 1)
    return rows


def _wrong_requirement(rows: Rows) -> Rows:
    rows[0]["required_officers"] = "7"
    return rows


def _missing_counter_row(rows: Rows) -> Rows:
    return rows[1:]


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("visits.csv", _drop_visit, "facility C2 has no visit in round announced"),
        ("visits.csv", _visit_outside_window, "outside its window 2017-05-01..2017-06-30"),
        ("visits.csv", _flip_announced, "marked announced=true, but the round says false"),
        ("visits.csv", _visit_twice, "times in round unlicensed"),
        ("visits.csv", _sample_too_big, "round sampled visits 3 distinct facilities, not its sample_size 2"),
        ("visits.csv", _visit_on_a_thursday, "is not on duty that day"),
        ("roster.csv", _extra_duty_day, "call for"),
        ("roster.csv", _duty_on_a_holiday, "2017-05-03, which is not a working day"),
        ("meetings.csv", _missing_attendee, "officers-05 is for all officers available"),
        ("meetings.csv", _meeting_outside_window, "outside its window 2017-07-03..2017-07-14"),
        ("counter.csv", _wrong_counter_count, "officers at the counter, the plan leaves"),
        ("counter.csv", _wrong_requirement, "Erlang C gives 1"),
        ("counter.csv", _missing_counter_row, "counter.csv: no row for 2017-04-03 am"),
    ],
)
def test_broken_plan_is_caught(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path, name, edit, expected) -> None:
    violations = check_plan_dir(small_instance_dir, _broken(small_plan_dir, tmp_path, name, edit))
    assert any(expected in violation for violation in violations), violations


def test_counter_floor_break_is_caught(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    # A visit put on a Thursday with its lone officer (the one on duty) empties the counter.
    def visit_by_lone_thursday_officer(rows: Rows) -> Rows:
        roster = _rows(small_plan_dir / "roster.csv")
        row = _first(rows, round="unlicensed")
        thursday = _next_thursday(row["date"])
        row["date"] = thursday
        row["officer_id"] = _first(roster, date=thursday)["officer_id"]
        return rows

    plan = _broken(small_plan_dir, tmp_path, "visits.csv", visit_by_lone_thursday_officer)
    violations = check_plan_dir(small_instance_dir, plan)
    assert any("below counter_min 1" in v for v in violations), violations


def test_double_booked_officer_is_caught(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    meetings = _rows(small_plan_dir / "meetings.csv")
    director = _first(meetings, meeting_id="directors-1")

    def visit_during_meeting(rows: Rows) -> Rows:
        row = _first(rows, round="unlicensed")
        row.update(date=director["date"], slot=director["slot"], officer_id=director["officer_id"])
        return rows

    violations = check_plan_dir(small_instance_dir, _broken(small_plan_dir, tmp_path, "visits.csv", visit_during_meeting))
    assert any(f"officer {director['officer_id']} has 2 activities" in v for v in violations), violations


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
        "effects": {"weekday": {"mon": 1.5, "fri": 0.5}, "after_holiday": 2.0,
                    "ramps": [{"deadline": "2017-11-20", "days": 4, "peak": 3.0}, {"deadline": "2018-01-10", "days": 7, "peak": 1.5}]},
    }
    instance = make_instance(counter=counter, closures=[{"start": "2017-12-29", "end": "2018-01-03"}, "2017-08-15"])
    problem = expand(instance)
    theirs = _Checker(instance, PlanFiles([], [], [], [], {}))._demand()
    for index, label in enumerate(problem.day_labels):
        assert problem.day_demand[index] == pytest.approx(theirs[dt.date.fromisoformat(label)]), label
