"""The benchmark suite in one command: the harness over the library's rungs, then the best-known table.

Each rung (FY2017, then 3x, 10 x 200, 20 x 400 and 40 x 800 officers x facilities) runs its
reporting shapes (211-215, never tuned on) with each configuration on the
wall-clock track, at the rung's limit; CP-SAT's configuration also on the deterministic track
with ``--deterministic``. Then every run is folded into ``benchmarks/best_known.csv``
(:mod:`benchmarks.best_known`: only checked, re-scored improvements), and a summary per rung,
configuration and track is printed (the README's table in short; ``--summarise`` prints it for
earlier runs).

    python benchmarks/suite.py [--rungs fy2017 3x 10x200 20x400 40x800] [--configs highs two-stage]
                               [--seeds 0] [--deterministic] [--no-update]
    python benchmarks/suite.py --summarise STEM [STEM ...]      # the summary table of earlier runs

Measured on 2 cores: fy2017 about 1 minute (5 seeds), 3x about 4, 10x200 about 11, 20x400 about
19, 40x800 about 45 (one seed each, both configurations).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SHAPES = (211, 212, 213, 214, 215)
RUNGS = {
    "fy2017": (("nishitokyo-fy2017",), 60.0, (0, 1, 2, 3, 4)),
    "3x": (tuple(f"3x-shape{shape}" for shape in SHAPES), 60.0, None),
    "10x200": (tuple(f"10x200-shape{shape}" for shape in SHAPES), 120.0, None),
    "20x400": (tuple(f"20x400-shape{shape}" for shape in SHAPES), 180.0, None),
    "40x800": (tuple(f"40x800-shape{shape}" for shape in SHAPES), 300.0, None),
}
"""Rung -> (library instances, limit in seconds or work units, its own seeds or None for ``--seeds``)."""


def rung_of(instance: str) -> str:
    """The rung a library instance belongs to (``10x200-shape212`` -> ``10x200``)."""
    return next((rung for rung, (instances, _, _) in RUNGS.items() if instance in instances), instance.split("-shape")[0])


def summary(stems: list[Path]) -> str:
    """Per rung, configuration and track over the runs of ``stems``: the README's table in short.

    Runs, the seeds they cover, how many the solver proved, the solve time (median and range), the gap on
    what the plan decides (median and worst, as the solver gave it) and the seconds to the first plan.
    """
    rows: list[dict[str, str]] = []
    for stem in stems:
        with open(f"{stem}.csv", newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((rung_of(row["instance"]), row["config"], row["track"]), []).append(row)
    order = {rung: index for index, rung in enumerate(RUNGS)}
    lines = [
        "| rung | config | track | runs | seeds | proven | solve s, median (range) | decided gap, median / worst | first plan s, median |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (rung, config, track), members in sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1:])):
        seeds = sorted({int(row["seed"]) for row in members})
        proven = sum(row["status"] == "OPTIMAL" for row in members)
        seconds = _numbers(members, "solve_s")
        decided = _numbers(members, "decided_gap")
        first = _numbers(members, "first_plan_s")
        lines.append(
            f"| {rung} | {config} | {track} | {len(members)} | {_span(seeds)} | {proven} of {len(members)} "
            f"| {_median(seconds, '{:.1f}')} ({_range(seconds, '{:.1f}')}) "
            f"| {_median(decided, '{:.2%}')} / {_max(decided, '{:.2%}')} | {_median(first, '{:.1f}')} |"
        )
    return "\n".join(lines) + "\n"


def _span(seeds: list[int]) -> str:
    return (
        str(seeds[0])
        if len(seeds) == 1
        else f"{seeds[0]}-{seeds[-1]}"
        if seeds == list(range(seeds[0], seeds[-1] + 1))
        else ", ".join(map(str, seeds))
    )


def _numbers(rows: list[dict[str, str]], column: str) -> list[float]:
    return [float(row[column]) for row in rows if row.get(column) not in (None, "")]


def _median(values: list[float], form: str) -> str:
    return form.format(statistics.median(values)) if values else "-"


def _max(values: list[float], form: str) -> str:
    return form.format(max(values)) if values else "-"


def _range(values: list[float], form: str) -> str:
    return f"{form.format(min(values))}-{form.format(max(values))}" if values else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summarise", nargs="+", type=Path, metavar="STEM", help="only print the summary of earlier runs")
    parser.add_argument("--rungs", nargs="+", choices=list(RUNGS), default=list(RUNGS))
    parser.add_argument("--configs", nargs="+", default=["highs", "two-stage"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--deterministic", action="store_true", help="CP-SAT's configurations on the deterministic track too")
    parser.add_argument("--no-update", action="store_true", help="leave the best-known table as it is")
    args = parser.parse_args()
    if args.summarise:
        print(summary(args.summarise), end="")
        return
    stems: list[Path] = []
    for rung in args.rungs:
        instances, limit, seeds = RUNGS[rung]
        tracks = ["wall-clock", "deterministic"] if args.deterministic else ["wall-clock"]
        before = set(RESULTS.glob("harness-*-manifest.json"))
        command = [
            sys.executable,
            str(ROOT / "benchmarks" / "harness.py"),
            "--instances",
            *instances,
            "--configs",
            *args.configs,
            "--tracks",
            *tracks,
            "--seeds",
            *map(str, seeds or args.seeds),
            "--limit",
            f"{limit:g}",
        ]
        print(f"{rung}: {' '.join(command[1:])}", flush=True)
        subprocess.run(command, check=True, cwd=ROOT)
        made = sorted(set(RESULTS.glob("harness-*-manifest.json")) - before)
        stems += [Path(str(path).removesuffix("-manifest.json")) for path in made]
    if not args.no_update:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "best_known.py"), "update", *map(str, stems)], check=True, cwd=ROOT
        )
    print(summary(stems), end="")


if __name__ == "__main__":
    main()
