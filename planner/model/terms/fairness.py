"""Fair shares between officers: visits and duty days in proportion to what each can give.

An officer's share is the year's total times their duty capacity (days per
week over the weeks they are available) divided by the team's capacity,
rounded; the penalty is the absolute deviation from it, officer by officer.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python.cp_model import CpModel, LinearExpr, LinearExprT

from planner.calendar import Problem
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables


def _shares(problem: Problem, total: int) -> list[int]:
    capacity = sum(officer.capacity_days for officer in problem.officers) or 1
    return [round(total * officer.capacity_days / capacity) for officer in problem.officers]


def _deviations(model: CpModel, problem: Problem, what: str, amounts: Sequence[LinearExprT], total: int) -> list[Charge]:
    penalties: list[Charge] = []
    for officer, (amount, share) in enumerate(zip(amounts, _shares(problem, total))):
        officer_id = problem.officers[officer].id
        deviation = model.new_int_var(0, max(total, 1), f"{what} deviation[{officer_id}]")
        model.add_abs_equality(deviation, amount - share)
        penalties.append((f"{officer_id}: {what} away from a fair share of {share}", deviation))
    return penalties


@term(unit="visit", description="visits away from each officer's fair share", label_ja="訪問件数の偏り", names_officers=True)
def visit_fairness(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """``|visits(o) - share(o)|`` summed over officers (unit: one visit)."""
    if len(problem.officers) < 2 or not variables.by_officer:  # by slot: the second stage
        return []
    amounts = [variables.visits_by(officer) for officer in range(len(problem.officers))]
    return _deviations(model, problem, "visits", amounts, problem.required_visits)


@term(unit="duty day", description="duty days away from each officer's fair share", label_ja="勤務日数の偏り")
def duty_fairness(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """``|duty days(o) - share(o)|`` summed over officers (unit: one duty day)."""
    if len(problem.officers) < 2:
        return []
    amounts = [LinearExpr.sum(list(days.values())) for days in variables.duty]
    total = sum(week.duty_total for week in problem.weeks)
    return _deviations(model, problem, "duty days", amounts, total)
