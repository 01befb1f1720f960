"""The scale ladder: FY2017 up to 40 officers x 800 facilities, the two-stage model against its references.

For each rung, in separate processes (clean memory figures, a memory cap):

- ``two-stage``: the default solve (calendar by half-day, then officers named);
- ``per-officer``: the reference model naming officers in every literal;
- the earliest-free-slot baseline (:mod:`planner.baseline`: the two-stage plan's
  roster and meetings, each visit at the first free half-day of its window),
  reported as the visitor-minutes it waits beside the plan's.

Every generated rung runs on several **shapes** (``planner generate --shape N``:
days a week, leave, counter floor, walk-ins, meetings, outreach drawn from N),
and FY2017 on several seeds. The shapes the planner was tuned on
(:data:`planner.library.TUNING_SHAPES`) are kept apart from the shapes it is reported on
(:data:`planner.library.REPORTING_SHAPES`, the default; each generated instance named as in the library, e.g. ``10x200-shape212``): the report says how it does on offices
it was not tuned for. Each rung's summary gives the median and the worst case.

Each run records status, objective, bound, CP-SAT's gap, the gap on what the
plan decides (above the floor of :mod:`planner.bounds`), seconds from the solve's
start (model built, start calendar and all) to the first plan and to a plan within
1 % of the bound the run ended with (from the solver's progress lines), wall time and peak memory, and whether ``planner check``
passes the plan (through the independent checker). Instances other than FY2017
come from ``planner generate`` (seed 0) into ``benchmarks/instances/``.

    python benchmarks/ladder.py                           # the whole ladder (about an hour on 2 cores)
    python benchmarks/ladder.py --rungs fy2017 10x200     # some rungs
    python benchmarks/ladder.py --reference-up-to 10x200  # per-officer only on the smaller rungs
    python benchmarks/ladder.py --rungs 10x200 --shapes 1 2 3 --models two-stage   # tuning shapes

Writes ``benchmarks/results/ladder-<stamp>.csv``, ``.md`` (the table the README shows)
and ``.png`` (time to first plan and peak memory against size, log scales).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import platform
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
GENERATED = ROOT / "benchmarks" / "instances"

RUNGS: dict[str, tuple[int, int, float]] = {
    # name: (officers, facilities, time limit in seconds); FY2017 is the shipped instance.
    "fy2017": (3, 49, 60.0),
    "3x": (9, 147, 60.0),
    "10x200": (10, 200, 120.0),
    "20x400": (20, 400, 180.0),
    "40x800": (40, 800, 300.0),
}
# The shapes (tuning vs reporting) and the generated instances are the instance library's (planner/library.py).
sys.path.insert(0, str(ROOT))
from benchmarks.children import run_child  # noqa: E402
from planner.library import REPORTING_SHAPES, materialise  # noqa: E402
from planner.library import RUNGS as LIBRARY_RUNGS  # noqa: E402

assert all(RUNGS[rung][:2] == size for rung, size in LIBRARY_RUNGS.items())  # one size per rung name
FY2017_SEEDS = (0, 1, 2, 3, 4)
"""FY2017 has one shape: it runs on these seeds instead."""
PLAN_LINE = re.compile(r"^\s*(?P<seconds>[\d.]+)s\s+(?P<stage>\S+)\s+objective\s+(?P<objective>\d+)")
"""A progress line with a plan (:mod:`planner.solve`): seconds since the solve began, stage, objective."""
MEMORY_CAP_GB = 16.0
"""A run above this is stopped and recorded as out of memory (the machine has 24 GB)."""


def instance_dir(rung: str, shape: int = 0) -> Path:
    if rung == "fy2017":
        return ROOT / "instances" / "nishitokyo-fy2017"
    if shape:
        return materialise(f"{rung}-shape{shape}", GENERATED)  # the library's name: the same files everywhere
    from planner.generate import GenerateSpec, write_generated

    officers, facilities, _ = RUNGS[rung]
    spec = GenerateSpec(officers=officers, facilities=facilities, seed=0, shape=shape)
    target = GENERATED / spec.instance_name
    if not (target / "instance.yaml").exists():
        write_generated(spec, target)
    return target


def run_one(rung: str, model: str, time_limit: float, workers: int, seed: int, shape: int = 0) -> dict[str, Any]:
    """Solve one rung in this (child) process and report its figures."""
    from planner.calendar import expand
    from planner.io.readers import load_instance
    from planner.solve import SolveParams, solve

    started = time.perf_counter()
    instance = load_instance(instance_dir(rung, shape))
    problem = expand(instance)
    expanded = time.perf_counter() - started
    plans: list[tuple[float, float]] = []  # (seconds since the solve began, objective) of each first-stage plan

    starts: list[str] = []

    def note_plan(line: str) -> None:
        if "start calendar: " in line:
            starts.append(line)
        found = PLAN_LINE.match(line)
        if found and found["stage"] != "officers":
            plans.append((float(found["seconds"]), float(found["objective"])))

    result = solve(problem, SolveParams(time_limit=time_limit, seed=seed, workers=workers, model=model), note_plan)
    first = plans[0][0] if plans else None
    bound = result.stages[0].bound if result.stages else None
    one_percent = next(
        (seconds for seconds, objective in plans if bound is not None and objective - bound <= 0.01 * abs(objective)), None
    )
    row: dict[str, Any] = {
        "rung": rung,
        "shape": shape,
        "model": model,
        "officers": len(problem.officers),
        "facilities": len(problem.facilities),
        "visits": problem.required_visits,
        "time_limit": time_limit,
        "workers": workers,
        "seed": seed,
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "gap": _round(result.gap),
        "decided_gap": _round(result.decided_gap),
        "floor": None if result.floor is None else result.floor.value,
        "expand_s": round(expanded, 2),
        "first_plan_s": _round(first, 2),
        "first_plan_from_start_s": _round(None if first is None else first + expanded, 2),
        "start": next((line.split("start calendar: ", 1)[1] for line in starts), None),
        "one_percent_s": _round(one_percent, 2),
        "solve_s": round(result.solve_seconds, 2),
        "variables": result.model_size.get("variables"),
        "stages": " / ".join(f"{s.name} {s.status.value} {s.seconds:.0f}s" for s in result.stages),
        "visitor_minutes": None,
        "baseline_visitor_minutes": None,
        "checked": None,
    }
    if result.solution is not None:
        row.update(_plan_figures(instance, problem, result))
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def _plan_figures(instance: Any, problem: Any, result: Any) -> dict[str, Any]:
    """The plan's and the baseline's waiting, and the independent checker's verdict on the written plan."""
    from planner.baseline import BaselineError, earliest_free_slot_visits
    from planner.check import check_plan_dir
    from planner.io.writers import write_plan
    from planner.kpis import visitor_minutes_waited
    from planner.plan import make_plan

    try:
        baseline: int | None = visitor_minutes_waited(problem, earliest_free_slot_visits(problem, result.solution))
    except BaselineError:
        baseline = None
    plan = make_plan(problem, result)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "plan"
        write_plan(plan, out)
        violations = check_plan_dir(instance_dir_of(instance), out)
    revisited = plan.kpis["revisited_facilities"]
    return {
        "visitor_minutes": visitor_minutes_waited(problem, result.solution),
        "baseline_visitor_minutes": baseline,
        "visits_replaced": result.visits_replaced,
        "same_officer_share": _round(plan.kpis["revisited_facilities_with_one_officer"] / revisited if revisited else None, 4),
        "avoidable_deadline_week_visits": _avoidable_deadline_week_visits(problem, result.solution),
        "checked": "ok" if not violations else f"{len(violations)} violations",
    }


def _avoidable_deadline_week_visits(problem: Any, solution: Any) -> int:
    """Visits in the week of the busiest day (the application deadline) whose window holds a day of another week."""
    busiest = max(range(problem.num_days), key=lambda day: problem.day_demand[day])
    week = problem.day_week[busiest]
    return sum(
        1
        for visit in solution.visits
        if problem.day_week[visit.slot // 2] == week
        and any(problem.day_week[slot // 2] != week for slot in problem.visits[visit.task].slots)
    )


def instance_dir_of(instance: Any) -> Path:
    name = instance.spec.name
    return ROOT / "instances" / "nishitokyo-fy2017" if name == "nishitokyo-fy2017" else GENERATED / name


def summary(rows: list[dict[str, Any]]) -> str:
    """Per rung and model: median and worst over its shapes (or seeds) of what the targets are about."""
    import statistics

    lines = [
        "| instance | model | runs | with a plan | checked | first plan from the command's start: median / worst "
        "| decided gap: median / worst | gap: median / worst | waited vs earliest-free baseline: median / worst "
        "| peak memory: worst | same officer for a facility's rounds: median / worst "
        "| avoidable deadline-week visits: worst |",
        "|" + "---|" * 12,
    ]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["rung"], row["model"]), []).append(row)
    for (rung, model), group in groups.items():
        planned = [row for row in group if row.get("objective") is not None]

        def spread(key: str, worst: Any = max, rows: list[dict[str, Any]] = planned) -> tuple[float | None, float | None]:
            values = [row[key] for row in rows if row.get(key) is not None]
            return (statistics.median(values), worst(values)) if values else (None, None)

        ratios = [
            row["visitor_minutes"] / row["baseline_visitor_minutes"] - 1
            for row in planned
            if row.get("baseline_visitor_minutes") and row.get("visitor_minutes") is not None
        ]
        first = spread("first_plan_from_start_s")
        decided = spread("decided_gap")
        gap = spread("gap")
        memory = spread("peak_rss_mb", rows=group)
        same = spread("same_officer_share", worst=min)
        deadline = spread("avoidable_deadline_week_visits")
        cells = [
            rung,
            model,
            len(group),
            len(planned),
            sum(row.get("checked") == "ok" for row in planned),
            f"{_seconds(first[0])} / {_seconds(first[1])}",
            f"{_percent(decided[0])} / {_percent(decided[1])}",
            f"{_percent(gap[0])} / {_percent(gap[1])}",
            f"{_signed(statistics.median(ratios))} / {_signed(max(ratios))}" if ratios else "-",
            _number(memory[1], " MB"),
            f"{_percent(same[0])} / {_percent(same[1])}",
            _number(deadline[1]),
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _signed(value: float) -> str:
    return f"{100 * value:+.1f} %"


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else round(value, digits)


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``spec`` in a fresh interpreter under the memory cap; a crash or the cap is a row too."""
    return run_child(__file__, spec, MEMORY_CAP_GB)


COLUMNS = (
    "rung",
    "shape",
    "seed",
    "model",
    "start",
    "status",
    "objective",
    "bound",
    "gap",
    "decided_gap",
    "first_plan_s",
    "one_percent_s",
    "solve_s",
    "wall_s",
    "peak_rss_mb",
    "visitor_minutes",
    "baseline_visitor_minutes",
    "checked",
)


def markdown(rows: list[dict[str, Any]]) -> str:
    """The ladder as a markdown table (the README shows it)."""
    header = (
        "| instance | shape | seed | model | status | objective | bound | gap | decided gap | first plan | 1 % gap | solve "
        "| wall | peak memory | waited (plan) | waited (earliest-free baseline) | check |"
    )
    lines = [header, "|" + "---|" * 17]
    for row in rows:
        cells = [
            row["rung"],
            row.get("shape", 0),
            row.get("seed", 0),
            row["model"],
            row["status"],
            _number(row.get("objective")),
            _number(row.get("bound")),
            _percent(row.get("gap")),
            _percent(row.get("decided_gap")),
            _seconds(row.get("first_plan_s")),
            _seconds(row.get("one_percent_s")),
            _seconds(row.get("solve_s")),
            _seconds(row.get("wall_s")),
            _number(row.get("peak_rss_mb"), " MB"),
            _number(row.get("visitor_minutes")),
            _number(row.get("baseline_visitor_minutes")),
            row.get("checked") or "-",
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f} %"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def _number(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:,.0f}{unit}"


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Time to first plan and peak memory against size (log scales; drawn only for two sizes or more)."""
    if len({row["officers"] * row["visits"] for row in rows if row.get("officers")}) < 2:
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for model, marker in (("two-stage", "o"), ("per-officer", "s")):
        points = [row for row in rows if row["model"] == model and row.get("officers")]
        if not points:
            continue
        sizes = [row["officers"] * row["visits"] for row in points]
        left.plot(sizes, [row.get("first_plan_s") or float("nan") for row in points], marker=marker, label=model)
        right.plot(sizes, [row.get("peak_rss_mb") or float("nan") for row in points], marker=marker, label=model)
    for axis, title, unit in ((left, "time to first plan", "seconds"), (right, "peak memory", "MB")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("officers x required visits")
        axis.set_ylabel(unit)
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rungs", nargs="+", choices=list(RUNGS), default=list(RUNGS))
    parser.add_argument("--models", nargs="+", choices=["two-stage", "per-officer"], default=["two-stage", "per-officer"])
    parser.add_argument(
        "--reference-up-to", choices=list(RUNGS), default="40x800", help="largest rung the per-officer reference runs on"
    )
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiply every rung's time limit")
    parser.add_argument("--workers", type=int, default=3, help="CP-SAT threads (3 = the default on 2 cores)")
    parser.add_argument("--seed", type=int, default=0, help="the generated rungs' solver seed")
    parser.add_argument(
        "--shapes", nargs="+", type=int, default=list(REPORTING_SHAPES), help="generated rungs: the shapes to run [reporting]"
    )
    parser.add_argument("--fy2017-seeds", nargs="+", type=int, default=list(FY2017_SEEDS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(**json.loads(args.child))))
        return
    order = list(RUNGS)
    rows = []
    for rung in args.rungs:
        variants = (
            [(0, seed) for seed in args.fy2017_seeds] if rung == "fy2017" else [(shape, args.seed) for shape in args.shapes]
        )
        for model in args.models:
            if model == "per-officer" and order.index(rung) > order.index(args.reference_up_to):
                continue
            for shape, seed in variants:
                instance_dir(rung, shape)  # generate once, outside the timed children
                spec = {
                    "rung": rung,
                    "shape": shape,
                    "model": model,
                    "time_limit": RUNGS[rung][2] * args.time_scale,
                    "workers": args.workers,
                    "seed": seed,
                }
                row = _child(spec)
                rows.append(row)
                print(" ".join(f"{key}={row.get(key)}" for key in COLUMNS if key in row), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    fields = sorted({key for row in rows for key in row}, key=lambda key: (key not in COLUMNS, key))
    with open(RESULTS / f"ladder-{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    machine = f"Python {platform.python_version()}, {platform.machine()}, {_cpus()} CPUs"
    table = summary(rows) + "\n" + markdown(rows)
    (RESULTS / f"ladder-{stamp}.md").write_text(f"# Ladder {stamp} ({machine})\n\n{table}", encoding="utf-8")
    plot(rows, RESULTS / f"ladder-{stamp}.png")
    print(table)
    print(
        f"written: benchmarks/results/ladder-{stamp}.csv, .md"
        + (" and .png" if (RESULTS / f"ladder-{stamp}.png").exists() else "")
    )


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
