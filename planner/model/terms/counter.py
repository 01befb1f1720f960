"""Counter terms: visitors' waiting, shortfall against Erlang C, visits at the peak."""

from __future__ import annotations

from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr, LinearExprT

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model.terms.term import Charge, term
from planner.model.variables import Variables, all_officer_meeting_literals, meeting_literals_by_week

SPLIT_UP_TO_OFFICERS = 20
"""Meeting days are split by state (:func:`_split_positions_by_meeting_day`) for teams up to this
size. Measured (2 cores, one run each): the gap on what the plan decides went from 6.3 % to 2.1 %
at 10 x 200 (120 s) and from 9.2 % to 4.1 % at 20 x 400 (180 s), plans alike; at 40 x 800 (300 s)
the bound rose by 8,000 but the windows' plan ended 40,000 worse (CP-SAT's gap 1.1 % without the
split, 2.9 % with it)."""


@term(unit="visitor-minute", description="expected visitor-minutes waited at the counter", label_ja="窓口の待ち時間（人・分）")
def counter_waiting(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Expected visitor-minutes waited at the counter over the year (unit: one visitor-minute).

    ``cost_s(k)`` is the table :func:`planner.queueing.transient.waiting_table`
    gives for ``k`` officers at the counter in slot ``s`` (beside any other
    staff); it is convex and decreasing, so the saving of the ``k``-th officer,
    ``cost_s(k-1) - cost_s(k)``, shrinks with ``k`` (rounded to whole minutes a tail can break
    that: there the positions are ordered, below). With a literal
    ``present[s, k]`` per officer position and ``sum_k present[s, k] <= at_s``,
    ``wait_s = cost_s(0) - sum_k saving_k * present[s, k]`` is minimised by
    the first ``at_s`` positions: exactly ``cost_s(at_s)``, and the LP
    relaxation is the convex hull of the table.

    Around meetings the relaxation of the whole model is weaker than each
    table's hull (it holds a meeting in fractions and mixes the rosters that
    go with them), so with ``variables.bound_rows`` rows every plan keeps are
    added: :func:`_positions_above_target` and :func:`_split_positions_by_meeting_day`.
    """
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: option.slots)
    split = variables.bound_rows and len(problem.officers) <= SPLIT_UP_TO_OFFICERS
    meeting_days = _all_officer_meeting_days(model, problem, variables) if split else {}
    meetings_by_week = meeting_literals_by_week(problem, variables)
    penalties: list[Charge] = []
    for slot, table in enumerate(problem.slot_waiting):
        if not table or table[0] == 0:
            continue
        savings = [table[k - 1] - table[k] for k in range(1, len(table))]
        while savings and savings[-1] == 0:
            savings.pop()  # no officer beyond the last one who shortens the wait
        positions = [model.new_bool_var(f"counter_position[{problem.slot_label(slot)},{k + 1}]") for k in range(len(savings))]
        model.add(LinearExpr.sum(positions) <= variables.at_counter(slot))
        if any(later > earlier for earlier, later in zip(savings, savings[1:])):
            # Rounded to whole visitor-minutes, a table's tail can save more at the k-th officer than at
            # the one before (a flat step, then a step down): 60 of 40 x 800's slots. There the positions
            # fill in order, so that k officers at the counter are exactly the first k and the wait is
            # table[k] (before 0.11.0 a flat step was dropped, and the model priced such a slot below its
            # table; the best-known table's re-score found it).
            for earlier, later in zip(positions, positions[1:]):
                model.add(later <= earlier)
        # Implied, stated for the LP: an all-officer meeting leaves no officer at the counter.
        for held in all_meetings.get(slot, []):
            for position in positions:
                model.add(position + LinearExpr.sum(held) <= 1)
        if variables.bound_rows and all(later <= earlier for earlier, later in zip(savings, savings[1:])):
            # The cuts read position k as the k-th officer at the counter, which needs shrinking savings.
            _positions_above_target(model, problem, slot, positions, meetings_by_week)
            if day_of(slot) in meeting_days:
                _split_positions_by_meeting_day(model, problem, variables, slot, positions, meeting_days[day_of(slot)])
        wait = table[0] - LinearExpr.weighted_sum(positions, savings)
        penalties.append((f"visitor-minutes waited at {problem.slot_label(slot)}", wait))
    return penalties


def _positions_above_target(
    model: CpModel, problem: Problem, slot: int, positions: list[IntVar], meetings_by_week: dict[int, list[IntVar]]
) -> None:
    """Implied, stated for the LP: a position above the day's headcount target needs a meeting that week.

    A day goes above its target only by a swap, and only in a week holding a meeting
    (:func:`~planner.model.constraints.duty.add_headcount_targets`), so
    ``position_k <= sum(held in the week)`` for every ``k`` above the target. Without it a
    meeting held a quarter lets the relaxation fill the best position above the target
    whole: measured (beside the split of :func:`_split_positions_by_meeting_day`), FY2017's
    relaxation rose from 163,068 to 163,198 and 10 x 200's from 427,629 to 430,587 (its
    plans: 431,6xx).
    """
    day = day_of(slot)
    held_that_week = LinearExpr.sum(meetings_by_week.get(problem.day_week[day], []))
    for position in positions[problem.day_target[day] :]:
        model.add(position <= held_that_week)


def _all_officer_meeting_days(model: CpModel, problem: Problem, variables: Variables) -> dict[int, LinearExprT]:
    """Day -> a 0/1 expression: "an all-officer meeting is held that day" (days that may hold one)."""
    days: dict[int, LinearExprT] = {}
    for day, by_meeting in all_officer_meeting_literals(problem, variables, lambda option: (option.day,)).items():
        if len(by_meeting) == 1:
            days[day] = LinearExpr.sum(by_meeting[0])  # one meeting: at most one of its options is held
            continue
        held = model.new_bool_var(f"all_officer_meeting_day[{problem.day_labels[day]}]")
        for literals in by_meeting:
            model.add(held >= LinearExpr.sum(literals))
        model.add(held <= LinearExpr.sum([literal for literals in by_meeting for literal in literals]))
        days[day] = held
    return days


def _split_positions_by_meeting_day(
    model: CpModel, problem: Problem, variables: Variables, slot: int, positions: list[IntVar], meeting_day: LinearExprT
) -> None:
    """Implied, stated for the LP: the counter's positions on a day that may hold an all-officer meeting.

    Such a day is in one of two states: the meeting is held (``H = 1``; every one of the
    ``a`` available officers on duty, so ``n_d = a``) or not (``H = 0``; ``n_d`` anything).
    Without this the relaxation mixes the states: held half, with ``n_d = 2`` between the
    meeting's 3 and a day of 1, it prices the other half-day's waiting at 2 officers where
    the two states average ``(W(3) + W(1)) / 2``, far higher on a steep table. The positions
    are split by state (a perspective formulation): ``spare_k``, the positions filled when no
    meeting is held, with ``spare_k >= position_k - H`` (``k <= a``; the meeting's state
    fills at most the first ``a``), ``spare_k >= position_k`` beyond, ``spare_k <= 1 - H``,
    and ``sum_k spare_k <= n_d - a H``. Every plan keeps them (``spare = position`` when
    ``H = 0``, ``spare = 0`` when ``H = 1``). Measured: FY2017's relaxation rose from 162,403
    to 163,068 (the optimum is 163,6xx), 10 x 200's from 425,560 to 427,629; solved with
    every meeting's options whole, FY2017's relaxation is already 163,625.
    """
    day = day_of(slot)
    available = problem.officers_available(day)
    label = problem.slot_label(slot)
    spare = [model.new_bool_var(f"counter_position_without_meeting[{label},{k + 1}]") for k in range(len(positions))]
    for k, (position, free) in enumerate(zip(positions, spare)):
        if k < available:
            model.add(free >= position - meeting_day)
        else:
            model.add(free >= position)
        model.add(free <= 1 - meeting_day)
    model.add(LinearExpr.sum(spare) <= variables.officers_on_duty(day) - available * meeting_day)


@term(
    unit="officer half-day",
    description="officer half-days missing at the counter against the Erlang C requirement",
    label_ja="窓口の不足人数（Erlang C）",
)
def counter_shortfall(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Officer half-days missing at the counter against the Erlang C requirement.

    ``short(s) >= required(s) - at(s)``, ``short(s) >= 0``; unit: one officer
    missing for one half-day, whatever the slot's load. Off by default (the
    visitors' waiting is the counter's term); always reported as a KPI.
    """
    all_meetings = all_officer_meeting_literals(problem, variables, lambda option: option.slots)
    penalties: list[Charge] = []
    for slot, required in enumerate(problem.slot_required):
        if required <= 0:
            continue
        short = model.new_int_var(0, required, f"short[{problem.slot_label(slot)}]")
        model.add(short >= required - variables.at_counter(slot))
        # Implied, stated for the LP: an all-officer meeting empties the counter
        # of officers, so the whole requirement is short in its slot.
        for held in all_meetings.get(slot, []):
            model.add(short >= required * LinearExpr.sum(held))
        penalties.append((f"counter short at {problem.slot_label(slot)}", short))
    return penalties


@term(unit="walk-in", description="expected walk-ins on the days visits are made", label_ja="繁忙期の訪問")
def peak_visits(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """Visits kept away from the counter's busy days: each visit costs its day's expected walk-ins.

    ``sum_v walk_ins(day(v))`` (rounded to whole visitors). Whole days, not
    slots, so that the am/pm split of the load does not push visits to mornings.
    """
    terms = [
        round(problem.day_demand[day_of(choice.slot)]) * choice.literal
        for visit in variables.visits
        for choice in visit.choices
        if round(problem.day_demand[day_of(choice.slot)])
    ]
    return [("walk-ins expected on the days of visits", LinearExpr.sum(terms))] if terms else []


@term(unit="visit", description="visits in a deadline week whose window holds another week", label_ja="締切週の訪問")
def deadline_week_visits(model: CpModel, problem: Problem, variables: Variables) -> list[Charge]:
    """No visit in the week of an application deadline where its window allows another week.

    ``sum_v visit[v, s]`` over the deadline-week slots ``s`` of each visit ``v`` whose window
    also holds a slot outside it (unit: one visit). The counter's waiting already weighs
    such a visit, but at 10 x 200 a plan kept one on the day after the deadline: its window
    also held August to November, and a search in windows of weeks saw no gain in moving it.
    A soft term, not a cut window, so that a re-plan keeping a published visit there (or a
    year with no room elsewhere) stays feasible.
    """
    if not problem.deadline_weeks:
        return []
    terms = [
        choice.literal
        for visit in variables.visits
        if any(problem.day_week[day_of(slot)] not in problem.deadline_weeks for slot in problem.visits[visit.task].slots)
        for choice in visit.choices
        if problem.day_week[day_of(choice.slot)] in problem.deadline_weeks
    ]
    return [("visits in a deadline week that another week could take", LinearExpr.sum(terms))] if terms else []
