"""`planner counter`: the report's tables agree with each other and with the plan."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from planner.cli import cli
from tests.conftest import FY2017


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_report_of_a_plan(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["counter", str(small_instance_dir), "--plan", str(small_plan_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "counter by month (officers the plan leaves at the counter)" in result.output
    slots, months = _rows(out / "counter_slots.csv"), _rows(out / "counter_months.csv")
    plan = {(row["date"], row["slot"]): row for row in _rows(small_plan_dir / "counter.csv")}
    assert len(slots) == len(plan)
    for row in slots:
        assert row["officers_at_counter"] == plan[row["date"], row["slot"]]["officers_at_counter"]
    assert sum(float(r["visitor_minutes_waited"]) for r in slots) == sum(
        float(r["visitor_minutes_waited"]) for r in plan.values()
    )
    assert sum(int(m["shortfall"]) for m in months) == sum(int(s["shortfall"]) for s in slots)
    assert len(months) == 12 and len(_rows(out / "counter_weeks.csv")) >= 52
    assert (out / "counter_chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_without_a_plan_uses_the_targets(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["counter", str(FY2017), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    slots = _rows(tmp_path / "r" / "counter_slots.csv")
    thursday = next(row for row in slots if row["date"] == "2017-04-06")
    assert thursday["officers_at_counter"] == "1" and thursday["required_officers"] == "2"
    deadline = [row for row in slots if row["date"] == "2017-11-20"]
    assert {row["required_officers"] for row in deadline} == {"12"}
    assert "2017-11-20" in result.output


def test_report_refuses_a_plan_of_another_instance(small_plan_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["counter", str(FY2017), "--plan", str(small_plan_dir), "--out", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "the plan is for instance 'small'" in result.output
    assert not (tmp_path / "r").exists()


def test_patience_shows_visitors_giving_up(tmp_path: Path) -> None:
    from tests.conftest import make_spec, write_instance

    spec = make_spec(
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8, "patience_minutes": 15},
            "demand": [{"start": "2017-10-02", "end": "2017-11-30", "per_day": 60}],
        }
    )
    instance = write_instance(tmp_path / "inst", spec, [])
    result = CliRunner().invoke(cli, ["counter", str(instance), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    season = [row for row in _rows(tmp_path / "r" / "counter_slots.csv") if row["month"] == "2017-10"]
    assert all(float(row["abandon_share"]) > 0.2 for row in season)  # 1 officer for 2.6 Erlangs
    assert all(row["required_officers"] == "4" for row in season)  # the contract's Erlang C figure
