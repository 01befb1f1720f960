"""No command deletes a file it did not write (issue 24).

Every command that writes a folder is tried against the instance's own folder,
a folder of a user's files, the current folder and the home folder (refused,
exit 2, one line, every file byte for byte as it was), and against a new path,
an empty folder and a previous output (written, the previous output replaced).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import cli
from planner.io.output_folder import MARKER, OutputFolderError, claim_output_folder, foreign_files, mark_output_folder
from tests.conftest import facility, make_spec, write_instance

FAST = ["--time-limit", "5", "--workers", "1", "--quiet"]
BATCH = ["--time-limit", "0.5", "--processes", "1", "--quiet"]


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture
def instance_dir(tmp_path: Path) -> Path:
    """Two officers, one facility visited in September: solves in well under a second."""
    rounds = [
        {
            "id": "visit",
            "applies_to": "existing_community",
            "window": {"start": "2017-09-04", "end": "2017-09-29"},
            "announced": True,
        }
    ]
    return write_instance(tmp_path / "tiny", make_spec(rounds=rounds), [facility("C1")])


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "thesis"
    (folder / "chapters").mkdir(parents=True)
    (folder / "thesis.txt").write_text("three years of work\n", encoding="utf-8")
    (folder / "chapters" / "one.txt").write_text("chapter one\n", encoding="utf-8")
    return folder


def _scenario(tmp_path: Path) -> Path:
    path = tmp_path / "third.yaml"
    path.write_text("name: third\nofficers:\n  add:\n    - {id: C, name: 推進員C, days_per_week: 3}\n", encoding="utf-8")
    return path


def _changes(tmp_path: Path) -> Path:
    path = tmp_path / "changes.yaml"
    path.write_text("changes: []\n", encoding="utf-8")
    return path


def _plan(instance_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "published"
    run = CliRunner().invoke(cli, ["solve", str(instance_dir), "--out", str(out), "--no-documents", *FAST])
    assert run.exit_code == 0, run.output
    return out


Command = Callable[[Path, Path, Path], list[str]]
"""(instance, output folder, tmp_path) -> the command's arguments."""

COMMANDS: dict[str, Command] = {
    "solve": lambda inst, out, tmp: ["solve", str(inst), "--out", str(out), "--no-documents", *FAST],
    "counter": lambda inst, out, tmp: ["counter", str(inst), "--out", str(out)],
    "replan": lambda inst, out, tmp: [
        *("replan", str(inst), str(_plan(inst, tmp)), "--as-of", "2017-10-02", "--changes", str(_changes(tmp))),
        *("--out", str(out), "--no-documents", *FAST),
    ],
    "whatif": lambda inst, out, tmp: ["whatif", str(inst), str(_scenario(tmp)), "--out", str(out), *BATCH],
    "sweep": lambda inst, out, tmp: ["sweep", str(inst), "--vary", "officers=2,3", "--out", str(out), *BATCH],
    "staffing": lambda inst, out, tmp: ["staffing", str(inst), "--vary", "officers=2", "--out", str(out), *BATCH],
}


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(cli, args)


def _assert_refused(run: Result, folder: Path, why: str) -> None:
    assert run.exit_code == 2, run.output
    lines = run.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and why in lines[0], run.output
    assert "Traceback" not in run.output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_instance_s_own_folder_is_refused_and_kept(command: str, instance_dir: Path, tmp_path: Path) -> None:
    args = COMMANDS[command](instance_dir, instance_dir, tmp_path)
    before = _snapshot(instance_dir)
    _assert_refused(_run(args), instance_dir, "which this command reads")
    assert _snapshot(instance_dir) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_folder_of_a_user_s_files_is_refused_and_kept(
    command: str, instance_dir: Path, user_folder: Path, tmp_path: Path
) -> None:
    before = _snapshot(user_folder)
    _assert_refused(_run(COMMANDS[command](instance_dir, user_folder, tmp_path)), user_folder, "did not write this folder")
    assert _snapshot(user_folder) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_current_folder_is_refused_even_when_it_is_an_output(
    command: str, instance_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    (folder / "visits.csv").write_text("mine\n", encoding="utf-8")
    mark_output_folder(folder, "solve")  # even a folder the planner wrote: cd-ing into it is no consent
    monkeypatch.chdir(folder)
    _assert_refused(_run(COMMANDS[command](instance_dir, Path("."), tmp_path)), folder, "is the current folder")
    assert (folder / "visits.csv").read_text(encoding="utf-8") == "mine\n"


def test_the_home_folder_and_a_parent_of_the_instance_are_refused(
    instance_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_refused(_run(COMMANDS["counter"](instance_dir, instance_dir.parent, tmp_path)), tmp_path, "holds ")
    home = tmp_path / "people" / "home"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputFolderError, match="is the home folder"):
        claim_output_folder(home)
    _assert_refused(_run(COMMANDS["solve"](instance_dir, home.parent, tmp_path)), home.parent, "holds the home folder")


BATCH_COMMANDS = ("staffing", "sweep", "whatif")
"""Each solves in a process pool three times over: a few seconds, so in the slow suite."""


@pytest.mark.parametrize(
    "command", [pytest.param(name, marks=pytest.mark.slow) if name in BATCH_COMMANDS else name for name in sorted(COMMANDS)]
)
def test_a_new_path_an_empty_folder_and_a_previous_output_are_written(command: str, instance_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (tmp_path / "new" / "out", empty):
        run = _run(COMMANDS[command](instance_dir, folder, tmp_path))
        assert run.exit_code == 0, run.output
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        assert marker["written_by"] == f"planner {command}" and foreign_files(folder) == []
    # the same command again over its own output: replaced (or added to), not refused
    again = _run(COMMANDS[command](instance_dir, empty, tmp_path))
    assert again.exit_code == 0, again.output


def test_a_file_added_to_an_output_is_named_and_kept(instance_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(COMMANDS["solve"](instance_dir, out, tmp_path)).exit_code == 0
    (out / "notes.txt").write_text("the director said yes\n", encoding="utf-8")
    before = _snapshot(out)
    _assert_refused(
        _run(COMMANDS["solve"](instance_dir, out, tmp_path)), out, "holds files the planner did not write (notes.txt)"
    )
    assert _snapshot(out) == before


def test_an_output_of_0_7_0_without_a_marker_is_recognised_by_its_contract_files(instance_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(["solve", str(instance_dir), "--out", str(out), *FAST]).exit_code == 0  # with documents
    (out / MARKER).unlink()
    assert _run(COMMANDS["solve"](instance_dir, out, tmp_path)).exit_code == 0
    (out / MARKER).unlink()
    (out / "thesis.txt").write_text("mine\n", encoding="utf-8")
    _assert_refused(_run(COMMANDS["solve"](instance_dir, out, tmp_path)), out, "thesis.txt")
    assert (out / "thesis.txt").exists()


@pytest.mark.slow
def test_a_comparison_killed_half_way_is_still_the_planner_s(instance_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "whatif"
    assert _run(COMMANDS["whatif"](instance_dir, out, tmp_path)).exit_code == 0
    # as a kill would leave it: a finished scenario in the cache, the summary not yet rewritten
    (out / "cache" / "0123abcd.json").write_text("{}", encoding="utf-8")
    (out / ".whatif.csv.tmp").write_text("half", encoding="utf-8")
    assert foreign_files(out) == []
    shutil.rmtree(out / "plans")
    assert _run(COMMANDS["whatif"](instance_dir, out, tmp_path)).exit_code == 0


def test_a_set_of_offices_writes_only_into_a_folder_of_its_own(tmp_path: Path, user_folder: Path) -> None:
    offices = tmp_path / "offices"
    assert _run(["generate", str(offices), "--offices", "2"]).exit_code == 0
    before = _snapshot(user_folder)
    _assert_refused(
        _run(["solve", str(offices), "--out", str(user_folder), "--no-documents", "--quiet"]), user_folder, "thesis.txt"
    )
    assert _snapshot(user_folder) == before
    _assert_refused(_run(["solve", str(offices), "--out", str(offices), "--quiet"]), offices, "which this command reads")


def test_generate_keeps_other_files_and_writes_over_an_instance_only_when_told(user_folder: Path) -> None:
    before = _snapshot(user_folder)
    assert _run(["generate", str(user_folder), "--officers", "2", "--facilities", "5"]).exit_code == 0
    assert all(_snapshot(user_folder)[name] == content for name, content in before.items())
    generated = (user_folder / "instance.yaml").read_bytes()
    _assert_refused(_run(["generate", str(user_folder), "--seed", "1"]), user_folder, "instance.yaml: already exists")
    assert (user_folder / "instance.yaml").read_bytes() == generated
    assert _run(["generate", str(user_folder), "--seed", "1", "--overwrite"]).exit_code == 0
    assert (user_folder / "instance.yaml").read_bytes() != generated
    assert (user_folder / "thesis.txt").read_bytes() == before["thesis.txt"]


def test_a_plan_folder_is_refused_as_the_root_of_a_generated_instance(tmp_path: Path) -> None:
    folder = tmp_path / "README-here"
    folder.mkdir()
    (folder / "README.md").write_text("my notes\n", encoding="utf-8")
    _assert_refused(_run(["generate", str(folder)]), folder, "README.md: already exists")
    assert (folder / "README.md").read_text(encoding="utf-8") == "my notes\n"
    assert not (folder / "instance.yaml").exists()  # all or nothing: checked before the first file


def test_a_file_added_inside_an_office_s_plan_of_a_set_is_named(tmp_path: Path) -> None:
    out = tmp_path / "set"
    (out / "office-01").mkdir(parents=True)
    (out / "office-01" / "visits.csv").write_text("planned\n", encoding="utf-8")
    mark_output_folder(out / "office-01", "solve")
    (out / "offices.csv").write_text("office\n", encoding="utf-8")
    mark_output_folder(out, "solve")
    assert foreign_files(out) == []
    (out / "office-01" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert foreign_files(out) == ["office-01/notes.txt"]
    with pytest.raises(OutputFolderError, match="office-01/notes.txt"):
        claim_output_folder(out)
