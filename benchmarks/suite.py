"""The benchmark suite in one command: the harness over the library's rungs, then the best-known table.

Each rung (FY2017, then 3x, 10 x 200, 20 x 400 and 40 x 800 officers x facilities) runs its
reporting shapes (211-215, never tuned on) with each configuration on the
wall-clock track, at the rung's limit; CP-SAT's configuration also on the deterministic track
with ``--deterministic``. Then every run is folded into ``benchmarks/best_known.csv``
(:mod:`benchmarks.best_known`: only checked, re-scored improvements), and the harness's
aggregates and the table are printed.

    python benchmarks/suite.py [--rungs fy2017 3x 10x200 20x400 40x800] [--configs highs two-stage]
                               [--seeds 0] [--deterministic] [--no-update]

Measured on 2 cores: fy2017 about 1 minute (5 seeds), 3x about 6, 10x200 about 14, 40x800 about
45 (one seed each, both configurations).
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rungs", nargs="+", choices=list(RUNGS), default=list(RUNGS))
    parser.add_argument("--configs", nargs="+", default=["highs", "two-stage"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--deterministic", action="store_true", help="CP-SAT's configurations on the deterministic track too")
    parser.add_argument("--no-update", action="store_true", help="leave the best-known table as it is")
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
