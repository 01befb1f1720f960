"""Benchmark the planner: time, objective, bound and memory per instance and configuration.

Each run happens in its own process (clean memory figures). Prints a table and
writes ``benchmarks/results/<stamp>.csv`` and ``.json``. Beside the solver's
figures, each run reports the expected visitor-minutes waited at the counter
for the plan and for the earliest-free-slot baseline (:mod:`planner.baseline`:
the same roster and meetings, each visit at the first free half-day of its window).

    python benchmarks/run.py                       # FY2017, seeds 0-2, tuned vs default portfolio, 2 workers
    python benchmarks/run.py --seeds 0 --workers 1 --workers 2 --time-limit 120
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def run_one(instance: str, seed: int, workers: int, time_limit: float, portfolio: str) -> dict:
    """Solve once in this process and report (called in a child process)."""
    from planner.calendar import expand
    from planner.io.readers import load_instance
    from planner.solve import SolveParams, solve

    started = time.perf_counter()
    problem = expand(load_instance(instance))
    expanded = time.perf_counter()
    result = solve(problem, SolveParams(time_limit=time_limit, seed=seed, workers=workers, portfolio=portfolio))
    waited = baseline_waited = documents_s = documents_kb = None
    if result.solution is not None:
        from planner.baseline import earliest_free_slot_visits
        from planner.kpis import visitor_minutes_waited

        waited = visitor_minutes_waited(problem, result.solution)
        baseline_waited = visitor_minutes_waited(problem, earliest_free_slot_visits(problem, result.solution))
        documents_s, documents_kb = _documents(instance, problem, result)
    return {
        "instance": Path(instance).name,
        "seed": seed,
        "workers": workers,
        "portfolio": portfolio,
        "time_limit": time_limit,
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "gap": None if result.gap is None else round(result.gap, 5),
        "visitor_minutes": waited,
        "baseline_visitor_minutes": baseline_waited,
        "load_expand_s": round(expanded - started, 3),
        "solve_s": round(result.solve_seconds, 2),
        "documents_s": documents_s,
        "documents_kb": documents_kb,
        "variables": result.model_size.get("variables"),
        "constraints": result.model_size.get("constraints"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _documents(instance: str, problem, result) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds to build the plan and write every document (calendars, workbook, notices, report), and their size."""
    import tempfile

    from planner.documents import write_documents
    from planner.io.readers import load_instance
    from planner.plan import make_plan

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        written = write_documents(load_instance(instance), make_plan(problem, result), Path(folder))
        size = sum(path.stat().st_size for path in written)
    return round(time.perf_counter() - started, 2), round(size / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", action="append", default=None, help="instance directory (repeatable)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--workers", type=int, action="append", default=None)
    parser.add_argument("--portfolio", action="append", choices=["tuned", "default"], default=None)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(**json.loads(args.child))))
        return
    instances = args.instance or [str(ROOT / "instances" / "nishitokyo-fy2017")]
    rows = []
    for instance in instances:
        for portfolio in args.portfolio or ["tuned", "default"]:
            for workers in args.workers or [2]:
                for seed in args.seeds:
                    spec = {
                        "instance": instance,
                        "seed": seed,
                        "workers": workers,
                        "time_limit": args.time_limit,
                        "portfolio": portfolio,
                    }
                    child = subprocess.run(
                        [sys.executable, __file__, "--child", json.dumps(spec)],
                        capture_output=True,
                        text=True,
                        check=True,
                        cwd=ROOT,
                    )
                    row = json.loads(child.stdout.strip().splitlines()[-1])
                    rows.append(row)
                    print(_format(row), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    with open(RESULTS / f"{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "cpus": _cpus()}
    (RESULTS / f"{stamp}.json").write_text(json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"written: benchmarks/results/{stamp}.csv and .json")


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def _format(row: dict) -> str:
    gap = "-" if row["gap"] is None else f"{100 * row['gap']:.2f}%"
    objective = "-" if row["objective"] is None else f"{row['objective']:.0f}"
    bound = "-" if row["bound"] is None else f"{row['bound']:.0f}"
    return (
        f"{row['instance']:<20} {row['portfolio']:<8} w={row['workers']} seed={row['seed']}  {row['status']:<9}"
        f" obj {objective:>7} bound {bound:>7} gap {gap:>7}  solve {row['solve_s']:>6.1f}s"
        f"  waited {row['visitor_minutes']} (earliest-slot baseline {row['baseline_visitor_minutes']})"
        f"  documents {row['documents_s']}s/{row['documents_kb']} kB  vars {row['variables']}  rss {row['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
