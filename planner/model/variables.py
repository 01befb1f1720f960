"""Typed bundles of the decision variables, created once per model.

A variable exists only where the rules allow it: an officer has no duty
variable on a day they are unavailable, and a visit has a choice literal only
for slots inside its window on a day some officer may be spared.
Constraint families therefore never see a forbidden choice.

Two formulations (:data:`FORMULATIONS`):

- ``per-officer``: a visit literal per (officer, slot) and an attendance
  literal per (officer, meeting option); the model decides who does what.
- ``by-slot``: a visit literal per slot only, meetings by their options; the
  officers in each slot are counted, not named (``away(s) <= on duty(day)``).
  For the hard rules the officers on duty are interchangeable within a slot,
  so any such count can be given names afterwards (:mod:`planner.assign`);
  the model is smaller by the number of officers and has no officer symmetry.

  By slot, visits that nothing in the calendar tells apart are **counted** too
  (:func:`interchangeable_visits`): the announced visits of one round with the
  same window (and, in a sampled round, the same open findings) share one
  integer per slot, ``count[g, s]``, instead of a literal per visit and slot.
  The group's first task carries the counts (``present`` = its size, or an
  integer up to it in a sampled round); its other tasks carry nothing. Every
  calendar term is the same on counts (waiting, walk-ins, findings), so the
  model is exact; which facility of a group takes which of its slots is then a
  free choice (list order, :func:`planner.solve.cpsat.extract_calendar`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr, LinearExprT

from planner.calendar import MeetingOption, Problem
from planner.calendar.problem import day_of
from planner.model.guards import Guards

FORMULATIONS: tuple[str, ...] = ("by-slot", "per-officer")


@dataclass(frozen=True)
class VisitChoice:
    """``literal`` is true when ``officer`` makes the visit in ``slot`` (``officer`` is
    ``None`` in the by-slot formulation: some officer on duty then)."""

    officer: int | None
    slot: int
    literal: IntVar

    def matches(self, officer: int | None, slot: int) -> bool:
        """Is this the choice of ``officer`` in ``slot`` (any officer, by slot)?"""
        return self.slot == slot and (self.officer is None or officer is None or self.officer == officer)


@dataclass(frozen=True)
class VisitVar:
    task: int
    present: IntVar | int
    """1 for a visit that must happen; a literal for a sampled round's candidate (for a group of
    interchangeable visits: their number, or an integer up to it when sampled; 0 for the group's
    other tasks)."""
    choices: tuple[VisitChoice, ...]
    group: tuple[int, ...] = ()
    """The tasks whose visits this one counts (by slot, a group's first task); empty otherwise."""


@dataclass(frozen=True)
class MeetingOptionVar:
    option: MeetingOption
    held: IntVar
    attendance: tuple[tuple[int, IntVar], ...]
    """(officer, literal) pairs; for an all-officer meeting the literal is ``held``
    (by slot, an ``attendees: N`` meeting has none: its attendees are named afterwards)."""


@dataclass(frozen=True)
class MeetingVar:
    task: int
    options: tuple[MeetingOptionVar, ...]


@dataclass
class Variables:
    duty: tuple[dict[int, IntVar], ...]
    """Per officer: day -> "on duty that day" (available days only)."""
    visits: tuple[VisitVar, ...]
    meetings: tuple[MeetingVar, ...]
    busy: dict[tuple[int, int], list[IntVar]] = field(default_factory=dict)
    """(officer, slot) -> literals of every activity that takes that officer-slot."""
    away: tuple[IntVar | int, ...] = ()
    """Per slot: officers on a visit or in a meeting (defined once, used by the counter rules)."""
    guards: Guards = field(default_factory=Guards)
    """Assumption literals per rule group (only when explaining an infeasible problem)."""
    formulation: str = "per-officer"
    moved_duty: dict[int, IntVar] = field(default_factory=dict)
    """Day -> duty days moved onto it within its week (set by the headcount rule, charged by ``duty_swaps``)."""
    seed: int = 0
    """The solve's seed, for the random tie-break of unannounced dates."""
    bound_rows: bool = True
    """State the rows that only tighten the relaxation (the counter's, around meetings)."""

    @property
    def by_officer(self) -> bool:
        """Do the variables name the officer of each visit and meeting seat?"""
        return self.formulation == "per-officer"

    def on_duty(self, officer: int, day: int) -> IntVar | int:
        return self.duty[officer].get(day, 0)

    def officers_on_duty(self, day: int) -> LinearExprT:
        return LinearExpr.sum([self.on_duty(officer, day) for officer in range(len(self.duty))])

    def at_counter(self, slot: int) -> LinearExprT:
        return self.officers_on_duty(day_of(slot)) - self.away[slot]

    def visits_by(self, officer: int) -> LinearExprT:
        """Visits of ``officer`` (per-officer formulation only)."""
        return LinearExpr.sum([c.literal for visit in self.visits for c in visit.choices if c.officer == officer])


def all_officer_meeting_literals(
    problem: Problem, variables: Variables, places: Callable[[MeetingOption], Iterable[int]]
) -> dict[int, list[list[IntVar]]]:
    """Place (a slot or a day, as ``places`` maps an option) -> for each all-officer
    meeting that may be held there, the ``held`` literals of its options there.

    At most one option of a meeting is held, so each inner sum is 0 or 1; the
    rules that an all-officer meeting empties the counter and fills the duty
    roster use these sums.
    """
    found: dict[int, dict[int, list[IntVar]]] = defaultdict(dict)
    for meeting in variables.meetings:
        if problem.meetings[meeting.task].attendees is not None:
            continue
        for option in meeting.options:
            for place in places(option.option):
                found[place].setdefault(meeting.task, []).append(option.held)
    return {place: list(by_meeting.values()) for place, by_meeting in found.items()}


def meeting_literals_by_week(problem: Problem, variables: Variables) -> dict[int, list[IntVar]]:
    """Week -> the ``held`` literal of every meeting option in it: duty days may move only in those weeks."""
    by_week: dict[int, list[IntVar]] = defaultdict(list)
    for meeting in variables.meetings:
        for option in meeting.options:
            by_week[problem.day_week[option.option.day]].append(option.held)
    return dict(by_week)


SlotLoad = dict[int, list[tuple[int, IntVar]]]
"""Slot -> (officers taken, literal) of every activity that may take officers from the counter then."""


def create_variables(model: CpModel, problem: Problem, formulation: str = "per-officer") -> Variables:
    """Create every decision variable of ``problem`` (see the module docstring)."""
    if formulation not in FORMULATIONS:
        raise ValueError(f"unknown formulation {formulation!r}; one of {', '.join(FORMULATIONS)}")
    by_officer = formulation == "per-officer"
    duty = tuple(
        {day: model.new_bool_var(f"duty[{officer.id},{problem.day_labels[day]}]") for day in sorted(officer.available_days)}
        for officer in problem.officers
    )
    busy: dict[tuple[int, int], list[IntVar]] = defaultdict(list)
    load: SlotLoad = defaultdict(list)
    visits = _visit_variables(model, problem, busy, load, by_officer)
    meetings = _meeting_variables(model, problem, busy, load, by_officer)
    return Variables(duty, visits, meetings, dict(busy), _away_counts(model, problem, load), formulation=formulation)


def interchangeable_visits(problem: Problem) -> dict[int, tuple[int, ...]]:
    """First task -> the tasks of its group, for groups of two or more visits the calendar cannot tell apart.

    Same announced round, same window, same open findings; never in a re-plan (each
    published visit has a history of its own). Unannounced visits stay single: their
    unpredictability terms know the facility (block, list order, a random cost).
    """
    if problem.reference is not None:
        return {}
    groups: dict[tuple[int, tuple[int, ...], int], list[int]] = defaultdict(list)
    for index, task in enumerate(problem.visits):
        if problem.rounds[task.round].announced and task.slots:
            groups[task.round, task.slots, problem.facilities[task.facility].open_findings].append(index)
    return {tasks[0]: tuple(tasks) for tasks in groups.values() if len(tasks) > 1}


def _visit_variables(
    model: CpModel, problem: Problem, busy: dict[tuple[int, int], list[IntVar]], load: SlotLoad, by_officer: bool
) -> tuple[VisitVar, ...]:
    open_days = problem.days_open_for_visits
    staffed_days = frozenset(day for officer in problem.officers for day in officer.available_days)
    groups = {} if by_officer else interchangeable_visits(problem)
    counted = {task for tasks in groups.values() for task in tasks[1:]}
    visits = []
    for index, task in enumerate(problem.visits):
        if index in counted:
            visits.append(VisitVar(index, 0, ()))
            continue
        if index in groups:
            visits.append(_group_variables(model, problem, groups[index], load, open_days & staffed_days))
            continue
        facility = problem.facilities[task.facility].id
        round_ = problem.rounds[task.round]
        present: IntVar | int = 1
        if round_.sample_size is not None:
            present = model.new_bool_var(f"sampled[{round_.id},{facility}]")
        choices = []
        if by_officer:
            for officer_index, officer in enumerate(problem.officers):
                for slot in task.slots:
                    if day_of(slot) in officer.available_days and day_of(slot) in open_days:
                        literal = model.new_bool_var(f"visit[{round_.id},{facility},{officer.id},{problem.slot_label(slot)}]")
                        choices.append(VisitChoice(officer_index, slot, literal))
                        busy[officer_index, slot].append(literal)
                        load[slot].append((1, literal))
        else:
            for slot in task.slots:
                if day_of(slot) in staffed_days and day_of(slot) in open_days:
                    literal = model.new_bool_var(f"visit[{round_.id},{facility},{problem.slot_label(slot)}]")
                    choices.append(VisitChoice(None, slot, literal))
                    load[slot].append((1, literal))
        visits.append(VisitVar(index, present, tuple(choices)))
    return tuple(visits)


def _group_variables(
    model: CpModel, problem: Problem, tasks: tuple[int, ...], load: SlotLoad, usable_days: set[int] | frozenset[int]
) -> VisitVar:
    """One count per slot for a group of interchangeable visits (see the module docstring)."""
    first = problem.visits[tasks[0]]
    round_ = problem.rounds[first.round]
    label = f"{round_.id},{problem.facilities[first.facility].id}+{len(tasks) - 1}"
    present: IntVar | int = len(tasks)
    if round_.sample_size is not None:
        present = model.new_int_var(0, len(tasks), f"sampled[{label}]")
    choices = []
    for slot in first.slots:
        if day_of(slot) in usable_days:
            count = model.new_int_var(0, len(tasks), f"visits[{label},{problem.slot_label(slot)}]")
            choices.append(VisitChoice(None, slot, count))
            load[slot].append((1, count))
    return VisitVar(tasks[0], present, tuple(choices), tasks)


def _meeting_variables(
    model: CpModel, problem: Problem, busy: dict[tuple[int, int], list[IntVar]], load: SlotLoad, by_officer: bool
) -> tuple[MeetingVar, ...]:
    meetings = []
    for index, meeting in enumerate(problem.meetings):
        options = []
        for option in meeting.options:
            held = model.new_bool_var(f"meeting[{meeting.id},{problem.slot_label(option.slots[0])}+{len(option.slots)}]")
            available = officers_available(problem, option)
            attendance: tuple[tuple[int, IntVar], ...]
            if meeting.attendees is None:
                attendance = all_officer_attendance(held, available)
            elif by_officer:
                attendance = tuple(
                    (
                        officer,
                        model.new_bool_var(
                            f"attends[{meeting.id},{problem.officers[officer].id},{problem.slot_label(option.slots[0])}]"
                        ),
                    )
                    for officer in available
                )
            else:
                attendance = ()
                for slot in option.slots:
                    load[slot].append((meeting.attendees, held))
            for officer, literal in attendance:
                for slot in option.slots:
                    busy[officer, slot].append(literal)
                    load[slot].append((1, literal))
            options.append(MeetingOptionVar(option, held, attendance))
        meetings.append(MeetingVar(index, tuple(options)))
    return tuple(meetings)


def officers_available(problem: Problem, option: MeetingOption) -> list[int]:
    """The officers not unavailable on the day of a meeting option (who may attend it)."""
    return [o for o, officer in enumerate(problem.officers) if option.day in officer.available_days]


def all_officer_attendance(held: IntVar, available: Sequence[int]) -> tuple[tuple[int, IntVar], ...]:
    """An ``attendees: all`` meeting takes every officer not unavailable that day (DESIGN.md).

    By construction: each available officer's attendance literal is the option's
    ``held`` literal itself, so holding the meeting seats them all (and the
    one-activity rule puts them on duty); an unavailable officer has no seat.
    """
    return tuple((officer, held) for officer in available)


def _away_counts(model: CpModel, problem: Problem, load: SlotLoad) -> tuple[IntVar | int, ...]:
    away: list[IntVar | int] = []
    for slot in range(problem.num_slots):
        terms = load.get(slot, [])
        if not terms:
            away.append(0)
            continue
        # Upper bound = what the terms can add up to, not the officers: the one-activity rule,
        # not this definition, is what limits an officer to one thing per slot (see explain_infeasibility).
        most = sum(coefficient * list(variable.proto.domain)[-1] for coefficient, variable in terms)
        count = model.new_int_var(0, most, f"away[{problem.slot_label(slot)}]")
        model.add(count == LinearExpr.weighted_sum([literal for _, literal in terms], [coefficient for coefficient, _ in terms]))
        away.append(count)
    return tuple(away)
