"""Module-level task functions for the executor tests (spawned processes import them by name)."""

from __future__ import annotations

import os
from pathlib import Path


def square_or_fail(value: int) -> int:
    if value == 3:
        raise ValueError("three is not allowed")
    return value * value


def die_once(marker_and_value: tuple[str, int]) -> int:
    """Kill this worker process the first time it sees ``marker`` absent (as an OOM kill would)."""
    marker, value = marker_and_value
    if value == 1 and not Path(marker).exists():
        Path(marker).write_text("died", encoding="utf-8")
        os._exit(9)
    return value + 100


def always_die(value: int) -> int:
    os._exit(9)
