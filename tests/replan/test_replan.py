"""planner replan on the small plan: history stays, reports hold, changes are listed and told right."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planner.check import check_plan_dir
from planner.cli import cli
from planner.pipeline import run_replan

AS_OF = dt.date(2017, 10, 1)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _replan(tmp_path: Path, instance: Path, plan: Path, changes: list[dict], name: str = "replan"):
    changes_file = tmp_path / f"{name}.yaml"
    changes_file.write_text(yaml.safe_dump({"changes": changes}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / name
    outcome = run_replan(instance, plan, AS_OF, changes_file, out, time_limit=60, seed=0, workers=1, documents=False)
    return outcome, out


def _history(plan_dir: Path) -> tuple[set, set, set]:
    before = AS_OF.isoformat()
    visits = {
        (r["facility_id"], r["round"], r["date"], r["slot"], r["officer_id"])
        for r in _rows(plan_dir / "visits.csv")
        if r["date"] < before
    }
    roster = {(r["date"], r["officer_id"]) for r in _rows(plan_dir / "roster.csv") if r["date"] < before}
    meetings = {tuple(r.values()) for r in _rows(plan_dir / "meetings.csv") if r["date"] < before}
    return visits, roster, meetings


def test_officer_absent_keeps_history_and_every_visit(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> None:
    outcome, out = _replan(
        tmp_path,
        small_instance_dir,
        small_plan_dir,
        [{"kind": "officer_absent", "officer": "C", "start": "2017-10-01", "end": "2017-10-31"}],
    )
    assert outcome.exit_code == 0, outcome.summary
    assert _history(out) == _history(small_plan_dir)
    assert not [r for r in _rows(out / "roster.csv") if r["officer_id"] == "C" and "2017-10-01" <= r["date"] <= "2017-10-31"]
    published = {(r["facility_id"], r["round"]): r for r in _rows(small_plan_dir / "visits.csv")}
    new = {(r["facility_id"], r["round"]): r for r in _rows(out / "visits.csv")}
    assert new.keys() == published.keys()
    changes = _rows(out / "changes.csv")
    for key, row in new.items():  # every visit that moved or changed hands is in the change list
        old = published[key]
        if (old["date"], old["slot"], old["officer_id"]) != (row["date"], row["slot"], row["officer_id"]):
            assert any((c["item"], c["round"]) == key for c in changes), key
    # Notified announced visits after 1 Oct stay on their half-day unless their officer is away.
    for key, old in published.items():
        if old["announced"] == "true" and old["date"] >= "2017-10-01":
            assert (new[key]["date"], new[key]["slot"]) == (old["date"], old["slot"])
    assert check_plan_dir(out / "instance", out) == []


def test_reported_visits_and_facility_changes(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> None:
    published = {(r["facility_id"], r["round"]): r for r in _rows(small_plan_dir / "visits.csv")}
    missed = next(key for key, r in published.items() if r["round"] == "unannounced" and r["date"] < "2017-10-01")
    sampled = sorted(key for key in published if key[1] == "sampled")
    moved, confirmed = sampled[0], sampled[1]
    roster = {(r["date"], r["officer_id"]) for r in _rows(small_plan_dir / "roster.csv")}
    done = next(key for key, r in published.items() if r["round"] == "unlicensed")
    outcome, out = _replan(
        tmp_path,
        small_instance_dir,
        small_plan_dir,
        [
            {"kind": "visit_missed", "facility": missed[0], "round": missed[1]},
            {"kind": "visit_done", "facility": done[0], "round": done[1]},
            {"kind": "visit_moved", "facility": moved[0], "round": moved[1], "date": "2017-12-12", "slot": "am"},
            {"kind": "visit_confirmed", "facility": confirmed[0], "round": confirmed[1]},
            {
                "kind": "facility_opened",
                "facility": {
                    "facility_id": "N9",
                    "name": "新しい園",
                    "category": "community",
                    "type": "small_scale",
                    "opening_date": "2017-11-01",
                    "block": "east",
                },
            },
        ],
    )
    assert outcome.exit_code == 0, outcome.summary
    new = {(r["facility_id"], r["round"]): r for r in _rows(out / "visits.csv")}
    assert new[missed]["date"] >= "2017-10-01"  # done again, later
    assert (new[done]["date"], new[done]["slot"], new[done]["officer_id"]) == (
        published[done]["date"],
        published[done]["slot"],
        published[done]["officer_id"],
    )
    assert (new[moved]["date"], new[moved]["slot"]) == ("2017-12-12", "am")
    assert (new[confirmed]["date"], new[confirmed]["slot"]) == (published[confirmed]["date"], published[confirmed]["slot"])
    assert "2017-11-01" <= new[("N9", "new_facility")]["date"] <= "2017-11-30"
    changes = {(c["item"], c["round"]): c for c in _rows(out / "changes.csv") if c["round"]}
    assert changes[missed]["change"] == "moved" and changes[missed]["tell_facility"] == ""  # unannounced: never told
    assert changes[moved]["tell_facility"] == moved[0]
    assert changes[("N9", "new_facility")]["change"] == "added" and changes[("N9", "new_facility")]["tell_facility"] == "N9"
    assert check_plan_dir(out / "instance", out) == []
    assert roster  # (the published roster was read)


def test_closed_facility_is_visited_before_it_closes_and_left_out_of_later_rounds(
    tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path
) -> None:
    published = {(r["facility_id"], r["round"]): r for r in _rows(small_plan_dir / "visits.csv")}
    sampled = sorted(key[0] for key in published if key[1] == "sampled")
    closing = sampled[0]
    # N2 opened on 1 Oct and closes on 16 Oct: its opening-month visit comes before;
    # the sampled facility closes before the sampled round opens: it is replaced.
    outcome, out = _replan(
        tmp_path,
        small_instance_dir,
        small_plan_dir,
        [
            {"kind": "facility_closed", "facility": "N2", "date": "2017-10-16"},
            {"kind": "facility_closed", "facility": closing, "date": "2017-11-01"},
        ],
    )
    assert outcome.exit_code == 0, outcome.summary
    new = {(r["facility_id"], r["round"]): r for r in _rows(out / "visits.csv")}
    assert "2017-10-02" <= new[("N2", "new_facility")]["date"] <= "2017-10-13"
    assert (closing, "sampled") not in new and len([k for k in new if k[1] == "sampled"]) == 2
    changes = {(c["item"], c["round"]): c["change"] for c in _rows(out / "changes.csv") if c["round"]}
    assert changes[(closing, "sampled")] == "cancelled"
    assert check_plan_dir(out / "instance", out) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "officer_absent", "officer": "Z", "start": "2017-10-01", "end": "2017-10-02"}, "unknown officer 'Z'"),
        ({"kind": "visit_missed", "facility": "C1", "round": "nope"}, "no such visit"),
        ({"kind": "visit_moved", "facility": "C1", "round": "sampled", "date": "2017-09-01"}, "before --as-of"),
        ({"kind": "visit_done", "facility": "C1", "round": "sampled", "date": "2017-12-01"}, "not before --as-of"),
        ({"kind": "holiday", "date": "2017-10-01"}, "changes[0]"),
    ],
)
def test_bad_changes_exit_2_with_one_line(
    tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path, change: dict, message: str
) -> None:
    changes = tmp_path / "changes.yaml"
    changes.write_text(yaml.safe_dump({"changes": [change]}), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "replan",
            str(small_instance_dir),
            str(small_plan_dir),
            "--as-of",
            "2017-10-01",
            "--changes",
            str(changes),
            "--out",
            str(tmp_path / "out"),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_report_that_cannot_hold_is_explained_by_its_rule_group(
    tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path
) -> None:
    sampled = sorted(r["facility_id"] for r in _rows(small_plan_dir / "visits.csv") if r["round"] == "sampled")[0]
    outcome, out = _replan(
        tmp_path,
        small_instance_dir,
        small_plan_dir,
        [
            {"kind": "officer_absent", "officer": "B", "start": "2017-12-12", "end": "2017-12-12"},
            {"kind": "visit_moved", "facility": sampled, "round": "sampled", "date": "2017-12-12", "slot": "am", "officer": "B"},
        ],
    )
    assert outcome.exit_code == 3 and not out.exists()
    assert outcome.result.explanation[1:] == (
        f"  visit {sampled} (sampled) stays as reported: 2017-12-12 am, officer B (B is not available then)",
    )


def test_a_replan_until_a_date_keeps_everything_after_it(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> None:
    changes_file = tmp_path / "changes.yaml"
    changes_file.write_text(
        yaml.safe_dump({"changes": [{"kind": "officer_absent", "officer": "C", "start": "2017-10-01", "end": "2017-10-31"}]}),
        encoding="utf-8",
    )
    out = tmp_path / "replan"
    until = dt.date(2017, 10, 31)
    outcome = run_replan(
        small_instance_dir,
        small_plan_dir,
        AS_OF,
        changes_file,
        out,
        time_limit=60,
        seed=0,
        workers=1,
        documents=False,
        until=until,
    )
    assert outcome.exit_code == 0, outcome.summary
    after = until.isoformat()

    def later(plan_dir: Path, name: str) -> list[tuple[str, ...]]:
        return sorted(tuple(row.values()) for row in _rows(plan_dir / name) if row["date"] > after)

    for name in ("visits.csv", "roster.csv", "meetings.csv"):
        assert later(out, name) == later(small_plan_dir, name), name
    assert _history(out) == _history(small_plan_dir)
    assert not [r for r in _rows(out / "roster.csv") if r["officer_id"] == "C" and "2017-10-01" <= r["date"] <= after]
    assert check_plan_dir(out / "instance", out) == []


def test_until_before_as_of_is_a_one_line_error(tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path) -> None:
    changes_file = tmp_path / "changes.yaml"
    changes_file.write_text("changes: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["replan", str(small_instance_dir), str(small_plan_dir), "--as-of", "2017-10-01", "--until", "2017-09-01",
         "--changes", str(changes_file), "--out", str(tmp_path / "x"), "--quiet", "--no-documents"],
    )  # fmt: skip
    assert result.exit_code == 2 and "--until 2017-09-01 is before --as-of 2017-10-01" in result.output


def test_a_pin_whose_window_is_all_history_is_a_one_line_error(
    tmp_path: Path, small_instance_dir: Path, small_plan_dir: Path
) -> None:
    visit = next(r for r in _rows(small_plan_dir / "visits.csv") if r["round"] == "announced")  # May-June window
    changes = [{"kind": "visit_pinned", "facility": visit["facility_id"], "round": "announced", "officer": visit["officer_id"]}]
    changes_file = tmp_path / "pins.yaml"
    changes_file.write_text(yaml.safe_dump({"changes": changes}), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["replan", str(small_instance_dir), str(small_plan_dir), "--as-of", "2017-10-01", "--changes", str(changes_file),
         "--out", str(tmp_path / "x"), "--quiet", "--no-documents"],
    )  # fmt: skip
    assert result.exit_code == 2 and "no half-day of its window" in result.output
