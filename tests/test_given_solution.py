"""planner solve --solution: a calendar found by another solver on planner model's file, read back and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.io.plan_files import read_plan_files
from planner.solve.given import _name_and_value


@pytest.fixture(scope="module")
def highs_solution(small_instance_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The small instance's calendar model written as MPS and solved by HiGHS from the file, as an outsider would."""
    import highspy

    folder = tmp_path_factory.mktemp("given")
    result = CliRunner().invoke(cli, ["model", str(small_instance_dir), "--out", str(folder / "calendar.mps")])
    assert result.exit_code == 0, result.output
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(folder / "calendar.mps"))
    highs.setOptionValue("mip_abs_gap", 0.999)
    highs.run()
    highs.writeSolution(str(folder / "calendar.sol"), 0)
    return folder / "calendar.sol", highs.getInfo().objective_function_value


def test_a_calendar_solved_elsewhere_is_planned_and_passes_the_checker(
    small_instance_dir: Path, highs_solution: tuple[Path, float], tmp_path: Path
) -> None:
    solution, objective = highs_solution
    out = tmp_path / "plan"
    result = CliRunner().invoke(
        cli, ["solve", str(small_instance_dir), "--solution", str(solution), "--out", str(out), "--quiet", "--no-documents"]
    )
    assert result.exit_code == 0, result.output
    document = read_plan_files(out).document
    calendar = document["stages"][0]
    assert (calendar["solver"], calendar["stopped_by"], calendar["objective"]) == ("file", "given", pytest.approx(objective))
    assert document["status"] == "FEASIBLE" and document["bound"] is None  # the other solver's proof is not seen here
    checked = CliRunner().invoke(cli, ["check", str(small_instance_dir), str(out)])
    assert checked.exit_code == 0 and "the same" in checked.output, checked.output


def test_the_lines_of_scip_gurobi_and_cbc_solution_files() -> None:
    assert _name_and_value("duty[A,2017-04-03]                 1 \t(obj:0)") == ("duty[A,2017-04-03]", 1.0)  # SCIP
    assert _name_and_value("visit[F1,2017-05-10,am] 1") == ("visit[F1,2017-05-10,am]", 1.0)  # Gurobi, HiGHS raw
    assert _name_and_value("      12 duty[B,2017-04-04]        1       0") == ("duty[B,2017-04-04]", 1.0)  # CBC
    for header in ("objective value:                 163631", "# Objective value = 163631", "Columns", ""):
        assert _name_and_value(header) is None
    # HiGHS's raw form names its objective like a column: read as a pair, passed over as no column of the model.
    assert _name_and_value("Objective 163631") == ("Objective", 163631.0)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("nothing 1\n", "names no column of the model"),
        ("duty[A,2017-04-03] 0.5\n", "not a whole number"),
    ],
)
def test_an_unusable_solution_file_is_a_one_line_error_and_writes_nothing(
    small_instance_dir: Path, tmp_path: Path, content: str, says: str
) -> None:
    solution = tmp_path / "bad.sol"
    solution.write_text(content, encoding="utf-8")
    out = tmp_path / "plan"
    result = CliRunner().invoke(
        cli, ["solve", str(small_instance_dir), "--solution", str(solution), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 2 and says in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert not out.exists()


def test_a_solution_that_breaks_the_rules_is_refused(
    small_instance_dir: Path, highs_solution: tuple[Path, float], tmp_path: Path
) -> None:
    solution, _ = highs_solution
    lines = solution.read_text(encoding="utf-8").splitlines()
    # Every duty day dropped: the weekly duty totals cannot hold.
    broken = [f"{line.split()[0]} 0" if line.startswith("duty[") else line for line in lines]
    (tmp_path / "broken.sol").write_text("\n".join(broken) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "solve",
            str(small_instance_dir),
            "--solution",
            str(tmp_path / "broken.sol"),
            "--out",
            str(tmp_path / "plan"),
            "--quiet",
        ],
    )
    assert result.exit_code == 2 and "breaks the model" in result.output, result.output
    assert not (tmp_path / "plan").exists()
