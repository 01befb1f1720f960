"""Many offices: the index, one broken office among good ones, the summary, Dask, a killed worker."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planner.cli import cli
from planner.errors import InstanceError
from planner.io.writers import write_instance_files
from planner.offices.index import load_office_index
from planner.offices.solve import solve_office_set
from tests.conftest import FY2017, ROOT
from tests.whatif.conftest import tiny_base


def write_set(root: Path, offices: dict[str, Path | None]) -> Path:
    """An office set at ``root``: each office a tiny instance (or the given directory)."""
    entries = []
    for office_id, source in offices.items():
        if source is None:
            write_instance_files(tiny_base(), root / office_id)
        else:
            shutil.copytree(source, root / office_id, ignore=shutil.ignore_patterns("scenarios"))
        entries.append({"id": office_id, "path": office_id, "label": f"事務所{office_id}"})
    (root / "offices.yaml").write_text(
        yaml.safe_dump({"name": "test-set", "offices": entries}, allow_unicode=True), encoding="utf-8"
    )
    return root


def rows_of(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return {row["office"]: row for row in csv.DictReader(handle)}


def test_an_index_with_a_repeated_office_is_refused_naming_it(tmp_path: Path):
    (tmp_path / "offices.yaml").write_text("name: s\noffices:\n  - {id: a, path: a}\n  - {id: a, path: b}\n", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"offices.yaml: .*duplicate id 'a'"):
        load_office_index(tmp_path)


@pytest.mark.slow
def test_one_broken_office_is_its_own_row_and_the_others_are_planned(tmp_path: Path):
    root = write_set(tmp_path / "set", {"east": None, "west": None, "north": None})
    (root / "west" / "facilities.csv").write_text("facility_id,name\nX,broken\n", encoding="utf-8")
    out = tmp_path / "out"
    outcome = solve_office_set(root, out, time_limit=5, processes=2, documents=False)
    statuses = {row.office_id: row.status for row in outcome.outcomes}
    assert statuses == {"east": "OPTIMAL", "west": "BAD_INPUT", "north": "OPTIMAL"}
    assert outcome.exit_code == 2
    west = next(row for row in outcome.outcomes if row.office_id == "west")
    assert "facilities.csv: missing column 'category'" in west.reason
    assert (out / "east" / "plan.json").is_file() and (out / "north" / "plan.json").is_file()
    assert not (out / "west").exists()
    table = rows_of(out / "offices.csv")
    assert set(table) == {"east", "west", "north", "total"}
    assert int(table["total"]["visits"]) == int(table["east"]["visits"]) + int(table["north"]["visits"]) == 4
    page = (out / "offices.html").read_text(encoding="utf-8")
    assert "事務所west" in page and "シナリオの誤り" in page and "合計" in page
    checked = CliRunner().invoke(cli, ["check", str(root), str(out)])
    assert checked.exit_code == 1
    assert (
        "violation: west: " in checked.output
        and "no plan" in checked.output
        and "[office_planned]" in checked.output
        and "ok: east" in checked.output
    )
    assert "east: objective priced by the checker:" in checked.output and "west: objective" not in checked.output


@pytest.mark.slow
def test_the_cli_solves_a_set_and_says_which_office_failed(tmp_path: Path):
    root = write_set(tmp_path / "set", {"a": None, "b": None})
    (root / "b" / "instance.yaml").write_text("name: b\nfiscal_year: 2017\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["solve", str(root), "--out", str(tmp_path / "out"), "--time-limit", "5", "--no-documents", "--quiet"]
    )
    assert result.exit_code == 2
    assert "b: BAD_INPUT:" in result.output and "officers: required key is missing" in result.output
    assert "1 of 2 offices planned" in result.output


@pytest.mark.slow
def test_the_dask_cluster_gives_the_local_pool_s_summary(tmp_path: Path):
    from dask.distributed import LocalCluster

    root = write_set(tmp_path / "set", {"a": None, "b": None, "c": None})
    solve_office_set(root, tmp_path / "local", time_limit=5, processes=2, documents=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        solve_office_set(root, tmp_path / "dask", time_limit=5, documents=False, address=cluster.scheduler_address)

    def table(folder: str) -> dict[str, dict[str, str]]:
        return {
            office: {k: v for k, v in row.items() if k not in ("seconds", "worker_peak_mb")}
            for office, row in rows_of(tmp_path / folder / "offices.csv").items()
        }

    assert table("dask") == table("local")
    for office in "abc":
        assert (tmp_path / "dask" / office / "visits.csv").read_bytes() == (
            tmp_path / "local" / office / "visits.csv"
        ).read_bytes()


@pytest.mark.slow
def test_an_office_whose_dask_worker_is_killed_is_run_again_not_lost(tmp_path: Path):
    import os
    import signal
    import threading
    import time

    from dask.distributed import Client, LocalCluster

    root = write_set(tmp_path / "set", {name: FY2017 for name in ("a", "b", "c", "d")})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster.scheduler_address) as client:
            pids = list(client.run(os.getpid).values())
        result: dict[str, object] = {}
        runner = threading.Thread(
            target=lambda: result.update(
                outcome=solve_office_set(root, tmp_path / "out", time_limit=5, documents=False, address=cluster.scheduler_address)
            )
        )
        runner.start()
        time.sleep(5)  # both workers are busy solving an office (each takes about 10 s here)
        os.kill(pids[0], signal.SIGKILL)
        runner.join(timeout=240)
        with Client(cluster.scheduler_address) as client:
            assert pids[0] not in client.run(os.getpid).values()  # the killed worker was replaced
    outcome = result["outcome"]
    assert {row.office_id: row.status for row in outcome.outcomes} == {name: "FEASIBLE" for name in "abcd"}  # type: ignore[attr-defined]
    for name in "abcd":
        checked = CliRunner().invoke(cli, ["check", str(root / name), str(tmp_path / "out" / name)])
        assert checked.exit_code == 0, checked.output


@pytest.mark.slow
def test_the_shipped_three_offices_are_planned_checked_and_summarised(tmp_path: Path):
    out = tmp_path / "three"
    result = CliRunner().invoke(
        cli, ["solve", str(ROOT / "instances" / "three-offices"), "--out", str(out), "--time-limit", "5", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "3 of 3 offices planned" in result.output
    checked = CliRunner().invoke(cli, ["check", str(ROOT / "instances" / "three-offices"), str(out)])
    assert checked.exit_code == 0, checked.output
    table = rows_of(out / "offices.csv")
    # 4 halls x 12 months, less the first Tuesday of January (2 Jan 2018, in the year-end closure)
    assert int(table["kita-ward"]["outreach_half_days"]) == 47
    assert int(table["nishitokyo"]["outreach_half_days"]) == 0
    ics = (out / "kita-ward" / "calendars" / "office.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "ひろば出張（中央公民館）" in ics


@pytest.mark.slow
def test_a_scenario_applied_to_named_offices_is_compared_office_by_office(tmp_path: Path):
    root = write_set(tmp_path / "set", {"east": None, "west": None, "north": None})
    scenario = tmp_path / "staff.yaml"
    scenario.write_text(
        "name: staff\nlabel: 窓口に1人追加\ncounter:\n  extra_staff:\n    - {start: 2017-10-02, end: 2017-11-30, staff: 1}\n",
        encoding="utf-8",
    )
    out = tmp_path / "whatif"
    result = CliRunner().invoke(
        cli, ["whatif", str(root), str(scenario), "--offices", "east,north", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    with open(out / "whatif.csv", encoding="utf-8") as handle:
        rows = [(row["office"], row["scenario"], row["status"]) for row in csv.DictReader(handle)]
    assert rows == [
        ("east", "base", "OPTIMAL"),
        ("east", "staff", "OPTIMAL"),
        ("north", "base", "OPTIMAL"),
        ("north", "staff", "OPTIMAL"),
    ]
    assert "east/staff" in result.output and "west" not in result.output
    page = (out / "whatif.html").read_text(encoding="utf-8")
    assert page.count('class="figures office-comparison"') == 2 and "事務所east" in page
    assert (out / "east" / "plans" / "staff" / "plan.json").is_file()


def test_an_outreach_scenario_names_the_office_it_cannot_apply_to(tmp_path: Path):
    root = write_set(tmp_path / "set", {"east": None})
    scenario = tmp_path / "outreach.yaml"
    scenario.write_text("name: more\noutreach: {remove: [nope]}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["whatif", str(root), str(scenario), "--out", str(tmp_path / "w"), "--quiet"])
    assert result.exit_code == 2
    assert "(office east): outreach.remove[nope]: no outreach duty 'nope' in the base" in result.output


def test_offices_given_for_a_single_instance_is_an_error(tmp_path: Path):
    root = write_set(tmp_path / "set", {"east": None})
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: s\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["whatif", str(root / "east"), str(scenario), "--offices", "east", "--quiet"])
    assert result.exit_code == 2 and "is one instance, not a set of offices" in result.output
    result = CliRunner().invoke(
        cli, ["whatif", str(root), str(scenario), "--offices", "south", "--quiet", "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 2 and "--offices: no office 'south'" in result.output
