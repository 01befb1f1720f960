"""planner publish against a real CalDAV server (Radicale on localhost), read back with a CalDAV client."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import caldav
import icalendar
from click.testing import CliRunner

from planner.cli import cli
from planner.documents import write_documents


def _files(plan_dir: Path) -> dict[str, icalendar.Calendar]:
    return {
        str(p.relative_to(plan_dir)): icalendar.Calendar.from_ical(p.read_bytes())
        for folder in ("calendars", "facilities")
        for p in sorted((plan_dir / folder).glob("*.ics"))
    }


def server_events(url: str, user: str) -> dict[str, dict[str, icalendar.Event]]:
    """Every calendar of ``user`` on the server: collection id -> UID -> event."""
    principal = caldav.DAVClient(url=url, username=user, password="").principal()
    result = {}
    for calendar in principal.calendars():
        collection = str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
        result[collection] = {str(e.icalendar_component["UID"]): e.icalendar_component for e in calendar.events()}
    return result


def assert_round_trip(plan_dir: Path, url: str, user: str, instance: str) -> None:
    result = CliRunner().invoke(cli, ["publish", str(plan_dir), "--caldav", url, "--user", user])
    assert result.exit_code == 0, result.output
    files = _files(plan_dir)
    remote = server_events(url, user)
    assert len(remote) == len(files)
    for relative, calendar in files.items():
        folder, name = relative.split("/")
        collection = f"{instance}-{folder}-{name[:-4]}" if folder == "facilities" else f"{instance}-{name[:-4]}"
        local = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
        assert remote[collection].keys() == local.keys(), relative
        for uid, event in local.items():
            back = remote[collection][uid]
            for prop in ("DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
                assert back.decoded(prop) == event.decoded(prop), (relative, uid, prop)


def test_publish_round_trips_and_syncs_moves(
    caldav_server: str, small_plan_dir: Path, tmp_path: Path, small_instance, small_plan
) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan)
    assert_round_trip(plan, caldav_server, "small-office", "small")
    # Move one announced visit and drop the facility's other one: publishing again
    # updates the first in place (same UID, SEQUENCE 1) and removes the second.
    sampled = {v.facility_id: v for v in small_plan.visits if v.round == "sampled"}
    moved = next(v for v in small_plan.visits if v.round == "announced" and v.facility_id in sampled)
    dropped = sampled[moved.facility_id]
    new_date = (dt.date.fromisoformat(moved.date) + dt.timedelta(days=7)).isoformat()
    visits = tuple(dataclasses.replace(v, date=new_date) if v == moved else v for v in small_plan.visits if v != dropped)
    staging = tmp_path / "next"
    staging.mkdir()
    write_documents(small_instance, dataclasses.replace(small_plan, visits=visits), staging, previous=plan)
    for folder in ("calendars", "facilities"):
        shutil.rmtree(plan / folder)
        shutil.copytree(staging / folder, plan / folder)
    assert_round_trip(plan, caldav_server, "small-office", "small")
    remote = server_events(caldav_server, "small-office")[f"small-facilities-{moved.facility_id}"]
    assert len(remote) == 1
    (event,) = remote.values()
    assert event.decoded("DTSTART").date().isoformat() == new_date and int(event["SEQUENCE"]) == 1


def test_publish_errors_are_one_line_exit_2(tmp_path: Path, small_plan_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["publish", str(small_plan_dir), "--caldav", "http://127.0.0.1:9/", "--user", "x"])
    assert result.exit_code == 2 and "cannot reach the CalDAV server" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "plan.json").write_text('{"instance": "small"}', encoding="utf-8")
    result = runner.invoke(cli, ["publish", str(empty), "--caldav", "http://127.0.0.1:9/"])
    assert result.exit_code == 2 and "no calendars" in result.output
