"""Visits: each made once, inside its window, sampled rounds at their size.

Windows hold by construction: a visit has choice literals only for slots of
its window (see :mod:`planner.model.variables`).
"""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.constraints.rule import rule
from planner.model.guards import words_for
from planner.model.variables import Variables


@rule(kept_when_naming=True)
def add_each_visit_once(model: CpModel, problem: Problem, variables: Variables) -> None:
    """A visit takes exactly one (officer, slot) of its window if it is made.

    ``sum_{o, s} visit[v, o, s] = present[v]`` (``present`` is 1 unless the round is sampled).
    """
    for visit in variables.visits:
        task = problem.visits[visit.task]
        variables.guards.add(
            model.add(LinearExpr.sum([choice.literal for choice in visit.choices]) == visit.present),
            "round",
            problem.rounds[task.round].id,
        )


@words_for("round")
def _round_words(problem: Problem, round_id: str) -> str:
    round_ = next(r for r in problem.rounds if r.id == round_id)
    slots = [slot for visit in round_.visits for slot in problem.visits[visit].slots]
    span = f"between {problem.slot_label(min(slots))} and {problem.slot_label(max(slots))}" if slots else "in its windows"
    return f"round {round_id}: {len(round_.visits)} visit(s), each inside its facility's window ({span})"


@rule(kept_when_naming=True)  # the pinned calendar's sampled visits must all be made
def add_sample_sizes(model: CpModel, problem: Problem, variables: Variables) -> None:
    """A sampled round visits exactly ``sample_size`` distinct facilities of its set.

    ``sum_{v in round} present[v] = sample_size`` (which facilities: the ``sample_findings`` term).
    """
    for round_ in problem.rounds:
        if round_.sample_size is None:
            continue
        present = [variables.visits[visit].present for visit in round_.visits]
        variables.guards.add(model.add(LinearExpr.sum(present) == round_.sample_size), "sample", round_.id)


@words_for("sample")
def _sample_words(problem: Problem, round_id: str) -> str:
    round_ = next(r for r in problem.rounds if r.id == round_id)
    return f"round {round_id} visits exactly {round_.sample_size} of its {len(round_.visits)} facilities"
