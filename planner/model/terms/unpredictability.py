"""Unannounced visits that facilities cannot predict.

Three terms, over the visits of every round with ``announced: false``:

- ``unannounced_weekdays``: the most visits on one weekday, above an even
  spread (``max_wd count(wd) - ceil(N / weekdays)``), so no weekday is "the day".
- ``unannounced_clustering``: visits beyond the first to one block in one
  week, plus pairs of facilities next to each other in the facility list
  visited in the same week: a sweep in block or list order shows both.
- ``unannounced_shuffle``: a seeded random cost in 0..3 for each (visit,
  week), which breaks the solver's ties in a random order rather than in list
  order. The seed is the solve's ``--seed``; nothing handed to a facility holds it.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr, LinearExprT

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables


def _unannounced_visits(problem: Problem) -> list[int]:
    return [visit for round_ in problem.rounds if not round_.announced for visit in round_.visits]


def _by_week(problem: Problem, variables: Variables, visit: int) -> dict[int, LinearExprT]:
    weeks: dict[int, list[IntVar]] = defaultdict(list)
    for choice in variables.visits[visit].choices:
        weeks[problem.day_week[day_of(choice.slot)]].append(choice.literal)
    return {week: LinearExpr.sum(literals) for week, literals in weeks.items()}


@term(
    unit="visit",
    description="unannounced visits on the busiest weekday above an even spread",
    label_ja="事前連絡なし訪問の曜日の偏り",
)
def unannounced_weekdays(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Most unannounced visits on one weekday, above an even spread (unit: one visit)."""
    visits = _unannounced_visits(problem)
    if not visits:
        return []
    counts: dict[int, list[IntVar]] = defaultdict(list)
    for visit in visits:
        for choice in variables.visits[visit].choices:
            counts[problem.day_weekday[day_of(choice.slot)]].append(choice.literal)
    required = sum(1 for visit in visits if isinstance(variables.visits[visit].present, int))
    even = math.ceil(required / len(counts)) if required else 0
    busiest = model.new_int_var(0, len(visits), "unannounced_busiest_weekday")
    for literals in counts.values():
        model.add(busiest >= LinearExpr.sum(literals))
    return [("unannounced visits on the busiest weekday above an even spread", busiest - even)]


@term(
    unit="visit",
    description="unannounced visits clustered by block or list order within a week",
    label_ja="事前連絡なし訪問の順序の偏り",
)
def unannounced_clustering(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Same-block visits in one week beyond the first, and list neighbours in one week (unit: one visit)."""
    visits = _unannounced_visits(problem)
    if not visits:
        return []
    weekly = {visit: _by_week(problem, variables, visit) for visit in visits}
    penalties: list[Charge] = []
    block_week: dict[tuple[str, int], list[LinearExprT]] = defaultdict(list)
    for visit in visits:
        block = problem.facilities[problem.visits[visit].facility].block
        for week, expression in weekly[visit].items():
            block_week[block, week].append(expression)
    for (block, week), expressions in block_week.items():
        if len(expressions) < 2:
            continue
        excess = model.new_int_var(0, len(expressions) - 1, f"block_cluster[{block},{week}]")
        model.add(excess >= LinearExpr.sum(expressions) - 1)
        penalties.append((f"block {block}: visits beyond one in week {week}", excess))
    for round_ in problem.rounds:
        if round_.announced:
            continue
        in_list_order = sorted(round_.visits, key=lambda v: problem.facilities[problem.visits[v].facility].list_rank)
        for first, second in zip(in_list_order, in_list_order[1:]):
            shared = weekly[first].keys() & weekly[second].keys()
            if not shared:
                continue
            names = f"{problem.facilities[problem.visits[first].facility].id}+{problem.facilities[problem.visits[second].facility].id}"
            together = model.new_bool_var(f"list_neighbours_same_week[{names}]")
            for week in shared:
                model.add(together >= weekly[first][week] + weekly[second][week] - 1)
            penalties.append((f"list neighbours {names} in one week", together))
    return penalties


@term(unit="random cost", description="seeded random tie-break of unannounced dates", label_ja="事前連絡なし訪問の無作為化")
def unannounced_shuffle(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Seeded random cost 0..3 per (unannounced visit, week): random tie-breaking (the seed: ``variables.seed``)."""
    visits = _unannounced_visits(problem)
    seed = variables.seed
    if not visits:
        return []
    terms = []
    for visit in visits:
        task = problem.visits[visit]
        for week, expression in sorted(_by_week(problem, variables, visit).items()):
            # A function of (seed, facility, round, week) alone, so that a model holding fewer
            # choices (the second stage's pinned calendar) gives a visit the same cost.
            rng = random.Random(
                f"unannounced-shuffle/{seed}/{problem.facilities[task.facility].id}/{problem.rounds[task.round].id}/{week}"
            )
            cost = rng.randint(0, 3)
            if cost:
                terms.append(cost * expression)
    return [("random tie-break of unannounced dates", LinearExpr.sum(terms))] if terms else []
