"""Which facilities a sampled round picks: those with open findings first."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel

from planner.calendar import Problem
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables


@term(
    unit="open finding",
    description="open findings of facilities left out of a sampled round",
    label_ja="指摘事項の多い施設の抽出",
)
def sample_findings(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """The open findings of each facility a sampled round leaves out, ``findings(f) * (1 - present[v])``,
    so that facilities whose earlier visits raised points still open are picked first."""
    charges: list[Charge] = []
    for round_ in problem.rounds:
        if round_.sample_size is None:
            continue
        for visit in round_.visits:
            facility = problem.facilities[problem.visits[visit].facility]
            if facility.open_findings:
                charges.append(
                    (
                        f"{facility.id}: {facility.open_findings} open findings, not picked for {round_.id}",
                        facility.open_findings * (1 - variables.visits[visit].present),
                    )
                )
    return charges
