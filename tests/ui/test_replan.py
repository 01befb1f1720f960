"""The page's re-plan: pins and hand moves kept, the journal replays it exactly, Cancel stops it."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from planner.io.plan_files import read_plan_files
from planner.replan.changes import VisitMoved, VisitPinned
from planner.ui.replanning import Replanner, ReplanOutcome
from planner.ui.workspace import JOURNAL, REPLAN_BASE, Workspace

pytestmark = pytest.mark.slow  # each re-plan is a solve in a process of its own


def _wait(replanner: Replanner, seconds: float = 120) -> ReplanOutcome:
    deadline = time.monotonic() + seconds
    while replanner.outcome is None and time.monotonic() < deadline:
        time.sleep(0.2)
        replanner.poll()
    assert replanner.outcome is not None, "the re-plan did not finish"
    return replanner.outcome


def _names(workspace: Workspace) -> list[str]:
    problem = workspace.problem
    return [
        f"{problem.facilities[problem.visits[v.task].facility].id}/{problem.rounds[problem.visits[v.task].round].id}"
        for v in workspace.current.plan.visits
    ]


def test_replan_keeps_pins_and_moves_and_the_journal_replays_it(
    small_instance_dir: Path, small_plan_dir: Path, tmp_path: Path
) -> None:
    published = tmp_path / "plan"
    shutil.copytree(small_plan_dir, published)
    workspace = Workspace.open(small_instance_dir, published, tmp_path / "edited")
    rng = random.Random(3)
    names = _names(workspace)
    moved_name = None
    for name in names:
        options = [o for o in workspace.options(name)["options"] if not o["current"] and not o["broken"]]
        if options:
            option = rng.choice(options)
            workspace.move(name, option["date"], option["slot"], option["officer"], confirm=False, version=workspace.version)
            moved_name = name
            break
    assert moved_name is not None
    for name, how in zip(rng.sample([n for n in names if n != moved_name], 3), ("place", "date", "officer")):
        workspace.pin(name, how, version=workspace.version)
    problem = workspace.problem
    meeting = workspace.current.plan.meetings[-1]
    meeting_id, meeting_date = problem.meetings[meeting.meeting].id, problem.day_labels[meeting.day]
    workspace.pin_meeting(meeting_id, "place", version=workspace.version)
    officer, day = sorted(workspace.current.plan.duty)[len(workspace.current.plan.duty) // 2]
    duty = (problem.officers[officer].id, problem.day_labels[day])
    workspace.pin_duty(*duty, "place", version=workspace.version)
    as_of = dt.date.fromisoformat(problem.day_labels[0])
    job = workspace.replan_job(as_of, 10, seed=0, workers=2)
    replanner = Replanner()
    replanner.start(job)
    outcome = _wait(replanner)
    assert outcome.plan is not None, outcome.reason
    workspace.accept(outcome.plan, job, outcome.status, version=workspace.version)
    assert workspace.current.violations == ()
    out = workspace.save(version=workspace.version)

    saved = read_plan_files(out)
    assert {row.date.isoformat() for row in saved.meetings if row.meeting_id == meeting_id} == {meeting_date}
    assert any((row.officer_id, row.date.isoformat()) == duty for row in saved.roster)
    rows = {(r.facility_id, r.round): r for r in saved.visits}
    for change in workspace.current.journal:
        if not isinstance(change, (VisitMoved, VisitPinned)):
            continue
        row = rows[change.facility, change.round]
        if change.date is not None:
            assert row.date == change.date
        if change.slot is not None:
            assert row.slot == change.slot
        if change.officer is not None:
            assert row.officer_id == change.officer
    assert sum(isinstance(change, VisitPinned) for change in workspace.current.journal) == 3

    replay = tmp_path / "replay"
    command = (out / JOURNAL).read_text(encoding="utf-8").splitlines()[1]
    assert "--deterministic" in command and "--seed 0 --workers 2" in command
    base = out / REPLAN_BASE
    run = subprocess.run(
        [
            "planner", "replan", str(small_instance_dir), str(base), "--as-of", as_of.isoformat(),
            "--changes", str(base / "changes.yaml"), "--deterministic", "--time-limit", "10", "--seed", "0",
            "--workers", "2", "--out", str(replay), "--quiet", "--no-documents",
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for name in ("visits.csv", "roster.csv", "meetings.csv", "counter.csv"):
        assert (out / name).read_text(encoding="utf-8") == (replay / name).read_text(encoding="utf-8"), name


def test_cancel_stops_the_replan_at_once(fy2017_workspace: Workspace) -> None:
    workspace = fy2017_workspace
    replanner = Replanner()
    job = workspace.replan_job(dt.date(2017, 4, 3), 600, seed=0, workers=2)
    replanner.start(job)
    time.sleep(2)
    assert replanner.running
    started = time.monotonic()
    replanner.cancel()
    assert time.monotonic() - started < 6
    assert not replanner.running and replanner.outcome is not None and replanner.outcome.status == "CANCELLED"


@pytest.fixture
def fy2017_workspace(fy2017_plan, tmp_path: Path) -> Workspace:
    from tests.conftest import FY2017

    out, run = fy2017_plan
    assert run.returncode == 0, run.stderr
    return Workspace.open(FY2017, out, tmp_path / "edited")
