"""One planted breach per checker rule: each asserts the rule id the checker reports, not its wording.

Every plant starts from the small instance's valid plan (read back from disk)
and breaks one rule; where one breach necessarily breaks another rule too
(a duty day taken away also leaves the week short), ``ALSO`` says which.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.check import CHECK_RULES, check_plan
from planner.check.pricing import price_plan
from planner.check.secrecy import unannounced_dates_shown
from planner.domain import Instance
from planner.domain.base import DateRange
from planner.io.plan_files import DutyRecord, MeetingRecord, PlanFiles, VisitRecord, read_plan_files

Plant = Callable[[Instance, PlanFiles], tuple[Instance, PlanFiles]]
PLANTS: dict[str, Plant] = {}
ALSO: dict[str, set[str]] = {}


def plant(rule: str, *also: str) -> Callable[[Plant], Plant]:
    def register(function: Plant) -> Plant:
        PLANTS[rule] = function
        ALSO[rule] = set(also)
        return function

    return register


def _visit(plan: PlanFiles, round_id: str) -> VisitRecord:
    return next(v for v in plan.visits if v.round == round_id)


def _swap(rows: tuple, old: object, new: object | None) -> tuple:
    """``rows`` with ``old`` replaced by ``new`` (dropped when ``new`` is None)."""
    return tuple(new if row is old else row for row in rows if row is not old or new is not None)


def _visits(plan: PlanFiles, old: VisitRecord, new: VisitRecord | None) -> PlanFiles:
    return dataclasses.replace(plan, visits=_swap(plan.visits, old, new))


def _on_duty(plan: PlanFiles, day: dt.date) -> set[str]:
    return {d.officer_id for d in plan.roster if d.date == day}


def _busy(plan: PlanFiles, day: dt.date, slot: str) -> set[str]:
    return {r.officer_id for r in (*plan.visits, *plan.meetings) if r.date == day and r.slot == slot}


def _quiet_free_day(plan: PlanFiles, round_id: str) -> tuple[VisitRecord, dt.date, str]:
    """A visit of ``round_id`` and a day of its window (same week) where another officer on duty is free
    and the counter keeps its floor without them: moving the visit there breaks nothing."""
    visit = _visit(plan, round_id)
    for offset in (-2, -1, 1, 2, -3, 3, 7, -7):
        day = visit.date + dt.timedelta(days=offset)
        free = sorted(_on_duty(plan, day) - _busy(plan, day, visit.slot) - {visit.officer_id})
        if len(_on_duty(plan, day) - _busy(plan, day, visit.slot)) >= 2 and free:
            return visit, day, free[0]
    raise AssertionError("no quiet day near the visit")


# --- plan.json ---------------------------------------------------------------
@plant("objective_term_reported")
def _waiting_reported_low(instance: Instance, plan: PlanFiles):
    terms = dict(plan.document["terms"])
    largest = max(terms, key=lambda name: terms[name]["value"])
    terms[largest] = {**terms[largest], "value": terms[largest]["value"] - 1}
    return instance, dataclasses.replace(plan, document={**plan.document, "terms": terms})


@plant("plan_status")
def _no_plan_status(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, document={**plan.document, "status": "NO_PLAN"})


@plant("plan_instance")
def _other_instance(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, document={**plan.document, "instance": "elsewhere"})


# --- roster ------------------------------------------------------------------
@plant("duty_listed_once")
def _listed_twice(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, roster=(*plan.roster, plan.roster[0]))


@plant("duty_known_officer", "headcount_target")
def _unknown_officer(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, roster=(*plan.roster, DutyRecord(plan.roster[0].date, "Z")))


@plant("duty_on_working_day")
def _duty_on_a_holiday(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, roster=(*plan.roster, DutyRecord(dt.date(2017, 5, 3), "A")))


@plant("duty_when_available")
def _duty_while_away(instance: Instance, plan: PlanFiles):
    duty = plan.roster[0]
    officers = [
        o.model_copy(update={"unavailable": [DateRange(start=duty.date, end=duty.date)]}) if o.id == duty.officer_id else o
        for o in instance.spec.officers
    ]
    return _with_officers(instance, officers), plan


@plant("duty_days_per_week", "weekly_duty_total", "headcount_target")
def _a_fourth_day(instance: Instance, plan: PlanFiles):
    # An officer on duty 3 days (days_per_week) of a week gets a fourth.
    for week in sorted({d.date.isocalendar()[:2] for d in plan.roster}):
        days = sorted({d.date for d in plan.roster if d.date.isocalendar()[:2] == week})
        for officer in "ABC":
            spare = [day for day in days if officer not in _on_duty(plan, day)]
            if sum(officer in _on_duty(plan, day) for day in days) == 3 and spare:
                return instance, dataclasses.replace(plan, roster=(*plan.roster, DutyRecord(spare[0], officer)))
    raise AssertionError("no officer on duty 3 days of a week with a day off in it")


@plant("weekly_duty_total", "counter_floor")
def _a_day_short(instance: Instance, plan: PlanFiles):
    # A duty day taken from an officer who does nothing away that day: only the week's total breaks.
    duty = next(d for d in plan.roster if d.officer_id not in _busy(plan, d.date, "am") | _busy(plan, d.date, "pm"))
    return instance, dataclasses.replace(plan, roster=_swap(plan.roster, duty, None))


@plant("headcount_target")
def _a_day_above_target(instance: Instance, plan: PlanFiles):
    # Move one duty day within a week holding no meeting: the week's total stays, one day goes above its target.
    meeting_weeks = {m.date.isocalendar()[:2] for m in plan.meetings}
    for moving in plan.roster:
        other = moving.date
        idle = moving.officer_id not in _busy(plan, other, "am") | _busy(plan, other, "pm")
        if other.isocalendar()[:2] in meeting_weeks or not idle:
            continue
        for day in sorted({d.date for d in plan.roster if d.date.isocalendar()[:2] == other.isocalendar()[:2]} - {other}):
            if moving.officer_id not in _on_duty(plan, day):
                return instance, dataclasses.replace(plan, roster=_swap(plan.roster, moving, DutyRecord(day, moving.officer_id)))
    raise AssertionError("no duty day to move")


# --- visits ------------------------------------------------------------------
def _free_seat(plan: PlanFiles) -> tuple[dt.date, str, str]:
    """A duty day, half-day and officer on duty doing nothing then."""
    for duty in plan.roster:
        for slot in ("am", "pm"):
            if duty.officer_id not in _busy(plan, duty.date, slot):
                return duty.date, slot, duty.officer_id
    raise AssertionError("no free officer")


@plant("visit_known_round")
def _unknown_round(instance: Instance, plan: PlanFiles):
    day, slot, officer = _free_seat(plan)
    extra = VisitRecord("C1", "extra", day, slot, officer, True)
    return instance, dataclasses.replace(plan, visits=(*plan.visits, extra))


@plant("visit_round_applies")
def _round_does_not_apply(instance: Instance, plan: PlanFiles):
    visit = _visit(plan, "unlicensed")
    day, slot, officer = _free_seat(dataclasses.replace(plan, roster=tuple(d for d in plan.roster if d.date == visit.date)))
    extra = VisitRecord("C1", "unlicensed", day, slot, officer, True)  # a community facility, inside the round's window
    return instance, dataclasses.replace(plan, visits=(*plan.visits, extra))


@plant("visit_once_per_round", "one_activity_per_slot")
def _visited_twice(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, visits=(*plan.visits, _visit(plan, "unlicensed")))


@plant("visit_every_member")
def _a_facility_left_out(instance: Instance, plan: PlanFiles):
    return instance, _visits(plan, _visit(plan, "announced"), None)


@plant("sample_size")
def _sample_too_small(instance: Instance, plan: PlanFiles):
    return instance, _visits(plan, _visit(plan, "sampled"), None)


@plant("visit_known_facility", "visit_round_applies")  # an unknown facility is no round's
def _unknown_facility(instance: Instance, plan: PlanFiles):
    visit = _visit(plan, "announced")
    facilities = [f for f in instance.facilities if f.facility_id != visit.facility_id]
    return instance.model_copy(update={"facilities": facilities}), plan


@plant("visit_announced_flag")
def _announced_flag_flipped(instance: Instance, plan: PlanFiles):
    visit = _visit(plan, "unannounced")
    return instance, _visits(plan, visit, dataclasses.replace(visit, announced=True))


@plant("visit_in_window")
def _outside_its_window(instance: Instance, plan: PlanFiles):
    visit, day, officer = _quiet_free_day(plan, "announced")
    rounds = [
        r.model_copy(update={"window": r.window.model_copy(update={"start": visit.date, "end": visit.date})})
        if r.id == "announced" and day != visit.date
        else r
        for r in instance.spec.rounds
    ]
    return instance.model_copy(update={"spec": instance.spec.model_copy(update={"rounds": rounds})}), _visits(
        plan, visit, dataclasses.replace(visit, date=day, officer_id=officer)
    )


@plant("visit_on_working_day", "visit_officer_on_duty")
def _visit_on_a_holiday(instance: Instance, plan: PlanFiles):
    visit = _visit(plan, "announced")
    return instance, _visits(plan, visit, dataclasses.replace(visit, date=dt.date(2017, 5, 3)))


@plant("visit_officer_on_duty")
def _officer_off_duty(instance: Instance, plan: PlanFiles):
    visit = _visit(plan, "unlicensed")
    away = sorted({"A", "B", "C"} - _on_duty(plan, visit.date))[0]
    return instance, _visits(plan, visit, dataclasses.replace(visit, officer_id=away))


# --- meetings ----------------------------------------------------------------
def _meeting_rows(plan: PlanFiles, meeting_id: str) -> list[MeetingRecord]:
    return [m for m in plan.meetings if m.meeting_id == meeting_id]


def _meetings(plan: PlanFiles, rows: list[MeetingRecord]) -> PlanFiles:
    return dataclasses.replace(plan, meetings=tuple(rows))


@plant("meeting_known")
def _unknown_meeting(instance: Instance, plan: PlanFiles):
    day, slot, officer = _free_seat(plan)
    return instance, _meetings(plan, [*plan.meetings, MeetingRecord("nobody-knows", day, slot, officer)])


@plant("meeting_held")
def _meeting_not_held(instance: Instance, plan: PlanFiles):
    return instance, _meetings(plan, [m for m in plan.meetings if m.meeting_id != "block-east-1"])


@plant("meeting_one_day")
def _meeting_on_two_days(instance: Instance, plan: PlanFiles):
    rows = [m for m in plan.meetings if m.meeting_id == "officers-09"]
    other = rows[-1].date + dt.timedelta(days=1 if rows[-1].date.weekday() < 4 else -1)  # a weekday of the window
    moved = dataclasses.replace(rows[-1], date=other)
    return instance, _meetings(plan, [moved if m is rows[-1] else m for m in plan.meetings])


def _move_meeting(plan: PlanFiles, meeting_id: str, day: dt.date) -> PlanFiles:
    return _meetings(plan, [dataclasses.replace(m, date=day) if m.meeting_id == meeting_id else m for m in plan.meetings])


@plant("meeting_on_date", "meeting_attendee_on_duty")
def _meeting_off_its_date(instance: Instance, plan: PlanFiles):
    return instance, _move_meeting(plan, "directors-1", dt.date(2017, 7, 13))


@plant("meeting_in_window", "meeting_attendee_on_duty")
def _meeting_outside_window(instance: Instance, plan: PlanFiles):
    return instance, _move_meeting(plan, "block-east-1", dt.date(2017, 7, 20))


@plant("meeting_on_working_day", "headcount_target", "meeting_in_window", "meeting_attendee_on_duty", "meeting_all_attend")
def _meeting_on_a_holiday(instance: Instance, plan: PlanFiles):
    return instance, _move_meeting(plan, "officers-05", dt.date(2017, 5, 3))


@plant("meeting_slot")
def _meeting_in_the_wrong_half_day(instance: Instance, plan: PlanFiles):
    return instance, _meetings(
        plan, [dataclasses.replace(m, slot="am") if m.meeting_id == "directors-1" else m for m in plan.meetings]
    )


@plant("meeting_same_attendees", "meeting_all_attend")
def _attendee_leaves_at_noon(instance: Instance, plan: PlanFiles):
    leaving = next(m for m in plan.meetings if m.meeting_id == "officers-09" and m.slot == "pm")
    return instance, _meetings(plan, [m for m in plan.meetings if m is not leaving])


@plant("meeting_all_attend")
def _one_officer_missing(instance: Instance, plan: PlanFiles):
    missing = _meeting_rows(plan, "officers-05")[0]
    return instance, _meetings(plan, [m for m in plan.meetings if m is not missing])


@plant("meeting_attendee_count")
def _two_directors(instance: Instance, plan: PlanFiles):
    row = _meeting_rows(plan, "directors-1")[0]
    other = sorted(_on_duty(plan, row.date) - _busy(plan, row.date, row.slot))
    assert other, "the plan keeps an officer on duty free in the directors' meeting half-day"
    return instance, _meetings(plan, [*plan.meetings, dataclasses.replace(row, officer_id=other[0])])


@plant("meeting_attendee_on_duty")
def _attendee_off_duty(instance: Instance, plan: PlanFiles):
    row = _meeting_rows(plan, "directors-1")[0]
    away = sorted({"A", "B", "C"} - _on_duty(plan, row.date))[0]
    return instance, _meetings(plan, [dataclasses.replace(m, officer_id=away) if m is row else m for m in plan.meetings])


# --- one activity a half-day ---------------------------------------------------
@plant("one_activity_per_slot")
def _visit_during_a_meeting(instance: Instance, plan: PlanFiles):
    director = _meeting_rows(plan, "directors-1")[0]
    visit = next(v for v in plan.visits if v.round == "unlicensed" and v.facility_id == "U1")  # open all year (U2 opens in Sept)
    instance = _widen_window(instance, "unlicensed", director.date)
    return instance, _visits(
        plan, visit, dataclasses.replace(visit, date=director.date, slot=director.slot, officer_id=director.officer_id)
    )


# --- counter.csv ---------------------------------------------------------------
@plant("counter_row_once")
def _counter_row_twice(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, counter=(*plan.counter, plan.counter[0]))


@plant("counter_row_present")
def _counter_row_missing(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(plan, counter=plan.counter[1:])


@plant("counter_row_working_day")
def _counter_row_on_a_holiday(instance: Instance, plan: PlanFiles):
    return instance, dataclasses.replace(
        plan, counter=(*plan.counter, dataclasses.replace(plan.counter[0], date=dt.date(2017, 5, 3)))
    )


def _counter(plan: PlanFiles, index: int, **changes: object) -> PlanFiles:
    rows = list(plan.counter)
    rows[index] = dataclasses.replace(rows[index], **changes)
    return dataclasses.replace(plan, counter=tuple(rows))


@plant("counter_officers_match")
def _counter_count_wrong(instance: Instance, plan: PlanFiles):
    return instance, _counter(plan, 10, officers_at_counter=plan.counter[10].officers_at_counter + 1)


@plant("counter_floor")
def _counter_left_empty(instance: Instance, plan: PlanFiles):
    # Raise counter_min above what a quiet half-day keeps (the file still says what the plan leaves).
    top = max(row.officers_at_counter for row in plan.counter)
    staffing = instance.spec.staffing.model_copy(update={"counter_min": top})
    return instance.model_copy(update={"spec": instance.spec.model_copy(update={"staffing": staffing})}), plan


@plant("counter_arrivals", "counter_required")
def _arrivals_wrong(instance: Instance, plan: PlanFiles):
    return instance, _counter(plan, 0, expected_arrivals=plan.counter[0].expected_arrivals + 50)


@plant("counter_required")
def _requirement_wrong(instance: Instance, plan: PlanFiles):
    return instance, _counter(plan, 0, required_officers=7)


def _without_counter_floor(instance: Instance) -> Instance:
    """The instance with counter_min 0: a plant about visits or meetings then leaves the counter floor out of it."""
    staffing = instance.spec.staffing.model_copy(update={"counter_min": 0})
    return instance.model_copy(update={"spec": instance.spec.model_copy(update={"staffing": staffing})})


def _with_officers(instance: Instance, officers: list) -> Instance:
    return instance.model_copy(update={"spec": instance.spec.model_copy(update={"officers": officers})})


def _widen_window(instance: Instance, round_id: str, day: dt.date) -> Instance:
    rounds = [
        r.model_copy(
            update={"window": r.window.model_copy(update={"start": min(r.window.start, day), "end": max(r.window.end, day)})}
        )
        if r.id == round_id
        else r
        for r in instance.spec.rounds
    ]
    return instance.model_copy(update={"spec": instance.spec.model_copy(update={"rounds": rounds})})


PLAN_RULES = sorted(set(CHECK_RULES) - {"unannounced_date_hidden", "office_planned", "office_readable"})


def test_every_plan_rule_has_its_planted_breach() -> None:
    assert sorted(PLANTS) == PLAN_RULES


@pytest.fixture(scope="module")
def valid(small_instance: Instance, small_plan_dir: Path) -> tuple[Instance, PlanFiles]:
    plan = read_plan_files(small_plan_dir)
    assert check_plan(small_instance, plan) == []
    return small_instance, plan


def _counter_as_planned(plan: PlanFiles) -> PlanFiles:
    """counter.csv rewritten to say what the (planted) plan leaves at the counter, so that only the plant is a breach."""
    rows = []
    for row in plan.counter:
        away = sum(r.date == row.date and r.slot == row.slot for r in (*plan.visits, *plan.meetings))
        rows.append(dataclasses.replace(row, officers_at_counter=len(_on_duty(plan, row.date)) - away))
    return dataclasses.replace(plan, counter=tuple(rows))


def _terms_as_priced(instance: Instance, plan: PlanFiles) -> PlanFiles:
    """plan.json's terms rewritten to the (planted) plan's price, so that only the plant is a breach."""
    price = price_plan(instance, plan)
    terms = {name: {**term, "value": price.values.get(name, term["value"])} for name, term in plan.document["terms"].items()}
    return dataclasses.replace(plan, document={**plan.document, "terms": terms})


@pytest.mark.parametrize("rule", PLAN_RULES)
def test_a_planted_breach_is_reported_under_its_rule(rule: str, valid: tuple[Instance, PlanFiles]) -> None:
    instance, plan = PLANTS[rule](*valid)
    if not rule.startswith("counter_"):
        plan = _counter_as_planned(plan)
        instance = _without_counter_floor(instance)
    if rule != "objective_term_reported":
        plan = _terms_as_priced(instance, plan)
    found = {violation.rule for violation in check_plan(instance, plan)}
    assert rule in found, found
    assert found <= {rule} | ALSO[rule], found - {rule}


def test_a_date_of_an_unannounced_visit_in_a_facility_file_is_reported(small_plan_dir: Path, tmp_path: Path) -> None:
    import shutil

    plan_dir = tmp_path / "plan"
    shutil.copytree(small_plan_dir, plan_dir)
    plan = read_plan_files(plan_dir)
    assert unannounced_dates_shown(plan_dir, plan.visits) == []
    secret = next(v.date for v in plan.visits if not v.announced and v.date not in {a.date for a in plan.visits if a.announced})
    notice = next((plan_dir / "facilities").glob("*.html"))
    notice.write_text(notice.read_text(encoding="utf-8") + f"<p>{secret.isoformat()}</p>", encoding="utf-8")
    assert {v.rule for v in unannounced_dates_shown(plan_dir, plan.visits)} == {"unannounced_date_hidden"}
