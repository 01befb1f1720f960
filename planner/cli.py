"""Command line (thin: parse, one call, print): ``planner solve | replan | check | explain | counter | publish |
import-facilities | generate | whatif | sweep | staffing | schema``; exit codes as in DESIGN.md."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from planner.errors import PlannerError

if TYPE_CHECKING:
    from planner.whatif.commands import Batch

F = TypeVar("F", bound=Callable[..., Any])

EXIT_VIOLATION = 1
"""``planner check`` found a broken rule (the other codes come from the outcomes and PlannerError)."""
OFFICE_WORK_UNITS = 10.0
"""Default work units per office when ``solve`` plans a set of offices (about 20 s each on this machine)."""


def _reports_errors(command: F) -> F:
    """Turn a PlannerError into one line on stderr and its exit code (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PlannerError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def _solver_options(command: F) -> F:
    """``--time-limit --seed --workers --solver --quiet``, shared by ``solve`` and ``replan``."""
    for option in reversed(
        (
            click.option(
                "--time-limit",
                type=click.FloatRange(min=0, min_open=True),
                default=None,
                help="Seconds [60]; for a set of offices, work units per office [10].",
            ),
            click.option(
                "--seed",
                type=click.IntRange(min=0),
                default=0,
                show_default=True,
                help="Random seed (same seed and workers: same plan).",
            ),
            click.option(
                "--workers", type=click.IntRange(min=1, max=64), default=None, help="CP-SAT threads [cores + 1, at most 8]."
            ),
            click.option(
                "--solver",
                type=click.Choice(["auto", "cp-sat", "highs", "scip"]),
                default="auto",
                show_default=True,
                help="Who solves the calendar: HiGHS on the same model as a MIP, or CP-SAT (or SCIP on the MIP, "
                "for comparison); auto: HiGHS, CP-SAT with --deterministic (officers are always named by CP-SAT).",
            ),
            click.option("--quiet", is_flag=True, help="No progress lines while solving."),
        )
    ):
        command = option(command)
    return command


def _refuse_highs_work_units(deterministic: bool, solver: str | None) -> None:
    if deterministic and solver in ("highs", "scip"):
        name = {"highs": "HiGHS", "scip": "SCIP"}[solver]
        raise click.UsageError(f"--deterministic counts CP-SAT's work units; {name} stops by the clock (drop one of them)")


def _progress(quiet: bool) -> Callable[[str], None] | None:
    return None if quiet else lambda line: click.echo(line, err=True)


def _finish(outcome: Any) -> None:
    click.echo(outcome.summary)
    if outcome.exit_code:
        sys.exit(outcome.exit_code)


@click.group()
@click.version_option(package_name="visit-round-planner")
def cli() -> None:
    """Plan a fiscal year of child-care support officers: duty, visits, meetings, counter."""


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output directory [outputs/<instance name>].")
@_solver_options
@click.option(
    "--documents/--no-documents",
    default=True,
    show_default=True,
    help="Also write calendars (.ics), plan.xlsx, facility notices and report.html.",
)
@click.option("--csv-bom", is_flag=True, help="Start the CSV files with a UTF-8 BOM (for Excel).")
@click.option(
    "--previous",
    "previous_plan",
    type=click.Path(path_type=Path),
    default=None,
    help="Last year's plan: report unannounced visits that repeat its weekday.",
)
@click.option(
    "--deterministic",
    is_flag=True,
    help="Same plan on every run with the same seed and workers, even on a loaded machine "
    "(--time-limit then counts the solver's work units, about seconds here).",
)
@click.option(
    "--model",
    type=click.Choice(["two-stage", "per-officer"]),
    default="two-stage",
    show_default=True,
    help="two-stage: the calendar by half-day, then the officers named (lexicographic); "
    "per-officer: one model naming officers (the slower reference).",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="An office set: offices solved side by side on this machine [cores].",
)
@click.option(
    "--dask",
    "dask",
    default=None,
    metavar="ADDRESS",
    help="An office set: run on this dask.distributed scheduler [$DASK_SCHEDULER_ADDRESS].",
)
@click.option(
    "--solution",
    type=click.Path(path_type=Path),
    default=None,
    help="Another solver's solution of the calendar model (planner model's file, the same --seed): "
    "the calendar is read from it, checked, and its officers named.",
)
@_reports_errors
def solve(
    instance_dir: Path,
    out_dir: Path | None,
    time_limit: float | None,
    seed: int,
    workers: int | None,
    solver: Any,
    quiet: bool,
    documents: bool,
    csv_bom: bool,
    previous_plan: Path | None,
    deterministic: bool,
    model: Any,
    processes: int | None,
    dask: str | None,
    solution: Path | None,
) -> None:
    """Solve INSTANCE_DIR (an instance, or a set of offices with offices.yaml) and write the plan(s)."""
    from planner.offices.index import is_office_set
    from planner.pipeline import run_solve

    _refuse_highs_work_units(deterministic, solver)
    if solution is not None and (is_office_set(instance_dir) or model != "two-stage"):
        raise click.UsageError("--solution reads the calendar of one instance, for the two-stage model")
    if is_office_set(instance_dir):
        from planner.executor import dask_address
        from planner.offices.solve import solve_office_set

        def progress(outcome: Any) -> None:
            if not quiet:
                click.echo(f"  {outcome.office_id}: {outcome.status} ({outcome.seconds:.1f} s)", err=True)

        _finish(
            solve_office_set(
                instance_dir,
                out_dir,
                time_limit=time_limit or OFFICE_WORK_UNITS,
                seed=seed,
                workers=workers or 1,
                documents=documents,
                processes=processes,
                address=dask_address(dask),
                on_outcome=progress,
            )
        )
        return

    _finish(
        run_solve(
            instance_dir,
            out_dir,
            time_limit=time_limit or 60.0,
            seed=seed,
            workers=workers,
            progress=_progress(quiet),
            documents=documents,
            csv_bom=csv_bom,
            previous_plan=previous_plan,
            deterministic=deterministic,
            model=model,
            solver=solver,
            solution=solution,
        )
    )


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    "as_of",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day that may change (ISO date); everything before stays as published.",
)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day that may change (ISO date); everything after stays as published [the year's end].",
)
@click.option("--changes", "changes_file", required=True, type=click.Path(path_type=Path), help="CHANGES.yaml.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Output directory [outputs/<name>-replan-<as-of>].")
@_solver_options
@click.option(
    "--deterministic",
    is_flag=True,
    help="Stop the solve by work units (--time-limit), so the same seed and workers give the same plan.",
)
@click.option("--documents/--no-documents", default=True, show_default=True)
@_reports_errors
def replan(
    instance_dir: Path,
    plan_dir: Path,
    as_of: Any,
    until: Any,
    changes_file: Path,
    out_dir: Path | None,
    time_limit: float | None,
    seed: int,
    workers: int | None,
    solver: Any,
    quiet: bool,
    deterministic: bool,
    documents: bool,
) -> None:
    """Re-plan PLAN_DIR of INSTANCE_DIR from --as-of after the reported --changes."""
    from planner.pipeline import run_replan

    _refuse_highs_work_units(deterministic, solver)
    _finish(
        run_replan(
            instance_dir,
            plan_dir,
            as_of.date(),
            changes_file,
            out_dir,
            time_limit=time_limit or 60.0,
            seed=seed,
            workers=workers,
            progress=_progress(quiet),
            documents=documents,
            deterministic=deterministic,
            until=until.date() if until is not None else None,
            solver=solver,
        )
    )


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@_reports_errors
def check(instance_dir: Path, plan_dir: Path) -> None:
    """Re-verify the plan in PLAN_DIR against every hard rule of INSTANCE_DIR."""
    from planner.check import check_plan_dir
    from planner.check.pricing import price_line
    from planner.offices.index import is_office_set

    if is_office_set(instance_dir):
        from planner.check import check_office_set
        from planner.offices.index import load_office_index, office_dir

        folders = {office.id: office_dir(instance_dir, office) for office in load_office_index(instance_dir).offices}
        failures = 0
        for office, found in check_office_set(instance_dir, plan_dir):
            failures += bool(found)
            for violation in found:
                click.echo(f"violation: {office}: {violation}  [{violation.rule}]")
            if (plan_dir / office / "plan.json").is_file() and not any(v.rule == "office_readable" for v in found):
                click.echo(f"{office}: {price_line(folders[office], plan_dir / office)}")
            click.echo(f"{'ok' if not found else 'VIOLATED'}: {office}", err=bool(found))
        if failures:
            click.echo(f"{failures} office(s) with violations in {plan_dir}", err=True)
            sys.exit(EXIT_VIOLATION)
        click.echo(f"ok: every office's plan in {plan_dir} keeps the rules of {instance_dir}")
        return
    violations = check_plan_dir(instance_dir, plan_dir)
    for violation in violations:
        click.echo(f"violation: {violation}  [{violation.rule}]")
    price = price_line(instance_dir, plan_dir)
    if violations:
        click.echo(price)
        click.echo(f"{len(violations)} violation(s) found in {plan_dir}", err=True)
        sys.exit(EXIT_VIOLATION)
    click.echo(f"ok: {plan_dir} keeps every rule of {instance_dir}")
    click.echo(price)


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--visit", default=None, help="FACILITY/ROUND: why this visit is where it is.")
@_reports_errors
def explain(instance_dir: Path, plan_dir: Path, visit: str | None) -> None:
    """The objective of PLAN_DIR term by term, by month and by officer; or one visit's placement."""
    from planner.pipeline import run_explain

    click.echo(run_explain(instance_dir, plan_dir, visit))


def _ui_workspaces(instance_dir: Path, plan_dir: Path, out_dir: Path | None) -> tuple[Any, dict[str, Any]]:
    """The first workspace to show and, for a set of offices, how to open each office's."""
    from functools import partial

    from planner.offices.index import is_office_set, load_office_index, office_dir
    from planner.ui.workspace import Workspace

    if not is_office_set(instance_dir):
        return Workspace.open(instance_dir, plan_dir, out_dir), {}
    index = load_office_index(instance_dir)
    saved = out_dir if out_dir is not None else plan_dir.parent / f"{plan_dir.name}-edited"
    openers = {
        office.id: partial(Workspace.open, office_dir(instance_dir, office), plan_dir / office.id, saved / office.id)
        for office in index.offices
    }
    return next(iter(openers.values()))(), openers


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--visit", required=True, help="FACILITY/ROUND: the visit whose options to list.")
@_reports_errors
def options(instance_dir: Path, plan_dir: Path, visit: str) -> None:
    """Every half-day and officer one visit of PLAN_DIR could take, priced term by term (JSON)."""
    import json

    from planner.pipeline import run_options

    click.echo(json.dumps(run_options(instance_dir, plan_dir, visit), ensure_ascii=False, indent=1))


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Where Save writes the edited plan and its journal [<PLAN_DIR>-edited]; an earlier session saved there is resumed.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (another only on a trusted network).")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=0, help="Port [a free one].")
@click.option("--browser/--no-browser", default=True, show_default=True, help="Open the page in the default browser.")
@_reports_errors
def ui(instance_dir: Path, plan_dir: Path, out_dir: Path | None, host: str, port: int, browser: bool) -> None:
    """Open PLAN_DIR in the browser: see it, price and move visits, pin, re-plan the rest, save.

    INSTANCE_DIR may be a set of offices (offices.yaml) and PLAN_DIR its plans: the page then
    shows one office at a time (saved under --out/<office>).
    """
    from planner.ui.server import Session, serve

    session = Session(*_ui_workspaces(instance_dir, plan_dir, out_dir))

    def ready(address: str) -> None:
        click.echo(f"planner ui: open {address}  (the address works once; Ctrl-C stops the server)")
        if browser:
            import webbrowser

            webbrowser.open(address)

    serve(session, host, port, on_ready=ready)


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.option(
    "--plan", "plan_dir", type=click.Path(path_type=Path), help="A plan directory: report the officers it leaves at the counter."
)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Report directory [outputs/<instance name>-counter].")
@_reports_errors
def counter(instance_dir: Path, plan_dir: Path | None, out_dir: Path | None) -> None:
    """Counter report by month, week and half-day: demand, need, staffing, service level, waiting."""
    from planner.pipeline import run_counter_report

    click.echo(run_counter_report(instance_dir, plan_dir, out_dir))


@cli.command()
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--caldav", "url", required=True, help="CalDAV server address, e.g. https://cal.example.jp/dav/.")
@click.option("--user", "username", default=None, help="CalDAV user name.")
@click.option("--facilities/--no-facilities", default=True, show_default=True, help="Also publish the facility calendars.")
@_reports_errors
def publish(plan_dir: Path, url: str, username: str | None, facilities: bool) -> None:
    """Put the calendars of PLAN_DIR on a CalDAV server (password from $PLANNER_CALDAV_PASSWORD)."""
    import os

    from planner.io.caldav import publish_calendars

    published = publish_calendars(plan_dir, url, username, os.environ.get("PLANNER_CALDAV_PASSWORD"), facilities)
    for calendar in published:
        click.echo(
            f"{calendar.collection:<40} {calendar.events:>4} events  {calendar.updated:>4} put  "
            f"{calendar.deleted:>3} removed  {calendar.name}"
        )
    click.echo(f"published {len(published)} calendars to {url}")


@cli.command("import-facilities")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    default=Path("facilities.csv"),
    show_default=True,
    help="facilities.csv to write.",
)
@click.option(
    "--blocks",
    "blocks_file",
    type=click.Path(path_type=Path),
    default=None,
    help="CSV of block,lat,lon (each core nursery): a facility joins the nearest block.",
)
@click.option("--id-prefix", default="F", show_default=True, help="facility_id = prefix + the file's NO.")
@click.option("--overwrite", is_flag=True, help="Replace --out if it exists (else an existing file is refused).")
@_reports_errors
def import_facilities(source: Path, out_file: Path, blocks_file: Path | None, id_prefix: str, overwrite: bool) -> None:
    """Turn a 子育て施設一覧 open-data file (UTF-8 or Shift_JIS) into facilities.csv."""
    from planner.io.opendata import import_facilities as read_open_data
    from planner.io.opendata import read_blocks, write_facilities_csv
    from planner.io.output_folder import claim_new_files

    result = read_open_data(source, read_blocks(blocks_file) if blocks_file else None, id_prefix)
    claim_new_files([out_file], overwrite=overwrite, what="--overwrite")
    click.echo(result.report())
    click.echo(f"written: {write_facilities_csv(result, out_file)}")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--officers", type=click.IntRange(min=1, max=500), default=3, show_default=True)
@click.option("--facilities", type=click.IntRange(min=1, max=20000), default=49, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--fiscal-year", type=click.IntRange(min=2000, max=2100), default=2017, show_default=True)
@click.option("--name", default=None, help="Instance name [generated-<officers>x<facilities>-s<seed>].")
@click.option(
    "--offices",
    type=click.IntRange(min=1, max=2000),
    default=None,
    help="Write a set of this many offices of mixed sizes (with outreach duties) and its offices.yaml.",
)
@click.option(
    "--shape",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="0: FY2017's shape scaled; N: a varied shape drawn from N (days a week, leave, counter floor, walk-ins, meetings).",
)
@click.option("--overwrite", is_flag=True, help="Write over an instance already in OUT_DIR (else refused; other files are kept).")
@_reports_errors
def generate(
    out_dir: Path,
    officers: int,
    facilities: int,
    seed: int,
    fiscal_year: int,
    name: str | None,
    offices: int | None,
    shape: int,
    overwrite: bool,
) -> None:
    """Write a seeded instance shaped like FY2017 (rounds, meetings, counter) at any size into OUT_DIR."""
    from planner.generate import GenerateSpec, write_generated, write_office_set

    if offices is not None:
        written = write_office_set(out_dir, offices, seed, fiscal_year, name, overwrite=overwrite)
        click.echo(f"written: {written}/offices.yaml and {offices} offices (seed {seed})")
        return

    spec = GenerateSpec(officers, facilities, seed, fiscal_year, name, shape=shape)
    written = write_generated(spec, out_dir, overwrite=overwrite)
    click.echo(f"written: {written}/ ({officers} officers, {facilities} facilities, shape {shape}, seed {seed})")


def _scenario_options(command: F) -> F:
    """Options shared by ``whatif``, ``sweep`` and ``staffing``, handed to the command as one ``batch`` (and ``quiet``)."""

    @functools.wraps(command)
    def with_batch(
        *args: Any,
        out_dir: Path | None,
        time_limit: float | None,
        seed: int,
        threads: int | None,
        processes: int | None,
        dask: str | None,
        deterministic: bool,
        solver: Any,
        quiet: bool,
        **kwargs: Any,
    ) -> Any:
        from planner.executor import dask_address
        from planner.whatif.commands import Batch, batch_settings

        _refuse_highs_work_units(deterministic, solver)
        settings, processes = batch_settings(time_limit, seed, threads, processes, deterministic, solver)
        return command(*args, batch=Batch(settings, out_dir, processes, dask_address(dask)), quiet=quiet, **kwargs)

    decorated: Any = with_batch
    for option in reversed(
        (
            click.option(
                "--out",
                "out_dir",
                type=click.Path(path_type=Path),
                default=None,
                help="Output directory [outputs/<base>-whatif|-sweep|-staffing].",
            ),
            click.option(
                "--time-limit",
                type=click.FloatRange(min=0, min_open=True),
                default=None,
                help="Per scenario: a cap in seconds, which the proof of optimality usually ends first [60]; "
                "with --deterministic, CP-SAT work units (about 2 s each here) [5].",
            ),
            click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True),
            click.option(
                "--threads",
                type=click.IntRange(min=1, max=64),
                default=None,
                help="CP-SAT threads per scenario [cores + 1, at most 8; 1 with --deterministic].",
            ),
            click.option(
                "--processes",
                type=click.IntRange(min=1, max=256),
                default=None,
                help="Scenarios solved side by side on this machine [cores with HiGHS; as many as the cores hold at --threads each with CP-SAT].",
            ),
            click.option(
                "--dask",
                "dask",
                default=None,
                metavar="ADDRESS",
                help="Run on this dask.distributed scheduler [$DASK_SCHEDULER_ADDRESS; else the local pool].",
            ),
            click.option(
                "--deterministic",
                is_flag=True,
                help="Stop each solve by work units on one thread, scenarios side by side: reproducible and cached "
                "when not proven (for offices too large to prove).",
            ),
            click.option(
                "--solver",
                type=click.Choice(["cp-sat", "highs"]),
                default=None,
                help="Who solves each scenario's calendar [highs: proves FY2017's scenarios fastest; "
                "cp-sat with --deterministic].",
            ),
            click.option("--quiet", is_flag=True, help="No progress bar."),
        )
    ):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def _with_progress(total: int | None, quiet: bool, run: Callable[[Any], Any]) -> Any:
    """Run ``run(on_outcome)`` with a progress bar on stderr; Ctrl-C keeps what finished (cached)."""
    from contextlib import nullcontext

    bar: Any = (
        nullcontext()
        if quiet or total is None
        else click.progressbar(length=total, label="scenarios", file=sys.stderr, show_pos=True, item_show_func=lambda name: name)
    )
    try:
        with bar as progress:

            def on_outcome(outcome: Any) -> None:
                if progress is not None:
                    progress.update(1, outcome.name)
                elif not quiet:  # no known total (a search): one line per finished scenario
                    click.echo(
                        f"  {outcome.name}: {outcome.status}{' (cached)' if outcome.cached else ''} {outcome.seconds:.1f} s",
                        err=True,
                    )

            return run(on_outcome)
    except KeyboardInterrupt:
        click.echo("interrupted: the scenarios that finished are cached; run the same command again to go on", err=True)
        sys.exit(130)


@cli.command()
@click.argument("base_dir", type=click.Path(path_type=Path))
@click.argument("scenario_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--offices", "offices", default=None, metavar="ID,ID", help="An office set: compare only these offices [every office]."
)
@_scenario_options
@_reports_errors
def whatif(base_dir: Path, scenario_files: tuple[Path, ...], offices: str | None, batch: Batch, quiet: bool) -> None:
    """Solve BASE_DIR (an instance or a set of offices) and each SCENARIO file alike; compare side by side."""
    from planner.offices.index import is_office_set
    from planner.whatif.commands import run_whatif

    chosen = [name.strip() for name in offices.split(",") if name.strip()] if offices else None
    total = None if is_office_set(base_dir) else len(scenario_files) + 1
    click.echo(
        _with_progress(
            total,
            quiet,
            lambda on_outcome: run_whatif(base_dir, scenario_files, batch, on_outcome=on_outcome, offices=chosen),
        )
    )


def _dimensions(vary: tuple[str, ...]) -> list[Any]:
    from planner.scenario.grid import parse_vary

    return [parse_vary(text) for text in vary]


@cli.command()
@click.argument("base_dir", type=click.Path(path_type=Path))
@click.option(
    "--vary",
    multiple=True,
    required=True,
    metavar="KEY=V1,V2,...",
    help="A scenario key and its values, e.g. officers=3,4 or staffing.headcount.thu=1,2 (repeatable).",
)
@click.option("--base/--no-base", "include_base", default=True, show_default=True, help="Also solve the base as a row.")
@_scenario_options
@_reports_errors
def sweep(base_dir: Path, vary: tuple[str, ...], include_base: bool, batch: Batch, quiet: bool) -> None:
    """Solve every combination of the --vary values on BASE_DIR (local pool or Dask), one row each."""
    import math

    from planner.whatif.commands import run_sweep

    dimensions = _dimensions(vary)
    total = math.prod(len(dimension.values) for dimension in dimensions) + int(include_base)
    click.echo(
        _with_progress(
            total,
            quiet,
            lambda on_outcome: run_sweep(base_dir, dimensions, batch, on_outcome=on_outcome, include_base=include_base),
        )
    )


@cli.command()
@click.argument("base_dir", type=click.Path(path_type=Path))
@click.option(
    "--vary",
    multiple=True,
    metavar="KEY=V1,V2,...",
    help="A change and its values, cheapest first [officers=N..N+2 and season_staff=0,1,2].",
)
@click.option(
    "--service-level",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=None,
    help="Service level in the application season outside the deadline day, at least (e.g. 0.8).",
)
@click.option(
    "--max-waited-season",
    type=click.FloatRange(min=0),
    default=None,
    help="Visitor-minutes waited in the application season, at most.",
)
@click.option(
    "--max-shortfall", type=click.IntRange(min=0), default=None, help="Officer half-days below Erlang C over the year, at most."
)
@_scenario_options
@_reports_errors
def staffing(
    base_dir: Path,
    vary: tuple[str, ...],
    service_level: float | None,
    max_waited_season: float | None,
    max_shortfall: int | None,
    batch: Batch,
    quiet: bool,
) -> None:
    """The smallest staffing change of BASE_DIR that plans every visit and meets the counter target."""
    from planner.whatif.commands import run_staffing
    from planner.whatif.staffing import Target

    dimensions = _dimensions(vary)
    target = Target(service_level, max_waited_season, max_shortfall)
    text, _ = _with_progress(
        None,
        quiet,
        lambda on_outcome: run_staffing(base_dir, dimensions, target, batch, on_outcome=on_outcome),
    )
    click.echo(text)


@cli.command()
@click.argument("name", required=False)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("instances-library"), show_default=True)
@_reports_errors
def library(name: str | None, out_dir: Path) -> None:
    """List the instance library's names; with NAME, write that instance under --out."""
    from planner.library import entries, materialise

    if name is None:
        for entry in entries():
            size = f"{entry.officers} officers x {entry.facilities} facilities" if entry.officers else ""
            click.echo(f"{entry.name:<28} {entry.kind:<10} {entry.use:<10} {size}")
        return
    click.echo(f"written: {materialise(name, out_dir)}")


@cli.command()
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None, help="JSON file [standard output].")
@click.option("--overwrite", is_flag=True, help="Replace an existing FILE (else refused).")
@_reports_errors
def export(instance_dir: Path, out_file: Path | None, overwrite: bool) -> None:
    """INSTANCE_DIR as one JSON document ({"spec": ..., "facilities": [...]}; planner schema --document).

    An office set (a folder holding offices.yaml) becomes one document of every office
    ({"name": ..., "offices": [{"id", "label", "instance"}]}; planner schema --office-set-document).
    """
    from planner.io.output_folder import claim_new_files
    from planner.io.readers import load_instance
    from planner.offices.index import is_office_set, office_set_document

    exported = office_set_document(instance_dir) if is_office_set(instance_dir) else load_instance(instance_dir)
    document = json.dumps(exported.model_dump(mode="json"), ensure_ascii=False, indent=1)
    if out_file is None:
        click.echo(document)
        return
    claim_new_files([out_file], overwrite=overwrite, what="--overwrite")
    out_file.write_text(document + "\n", encoding="utf-8")
    click.echo(f"written: {out_file}")


@cli.command("model")
@click.argument("instance_dir", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_file",
    required=True,
    type=click.Path(path_type=Path),
    help="FILE.pb or FILE.pb.txt (CP-SAT's model), FILE.mps or FILE.lp (the same model as a MIP).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The objective's seeded tie-break.")
@click.option("--overwrite", is_flag=True, help="Replace an existing FILE (else refused).")
@_reports_errors
def model_command(instance_dir: Path, out_file: Path, seed: int, overwrite: bool) -> None:
    """Write the calendar stage's model of INSTANCE_DIR for other solvers (the format from --out's suffix)."""
    from planner.pipeline import write_calendar_model

    click.echo(write_calendar_model(instance_dir, out_file, seed=seed, overwrite=overwrite))


@cli.command()
@click.option("--scenario", "what", flag_value="scenario", help="The schema of a what-if scenario file instead.")
@click.option("--instance", "what", flag_value="instance", default=True, help="The schema of instance.yaml (default).")
@click.option("--document", "what", flag_value="document", help="The schema of planner export's one JSON document.")
@click.option(
    "--office-set-document",
    "what",
    flag_value="office-set-document",
    help="The schema of planner export's document of an office set.",
)
def schema(what: str) -> None:
    """Print the JSON Schema of instance.yaml (or of a scenario file with --scenario)."""
    if what == "document":
        from planner.domain import Instance

        click.echo(json.dumps(Instance.model_json_schema(), ensure_ascii=False, indent=2))
        return
    if what == "office-set-document":
        from planner.offices.index import OfficeSetDocument

        click.echo(json.dumps(OfficeSetDocument.model_json_schema(), ensure_ascii=False, indent=2))
        return
    if what == "scenario":
        from planner.scenario import Scenario

        click.echo(json.dumps(Scenario.model_json_schema(), ensure_ascii=False, indent=2))
        return
    from planner.domain import InstanceSpec

    click.echo(json.dumps(InstanceSpec.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    cli(prog_name="planner")


if __name__ == "__main__":  # python -m planner.cli
    main()
