"""What-if benchmark: 20 FY2017 scenarios on the local pool, the rerun from the cache, the same on Dask.

The 20 scenarios are the base, the shipped scenario files and a grid of staffing
and demand changes (``planner.scenario.grid``). In one run:

1. the local process pool (``--processes``, default the cores) with an empty cache;
2. the same scenarios again (every one from the cache);
3. a ``dask.distributed`` ``LocalCluster`` with as many single-threaded worker
   processes and an empty cache: its figures must equal the local pool's;

then the expected wall time of a 100-scenario sweep on N workers, from the
measured per-scenario times (greedy list scheduling, :func:`planner.executor.expected_seconds`).

    python benchmarks/whatif.py [--time-limit 5] [--processes 2]

Writes ``benchmarks/results/whatif-<stamp>.csv`` (one row per scenario and run)
and ``.md`` (the tables the README shows).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.executor import default_processes, expected_seconds  # noqa: E402
from planner.io.readers import load_instance, load_scenario  # noqa: E402
from planner.scenario import BASE_SCENARIO, Scenario  # noqa: E402
from planner.scenario.grid import scenario_of  # noqa: E402
from planner.solve import SolveParams  # noqa: E402
from planner.whatif.compare import Comparison, run_scenarios  # noqa: E402

FY2017 = ROOT / "instances" / "nishitokyo-fy2017"
GRID = (
    {"season_staff": 2},
    {"season_staff": 1, "staffing.headcount.thu": 2},
    {"season_demand": 0.8},
    {"season_demand": 1.5},
    {"officers": 4},
    {"officers": 5},
    {"officers": 6},
    {"officers": 4, "season_staff": 1},
    {"weights.duty_swaps": 0},
    {"staffing.headcount.mon": 3},
    {"rounds.sampled.sample_size": 12},
)


def scenarios(base: object) -> list[Scenario]:
    shipped = [load_scenario(path) for path in sorted((FY2017 / "scenarios").glob("*.yaml"))]
    return [BASE_SCENARIO, *shipped, *(scenario_of(base, settings) for settings in GRID)]  # type: ignore[arg-type]


def timed(label: str, run: object) -> tuple[Comparison, float]:
    started = time.perf_counter()
    comparison = run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"{label}: {len(comparison.outcomes)} scenarios in {seconds:.1f} s", flush=True)
    return comparison, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0, help="work units per scenario")
    parser.add_argument("--processes", type=int, default=default_processes())
    args = parser.parse_args()
    base = load_instance(FY2017)
    chosen = scenarios(base)
    settings = SolveParams(time_limit=args.time_limit, seed=0, workers=1, deterministic=True)
    with tempfile.TemporaryDirectory() as scratch:
        local_cache, dask_cache = Path(scratch) / "local", Path(scratch) / "dask"
        local, local_seconds = timed(
            "local pool", lambda: run_scenarios(base, chosen, settings, local_cache, processes=args.processes)
        )
        rerun, rerun_seconds = timed(
            "rerun (cache)", lambda: run_scenarios(base, chosen, settings, local_cache, processes=args.processes)
        )
        from dask.distributed import LocalCluster

        with LocalCluster(n_workers=args.processes, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            remote, dask_seconds = timed(
                "dask LocalCluster", lambda: run_scenarios(base, chosen, settings, dask_cache, address=cluster.scheduler_address)
            )
    same = [a.figures == b.figures and a.status == b.status for a, b in zip(local.outcomes, remote.outcomes)]
    task_seconds = [outcome.seconds for outcome in local.outcomes]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / f"whatif-{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["scenario", "status", "local_seconds", "dask_seconds", "same_figures", "waited_year", "gap"])
        for a, b, equal in zip(local.outcomes, remote.outcomes, same):
            writer.writerow(
                [
                    a.name,
                    a.status,
                    round(a.seconds, 2),
                    round(b.seconds, 2),
                    equal,
                    a.figures.waited_year if a.figures else "",
                    a.figures.gap if a.figures else "",
                ]
            )
    lines = [
        f"FY2017, {len(chosen)} scenarios, {args.time_limit:g} work units each, 1 CP-SAT thread, "
        f"{args.processes} processes, {stamp}",
        "",
        "| run | wall | scenarios solved | same figures as the local pool |",
        "|---|---|---|---|",
        f"| local process pool | {local_seconds:.1f} s | {sum(not o.cached for o in local.outcomes)} | - |",
        f"| rerun (cache) | {rerun_seconds:.1f} s | {sum(not o.cached for o in rerun.outcomes)} | "
        f"{sum(a.figures == b.figures for a, b in zip(local.outcomes, rerun.outcomes))} of {len(chosen)} |",
        f"| dask LocalCluster ({args.processes} workers) | {dask_seconds:.1f} s | "
        f"{sum(not o.cached for o in remote.outcomes)} | {sum(same)} of {len(chosen)} |",
        "",
        f"Per scenario: {min(task_seconds):.1f}-{max(task_seconds):.1f} s, mean {sum(task_seconds) / len(task_seconds):.1f} s. "
        "Expected wall time of a 100-scenario sweep (these times, cycled):",
        "",
        "| workers | 1 | 2 | 4 | 8 | 16 | 32 |",
        "|---|---|---|---|---|---|---|",
        "| expected | "
        + " | ".join(f"{expected_seconds(task_seconds, n, 100) / 60:.1f} min" for n in (1, 2, 4, 8, 16, 32))
        + " |",
    ]
    (results / f"whatif-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written: {results / f'whatif-{stamp}.csv'}, {results / f'whatif-{stamp}.md'}")


if __name__ == "__main__":
    main()
