"""Property: every plan the planner writes for a random valid instance passes ``planner check``.

Hypothesis draws small instances of a whole fiscal year (2-3 officers, a few
facilities, rounds with random windows, meetings, demand), solves each on one
worker for a few seconds, and demands: a plan that the independent checker
accepts (facility files included), or an honest INFEASIBLE / no-plan exit with
an explanation.  Bounded examples keep it within CI's budget.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.check import check_plan_dir
from planner.pipeline import run_solve
from tests.conftest import facility, make_spec, write_instance

YEAR_START = dt.date(2017, 4, 1)


def _window(draw: st.DrawFn, min_days: int = 10) -> dict[str, str]:
    start = draw(st.integers(0, 330))
    length = draw(st.integers(min_days, 120))
    first = YEAR_START + dt.timedelta(days=start)
    last = min(first + dt.timedelta(days=length), dt.date(2018, 3, 31))
    return {"start": first.isoformat(), "end": last.isoformat()}


@st.composite
def instances(draw: st.DrawFn) -> tuple[dict, list[dict]]:
    num_officers = draw(st.integers(2, 3))
    officers = [{"id": f"O{i}", "days_per_week": draw(st.integers(2, 4))} for i in range(num_officers)]
    if draw(st.booleans()):
        officers[0]["unavailable"] = [_window(draw, 5)]
    headcount = {day: draw(st.integers(1, 2)) for day in ("mon", "tue", "wed", "thu", "fri")}
    facilities = []
    for index in range(draw(st.integers(1, 5))):
        category = draw(st.sampled_from(["community", "unlicensed"]))
        opening = draw(st.one_of(st.none(), st.dates(dt.date(2017, 4, 1), dt.date(2018, 2, 1))))
        facilities.append(
            facility(
                f"F{index}",
                category=category,
                block=draw(st.sampled_from(["east", "west"])),
                opening_date=opening.isoformat() if opening else None,
            )
        )
    rounds = [{"id": "new_facility", "applies_to": "new", "window": "opening_month", "announced": True}]
    for index in range(draw(st.integers(0, 2))):
        rounds.append(
            {
                "id": f"r{index}",
                "applies_to": draw(st.sampled_from(["existing_community", "unlicensed"])),
                "window": _window(draw, 20),
                "announced": draw(st.booleans()),
            }
        )
    meetings = [
        {"id": f"m{index}", "kind": "officers", "attendees": draw(st.sampled_from(["all", 1])), "window": _window(draw, 14)}
        for index in range(draw(st.integers(0, 2)))
    ]
    demand = [{"start": "2017-04-01", "end": "2018-03-31", "per_day": draw(st.integers(0, 30))}]
    spec = make_spec(
        name="random",
        officers=officers,
        staffing={"headcount": headcount, "counter_min": draw(st.integers(0, 1))},
        counter={"service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8}, "demand": demand},
        rounds=rounds,
        meetings=meetings,
    )
    return spec, facilities


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(case=instances())
def test_every_written_plan_passes_the_checker(tmp_path_factory, case) -> None:
    spec, facilities = case
    root = tmp_path_factory.mktemp("random")
    instance_dir = write_instance(root / "instance", spec, facilities)
    outcome = run_solve(instance_dir, root / "plan", time_limit=4, seed=0, workers=1)
    if outcome.exit_code == 0:
        assert check_plan_dir(instance_dir, Path(outcome.out_dir)) == []
    else:
        assert outcome.exit_code in (3, 4)
        assert outcome.result.explanation and not (root / "plan").exists()
