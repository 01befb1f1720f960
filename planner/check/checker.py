"""Check a plan against every hard rule of its instance; each violation names its rule (:mod:`planner.check.violations`)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import jpholiday

from planner.check.outreach import outreach_occurrences
from planner.check.rules import AM_MINUTES, PM_MINUTES, away_days, max_weekly_duty, officers_required, open_days
from planner.check.secrecy import unannounced_dates_shown
from planner.check.violations import Violation
from planner.domain import Facility, Instance, Round
from planner.io.plan_files import MeetingRecord, PlanFiles, VisitRecord, read_plan_files
from planner.io.readers import load_instance

HEADCOUNT_KEYS = ("mon", "tue", "wed", "thu", "fri")


def check_plan_dir(instance_dir: Path | str, plan_dir: Path | str) -> list[Violation]:
    """Load both directories and check; raises on unreadable input (exit 2).

    Besides the plan's rules, scans the facility-facing files (if the plan has
    them) for dates of unannounced visits.
    """
    plan = read_plan_files(plan_dir)
    return check_plan(load_instance(instance_dir), plan) + unannounced_dates_shown(plan_dir, plan.visits)


def check_plan(instance: Instance, plan: PlanFiles) -> list[Violation]:
    """Every rule the plan breaks, in words (an empty list for a valid plan).

    Besides the rules: no term of ``plan.json`` below the checker's own price of the plan.
    """
    from planner.check.pricing import price_plan, reported_below_price

    return _Checker(instance, plan).run() + reported_below_price(price_plan(instance, plan), plan.document)


class _Checker:
    def __init__(self, instance: Instance, plan: PlanFiles) -> None:
        self.spec = instance.spec
        self.facilities = {f.facility_id: f for f in instance.facilities}
        self.facility_order = [f.facility_id for f in instance.facilities]
        self.plan = plan
        self.days = open_days(self.spec)
        self.officers = {o.id: o for o in self.spec.officers}
        self.away = {o.id: away_days(o.unavailable) for o in self.spec.officers}
        self.on_duty: dict[dt.date, set[str]] = defaultdict(set)
        for duty in plan.roster:
            self.on_duty[duty.date].add(duty.officer_id)
        self.meeting_rows: dict[str, list[MeetingRecord]] = defaultdict(list)
        for row in plan.meetings:
            self.meeting_rows[row.meeting_id].append(row)
        # Outreach occurrences are fixed-date meetings to the plan (their own expansion: check/outreach.py).
        self.meetings = [*self.spec.meetings, *outreach_occurrences(self.spec, self.days)]
        self.problems: list[Violation] = []

    def run(self) -> list[Violation]:
        self._status()
        self._roster()
        self._weekly_totals()
        self._visits()
        self._meetings()
        self._one_activity_per_slot()
        self._counter()
        return self.problems

    def fail(self, rule: str, where: str, message: str) -> None:
        self.problems.append(Violation(rule, where, message))

    def target(self, day: dt.date) -> int:
        return int(getattr(self.spec.staffing.headcount, HEADCOUNT_KEYS[day.weekday()]))

    # --- status -----------------------------------------------------------------
    def _status(self) -> None:
        status = self.plan.document.get("status")
        if status not in ("OPTIMAL", "FEASIBLE"):
            self.fail("plan_status", "plan.json", f"status is {status!r}, not OPTIMAL or FEASIBLE")
        if self.plan.document.get("instance") != self.spec.name:
            self.fail(
                "plan_instance",
                "plan.json",
                f"the plan is for instance {self.plan.document.get('instance')!r}, not {self.spec.name!r}",
            )

    # --- duty --------------------------------------------------------------------
    def _roster(self) -> None:
        seen: Counter[tuple[dt.date, str]] = Counter((row.date, row.officer_id) for row in self.plan.roster)
        for (day, officer), count in sorted(seen.items()):
            if count > 1:
                self.fail("duty_listed_once", "roster", f"officer {officer} is listed {count} times on {day}")
            if officer not in self.officers:
                self.fail("duty_known_officer", "roster", f"unknown officer {officer!r} on {day}")
                continue
            if day not in self.days:
                self.fail("duty_on_working_day", "roster", f"officer {officer} is on duty on {day}, which is not a working day")
            if day in self.away[officer]:
                self.fail("duty_when_available", "roster", f"officer {officer} is on duty on {day} but unavailable that day")
        per_week: Counter[tuple[str, int, int]] = Counter()
        for day, officer in seen:
            iso = day.isocalendar()
            per_week[officer, iso[0], iso[1]] += 1
        for (officer, year, week), count in sorted(per_week.items()):
            limit = self.officers[officer].days_per_week if officer in self.officers else 0
            if officer in self.officers and count > limit:
                self.fail(
                    "duty_days_per_week",
                    "roster",
                    f"officer {officer} has {count} duty days in ISO week {year}-W{week:02d}, above {limit}",
                )

    def _weeks(self) -> dict[tuple[int, int], list[dt.date]]:
        weeks: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
        for day in sorted(self.days):
            weeks[day.isocalendar()[:2]].append(day)
        return weeks

    def _week_duty_total(self, days: list[dt.date]) -> int:
        """Duty days a week must give: its headcount targets, or as many as its officers can fill."""
        targets = {day: self.target(day) for day in days}
        officers = [(o.days_per_week, set(days) - self.away[o.id]) for o in self.spec.officers]
        return min(sum(targets.values()), max_weekly_duty(targets, officers))

    def _weekly_totals(self) -> None:
        meeting_weeks = {row.date.isocalendar()[:2] for row in self.plan.meetings}
        for key, days in sorted(self._weeks().items()):
            targets = {day: self.target(day) for day in days}
            wanted = self._week_duty_total(days)
            given = sum(len(self.on_duty[day] & self.officers.keys()) for day in days)
            label = f"ISO week {key[0]}-W{key[1]:02d}"
            if given != wanted:
                self.fail(
                    "weekly_duty_total",
                    "roster",
                    f"{label} has {given} duty days, but its headcount targets and available officers call for {wanted}",
                )
            for day in days:
                count = len(self.on_duty[day])
                if count > targets[day] and key not in meeting_weeks:
                    self.fail(
                        "headcount_target",
                        "roster",
                        f"{day} has {count} officers on duty, above its target {targets[day]}, in a week holding no meeting",
                    )

    # --- visits ------------------------------------------------------------------
    def _members(self, round_: Round) -> list[str]:
        year_start = dt.date(self.spec.fiscal_year, 4, 1)
        year_end = dt.date(self.spec.fiscal_year + 1, 3, 31)
        found = []
        for facility_id in self.facility_order:
            facility = self.facilities[facility_id]
            opening = facility.opening_date
            if round_.applies_to == "new":
                ok = facility.category == "community" and opening is not None and year_start <= opening <= year_end
            elif round_.applies_to == "existing_community":
                ok = facility.category == "community" and (opening is None or opening < year_start)
            else:
                end = year_end if round_.window == "opening_month" else round_.window.end
                ok = facility.category == "unlicensed" and (opening is None or opening <= end)
            if ok and facility.closing_date is not None:
                opens = opening if round_.window == "opening_month" else round_.window.start
                ok = opens is None or facility.closing_date > opens
            if ok:
                found.append(facility_id)
        return found

    @staticmethod
    def _window(round_: Round, facility: Facility) -> tuple[dt.date, dt.date]:
        opening = facility.opening_date
        if round_.window == "opening_month":
            assert opening is not None
            start, end = opening, opening.replace(day=calendar.monthrange(opening.year, opening.month)[1])
        else:
            start = round_.window.start if opening is None else max(round_.window.start, opening)
            end = round_.window.end
        if facility.closing_date is not None:
            end = min(end, facility.closing_date - dt.timedelta(days=1))
        return start, end

    def _visits(self) -> None:
        rounds = {r.id: r for r in self.spec.rounds}
        rows_by_round: dict[str, list[VisitRecord]] = defaultdict(list)
        for row in self.plan.visits:
            if row.round not in rounds:
                self.fail(
                    "visit_known_round", "visits", f"unknown round {row.round!r} (facility {row.facility_id} on {row.date})"
                )
                continue
            rows_by_round[row.round].append(row)
        for round_ in self.spec.rounds:
            members = self._members(round_)
            rows = rows_by_round.get(round_.id, [])
            counts = Counter(row.facility_id for row in rows)
            for facility_id, count in sorted(counts.items()):
                if facility_id not in members:
                    self.fail(
                        "visit_round_applies",
                        "visits",
                        f"facility {facility_id} is visited in round {round_.id}, which does not apply to it",
                    )
                elif count > 1:
                    self.fail(
                        "visit_once_per_round", "visits", f"facility {facility_id} is visited {count} times in round {round_.id}"
                    )
            if round_.sample_size is None:
                for facility_id in members:
                    if facility_id not in counts:
                        self.fail("visit_every_member", "visits", f"facility {facility_id} has no visit in round {round_.id}")
            elif len(counts) != round_.sample_size:
                self.fail(
                    "sample_size",
                    "visits",
                    f"round {round_.id} visits {len(counts)} distinct facilities, not its sample_size {round_.sample_size}",
                )
            for row in rows:
                self._visit_row(round_, row)

    def _visit_row(self, round_: Round, row: VisitRecord) -> None:
        facility = self.facilities.get(row.facility_id)
        what = f"visits: {row.facility_id} ({round_.id}) on {row.date} {row.slot}"
        if facility is None:
            self.fail("visit_known_facility", what, "unknown facility")
            return
        if row.announced != round_.announced:
            self.fail(
                "visit_announced_flag",
                what,
                f"marked announced={str(row.announced).lower()}, but the round says {str(round_.announced).lower()}",
            )
        first, last = self._window(round_, facility)
        if not first <= row.date <= last:
            self.fail("visit_in_window", what, f"outside its window {first}..{last}")
        if row.date not in self.days:
            self.fail("visit_on_working_day", what, "not a working day")
        if row.officer_id not in self.on_duty[row.date]:
            self.fail("visit_officer_on_duty", what, f"officer {row.officer_id} is not on duty that day")

    # --- meetings ----------------------------------------------------------------
    def _meetings(self) -> None:
        known = {m.id for m in self.meetings}
        for meeting_id in sorted(self.meeting_rows.keys() - known):
            self.fail("meeting_known", "meetings", f"unknown meeting {meeting_id!r}")
        for meeting in self.meetings:
            rows = self.meeting_rows.get(meeting.id, [])
            if not rows:
                self.fail("meeting_held", "meetings", f"{meeting.id} is not held")
                continue
            dates = {row.date for row in rows}
            if len(dates) > 1:
                self.fail(
                    "meeting_one_day",
                    "meetings",
                    f"{meeting.id} is spread over several days ({', '.join(map(str, sorted(dates)))})",
                )
                continue
            day = dates.pop()
            if meeting.date is not None and day != meeting.date:
                self.fail("meeting_on_date", "meetings", f"{meeting.id} is held on {day}, not on its date {meeting.date}")
            if meeting.window is not None and not meeting.window.start <= day <= meeting.window.end:
                self.fail(
                    "meeting_in_window",
                    "meetings",
                    f"{meeting.id} is held on {day}, outside its window {meeting.window.start}..{meeting.window.end}",
                )
            if day not in self.days:
                self.fail("meeting_on_working_day", "meetings", f"{meeting.id} is held on {day}, which is not a working day")
            by_slot: dict[str, set[str]] = defaultdict(set)
            for row in rows:
                by_slot[row.slot].add(row.officer_id)
            slots = set(by_slot)
            expected_slots = {"am": [{"am"}], "pm": [{"pm"}], "day": [{"am", "pm"}], None: [{"am"}, {"pm"}]}[meeting.slot]
            if slots not in expected_slots:
                self.fail(
                    "meeting_slot",
                    "meetings",
                    f"{meeting.id} takes {'+'.join(sorted(slots))}, but its slot is {meeting.slot or 'one half-day'}",
                )
            attendee_sets = list(by_slot.values())
            if any(people != attendee_sets[0] for people in attendee_sets):
                self.fail("meeting_same_attendees", "meetings", f"{meeting.id} has different attendees in its two half-days")
            attendees = attendee_sets[0]
            if meeting.attendees == "all":
                everyone = {o.id for o in self.spec.officers if day not in self.away[o.id]}
                if attendees != everyone:
                    self.fail(
                        "meeting_all_attend",
                        "meetings",
                        f"{meeting.id} is for all officers available on {day} ({', '.join(sorted(everyone))}), "
                        f"but {', '.join(sorted(attendees)) or 'nobody'} attend",
                    )
            elif len(attendees) != meeting.attendees:
                self.fail(
                    "meeting_attendee_count",
                    "meetings",
                    f"{meeting.id} needs {meeting.attendees} attendees, has {len(attendees)}",
                )
            for officer in sorted(attendees):
                if officer not in self.on_duty[day]:
                    self.fail(
                        "meeting_attendee_on_duty", "meetings", f"{officer} attends {meeting.id} on {day} but is not on duty"
                    )

    # --- slots and counter -------------------------------------------------------
    def _activities(self) -> Counter[tuple[dt.date, str, str]]:
        taken: Counter[tuple[dt.date, str, str]] = Counter()
        for row in self.plan.visits:
            taken[row.date, row.slot, row.officer_id] += 1
        for seat in self.plan.meetings:
            taken[seat.date, seat.slot, seat.officer_id] += 1
        return taken

    def _one_activity_per_slot(self) -> None:
        for (day, slot, officer), count in sorted(self._activities().items()):
            if count > 1:
                self.fail("one_activity_per_slot", "visits/meetings", f"officer {officer} has {count} activities on {day} {slot}")

    def _counter(self) -> None:
        expected_slots = {(day, slot) for day in self.days for slot in ("am", "pm")}
        rows = {(row.date, row.slot): row for row in self.plan.counter}
        if len(rows) != len(self.plan.counter):
            self.fail("counter_row_once", "counter.csv", "a (date, slot) appears more than once")
        for day, slot in sorted(expected_slots - rows.keys()):
            self.fail("counter_row_present", "counter.csv", f"no row for {day} {slot}")
        for day, slot in sorted(rows.keys() - expected_slots):
            self.fail("counter_row_working_day", "counter.csv", f"{day} {slot} is not a working-day slot")
        away: Counter[tuple[dt.date, str]] = Counter()
        for (day, slot, _officer), count in self._activities().items():
            away[day, slot] += count
        all_meeting_slots = {
            (row.date, row.slot) for m in self.meetings if m.attendees == "all" for row in self.meeting_rows.get(m.id, [])
        }
        per_day = self._demand()
        service = self.spec.counter.service
        other_staff = self._other_staff()
        for (day, slot), row in sorted(rows.items()):
            floor = max(0, self.spec.staffing.counter_min - other_staff.get(day, 0))
            if (day, slot) not in expected_slots:
                continue
            present = len(self.on_duty[day]) - away[day, slot]
            if row.officers_at_counter != present:
                self.fail(
                    "counter_officers_match",
                    "counter.csv",
                    f"{day} {slot} says {row.officers_at_counter} officers at the counter, the plan leaves {present}",
                )
            if present < floor and (day, slot) not in all_meeting_slots:
                self.fail(
                    "counter_floor",
                    "counter",
                    f"{day} {slot} has {present} officers at the counter, below counter_min "
                    f"{self.spec.staffing.counter_min} (less {other_staff.get(day, 0)} other staff)",
                )
            minutes = AM_MINUTES if slot == "am" else PM_MINUTES
            arrivals = per_day.get(day, 0.0) * minutes / (AM_MINUTES + PM_MINUTES)
            if abs(row.expected_arrivals - arrivals) > 0.011:
                self.fail(
                    "counter_arrivals",
                    "counter.csv",
                    f"{day} {slot} expects {row.expected_arrivals} arrivals, the instance gives {arrivals:.2f}",
                )
            required = officers_required(
                arrivals, minutes, service.aht_minutes, service.answer_within_minutes, service.service_level
            )
            if row.required_officers != required:
                self.fail(
                    "counter_required",
                    "counter.csv",
                    f"{day} {slot} requires {row.required_officers} officers, Erlang C gives {required}",
                )

    def _demand(self) -> dict[dt.date, float]:
        """Walk-ins per working day: rows (later override earlier), then counter.effects."""
        per_day: dict[dt.date, float] = {}
        for period in self.spec.counter.demand:
            first = period.date or period.start
            last = period.date or period.end
            assert first is not None and last is not None  # the domain model requires one form
            for day in self.days:
                if first <= day <= last:
                    per_day[day] = period.per_day
        effects = self.spec.counter.effects
        ordered = sorted(self.days)
        for day in ordered:
            multiplier = float(getattr(effects.weekday, HEADCOUNT_KEYS[day.weekday()]))
            if self._after_holiday(day):
                multiplier *= effects.after_holiday
            for ramp in effects.ramps:
                earlier = [other for other in ordered if other < ramp.deadline]
                if day in earlier[len(earlier) - ramp.days :]:
                    position = ramp.days - (len(earlier) - earlier.index(day)) + 1
                    multiplier *= 1 + (ramp.peak - 1) * position / ramp.days
            per_day[day] = per_day.get(day, 0.0) * multiplier
        return per_day

    def _other_staff(self) -> dict[dt.date, int]:
        """Other counter staff per working day; later rows of ``counter.extra_staff`` win."""
        staff: dict[dt.date, int] = {}
        for row in self.spec.counter.extra_staff:
            for day in self.days:
                if row.first <= day <= row.last:
                    staff[day] = row.staff
        return staff

    def _after_holiday(self, day: dt.date) -> bool:
        """True if a holiday or closure day lies between ``day`` and the working day before it."""
        year_start = dt.date(self.spec.fiscal_year, 4, 1)
        previous = day - dt.timedelta(days=1)
        while True:
            weekend = previous.isoweekday() > 5
            holiday = bool(jpholiday.is_holiday(previous))
            shut_weekday = not weekend and previous >= year_start and previous not in self.days
            if holiday or shut_weekday:
                return True
            if not weekend:
                return False
            previous -= dt.timedelta(days=1)


def check_office_set(index_dir: Path | str, plans_dir: Path | str) -> list[tuple[str, list[Violation]]]:
    """Each office of a set (``offices.yaml``) with what its plan in ``plans_dir/<office id>`` breaks.

    An office without a plan, or whose files cannot be read, is one violation naming why.
    """
    from planner.errors import PlannerError
    from planner.offices.index import load_office_index, office_dir

    results = []
    for office in load_office_index(index_dir).offices:
        plan_dir = Path(plans_dir) / office.id
        if not (plan_dir / "plan.json").is_file():
            results.append((office.id, [Violation("office_planned", str(plan_dir), "no plan (the office was not planned)")]))
            continue
        try:
            results.append((office.id, check_plan_dir(office_dir(index_dir, office), plan_dir)))
        except PlannerError as error:
            results.append((office.id, [Violation("office_readable", office.id, f"cannot be checked: {error}")]))
    return results
