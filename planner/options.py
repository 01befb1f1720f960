"""Every place a visit could go instead, each priced term by term and checked against the rules.

For one made visit of a plan, :func:`visit_options` lists every half-day of its
window and every officer available that day, with

- the change of each objective term if the visit moved there (weighted, so the
  changes add up to the change of the plan's objective), worked out locally
  from the plan's counts: the counter's waiting from the same waiting tables the
  model and :mod:`planner.score` read, the other terms from the few counts a
  move touches. Equal to ``score(after) - score(before)`` to the unit (tested
  over every option of every visit of a plan);
- the rules the move would break, with the independent checker's rule ids
  (:data:`planner.check.violations.CHECK_RULES`): an officer not on duty that
  day, an officer already busy that half-day, the counter below its floor.

No solve: the browser (:mod:`planner.ui`) and ``planner options`` (JSON) show
the list as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from planner.calendar import SLOT_NAMES, Problem
from planner.calendar.problem import day_of
from planner.score import Decisions, fair_shares, problem_parts, published_open, score, shuffle_cost, waiting
from planner.solution import MeetingDecision, TermValue, VisitDecision


@dataclass(frozen=True)
class BrokenRule:
    rule: str
    """A rule id of the independent checker."""
    words: str

    def document(self) -> dict[str, str]:
        return {"rule": self.rule, "words": self.words}


@dataclass(frozen=True)
class Option:
    date: str
    slot: str
    """``am`` / ``pm``."""
    officer: str
    current: bool
    """Where the visit is now (its change is 0)."""
    change: int
    """Change of the plan's objective (weighted) if the visit moved here."""
    terms: dict[str, int] = field(default_factory=dict)
    """Weighted change of each term that changes."""
    waiting_change: int = 0
    """Change of the expected visitor-minutes waited at the counter (unweighted)."""
    broken: tuple[BrokenRule, ...] = ()
    slots: tuple[int, ...] = ()
    """A meeting's option: the half-days it would take (its day is their day)."""
    attendees: tuple[int, ...] = ()
    """A meeting's option: who would attend (``officer`` names them)."""

    @property
    def allowed(self) -> bool:
        return not self.broken


class Pricer:
    """A plan's counts, kept to price single moves of its visits quickly."""

    def __init__(self, problem: Problem, plan: Decisions) -> None:
        self.problem = problem
        self.plan = plan
        self.terms: dict[str, TermValue] = score(problem, plan)
        self._parts = problem_parts(problem)
        self._on_duty: Counter[int] = Counter(day for _, day in plan.duty)
        self._duty = plan.duty
        self._away: Counter[int] = Counter(visit.slot for visit in plan.visits)
        self._busy: dict[tuple[int, int], list[str]] = defaultdict(list)
        self._all_officer_slots: set[int] = set()
        for visit in plan.visits:
            self._busy[visit.officer, visit.slot].append(self._visit_words(visit.task))
        for meeting in plan.meetings:
            task = problem.meetings[meeting.meeting]
            for slot in meeting.slots:
                self._away[slot] += len(meeting.attendees)
                if task.attendees is None:
                    self._all_officer_slots.add(slot)
                for officer in meeting.attendees:
                    self._busy[officer, slot].append(f"meeting {task.id}")
        self.made: dict[int, VisitDecision] = {visit.task: visit for visit in plan.visits}
        self._visits_by: Counter[int] = Counter(visit.officer for visit in plan.visits)
        self._officers_of_facility: dict[int, Counter[int]] = defaultdict(Counter)
        unannounced = set(self._parts.unannounced)
        self._weekdays: Counter[int] = Counter()
        self._block_week: Counter[tuple[str, int]] = Counter()
        self._week_of: dict[int, int] = {}
        for visit in plan.visits:
            self._officers_of_facility[problem.visits[visit.task].facility][visit.officer] += 1
            if visit.task in unannounced:
                day = day_of(visit.slot)
                self._weekdays[problem.day_weekday[day]] += 1
                self._block_week[self._block(visit.task), problem.day_week[day]] += 1
                self._week_of[visit.task] = problem.day_week[day]
        self._neighbours: dict[int, list[int]] = defaultdict(list)
        for first, second in self._parts.list_neighbours:
            self._neighbours[first].append(second)
            self._neighbours[second].append(first)
        self._visit_shares = fair_shares(problem, problem.required_visits)
        self._published = published_open(problem)
        self._weights = {name: value.weight for name, value in self.terms.items()}

    # What a move changes --------------------------------------------------------------------

    def at_counter(self, slot: int) -> int:
        return self._on_duty[day_of(slot)] - self._away[slot]

    def price(self, task: int, slot: int, officer: int) -> dict[str, int]:
        """Unweighted change of each term if visit ``task`` moved to ``slot`` with ``officer``."""
        here = self.made[task]
        if (here.slot, here.officer) == (slot, officer):
            return {}
        problem = self.problem
        change: dict[str, int] = {}
        if here.slot != slot:
            change["counter_waiting"] = self._slot_change(here.slot, slot, partial(waiting, self.problem))
            change["counter_shortfall"] = self._slot_change(here.slot, slot, self._short)
            change["peak_visits"] = round(problem.day_demand[day_of(slot)]) - round(problem.day_demand[day_of(here.slot)])
            change["deadline_week_visits"] = self._in_deadline_week(task, slot) - self._in_deadline_week(task, here.slot)
            if task in self._week_of:
                change.update(self._unannounced_change(task, here.slot, slot))
        if here.officer != officer:
            change["visit_fairness"] = self._fairness_change(here.officer, officer)
            change["officer_continuity"] = self._continuity_change(task, here.officer, officer)
        if problem.reference is not None:
            change.update(self._replan_change(task, here, slot, officer))
        return {name: value for name, value in change.items() if value and name in self._weights}

    def weighted(self, change: dict[str, int]) -> dict[str, int]:
        return {name: value * self._weights[name] for name, value in change.items()}

    def _short(self, slot: int, officers: int) -> int:
        required = self.problem.slot_required[slot]
        return max(0, required - officers) if required > 0 else 0

    def _slot_change(self, left: int, to: int, part: Callable[[int, int], int]) -> int:
        """``part(slot, officers at the counter)``: a counter term's part in a slot; the visit leaves ``left`` for ``to``."""
        before = part(left, self.at_counter(left)) + part(to, self.at_counter(to))
        after = part(left, self.at_counter(left) + 1) + part(to, self.at_counter(to) - 1)
        return after - before

    def _in_deadline_week(self, task: int, slot: int) -> int:
        weeks = self.problem.deadline_weeks
        if self.problem.day_week[day_of(slot)] not in weeks:
            return 0
        return int(any(self.problem.day_week[day_of(other)] not in weeks for other in self.problem.visits[task].slots))

    def _unannounced_change(self, task: int, left: int, to: int) -> dict[str, int]:
        problem = self.problem
        old_day, new_day = day_of(left), day_of(to)
        old_week, new_week = problem.day_week[old_day], problem.day_week[new_day]
        weekdays = self._weekdays.copy()
        weekdays[problem.day_weekday[old_day]] -= 1
        weekdays[problem.day_weekday[new_day]] += 1
        change = {"unannounced_weekdays": max(weekdays.values(), default=0) - max(self._weekdays.values(), default=0)}
        if old_week != new_week:
            block = self._block(task)
            left, joined = self._block_week[block, old_week], self._block_week[block, new_week]

            def beyond_one(count: int) -> int:
                return max(0, count - 1)

            clustered = beyond_one(left - 1) + beyond_one(joined + 1) - beyond_one(left) - beyond_one(joined)
            for other in self._neighbours[task]:
                week = self._week_of.get(other)
                clustered += int(week == new_week) - int(week == old_week)
            change["unannounced_clustering"] = clustered
            change["unannounced_shuffle"] = shuffle_cost(problem, self.plan.seed, task, new_week) - shuffle_cost(
                problem, self.plan.seed, task, old_week
            )
        return change

    def _fairness_change(self, left: int, to: int) -> int:
        if len(self.problem.officers) < 2:
            return 0
        counts, shares = self._visits_by, self._visit_shares
        before = abs(counts[left] - shares[left]) + abs(counts[to] - shares[to])
        after = abs(counts[left] - 1 - shares[left]) + abs(counts[to] + 1 - shares[to])
        return after - before

    def _continuity_change(self, task: int, left: int, to: int) -> int:
        facility = self.problem.visits[task].facility
        if facility not in self._parts.continuity_facilities:
            return 0
        officers = self._officers_of_facility[facility]
        before = len(+officers)
        moved = officers.copy()
        moved[left] -= 1
        moved[to] += 1
        return max(0, len(+moved) - 1) - max(0, before - 1)

    def _replan_change(self, task: int, here: VisitDecision, slot: int, officer: int) -> dict[str, int]:
        published = self._published.get(task)
        if published is None:
            return {}
        published_officer, published_slot, notified = published
        moved_name = "replan_notified_move" if notified else "replan_visit_move"
        moved = int(slot != published_slot) - int(here.slot != published_slot)
        renamed = int(slot == published_slot and officer != published_officer) - int(
            here.slot == published_slot and here.officer != published_officer
        )
        return {moved_name: moved, "replan_officer_change": renamed}

    def _block(self, task: int) -> str:
        return self.problem.facilities[self.problem.visits[task].facility].block

    # Rules ----------------------------------------------------------------------------------

    def broken_rules(self, task: int, slot: int, officer: int) -> tuple[BrokenRule, ...]:
        """What moving visit ``task`` to ``slot`` with ``officer`` would break (the checker's ids)."""
        problem = self.problem
        here = self.made[task]
        day = day_of(slot)
        name = problem.officers[officer].id
        broken: list[BrokenRule] = []
        if (officer, day) not in self._duty:
            broken.append(BrokenRule("visit_officer_on_duty", f"{name} is not on duty on {problem.day_labels[day]}"))
        busy = [what for what in self._busy.get((officer, slot), []) if (here.officer, here.slot) != (officer, slot)]
        if busy:
            broken.append(BrokenRule("one_activity_per_slot", f"{name} already has {busy[0]} that half-day"))
        at = self.at_counter(slot) - (slot != here.slot)
        floor = problem.day_floor(day)
        if at < floor and slot not in self._all_officer_slots:
            broken.append(BrokenRule("counter_floor", f"{at} officer(s) would stay at the counter, below its floor of {floor}"))
        return tuple(broken)

    def activities(self, officer: int, slot: int) -> list[str]:
        """What takes ``officer`` in ``slot`` (``visit F/R``, ``meeting ID``), in words."""
        return self._busy.get((officer, slot), [])

    def _visit_words(self, task: int) -> str:
        visit = self.problem.visits[task]
        return f"visit {self.problem.facilities[visit.facility].id}/{self.problem.rounds[visit.round].id}"


def visit_options(pricer: Pricer, task: int) -> list[Option]:
    """Every half-day of the visit's window and every officer available that day, cheapest first."""
    problem = pricer.problem
    if task not in pricer.made:
        raise KeyError(task)
    here = pricer.made[task]
    options = []
    for slot in problem.visits[task].slots:
        day = day_of(slot)
        for officer, info in enumerate(problem.officers):
            if day not in info.available_days:
                continue
            unweighted = pricer.price(task, slot, officer)
            change = pricer.weighted(unweighted)
            options.append(
                Option(
                    problem.day_labels[day],
                    SLOT_NAMES[slot % 2],
                    info.id,
                    (slot, officer) == (here.slot, here.officer),
                    sum(change.values()),
                    change,
                    unweighted.get("counter_waiting", 0),
                    pricer.broken_rules(task, slot, officer),
                )
            )
    options.sort(key=lambda option: (bool(option.broken), option.change, option.date, option.slot, option.officer))
    return options


def visit_task(problem: Problem, name: str) -> int:
    """The visit task named ``FACILITY/ROUND`` (an unknown name is an input error naming it)."""
    from planner.errors import PlanReadError

    facility_id, _, round_id = name.partition("/")
    if not round_id:
        raise PlanReadError(f"visit {name!r}: give FACILITY/ROUND, e.g. C01/unannounced")
    for index, task in enumerate(problem.visits):
        if problem.facilities[task.facility].id == facility_id and problem.rounds[task.round].id == round_id:
            return index
    raise PlanReadError(f"visit {name!r}: the instance has no visit of facility {facility_id!r} in round {round_id!r}")


def options_document(pricer: Pricer, task: int) -> dict[str, Any]:
    """The options of one visit as JSON (``planner options``, the browser's list)."""
    problem = pricer.problem
    if task not in pricer.made:
        visit = problem.visits[task]
        from planner.errors import PlanReadError

        raise PlanReadError(
            f"visit {problem.facilities[visit.facility].id}/{problem.rounds[visit.round].id}: the plan does not make it"
        )
    here = pricer.made[task]
    visit = problem.visits[task]
    return {
        "visit": f"{problem.facilities[visit.facility].id}/{problem.rounds[visit.round].id}",
        "facility_id": problem.facilities[visit.facility].id,
        "facility": problem.facilities[visit.facility].name,
        "round": problem.rounds[visit.round].id,
        "date": problem.day_labels[day_of(here.slot)],
        "slot": SLOT_NAMES[here.slot % 2],
        "officer": problem.officers[here.officer].id,
        "objective": sum(value.weighted for value in pricer.terms.values()),
        "options": [option_document(option) for option in visit_options(pricer, task)],
    }


def option_document(option: Option, who: str = "officer") -> dict[str, Any]:
    """One option as JSON; ``who`` names its officer key (``officers`` for a meeting's attendees)."""
    return {
        "date": option.date,
        "slot": option.slot,
        who: option.officer,
        "current": option.current,
        "change": option.change,
        "terms": option.terms,
        "waiting_change": option.waiting_change,
        "broken": [rule.document() for rule in option.broken],
    }


def moved(plan: Decisions, task: int, slot: int, officer: int) -> Decisions:
    """``plan`` with visit ``task`` on ``slot`` by ``officer`` (nothing else changed)."""
    visits = tuple(VisitDecision(task, officer, slot) if visit.task == task else visit for visit in plan.visits)
    return Decisions(plan.duty, visits, plan.meetings, plan.seed)


def meeting_options(pricer: Pricer, meeting: int) -> list[Option]:
    """Every way to hold a meeting (its options' days and half-days), each priced by rescoring the whole plan.

    An ``attendees: N`` meeting keeps its attendees where they are on duty and free, and
    otherwise takes officers who are (the rules it would break when there are too few); an
    all-officer meeting takes every officer available that day, and breaks a rule where one
    of them is not on duty. Few options a meeting, so each is priced by :func:`score` itself.
    """
    problem, plan = pricer.problem, pricer.plan
    held = next(decision for decision in plan.meetings if decision.meeting == meeting)
    task = problem.meetings[meeting]
    before = pricer.terms
    options = []
    for option in task.options:
        attendees, broken = _seats(pricer, held, option.day, option.slots)
        after = score(problem, moved_meeting(plan, meeting, option.day, option.slots, attendees))
        change = {name: after[name].weighted - before[name].weighted for name in after if after[name] != before[name]}
        options.append(
            Option(
                problem.day_labels[option.day],
                "day" if len(option.slots) == 2 else SLOT_NAMES[option.slots[0] % 2],
                " ".join(problem.officers[o].id for o in attendees),
                option.slots == held.slots,
                sum(change.values()),
                change,
                change.get("counter_waiting", 0),
                broken,
                option.slots,
                attendees,
            )
        )
    options.sort(key=lambda option: (bool(option.broken), option.change, option.date, option.slot))
    return options


def _seats(
    pricer: Pricer, held: MeetingDecision, day: int, slots: tuple[int, ...]
) -> tuple[tuple[int, ...], tuple[BrokenRule, ...]]:
    """Who would attend the meeting held on ``slots`` of ``day``, and the rules that would break."""
    problem = pricer.problem
    task = problem.meetings[held.meeting]
    on_duty = {officer for officer, duty_day in pricer.plan.duty if duty_day == day}

    def free(officer: int) -> bool:
        """Nothing but this meeting takes the officer in those half-days."""
        return all(_only_this_meeting(pricer.activities(officer, slot), task.id) for slot in slots)

    broken: list[BrokenRule] = []
    label = problem.day_labels[day]
    if task.attendees is None:
        attendees = tuple(o for o, info in enumerate(problem.officers) if day in info.available_days)
        for officer in attendees:
            if officer not in on_duty:
                broken.append(BrokenRule("meeting_attendee_on_duty", f"{problem.officers[officer].id} is not on duty on {label}"))
            elif not free(officer):
                broken.append(BrokenRule("one_activity_per_slot", f"{problem.officers[officer].id} is busy then on {label}"))
        return attendees, tuple(broken)
    ranked = sorted(on_duty, key=lambda o: (o not in held.attendees, not free(o), o))
    attendees = tuple(sorted(ranked[: task.attendees]))
    if len(attendees) < task.attendees:
        broken.append(
            BrokenRule(
                "meeting_attendee_count", f"only {len(attendees)} officer(s) on duty on {label} for {task.attendees} seats"
            )
        )
    for officer in attendees:
        if not free(officer):
            broken.append(BrokenRule("one_activity_per_slot", f"{problem.officers[officer].id} is busy then on {label}"))
    return attendees, tuple(broken)


def _only_this_meeting(activities: list[str], meeting_id: str) -> bool:
    return all(what == f"meeting {meeting_id}" for what in activities)


def moved_meeting(plan: Decisions, meeting: int, day: int, slots: tuple[int, ...], attendees: tuple[int, ...]) -> Decisions:
    """``plan`` with the meeting held on ``slots`` of ``day`` by ``attendees`` (nothing else changed)."""
    meetings = tuple(
        MeetingDecision(meeting, day, slots, attendees) if decision.meeting == meeting else decision for decision in plan.meetings
    )
    return Decisions(plan.duty, plan.visits, meetings, plan.seed)
