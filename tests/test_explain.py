"""planner explain: the objective by term, month and officer; one visit's window and counter cost."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from planner.cli import cli


def test_plan_explanation_lists_every_term_month_and_officer(small_instance_dir: Path, small_plan_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", str(small_instance_dir), str(small_plan_dir)])
    assert result.exit_code == 0, result.output
    terms = json.loads((small_plan_dir / "plan.json").read_text(encoding="utf-8"))["terms"]
    for term, figures in terms.items():
        assert any(line.split()[:1] == [term] and str(figures["weighted"]) in line for line in result.output.splitlines()), term
    assert "2017-11" in result.output and "2018-03" in result.output
    for officer in "ABC":
        assert any(line.split()[:1] == [officer] for line in result.output.splitlines())


def test_visit_explanation_gives_window_cost_and_alternative(small_instance_dir: Path, small_plan_dir: Path) -> None:
    with open(small_plan_dir / "visits.csv", encoding="utf-8") as handle:
        visit = next(row for row in csv.DictReader(handle) if row["round"] == "unannounced")
    result = CliRunner().invoke(
        cli, ["explain", str(small_instance_dir), str(small_plan_dir), "--visit", f"{visit['facility_id']}/unannounced"]
    )
    assert result.exit_code == 0, result.output
    assert f"on {visit['date']} {visit['slot']} by {visit['officer_id']}" in result.output
    assert "window: 2017-08-16 am .. 2017-11-30 pm" in result.output
    assert "visitor-minutes of waiting" in result.output and "alternative" in result.output


def test_unknown_visit_is_a_one_line_error(small_instance_dir: Path, small_plan_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["explain", str(small_instance_dir), str(small_plan_dir), "--visit", "C1/nope"])
    assert result.exit_code == 2 and result.output.startswith("error: ") and "C1" in result.output
