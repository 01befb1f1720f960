"""The command line end to end: the shipped instance, exit codes, atomic outputs."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from tests.conftest import FY2017, facility, make_spec, write_instance


def test_fy2017_solves_and_passes_the_checker(fy2017_plan) -> None:
    out, run = fy2017_plan
    assert run.returncode == 0, run.stderr
    assert "objective" in run.stderr  # progress lines while solving
    document = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert document["status"] in ("OPTIMAL", "FEASIBLE")
    if document["status"] == "FEASIBLE":
        assert document["gap"] is not None and "gap" in run.stdout
    check = subprocess.run(["planner", "check", str(FY2017), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith("ok:")
    assert "objective priced by the checker" in check.stdout and "the same" in check.stdout


def test_fy2017_every_visit_is_present(fy2017_plan) -> None:
    # What every valid plan has (the plan comes from a wall-clock run: its quality may vary,
    # e.g. a legal visit on a Thursday; the quality of a plan is tested on proven runs).
    out, _ = fy2017_plan
    with open(out / "visits.csv", encoding="utf-8") as handle:
        visits = list(csv.DictReader(handle))
    by_round = {}
    for row in visits:
        by_round.setdefault(row["round"], set()).add(row["facility_id"])
    assert {k: len(v) for k, v in by_round.items()} == {
        "new_facility": 9,
        "announced": 26,
        "unannounced": 26,
        "unlicensed": 14,
        "sampled": 8,
    }
    assert {row["announced"] for row in visits if row["round"] == "unannounced"} == {"false"}
    assert len(visits) == len({(row["facility_id"], row["round"]) for row in visits})


def test_fy2017_contract_files(fy2017_plan) -> None:
    out, _ = fy2017_plan
    headers = {
        "visits.csv": "facility_id,round,date,slot,officer_id,announced",
        "roster.csv": "date,officer_id",
        "meetings.csv": "meeting_id,date,slot,officer_id",
        # the contract's columns first; the planner adds other_staff and visitor_minutes_waited
        "counter.csv": "date,slot,expected_arrivals,officers_at_counter,required_officers",
    }
    for name, header in headers.items():
        assert (out / name).read_text(encoding="utf-8").splitlines()[0].startswith(header)
    counter = (out / "counter.csv").read_text(encoding="utf-8").splitlines()
    assert len(counter) == 1 + 2 * 244
    document = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    for key in (
        "status",
        "objective",
        "bound",
        "gap",
        "solve_seconds",
        "seed",
        "terms",
        "kpis",
        "duty_moves",
        "visits",
        "roster",
        "meetings",
        "counter",
    ):
        assert key in document
    assert sum(t["weighted"] for t in document["terms"].values()) == pytest.approx(document["objective"])
    assert all(move["meetings"] for move in document["duty_moves"])
    kpis = document["kpis"]
    assert kpis["expected_visitor_minutes_waited"] > 0 and len(kpis["worst_slots"]) == 5
    assert kpis["busiest_day"] == "2017-11-20"
    assert 0 <= kpis["service_level_application_season"] <= 1
    # the optimised visits cost the counter less than each at the earliest free slot of its window
    assert kpis["expected_visitor_minutes_waited"] < kpis["baseline_visitor_minutes_waited"]


def test_python_dash_m_and_schema() -> None:
    run = subprocess.run([sys.executable, "-m", "planner", "schema"], capture_output=True, text=True)
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert {"name", "fiscal_year", "officers", "staffing", "counter", "rounds", "meetings"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("break_it", "fragment"),
    [
        (lambda d: (d / "instance.yaml").write_text("name: [oops\n", encoding="utf-8"), "malformed YAML"),
        (lambda d: (d / "facilities.csv").write_text("facility_id,name\nC1,x\n", encoding="utf-8"), "missing column 'category'"),
        (
            lambda d: (d / "instance.yaml").write_text(
                (d / "instance.yaml").read_text(encoding="utf-8").replace("fiscal_year: 2017", "fiscal_year: 2017\nteam: 3"),
                encoding="utf-8",
            ),
            "team: unknown key",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_keeps_the_previous_plan(tmp_path: Path, break_it, fragment: str) -> None:
    instance = write_instance(tmp_path / "inst", make_spec(), [facility("C1")])
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["solve", str(instance), "--out", str(out), "--quiet", "--workers", "1"])
    assert first.exit_code == 0, first.output
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    break_it(instance)
    result = runner.invoke(cli, ["solve", str(instance), "--out", str(out), "--quiet"])
    assert result.exit_code == 2
    assert fragment in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inst", "out"]  # no temporary leftovers


def test_infeasible_exits_3_with_an_explanation_and_writes_nothing(tmp_path: Path) -> None:
    rounds = [
        {
            "id": "announced",
            "applies_to": "existing_community",
            "announced": True,
            "window": {"start": "2017-05-08", "end": "2017-05-08"},
        }
    ]
    instance = write_instance(tmp_path / "inst", make_spec(rounds=rounds), [facility(f"C{k}") for k in range(3)])
    result = CliRunner().invoke(cli, ["solve", str(instance), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3
    assert "INFEASIBLE" in result.output and "3 visits must fall between 2017-05-08 and 2017-05-08" in result.output
    assert not (tmp_path / "out").exists()


def test_no_plan_in_time_exits_4() -> None:
    result = CliRunner().invoke(cli, ["solve", str(FY2017), "--out", "/nonexistent/never", "--time-limit", "0.01", "--quiet"])
    assert result.exit_code == 4, result.output
    assert "time limit" in result.output


def test_check_exits_1_on_a_violation(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan)
    lines = (plan / "visits.csv").read_text(encoding="utf-8").splitlines()
    (plan / "visits.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(small_instance_dir), str(plan)])
    assert result.exit_code == 1
    assert "violation:" in result.output


def test_check_exits_2_on_an_unreadable_plan(small_instance_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(small_instance_dir), str(tmp_path)])
    assert result.exit_code == 2
    assert "visits.csv: file not found" in result.output


def test_fy2017_documents_hold_the_plan_and_round_trip_through_caldav(fy2017_plan, caldav_server: str) -> None:
    """Calendars parse and hold exactly the plan; the workbook matches visits.csv; facility files keep the secret."""
    import icalendar
    import openpyxl

    from planner.check.secrecy import unannounced_dates_shown
    from planner.io.plan_files import read_plan_files
    from tests.io.test_caldav import assert_round_trip

    out, _ = fy2017_plan
    with open(out / "visits.csv", encoding="utf-8") as handle:
        visits = list(csv.DictReader(handle))
    office = icalendar.Calendar.from_ical((out / "calendars" / "office.ics").read_bytes())
    office_visits = [e for e in office.walk("VEVENT") if str(e["SUMMARY"]).startswith("訪問 ")]
    assert sorted(
        (e.decoded("DTSTART").date().isoformat(), "am" if e.decoded("DTSTART").hour < 12 else "pm") for e in office_visits
    ) == sorted((row["date"], row["slot"]) for row in visits)
    announced = [row for row in visits if row["announced"] == "true"]
    facility_events = [
        e for p in (out / "facilities").glob("*.ics") for e in icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT")
    ]
    assert len(facility_events) == len(announced)
    assert unannounced_dates_shown(out, read_plan_files(out).visits) == []
    book = openpyxl.load_workbook(out / "plan.xlsx", read_only=True)
    sheet_rows = list(book["訪問一覧"].iter_rows(min_row=2, values_only=True))
    assert [(r[0].date().isoformat(), r[3], r[8]) for r in sheet_rows] == [
        (v["date"], v["facility_id"], v["officer_id"]) for v in visits
    ]
    assert_round_trip(out, caldav_server, "fy2017-office", "nishitokyo-fy2017")


def test_fy2017_replan_from_october_with_an_officer_absent(fy2017_plan, tmp_path: Path) -> None:
    """Issue 6: re-plan as of 1 Oct 2017 with officer B away for October.

    With B away, two officers give 6 duty days a week for 5 counter days: one
    day a week can spare an officer, so the five block meetings of 16-27 Oct
    (one officer each, in the afternoon) cannot all be held beside the counter
    floor.  The bare absence is proven infeasible and explained; with division
    staff covering the counter in October (``counter_covered``) it re-plans.
    """
    published, _ = fy2017_plan
    absent = "  - {kind: officer_absent, officer: B, start: 2017-10-01, end: 2017-10-31}\n"

    def replan(changes_text: str, out: Path) -> subprocess.CompletedProcess:
        changes = tmp_path / f"{out.name}.yaml"
        changes.write_text("changes:\n" + changes_text, encoding="utf-8")
        return subprocess.run(
            [
                "planner",
                "replan",
                str(FY2017),
                str(published),
                "--as-of",
                "2017-10-01",
                "--changes",
                str(changes),
                "--out",
                str(out),
                "--time-limit",
                "60",
                "--workers",
                "2",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )

    bare = replan(absent, tmp_path / "bare")
    assert bare.returncode == 3, bare.stdout + bare.stderr
    assert "meeting" in bare.stdout and "counter" in bare.stdout and not (tmp_path / "bare").exists()
    out = tmp_path / "replan"
    run = replan(absent + "  - {kind: counter_covered, start: 2017-10-01, end: 2017-10-31, staff: 1}\n", out)
    assert run.returncode == 0, run.stdout + run.stderr

    def rows(directory: Path, name: str) -> list[dict[str, str]]:
        with open(directory / name, encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    before = {(r["facility_id"], r["round"]): r for r in rows(published, "visits.csv")}
    after = {(r["facility_id"], r["round"]): r for r in rows(out, "visits.csv")}
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if v["date"] < "2017-10-01"} == {
        k: v for k, v in before.items() if v["date"] < "2017-10-01"
    }
    assert not [r for r in rows(out, "roster.csv") if r["officer_id"] == "B" and r["date"].startswith("2017-10")]
    notified = [k for k, v in before.items() if v["announced"] == "true" and v["date"] >= "2017-10-01"]
    assert notified and all((after[k]["date"], after[k]["slot"]) == (before[k]["date"], before[k]["slot"]) for k in notified)
    listed = {(c["item"], c["round"]) for c in rows(out, "changes.csv") if c["round"]}
    changed = {
        k
        for k in after
        if (after[k]["date"], after[k]["slot"], after[k]["officer_id"])
        != (before[k]["date"], before[k]["slot"], before[k]["officer_id"])
    }
    away = {k for k, v in before.items() if v["officer_id"] == "B" and v["date"].startswith("2017-10")}
    assert away <= changed <= listed  # B's October visits changed hands or dates, and every change is listed
    assert all(c["tell_facility"] == "" for c in rows(out, "changes.csv") if c["announced"] == "false")
    check = subprocess.run(["planner", "check", str(out / "instance"), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda text: text.replace(
                "window: {start: 2017-05-01, end: 2017-06-30}, announced: true}",
                "window: {start: 2017-05-01, end: 2017-05-03}, announced: true}",
            ),
            "rounds announced: 26 visits must fall between 2017-05-01 and 2017-05-02, but at most 4 officer half-days are free",
        ),
        (
            lambda text: text.replace(
                "meetings:\n",
                "meetings:\n"
                + "".join(
                    f"  - {{id: extra-{i}, kind: officers, attendees: all, window: {{start: 2017-05-08, end: 2017-05-12}}}}\n"
                    for i in range(5)
                ),
                1,
            ),
            "meetings extra-0, extra-1, extra-2, extra-3, extra-4 (all officers) must be held between 2017-05-08 and "
            "2017-05-12, 5 half-day(s) with every officer on duty, but the duty days there allow at most 2 day(s)",
        ),
    ],
    ids=["announced-window-too-short", "too-many-all-officer-meetings"],
)
def test_clashing_rules_are_explained_with_their_numbers(tmp_path: Path, mutate, expected: str) -> None:
    instance = tmp_path / "instance"
    shutil.copytree(FY2017, instance)
    text = (instance / "instance.yaml").read_text(encoding="utf-8")
    (instance / "instance.yaml").write_text(mutate(text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(instance), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 3, result.output
    assert expected in result.output and not (tmp_path / "out").exists()
