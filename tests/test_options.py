"""planner.options: every option of a visit priced exactly and checked against the rules; ``planner options``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planner.calendar import expand
from planner.calendar.problem import day_of
from planner.cli import cli
from planner.io.plan_files import read_plan_files
from planner.io.readers import load_instance
from planner.options import Pricer, moved, moved_meeting, visit_options
from planner.score import Decisions, read_decisions, score
from planner.solution import MeetingDecision, VisitDecision
from tests.conftest import day_index, facility, make_problem


def test_every_option_of_every_visit_is_priced_as_the_objective_changes(small_instance_dir: Path, small_plan_dir: Path) -> None:
    problem = expand(load_instance(small_instance_dir))
    plan = read_decisions(problem, read_plan_files(small_plan_dir))
    pricer = Pricer(problem, plan)
    checked = 0
    for visit in plan.visits:
        for option in visit_options(pricer, visit.task):
            slot = problem.slot_at(option.date, option.slot)
            officer = [o.id for o in problem.officers].index(option.officer)
            assert slot is not None
            after = score(problem, moved(plan, visit.task, slot, officer))
            changed = {
                name: after[name].weighted - pricer.terms[name].weighted
                for name in after
                if after[name].weighted != pricer.terms[name].weighted
            }
            assert option.terms == changed, (visit, option)
            assert option.change == sum(changed.values())
            checked += 1
    assert checked > 500


def _two_officer_monday():
    problem = make_problem(
        [facility("F1"), facility("F2")],
        staffing={"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 1},
        counter={
            "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
            "demand": [{"start": "2017-06-05", "end": "2017-06-06", "per_day": 30}],
        },
        rounds=[
            {
                "id": "visit",
                "applies_to": "existing_community",
                "window": {"start": "2017-06-05", "end": "2017-06-06"},
                "announced": True,
            }
        ],
        meetings=[{"id": "all-hands", "kind": "officers", "attendees": "all", "date": "2017-06-05", "slot": "am"}],
    )
    monday, tuesday = day_index(problem, "2017-06-05"), day_index(problem, "2017-06-06")
    return problem, monday, tuesday


def test_broken_rules_by_hand() -> None:
    problem, monday, tuesday = _two_officer_monday()
    # A and B on duty Monday, A alone Tuesday; F1 visited Monday am by A, F2 Monday pm by B.
    plan = Decisions(
        frozenset({(0, monday), (1, monday), (0, tuesday)}),
        (VisitDecision(0, 0, 2 * monday), VisitDecision(1, 1, 2 * monday + 1)),
        (),
    )
    pricer = Pricer(problem, plan)
    rules = {(o.date, o.slot, o.officer): [b.rule for b in o.broken] for o in visit_options(pricer, 0)}
    assert rules["2017-06-05", "am", "A"] == []  # where it is
    assert rules["2017-06-05", "am", "B"] == []  # B goes instead: A is back at the counter
    assert rules["2017-06-05", "pm", "B"] == ["one_activity_per_slot", "counter_floor"]
    assert rules["2017-06-06", "am", "B"] == ["visit_officer_on_duty", "counter_floor"]
    assert rules["2017-06-06", "am", "A"] == ["counter_floor"]  # A alone on Tuesday


def test_waiting_change_is_the_two_tables_difference() -> None:
    problem, monday, tuesday = _two_officer_monday()
    plan = Decisions(frozenset({(0, monday), (1, monday), (0, tuesday), (1, tuesday)}), (VisitDecision(0, 0, 2 * monday),), ())
    pricer = Pricer(problem, plan)
    option = next(o for o in visit_options(pricer, 0) if (o.date, o.slot, o.officer) == ("2017-06-06", "pm", "A"))
    am, pm = 2 * monday, 2 * tuesday + 1
    by_hand = (problem.visitor_minutes(am, 2) - problem.visitor_minutes(am, 1)) + (
        problem.visitor_minutes(pm, 1) - problem.visitor_minutes(pm, 2)
    )
    assert option.waiting_change == by_hand
    assert not option.broken


def test_an_all_officer_meeting_makes_its_slot_exempt_from_the_floor() -> None:
    problem, monday, _ = _two_officer_monday()
    plan = Decisions(
        frozenset({(0, monday), (1, monday)}),
        (VisitDecision(0, 0, 2 * monday + 1),),
        (),
    )
    assert Pricer(problem, plan).broken_rules(0, 2 * monday, 1) == ()
    assert day_of(2 * monday) == monday
    with_meeting = Decisions(plan.duty, plan.visits, (MeetingDecision(0, monday, (2 * monday,), (0, 1)),))
    assert [b.rule for b in Pricer(problem, with_meeting).broken_rules(0, 2 * monday, 1)] == ["one_activity_per_slot"]


def test_options_command_prints_json(small_instance_dir: Path, small_plan_dir: Path) -> None:
    visit = read_plan_files(small_plan_dir).visits[0]
    result = CliRunner().invoke(
        cli, ["options", str(small_instance_dir), str(small_plan_dir), "--visit", f"{visit.facility_id}/{visit.round}"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    current = [option for option in document["options"] if option["current"]]
    assert len(current) == 1 and current[0]["date"] == visit.date.isoformat() and current[0]["change"] == 0


def test_options_of_an_unknown_visit_is_a_one_line_error(small_instance_dir: Path, small_plan_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["options", str(small_instance_dir), str(small_plan_dir), "--visit", "C1/nope"])
    assert result.exit_code == 2 and result.output.startswith("error: ") and "C1" in result.output


def test_an_all_officer_meeting_on_a_day_someone_is_off_duty_breaks_a_rule() -> None:
    from planner.options import meeting_options

    problem = make_problem(
        staffing={"headcount": {"mon": 2, "tue": 1, "wed": 1, "thu": 1, "fri": 1}, "counter_min": 0},
        meetings=[
            {
                "id": "all-hands",
                "kind": "officers",
                "attendees": "all",
                "window": {"start": "2017-06-05", "end": "2017-06-06"},
                "slot": "am",
            }
        ],
    )
    monday, tuesday = day_index(problem, "2017-06-05"), day_index(problem, "2017-06-06")
    # Held Monday am with both on duty; on Tuesday only A is on duty.
    plan = Decisions(
        frozenset({(0, monday), (1, monday), (0, tuesday)}),
        (),
        (MeetingDecision(0, monday, (2 * monday,), (0, 1)),),
    )
    options = {(o.date, o.slot): o for o in meeting_options(Pricer(problem, plan), 0)}
    assert options["2017-06-05", "am"].current and not options["2017-06-05", "am"].broken
    tuesday_option = options["2017-06-06", "am"]
    assert [rule.rule for rule in tuesday_option.broken] == ["meeting_attendee_on_duty"]
    assert "B is not on duty on 2017-06-06" in tuesday_option.broken[0].words
    after = score(problem, moved_meeting(plan, 0, tuesday, (2 * tuesday,), (0, 1)))
    assert tuesday_option.change == sum(after[n].weighted - Pricer(problem, plan).terms[n].weighted for n in after)
