"""What-if benchmark: the fastest way to prove 20 FY2017 scenarios, then the rerun and Dask with it.

The 20 scenarios are the base, the shipped scenario files and a grid of staffing
and demand changes (``planner.scenario.grid``). Each **way** of solving the batch
runs with an empty cache, every scenario capped at ``--cap``:

- ``highs``: one scenario at a time, the calendar solved by HiGHS on the same model as a MIP
  (:mod:`planner.solve.mip`), starting from the base's plan; ``highs-pair``: two side by side;
- ``portfolio``: one scenario at a time on CP-SAT's multi-thread portfolio (cores + 1
  threads, wall clock), each starting from the base's plan (the default of ``planner whatif``);
- ``portfolio-cold``: the same without the base's plan as a start;
- ``pair``: two scenarios side by side, one thread each (wall clock);
- ``interleaved``: one at a time on CP-SAT's deterministic interleaved parallel search
  (cores + 1 workers), the cap in work units.

Then, for the first way listed: the same scenarios again (proven rows from the cache) and on a
``dask.distributed`` ``LocalCluster`` with an empty cache, whose proven rows must give the
same figures. Per scenario: status, CP-SAT's gap, and the certified difference of its
calendar objective from the base's (:mod:`planner.whatif.certify`).

    python benchmarks/whatif.py [--cap 60] [--ways portfolio pair ...]
    python benchmarks/whatif.py --ward [--cap 60]     # the four-scenario sweep of a 10 x 200 ward instead

Writes ``benchmarks/results/whatif-<stamp>.csv`` (one row per way and scenario)
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

from planner.io.readers import load_instance, load_scenario  # noqa: E402
from planner.scenario import BASE_SCENARIO, Scenario  # noqa: E402
from planner.scenario.grid import scenario_of  # noqa: E402
from planner.solve import SolveParams, default_workers  # noqa: E402
from planner.whatif.cache import PROVEN_STATUSES  # noqa: E402
from planner.whatif.certify import objective_difference  # noqa: E402
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


WAYS = ("highs", "highs-pair", "portfolio", "portfolio-cold", "pair", "interleaved")

WARD_SCENARIOS = (
    {
        "name": "extra-officer",
        "label": "推進員を1人増員",
        "officers": {"add": [{"id": "O11", "name": "推進員11", "days_per_week": 3}]},
        "staffing": {"headcount": {"mon": 7, "thu": 7, "fri": 6}},
    },
    {"name": "friday-plus-one", "label": "金曜日も1人増", "staffing": {"headcount": {"fri": 6}}},
    {
        "name": "season-staff",
        "label": "申込期に課の職員1人が窓口",
        "counter": {"extra_staff": [{"start": "2017-10-02", "end": "2017-11-30", "staff": 1}]},
    },
    {
        "name": "walkins-plus20",
        "label": "申込期の来庁者が2割増",
        "counter": {"demand_factors": [{"start": "2017-10-02", "end": "2017-11-30", "factor": 1.2}]},
    },
)
"""A planner's four questions about a generated 10-officer x 200-facility ward (shape 212, one of the ladder's
reporting shapes: headcount 6-6-6-6-5 from 29 duty days a week)."""


def ward_sweep(cap: float, way: str) -> None:
    """The ward's base and four scenarios as ``planner whatif`` runs them by default; one row each."""
    from planner.generate import GenerateSpec, write_generated
    from planner.scenario import Scenario

    with tempfile.TemporaryDirectory() as scratch:
        spec = GenerateSpec(officers=10, facilities=200, seed=0, shape=212)
        write_generated(spec, Path(scratch) / spec.instance_name)
        base = load_instance(Path(scratch) / spec.instance_name)
        chosen = [BASE_SCENARIO, *(Scenario.model_validate(scenario) for scenario in WARD_SCENARIOS)]
        settings, processes, warm = way_settings(way, cap)
        comparison, seconds = timed(
            "ward", lambda: run_scenarios(base, chosen, settings, Path(scratch) / "cache", processes=processes, on_outcome=_show)
        )
    lines = [
        f"10 x 200 ward (shape 212), {len(chosen)} rows, each capped at {cap:g} s ({way}): {seconds:.0f} s in total",
        "",
        "| scenario | status | seconds | solver gap | gap on what the plan decides | certified difference from the base |",
        "|---|---|---|---|---|---|",
    ]
    for outcome in comparison.outcomes:
        figures = outcome.figures
        difference = objective_difference(outcome, comparison.outcomes[0])
        lines.append(
            f"| {outcome.name} | {outcome.status} | {outcome.seconds:.1f} | "
            f"{'' if figures is None or figures.gap is None else f'{100 * figures.gap:.2f} %'} | "
            f"{'' if figures is None or figures.decided_gap is None else f'{100 * figures.decided_gap:.2f} %'} | "
            f"{difference.text() if difference else '-'} |"
        )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"whatif-ward-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def way_settings(way: str, cap: float) -> tuple[SolveParams, int, bool]:
    """(settings, processes, warm start) of a way of solving the batch."""
    if way.startswith("highs"):
        return SolveParams(time_limit=cap, seed=0, workers=default_workers(), solver="highs"), 1 + (way == "highs-pair"), True
    if way == "pair":
        return SolveParams(time_limit=cap, seed=0, workers=1), 2, True
    if way == "interleaved":
        return SolveParams(time_limit=cap, seed=0, workers=default_workers(), deterministic=True), 1, True
    return SolveParams(time_limit=cap, seed=0, workers=default_workers()), 1, way == "portfolio"


def timed(label: str, run: object) -> tuple[Comparison, float]:
    started = time.perf_counter()
    comparison = run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    proven = sum(_proven(outcome) for outcome in comparison.outcomes)
    print(f"{label}: {len(comparison.outcomes)} scenarios in {seconds:.1f} s, {proven} proven", flush=True)
    return comparison, seconds


def _show(outcome: object) -> None:
    figures = getattr(outcome, "figures", None)
    gap = f" gap {100 * figures.gap:.2f} %" if figures is not None and figures.gap is not None else ""
    print(
        f"  {getattr(outcome, 'name', '')}: {getattr(outcome, 'status', '')} {getattr(outcome, 'seconds', 0):.1f} s{gap}",
        flush=True,
    )


def _proven(outcome: object) -> bool:
    return getattr(outcome, "status", "") in PROVEN_STATUSES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds (work units for interleaved) per scenario")
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    parser.add_argument("--no-dask", action="store_true", help="skip the rerun and the Dask run")
    parser.add_argument("--ward", action="store_true", help="the four-scenario sweep of a 10 x 200 ward instead")
    args = parser.parse_args()
    if args.ward:
        ward_sweep(args.cap, args.ways[0])
        return
    base = load_instance(FY2017)
    chosen = scenarios(base)
    shipped = {load_scenario(path).name for path in (FY2017 / "scenarios").glob("*.yaml")}
    runs: dict[str, tuple[Comparison, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for way in args.ways:
            settings, processes, warm = way_settings(way, args.cap)
            runs[way] = timed(
                way,
                lambda s=settings, w=way, n=processes, h=warm: run_scenarios(  # type: ignore[misc]
                    base, chosen, s, Path(scratch) / w, processes=n, warm_start=h, on_outcome=_show
                ),
            )
        first = args.ways[0]
        if not args.no_dask:
            settings, processes, _ = way_settings(first, args.cap)
            runs["rerun"] = timed(
                "rerun (cache)", lambda: run_scenarios(base, chosen, settings, Path(scratch) / first, processes=processes)
            )
            from dask.distributed import LocalCluster

            with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                runs["dask"] = timed(
                    "dask LocalCluster",
                    lambda: run_scenarios(base, chosen, settings, Path(scratch) / "dask", address=cluster.scheduler_address),
                )
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / f"whatif-{stamp}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "way",
                "scenario",
                "status",
                "cached",
                "seconds",
                "objective",
                "calendar_objective",
                "calendar_bound",
                "gap",
                "difference_low",
                "difference_high",
                "waited_year",
            ]
        )
        for way, (comparison, _) in runs.items():
            base_row = comparison.outcomes[0]
            for outcome in comparison.outcomes:
                figures = outcome.figures
                difference = objective_difference(outcome, base_row)
                writer.writerow(
                    [
                        way,
                        outcome.name,
                        outcome.status,
                        outcome.cached,
                        round(outcome.seconds, 2),
                        figures.objective if figures else "",
                        figures.calendar_objective if figures else "",
                        figures.calendar_bound if figures else "",
                        figures.gap if figures else "",
                        difference.low if difference else "",
                        difference.high if difference else "",
                        figures.waited_year if figures else "",
                    ]
                )
    lines = [
        f"FY2017, {len(chosen)} scenarios, each capped at {args.cap:g} s (work units for interleaved), "
        f"{default_workers()} threads where the way says so, {stamp}",
        "",
        "| way | wall | proven | not proven (solver gap) |",
        "|---|---|---|---|",
    ]
    for way, (comparison, seconds) in runs.items():
        if way in ("rerun", "dask"):
            continue
        open_rows = [
            f"{o.name} ({100 * o.figures.gap:.2f} %)" if o.figures and o.figures.gap is not None else o.name
            for o in comparison.outcomes
            if not _proven(o)
        ]
        lines.append(
            f"| {way} | {seconds:.1f} s | {sum(_proven(o) for o in comparison.outcomes)} of {len(chosen)} | "
            f"{', '.join(open_rows) or '-'} |"
        )
    if "rerun" in runs and "dask" in runs:
        reference = runs[args.ways[0]][0].outcomes
        lines += [
            "",
            "| run | wall | read from the cache | proven rows: every figure the same as the first run "
            "| proven rows: the same calendar objective and counter waiting |",
            "|---|---|---|---|---|",
        ]
        for way in ("rerun", "dask"):
            comparison, seconds = runs[way]
            pairs = [(a, b) for a, b in zip(reference, comparison.outcomes) if _proven(a) and _proven(b)]
            same = sum(a.figures == b.figures and a.status == b.status for a, b in pairs)
            certified = sum(
                a.figures is None
                or (
                    b.figures is not None
                    and a.figures.calendar_objective == b.figures.calendar_objective
                    and a.figures.waited_year == b.figures.waited_year
                )
                for a, b in pairs
            )
            lines.append(
                f"| {way} | {seconds:.1f} s | {sum(o.cached for o in comparison.outcomes)} | {same} of {len(pairs)} "
                f"| {certified} of {len(pairs)} |"
            )
    if args.ways:
        comparison = runs[args.ways[0]][0]
        lines += [
            "",
            "| scenario | status | seconds | calendar objective | certified difference from the base |",
            "|---|---|---|---|---|",
        ]
        for outcome in comparison.outcomes:
            difference = objective_difference(outcome, comparison.outcomes[0])
            text = difference.text() if difference else ("weights differ" if outcome.weights_changed else "-")
            value = (
                f"{outcome.figures.calendar_objective:,.0f}"
                if outcome.figures and outcome.figures.calendar_objective is not None
                else "-"
            )
            mark = " (shipped)" if outcome.name in shipped else ""
            lines.append(f"| {outcome.name}{mark} | {outcome.status} | {outcome.seconds:.1f} | {value} | {text} |")
    (results / f"whatif-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written: {results / f'whatif-{stamp}.csv'}, {results / f'whatif-{stamp}.md'}")


if __name__ == "__main__":
    main()
