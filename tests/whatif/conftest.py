"""A tiny base for what-if tests: two officers, one on duty a day, a counter busy in October-November."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.domain import Instance
from planner.io.writers import write_instance_files
from tests.conftest import facility, make_instance

SEASON_COUNTER = {
    "service": {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8},
    "demand": [
        {"start": "2017-04-01", "end": "2018-03-31", "per_day": 2},
        {"start": "2017-10-02", "end": "2017-11-30", "per_day": 10},
    ],
}
"""10 walk-ins a day in the season: 4.5 in a morning of 210 minutes at 20 minutes each is a load of
0.43 officer. One officer at the counter answers 68 % of them within 10 minutes (Erlang C), two 96 %."""


def tiny_base() -> Instance:
    return make_instance(
        [facility("C1"), facility("C2")],
        rounds=[
            {
                "id": "visit",
                "applies_to": "existing_community",
                "window": {"start": "2017-09-04", "end": "2017-09-29"},
                "announced": True,
            }
        ],
        counter=SEASON_COUNTER,
    )


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "tiny"
    write_instance_files(tiny_base(), directory)
    return directory
