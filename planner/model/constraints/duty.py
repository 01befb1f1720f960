"""Duty roster: days per week, weekly totals, weekday headcount with swapped days.

Let ``duty[o, d]`` be 1 when officer ``o`` is on duty on working day ``d``
(no variable on an unavailable day, so unavailability holds by construction)
and ``n_d = sum_o duty[o, d]``.
"""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.constraints.rule import rule
from planner.model.guards import week_start, words_for
from planner.model.variables import Variables, all_officer_meeting_literals, meeting_literals_by_week


@rule()
def add_duty_days_per_week(model: CpModel, problem: Problem, variables: Variables) -> None:
    """Each officer is on duty at most ``days_per_week`` days of each ISO week.

    ``sum_{d in w} duty[o, d] <= days_per_week[o]`` for every officer ``o`` and week ``w``.
    """
    for officer, info in enumerate(problem.officers):
        for week in problem.weeks:
            days = [variables.duty[officer][day] for day in week.days if day in variables.duty[officer]]
            if len(days) > info.days_per_week:
                variables.guards.add(model.add(LinearExpr.sum(days) <= info.days_per_week), "days_per_week", info.id)


@words_for("days_per_week")
def _days_per_week_words(problem: Problem, officer_id: str) -> str:
    officer = next(o for o in problem.officers if o.id == officer_id)
    return f"officer {officer_id} is on duty at most {officer.days_per_week} days a week"


@rule()
def add_weekly_duty_totals(model: CpModel, problem: Problem, variables: Variables) -> None:
    """Each ISO week gets exactly its duty total: ``sum_{d in w} n_d = duty_total[w]``.

    The total is the sum of the weekday targets, or what the available officers
    can give if that is less (computed in :mod:`planner.calendar.expand`).
    """
    for index, week in enumerate(problem.weeks):
        variables.guards.add(
            model.add(LinearExpr.sum([variables.officers_on_duty(day) for day in week.days]) == week.duty_total),
            "weekly_total",
            index,
        )


@words_for("weekly_total")
def _weekly_total_words(problem: Problem, week: int) -> str:
    info = problem.weeks[int(week)]
    return (
        f"the week of {week_start(problem, int(week))} is given {info.duty_total} duty days "
        f"(headcount targets {info.target_total}, or what the available officers can give)"
    )


@rule()
def add_headcount_targets(model: CpModel, problem: Problem, variables: Variables) -> None:
    """No day above its weekday target, except by a swap in a week holding a meeting.

    ``n_d <= target_d + moved_d`` with ``moved_d >= 0``, and ``moved_d`` may be
    positive only if a meeting is held in ``d``'s week. With the weekly totals
    fixed, a day above target forces another day of the week below it: a duty
    day moved within the week (e.g. onto the day of an all-officer meeting);
    ``moved_d`` is kept in ``variables.moved_duty`` for the ``duty_swaps`` term.
    """
    meetings_in_week = meeting_literals_by_week(problem, variables)
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: (option.day,))
    for day in range(problem.num_days):
        week = problem.day_week[day]
        target = problem.day_target[day]
        held = meetings_in_week.get(week, [])
        on_duty = variables.officers_on_duty(day)
        guard = variables.guards
        if not held:
            guard.add(model.add(on_duty <= target), "headcount", week)
            continue
        headroom = max(0, len(problem.officers) - target)
        moved = model.new_int_var(0, headroom, f"moved[{problem.day_labels[day]}]")
        guard.add(model.add(on_duty <= target + moved), "headcount", week)
        guard.add(model.add(moved <= headroom * LinearExpr.sum(held)), "headcount", week)
        # Implied by the rules, stated for the LP: an all-officer meeting on this
        # day puts every available officer on duty, so at least (available -
        # target) duty days move here. Without it the relaxation spreads each
        # meeting thinly over its window and proves almost no swap.
        available = problem.officers_available(day)
        for meeting_held in all_meetings.get(day, []):
            guard.add(model.add(moved >= (available - target) * LinearExpr.sum(meeting_held)), "headcount", week)
        if headroom:
            variables.moved_duty[day] = moved


@words_for("headcount")
def _headcount_words(problem: Problem, week: int) -> str:
    targets = ", ".join(f"{problem.day_labels[day][5:]}: {problem.day_target[day]}" for day in problem.weeks[int(week)].days)
    return f"in the week of {week_start(problem, int(week))} no day goes above its headcount target ({targets}) but by a meeting's swap"
