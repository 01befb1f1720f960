"""The scenario overlay: each kind of change on a tiny instance, the base untouched, and every error naming its key."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from planner.calendar import expand
from planner.cli import cli
from planner.errors import InstanceError
from planner.io.readers import load_scenario
from planner.scenario import Scenario, apply_scenario
from tests.conftest import FY2017, facility, make_instance

ROUNDS = [
    {
        "id": "visit",
        "applies_to": "existing_community",
        "window": {"start": "2017-05-01", "end": "2017-05-31"},
        "announced": True,
    },
    {
        "id": "sampled",
        "applies_to": "existing_community",
        "window": {"start": "2017-06-01", "end": "2017-06-30"},
        "announced": True,
        "sample_size": 1,
    },
]


def base():
    return make_instance(
        [facility("C1"), facility("C2"), facility("U1", category="unlicensed")],
        rounds=ROUNDS,
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [
                {"start": "2017-04-01", "end": "2018-03-31", "per_day": 5},
                {"start": "2017-10-02", "end": "2017-11-30", "per_day": 60},
                {"date": "2017-11-20", "per_day": 230},
            ],
        },
        meetings=[{"id": "m1", "kind": "officers", "attendees": "all", "window": {"start": "2017-07-03", "end": "2017-07-07"}}],
    )


def scenario(**keys):
    return Scenario.model_validate({"name": "s", **keys})


def test_the_base_is_not_changed_and_the_result_is_renamed():
    instance = base()
    before = instance.model_dump(mode="json")
    changed = apply_scenario(instance, scenario(staffing={"headcount": {"thu": 2}}))
    assert instance.model_dump(mode="json") == before
    assert changed.name == "tiny.s"
    assert changed.spec.staffing.headcount.thu == 2 and changed.spec.staffing.headcount.mon == 1


def test_officers_added_removed_and_changed():
    changed = apply_scenario(
        base(),
        scenario(
            officers={
                "add": [{"id": "C", "name": "推進員C", "days_per_week": 2}],
                "remove": ["A"],
                "change": {"B": {"days_per_week": 4, "leave": [{"start": "2017-10-01", "end": "2017-12-31"}]}},
            }
        ),
    )
    officers = {officer.id: officer for officer in changed.spec.officers}
    assert list(officers) == ["B", "C"]
    assert officers["B"].days_per_week == 4
    assert officers["B"].unavailable[0].start == dt.date(2017, 10, 1)
    assert officers["C"].days_per_week == 2


def test_leave_makes_the_officer_unavailable_in_the_expansion():
    problem = expand(apply_scenario(base(), scenario(officers={"change": {"A": {"leave": ["2017-04-03"]}}})))
    first_day = problem.day_index["2017-04-03"]
    assert first_day not in problem.officers[0].available_days
    assert first_day in problem.officers[1].available_days


def test_counter_staff_and_demand_rows_are_added_after_the_base_rows():
    changed = apply_scenario(
        base(),
        scenario(
            counter={
                "extra_staff": [{"start": "2017-10-02", "end": "2017-11-30", "staff": 1}],
                "demand": [{"date": "2017-11-21", "per_day": 100}],
            }
        ),
    )
    problem = expand(changed)
    assert problem.day_demand[problem.day_index["2017-11-21"]] == 100
    assert problem.slot_other_staff[2 * problem.day_index["2017-10-02"]] == 1
    assert problem.slot_other_staff[2 * problem.day_index["2017-12-01"]] == 0


def test_a_demand_factor_multiplies_what_the_rows_resolve_to_and_nothing_else():
    before = expand(base())
    after = expand(
        apply_scenario(
            base(), scenario(counter={"demand_factors": [{"start": "2017-10-02", "end": "2017-11-30", "factor": 1.3}]})
        )
    )
    for label, expected in (("2017-09-29", 5), ("2017-10-02", 78), ("2017-11-20", 299), ("2017-11-30", 78), ("2017-12-01", 5)):
        day = before.day_index[label]
        assert after.day_demand[day] == pytest.approx(expected), label
    assert sum(after.day_demand) > sum(before.day_demand)


def test_rounds_window_and_sample_size():
    changed = apply_scenario(
        base(),
        scenario(rounds={"visit": {"window": {"start": "2017-09-01", "end": "2017-09-29"}}, "sampled": {"sample_size": 2}}),
    )
    rounds = {round_.id: round_ for round_ in changed.spec.rounds}
    assert rounds["visit"].window.start == dt.date(2017, 9, 1)  # type: ignore[union-attr]
    assert rounds["sampled"].sample_size == 2


def test_facilities_open_close_and_remove():
    changed = apply_scenario(
        base(),
        scenario(
            facilities={
                "open": [facility("N9", opening_date="2017-10-02")],
                "close": {"C1": "2017-06-01"},
                "remove": ["U1"],
            }
        ),
    )
    by_id = {row.facility_id: row for row in changed.facilities}
    assert set(by_id) == {"C1", "C2", "N9"}
    assert by_id["C1"].closing_date == dt.date(2017, 6, 1)
    problem = expand(changed)
    rounds_of_c1 = {problem.rounds[visit.round].id for visit in problem.visits if problem.facilities[visit.facility].id == "C1"}
    assert rounds_of_c1 == {"visit"}  # closed on 1 June, when the sampled round's window opens


def test_meetings_and_weights():
    changed = apply_scenario(
        base(),
        scenario(
            meetings={
                "remove": ["m1"],
                "add": [{"id": "m2", "kind": "block", "attendees": 1, "date": "2017-07-12", "slot": "pm"}],
            },
            weights={"duty_swaps": 0},
        ),
    )
    assert [meeting.id for meeting in changed.spec.meetings] == ["m2"]
    assert changed.spec.weights.duty_swaps == 0 and changed.spec.weights.counter_waiting == 1


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        ({"officers": {"change": {"Z": {"days_per_week": 2}}}}, "officers.change.Z: no officer 'Z' in the base"),
        ({"officers": {"remove": ["Z"]}}, "officers.remove[Z]: no officer 'Z'"),
        ({"officers": {"add": [{"id": "A", "days_per_week": 3}]}}, "officers.add[A]: the base already has officer 'A'"),
        ({"officers": {"remove": ["A", "B"]}}, "removes every officer"),
        (
            {"staffing": {"headcount": {"thu": 3}}},
            "staffing.headcount.thu: 3 officers asked on duty but the scenario's team has 2",
        ),
        ({"staffing": {"counter_min": 2}}, "staffing.counter_min"),
        ({"rounds": {"nope": {"sample_size": 2}}}, "rounds.nope: no round 'nope'"),
        ({"rounds": {"visit": {"sample_size": 2}}}, "rounds.visit.sample_size: round 'visit' is not sampled"),
        ({"facilities": {"close": {"X": "2017-06-01"}}}, "facilities.close.X: no facility 'X'"),
        ({"facilities": {"open": [facility("C1")]}}, "facilities.open[C1]: the base already has facility 'C1'"),
        (
            {"counter": {"demand_factors": [{"start": "2018-03-01", "end": "2018-04-30", "factor": 2}]}},
            "counter.demand_factors[0]: 2018-03-01..2018-04-30 lies outside fiscal year 2017",
        ),
        ({"meetings": {"remove": ["zz"]}}, "meetings.remove[zz]: no meeting 'zz'"),
        (
            {"counter": {"extra_staff": [{"start": "2018-03-01", "end": "2018-04-30", "staff": 1}]}},
            "the scenario's instance is not valid: counter.extra_staff",
        ),
    ],
)
def test_a_scenario_that_refers_to_what_the_base_lacks_names_the_key(keys, words):
    with pytest.raises(InstanceError, match=None) as raised:
        apply_scenario(base(), scenario(**keys), "s.yaml")
    message = str(raised.value)
    assert message.startswith("s.yaml: ") and words in message, message
    assert "\n" not in message


def test_unknown_keys_in_a_scenario_file_are_errors_naming_the_key(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "bad", "officers": {"change": {"A": {"holidays": 3}}}}), encoding="utf-8")
    with pytest.raises(InstanceError, match=r"bad.yaml: officers.change.A.holidays: unknown key"):
        load_scenario(path)


def test_whatif_with_a_bad_scenario_exits_2_in_one_line_and_writes_nothing(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nstaffing: {headcount: {sun: 2}}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["whatif", str(FY2017), str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "staffing.headcount.sun: unknown key" in result.output
    assert not out.exists()


def test_whatif_refuses_a_scenario_naming_an_officer_the_base_lacks_before_solving(tmp_path: Path):
    path = tmp_path / "ghost.yaml"
    path.write_text("name: ghost\nofficers: {change: {Z: {days_per_week: 2}}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["whatif", str(FY2017), str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}: officers.change.Z: no officer 'Z' in the base")
    assert not (tmp_path / "out").exists()


def test_a_sweep_value_beyond_the_team_is_refused_before_solving(tmp_path: Path):
    result = CliRunner().invoke(
        cli, ["sweep", str(FY2017), "--vary", "staffing.headcount.thu=1,4", "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert result.exit_code == 2
    assert "staffing.headcount.thu: 4 officers asked on duty but the scenario's team has 3" in result.output
    assert not (tmp_path / "out").exists()


def test_schema_covers_the_scenario_file():
    result = CliRunner().invoke(cli, ["schema", "--scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"officers", "staffing", "counter", "rounds", "facilities"} <= set(schema["properties"])
    assert "properties" in json.loads(CliRunner().invoke(cli, ["schema"]).output)


@pytest.mark.parametrize("path", sorted((FY2017 / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_applies_to_fy2017(path: Path):
    from planner.io.readers import load_instance

    instance = apply_scenario(load_instance(FY2017), load_scenario(path), str(path))
    assert instance.name.endswith(load_scenario(path).name)


def test_outreach_added_and_removed():
    rule = {"id": "tue", "site": "公民館", "weekday": "tue", "slot": "pm", "officers": 1}
    added = apply_scenario(base(), scenario(outreach={"add": [rule]}))
    assert [duty.id for duty in added.spec.outreach] == ["tue"]
    assert any(meeting.id.startswith("tue@") for meeting in expand(added).meetings)
    removed = apply_scenario(added, scenario(outreach={"remove": ["tue"]}))
    assert removed.spec.outreach == []
    with pytest.raises(InstanceError, match=r"outreach.add\[tue\]: the base already has outreach duty 'tue'"):
        apply_scenario(added, scenario(outreach={"add": [rule]}))
