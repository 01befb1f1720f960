"""Benchmark of ``planner ui``: page ready, options of a visit, move + re-check, re-plan with pins.

On FY2017 and a generated 10 officers x 200 facilities office (shape 212, one of the
ladder's reporting shapes), each solved first (``--solve-limit`` seconds). Through
the server's own API (Starlette's TestClient: the page's requests without a browser),
and, where Chromium is installed, the page in the browser:

- page ready: opening the plan (server side), and in Chromium from the address to the drawn month;
- options: ``GET /api/options`` for every visit of the plan (median, 95th percentile, worst);
- pricing: for ``--priced`` random options, the cost shown against the change of the
  plan's objective after the move (``POST /api/move``), to the unit; each move undone;
- move + re-check: ``POST /api/move`` (the independent checker runs on the whole plan);
- re-plan with 10 random pins (place, date or officer): its status, seconds and gap on
  what the plan decides, beside a fresh solve of the same work units;
- ``--pin-sets`` random sets of pins on FY2017, each re-planned: pinned items changed (must be 0).

    python benchmarks/ui.py [--solve-limit 60] [--priced 50] [--pin-sets 100] [--replan-limit 20]

Writes ``benchmarks/results/ui-<stamp>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FY2017 = ROOT / "instances" / "nishitokyo-fy2017"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _instances(scratch: Path, solve_limit: float) -> list[tuple[str, Path, Path]]:
    from planner.generate import GenerateSpec, write_generated
    from planner.pipeline import run_solve

    spec = GenerateSpec(officers=10, facilities=200, seed=0, shape=212)
    ward = scratch / spec.instance_name
    write_generated(spec, ward)
    found = []
    for label, instance in (("FY2017", FY2017), ("10x200 shape 212", ward)):
        plan = scratch / f"plan-{instance.name}"
        outcome = run_solve(instance, plan, time_limit=solve_limit, seed=0, documents=False)
        assert outcome.exit_code == 0, outcome.summary
        found.append((label, instance, plan))
    return found


def _client(instance: Path, plan: Path, out: Path) -> tuple[Any, Any, float]:
    from starlette.testclient import TestClient

    from planner.ui.server import CSRF_HEADER, Session, create_app
    from planner.ui.workspace import Workspace

    started = time.perf_counter()
    session = Session(Workspace.open(instance, plan, out))
    client = TestClient(create_app(session, ["testserver"]), follow_redirects=False)
    client.get(f"/?token={session.token}")
    client.get("/")
    client.get("/api/plan")
    opened = time.perf_counter() - started
    client.headers[CSRF_HEADER] = session.csrf
    return client, session, opened


def _keys(client: Any) -> list[str]:
    return [visit["key"] for visit in client.get("/api/plan").json()["visits"]]


def measure_api(instance: Path, plan: Path, out: Path, priced: int) -> dict[str, Any]:
    client, session, opened = _client(instance, plan, out)
    option_seconds = []
    options: dict[str, list[dict[str, Any]]] = {}
    for key in _keys(client):
        started = time.perf_counter()
        answer = client.get("/api/options", params={"visit": key})
        option_seconds.append(time.perf_counter() - started)
        options[key] = answer.json()["options"]
    rng = random.Random(0)
    pairs = [(key, option) for key, listed in options.items() for option in listed if not option["current"]]
    equal = 0
    move_seconds = []
    for key, option in rng.sample(pairs, min(priced, len(pairs))):
        before = client.get("/api/plan").json()
        started = time.perf_counter()
        after = client.post(
            "/api/move",
            json={"version": session.workspace.version, "visit": key, "confirm": True}
            | {name: option[name] for name in ("date", "slot", "officer")},
        ).json()
        move_seconds.append(time.perf_counter() - started)
        equal += after["objective"] - before["objective"] == option["change"]
        client.post("/api/undo", json={"version": session.workspace.version})
    return {
        "visits": len(options),
        "options_listed": sum(len(listed) for listed in options.values()),
        "open_seconds": round(opened, 3),
        "options_median_ms": round(1000 * statistics.median(option_seconds), 1),
        "options_p95_ms": round(1000 * _percentile(option_seconds, 0.95), 1),
        "options_worst_ms": round(1000 * max(option_seconds), 1),
        "priced": len(move_seconds),
        "priced_equal": equal,
        "move_median_ms": round(1000 * statistics.median(move_seconds), 1),
        "move_p95_ms": round(1000 * _percentile(move_seconds, 0.95), 1),
    }


def measure_browser(instance: Path, plan: Path, out: Path) -> float | None:
    """Seconds from the address to the drawn month in headless Chromium (None without Chromium)."""
    import re
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen(
        ["planner", "ui", str(instance), str(plan), "--out", str(out), "--no-browser"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        address = re.search(r"http://\S+", server.stdout.readline())
        assert address is not None
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            started = time.perf_counter()
            page.goto(address.group(0))
            page.wait_for_selector("#grid table")
            ready = time.perf_counter() - started
            browser.close()
        return round(ready, 3)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _pin_randomly(workspace: Any, rng: random.Random, count: int) -> None:
    problem = workspace.problem
    names = [
        f"{problem.facilities[problem.visits[v.task].facility].id}/{problem.rounds[problem.visits[v.task].round].id}"
        for v in workspace.current.plan.visits
    ]
    for name in rng.sample(names, count):
        workspace.pin(name, rng.choice(["place", "date", "officer"]), version=workspace.version)


def _replan(workspace: Any, limit: float) -> tuple[Any, float, Any]:
    """Re-plan from the year's first day (as the page does), in this process: (replanned, seconds, pins changed)."""
    from planner.pipeline import replan_of

    job = workspace.replan_job(dt.date.fromisoformat(workspace.problem.day_labels[0]), limit)
    started = time.perf_counter()
    replanned = replan_of(
        job.instance, job.published, job.changes, job.as_of, job.params, source="benchmark", published_dir=job.published_dir
    )
    return replanned, time.perf_counter() - started, _pins_changed(replanned, job.changes)


def _pins_changed(replanned: Any, changes: Any) -> int:
    if replanned.plan is None:
        return -1
    rows = {(row.facility_id, row.round): row for row in replanned.plan.visits}
    changed = 0
    for change in changes.changes:
        row = rows.get((change.facility, change.round))
        if row is None:
            changed += 1
            continue
        changed += bool(
            (change.date is not None and row.date != change.date.isoformat())
            or (change.slot is not None and row.slot != change.slot)
            or (change.officer is not None and row.officer_id != change.officer)
        )
    return changed


def measure_replan(instance: Path, plan: Path, out: Path, limit: float) -> dict[str, Any]:
    from planner.calendar import expand
    from planner.solve import SolveParams, solve
    from planner.ui.workspace import Workspace

    workspace = Workspace.open(instance, plan, out)
    _pin_randomly(workspace, random.Random(10), 10)
    replanned, seconds, changed = _replan(workspace, limit)
    fresh = solve(expand(workspace.instance), SolveParams(time_limit=limit, seed=0, workers=3, deterministic=True))
    return {
        "replan_status": replanned.result.status.value,
        "replan_seconds": round(seconds, 1),
        "replan_decided_gap": replanned.result.decided_gap,
        "replan_pins_changed": changed,
        "fresh_status": fresh.status.value,
        "fresh_decided_gap": fresh.decided_gap,
    }


def measure_pin_sets(plan: Path, out: Path, sets: int, limit: float) -> dict[str, Any]:
    from planner.ui.workspace import Workspace

    changed = failed = 0
    seconds = []
    for index in range(sets):
        workspace = Workspace.open(FY2017, plan, out)
        rng = random.Random(1000 + index)
        _pin_randomly(workspace, rng, rng.randint(1, 20))
        replanned, took, moved = _replan(workspace, limit)
        seconds.append(took)
        failed += moved < 0
        changed += max(0, moved)
        print(f"  pin set {index}: {replanned.result.status.value} in {took:.1f} s, pinned items changed {moved}", flush=True)
    return {
        "pin_sets": sets,
        "pinned_items_changed": changed,
        "without_plan": failed,
        "median_seconds": statistics.median(seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solve-limit", type=float, default=60.0)
    parser.add_argument("--priced", type=int, default=50)
    parser.add_argument("--pin-sets", type=int, default=100)
    parser.add_argument("--replan-limit", type=float, default=20.0, help="work units of each re-plan")
    parser.add_argument("--pin-set-limit", type=float, default=10.0, help="work units of each random pin set's re-plan")
    args = parser.parse_args()
    report: dict[str, Any] = {"stamp": dt.datetime.now().isoformat(timespec="seconds"), "rows": []}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        solved = _instances(scratch, args.solve_limit)
        for label, instance, plan in solved:
            row: dict[str, Any] = {"instance": label}
            row.update(measure_api(instance, plan, scratch / "edited-api", args.priced))
            row["browser_ready_seconds"] = measure_browser(instance, plan, scratch / "edited-browser")
            row.update(measure_replan(instance, plan, scratch / "edited-replan", args.replan_limit))
            print(json.dumps(row, ensure_ascii=False), flush=True)
            report["rows"].append(row)
        if args.pin_sets:
            report["pin_sets"] = measure_pin_sets(solved[0][2], scratch / "edited-pins", args.pin_sets, args.pin_set_limit)
            print(json.dumps(report["pin_sets"]), flush=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"ui-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (results / f"ui-{stamp}.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


def markdown(report: dict[str, Any]) -> str:
    keys = [key for key in report["rows"][0] if key != "instance"] if report["rows"] else []
    lines = ["| figure | " + " | ".join(row["instance"] for row in report["rows"]) + " |", "|---|" + "---|" * len(report["rows"])]
    for key in keys:
        lines.append(f"| {key} | " + " | ".join(str(row.get(key)) for row in report["rows"]) + " |")
    if "pin_sets" in report:
        lines += ["", f"Random pin sets on FY2017: {report['pin_sets']}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
