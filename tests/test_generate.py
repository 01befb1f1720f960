"""planner generate: seeded instances shaped like FY2017 that load, expand and solve."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.calendar import expand
from planner.cli import cli
from planner.generate import GenerateSpec, Shape, draw_shape, generate, headcounts
from planner.io.readers import load_instance


def test_headcounts_add_up_to_the_duty_days_with_thursday_at_half() -> None:
    assert headcounts(9) == {"mon": 2, "tue": 2, "wed": 2, "thu": 1, "fri": 2}  # FY2017
    for total in (3, 10, 31, 124):
        counts = headcounts(total)
        assert sum(counts.values()) == total
        assert counts["thu"] <= min(counts[day] for day in ("mon", "tue", "wed", "fri"))


def test_same_seed_same_instance_other_seed_other_facilities() -> None:
    assert generate(GenerateSpec(10, 200, seed=3)) == generate(GenerateSpec(10, 200, seed=3))
    assert generate(GenerateSpec(10, 200, seed=3))[1] != generate(GenerateSpec(10, 200, seed=4))[1]


def test_generated_instances_load_and_expand_without_conflicts(tmp_path: Path) -> None:
    for officers, facilities in ((3, 49), (10, 200)):
        out = tmp_path / f"{officers}x{facilities}"
        result = CliRunner().invoke(cli, ["generate", str(out), "--officers", str(officers), "--facilities", str(facilities)])
        assert result.exit_code == 0, result.output
        instance = load_instance(out)
        problem = expand(instance)
        assert problem.conflicts == ()
        assert len(instance.facilities) == facilities and len(problem.officers) == officers
        assert sum(officer.days_per_week for officer in instance.spec.officers) == sum(
            instance.spec.staffing.headcount.for_weekday(day) for day in range(5)
        )
        assert {round_.id for round_ in problem.rounds} == {"new_facility", "announced", "unannounced", "unlicensed", "sampled"}


def test_shape_0_is_fy2017_s_shape_and_other_shapes_vary_what_offices_differ_in() -> None:
    assert draw_shape(0) == Shape() and GenerateSpec(10, 200).instance_name == "generated-10x200-s0"
    assert GenerateSpec(10, 200, shape=7).instance_name == "generated-10x200-shape7-s0"
    shapes = [draw_shape(number) for number in range(1, 17)]
    assert draw_shape(5) == draw_shape(5)  # drawn from the shape's number alone: the same at every size and seed
    assert len({shape.days_per_week for shape in shapes}) >= 4
    assert {shape.thursday_share for shape in shapes} >= {0.5, 1.0}
    assert len({shape.floor_share for shape in shapes}) == len(shapes)
    assert {shape.outreach for shape in shapes} == {True, False}
    assert {shape.meeting_every_months for shape in shapes} == {1, 2}


@pytest.mark.parametrize("shape", [1, 4, 9, 15])
def test_a_varied_shape_mixes_days_a_week_and_keeps_room_for_its_visits(shape: int) -> None:
    instance, facilities = generate(GenerateSpec(10, 200, seed=0, shape=shape))
    days = [officer["days_per_week"] for officer in instance["officers"]]
    drawn = draw_shape(shape)
    assert set(days) <= {days for days, _ in drawn.days_per_week}
    assert sum(instance["staffing"]["headcount"].values()) == sum(days)
    floor = instance["staffing"]["counter_min"]
    assert 1 <= floor <= min(instance["staffing"]["headcount"].values())
    # the announced round's ~106 visits fit May-June half again over, even with two of those on leave away
    existing = sum(1 for row in facilities if row["category"] == "community" and not row["opening_date"])
    on_leave = sorted((officer["days_per_week"] for officer in instance["officers"] if officer["unavailable"]), reverse=True)
    assert (sum(days) - sum(on_leave[:2]) - 5 * floor) * 2 * 8 >= 1.5 * existing
    assert ("outreach" in instance) == drawn.outreach


def test_varied_shapes_load_expand_and_start_without_conflicts(tmp_path: Path) -> None:
    from planner.greedy import greedy_frame

    for shape in (201, 202, 203):  # the ladder's reporting shapes, at the smallest generated rung
        out = tmp_path / f"shape{shape}"
        result = CliRunner().invoke(cli, ["generate", str(out), "--officers", "9", "--facilities", "147", "--shape", str(shape)])
        assert result.exit_code == 0, result.output
        problem = expand(load_instance(out))
        assert problem.conflicts == ()
        assert greedy_frame(problem) is not None


@pytest.mark.slow
def test_a_generated_instance_is_planned_and_passes_the_checker(tmp_path: Path) -> None:
    out = tmp_path / "g"
    assert CliRunner().invoke(cli, ["generate", str(out), "--officers", "4", "--facilities", "20", "--seed", "1"]).exit_code == 0
    plan = tmp_path / "plan"
    solved = CliRunner().invoke(
        cli, ["solve", str(out), "--out", str(plan), "--time-limit", "20", "--workers", "1", "--no-documents", "--quiet"]
    )
    assert solved.exit_code == 0, solved.output
    checked = CliRunner().invoke(cli, ["check", str(out), str(plan)])
    assert checked.exit_code == 0, checked.output


@pytest.mark.slow
def test_generate_offices_writes_a_set_of_mixed_sizes_with_outreach(tmp_path):
    from click.testing import CliRunner

    from planner.cli import cli
    from planner.io.readers import load_instance
    from planner.offices.index import load_office_index, office_dir

    result = CliRunner().invoke(cli, ["generate", str(tmp_path / "set"), "--offices", "12", "--seed", "3"])
    assert result.exit_code == 0, result.output
    index = load_office_index(tmp_path / "set")
    assert [office.id for office in index.offices] == [f"office-{n:02d}" for n in range(1, 13)]
    instances = [load_instance(office_dir(tmp_path / "set", office)) for office in index.offices]
    sizes = {len(instance.spec.officers) for instance in instances}
    assert len(sizes) >= 3  # mixed sizes
    for instance in instances:
        team = len(instance.spec.officers)
        assert len(instance.spec.outreach) == (4 if team >= 4 else 1 if team == 3 else 0)
    again = CliRunner().invoke(cli, ["generate", str(tmp_path / "again"), "--offices", "12", "--seed", "3"])
    assert again.exit_code == 0
    assert (tmp_path / "again" / "office-05" / "facilities.csv").read_bytes() == (
        tmp_path / "set" / "office-05" / "facilities.csv"
    ).read_bytes()


def test_leave_spans_stay_inside_the_fiscal_year() -> None:
    # Regression: the year's first week starts on a Monday in March; a span drawn there began before 1 April.
    import datetime as dt

    spans = [
        span
        for shape in (*range(1, 17), *range(201, 206))
        for officer in generate(GenerateSpec(40, 100, seed=0, shape=shape))[0]["officers"]
        for span in officer["unavailable"]
    ]
    assert spans and all(dt.date(2017, 4, 1) <= span["start"] <= span["end"] <= dt.date(2018, 3, 31) for span in spans)
