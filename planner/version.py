"""The planner's installed version, as written into caches and output markers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def planner_version() -> str:
    try:
        return version("visit-round-planner")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"
