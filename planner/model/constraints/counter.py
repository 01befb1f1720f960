"""The counter floor: ``counter_min`` people at the counter in every slot.

Officers at the counter in slot ``s`` are those on duty that day minus those
on a visit or in a meeting: ``at(s) = n_day(s) - away(s)``.  Other counter
staff (``counter.extra_staff``, e.g. division staff covering an absence)
count towards the floor: ``at(s) >= max(0, counter_min - other_staff(s))``.
"""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.constraints.rule import rule
from planner.model.guards import week_start, words_for
from planner.model.variables import Variables, all_officer_meeting_literals


@rule()
def add_counter_floor(model: CpModel, problem: Problem, variables: Variables) -> None:
    """``at(s) >= counter_min`` in every slot, except a slot of an all-officer meeting.

    During an ``attendees: all`` meeting the division's own staff cover the
    counter, so the floor is lifted there: ``at(s) >= counter_min * (1 - all_meeting(s))``.
    The shortfall against the Erlang C requirement still counts in the objective.
    """
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: option.slots)
    for slot in range(problem.num_slots):
        floor = problem.day_floor(day_of(slot))
        if floor == 0:
            continue
        lifted = LinearExpr.sum([literal for held in all_meetings.get(slot, []) for literal in held])
        variables.guards.add(
            model.add(variables.at_counter(slot) + floor * lifted >= floor), "counter_floor", problem.day_week[day_of(slot)]
        )


@words_for("counter_floor")
def _counter_floor_words(problem: Problem, week: int) -> str:
    floors = sorted({problem.day_floor(day) for day in problem.weeks[int(week)].days})
    return (
        f"in the week of {week_start(problem, int(week))} the counter keeps {'/'.join(map(str, floors))} officer(s) "
        f"in every half-day (counter_min, less other staff; lifted only during an all-officer meeting)"
    )
