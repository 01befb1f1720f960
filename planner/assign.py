"""The second stage's inputs: a calendar pinned into a problem, and names given greedily.

The by-slot stage decides the roster, each visit's slot and each meeting's
option, counting officers per slot. Two things turn that calendar into a plan:

- :func:`pinned_problem`: the same problem with every visit window cut to its
  chosen slot (an unchosen sampled visit to none) and every meeting to its held
  option. Solved per officer with the roster fixed, it names the officers and
  minimises the officer terms (continuity, fair visits, re-plan hand-overs); the
  calendar's own terms are constants there.
- :func:`name_officers_greedily`: a plan from the calendar without a solver, slot
  by slot: pinned names first (a re-plan's history and reports), meeting seats
  to the officers with the fewest meetings, each visit to a free officer on duty
  who has seen the facility before, else to the one furthest below a fair share.
  It always succeeds when the counts fit, which the by-slot rules guarantee; it
  is the second stage's starting point (hint) and its fallback.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from planner.calendar import Problem
from planner.calendar.problem import MeetingTask, day_of
from planner.solution import Calendar, MeetingDecision, Solution, VisitDecision


class NamingError(RuntimeError):
    """Raised when a calendar's counts do not fit its roster (a bug in the by-slot rules)."""


def pinned_problem(problem: Problem, calendar: Calendar) -> Problem:
    """``problem`` with visit windows and meeting options cut to what ``calendar`` chose, and each
    officer available only on their duty days (so that no literal exists for an officer off duty)."""
    visits = tuple(
        dataclasses.replace(task, slots=(calendar.visit_slots[index],) if index in calendar.visit_slots else ())
        for index, task in enumerate(problem.visits)
    )
    held = {decision.meeting: decision for decision in calendar.meetings}
    meetings = tuple(
        dataclasses.replace(
            meeting,
            options=tuple(
                option
                for option in meeting.options
                if index in held and option.day == held[index].day and option.slots == held[index].slots
            ),
        )
        for index, meeting in enumerate(problem.meetings)
    )
    duty_days: dict[int, set[int]] = defaultdict(set)
    for officer, day in calendar.duty:
        duty_days[officer].add(day)
    officers = tuple(
        dataclasses.replace(officer, available_days=frozenset(duty_days[index])) for index, officer in enumerate(problem.officers)
    )
    return dataclasses.replace(problem, visits=visits, meetings=meetings, officers=officers)


def pinned_officers(problem: Problem, calendar: Calendar) -> dict[int, int]:
    """Visit task -> officer a re-plan requires (published history kept, or a report naming one)."""
    reference = problem.reference
    if reference is None:
        return {}
    pinned = {}
    for task, slot in calendar.visit_slots.items():
        fixed = reference.fixed_visits.get(task)
        published = reference.visits.get(task)
        if fixed is not None and fixed[0] is not None:
            pinned[task] = fixed[0]
        elif (
            fixed is None
            and published is not None
            and task not in reference.redo
            and reference.is_history(day_of(published.slot))
            and published.slot == slot
        ):
            pinned[task] = published.officer
    return pinned


def name_officers_greedily(problem: Problem, calendar: Calendar) -> Solution:
    """A complete solution naming every visit's officer and every meeting's attendees (see the module docstring)."""
    on_duty: dict[int, list[int]] = defaultdict(list)
    for officer, day in calendar.duty:
        on_duty[day].append(officer)
    busy: set[tuple[int, int]] = set()
    meetings = []
    meeting_count: Counter[int] = Counter()
    reference = problem.reference
    for decision in sorted(calendar.meetings, key=lambda d: (d.day, d.meeting)):
        meeting_task: MeetingTask = problem.meetings[decision.meeting]
        if meeting_task.attendees is None:
            attendees = decision.attendees
        else:
            kept = (
                reference.meeting_attendees.get(decision.meeting, frozenset())
                if reference is not None and reference.is_history(decision.day)
                else frozenset()
            )
            free = [o for o in on_duty[decision.day] if all((o, slot) not in busy for slot in decision.slots)]
            ranked = sorted(free, key=lambda o: (o not in kept, meeting_count[o], o))
            if len(ranked) < meeting_task.attendees:
                raise NamingError(f"meeting {meeting_task.id}: {meeting_task.attendees} seats, {len(ranked)} officers free")
            attendees = tuple(sorted(ranked[: meeting_task.attendees]))
        for officer in attendees:
            meeting_count[officer] += 1
            busy.update((officer, slot) for slot in decision.slots)
        meetings.append(MeetingDecision(decision.meeting, decision.day, decision.slots, tuple(attendees)))
    pinned = pinned_officers(problem, calendar)
    by_facility: dict[int, list[int]] = defaultdict(list)
    for task in calendar.visit_slots:
        by_facility[problem.visits[task].facility].append(task)
    names = _name_visits(problem, calendar, on_duty, busy, pinned, by_facility)
    names = _improve_continuity(problem, calendar, names, on_duty, busy, pinned, by_facility)
    visits = tuple(VisitDecision(task, officer, calendar.visit_slots[task]) for task, officer in sorted(names.items()))
    return Solution(calendar.duty, visits, tuple(meetings), {})


def _on_duty_throughout(on_duty: dict[int, list[int]], calendar: Calendar, tasks: list[int]) -> set[int]:
    """Officers on duty on the day of every one of ``tasks``."""
    return set.intersection(*(set(on_duty[day_of(calendar.visit_slots[task])]) for task in tasks))


def _name_visits(
    problem: Problem,
    calendar: Calendar,
    on_duty: dict[int, list[int]],
    seated: set[tuple[int, int]],
    pinned: dict[int, int],
    by_facility: dict[int, list[int]],
) -> dict[int, int]:
    """Visit task -> officer: pinned names, then a facility's rounds to one officer, then the rest slot by slot.

    A facility seen more than once is named as a whole, the facilities with the fewest officers
    free at all their half-days first, each to such an officer furthest below a fair share;
    naming visits one by one in date order gave a facility's first round to whoever was
    least busy, whether or not they were on duty for its later rounds (10 x 200: 85 % of
    facilities kept one officer, where 99 % had one on duty on all their days). Counts can
    never run out: each name taken at a half-day is for one of that half-day's visits.
    """
    share = _visit_shares(problem, len(calendar.visit_slots))
    busy = set(seated)
    made: Counter[int] = Counter()
    names: dict[int, int] = {}

    def give(task: int, officer: int) -> None:
        names[task] = officer
        busy.add((officer, calendar.visit_slots[task]))
        made[officer] += 1

    # Pinned names first, so that no free choice takes an officer a report requires.
    for task in sorted(pinned, key=lambda task: (calendar.visit_slots[task], task)):
        slot = calendar.visit_slots[task]
        if pinned[task] not in on_duty[day_of(slot)] or (pinned[task], slot) in busy:
            raise NamingError(f"visit task {task}: pinned officer {pinned[task]} is not free at {problem.slot_label(slot)}")
        give(task, pinned[task])

    def free_throughout(tasks: list[int]) -> list[int]:
        return sorted(
            officer
            for officer in _on_duty_throughout(on_duty, calendar, tasks)
            if all((officer, calendar.visit_slots[task]) not in busy for task in tasks)
        )

    open_tasks = {facility: [t for t in tasks if t not in names] for facility, tasks in by_facility.items()}
    revisited = [facility for facility, tasks in by_facility.items() if len(tasks) > 1 and open_tasks[facility]]
    choices = {facility: len(free_throughout(open_tasks[facility])) for facility in revisited}
    for facility in sorted(revisited, key=lambda f: (choices[f], f)):
        candidates = free_throughout(open_tasks[facility])
        if not candidates:
            continue  # named visit by visit below
        already = {names[task] for task in by_facility[facility] if task in names}
        officer = min(candidates, key=lambda o: (o not in already, made[o] - share[o], o))
        for task in open_tasks[facility]:
            give(task, officer)
    for task, slot in sorted(calendar.visit_slots.items(), key=lambda item: (item[1], item[0])):
        if task in names:
            continue
        free = [o for o in on_duty[day_of(slot)] if (o, slot) not in busy]
        if not free:
            raise NamingError(f"visit task {task}: nobody free at {problem.slot_label(slot)}")
        seen = {names[other] for other in by_facility[problem.visits[task].facility] if other in names}
        give(task, min(free, key=lambda o: (o not in seen, made[o] - share[o], o)))
    return names


def _improve_continuity(
    problem: Problem,
    calendar: Calendar,
    names: dict[int, int],
    on_duty: dict[int, list[int]],
    seated: set[tuple[int, int]],
    pinned: dict[int, int],
    by_facility: dict[int, list[int]],
) -> dict[int, int]:
    """Fewer officers per facility by moves and swaps within a half-day, each lowering the officer terms.

    For a facility seen by several officers, each officer on duty at all its half-days is
    tried: its other visits move to them where they are free, or swap names with the visit
    they make at that half-day (a swap keeps everyone's count). Applied when continuity and
    fair visits, weighed as in the objective, cost less. Names a re-plan must keep (pinned,
    or published and so a hand-over if changed) are never moved.
    """
    weights = problem.weights
    reference = problem.reference
    fixed = set(pinned) | (set(reference.visits) if reference is not None else set())
    names = dict(names)
    share = [round(value) for value in _visit_shares(problem, len(calendar.visit_slots))]
    made = Counter(names.values())
    doing = {(officer, calendar.visit_slots[task]): task for task, officer in names.items()}

    def extra(facility: int, changed: dict[int, int]) -> int:
        tasks = by_facility[facility]
        return len({changed.get(task, names[task]) for task in tasks}) - 1 if len(tasks) > 1 else 0

    def cost(changed: dict[int, int]) -> float:
        facilities = {problem.visits[task].facility for task in changed}
        continuity = sum(extra(f, changed) - extra(f, {}) for f in facilities)
        counts = Counter(made)
        for task, officer in changed.items():
            counts[names[task]] -= 1
            counts[officer] += 1
        officers = {names[task] for task in changed} | set(changed.values())
        fairness = sum(abs(counts[o] - share[o]) - abs(made[o] - share[o]) for o in officers)
        return weights.officer_continuity * continuity + weights.visit_fairness * fairness

    improved = True
    while improved:
        improved = False
        for facility, tasks in by_facility.items():
            if extra(facility, {}) == 0 or len({calendar.visit_slots[task] for task in tasks}) < len(tasks):
                continue
            best: tuple[float, dict[int, int]] | None = None
            for officer in sorted(_on_duty_throughout(on_duty, calendar, tasks)):
                changed = _rename_to(officer, tasks, names, doing, calendar, seated, fixed)
                if changed is not None and (delta := cost(changed)) < 0 and (best is None or delta < best[0]):
                    best = (delta, changed)
            if best is not None:
                for task in best[1]:
                    del doing[(names[task], calendar.visit_slots[task])]
                    made[names[task]] -= 1
                for task, officer in best[1].items():
                    doing[(officer, calendar.visit_slots[task])] = task
                    made[officer] += 1
                    names[task] = officer
                improved = True
    return names


def _rename_to(
    officer: int,
    tasks: list[int],
    names: dict[int, int],
    doing: dict[tuple[int, int], int],
    calendar: Calendar,
    seated: set[tuple[int, int]],
    fixed: set[int],
) -> dict[int, int] | None:
    """The renames that give all of ``tasks`` to ``officer`` (swapping within a half-day), or ``None``."""
    changed: dict[int, int] = {}
    for task in tasks:
        current = names[task]
        if current == officer:
            continue
        slot = calendar.visit_slots[task]
        if task in fixed or (officer, slot) in seated:
            return None
        other = doing.get((officer, slot))
        if other is not None and other in fixed:
            return None
        changed[task] = officer
        if other is not None:
            changed[other] = current
    return changed


def _visit_shares(problem: Problem, total: int) -> list[float]:
    capacity = sum(officer.capacity_days for officer in problem.officers) or 1
    return [total * officer.capacity_days / capacity for officer in problem.officers]
