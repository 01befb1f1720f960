"""Many-office benchmark: a prefecture-like set of 60 generated offices on 2 local workers, then on Dask.

In one run:

1. the library's ``offices-60`` (``planner library offices-60``: ``planner generate --offices 60
   --seed 0``, mixed team sizes, outreach duties) into ``benchmarks/instances/offices-60/``
   (skipped when it is already there);
2. every office solved on the local process pool (``--processes``, default the cores), one
   CP-SAT thread and ``--time-limit`` work units each, no documents;
3. the same on a ``dask.distributed`` ``LocalCluster`` with as many single-threaded workers:
   its summary must equal the local pool's (timings aside);

then the expected wall time on N workers from the measured per-office times (list scheduling,
:func:`planner.executor.expected_seconds`).

    python benchmarks/offices.py [--offices 60] [--time-limit 5] [--processes 2]

Writes ``benchmarks/results/offices-<stamp>.csv`` (one row per office and run) and ``.md``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.executor import default_processes, expected_seconds  # noqa: E402
from planner.generate import write_office_set  # noqa: E402
from planner.library import OFFICE_SETS, materialise  # noqa: E402
from planner.offices.solve import OfficeSetOutcome, solve_office_set  # noqa: E402

TIMING = ("seconds", "worker_peak_mb")


def summary_rows(folder: Path) -> list[dict[str, str]]:
    with open(folder / "offices.csv", encoding="utf-8") as handle:
        return [{key: value for key, value in row.items() if key not in TIMING} for row in csv.DictReader(handle)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=60)
    parser.add_argument("--time-limit", type=float, default=5.0, help="work units per office")
    parser.add_argument("--processes", type=int, default=default_processes())
    args = parser.parse_args()
    name = f"offices-{args.offices}"
    index = ROOT / "benchmarks" / "instances" / name
    if name in OFFICE_SETS:
        materialise(name, index.parent)  # the library's set (offices-12, offices-60)
    elif not (index / "offices.yaml").exists():
        write_office_set(index, args.offices, seed=0)
    with tempfile.TemporaryDirectory() as scratch:
        local: OfficeSetOutcome = solve_office_set(
            index, Path(scratch) / "local", time_limit=args.time_limit, processes=args.processes, documents=False
        )
        print(f"local pool: {local.wall_seconds:.1f} s", flush=True)
        from dask.distributed import LocalCluster

        with LocalCluster(n_workers=args.processes, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            remote = solve_office_set(
                index, Path(scratch) / "dask", time_limit=args.time_limit, documents=False, address=cluster.scheduler_address
            )
        print(f"dask LocalCluster: {remote.wall_seconds:.1f} s", flush=True)
        same = summary_rows(Path(scratch) / "local") == summary_rows(Path(scratch) / "dask")
    seconds = [outcome.seconds for outcome in local.outcomes]
    planned = sum(1 for outcome in local.outcomes if outcome.figures)
    statuses: dict[str, int] = {}
    for outcome in local.outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    sizes = sorted(outcome.figures.get("officers", 0) for outcome in local.outcomes if outcome.figures)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / f"offices-{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "office",
                "status",
                "officers",
                "facilities",
                "local_seconds",
                "local_worker_peak_mb",
                "dask_seconds",
                "dask_worker_peak_mb",
                "waited_year",
                "gap",
            ]
        )
        for a, b in zip(local.outcomes, remote.outcomes):
            writer.writerow(
                [
                    a.office_id,
                    a.status,
                    a.figures.get("officers", ""),
                    a.figures.get("facilities", ""),
                    round(a.seconds, 2),
                    a.worker_peak_mb,
                    round(b.seconds, 2),
                    b.worker_peak_mb,
                    a.figures.get("waited_year", ""),
                    a.figures.get("gap", ""),
                ]
            )
    lines = [
        f"{args.offices} generated offices (seed 0), {args.time_limit:g} work units and 1 CP-SAT thread each, "
        f"{args.processes} workers, no documents, {stamp}",
        "",
        "| run | wall | offices planned | statuses | peak memory per worker | same summary as the local pool |",
        "|---|---|---|---|---|---|",
        f"| local process pool | {local.wall_seconds:.1f} s | {planned} of {len(local.outcomes)} | "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        + f" | {max(o.worker_peak_mb for o in local.outcomes):.0f} MB | - |",
        f"| dask LocalCluster | {remote.wall_seconds:.1f} s | {sum(1 for o in remote.outcomes if o.figures)} of "
        f"{len(remote.outcomes)} | - | {max(o.worker_peak_mb for o in remote.outcomes):.0f} MB | {'yes' if same else 'NO'} |",
        "",
        f"Teams of {sizes[0] if sizes else '-'}-{sizes[-1] if sizes else '-'} officers; per office "
        f"{min(seconds):.1f}-{max(seconds):.1f} s, mean {sum(seconds) / len(seconds):.1f} s. Expected wall time of the set:",
        "",
        "| workers | 1 | 2 | 4 | 8 | 16 | 32 | 60 |",
        "|---|---|---|---|---|---|---|---|",
        "| expected | " + " | ".join(f"{expected_seconds(seconds, n) / 60:.1f} min" for n in (1, 2, 4, 8, 16, 32, 60)) + " |",
    ]
    (results / f"offices-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written: {results / f'offices-{stamp}.csv'}, {results / f'offices-{stamp}.md'}")


if __name__ == "__main__":
    main()
