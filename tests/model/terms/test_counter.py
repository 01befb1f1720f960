"""Counter terms: the officer shortfall, walk-ins on visit days, the visitors' waiting (hand-computed)."""

from __future__ import annotations

from planner.calendar import Problem
from planner.calendar.problem import day_of
from planner.model import FAMILIES
from planner.model.terms.counter import counter_shortfall, counter_waiting, deadline_week_visits, peak_visits
from tests.conftest import build, day_index, facility, make_problem, solve_built
from tests.model.terms.shared import FIVE_DAYS, SERVICE, TWO_A_DAY, _chosen, _round


def _one_visit_on_8_may(walk_ins: int, term: str, weight: int) -> Problem:
    """Two officers on duty each day, one visit due on Mon 8 May with ``walk_ins`` expected that day."""
    return make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-05-08", "2017-05-08")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter={"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": walk_ins}]},
        weights={term: weight},
    )


def test_counter_shortfall_counts_the_officer_a_visit_takes() -> None:
    # 20 walk-ins on Mon 8 May need 2 officers per half-day (Erlang C); 2 are on
    # duty, so the one visit leaves 1 at the counter in its slot: shortfall 1.
    problem = _one_visit_on_8_may(20, "counter_shortfall", 100)
    solved = solve_built(build(problem, FAMILIES, [counter_shortfall]))
    assert solved.optimal and solved.term("counter_shortfall") == 1 and solved.objective == 100


def test_counter_shortfall_is_zero_when_the_counter_is_covered() -> None:
    problem = _one_visit_on_8_may(5, "counter_shortfall", 100)
    solved = solve_built(build(problem, FAMILIES, [counter_shortfall]))
    assert solved.optimal and solved.term("counter_shortfall") == 0


def test_peak_visits_moves_the_visit_to_the_quiet_day() -> None:
    counter = {"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": 20}, {"date": "2017-05-09", "per_day": 5}]}
    problem = make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-05-08", "2017-05-09")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter=counter,
    )
    solved = solve_built(build(problem, FAMILIES, [peak_visits]))
    assert solved.term("peak_visits") == 5
    assert problem.day_labels[day_of(_chosen(solved)[0].slot)] == "2017-05-09"


def test_zero_weight_term_creates_nothing() -> None:
    problem = make_problem([facility("C1")], rounds=[_round("r", "2017-05-08", "2017-05-08")], weights={"counter_waiting": 0})

    bare = build(problem)
    # counter_shortfall is off by default, counter_waiting weighted 0 here: neither adds a variable.
    built = build(problem, terms=[counter_shortfall, counter_waiting])
    assert built.penalties == []
    assert len(built.model.proto.variables) == len(bare.model.proto.variables)


def test_counter_waiting_is_the_table_value_at_the_officers_left() -> None:
    # 20 walk-ins on Mon 8 May, two officers on duty, one visit: one half-day has
    # 1 officer at the counter and the other 2, so the term is table[1] + table[2]
    # of those slots (the visit goes to the cheaper one).

    problem = _one_visit_on_8_may(20, "counter_waiting", 1)
    am, pm = (problem.slot_waiting[2 * day_index(problem, "2017-05-08") + half] for half in (0, 1))
    solved = solve_built(build(problem, FAMILIES, [counter_waiting]))
    expected = min(am[1] + pm[2], am[2] + pm[1])
    assert solved.optimal and solved.term("counter_waiting") == expected
    assert problem.day_labels[day_of(_chosen(solved)[0].slot)] == "2017-05-08"


def test_other_counter_staff_shift_the_table() -> None:
    counter = {
        "service": SERVICE,
        "demand": [{"date": "2017-05-08", "per_day": 20}],
        "extra_staff": [{"date": "2017-05-08", "staff": 1}],
    }
    with_staff = make_problem(counter=counter)
    without = make_problem(counter={"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": 20}]})
    slot = 2 * day_index(with_staff, "2017-05-08")
    assert with_staff.slot_other_staff[slot] == 1
    assert with_staff.slot_waiting[slot][0] == without.slot_waiting[slot][1]


def _deadline_counter() -> dict:
    # No walk-ins, so only the deadline-week term tells the two Mondays apart.
    return {"service": SERVICE, "demand": [], "effects": {"ramps": [{"deadline": "2017-11-22", "days": 2, "peak": 2.0}]}}


def test_a_visit_leaves_the_deadline_week_when_its_window_holds_another() -> None:
    # Window Mon 13 - Mon 20 Nov; the deadline (Wed 22 Nov) makes 20-24 Nov the deadline week.
    problem = make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-11-20", "2017-11-20"), _round("s", "2017-11-13", "2017-11-20")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter=_deadline_counter(),
    )
    assert problem.deadline_weeks == {problem.day_week[day_index(problem, "2017-11-22")]}
    solved = solve_built(build(problem, FAMILIES, [deadline_week_visits]))
    # Round r can only be on the 20th: not counted. Round s moves to the week before.
    assert solved.optimal and solved.term("deadline_week_visits") == 0
    days = sorted(problem.day_labels[day_of(choice.slot)] for choice in _chosen(solved))
    assert days[0] < "2017-11-20" and days[1] == "2017-11-20"
    # Kept on the 20th, round s counts one.
    forced = build(problem, FAMILIES, [deadline_week_visits])
    for visit in forced.variables.visits:
        for choice in visit.choices:
            if problem.visits[visit.task].round == 1 and problem.day_labels[day_of(choice.slot)] != "2017-11-20":
                forced.model.add(choice.literal == 0)
    assert solve_built(forced).term("deadline_week_visits") == 1


def test_no_deadline_no_term() -> None:
    problem = make_problem(
        [facility("C1")], rounds=[_round("r", "2017-11-13", "2017-11-20")], officers=FIVE_DAYS, staffing=TWO_A_DAY
    )
    assert problem.deadline_weeks == frozenset()
    assert build(problem, FAMILIES, [deadline_week_visits]).penalties == []


def test_a_table_rounded_out_of_convexity_is_still_priced_at_its_value() -> None:
    # Rounded to whole minutes, a table's tail can save more at a later officer than at the one before:
    # (50, 20, 20, 19) saves 30, 0, 1. With both officers at the counter in the morning the wait must be
    # table[2] = 20, not 50 - 30 - 1 = 19 (what dropping the flat step used to give). The afternoon's
    # table is made the same, so whichever half-day keeps both officers costs table[2] + table[1].
    import dataclasses

    problem = _one_visit_on_8_may(20, "counter_waiting", 1)
    day = day_index(problem, "2017-05-08")
    tables = list(problem.slot_waiting)
    tables[2 * day] = tables[2 * day + 1] = (50, 20, 20, 19)
    problem = dataclasses.replace(problem, slot_waiting=tuple(tables))
    solved = solve_built(build(problem, FAMILIES, [counter_waiting]))
    others = sum(table[2] for slot, table in enumerate(problem.slot_waiting) if table and slot // 2 != day)
    assert solved.optimal and solved.term("counter_waiting") - others == 20 + 20
