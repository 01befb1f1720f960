"""The best-known table: per library instance, the best checked plan and the best bound, each with its provenance.

    python benchmarks/best_known.py update STEM [STEM ...]   # fold harness runs in: only improvements
    python benchmarks/best_known.py submit PLAN_DIR --instance NAME --solver TEXT [--bound B]  # a plan from elsewhere
    python benchmarks/best_known.py check                    # re-check and re-score every stored plan
    python benchmarks/best_known.py show                     # the table as markdown (the README's)

``benchmarks/best_known.csv`` holds a row per instance and seed — the seed is part of the objective
(the seeded tie-break among unannounced dates, ``unannounced_shuffle``), so each pair is its own
problem — and ``benchmarks/best_known/<instance>-s<seed>/`` its best plan (the contract CSVs and a
short ``plan.json``). A harness run (``benchmarks/harness.py``)
keeps each run's plan beside its results (``<stem>-plans/``, not in git); ``update`` reads them and
takes a plan only when

- the independent checker (:mod:`planner.check`) finds no broken rule in it, and
- its objective, re-scored from the plan's files by :mod:`planner.score` (plain Python, no solver, the
  model's own waiting tables), is the objective the run reported — a plan that re-scores differently
  is refused and named; and
- the checker's own price of it (:mod:`planner.check.pricing`: every term re-derived from the instance,
  the counter's waiting by its own queue integration) is that objective, but for the counter half-days
  whose waiting lies within the rounding margin of a half minute (each may round one minute apart;
  the checker counts them) — the table keeps both figures;

and only when it is better than the stored one. A bound is taken when it is higher than the stored
one and not above the best objective (a bound above a checked plan would be a bug, and is refused).
The objective and the bound keep their provenance separately: solver and version, configuration,
parameters, seed, machine, date, commit. Besides the best bound, the best bound of each solver is
kept, so each instance shows a bound from a second method.

Class (after MIPLIB): ``easy`` when a run proved its plan (status OPTIMAL as the solver gave it: for the
two-stage model, the calendar proven and the names proven for it) within 60 s on the harness's
2 cores, ``medium`` within an hour, ``hard`` beyond, ``open`` when no run has proven it.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLE = ROOT / "benchmarks" / "best_known.csv"
PLANS = ROOT / "benchmarks" / "best_known"
LIBRARY_DIR = ROOT / "benchmarks" / "instances"
PLAN_FILES = ("visits.csv", "roster.csv", "meetings.csv", "counter.csv")
KEPT_DOCUMENT_KEYS = ("instance", "status", "objective", "bound", "gap", "seed", "objective_mode", "terms", "planner_version")
"""What the stored ``plan.json`` keeps: what the checker and the scorer read, and the run's own figures."""
PROVENANCE = ("solver", "config", "parameters", "machine", "date", "commit")
COLUMNS = (
    "instance",
    "seed",
    "class",
    "objective",
    "checker_objective",
    "bound",
    "gap",
    "decided_gap",
    "floor",
    "proof_seconds",
    "cp_sat_bound",
    "highs_bound",
    "scip_bound",
    *(f"objective_{key}" for key in PROVENANCE),
    *(f"bound_{key}" for key in PROVENANCE),
    "proof_by",
)
EASY_SECONDS, MEDIUM_SECONDS = 60.0, 3600.0


def read_table(path: Path | None = None) -> dict[str, dict[str, Any]]:
    path = path or TABLE
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        return {key_of(row["instance"], row["seed"]): row for row in csv.DictReader(handle)}


def key_of(instance: str, seed: Any) -> str:
    """A table row's key and its plan folder's name: ``<instance>-s<seed>``."""
    return f"{instance}-s{int(seed)}"


def write_table(table: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    path = path or TABLE
    staging = path.with_suffix(".csv.tmp")
    with open(staging, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for name in sorted(table):
            writer.writerow(table[name])
    staging.replace(path)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@functools.lru_cache(maxsize=2)
def _loaded(instance_name: str) -> tuple[Any, Any]:
    """A library instance and its expanded problem, made once for all its runs (40 x 800 expands in ~20 s)."""
    from planner.calendar import expand
    from planner.io.readers import load_instance
    from planner.library import materialise

    instance = load_instance(materialise(instance_name, LIBRARY_DIR))
    return instance, expand(instance)


@dataclass(frozen=True)
class Rescored:
    """A plan priced twice: by :mod:`planner.score` (the model's own tables) and by the checker (its own)."""

    objective: int
    """The scorer's figure, on the scale of the solvers' bounds (their tables)."""
    checker: int
    """The checker's own price (:mod:`planner.check.pricing`)."""
    uncertain: int
    """Counter half-days whose waiting the two integrations may round to neighbouring minutes."""

    def agree(self) -> bool:
        return abs(self.objective - self.checker) <= self.uncertain


def rescore(instance_name: str, plan_dir: Path) -> tuple[Rescored | None, str]:
    """(the plan priced by the scorer and the checker, "") if the checker passes it; (None, why) otherwise."""
    from planner.check import check_plan
    from planner.check.pricing import price_plan
    from planner.io.plan_files import read_plan_files
    from planner.score import objective, read_decisions, score

    instance, problem = _loaded(instance_name)
    files = read_plan_files(plan_dir)
    violations = check_plan(instance, files)
    if violations:
        return None, f"the checker rejects it: {violations[0]}"
    price = price_plan(instance, files)
    found = Rescored(objective(score(problem, read_decisions(problem, files))), price.objective, price.uncertain)
    if not found.agree():
        return None, f"the checker prices it at {found.checker:,}, the scorer at {found.objective:,}"
    return found, ""


def floor_of(instance_name: str) -> float:
    from planner.bounds import objective_floor

    return float(objective_floor(_loaded(instance_name)[1]).value)


def _provenance(row: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    solver = row.get("solver") or "cp-sat"
    if solver == "submitted":  # a plan from elsewhere: the submitter's own words, and when it was taken
        return {key: manifest.get(key, "") for key in PROVENANCE}
    version = {
        "highs": f"HiGHS {manifest.get('highspy', '?')} (highspy)",
        "scip": f"SCIP (pyscipopt {manifest.get('pyscipopt', '?')})",
    }.get(solver, f"CP-SAT {manifest.get('ortools', '?')}")
    threads = 1 if row["track"] == "deterministic" else max(1, min(8, int(manifest.get("cores") or 1) + 1))
    unit = "work units" if row["track"] == "deterministic" else "s"
    return {
        "solver": version,
        "config": row["config"],
        "parameters": f"{row['track']} track, limit {float(row['limit']):g} {unit}, {threads} CP-SAT threads, seed {row['seed']}",
        "machine": f"{manifest.get('cpu', '?')}, {manifest.get('cores', '?')} cores",
        "date": str(manifest.get("when", ""))[:10],
        "commit": str(manifest.get("commit", ""))[:12],
    }


def _store_plan(key: str, plan_dir: Path) -> None:
    """Copy a run's plan into ``best_known/<instance>-s<seed>/`` (built beside it, then swapped in)."""
    target = PLANS / key
    staging = PLANS / f".{key}.writing"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name in PLAN_FILES:
        shutil.copyfile(plan_dir / name, staging / name)
    document = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    kept = {field: document[field] for field in KEPT_DOCUMENT_KEYS if field in document}
    (staging / "plan.json").write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)


def update(stems: list[Path]) -> list[str]:
    """Fold the runs of ``stems`` into the table; returns what changed and what was refused, in words."""
    table = read_table()
    notes: list[str] = []
    for stem in stems:
        manifest = json.loads(Path(f"{stem}-manifest.json").read_text(encoding="utf-8"))
        with open(f"{stem}.csv", newline="", encoding="utf-8") as handle:
            runs = list(csv.DictReader(handle))
        for run in runs:
            notes += _fold(
                table, run, manifest, Path(f"{stem}-plans") / run["instance"] / f"{run['config']}-{run['track']}-s{run['seed']}"
            )
    _write_derived(table)
    return notes


def _fold(table: dict[str, dict[str, Any]], run: dict[str, Any], manifest: dict[str, Any], plan_dir: Path) -> list[str]:
    name, notes = run["instance"], []
    label = f"{name} {run['config']} {run['track']} seed {run['seed']}"
    key = key_of(name, run["seed"])
    entry = table.setdefault(key, {"instance": name, "seed": int(run["seed"])})
    objective, bound = _number(run.get("objective")), _number(run.get("bound"))
    plan_seed = _plan_seed(plan_dir)
    if objective is not None and plan_seed is not None and plan_seed != int(run["seed"]):
        notes.append(f"{label}: refused (its plan is for seed {plan_seed})")
    elif objective is not None and plan_seed is not None:
        rescored, why = rescore(name, plan_dir)
        if rescored is None:
            notes.append(f"{label}: refused ({why})")
        elif rescored.objective != round(objective):
            notes.append(f"{label}: refused (reported {objective:,.0f}, re-scored {rescored.objective:,})")
        elif _number(entry.get("objective")) is None or rescored.objective < float(entry["objective"]):
            _store_plan(key, plan_dir)
            entry["objective"] = rescored.objective
            entry["checker_objective"] = rescored.checker
            entry.update({f"objective_{field}": value for field, value in _provenance(run, manifest).items()})
            notes.append(f"{label}: best objective {rescored.objective:,} (the checker's price {rescored.checker:,})")
    elif objective is not None:
        notes.append(f"{label}: no stored plan (a run before plans were kept): its objective is not taken")
    if bound is not None:
        best_objective = _number(entry.get("objective"))
        if best_objective is not None and bound > best_objective + 0.5:
            notes.append(f"{label}: refused bound {bound:,.0f} above a checked plan's {best_objective:,.0f} (a bug to find)")
        else:
            # Each of the planner's solvers keeps its own best bound; a submitted one counts only as the best.
            column = {"highs": "highs_bound", "scip": "scip_bound", "submitted": None}.get(
                run.get("solver") or "", "cp_sat_bound"
            )
            if column is not None and (_number(entry.get(column)) is None or bound > float(entry[column])):
                entry[column] = bound
            if _number(entry.get("bound")) is None or bound > float(entry["bound"]):
                entry["bound"] = bound
                entry.update({f"bound_{field}": value for field, value in _provenance(run, manifest).items()})
                notes.append(f"{label}: best bound {bound:,.0f}")
    seconds = _number(run.get("solve_s"))
    proved = run.get("status") == "OPTIMAL" and run["track"] == "wall-clock"
    if (
        proved
        and seconds is not None
        and (_number(entry.get("proof_seconds")) is None or seconds < float(entry["proof_seconds"]))
    ):
        entry["proof_seconds"] = seconds
        entry["proof_by"] = f"{run['config']} seed {run['seed']} ({_provenance(run, manifest)['solver']})"
    return notes


def submit(plan_dir: Path, instance: str, provenance: dict[str, str], bound: float | None = None) -> list[str]:
    """Fold in one plan made elsewhere (another solver's calendar via ``planner solve --solution``, a hand-made
    plan): the same rules as a harness run's — checked, priced twice, only an improvement — with the
    submitter's provenance. ``bound``: a lower bound the submitter's solver proved (taken as claimed, never
    above the best checked plan; the table names who claimed it)."""
    import datetime as dt

    document = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    run = {
        "instance": instance,
        "config": provenance.get("config", ""),
        "track": "submitted",
        "seed": int(document.get("seed") or 0),
        "objective": document.get("objective"),
        "bound": bound,
        "solver": "submitted",
        "status": "FEASIBLE",
    }
    manifest = {**provenance, "date": provenance.get("date") or dt.date.today().isoformat()}
    table = read_table()
    notes = _fold(table, run, manifest, plan_dir)
    _write_derived(table)
    return notes


def _plan_seed(plan_dir: Path) -> int | None:
    """The seed a stored run's plan was made for (its objective's tie-break); ``None`` without a plan."""
    if not (plan_dir / "plan.json").exists():
        return None
    return int(json.loads((plan_dir / "plan.json").read_text(encoding="utf-8")).get("seed") or 0)


def _write_derived(table: dict[str, dict[str, Any]]) -> None:
    """Every entry's derived figures worked out anew, then the table written."""
    for entry in table.values():
        _derive(entry)
    write_table(table)


def _derive(entry: dict[str, Any]) -> None:
    """Gap, decided gap, floor and class from the entry's objective, bound and proof time."""
    objective, bound = _number(entry.get("objective")), _number(entry.get("bound"))
    if _number(entry.get("floor")) is None:
        entry["floor"] = floor_of(entry["instance"])
    floor = float(entry["floor"])
    if objective is not None and bound is not None:
        entry["gap"] = round((objective - bound) / max(1.0, abs(objective)), 6)
        entry["decided_gap"] = round((objective - bound) / max(1.0, objective - floor), 6)
    seconds = _number(entry.get("proof_seconds"))
    entry["class"] = (
        "open" if seconds is None else "easy" if seconds <= EASY_SECONDS else "medium" if seconds <= MEDIUM_SECONDS else "hard"
    )


def check() -> list[str]:
    """Every stored plan re-checked and re-scored against the table; the mismatches in words (empty: all hold)."""
    problems = []
    for key, entry in read_table().items():
        if _number(entry.get("objective")) is None:
            continue
        rescored, why = rescore(entry["instance"], PLANS / key)
        if rescored is None:
            problems.append(f"{key}: {why}")
            continue
        if rescored.objective != round(float(entry["objective"])):
            problems.append(
                f"{key}: the table says {float(entry['objective']):,.0f}, the stored plan re-scores {rescored.objective:,}"
            )
        if _number(entry.get("checker_objective")) != rescored.checker:
            problems.append(
                f"{key}: the table says the checker's price is {entry.get('checker_objective')}, it is {rescored.checker:,}"
            )
        bound = _number(entry.get("bound"))
        if bound is not None and bound > rescored.objective + 0.5:
            problems.append(f"{key}: bound {bound:,.0f} above the stored plan's {rescored.objective:,}")
    return problems


def markdown() -> str:
    lines = [
        "| instance | seed | class | best objective (re-scored) | the checker's price | best bound | gap "
        "| gap on what the plan decides | CP-SAT's bound | HiGHS's bound | proven in | objective from | bound from |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def number(value: Any) -> str:
        parsed = _number(value)
        return "-" if parsed is None else f"{parsed:,.0f}"

    def percent(value: Any) -> str:
        parsed = _number(value)
        return "-" if parsed is None else f"{100 * parsed:.2f} %"

    for _, entry in sorted(read_table().items()):
        seconds = _number(entry.get("proof_seconds"))
        lines.append(
            f"| {entry['instance']} | {entry['seed']} | {entry.get('class', '')} | {number(entry.get('objective'))} "
            f"| {number(entry.get('checker_objective'))} | {number(entry.get('bound'))} "
            f"| {percent(entry.get('gap'))} | {percent(entry.get('decided_gap'))} | {number(entry.get('cp_sat_bound'))} "
            f"| {number(entry.get('highs_bound'))} | {'-' if seconds is None else f'{seconds:.1f} s'} "
            f"| {entry.get('objective_solver', '')}, {entry.get('objective_config', '')} "
            f"| {entry.get('bound_solver', '')}, {entry.get('bound_config', '')} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    folding = commands.add_parser("update", help="fold harness runs in (their stems: benchmarks/results/harness-...)")
    folding.add_argument("stems", nargs="+", type=Path)
    offered = commands.add_parser("submit", help="fold in one plan made elsewhere, with its provenance")
    offered.add_argument("plan_dir", type=Path)
    offered.add_argument("--instance", required=True, help="the library instance it is a plan of")
    offered.add_argument("--solver", required=True, help="solver and version, e.g. 'SCIP 9.2 on planner model's MPS'")
    offered.add_argument("--config", default="", help="how it was run (parameters, threads, time)")
    offered.add_argument("--machine", default="", help="CPU and cores")
    offered.add_argument("--bound", type=float, default=None, help="a lower bound the solver proved, if any")
    commands.add_parser("check", help="re-check and re-score every stored plan")
    commands.add_parser("show", help="the table as markdown")
    args = parser.parse_args()
    if args.command == "update":
        for note in update(args.stems):
            print(note)
        print(markdown())
    elif args.command == "submit":
        provenance = {"solver": args.solver, "config": args.config, "parameters": args.config, "machine": args.machine}
        for note in submit(args.plan_dir, args.instance, provenance, args.bound):
            print(note)
    elif args.command == "check":
        problems = check()
        print("\n".join(problems) or f"every stored plan of {TABLE.name} passes the checker and re-scores to its objective")
        sys.exit(1 if problems else 0)
    else:
        print(markdown())


if __name__ == "__main__":
    main()
