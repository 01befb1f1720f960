"""Factories for tiny instances whose right answers can be worked out by hand."""

from __future__ import annotations

import copy
import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from ortools.sat.python import cp_model

from planner.calendar import Problem, expand
from planner.domain import Facility, Instance, InstanceSpec
from planner.model import BuiltModel, build_model

ROOT = Path(__file__).resolve().parents[1]
FY2017 = ROOT / "instances" / "nishitokyo-fy2017"

BASE_SPEC: dict[str, Any] = {
    "name": "tiny",
    "fiscal_year": 2017,
    "closures": [],
    "officers": [
        {"id": "A", "name": "推進員A", "days_per_week": 3},
        {"id": "B", "name": "推進員B", "days_per_week": 3},
    ],
    "staffing": {"headcount": {"mon": 1, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0},
    "counter": {
        "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
        "demand": [],
    },
    "rounds": [],
    "meetings": [],
}
"""Two officers, one on duty each weekday, no counter floor, no demand, no visits:
a year in which every rule is easy, so that a test adds just the rule it is about."""


def make_spec(**overrides: Any) -> dict[str, Any]:
    """A raw ``instance.yaml`` mapping: BASE_SPEC with top-level keys replaced."""
    spec = copy.deepcopy(BASE_SPEC)
    spec.update(copy.deepcopy(overrides))
    return spec


def facility(
    facility_id: str,
    category: str = "community",
    opening_date: str | None = None,
    block: str = "north",
    open_findings: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "facility_id": facility_id,
        "name": f"施設{facility_id}",
        "category": category,
        "type": "small_scale" if category == "community" else "certified",
        "opening_date": opening_date,
        "block": block,
        "open_findings": open_findings,
        **extra,
    }


def make_instance(facilities: Sequence[dict[str, Any]] = (), **overrides: Any) -> Instance:
    return Instance(
        spec=InstanceSpec.model_validate(make_spec(**overrides)),
        facilities=[Facility.model_validate(row) for row in facilities],
    )


def make_problem(facilities: Sequence[dict[str, Any]] = (), **overrides: Any) -> Problem:
    return expand(make_instance(facilities, **overrides))


def write_instance(directory: Path, spec: dict[str, Any], facilities: Sequence[dict[str, Any]]) -> Path:
    """Write an instance directory as a user would (YAML dates as plain ISO text)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "instance.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    columns = ["facility_id", "name", "category", "type", "opening_date", "block", "open_findings"]
    with open(directory / "facilities.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in facilities:
            writer.writerow({key: "" if row.get(key) is None else row.get(key) for key in columns})
    return directory


class Solved:
    """A solved tiny model: status plus values by name."""

    def __init__(self, built: BuiltModel, solver: cp_model.CpSolver, status: int) -> None:
        self.built = built
        self.solver = solver
        self.status = status

    @property
    def feasible(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def optimal(self) -> bool:
        return self.status == cp_model.OPTIMAL

    def term(self, name: str) -> int:
        return sum(int(self.solver.value(p.expression)) for p in self.built.penalties if p.term == name)

    @property
    def objective(self) -> float:
        return self.solver.objective_value


def solve_built(built: BuiltModel, time_limit: float = 20.0) -> Solved:
    """Solve deterministically (one worker, fixed seed)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(built.model)
    return Solved(built, solver, status)


def build(problem: Problem, families: Sequence = (), terms: Sequence = (), formulation: str = "per-officer") -> BuiltModel:
    return build_model(problem, families=families, terms=terms, formulation=formulation)


def day_index(problem: Problem, iso: str) -> int:
    return problem.day_labels.index(iso)


@pytest.fixture
def tiny_spec() -> dict[str, Any]:
    return make_spec()


SMALL_FACILITIES = [
    facility("N1", opening_date="2017-04-01", block="east"),
    facility("N2", opening_date="2017-10-01", block="west"),
    facility("C1", block="east", open_findings=2),
    facility("C2", block="west"),
    facility("C3", block="east", open_findings=1),
    facility("C4", block="west"),
    facility("U1", category="unlicensed", block="east"),
    facility("U2", category="unlicensed", opening_date="2017-09-01", block="west"),
]


def small_spec() -> dict[str, Any]:
    """FY2017's rules at a glance's size: 3 officers, 8 facilities, 5 rounds, 3 kinds of meeting.

    It weighs the officer shortfall rather than the visitors' waiting: the rules
    are what its tests are about, and it then solves to optimality in seconds on
    one worker (the waiting objective is exercised on FY2017 by test_cli.py).
    """
    return make_spec(
        name="small",
        weights={"counter_waiting": 0, "counter_shortfall": 100},
        closures=[{"start": "2017-12-29", "end": "2018-01-03"}],
        officers=[{"id": k, "name": f"推進員{k}", "days_per_week": 3} for k in "ABC"],
        staffing={"headcount": {"mon": 2, "tue": 2, "wed": 2, "thu": 1, "fri": 2}, "counter_min": 1},
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [
                {"start": "2017-04-01", "end": "2018-03-31", "per_day": 5},
                {"start": "2017-10-02", "end": "2017-11-30", "per_day": 60},
                {"date": "2017-11-20", "per_day": 230},
            ],
        },
        rounds=[
            {"id": "new_facility", "applies_to": "new", "window": "opening_month", "announced": True},
            {
                "id": "announced",
                "applies_to": "existing_community",
                "window": {"start": "2017-05-01", "end": "2017-06-30"},
                "announced": True,
            },
            {
                "id": "unannounced",
                "applies_to": "existing_community",
                "window": {"start": "2017-08-16", "end": "2017-11-30"},
                "announced": False,
            },
            {
                "id": "unlicensed",
                "applies_to": "unlicensed",
                "window": {"start": "2017-08-16", "end": "2017-11-30"},
                "announced": True,
            },
            {
                "id": "sampled",
                "applies_to": "existing_community",
                "window": {"start": "2017-12-01", "end": "2018-02-28"},
                "announced": True,
                "sample_size": 2,
            },
        ],
        meetings=[
            {"id": "officers-05", "kind": "officers", "attendees": "all", "window": {"start": "2017-05-01", "end": "2017-05-31"}},
            {
                "id": "officers-09",
                "kind": "officers",
                "attendees": "all",
                "window": {"start": "2017-09-01", "end": "2017-09-29"},
                "slot": "day",
            },
            {"id": "directors-1", "kind": "directors", "attendees": 1, "date": "2017-07-12", "slot": "pm"},
            {
                "id": "block-east-1",
                "kind": "block",
                "attendees": 1,
                "window": {"start": "2017-07-03", "end": "2017-07-14"},
                "slot": "pm",
            },
        ],
    )


@pytest.fixture(scope="session")
def small_instance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_instance(tmp_path_factory.mktemp("instances") / "small", small_spec(), SMALL_FACILITIES)


@pytest.fixture(scope="session")
def small_outcome(small_instance_dir: Path, tmp_path_factory: pytest.TempPathFactory):  # -> SolveOutcome
    """The small instance solved once per session (deterministic: 1 worker, seed 0), documents included."""
    from planner.pipeline import run_solve

    out = tmp_path_factory.mktemp("plans") / "small"
    outcome = run_solve(small_instance_dir, out, time_limit=60, seed=0, workers=1)
    assert outcome.exit_code == 0, outcome.summary
    return outcome


@pytest.fixture(scope="session")
def small_plan_dir(small_outcome) -> Path:
    return small_outcome.out_dir


@pytest.fixture(scope="session")
def small_instance(small_instance_dir: Path) -> Instance:
    from planner.io.readers import load_instance

    return load_instance(small_instance_dir)


@pytest.fixture(scope="session")
def small_plan(small_outcome):  # -> planner.plan.Plan
    return small_outcome.plan


@pytest.fixture(scope="session")
def fy2017_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The shipped instance solved as a user would, with the console script, on 2 workers."""
    out = tmp_path_factory.mktemp("fy2017") / "plan"
    run = subprocess.run(
        ["planner", "solve", str(FY2017), "--out", str(out), "--time-limit", "60", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return out, run


@pytest.fixture(scope="session")
def caldav_server(tmp_path_factory: pytest.TempPathFactory):  # -> str (the server's address)
    """A real CalDAV server (Radicale) on localhost, no authentication, storage in a temporary folder."""
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = tmp_path_factory.mktemp("radicale")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={storage}",
            "--auth-type=none",
            f"--server-hosts=127.0.0.1:{port}",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers: it is up
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"Radicale did not start: {server.stderr.read().decode() if server.stderr else ''}") from None
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


SLOW_FIXTURES = {"fy2017_plan", "caldav_server", "outreach_plan"}
"""A test using one of these is slow: a solve of the full FY2017 year or of a year with outreach, or a CalDAV server."""
SLOW_MODULES = ("tests/properties/", "tests/documents/test_html_report.py")
"""Hypothesis properties and the headless-browser test."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests, so that ``pytest -m "not slow"`` is the fast loop (``.ci/run`` runs all)."""
    for item in items:
        path = Path(str(item.fspath)).relative_to(ROOT).as_posix()
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or path.startswith(SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
