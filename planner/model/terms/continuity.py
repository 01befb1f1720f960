"""The same officer for a facility across its rounds, where possible."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import CpModel, LinearExpr

from planner.calendar import Problem
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables


@term(
    unit="officer",
    description="extra officers per facility across its rounds",
    label_ja="同じ施設への担当の継続",
    names_officers=True,
)
def officer_continuity(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Officers beyond the first who visit a facility during the year.

    ``sees[f, o] >= visit[v, o, s]`` for every visit ``v`` of ``f``; penalty
    ``sum_o sees[f, o] - 1`` for each facility with two or more visit tasks
    (unit: one extra officer for a facility).
    """
    if not variables.by_officer:  # by slot, officers are named in the second stage
        return []
    by_facility: dict[int, list[int]] = defaultdict(list)
    for index, task in enumerate(problem.visits):
        by_facility[task.facility].append(index)
    penalties: list[Charge] = []
    for facility, visits in by_facility.items():
        mandatory = any(isinstance(variables.visits[v].present, int) for v in visits)
        if len(visits) < 2 or not mandatory:  # with no sure visit the facility may be seen by nobody
            continue
        facility_id = problem.facilities[facility].id
        sees = []
        for officer, info in enumerate(problem.officers):
            literals = [c.literal for v in visits for c in variables.visits[v].choices if c.officer == officer]
            if not literals:
                continue
            seen = model.new_bool_var(f"sees[{facility_id},{info.id}]")
            # Each visit is made once, so the sum is the number of its visits by this officer.
            model.add(LinearExpr.sum(literals) <= len(visits) * seen)
            sees.append(seen)
        if len(sees) > 1:
            penalties.append((f"{facility_id}: officers beyond the first", LinearExpr.sum(sees) - 1))
    return penalties
