"""The CP-SAT model as a MIP for HiGHS (planner.solve.mip): each constraint kind on a model whose
optimum is known by hand, then the planner's own model, where both solvers must agree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import highspy
import pytest
from click.testing import CliRunner
from ortools.sat.python import cp_model

from planner.calendar import expand
from planner.check import check_plan_dir
from planner.cli import cli
from planner.io.readers import load_instance
from planner.model import BuiltModel, build_model
from planner.pipeline import run_solve
from planner.solution import SolveStatus
from planner.solve import SolveParams
from planner.solve.mip import NotLinear, mip_form, model_proto, run_mip, write_mip
from tests.conftest import FY2017


def _built(model: cp_model.CpModel) -> BuiltModel:
    return BuiltModel(model, None, [], ())  # type: ignore[arg-type]  # run_mip reads only the model and penalties


def _highs_optimum(model: cp_model.CpModel) -> tuple[SolveStatus, float | None, list[int]]:
    run = run_mip(_built(model), SolveParams(time_limit=10, workers=1), "toy")
    if not run.stage.status.has_plan:
        return run.stage.status, run.stage.objective, []
    values = [int(run.solver.value(model.get_int_var_from_proto_index(i))) for i in range(len(model.proto.variables))]
    return run.stage.status, run.stage.objective, values


def _cp_sat_optimum(model: cp_model.CpModel) -> float:
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    return solver.objective_value


def test_an_enforced_linear_constraint_holds_only_when_its_literals_do() -> None:
    # b -> x + y >= 8; not b -> x >= 3. Minimise 2x + y - 10b: with b, x = 0, y = 8 gives -2;
    # without b, x = 3, y = 0 gives 6. A big-M too small would cut the first, none would allow x = y = 0.
    model = cp_model.CpModel()
    x, y, b = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y"), model.new_bool_var("b")
    model.add(x + y >= 8).only_enforce_if(b)
    model.add(x >= 3).only_enforce_if(~b)
    model.minimize(2 * x + y - 10 * b)
    status, objective, values = _highs_optimum(model)
    assert (status, objective, values) == (SolveStatus.OPTIMAL, -2.0, [0, 8, 1])
    assert _cp_sat_optimum(model) == -2.0


def test_both_sides_of_an_enforced_range_and_a_negated_enforcement_literal() -> None:
    # not b -> 4 <= x <= 6. Maximising x - 20b pays 20 to drop the range: x = 6 (6) beats x = 10, b = 1 (-10).
    model = cp_model.CpModel()
    x, b = model.new_int_var(0, 10, "x"), model.new_bool_var("b")
    model.add_linear_constraint(x, 4, 6).only_enforce_if(~b)
    model.maximize(x - 20 * b)
    assert _highs_optimum(model) == (SolveStatus.OPTIMAL, 6.0, [6, 0])
    model.minimize(x + 20 * b)  # the low side: x = 4
    assert _highs_optimum(model) == (SolveStatus.OPTIMAL, 4.0, [4, 0])


def test_an_absolute_value_is_exact_in_both_directions() -> None:
    # d = |x - 7| over x in 0..10: maximising d needs the upper side of the max (x = 0, d = 7),
    # minimising it the lower (x = 7, d = 0); with only d >= +-(x - 7) the first would be unbounded.
    model = cp_model.CpModel()
    x, d = model.new_int_var(0, 10, "x"), model.new_int_var(0, 20, "d")
    model.add_abs_equality(d, x - 7)
    model.maximize(d)
    status, objective, values = _highs_optimum(model)
    assert (status, objective, values[:2]) == (SolveStatus.OPTIMAL, 7.0, [0, 7])
    model.minimize(d + 0 * x)
    status, objective, values = _highs_optimum(model)
    assert (status, objective, values[:2]) == (SolveStatus.OPTIMAL, 0.0, [7, 0])


def test_literal_constraints_with_negations() -> None:
    # a or not b; at most one of a, c; exactly one of b, c, d; b and not d together under e.
    # Costs: a 5, b -3, c 4, d 1, e -2. By hand: e forces b = 1, d = 0, hence c = 0 and
    # (a or not b) forces a = 1: 5 - 3 - 2 = 0; without e the best is b = 0 (a free = 0), d = 1: 1.
    model = cp_model.CpModel()
    a, b, c, d, e = (model.new_bool_var(name) for name in "abcde")
    model.add_bool_or([a, ~b])
    model.add_at_most_one([a, c])
    model.add_exactly_one([b, c, d])
    model.add_bool_and([b, ~d]).only_enforce_if(e)
    model.minimize(5 * a - 3 * b + 4 * c + d - 2 * e)
    assert _highs_optimum(model) == (SolveStatus.OPTIMAL, 0.0, [1, 1, 0, 0, 1])
    assert _cp_sat_optimum(model) == 0.0


def test_an_objective_offset_and_a_maximisation_come_out_in_cp_sat_s_units() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(2, 9, "x")
    model.maximize(3 * x + 100)
    assert _highs_optimum(model) == (SolveStatus.OPTIMAL, 127.0, [9])


def test_infeasible_is_reported_as_infeasible() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 3, "x")
    model.add(x >= 5)
    model.minimize(x)
    status, objective, _ = _highs_optimum(model)
    assert (status, objective) == (SolveStatus.INFEASIBLE, None)


def test_a_domain_with_holes_is_refused_by_name() -> None:
    model = cp_model.CpModel()
    model.new_int_var_from_domain(cp_model.Domain.from_values([1, 3, 5]), "odd")
    with pytest.raises(NotLinear, match="odd"):
        mip_form(model_proto(model))


@pytest.mark.parametrize("suffix", [".mps", ".lp"])
def test_the_written_mip_solves_to_the_same_optimum(tmp_path: Path, suffix: str) -> None:
    model = cp_model.CpModel()
    x, y, b = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y"), model.new_bool_var("b")
    model.add(x + y >= 8).only_enforce_if(b)
    model.add(x >= 3).only_enforce_if(~b)
    model.minimize(2 * x + y - 10 * b + 5)
    path = tmp_path / f"toy{suffix}"
    size = write_mip(model, path)
    assert size["columns"] == 3 and path.stat().st_size > 0
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(path))
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert highs.getInfo().objective_function_value == pytest.approx(3.0)


def test_highs_and_cp_sat_prove_the_same_optimum_of_the_small_instance(small_instance_dir: Path, tmp_path: Path) -> None:
    cp_sat = run_solve(small_instance_dir, tmp_path / "cp-sat", time_limit=60, workers=3, documents=False)
    highs = run_solve(small_instance_dir, tmp_path / "highs", time_limit=60, workers=3, documents=False, solver="highs")
    # The calendar stages are the same model: both proven, the same optimum.
    assert cp_sat.result.stages[0].status is highs.result.stages[0].status is SolveStatus.OPTIMAL
    assert highs.result.stages[0].objective == cp_sat.result.stages[0].objective
    assert highs.result.bound == cp_sat.result.bound
    assert check_plan_dir(small_instance_dir, tmp_path / "highs") == []


@pytest.mark.slow
def test_the_cli_solves_fy2017_with_highs_and_the_checker_passes(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    run = subprocess.run(
        ["planner", "solve", str(FY2017), "--out", str(out), "--solver", "highs", "--no-documents", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("status: ")  # HiGHS's banner kept off the summary
    check = subprocess.run(["planner", "check", str(FY2017), str(out)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr


def test_deterministic_with_highs_is_a_one_line_usage_error(tmp_path: Path) -> None:
    run = subprocess.run(
        ["planner", "solve", str(FY2017), "--out", str(tmp_path / "x"), "--solver", "highs", "--deterministic"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "HiGHS stops by the clock" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x").exists()


def test_planner_model_writes_the_calendar_for_other_solvers(small_instance_dir: Path, tmp_path: Path) -> None:
    # The MPS file, read back by HiGHS alone, has the calendar's optimum (the one run_mip proves and
    # CP-SAT confirms); the CP-SAT text proto, parsed back, is the model planner solve builds.
    mps, text = tmp_path / "small.mps", tmp_path / "small.pb.txt"
    for path in (mps, text):
        run = CliRunner().invoke(cli, ["model", str(small_instance_dir), "--out", str(path)])
        assert run.exit_code == 0 and run.output.startswith(f"written: {path}"), run.output
    built = build_model(expand(load_instance(small_instance_dir)), seed=0, formulation="by-slot", bound_rows=True)
    proven = run_mip(built, SolveParams(time_limit=60), "calendar")
    assert proven.stage.status is SolveStatus.OPTIMAL
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(mps))
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert highs.getInfo().objective_function_value == pytest.approx(proven.stage.objective)
    assert "duty[" in mps.read_text(encoding="utf-8")  # the model's own names
    parsed = cp_model.CpModel()
    parsed.proto.parse_text_format(text.read_text(encoding="utf-8"))
    assert len(parsed.proto.variables) == len(built.model.proto.variables)
    assert len(parsed.proto.constraints) == len(built.model.proto.constraints)
    assert list(parsed.proto.objective.coeffs) == list(built.model.proto.objective.coeffs)


def test_planner_model_keeps_an_existing_file_and_names_the_formats(small_instance_dir: Path, tmp_path: Path) -> None:
    kept = tmp_path / "mine.mps"
    kept.write_text("my file", encoding="utf-8")
    run = CliRunner().invoke(cli, ["model", str(small_instance_dir), "--out", str(kept)])
    assert run.exit_code == 2 and "file exists (kept)" in run.output and run.output.count("\n") == 1
    assert kept.read_text(encoding="utf-8") == "my file"
    run = CliRunner().invoke(cli, ["model", str(small_instance_dir), "--out", str(tmp_path / "m.json")])
    assert run.exit_code == 2 and ".pb, .pb.txt, .mps, .lp" in run.output
    assert list(tmp_path.iterdir()) == [kept]


def test_scip_proves_the_same_toy_optimum_and_the_small_calendar(small_instance_dir: Path) -> None:
    # The same MIP on SCIP (for comparison): the hand-worked toy, and the small calendar's optimum HiGHS proves.
    model = cp_model.CpModel()
    x, y, b = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y"), model.new_bool_var("b")
    model.add(x + y >= 8).only_enforce_if(b)
    model.add(x >= 3).only_enforce_if(~b)
    model.minimize(2 * x + y - 10 * b)
    run = run_mip(_built(model), SolveParams(time_limit=10, workers=1, solver="scip"), "toy")
    assert (run.stage.status, run.stage.objective, run.stage.solver) == (SolveStatus.OPTIMAL, -2.0, "scip")
    built = build_model(expand(load_instance(small_instance_dir)), seed=0, formulation="by-slot", bound_rows=True)
    by_scip = run_mip(built, SolveParams(time_limit=60, solver="scip"), "calendar")
    by_highs = run_mip(built, SolveParams(time_limit=60, solver="highs"), "calendar")
    assert by_scip.stage.status is by_highs.stage.status is SolveStatus.OPTIMAL
    assert by_scip.stage.objective == by_highs.stage.objective


def test_a_model_without_a_mip_form_is_solved_by_cp_sat_under_auto(
    small_instance_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.solve.mip as mip
    from planner.solve import solve

    def refused(proto: object) -> None:
        raise NotLinear("constraint c is a table constraint, which has no linear form here")

    monkeypatch.setattr(mip, "mip_form", refused)
    problem = expand(load_instance(small_instance_dir))
    lines: list[str] = []
    result = solve(problem, SolveParams(time_limit=30, workers=2), lines.append)
    assert result.status.has_plan and result.stages[0].solver == "cp-sat"
    assert any("no MIP form" in line and "CP-SAT solves it" in line for line in lines)
    with pytest.raises(NotLinear, match="solve it with --solver cp-sat"):
        solve(problem, SolveParams(time_limit=30, workers=2, solver="highs"))
