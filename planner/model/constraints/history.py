"""Re-planning: what already happened stays, what was reported stays put.

Only active when the problem carries a :class:`~planner.calendar.problem.Reference`
(``planner replan``).  With ``f`` the first day that may change:

- ``duty[o, d] = published[o, d]`` for every day ``d < f``;
- a visit published before ``f`` (and not reported missed) keeps its officer
  and slot: ``visit[v, o*, s*] = 1``;
- no other visit takes a slot before ``f`` (a missed visit is done again later);
- a meeting published before ``f`` keeps its slots and attendees;
- a visit reported done, moved at the facility's request, or confirmed takes
  one of its allowed slots (and its officer, when given).

By slot (no officer in the visit literals) a visit kept with its officer puts
that officer on duty in its slot, ``duty[o*, day(s)] >= visit[v, s]``, and an
officer's kept visits of one slot are at most one; the names themselves are
given in the second stage (:mod:`planner.assign`), which keeps the same pins.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.constraints.rule import rule
from planner.model.guards import words_for
from planner.model.variables import Variables


@rule(kept_when_naming=True, replanning_only=True)
def add_past_duty_kept(model: CpModel, problem: Problem, variables: Variables) -> None:
    """Before the first free day the roster is the published one: ``duty[o, d] = published[o, d]``."""
    reference = problem.reference
    if reference is None:
        return
    for officer_index, days in enumerate(variables.duty):
        for day in filter(reference.is_history, range(problem.num_days)):
            was_on_duty = (officer_index, day) in reference.duty
            if day in days:
                variables.guards.add(model.add(days[day] == int(was_on_duty)), "history", "published")
            elif was_on_duty:
                variables.guards.add(
                    model.add_bool_or([]), "history", "published"
                )  # the published roster cannot be kept: the officer is not available that day


@rule(kept_when_naming=True, replanning_only=True)
def add_past_and_reported_visits_kept(model: CpModel, problem: Problem, variables: Variables) -> None:
    """A visit made before the first free day stays where it was made, and nothing else is added there;
    a visit reported done, moved at the facility's request or confirmed takes one of its reported slots
    (and its officer, when given)."""
    reference = problem.reference
    if reference is None:
        return
    pinned: dict[tuple[int, int], list[IntVar]] = defaultdict(list)
    for visit in variables.visits:
        published = reference.visits.get(visit.task)
        fixed = reference.fixed_visits.get(visit.task)
        keep_past = (
            published is not None
            and reference.is_history(day_of(published.slot))
            and visit.task not in reference.redo
            and fixed is None
        )
        for choice in visit.choices:
            if not reference.is_history(day_of(choice.slot)):
                continue
            if fixed is not None:  # reported done on another half-day or by another officer
                if not any(choice.matches(fixed[0], slot) for slot in fixed[1]):
                    variables.guards.add(model.add(choice.literal == 0), "history", "published")
                continue
            chosen = keep_past and published is not None and choice.matches(published.officer, published.slot)
            variables.guards.add(model.add(choice.literal == int(chosen)), "history", "published")
            if chosen and published is not None and choice.officer is None:
                variables.guards.add(
                    model.add(choice.literal <= variables.on_duty(published.officer, day_of(choice.slot))), "history", "published"
                )
                pinned[published.officer, choice.slot].append(choice.literal)
        if keep_past and published is not None and not any(c.matches(published.officer, published.slot) for c in visit.choices):
            variables.guards.add(
                model.add_bool_or([]), "history", "published"
            )  # the published visit is no longer possible where it was made
        if fixed is not None:
            fixed_officer, fixed_slots = fixed
            allowed = [c for c in visit.choices if any(c.matches(fixed_officer, slot) for slot in fixed_slots)]
            variables.guards.add(model.add(LinearExpr.sum([c.literal for c in allowed]) == 1), "reported", visit.task)
            if fixed_officer is not None:
                for choice in allowed:
                    if choice.officer is None:
                        variables.guards.add(
                            model.add(choice.literal <= variables.on_duty(fixed_officer, day_of(choice.slot))),
                            "reported",
                            visit.task,
                        )
                        pinned[fixed_officer, choice.slot].append(choice.literal)
    for (officer, slot), literals in pinned.items():
        if len(literals) > 1:  # one officer, one thing per half-day
            variables.guards.add(
                model.add(LinearExpr.sum(literals) <= variables.on_duty(officer, day_of(slot))), "history", "published"
            )


@rule(kept_when_naming=True, replanning_only=True)
def add_past_meetings_kept(model: CpModel, problem: Problem, variables: Variables) -> None:
    """A meeting held before the first free day keeps its slots and attendees; no other meeting moves into the past."""
    reference = problem.reference
    if reference is None:
        return
    for meeting in variables.meetings:
        held_slots = reference.meetings.get(meeting.task)
        if held_slots is None or not reference.is_history(day_of(held_slots[0])):
            for option in meeting.options:
                if reference.is_history(option.option.day):
                    variables.guards.add(model.add(option.held == 0), "history", "published")
            continue
        attendees = reference.meeting_attendees.get(meeting.task, frozenset())
        for option in meeting.options:
            held = option.option.slots == held_slots
            variables.guards.add(model.add(option.held == int(held)), "history", "published")
            if held and problem.meetings[meeting.task].attendees is not None:
                for officer, literal in option.attendance:
                    variables.guards.add(model.add(literal == int(officer in attendees)), "history", "published")
        if not any(option.option.slots == held_slots for option in meeting.options):
            variables.guards.add(model.add_bool_or([]), "history", "published")


@rule(replanning_only=True)
def add_pinned_meetings(model: CpModel, problem: Problem, variables: Variables) -> None:
    """A meeting pinned to a day is held that day: ``sum(held of its options that day) = 1``."""
    reference = problem.reference
    if reference is None:
        return
    for meeting in variables.meetings:
        day = reference.pinned_meetings.get(meeting.task)
        if day is not None:
            that_day = [option.held for option in meeting.options if option.option.day == day]
            variables.guards.add(model.add(LinearExpr.sum(that_day) == 1), "pinned", f"meeting {meeting.task}")


@rule(replanning_only=True)
def add_pinned_duty_days(model: CpModel, problem: Problem, variables: Variables) -> None:
    """An officer pinned on duty on a day is on duty: ``duty[o, d] = 1``."""
    reference = problem.reference
    if reference is None:
        return
    for officer, day in sorted(reference.pinned_duty):
        days = variables.duty[officer]
        constraint = model.add(days[day] == 1) if day in days else model.add_bool_or([])  # unavailable that day
        variables.guards.add(constraint, "pinned", f"duty {officer} {day}")


@words_for("pinned")
def _pinned_words(problem: Problem, key: str) -> str:
    kind, *where = key.split()
    if kind == "meeting":
        task = int(where[0])
        reference = problem.reference
        day = reference.pinned_meetings[task] if reference is not None else 0
        return f"meeting {problem.meetings[task].id} stays pinned to {problem.day_labels[day]}"
    officer, day = int(where[0]), int(where[1])
    return f"officer {problem.officers[officer].id} stays pinned on duty on {problem.day_labels[day]}"


@words_for("reported")
def _reported_words(problem: Problem, task: int) -> str:
    reference = problem.reference
    visit = problem.visits[int(task)]
    fixed_officer, fixed_slots = reference.fixed_visits[int(task)] if reference is not None else (None, ())
    who = f", officer {problem.officers[fixed_officer].id}" if fixed_officer is not None else ""
    away = ""
    if fixed_officer is not None and not any(slot // 2 in problem.officers[fixed_officer].available_days for slot in fixed_slots):
        away = f" ({problem.officers[fixed_officer].id} is not available then)"
    when = " or ".join(problem.slot_label(slot) for slot in fixed_slots)
    return (
        f"visit {problem.facilities[visit.facility].id} ({problem.rounds[visit.round].id}) stays as reported: {when}{who}{away}"
    )


@words_for("history")
def _history_words(problem: Problem, key: str) -> str:
    reference = problem.reference
    first = (
        problem.day_labels[reference.first_free_day]
        if reference is not None and reference.first_free_day < problem.num_days
        else "the end"
    )
    return f"the published plan stays as it was before {first}, with the reported visits where they were reported"
