"""The shared executor: results as they finish, one task's error reported alone, killed workers retried."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.executor import dask_address, expected_seconds, run_tasks
from tests.whatif.helpers import always_die, die_once, square_or_fail


def test_every_task_comes_back_once_and_an_error_is_that_task_s_only():
    finished = sorted(run_tasks(square_or_fail, [1, 2, 3, 4], processes=2), key=lambda item: item.index)
    assert [item.result for item in finished] == [1, 4, None, 16]
    assert finished[2].error == "ValueError: three is not allowed"


def test_a_killed_worker_s_tasks_are_run_again_on_a_new_pool(tmp_path: Path):
    marker = str(tmp_path / "died")
    finished = sorted(run_tasks(die_once, [(marker, 0), (marker, 1), (marker, 2)], processes=2), key=lambda item: item.index)
    assert Path(marker).exists()  # the worker did die once
    assert [item.result for item in finished] == [100, 101, 102]


def test_a_task_that_kills_every_worker_is_given_up_after_its_retries():
    finished = list(run_tasks(always_die, [0], processes=1, retries=1))
    assert finished[0].result is None and "died 2 times" in (finished[0].error or "")


def test_the_dask_address_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    assert dask_address(None) is None
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://127.0.0.1:8786")
    assert dask_address(None) == "tcp://127.0.0.1:8786"
    assert dask_address("tcp://127.0.0.1:9999") == "tcp://127.0.0.1:9999"


def test_expected_time_is_the_longest_worker_s_share():
    # 4 tasks of 10 s on 2 workers: 20 s; 100 tasks cycling 10 s and 30 s on 4 workers: 50 x 10 + 50 x 30 = 2000 / 4.
    assert expected_seconds([10, 10, 10, 10], 2) == 20
    assert expected_seconds([10, 30], 4, count=100) == 500
    assert expected_seconds([], 4) == 0
