"""Build the CP-SAT model of a :class:`~planner.calendar.Problem`.

``FAMILIES`` are the hard rules, ``TERMS`` the soft objective terms; each is a
function ``(model, problem, variables) -> list[Penalty]`` whose docstring
states its rule. All variables are created first (:func:`create_variables`),
so the families may run in any order; they run in the order listed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python.cp_model import CpModel

from planner.calendar import Problem
from planner.model.constraints.activity import add_one_activity_per_officer_and_slot
from planner.model.constraints.counter import add_counter_floor
from planner.model.constraints.history import add_published_history
from planner.model.constraints.duty import add_duty_days_per_week, add_headcount_targets, add_weekly_duty_totals
from planner.model.constraints.meetings import add_meeting_attendance, add_meetings_held_once
from planner.model.constraints.visits import add_each_visit_once, add_sample_sizes
from planner.model.guards import Guards
from planner.model.objective import set_objective
from planner.model.penalty import Penalty
from planner.model.terms.changes import plan_changes
from planner.model.terms.continuity import officer_continuity
from planner.model.terms.counter import counter_shortfall, counter_waiting, peak_visits
from planner.model.terms.fairness import duty_fairness, visit_fairness
from planner.model.terms.unpredictability import unannounced_clustering, unannounced_shuffle, unannounced_weekdays
from planner.model.variables import Variables, create_variables

Family = Callable[[CpModel, Problem, Variables], list[Penalty]]

FAMILIES: tuple[Family, ...] = (
    add_duty_days_per_week,
    add_weekly_duty_totals,
    add_headcount_targets,
    add_each_visit_once,
    add_sample_sizes,
    add_meetings_held_once,
    add_meeting_attendance,
    add_one_activity_per_officer_and_slot,
    add_counter_floor,
    add_published_history,  # re-planning only: a no-op without a published plan
)

TERMS: tuple[Family, ...] = (
    counter_waiting,
    counter_shortfall,
    peak_visits,
    officer_continuity,
    visit_fairness,
    duty_fairness,
    unannounced_weekdays,
    unannounced_clustering,
    unannounced_shuffle,
    plan_changes,  # re-planning only
)


OFFICER_TERMS: frozenset[str] = frozenset({"officer_continuity", "visit_fairness", "replan_officer_changes"})
"""Terms that depend on which officer does what: the second stage's, in a two-stage solve."""

NAMING_FAMILIES: tuple[Family, ...] = (
    add_each_visit_once,
    add_sample_sizes,  # the pinned calendar's sampled visits must all be made
    add_meetings_held_once,
    add_meeting_attendance,
    add_one_activity_per_officer_and_slot,
    add_published_history,
)
"""The rules left to keep once a calendar is pinned and the roster fixed (the others hold already)."""

NAMING_TERMS: tuple[Family, ...] = (officer_continuity, visit_fairness, plan_changes)


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
    terms: Sequence[Family] = TERMS,
    guarded: bool = False,
    formulation: str = "per-officer",
    objective_terms: frozenset[str] | None = None,
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
    ``guarded`` puts each rule group under an assumption literal
    (:mod:`planner.model.guards`) to explain infeasibility.
    """
    model = CpModel()
    model.name = problem.name
    variables = create_variables(model, problem, formulation)
    if guarded:
        variables.guards = Guards(model)
    penalties: list[Penalty] = []
    for family in families:
        penalties.extend(family(model, problem, variables))
    for term in terms:
        if term is unannounced_shuffle:
            term = functools.partial(unannounced_shuffle, seed=seed)
        penalties.extend(term(model, problem, variables))
    set_objective(model, [p for p in penalties if objective_terms is None or p.term in objective_terms])
    return BuiltModel(model, variables, penalties, tuple(families))
