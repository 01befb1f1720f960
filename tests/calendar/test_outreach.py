"""Outreach duties: the days they are held, planned as meetings, checked, and shown in every document."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from planner.calendar import expand
from planner.calendar.outreach import occurrences
from planner.calendar.workdays import working_days
from planner.check.checker import check_plan_dir
from planner.domain import Outreach
from planner.errors import InstanceError
from planner.io.readers import load_instance
from tests.conftest import make_instance, make_spec, write_instance

WEEKLY = {
    "id": "tue-hall",
    "site": "柳沢公民館",
    "weekday": "tue",
    "slot": "pm",
    "officers": 1,
    "start": "2017-04-01",
    "end": "2017-06-30",
}
MONTHLY = {"id": "playroom", "site": "ひばりが丘児童センター", "weekday": "wed", "nth": 2, "slot": "am", "officers": 1}


def days_of(rule: dict) -> list[str]:
    instance = make_instance(outreach=[rule])
    spec = instance.spec
    return [
        day.isoformat()
        for day in occurrences(spec.outreach[0], working_days(spec.year, spec.closures), spec.year.start, spec.year.end)
    ]


def test_a_weekly_outreach_is_held_every_working_tuesday_of_its_period():
    # April-June 2017 has 13 Tuesdays; none is a national holiday (3 May, Constitution Day, is a Wednesday).
    held = days_of(WEEKLY)
    assert len(held) == 13 and held[0] == "2017-04-04" and held[-1] == "2017-06-27"


def test_a_monthly_outreach_is_held_on_the_nth_weekday_and_not_moved_off_a_holiday():
    held = days_of(MONTHLY)
    # The second Wednesday of each month, April 2017 to March 2018: 12 dates, all working days.
    assert held[:3] == ["2017-04-12", "2017-05-10", "2017-06-14"] and len(held) == 12
    # Three second Mondays are holidays: Sports Day (9 Oct), Coming of Age Day (8 Jan) and the substitute
    # holiday for National Foundation Day (12 Feb). They are not held, and not moved to another day.
    mondays = days_of({**MONTHLY, "weekday": "mon"})
    assert {"2017-10-09", "2018-01-08", "2018-02-12"}.isdisjoint(mondays) and len(mondays) == 12 - 3
    assert "2017-07-10" in mondays and "2017-10-16" not in mondays


def test_each_occurrence_is_a_fixed_meeting_of_its_officers():
    problem = expand(make_instance(outreach=[WEEKLY]))
    outreach = [meeting for meeting in problem.meetings if meeting.kind == "outreach"]
    assert len(outreach) == 13
    first = outreach[0]
    assert first.id == "tue-hall@2017-04-04" and first.attendees == 1
    assert [option.slots for option in first.options] == [(2 * problem.day_index["2017-04-04"] + 1,)]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({**WEEKLY, "officers": 3}, "outreach[tue-hall].officers: 3 officers asked but the team has only 2"),
        ({**WEEKLY, "end": "2018-04-30"}, "outreach[tue-hall].end: 2018-04-30..2018-04-30 lies outside fiscal year 2017"),
        ({**WEEKLY, "weekday": "sat"}, "weekday"),
        ({**WEEKLY, "nth": 6}, "nth"),
    ],
)
def test_a_bad_outreach_rule_names_its_key(tmp_path: Path, rule: dict, words: str):
    directory = write_instance(tmp_path / "bad", make_spec(outreach=[rule]), [])
    with pytest.raises(InstanceError, match=None) as raised:
        load_instance(directory)
    assert words in str(raised.value) and "instance.yaml" in str(raised.value)


def test_outreach_model_defaults():
    rule = Outreach.model_validate({"id": "x", "site": "公民館", "weekday": "fri"})
    assert (rule.slot, rule.officers, rule.nth) == ("pm", 1, None)
    assert rule.title == "出張相談（公民館）"


@pytest.fixture(scope="module")
def outreach_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from planner.pipeline import run_solve
    from tests.conftest import SMALL_FACILITIES, small_spec

    root = tmp_path_factory.mktemp("outreach")
    spec = small_spec()
    spec["name"] = "small-outreach"
    spec["outreach"] = [WEEKLY, MONTHLY]
    instance_dir = write_instance(root / "instance", spec, SMALL_FACILITIES)
    outcome = run_solve(instance_dir, root / "plan", time_limit=60, seed=0, workers=1)
    assert outcome.exit_code == 0, outcome.summary
    return instance_dir, root / "plan"


def test_the_plan_holds_every_occurrence_with_its_officers_on_duty_and_passes_the_checker(outreach_plan):
    instance_dir, plan_dir = outreach_plan
    with open(plan_dir / "meetings.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if "@" in row["meeting_id"]]
    assert len({row["meeting_id"] for row in rows if row["meeting_id"].startswith("tue-hall@")}) == 13
    assert len({row["meeting_id"] for row in rows if row["meeting_id"].startswith("playroom@")}) == 12
    assert all(row["slot"] == ("pm" if row["meeting_id"].startswith("tue-hall") else "am") for row in rows)
    with open(plan_dir / "visits.csv", encoding="utf-8") as handle:
        busy = {(row["date"], row["slot"], row["officer_id"]) for row in csv.DictReader(handle)}
    assert not busy & {(row["date"], row["slot"], row["officer_id"]) for row in rows}
    assert check_plan_dir(instance_dir, plan_dir) == []


def _without_rows(source: Path, target: Path, keep) -> Path:
    import shutil

    shutil.copytree(source, target)
    with open(source / "meetings.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(target / "meetings.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(row for row in rows if keep(row))
    return target


def test_the_checker_finds_a_missing_occurrence(outreach_plan, tmp_path: Path):
    instance_dir, plan_dir = outreach_plan
    broken = _without_rows(plan_dir, tmp_path / "plan", lambda row: row["meeting_id"] != "playroom@2017-05-10")
    found = [str(v) for v in check_plan_dir(instance_dir, broken) if v.rule == "meeting_held"]
    assert found == ["meetings: playroom@2017-05-10 is not held"]


def test_the_checker_finds_an_occurrence_on_a_day_the_rule_does_not_give(outreach_plan, tmp_path: Path):
    instance_dir, plan_dir = outreach_plan
    broken = _without_rows(plan_dir, tmp_path / "plan", lambda row: True)
    with open(broken / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("tue-hall@2017-07-04,2017-07-04,pm,A\n")  # after the rule's end
    found = [str(v) for v in check_plan_dir(instance_dir, broken) if v.rule == "meeting_known"]
    assert found == ["meetings: unknown meeting 'tue-hall@2017-07-04'"]


def test_outreach_is_shown_in_every_calendar_and_document(outreach_plan):
    from openpyxl import load_workbook

    _, plan_dir = outreach_plan
    with open(plan_dir / "meetings.csv", encoding="utf-8") as handle:
        first = next(row for row in csv.DictReader(handle) if row["meeting_id"] == "tue-hall@2017-04-04")
    officer_calendar = (plan_dir / "calendars" / f"officer-{first['officer_id']}.ics").read_text(encoding="utf-8")
    assert "出張相談（柳沢公民館）" in officer_calendar.replace("\r\n ", "")
    assert "20170404T130000" in officer_calendar
    office = (plan_dir / "calendars" / "office.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "出張相談（柳沢公民館）" in office and "出張相談（ひばりが丘児童センター）" in office
    workbook = load_workbook(plan_dir / "plan.xlsx")
    april = [cell.value for row in workbook.worksheets[1].iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("出張相談" in value for value in april)
    assert "出張相談（柳沢公民館）" in (plan_dir / "report.html").read_text(encoding="utf-8")
    # Nothing of it goes to the facilities: their notices are about visits only.
    notices = "".join(path.read_text(encoding="utf-8") for path in (plan_dir / "facilities").glob("*.html"))
    assert "出張相談" not in notices
    assert dt.date(2017, 4, 4).isoformat() == first["date"]
