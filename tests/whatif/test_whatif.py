"""What-if runs on a tiny base: figures worked out by hand, a scenario with no plan, the cache,
an interrupted sweep, minimum staffing, the Dask path on a real LocalCluster, and the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.scenario import BASE_SCENARIO, Scenario
from planner.scenario.grid import Dimension, scenario_of
from planner.solve.params import SolveParams
from planner.whatif.compare import run_scenarios
from planner.whatif.run import ScenarioTask, solve_scenario
from planner.whatif.staffing import Target, minimum_staffing
from tests.whatif.conftest import tiny_base

SETTINGS = SolveParams(time_limit=5, seed=0, workers=1, deterministic=True)


def test_a_second_counter_staff_member_lifts_the_season_s_service_level():
    base = tiny_base()
    alone = solve_scenario(ScenarioTask(base, BASE_SCENARIO, SETTINGS))
    helped = solve_scenario(ScenarioTask(base, scenario_of(base, {"season_staff": 1}), SETTINGS))
    assert alone.figures is not None and helped.figures is not None
    # One officer a day (see conftest): 68 % within 10 minutes; with one more at the counter 96 %.
    assert alone.figures.service_level_season_outside_deadline == pytest.approx(0.68, abs=0.01)
    assert helped.figures.service_level_season_outside_deadline == pytest.approx(0.965, abs=0.01)
    assert helped.figures.waited_season < alone.figures.waited_season
    assert alone.figures.visits == helped.figures.visits == 2
    assert alone.figures.visits_season == 0  # the round's window is September


def test_a_scenario_that_cannot_be_planned_is_a_row_with_its_reason():
    base = tiny_base()
    impossible = Scenario.model_validate(
        {
            "name": "no-september",
            "officers": {
                "change": {
                    "A": {"leave": [{"start": "2017-09-01", "end": "2017-09-30"}]},
                    "B": {"leave": [{"start": "2017-09-01", "end": "2017-09-30"}]},
                }
            },
        }
    )
    outcome = solve_scenario(ScenarioTask(base, impossible, SETTINGS))
    assert outcome.status == "INFEASIBLE" and outcome.figures is None
    assert "visit" in outcome.reason and "2017-09" in outcome.reason


def test_a_scenario_that_does_not_apply_is_a_bad_input_row():
    outcome = solve_scenario(
        ScenarioTask(tiny_base(), Scenario.model_validate({"name": "ghost", "officers": {"remove": ["Z"]}}), SETTINGS)
    )
    assert outcome.status == "BAD_INPUT" and "no officer 'Z'" in outcome.reason


def _scenarios():
    base = tiny_base()
    return base, [BASE_SCENARIO, scenario_of(base, {"season_staff": 1}), scenario_of(base, {"season_staff": 2})]


@pytest.mark.slow
def test_a_rerun_reads_every_finished_scenario_from_the_cache(tmp_path: Path):
    base, scenarios = _scenarios()
    first = run_scenarios(base, scenarios, SETTINGS, tmp_path / "cache", processes=2)
    again = run_scenarios(base, scenarios, SETTINGS, tmp_path / "cache", processes=2)
    assert not any(outcome.cached for outcome in first.outcomes)
    assert all(outcome.cached for outcome in again.outcomes)
    assert [o.figures for o in again.outcomes] == [o.figures for o in first.outcomes]
    other_seed = run_scenarios(base, scenarios[:1], SETTINGS.model_copy(update={"seed": 1}), tmp_path / "cache")
    assert not other_seed.outcomes[0].cached  # the seed is part of the key


@pytest.mark.slow
def test_an_interrupted_sweep_keeps_what_finished(tmp_path: Path):
    base, scenarios = _scenarios()
    seen: list[str] = []

    def stop_after_first(outcome):
        seen.append(outcome.name)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_scenarios(base, scenarios, SETTINGS, tmp_path / "cache", processes=1, on_outcome=stop_after_first)
    rerun = run_scenarios(base, scenarios, SETTINGS, tmp_path / "cache", processes=1)
    assert [outcome.name for outcome in rerun.outcomes if outcome.cached] == seen


@pytest.mark.slow
def test_minimum_staffing_finds_one_extra_staff_member_and_shows_the_failed_cheaper_point(tmp_path: Path):
    answer = minimum_staffing(
        tiny_base(), [Dimension("season_staff", (0, 1, 2))], Target(service_level=0.8), SETTINGS, tmp_path / "cache", processes=2
    )
    assert answer.answer is not None and answer.answer.settings == {"season_staff": 1}
    assert [(trial.settings["season_staff"], trial.passed) for trial in answer.trials] == [(0, False), (1, True)]
    assert "service level in season outside the deadline day 67.7% < 80.0%" in answer.trials[0].why


@pytest.mark.slow
def test_the_dask_cluster_gives_the_local_pool_s_figures(tmp_path: Path):
    from dask.distributed import LocalCluster

    base, scenarios = _scenarios()
    local = run_scenarios(base, scenarios, SETTINGS, None, processes=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run_scenarios(base, scenarios, SETTINGS, tmp_path / "cache", address=cluster.scheduler_address)
    assert [o.figures for o in remote.outcomes] == [o.figures for o in local.outcomes]
    assert [o.status for o in remote.outcomes] == [o.status for o in local.outcomes]


@pytest.mark.slow
def test_sweep_cli_writes_one_row_per_scenario_and_reruns_from_the_cache(base_dir: Path, tmp_path: Path):
    out = tmp_path / "sweep"
    arguments = [
        "sweep",
        str(base_dir),
        "--vary",
        "season_staff=0,1",
        "--vary",
        "staffing.headcount.thu=1,2",
        "--out",
        str(out),
        "--quiet",
    ]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    with open(out / "sweep.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["scenario"] for row in rows] == [
        "base",
        "season_staff0_thu1",
        "season_staff0_thu2",
        "season_staff1_thu1",
        "season_staff1_thu2",
    ]
    assert all(row["status"] in ("OPTIMAL", "FEASIBLE") for row in rows)
    assert (out / "sweep.html").read_text(encoding="utf-8").count("<th>season_staff=") >= 4
    rerun = CliRunner().invoke(cli, arguments)
    assert "5 from the cache, 0 solved" in rerun.output


def test_sweep_cli_names_a_bad_key(base_dir: Path, tmp_path: Path):
    result = CliRunner().invoke(
        cli, ["sweep", str(base_dir), "--vary", "staffing.headcount.sun=1,2", "--out", str(tmp_path / "s"), "--quiet"]
    )
    assert result.exit_code == 2
    assert "staffing.headcount.sun: unknown key" in result.output and result.output.count("\n") == 1


@pytest.mark.slow
def test_whatif_cli_writes_each_scenario_s_plan_and_the_checker_passes_it(base_dir: Path, tmp_path: Path):
    scenario = tmp_path / "staff.yaml"
    scenario.write_text(
        "name: staff\nlabel: 窓口に1人追加\ncounter:\n  extra_staff:\n    - {start: 2017-10-02, end: 2017-11-30, staff: 1}\n",
        encoding="utf-8",
    )
    out = tmp_path / "whatif"
    result = CliRunner().invoke(cli, ["whatif", str(base_dir), str(scenario), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "staff" in result.output.splitlines()[0]
    for name in ("base", "staff"):
        checked = CliRunner().invoke(cli, ["check", str(out / "plans" / name / "instance"), str(out / "plans" / name)])
        assert checked.exit_code == 0, checked.output
    page = (out / "whatif.html").read_text(encoding="utf-8")
    assert "窓口に1人追加" in page and "基準との差" in page


@pytest.mark.slow
def test_sweep_cli_runs_on_the_dask_scheduler_named_by_the_environment(
    base_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from dask.distributed import LocalCluster

    arguments = ["sweep", str(base_dir), "--vary", "season_staff=0,1", "--quiet"]
    local = CliRunner().invoke(cli, [*arguments, "--out", str(tmp_path / "local")])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        remote = CliRunner().invoke(cli, [*arguments, "--out", str(tmp_path / "dask")])
    assert local.exit_code == remote.exit_code == 0, remote.output

    def table(folder: str) -> list[dict[str, str]]:
        with open(tmp_path / folder / "sweep.csv", encoding="utf-8") as handle:
            return [{key: value for key, value in row.items() if key != "seconds"} for row in csv.DictReader(handle)]

    assert table("dask") == table("local")


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_is_one_line_exit_2(base_dir: Path, tmp_path: Path):
    result = CliRunner().invoke(
        cli,
        [
            "sweep",
            str(base_dir),
            "--vary",
            "season_staff=0,1",
            "--quiet",
            "--out",
            str(tmp_path / "s"),
            "--dask",
            "tcp://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "no Dask scheduler answers there" in result.output
