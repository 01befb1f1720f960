"""Bad input ends with one line naming the file, the row or key, and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import InstanceError
from planner.io.readers import load_instance
from tests.conftest import FY2017, facility, make_spec, write_instance

FACILITIES = [facility("C1"), facility("U1", category="unlicensed")]


def _load(tmp_path: Path, spec: dict, facilities: list = FACILITIES) -> None:
    load_instance(write_instance(tmp_path / "inst", spec, facilities))


def test_shipped_instance_loads() -> None:
    instance = load_instance(FY2017)
    assert instance.name == "nishitokyo-fy2017"
    assert len(instance.facilities) == 49
    assert len(instance.spec.officers) == 3


def test_a_valid_tiny_instance_loads(tmp_path: Path) -> None:
    _load(tmp_path, make_spec())


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (lambda s: s.update(colour="blue"), ["instance.yaml", "colour", "unknown key"]),
        (lambda s: s["officers"][0].update(shift="night"), ["officers[A].shift", "unknown key"]),
        (lambda s: s["counter"]["service"].update(speed=1), ["counter.service.speed", "unknown key"]),
        (lambda s: s.pop("staffing"), ["staffing", "required key is missing"]),
        (lambda s: s["officers"].append({"id": "A", "days_per_week": 2}), ["officers", "duplicate id 'A'"]),
        (lambda s: s["officers"][1].update(days_per_week=6), ["officers[B].days_per_week", "less than or equal to 5"]),
        (lambda s: s.update(closures=["2017-02-30"]), ["closures[0]", "2017-02-30", "not a valid ISO date"]),
        (lambda s: s.update(closures=[{"start": "2017-05-10", "end": "2017-05-01"}]), ["closures[0]", "before start"]),
        (lambda s: s.update(closures=["2018-04-02"]), ["closures[0]", "outside fiscal year 2017"]),
        (
            lambda s: s.update(
                rounds=[
                    {
                        "id": "r",
                        "applies_to": "existing_community",
                        "announced": True,
                        "window": {"start": "2017-03-01", "end": "2017-05-01"},
                    }
                ]
            ),
            ["rounds[r].window", "outside fiscal year"],
        ),
        (
            lambda s: s.update(rounds=[{"id": "r", "applies_to": "unlicensed", "announced": True, "window": "opening_month"}]),
            ["rounds", "opening_month", "new facilities"],
        ),
        (
            lambda s: s.update(meetings=[{"id": "m", "kind": "block", "attendees": 3, "date": "2017-05-10"}]),
            ["meetings[m].attendees", "3 officers", "only 2"],
        ),
        (
            lambda s: s.update(meetings=[{"id": "m", "kind": "block", "attendees": 1}]),
            ["meetings", "exactly one of 'date'"],
        ),
        (
            lambda s: s["counter"].update(demand=[{"date": "2017-05-10", "per_day": -3}]),
            ["counter.demand[0].per_day", "greater than or equal to 0"],
        ),
        (
            lambda s: s["counter"]["service"].update(service_level=1.5),
            ["counter.service.service_level", "less than or equal to 1"],
        ),
        (lambda s: s["counter"]["service"].update(aht_minutes=0), ["counter.service.aht_minutes", "greater than 0"]),
        (lambda s: s.update(fiscal_year="next"), ["fiscal_year", "valid integer"]),
        (
            lambda s: s["counter"].update(
                demand=[
                    {"start": "2017-10-02", "end": "2017-11-30", "per_day": 60},
                    {"start": "2017-10-02", "end": "2017-11-30", "per_day": 50},
                ]
            ),
            ["counter: demand[1] repeats the period 2017-10-02..2017-11-30 of demand[0]", "(50.0 vs 60.0)"],
        ),
        (lambda s: s["counter"].update(effects={"after_holiday": 0}), ["counter.effects.after_holiday", "greater than 0"]),
        (lambda s: s["counter"].update(effects={"weekday": {"sat": 2}}), ["counter.effects.weekday.sat", "unknown key"]),
        (
            lambda s: s["counter"].update(effects={"ramps": [{"deadline": "2018-11-20", "days": 5, "peak": 2}]}),
            ["counter.effects.ramps[0].deadline", "outside fiscal year"],
        ),
        (
            lambda s: s.update(meetings=[{"id": "m", "kind": "k", "attendees": "some", "date": "2017-05-10"}]),
            ["meetings[m].attendees", "'all'; or", "valid integer"],
        ),
        (
            lambda s: s.update(rounds=[{"id": "r", "applies_to": "new", "announced": True, "window": {"start": "2017-05-01"}}]),
            ["rounds[r].window.end", "required key is missing"],
        ),
    ],
)
def test_bad_instance_yaml_names_its_key(tmp_path: Path, change, fragments: list[str]) -> None:
    spec = make_spec()
    change(spec)
    with pytest.raises(InstanceError) as caught:
        _load(tmp_path, spec)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_malformed_yaml_names_line(tmp_path: Path) -> None:
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "instance.yaml").write_text("name: x\nofficers: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"instance.yaml: line \d+, column \d+: malformed YAML"):
        load_instance(directory)


def test_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "instance.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InstanceError, match="expected a mapping"):
        load_instance(directory)


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "instance.yaml").write_text("name: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(InstanceError, match="malformed YAML"):
        load_instance(directory)


@pytest.mark.parametrize(
    ("rows", "fragments"),
    [
        ([facility("C1"), facility("C1")], ["facilities.csv", "duplicate facility_id 'C1'"]),
        ([facility("C1", category="nursery")], ["line 2", "facility_id C1", "category"]),
        ([facility("C1"), facility("C2", opening_date="2017-13-01")], ["line 3", "C2", "opening_date", "2017-13-01"]),
        ([facility("C1", open_findings=-1)], ["line 2", "open_findings"]),
        ([facility("C1", block="")], ["line 2", "block"]),
    ],
)
def test_bad_facility_rows_name_their_line(tmp_path: Path, rows: list, fragments: list[str]) -> None:
    with pytest.raises(InstanceError) as caught:
        _load(tmp_path, make_spec(), rows)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_missing_and_unknown_csv_columns(tmp_path: Path) -> None:
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "facilities.csv").write_text(
        "facility_id,name,category,type,opening_date\nC1,x,community,t,\n", encoding="utf-8"
    )
    with pytest.raises(InstanceError, match="facilities.csv: missing column 'block'"):
        load_instance(directory)
    (directory / "facilities.csv").write_text(
        "facility_id,name,category,type,opening_date,block,colour\nC1,x,community,t,,b,red\n", encoding="utf-8"
    )
    with pytest.raises(InstanceError, match="unknown column 'colour'"):
        load_instance(directory)


def test_csv_in_another_encoding_is_named(tmp_path: Path) -> None:
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "facilities.csv").write_bytes(
        "facility_id,name,category,type,opening_date,block\nC1,保育園,community,t,,b\n".encode("cp932")
    )
    with pytest.raises(InstanceError, match="facilities.csv: not UTF-8"):
        load_instance(directory)


def test_missing_files_and_directories(tmp_path: Path) -> None:
    with pytest.raises(InstanceError, match="not an instance directory"):
        load_instance(tmp_path / "nowhere")
    directory = write_instance(tmp_path / "inst", make_spec(), FACILITIES)
    (directory / "facilities.csv").unlink()
    with pytest.raises(InstanceError, match="facilities.csv: file not found"):
        load_instance(directory)
