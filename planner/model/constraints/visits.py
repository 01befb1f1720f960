"""Visits: each made once, inside its window, sampled rounds at their size.

Windows hold by construction: a visit has choice literals only for slots of
its window (see :mod:`planner.model.variables`).
"""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.penalty import Penalty
from planner.model.variables import Variables


def add_each_visit_once(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """A visit takes exactly one (officer, slot) of its window if it is made.

    ``sum_{o, s} visit[v, o, s] = present[v]`` (``present`` is 1 unless the round is sampled).
    """
    for visit in variables.visits:
        task = problem.visits[visit.task]
        variables.guards.add(model.add(LinearExpr.sum([choice.literal for choice in visit.choices]) == visit.present),
                             "round", problem.rounds[task.round].id)
    return []


def add_sample_sizes(model: CpModel, problem: Problem, variables: Variables) -> list[Penalty]:
    """A sampled round visits exactly ``sample_size`` distinct facilities of its set.

    ``sum_{v in round} present[v] = sample_size``. Penalty ``sample_findings``:
    the open findings of each facility left out, so that facilities whose
    earlier visits raised points that are still open are picked first.
    """
    weight = problem.weights.sample_findings
    penalties = []
    for round_ in problem.rounds:
        if round_.sample_size is None:
            continue
        present = [variables.visits[visit].present for visit in round_.visits]
        variables.guards.add(model.add(LinearExpr.sum(present) == round_.sample_size), "sample", round_.id)
        for visit in round_.visits:
            facility = problem.facilities[problem.visits[visit].facility]
            if facility.open_findings and weight:
                left_out = 1 - variables.visits[visit].present
                penalties.append(
                    Penalty(
                        "sample_findings",
                        f"{facility.id}: {facility.open_findings} open findings, not picked for {round_.id}",
                        facility.open_findings * left_out,
                        weight,
                    )
                )
    return penalties
