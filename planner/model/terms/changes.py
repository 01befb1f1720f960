"""Re-planning: every change to the published plan from the first free day on.

Only active with a :class:`~planner.calendar.problem.Reference`.  Terms (unit:
one change), from the costliest:

- ``replan_notified_moves``: an announced visit whose date the facility was
  told lands on another half-day, ``1 - sum_o visit[v, o, s*]``;
- ``replan_visit_moves``: the same for any other published visit, and a
  sampled round picking a facility the published plan did not;
- ``replan_meeting_moves``: a meeting held elsewhere than published;
- ``replan_officer_changes``: a visit kept on its half-day by another officer;
- ``replan_duty_changes``: ``|duty[o, d] - published[o, d]|`` per officer and day.

The default weights (``replan_*`` in ``weights:``) put these far above the
counter's terms, so the plan changes only as much as it must.
"""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.penalty import Penalty
from planner.model.variables import Variables


def plan_changes(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """Changes against the published plan (see the module docstring)."""
    reference = problem.reference
    if reference is None:
        return []
    weights = problem.weights
    first_free = reference.first_free_day
    penalties = []
    for visit in variables.visits:
        task = problem.visits[visit.task]
        what = f"{problem.facilities[task.facility].id} ({problem.rounds[task.round].id})"
        published = reference.visits.get(visit.task)
        if published is None:
            if problem.rounds[task.round].sample_size is not None and weights.replan_visit_move:
                penalties.append(Penalty("replan_visit_moves", f"{what}: sampled instead of a published pick",
                                         visit.present, weights.replan_visit_move))
            continue
        if day_of(published.slot) < first_free and visit.task not in reference.redo:
            continue  # history
        same_slot = LinearExpr.sum([c.literal for c in visit.choices if c.slot == published.slot])
        term, weight = (("replan_notified_moves", weights.replan_notified_move) if published.notified
                        else ("replan_visit_moves", weights.replan_visit_move))
        if weight:
            penalties.append(Penalty(term, f"{what}: moved from {problem.slot_label(published.slot)}", 1 - same_slot, weight))
        same_officer = [c.literal for c in visit.choices if (c.officer, c.slot) == (published.officer, published.slot)]
        if weights.replan_officer_change and variables.by_officer:  # by slot: the second stage names officers
            penalties.append(Penalty("replan_officer_changes", f"{what}: another officer than {problem.officers[published.officer].id}",
                                     same_slot - LinearExpr.sum(same_officer), weights.replan_officer_change))
    if weights.replan_meeting_move:
        for meeting in variables.meetings:
            slots = reference.meetings.get(meeting.task)
            if slots is None or day_of(slots[0]) < first_free:
                continue
            kept = [option.held for option in meeting.options if option.option.slots == slots]
            penalties.append(Penalty("replan_meeting_moves", f"{problem.meetings[meeting.task].id}: moved",
                                     1 - LinearExpr.sum(kept), weights.replan_meeting_move))
    if weights.replan_duty_change:
        for officer, days in enumerate(variables.duty):
            for day, literal in days.items():
                if day < first_free:
                    continue
                change = (1 - literal) if (officer, day) in reference.duty else literal
                penalties.append(Penalty("replan_duty_changes", f"{problem.officers[officer].id} {problem.day_labels[day]}",
                                         change, weights.replan_duty_change))
    return penalties
