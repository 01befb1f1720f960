"""Build the CP-SAT model of a :class:`~planner.calendar.Problem`.

``FAMILIES`` are the hard rules (:mod:`planner.model.constraints`, one
registered function each, whose docstring states its rule); ``TERMS`` the
objective's soft terms (:mod:`planner.model.terms`, one registry entry each). All
variables are created first (:func:`create_variables`), so the families may
run in any order; they run in the order listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python.cp_model import CpModel

from planner.calendar import Problem
from planner.model.constraints import RULES, Rule
from planner.model.guards import Guards
from planner.model.objective import set_objective
from planner.model.penalty import Penalty
from planner.model.terms import TERMS, Term
from planner.model.variables import Variables, create_variables

Family = Rule

FAMILIES: tuple[Rule, ...] = RULES

OFFICER_TERMS: frozenset[str] = frozenset(term.name for term in TERMS if term.names_officers)
"""Terms that depend on which officer does what: the second stage's, in a two-stage solve."""

NAMING_FAMILIES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.kept_when_naming)
"""The rules left to keep once a calendar is pinned and the roster fixed (the others hold already)."""

NAMING_TERMS: tuple[Term, ...] = tuple(term for term in TERMS if term.names_officers)


@dataclass
class BuiltModel:
    model: CpModel
    variables: Variables
    penalties: list[Penalty]
    families: tuple[Family, ...]


def build_model(
    problem: Problem,
    *,
    seed: int = 0,
    families: Sequence[Family] = FAMILIES,
    terms: Sequence[Term] = TERMS,
    guarded: bool = False,
    formulation: str = "per-officer",
    objective_terms: frozenset[str] | None = None,
    bound_rows: bool = True,
) -> BuiltModel:
    """Create the variables, add ``families`` and ``terms``, set the objective.

    ``formulation`` (:data:`~planner.model.variables.FORMULATIONS`): ``per-officer``
    names the officer of every visit and seat; ``by-slot`` counts them per slot, and
    the terms about officers' identity (continuity, fair visits, re-plan
    hand-overs) create nothing there: they belong to the stage that names officers.
    ``objective_terms`` limits the objective to penalties of those terms (the
    others stay in ``penalties``, e.g. constants of a pinned calendar).

    ``seed`` feeds the random tie-break of unannounced visits, so that the
    same seed gives the same plan and another seed another unpredictable one.
    ``bound_rows`` states the rows that only tighten the linear relaxation
    (:func:`planner.model.terms.counter.counter_waiting`); every plan keeps them.
    ``guarded`` puts each rule group under an assumption literal
    (:mod:`planner.model.guards`) to explain infeasibility.
    """
    model = CpModel()
    model.name = problem.name
    variables = create_variables(model, problem, formulation)
    variables.seed = seed
    variables.bound_rows = bound_rows
    if guarded:
        variables.guards = Guards(model)
    for family in families:
        family(model, problem, variables)
    penalties: list[Penalty] = []
    for term in terms:
        weight = term.weight(problem)
        if weight:  # a term weighted 0 creates no variables
            penalties.extend(
                Penalty(term.name, label, expression, weight) for label, expression in term.charges(model, problem, variables)
            )
    set_objective(model, [p for p in penalties if objective_terms is None or p.term in objective_terms])
    return BuiltModel(model, variables, penalties, tuple(families))
