"""FY2017 on a busy machine: is the plan proven within the limit while another process keeps a core busy?

A new user's machine is rarely idle. This runs ``planner solve`` on the shipped
FY2017 instance for several seeds, each beside a process that spins one core
(and, for comparison, alone), and reports per run: status, the calendar stage's
seconds and what stopped it, both stages' seconds, objective and bound.

    python benchmarks/busy.py                      # seeds 0-4, 10 s limit, busy and idle
    python benchmarks/busy.py --limit 10 --seeds 0 1 2 --workers 2

Writes ``benchmarks/results/busy-<stamp>.csv`` and ``.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FY2017 = ROOT / "instances" / "nishitokyo-fy2017"


def _spin(stop_at: float) -> None:
    """Keep one core busy until ``stop_at`` (a bounded loop: it ends by itself)."""
    while time.time() < stop_at:
        pass


def run(seed: int, limit: float, workers: int | None, busy: bool) -> dict[str, Any]:
    spinner = None
    if busy:
        spinner = multiprocessing.Process(target=_spin, args=(time.time() + limit * 4 + 30,), daemon=True)
        spinner.start()
        time.sleep(0.5)
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "plan"
            command = [sys.executable, "-m", "planner", "solve", str(FY2017), "--out", str(out), "--time-limit", str(limit)]
            command += ["--seed", str(seed), "--no-documents", "--quiet"] + (["--workers", str(workers)] if workers else [])
            started = time.perf_counter()
            process = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - started
            if process.returncode != 0:
                return {"seed": seed, "busy": busy, "status": f"exit {process.returncode}", "wall_s": round(wall, 1)}
            document = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    finally:
        if spinner is not None:
            spinner.terminate()
            spinner.join()
    calendar = document["stages"][0]
    return {
        "seed": seed,
        "busy": busy,
        "status": document["status"],
        "objective": document["objective"],
        "bound": document["bound"],
        "calendar_s": calendar["seconds"],
        "calendar_stopped_by": calendar["stopped_by"],
        "solve_s": document["solve_seconds"],
        "wall_s": round(wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--limit", type=float, default=10.0, help="--time-limit of each solve (seconds)")
    parser.add_argument("--workers", type=int, default=None, help="CP-SAT threads [the planner's default]")
    parser.add_argument("--idle", action=argparse.BooleanOptionalAction, default=True, help="also run each seed alone")
    args = parser.parse_args()
    rows = []
    for busy in [True] + ([False] if args.idle else []):
        for seed in args.seeds:
            row = run(seed, args.limit, args.workers, busy)
            rows.append(row)
            print(" ".join(f"{key}={value}" for key, value in row.items()), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with open(RESULTS / f"busy-{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(str(row.get(key, "")) for key in fields) + " |" for row in rows]
    for busy in (True, False):
        group = [row for row in rows if row["busy"] is busy]
        if group:
            proven = sum(row["status"] == "OPTIMAL" for row in group)
            lines.append(f"\n{'busy' if busy else 'idle'}: {proven} of {len(group)} proven optimal within {args.limit:g} s")
    table = "\n".join(lines) + "\n"
    (RESULTS / f"busy-{stamp}.md").write_text(f"# FY2017 beside a busy core, {stamp}\n\n{table}", encoding="utf-8")
    print(table)
    print(f"written: benchmarks/results/busy-{stamp}.csv, .md")


if __name__ == "__main__":
    main()
