"""The instance library: names, the same files wherever made, and one JSON document per instance."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planner.cli import cli
from planner.domain import Instance
from planner.io.readers import load_instance
from planner.library import REPORTING_SHAPES, TUNING_SHAPES, entries, materialise
from tests.conftest import FY2017


def test_names_are_unique_and_reporting_shapes_are_not_tuning_shapes() -> None:
    names = [entry.name for entry in entries()]
    assert len(names) == len(set(names))
    assert not set(REPORTING_SHAPES) & set(TUNING_SHAPES)
    assert {"nishitokyo-fy2017", "10x200-shape212", "40x800-shape215"} <= set(names)


def test_a_generated_instance_is_the_same_files_wherever_it_is_made(tmp_path: Path) -> None:
    first = materialise("3x-shape211", tmp_path / "one")
    second = materialise("3x-shape211", tmp_path / "two")
    for name in ("instance.yaml", "facilities.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    instance = load_instance(first)
    assert instance.name == "3x-shape211" and len(instance.spec.officers) == 9 and len(instance.facilities) == 147


def test_an_unknown_name_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["library", "10x200-shapeX", "--out", str(tmp_path)])
    assert result.exit_code == 2 and result.output.startswith("error: ") and "10x200-shapeX" in result.output


def test_export_is_one_json_document_that_reads_back_as_the_instance(tmp_path: Path) -> None:
    out = tmp_path / "fy2017.json"
    result = CliRunner().invoke(cli, ["export", str(FY2017), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert Instance.model_validate(document) == load_instance(FY2017)
    schema = json.loads(CliRunner().invoke(cli, ["schema", "--document"]).output)
    assert set(schema["required"]) == {"spec", "facilities"} and set(document) == set(schema["properties"])


def test_a_many_office_set_is_made_from_its_name_and_exports_as_one_document(tmp_path: Path) -> None:
    from planner.offices.index import OfficeSetDocument, load_office_index

    first = materialise("offices-12", tmp_path / "one")
    second = materialise("offices-12", tmp_path / "two")
    assert (first / "offices.yaml").read_bytes() == (second / "offices.yaml").read_bytes()
    assert (first / "office-07" / "facilities.csv").read_bytes() == (second / "office-07" / "facilities.csv").read_bytes()
    assert len(load_office_index(first).offices) == 12
    out = tmp_path / "offices-12.json"
    result = CliRunner().invoke(cli, ["export", str(first), "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = OfficeSetDocument.model_validate_json(out.read_text(encoding="utf-8"))
    assert [office.id for office in document.offices] == [f"office-{n:02d}" for n in range(1, 13)]
    assert document.offices[6].instance == load_instance(first / "office-07")
    schema = json.loads(CliRunner().invoke(cli, ["schema", "--office-set-document"]).output)
    assert set(schema["required"]) == {"name", "offices"}


def test_export_does_not_write_over_a_file(tmp_path: Path) -> None:
    out = tmp_path / "mine.json"
    out.write_text("a user's file", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(FY2017), "--out", str(out)])
    assert result.exit_code == 2 and "already exists" in result.output and "--overwrite" in result.output
    assert out.read_text(encoding="utf-8") == "a user's file"
    assert CliRunner().invoke(cli, ["export", str(FY2017), "--out", str(out), "--overwrite"]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["spec"]["name"] == "nishitokyo-fy2017"
