"""Objective terms: each penalises exactly the hand-computed amount, and 0 for its compliant twin."""

from __future__ import annotations

from planner.calendar.problem import day_of
from planner.model import FAMILIES, build_model
from planner.model.terms.continuity import officer_continuity
from planner.model.terms.counter import counter_shortfall, peak_visits
from planner.model.terms.fairness import duty_fairness, visit_fairness
from planner.model.terms.unpredictability import unannounced_clustering, unannounced_shuffle, unannounced_weekdays
from tests.conftest import build, day_index, facility, make_problem, solve_built

FIVE_DAYS = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5}]
TWO_A_DAY = {"headcount": {k: 2 for k in ("mon", "tue", "wed", "thu", "fri")}, "counter_min": 0}
SERVICE = {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8}


def _round(round_id: str, first: str, last: str, announced: bool = True) -> dict:
    return {"id": round_id, "applies_to": "existing_community", "announced": announced, "window": {"start": first, "end": last}}


def _chosen(solved) -> list:
    return [c for v in solved.built.variables.visits for c in v.choices if solved.solver.boolean_value(c.literal)]


def test_counter_shortfall_counts_the_officer_a_visit_takes() -> None:
    # 20 walk-ins on Mon 8 May need 2 officers per half-day (Erlang C); 2 are on
    # duty, so the one visit leaves 1 at the counter in its slot: shortfall 1.
    counter = {"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": 20}]}
    problem = make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-05-08", "2017-05-08")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter=counter,
        weights={"counter_shortfall": 100},
    )
    solved = solve_built(build(problem, FAMILIES, [counter_shortfall]))
    assert solved.optimal and solved.term("counter_shortfall") == 1 and solved.objective == 100


def test_counter_shortfall_is_zero_when_the_counter_is_covered() -> None:
    counter = {"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": 5}]}
    problem = make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-05-08", "2017-05-08")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter=counter,
        weights={"counter_shortfall": 100},
    )
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


def test_continuity_keeps_one_officer_and_counts_a_second() -> None:
    rounds = [_round("first", "2017-05-08", "2017-05-12"), _round("second", "2017-09-04", "2017-09-08", announced=False)]
    problem = make_problem([facility("C1")], rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    solved = solve_built(build(problem, FAMILIES, [officer_continuity]))
    assert solved.term("officer_continuity") == 0 and len({c.officer for c in _chosen(solved)}) == 1
    built = build(problem, FAMILIES, [officer_continuity])
    for task, officer in ((0, 0), (1, 1)):  # first visit by A, second by B
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if c.officer == officer) == 1)
    assert solve_built(built).term("officer_continuity") == 1


def test_visit_fairness_is_the_distance_from_equal_shares() -> None:
    # 4 visits, two officers of equal capacity: shares 2 and 2.
    facilities = [facility(f"C{k}") for k in range(4)]
    problem = make_problem(facilities, rounds=[_round("r", "2017-05-08", "2017-05-19")], officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [visit_fairness])).term("visit_fairness") == 0
    built = build(problem, FAMILIES, [visit_fairness])
    for task in range(3):  # A makes 3: |3-2| + |1-2| = 2
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if c.officer == 0) == 1)
    assert solve_built(built).term("visit_fairness") == 2


def test_duty_fairness_shares_short_weeks() -> None:
    # Headcount 1 a day, two officers of 5 days: every week's duty days can be split evenly over the year.
    problem = make_problem(officers=FIVE_DAYS)
    solved = solve_built(build(problem, FAMILIES, [duty_fairness]))
    assert solved.optimal and solved.term("duty_fairness") <= 1  # 247 duty days: 124/123 at best (rounding)


def test_unannounced_weekdays_spreads_over_the_week() -> None:
    # 4 unannounced visits in one Mon-Fri week: one per weekday is possible, penalty 0;
    # two forced onto Monday: busiest weekday 2, even spread 1 -> penalty 1.
    facilities = [facility(f"C{k}") for k in range(4)]
    rounds = [_round("u", "2017-05-08", "2017-05-12", announced=False)]
    problem = make_problem(facilities, rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [unannounced_weekdays])).term("unannounced_weekdays") == 0
    built = build(problem, FAMILIES, [unannounced_weekdays])
    monday = day_index(problem, "2017-05-08")
    for task in (0, 1):
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if day_of(c.slot) == monday) == 1)
    assert solve_built(built).term("unannounced_weekdays") == 1


def test_unannounced_clustering_separates_block_and_list_neighbours() -> None:
    # C1 and C2 share a block and are list neighbours: same week costs 1 (block) + 1 (neighbours).
    facilities = [facility("C1", block="east"), facility("C2", block="east")]
    rounds = [_round("u", "2017-05-08", "2017-05-19", announced=False)]
    problem = make_problem(facilities, rounds=rounds, officers=FIVE_DAYS, staffing=TWO_A_DAY)
    assert solve_built(build(problem, FAMILIES, [unannounced_clustering])).term("unannounced_clustering") == 0
    built = build(problem, FAMILIES, [unannounced_clustering])
    first_week = {day_index(problem, d) for d in ("2017-05-08", "2017-05-09", "2017-05-10", "2017-05-11", "2017-05-12")}
    for task in (0, 1):
        built.model.add(sum(c.literal for c in built.variables.visits[task].choices if day_of(c.slot) in first_week) == 1)
    assert solve_built(built).term("unannounced_clustering") == 2


def test_shuffle_depends_on_the_seed_only() -> None:
    facilities = [facility(f"C{k}") for k in range(3)]
    problem = make_problem(facilities, rounds=[_round("u", "2017-05-08", "2017-06-30", announced=False)])

    def costs(seed: int) -> str:
        built = build_model(problem, seed=seed, families=(), terms=[unannounced_shuffle])
        return str(built.penalties[0].expression)

    assert costs(1) == costs(1)
    assert costs(1) != costs(2)


def test_zero_weight_term_creates_nothing() -> None:
    problem = make_problem([facility("C1")], rounds=[_round("r", "2017-05-08", "2017-05-08")], weights={"counter_waiting": 0})
    from planner.model.terms.counter import counter_waiting

    bare = build(problem)
    # counter_shortfall is off by default, counter_waiting weighted 0 here: neither adds a variable.
    built = build(problem, terms=[counter_shortfall, counter_waiting])
    assert built.penalties == []
    assert len(built.model.proto.variables) == len(bare.model.proto.variables)


def test_counter_waiting_is_the_table_value_at_the_officers_left() -> None:
    # 20 walk-ins on Mon 8 May, two officers on duty, one visit: one half-day has
    # 1 officer at the counter and the other 2, so the term is table[1] + table[2]
    # of those slots (the visit goes to the cheaper one).
    from planner.model.terms.counter import counter_waiting

    counter = {"service": SERVICE, "demand": [{"date": "2017-05-08", "per_day": 20}]}
    problem = make_problem(
        [facility("C1")],
        rounds=[_round("r", "2017-05-08", "2017-05-08")],
        officers=FIVE_DAYS,
        staffing=TWO_A_DAY,
        counter=counter,
        weights={"counter_waiting": 1},
    )
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
