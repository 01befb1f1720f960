"""planner ui's server: the safety rules, and every edit through the API on the small plan (no browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from planner.check import check_plan_dir
from planner.io.plan_files import read_plan_files
from planner.ui.server import COOKIE, CSRF_HEADER, Session, create_app
from planner.ui.workspace import EditRefused, Workspace


@pytest.fixture
def opened(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Session]]:
    published = tmp_path / "plan"
    shutil.copytree(small_plan_dir, published)
    session = Session(Workspace.open(small_instance_dir, published, tmp_path / "edited"))
    with TestClient(create_app(session, ["testserver"]), follow_redirects=False) as client:
        yield client, session


def _signed_in(client: TestClient, session: Session) -> TestClient:
    answer = client.get(f"/?token={session.token}")
    assert answer.status_code == 303 and COOKIE in answer.cookies
    return client


def _post(client: TestClient, session: Session, path: str, **body: object):
    return client.post(path, json={"version": session.workspace.version, **body}, headers={CSRF_HEADER: session.csrf})


def _free_move(client: TestClient, session: Session) -> tuple[str, dict]:
    plan = client.get("/api/plan").json()
    for visit in plan["visits"]:
        options = client.get("/api/options", params={"visit": visit["key"]}).json()["options"]
        free = [o for o in options if not o["current"] and not o["broken"] and o["change"] != 0]
        if free:
            return visit["key"], free[0]
    raise AssertionError("no visit of the small plan can move without breaking a rule")


def test_the_token_works_once_and_nothing_opens_without_the_cookie(opened) -> None:
    client, session = opened
    token = session.token
    assert client.get("/api/plan").status_code == 403
    assert client.get("/").status_code == 403
    _signed_in(client, session)
    assert client.get("/").status_code == 200
    fresh = TestClient(client.app, follow_redirects=False)
    assert fresh.get(f"/?token={token}").status_code == 403  # spent
    assert fresh.get("/api/plan").status_code == 403


def test_a_wrong_host_is_refused(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    assert client.get("/api/plan", headers={"Host": "attacker.example"}).status_code == 400


def test_writes_need_the_csrf_token_and_the_current_version(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    version = session.workspace.version
    assert client.post("/api/pin-announced", json={"version": version}).status_code == 403
    stale = client.post("/api/pin-announced", json={"version": version - 1}, headers={CSRF_HEADER: session.csrf})
    assert stale.status_code == 409 and "reload" in stale.json()["error"]
    assert session.workspace.version == version  # nothing changed


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/api/move", {"visit": "C1/nope", "date": "2017-05-10", "slot": "am", "officer": "A"}, 404, "C1"),
        ("/api/move", {"visit": "C1/announced", "date": "2019-05-10", "slot": "am", "officer": "A"}, 400, "window"),
        ("/api/move", {"visit": "C1/announced", "date": "2017-05-10", "slot": "noon", "officer": "A"}, 400, "window"),
        ("/api/move", {"visit": "C1/announced", "date": "2017-05-10"}, 400, "slot"),
        ("/api/pin", {"visit": "C1/announced", "how": "forever"}, 400, "place"),
        ("/api/replan/start", {"as_of": "2019-01-01"}, 400, "year"),
    ],
)
def test_a_bad_request_is_one_clear_error_and_changes_nothing(opened, path: str, body: dict, status: int, words: str) -> None:
    client, session = opened
    _signed_in(client, session)
    version = session.workspace.version
    answer = _post(client, session, path, **body)
    assert answer.status_code == status and words in answer.json()["error"], answer.json()
    assert session.workspace.version == version


def test_a_malformed_body_is_refused(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    answer = client.post("/api/undo", content=b"{not json", headers={CSRF_HEADER: session.csrf})
    assert answer.status_code == 400 and answer.json()["error"].startswith("bad request")


def test_move_prices_as_the_page_said_then_undo_and_redo(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    before = client.get("/api/plan").json()
    key, option = _free_move(client, session)
    after = _post(client, session, "/api/move", visit=key, date=option["date"], slot=option["slot"], officer=option["officer"])
    assert after.status_code == 200, after.json()
    moved = after.json()
    assert moved["objective"] - before["objective"] == option["change"]
    assert next(v for v in moved["visits"] if v["key"] == key)["moved"]
    assert moved["violations"] == []
    undone = _post(client, session, "/api/undo").json()
    assert undone["objective"] == before["objective"] and undone["can_redo"]
    redone = _post(client, session, "/api/redo").json()
    assert redone["objective"] == moved["objective"]


def test_a_move_breaking_a_rule_needs_confirmation_and_stays_marked(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    plan = client.get("/api/plan").json()
    for visit in plan["visits"]:
        options = client.get("/api/options", params={"visit": visit["key"]}).json()["options"]
        breaking = [o for o in options if o["broken"]]
        if breaking:
            break
    option = breaking[0]
    where = {"visit": visit["key"], "date": option["date"], "slot": option["slot"], "officer": option["officer"]}
    refused = _post(client, session, "/api/move", **where)
    assert refused.status_code == 409 and refused.json()["broken"][0]["rule"] == option["broken"][0]["rule"]
    made = _post(client, session, "/api/move", confirm=True, **where).json()
    assert {v["rule"] for v in made["violations"]} >= {option["broken"][0]["rule"]}
    assert next(v for v in made["visits"] if v["key"] == visit["key"])["broken"]


def test_a_pinned_visit_cannot_be_moved(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    key, option = _free_move(client, session)
    pinned = _post(client, session, "/api/pin", visit=key, how="place").json()
    assert next(v for v in pinned["visits"] if v["key"] == key)["pinned"]
    refused = _post(client, session, "/api/move", visit=key, date=option["date"], slot=option["slot"], officer=option["officer"])
    assert refused.status_code == 400 and "pinned" in refused.json()["error"]


def test_save_writes_a_plan_the_checker_passes_with_its_journal(opened, small_instance_dir: Path) -> None:
    client, session = opened
    _signed_in(client, session)
    key, option = _free_move(client, session)
    _post(client, session, "/api/move", visit=key, date=option["date"], slot=option["slot"], officer=option["officer"])
    saved = _post(client, session, "/api/save").json()
    out = Path(saved["saved"])
    assert check_plan_dir(small_instance_dir, out) == []
    facility, _, round_ = key.partition("/")
    row = next(r for r in read_plan_files(out).visits if (r.facility_id, r.round) == (facility, round_))
    assert (row.date.isoformat(), row.slot, row.officer_id) == (option["date"], option["slot"], option["officer"])
    journal = (out / "journal.yaml").read_text(encoding="utf-8")
    assert "visit_moved" in journal and facility in journal
    # Opened again, the workspace resumes from the saved folder.
    again = Workspace.open(small_instance_dir, session.workspace.published_dir, out)
    assert again.current.plan == session.workspace.current.plan


def test_meetings_and_duty_days_pin_and_unpin(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    plan = client.get("/api/plan").json()
    meeting = plan["meetings"][0]
    officer, date = next((officer, date) for date, officers in sorted(plan["duty"].items()) for officer in officers)
    pinned = _post(client, session, "/api/pin-meeting", meeting=meeting["id"], how="place").json()
    assert pinned["pinned_meetings"] == [meeting["id"]]
    pinned = _post(client, session, "/api/pin-duty", officer=officer, date=date, how="place").json()
    assert pinned["pinned_duty"] == [f"{officer} {date}"]
    kinds = [entry["kind"] for entry in pinned["journal"]]
    assert kinds == ["meeting_pinned", "duty_pinned"]
    off_duty = next(o["id"] for o in plan["officers"] if o["id"] not in plan["duty"][date])
    refused = _post(client, session, "/api/pin-duty", officer=off_duty, date=date, how="place")
    assert refused.status_code == 400 and "not on duty" in refused.json()["error"]
    unpinned = _post(client, session, "/api/pin-meeting", meeting=meeting["id"], how="none").json()
    assert unpinned["pinned_meetings"] == [] and unpinned["pinned_duty"] == [f"{officer} {date}"]


def test_a_set_of_offices_opens_one_office_at_a_time(small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path) -> None:
    from planner.cli import _ui_workspaces

    offices, plans = tmp_path / "offices", tmp_path / "plans"
    for office in ("east", "west"):
        shutil.copytree(small_instance_dir, offices / office)
        shutil.copytree(small_plan_dir, plans / office)
    (offices / "offices.yaml").write_text(
        "name: pair\noffices:\n  - {id: east, path: east}\n  - {id: west, path: west}\n", encoding="utf-8"
    )
    session = Session(*_ui_workspaces(offices, plans, tmp_path / "edited"))
    with TestClient(create_app(session, ["testserver"]), follow_redirects=False) as client:
        _signed_in(client, session)
        first = client.get("/api/plan").json()
        assert first["office"] == "east" and first["offices"] == ["east", "west"]
        pinned = _post(client, session, "/api/pin-announced", office="east").json()
        assert pinned["journal"]
        shown = _post(client, session, "/api/office", office="east", show="west").json()
        assert shown["office"] == "west" and shown["journal"] == []  # west has its own edits
        stale = _post(client, session, "/api/undo", office="east")
        assert stale.status_code == 409 and "another office" in stale.json()["error"]
        saved = _post(client, session, "/api/save", office="west").json()
        assert saved["saved"] == str(tmp_path / "edited" / "west")
        back = _post(client, session, "/api/office", office="west", show="east").json()
        assert back["journal"] == pinned["journal"]  # east's edits were kept


def test_a_replan_from_a_date_keeps_only_the_edits_from_that_date(opened) -> None:
    import datetime as dt

    _, session = opened
    workspace = session.workspace
    problem = workspace.problem
    by_date = sorted(workspace.current.plan.visits, key=lambda visit: visit.slot)
    name = [
        f"{problem.facilities[problem.visits[v.task].facility].id}/{problem.rounds[problem.visits[v.task].round].id}"
        for v in by_date
    ]
    early, late = name[0], name[-1]
    workspace.pin(early, "place", version=workspace.version)
    workspace.pin(late, "officer", version=workspace.version)
    middle = dt.date.fromisoformat(problem.day_labels[by_date[len(by_date) // 2].slot // 2])
    kept = workspace.replan_changes(middle).changes
    assert [f"{change.facility}/{change.round}" for change in kept] == [late]  # the early visit is history by then
    job = workspace.replan_job(middle, 5)
    assert job.published.document["instance"] == problem.name and job.base_plan == workspace.current.plan
    assert workspace.replan_changes(middle, until=middle).changes == []  # the late visit stands after the span
    assert (
        workspace.replan_changes(dt.date.fromisoformat(problem.day_labels[0]), until=middle).changes[0].facility
        == early.split("/")[0]
    )
    with pytest.raises(EditRefused, match="before as_of"):
        workspace.replan_job(middle, 5, until=middle - dt.timedelta(days=1))


def test_a_meeting_moves_to_an_option_priced_as_the_objective_changes(opened) -> None:
    client, session = opened
    _signed_in(client, session)
    before = client.get("/api/plan").json()
    for meeting in before["meetings"]:
        listed = client.get("/api/meeting-options", params={"meeting": meeting["id"]}).json()["options"]
        free = [o for o in listed if not o["current"] and not o["broken"]]
        if free:
            break
    option = free[0]
    assert [o["change"] for o in listed if o["current"]] == [0]
    moved = _post(client, session, "/api/move-meeting", meeting=meeting["id"], date=option["date"], slot=option["slot"]).json()
    assert moved["objective"] - before["objective"] == option["change"]
    assert moved["violations"] == [] and moved["pinned_meetings"] == [meeting["id"]]
    assert {m["date"] for m in moved["meetings"] if m["id"] == meeting["id"]} == {option["date"]}
    unknown = _post(client, session, "/api/move-meeting", meeting="nope", date=option["date"], slot="am")
    assert unknown.status_code == 404


def test_the_published_plan_is_never_the_save_folder(small_instance_dir: Path, small_plan_dir: Path) -> None:
    from planner.errors import InstanceError

    with pytest.raises(InstanceError, match="published plan itself"):
        Workspace.open(small_instance_dir, small_plan_dir, small_plan_dir)
