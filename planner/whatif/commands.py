"""``planner whatif | sweep | staffing``: read, run the scenarios, write, and the screen text.

Each command writes into one folder (default ``outputs/<base>-whatif``,
``-sweep`` or ``-staffing``): ``whatif.csv`` / ``sweep.csv`` / ``staffing.csv``
and the HTML page of the same name, ``cache/`` (finished scenarios, so a rerun
skips them) and, for ``whatif``, ``plans/<scenario>/`` with each scenario's
contract files and instance.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from planner.io.output_folder import batch_folder
from planner.io.readers import load_instance, load_scenario
from planner.io.whatif_files import write_comparison
from planner.scenario import BASE_SCENARIO, Scenario, apply_scenario
from planner.scenario.grid import Dimension, grid
from planner.solve.params import SolveParams, default_workers
from planner.whatif.compare import OnOutcome, run_scenarios
from planner.whatif.staffing import StaffingAnswer, Target, minimum_staffing
from planner.whatif.table import one_row_each, side_by_side

BATCH_OWNED = ("cache", "plans")
"""Sub-folders of a comparison's folder that are the planner's whole: they grow while it runs."""

SWEEP_KEYS = (
    "waited_year",
    "waited_season",
    "service_level_season_outside_deadline",
    "shortfall_half_days",
    "visits_season",
    "swapped_days",
    "gap",
)


PROOF_CAP_SECONDS = 60.0
"""Default cap per scenario when proving: FY2017's scenarios (3-6 officers) are proven in 2-12 s each
with HiGHS on 2 cores (README, "What if")."""
DETERMINISTIC_WORK_UNITS = 5.0
"""Default work units per scenario with ``--deterministic``."""


def batch_settings(
    time_limit: float | None,
    seed: int,
    threads: int | None,
    processes: int | None,
    deterministic: bool,
    solver: Literal["auto", "cp-sat", "highs"] | None = None,
) -> tuple[SolveParams, int | None]:
    """The solve settings and local processes of a comparison, from the command line's options.

    By default each scenario is proven: its calendar solved by HiGHS on the same model as a
    MIP (:mod:`planner.solve.mip`), stopped by the proof or by the cap, as many scenarios side
    by side as the machine has cores (HiGHS's search runs on one). Measured the fastest way to
    prove a batch (README, "What if"): FY2017's 20 scenarios proven in 48 s, where CP-SAT's
    multi-thread portfolio one at a time proved 15 of them in 503 s. ``--solver cp-sat``: that
    portfolio, one scenario at a time on a machine the threads fill. ``--deterministic``: CP-SAT
    on one thread per scenario stopped by work units, side by side.
    """
    cores = os.cpu_count() or 1
    if deterministic:
        settings = SolveParams(
            time_limit=time_limit or DETERMINISTIC_WORK_UNITS, seed=seed, workers=threads or 1, deterministic=True
        )
        return settings, processes
    workers = threads or default_workers()
    chosen = "highs" if solver in (None, "auto") else solver
    settings = SolveParams(
        time_limit=time_limit or PROOF_CAP_SECONDS, seed=seed, workers=workers, deterministic=False, solver=chosen
    )
    if chosen == "highs":
        return settings, processes or cores
    return settings, processes or max(1, cores // min(workers, cores))


@dataclass(frozen=True)
class Batch:
    """How a batch of scenarios runs: the same solve settings for each, where it writes, where it runs."""

    settings: SolveParams
    out_dir: Path | None = None
    """[outputs/<base>-whatif|-sweep|-staffing]"""
    processes: int | None = None
    """Scenarios solved side by side on this machine [cores]."""
    address: str | None = None
    """A dask.distributed scheduler, instead of the local pool."""

    def target(self, base_name: str, suffix: str) -> Path:
        return self.out_dir if self.out_dir is not None else Path("outputs") / f"{base_name}-{suffix}"


def run_whatif(
    base_dir: Path,
    scenario_files: Sequence[Path],
    batch: Batch,
    *,
    on_outcome: OnOutcome | None = None,
    offices: Sequence[str] | None = None,
) -> str:
    """The base and each scenario file under the same seed and limit, side by side.

    ``base_dir`` may be an office set (``offices.yaml``): then every office (or those named
    in ``offices``) is compared with the same scenarios, office by office.
    """
    from planner.offices.index import is_office_set

    if is_office_set(base_dir):
        return _whatif_offices(
            base_dir,
            scenario_files,
            batch,
            on_outcome=on_outcome,
            chosen=offices,
        )
    if offices:
        from planner.errors import InstanceError

        raise InstanceError(f"--offices: {base_dir} is one instance, not a set of offices (no offices.yaml)")
    base = load_instance(base_dir)
    scenarios: list[Scenario] = [BASE_SCENARIO]
    for path in scenario_files:
        scenario = load_scenario(path)
        apply_scenario(base, scenario, str(path))  # bad input stops here, naming the file and key
        scenarios.append(scenario)
    target = batch.target(base.name, "whatif")
    with batch_folder(target, "whatif", reading=[base_dir, *scenario_files], owned=BATCH_OWNED, expected=_summary("whatif")):
        comparison = run_scenarios(
            base,
            scenarios,
            batch.settings,
            target / "cache",
            processes=batch.processes,
            address=batch.address,
            plans_dir=target / "plans",
            on_outcome=on_outcome,
        )
        written = write_comparison(target, base.name, batch.settings, comparison.outcomes)
    return "\n".join([side_by_side(comparison.outcomes), _written(written, target)])


def run_sweep(
    base_dir: Path,
    dimensions: Sequence[Dimension],
    batch: Batch,
    *,
    on_outcome: OnOutcome | None = None,
    include_base: bool = True,
) -> str:
    """Every combination of the ``--vary`` values (and the base), one row each."""
    base = load_instance(base_dir)
    scenarios = ([BASE_SCENARIO] if include_base else []) + grid(base, list(dimensions))
    for scenario in scenarios:
        apply_scenario(base, scenario, f"--vary ({scenario.name})")
    target = batch.target(base.name, "sweep")
    with batch_folder(target, "sweep", reading=[base_dir], owned=BATCH_OWNED, expected=_summary("sweep")):
        comparison = run_scenarios(
            base,
            scenarios,
            batch.settings,
            target / "cache",
            processes=batch.processes,
            address=batch.address,
            on_outcome=on_outcome,
        )
        written = write_comparison(target, base.name, batch.settings, comparison.outcomes, stem="sweep")
    solved = [outcome for outcome in comparison.outcomes if not outcome.cached]
    tail = f"{len(comparison.outcomes)} scenarios: {len(comparison.outcomes) - len(solved)} from the cache, {len(solved)} solved"
    return "\n".join([one_row_each(comparison.outcomes, SWEEP_KEYS), tail, _written(written, target)])


def run_staffing(
    base_dir: Path,
    dimensions: Sequence[Dimension],
    target: Target,
    batch: Batch,
    *,
    on_outcome: OnOutcome | None = None,
) -> tuple[str, StaffingAnswer]:
    """The cheapest grid point meeting ``target``, with the evidence of every point tried.

    Without ``dimensions``: the team from its size to two more, and 0-2 division staff in the season.
    """
    base = load_instance(base_dir)
    if not dimensions:
        team = len(base.spec.officers)
        dimensions = [Dimension("officers", tuple(range(team, team + 3))), Dimension("season_staff", (0, 1, 2))]
    folder = batch.target(base.name, "staffing")
    with batch_folder(folder, "staffing", reading=[base_dir], owned=BATCH_OWNED, expected=_summary("staffing")):
        answer = minimum_staffing(
            base,
            dimensions,
            target,
            batch.settings,
            folder / "cache",
            processes=batch.processes,
            address=batch.address,
            on_outcome=on_outcome,
        )
        outcomes = [trial.outcome for trial in answer.trials]
        written = write_comparison(folder, base.name, batch.settings, outcomes, stem="staffing")
    lines = [
        f"target: {target.describe()}",
        "evidence (cheapest first; cost = positions along "
        + ", ".join(f"{dimension.key}={','.join(map(str, dimension.values))}" for dimension in dimensions)
        + "):",
    ]
    name_width = max(len(trial.outcome.name) for trial in answer.trials) + 2
    for trial in answer.trials:
        lines.append(f"  cost {trial.cost}  {trial.outcome.name:<{name_width}} {trial.verdict.upper():<7}  {trial.why}")
    lines.append(one_row_each(outcomes, SWEEP_KEYS))
    lines.append(_answer_text(answer))
    lines.append(_written(written, folder))
    return "\n".join(lines), answer


def _answer_text(answer: StaffingAnswer) -> str:
    """The answer in one line: the point, and whether every cheaper point was proven to fail."""
    found = answer.answer
    unknown = ", ".join(trial.outcome.name for trial in answer.unknown)
    if found is None:
        if answer.certified:
            return "answer: no point of the grid meets the target (certified: each was proven to fail); widen the --vary values"
        return f"answer: no point met the target; unknown at this limit: {unknown} (raise --time-limit)"
    changes = ", ".join(f"{key}={value}" for key, value in found.settings.items())
    if answer.certified:
        return f"answer: {changes} (cost {found.cost}; certified: every cheaper point of the grid was proven to fail)"
    return (
        f"answer: {changes} (cost {found.cost}) meets the target, but not certified the cheapest: "
        f"unknown at this limit: {unknown} (raise --time-limit)"
    )


def _summary(stem: str) -> tuple[str, str]:
    return (f"{stem}.csv", f"{stem}.html")


def _written(files: Sequence[Path], folder: Path) -> str:
    return f"written: {', '.join(str(path) for path in files)} (cache: {folder / 'cache'}/)"


def _whatif_offices(
    index_dir: Path,
    scenario_files: Sequence[Path],
    batch: Batch,
    *,
    on_outcome: OnOutcome | None,
    chosen: Sequence[str] | None,
) -> str:
    """The same scenarios on each office of a set: per-office folders, one table office by office."""
    from planner.documents.whatif_page import render_offices_whatif_page
    from planner.errors import InstanceError
    from planner.io.summary_files import write_table_and_page
    from planner.offices.index import load_office_index, office_dir
    from planner.whatif.table import csv_rows

    index = load_office_index(index_dir)
    known = [office.id for office in index.offices]
    unknown = [name for name in chosen or () if name not in known]
    if unknown:
        raise InstanceError(f"--offices: no office {unknown[0]!r} in {index_dir} (has: {', '.join(known)})")
    offices = [office for office in index.offices if not chosen or office.id in chosen]
    scenarios = [load_scenario(path) for path in scenario_files]
    bases = {}
    for office in offices:
        bases[office.id] = load_instance(office_dir(index_dir, office))
        for path, scenario in zip(scenario_files, scenarios):
            apply_scenario(bases[office.id], scenario, f"{path} (office {office.id})")
    target = batch.target(index.name, "whatif")
    with batch_folder(target, "whatif", reading=[index_dir, *scenario_files], expected=_summary("whatif")):
        results = []
        for office in offices:
            folder = target / office.id
            with batch_folder(folder, "whatif", owned=BATCH_OWNED, expected=_summary("whatif")):
                comparison = run_scenarios(
                    bases[office.id],
                    [BASE_SCENARIO, *scenarios],
                    batch.settings,
                    folder / "cache",
                    processes=batch.processes,
                    address=batch.address,
                    plans_dir=folder / "plans",
                    on_outcome=on_outcome,
                )
                write_comparison(folder, bases[office.id].name, batch.settings, comparison.outcomes)
            results.append((office, comparison.outcomes))
        columns: list[str] = []
        rows: list[dict[str, object]] = []
        for office, outcomes in results:
            office_columns, office_rows = csv_rows(outcomes)
            columns = columns or ["office", *office_columns]
            columns += [column for column in office_columns if column not in columns]
            rows += [{"office": office.id, **row} for row in office_rows]
        page = render_offices_whatif_page(index.name, batch.settings, [(office.title, outcomes) for office, outcomes in results])
        written = write_table_and_page(target, "whatif", columns, rows, page)
    labelled = [
        dataclasses.replace(outcome, name=f"{office.id}/{outcome.name}") for office, outcomes in results for outcome in outcomes
    ]
    return "\n".join([one_row_each(labelled, SWEEP_KEYS), _written(written, target)])
