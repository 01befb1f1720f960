"""Benchmark harness: configurations x instances x seeds on two tracks, with anytime figures.

Each run solves one library instance (:mod:`planner.library`) in a fresh interpreter under a
memory cap (a crash, the cap or a time-out is a row too) and records, beside the solver's status,
objective, bound and gaps as the solver gave them:

- seconds to the first plan and to a plan within 1 % of the best known objective;
- the primal integral against the best known (Berthold's: the integral over the run of
  ``|z(t) - z*| / max(|z(t)|, |z*|)``, 1 while there is no plan; lower is better) and CP-SAT's own
  gap integral (the same with the run's own bound instead of ``z*``), both in seconds;
- peak memory, and the independent checker's verdict on the plan;
- the calendar stage's objective and bound over time (``<stem>-trajectory.csv``), the objective
  plus what the officers' stage added at the end (so that it is a whole objective, as the best
  known is; a one-stage model's is its own).

The best known objective of an instance and seed (the seed is part of the objective) is the lower
of the best-known table's (``benchmarks/best_known.csv``) and the best final objective of this set's
runs whose plan the checker passed. Two tracks:

- ``deterministic``: one thread, stopped by work units (``--limit`` of them): a rerun gives the
  same plan;
- ``wall-clock``: the default threads, stopped by seconds (``--limit`` of them).

Per configuration and track: medians, the shifted geometric mean of the time to 1 % (shift 10 s,
a run that never got there counted at its horizon: the limit on the wall-clock track, its own wall
time on the deterministic one, whose limit is in work units), how many runs got there, a performance
profile (``<stem>-profile.png``) and the best score over time per instance (``<stem>-over-time.png``).
A manifest (CPU, cores, OR-Tools, commit, arguments) goes with the results.

    python benchmarks/harness.py [--instances nishitokyo-fy2017 10x200-shape211 ...] [--configs two-stage per-officer]
                                 [--seeds 0 1 2 3 4] [--tracks deterministic wall-clock] [--limit 60]

Writes ``benchmarks/results/harness-<stamp>.csv`` (a row per run), ``-trajectory.csv``,
``.md`` (the aggregates) and ``-manifest.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.children import run_child  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
LIBRARY_DIR = ROOT / "benchmarks" / "instances"
CONFIGS: dict[str, dict[str, Any]] = {
    "two-stage": {"model": "two-stage", "solver": "cp-sat"},
    "per-officer": {"model": "per-officer", "solver": "cp-sat"},
    "highs": {"model": "two-stage", "solver": "highs"},
    "scip": {"model": "two-stage", "solver": "scip"},
}
"""Named solver configurations (:class:`planner.solve.SolveParams` overrides): ``two-stage`` and
``per-officer`` are CP-SAT's (the two models); ``highs`` solves the
calendar stage's model as a MIP with HiGHS (:mod:`planner.solve.mip`); it has no work units, so it
runs on the wall-clock track only (where it proves within the limit, a rerun gives the same plan)."""
TRACKS = ("deterministic", "wall-clock")
MEMORY_CAP_GB = 16.0
SHIFT_SECONDS = 10.0
TARGET = 0.01
"""A run reaches the target when its objective is within 1 % of the best known."""
PROGRESS = re.compile(
    r"^\s*(?P<seconds>[\d.]+)\s?s\s+(?P<stage>\S+)\s+objective\s+(?P<objective>-|\d+)(?:\s+bound\s+(?P<bound>-?\d+))?"
)
"""A progress line of :func:`planner.solve.solve`: a plan (or none yet) and, but for the window phase's lines, the bound."""


def run_one(spec: dict[str, Any]) -> dict[str, Any]:
    """One run, in this (child) process: the row, with the calendar stage's trajectory in it."""
    from planner.calendar import expand
    from planner.check import check_plan
    from planner.io.readers import load_instance
    from planner.io.writers import plan_files_of, write_plan_files
    from planner.library import materialise
    from planner.plan import make_plan
    from planner.solve import SolveParams, default_workers, solve

    instance = load_instance(materialise(spec["instance"], LIBRARY_DIR))
    problem = expand(instance)
    deterministic = spec["track"] == "deterministic"
    params = SolveParams(
        time_limit=spec["limit"],
        seed=spec["seed"],
        workers=1 if deterministic else default_workers(),
        deterministic=deterministic,
        **CONFIGS[spec["config"]],
    )
    trajectory: list[tuple[float, float | None, float | None]] = []

    def note(line: str) -> None:
        found = PROGRESS.match(line)
        if found and found["stage"] != "officers":
            # A bound-only line ("objective -") after a plan keeps that plan.
            objective = float(found["objective"]) if found["objective"] != "-" else (trajectory[-1][1] if trajectory else None)
            bound = float(found["bound"]) if found["bound"] is not None else (trajectory[-1][2] if trajectory else None)
            trajectory.append((float(found["seconds"]), objective, bound))

    result = solve(problem, params, note)
    if result.objective is not None and len(result.stages) > 1 and result.stages[0].objective is not None:
        # The trajectory is the calendar stage's; the officers' terms named after it are added to every point,
        # so that it is measured against whole objectives (the best known is one).
        offset = result.objective - result.stages[0].objective
        trajectory = [(seconds, None if z is None else z + offset, bound) for seconds, z, bound in trajectory]
    verdict = None
    if result.solution is not None:
        plan = make_plan(problem, result)
        violations = check_plan(instance, plan_files_of(plan))
        verdict = "ok" if not violations else f"{len(violations)} violations ({violations[0].rule})"
        if spec.get("plan_dir"):  # kept for benchmarks/best_known.py (a run's plans stay out of git)
            Path(spec["plan_dir"]).mkdir(parents=True, exist_ok=True)
            write_plan_files(plan, Path(spec["plan_dir"]))
    first = next((seconds for seconds, objective, _ in trajectory if objective is not None), None)
    return {
        **spec,
        "status": result.status.value,
        "solver": result.stages[0].solver if result.stages else None,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "decided_gap": result.decided_gap,
        "solve_s": round(result.solve_seconds, 2),
        "first_plan_s": first,
        "checker": verdict,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "trajectory": trajectory,
    }


def primal_integral(trajectory: list[list[Any]], best: float, limit: float) -> float:
    """Berthold's primal integral over [0, limit] against ``best`` (1 while there is no plan)."""
    return _integral([(seconds, objective) for seconds, objective, _ in trajectory], lambda z: _relative(z, best), limit)


def gap_integral(trajectory: list[list[Any]], limit: float) -> float:
    """The same with the run's own bound at each moment (CP-SAT's gap over time)."""
    return _integral(
        [(seconds, (objective, bound)) for seconds, objective, bound in trajectory],
        lambda pair: 1.0 if pair[0] is None or pair[1] is None else _relative(pair[0], pair[1]),
        limit,
    )


def _integral(points: list[tuple[float, Any]], measure: Any, limit: float) -> float:
    total, last_time, last_value = 0.0, 0.0, 1.0
    for seconds, value in points:
        seconds = min(seconds, limit)
        total += (seconds - last_time) * last_value
        last_time, last_value = seconds, (1.0 if value is None else measure(value))
    return round(total + (limit - last_time) * last_value, 2)


def _relative(value: float | None, reference: float) -> float:
    if value is None:
        return 1.0
    scale = max(abs(value), abs(reference))
    return 0.0 if scale == 0 else min(1.0, abs(value - reference) / scale)


def time_to_target(trajectory: list[list[Any]], best: float) -> float | None:
    return next(
        (seconds for seconds, objective, _ in trajectory if objective is not None and _relative(objective, best) <= TARGET),
        None,
    )


def shifted_geometric_mean(values: list[float], shift: float = SHIFT_SECONDS) -> float:
    return math.exp(sum(math.log(value + shift) for value in values) / len(values)) - shift


def table_objectives() -> dict[tuple[str, int], float]:
    """The best-known table's objectives by (instance, seed) (:mod:`benchmarks.best_known`)."""
    from benchmarks.best_known import read_table

    return {
        (entry["instance"], int(entry["seed"])): float(entry["objective"])
        for entry in read_table().values()
        if entry.get("objective") not in (None, "")
    }


def enrich(rows: list[dict[str, Any]], table: dict[tuple[str, int], float] | None = None) -> None:
    """Best known per instance and seed, then each run's anytime figures.

    The seed is part of the objective (the seeded tie-break among unannounced dates), so each
    (instance, seed) has its own best known: the lower of the best-known table's (``table``, by
    default :func:`table_objectives`) and the best final objective of these runs whose plan the
    checker passed.
    """
    best = dict(table_objectives() if table is None else table)
    for row in rows:
        key = (row["instance"], int(row["seed"]))
        if isinstance(row.get("objective"), (int, float)) and row.get("checker") == "ok":
            best[key] = min(best.get(key, math.inf), row["objective"])
    for row in rows:
        trajectory, horizon = row.get("trajectory") or [], horizon_of(row)
        known = best.get((row["instance"], int(row["seed"])))
        row["best_known"] = known
        row["time_to_1pct_s"] = None if known is None else time_to_target(trajectory, known)
        row["primal_integral"] = None if known is None else primal_integral(trajectory, known, horizon)
        row["gap_integral"] = gap_integral(trajectory, horizon)


def horizon_of(row: dict[str, Any]) -> float:
    """The seconds a run is measured over: its limit on the wall-clock track; on the deterministic one (a limit
    in work units) its own wall time, at least the limit."""
    limit = float(row["limit"])
    if row["track"] == "wall-clock":
        return limit
    return max(limit, float(row.get("solve_s") or 0.0))


def aggregates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for config in sorted({row["config"] for row in rows}):
        for track in TRACKS:
            runs = [row for row in rows if row["config"] == config and row["track"] == track]
            if not runs:
                continue
            reached = [row["time_to_1pct_s"] for row in runs if row.get("time_to_1pct_s") is not None]
            times = [row["time_to_1pct_s"] if row.get("time_to_1pct_s") is not None else horizon_of(row) for row in runs]
            integrals = [row["primal_integral"] for row in runs if row.get("primal_integral") is not None]
            found.append(
                {
                    "config": config,
                    "track": track,
                    "runs": len(runs),
                    "with_plan": sum(row.get("objective") is not None for row in runs),
                    "checker_ok": sum(row.get("checker") == "ok" for row in runs),
                    "reached_1pct": len(reached),
                    "sgm_time_to_1pct_s": round(shifted_geometric_mean(times), 2),
                    "median_primal_integral": round(statistics.median(integrals), 2) if integrals else None,
                    "median_gap": _median([row.get("gap") for row in runs]),
                    "median_decided_gap": _median([row.get("decided_gap") for row in runs]),
                }
            )
    return found


def _median(values: list[Any]) -> float | None:
    present = [value for value in values if isinstance(value, (int, float))]
    return round(statistics.median(present), 5) if present else None


def profile_plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Performance profile: the share of each configuration's runs within a factor of the fastest time to 1 %."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = sorted({(row["instance"], row["seed"], row["track"]) for row in rows})
    configs = sorted({row["config"] for row in rows})
    by = {(row["instance"], row["seed"], row["track"], row["config"]): row.get("time_to_1pct_s") for row in rows}
    ratios: dict[str, list[float]] = {config: [] for config in configs}
    for key in keys:
        times = {config: by.get((*key, config)) for config in configs}
        fastest = min((value for value in times.values() if value is not None), default=None)
        for config, value in times.items():
            ratios[config].append(math.inf if value is None or fastest is None else (value + 1) / (fastest + 1))
    figure, axes = plt.subplots(figsize=(6, 4))
    for config, values in ratios.items():
        finite = sorted(value for value in values if math.isfinite(value))
        if finite:
            xs = [1.0, *finite]
            ys = [0.0, *[(index + 1) / len(values) for index in range(len(finite))]]
            axes.step(xs, ys, where="post", label=config)
    axes.set_xscale("log")
    axes.set_xlabel("time to 1 % of best known, over the fastest configuration (+1 s)")
    axes.set_ylabel("share of runs")
    axes.set_ylim(0, 1.02)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def over_time_plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Best score over time: per instance, each run's plan and bound against the best known, over the seconds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    instances = sorted({row["instance"] for row in rows})
    configs = sorted({(row["config"], row["track"]) for row in rows})
    colours = {config: f"C{index}" for index, config in enumerate(configs)}
    figure, grid = plt.subplots(len(instances), 1, figsize=(7, 2.4 * len(instances)), squeeze=False, sharex=False)
    for axes, instance in zip(grid[:, 0], instances):
        for row in (row for row in rows if row["instance"] == instance):
            best = row.get("best_known")
            points = row.get("trajectory") or []
            if not best or not points:
                continue
            colour = colours[row["config"], row["track"]]
            seconds = [point[0] for point in points]
            plans = [None if point[1] is None else 100 * (point[1] - best) / abs(best) for point in points]
            bounds = [None if point[2] is None else 100 * (best - point[2]) / abs(best) for point in points]
            axes.step(seconds, [math.nan if value is None else max(value, 1e-3) for value in plans], where="post", color=colour)
            axes.step(seconds, [math.nan if value is None else max(value, 1e-3) for value in bounds], where="post",
                      color=colour, linestyle=":")  # fmt: skip
        axes.set_yscale("log")
        axes.set_title(instance, fontsize=9)
        axes.set_ylabel("% from best known")
    grid[-1, 0].set_xlabel("seconds (solid: the best plan so far above the best known; dotted: the bound below it)")
    handles = [plt.Line2D([], [], color=colour, label=f"{config} ({track})") for (config, track), colour in colours.items()]
    figure.legend(handles=handles, loc="upper right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def manifest(args: argparse.Namespace) -> dict[str, Any]:
    from importlib.metadata import version

    import ortools

    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "ortools": ortools.__version__,
        "highspy": version("highspy"),
        "pyscipopt": version("pyscipopt"),
        "commit": commit,
        "arguments": {key: str(value) if isinstance(value, Path) else value for key, value in vars(args).items()},
    }


def markdown(summary: list[dict[str, Any]], stamp: str) -> str:
    keys = list(summary[0]) if summary else []
    lines = [f"Harness run {stamp}", "", "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join("" if row[key] is None else str(row[key]) for key in keys) + " |" for row in summary]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--instances", nargs="+", default=["nishitokyo-fy2017"])
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=["two-stage"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--tracks", nargs="+", choices=TRACKS, default=list(TRACKS))
    parser.add_argument("--limit", type=float, default=60.0, help="seconds (wall-clock track) or work units (deterministic)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--rescore", type=Path, help="recompute the figures of an earlier run (its results' stem)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(json.loads(args.child))))
        return
    if args.rescore:
        rows = read_run(args.rescore)
        enrich(rows)
        write_summary(rows, args.rescore, args.rescore.name.removeprefix("harness-"))
        return
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = args.out / f"harness-{stamp}"
    rows = []
    for instance in args.instances:
        for config in args.configs:
            for track in args.tracks:
                if track == "deterministic" and CONFIGS[config].get("solver") in ("highs", "scip"):
                    print(f"{config}: no deterministic track (it stops by the clock)", flush=True)
                    continue
                for seed in args.seeds:
                    spec = {"instance": instance, "config": config, "track": track, "seed": seed, "limit": args.limit}
                    spec["plan_dir"] = str(Path(f"{stem}-plans") / instance / f"{config}-{track}-s{seed}")
                    row = run_child(__file__, spec, MEMORY_CAP_GB, timeout=max(600.0, 10 * args.limit))
                    print(f"{instance} {config} {track} seed {seed}: {row.get('status')} {row.get('objective')}", flush=True)
                    rows.append(row)
    enrich(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    columns = [key for key in rows[0] if key != "trajectory"] + [
        key for key in ("best_known", "time_to_1pct_s", "primal_integral", "gap_integral") if key not in rows[0]
    ]
    with open(f"{stem}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(columns)), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    with open(f"{stem}-trajectory.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["instance", "config", "track", "seed", "seconds", "objective", "bound"])
        for row in rows:
            for seconds, objective, bound in row.get("trajectory") or []:
                writer.writerow([row["instance"], row["config"], row["track"], row["seed"], seconds, objective, bound])
    Path(f"{stem}-manifest.json").write_text(json.dumps(manifest(args), indent=1), encoding="utf-8")
    write_summary(rows, stem, stamp)


def write_summary(rows: list[dict[str, Any]], stem: Path, stamp: str) -> None:
    profile_plot(rows, Path(f"{stem}-profile.png"))
    over_time_plot(rows, Path(f"{stem}-over-time.png"))
    text = markdown(aggregates(rows), stamp)
    Path(f"{stem}.md").write_text(text, encoding="utf-8")
    print(text)


def read_run(stem: Path) -> list[dict[str, Any]]:
    """The rows and trajectories of an earlier run, as the run held them."""
    numbers = {"limit", "objective", "bound", "gap", "decided_gap", "solve_s", "first_plan_s", "seed"}
    with open(f"{stem}.csv", encoding="utf-8") as handle:
        rows = [
            {
                key: (float(value) if key in numbers and value != "" else (None if value == "" else value))
                for key, value in row.items()
            }
            for row in csv.DictReader(handle)
        ]
    for row in rows:
        row["seed"] = int(row["seed"])
        row["trajectory"] = []
    index = {(row["instance"], row["config"], row["track"], row["seed"]): row for row in rows}
    with open(f"{stem}-trajectory.csv", encoding="utf-8") as handle:
        for point in csv.DictReader(handle):
            row = index[point["instance"], point["config"], point["track"], int(point["seed"])]
            row["trajectory"].append(
                [float(point["seconds"]), float(point["objective"]) if point["objective"] else None,
                 float(point["bound"]) if point["bound"] else None]
            )  # fmt: skip
    return rows


if __name__ == "__main__":
    main()
