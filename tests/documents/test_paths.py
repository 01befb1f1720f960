"""Facility ids never become paths unsanitised; YAML is loaded safely."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.documents import write_documents
from planner.documents.paths import safe_stem, unique_stems
from planner.domain import Instance

HOSTILE = {
    "C1": "../../etc/passwd",
    "C2": "a/b\\c",
    "C3": "CON",
    "C4": "c4",
    "N1": "ＮＩ　１",
    "N2": "C4",
    "U1": "..",
    "U2": "c4 ",
}


def test_safe_stems_are_plain_distinct_names() -> None:
    stems = unique_stems(HOSTILE.values())
    assert len({stem.lower() for stem in stems.values()}) == len(HOSTILE)
    for stem in stems.values():
        assert stem and "/" not in stem and "\\" not in stem and not stem.startswith(".")
    assert safe_stem("C01") == "C01"  # ordinary ids stay readable


@pytest.mark.slow
def test_hostile_facility_ids_stay_inside_the_facility_folder(tmp_path: Path, small_instance: Instance, small_plan) -> None:
    facilities = [f.model_copy(update={"facility_id": HOSTILE[f.facility_id]}) for f in small_instance.facilities]
    instance = Instance(spec=small_instance.spec, facilities=facilities)
    visits = tuple(dataclasses.replace(v, facility_id=HOSTILE[v.facility_id]) for v in small_plan.visits)
    out = tmp_path / "deep" / "plan"
    out.mkdir(parents=True)
    written = write_documents(instance, dataclasses.replace(small_plan, visits=visits), out)
    for path in written:
        assert path.resolve().is_relative_to(out.resolve()), path
    announced = {HOSTILE[v.facility_id] for v in small_plan.visits if v.announced}
    assert len(list((out / "facilities").glob("*.html"))) == len(announced)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep"] and sorted(p.name for p in (tmp_path / "deep").iterdir()) == [
        "plan"
    ]


def test_yaml_tags_that_would_run_code_are_refused(tmp_path: Path, small_instance_dir: Path) -> None:
    import shutil

    instance = tmp_path / "instance"
    shutil.copytree(small_instance_dir, instance)
    text = (instance / "instance.yaml").read_text(encoding="utf-8")
    (instance / "instance.yaml").write_text(
        text.replace("name: small", "name: !!python/object/apply:os.system ['touch pwned']"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["solve", str(instance), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "instance.yaml" in result.output
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
