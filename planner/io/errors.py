"""Turning pydantic validation errors into one line naming the file and key."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails


def _label(raw: Any, loc: tuple[int | str, ...]) -> str:
    # Name list items by their id when they have one: "officers[B]" reads better
    # than "officers[1]" and survives reordering of the file.
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, (str, int)) else f"[{step}]")
            node = item
        else:
            parts.append(f".{step}" if parts else str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def _clean_loc(loc: tuple[int | str, ...], raw: Any, missing: bool = False) -> tuple[int | str, ...]:
    """Keep the steps the user wrote; drop the names pydantic gives union branches
    and validators (``constrained-int``, ``literal['all']``, ...), which are not in the file."""
    kept: list[int | str] = []
    node = raw
    for position, step in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            kept.append(step)
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            kept.append(step)
            node = node[step]
        elif last and missing and isinstance(step, str) and isinstance(node, dict):
            kept.append(step)  # a missing key: named although absent
    return tuple(kept)


def _message(problem: ErrorDetails) -> str:
    if problem["type"] == "extra_forbidden":
        return "unknown key (not part of the format)"
    if problem["type"] == "missing":
        return "required key is missing"
    return str(problem["msg"]).removeprefix("Value error, ")


def describe_validation_error(error: ValidationError, raw: Any) -> str:
    """The most precise problem of ``error``, as ``key: message`` (with a count of the others).

    Problems at the same key from the branches of a union ("'all' or a
    number") are joined into one message.
    """
    problems = error.errors(include_url=False)
    locs = [_clean_loc(problem["loc"], raw, problem["type"] == "missing") for problem in problems]
    # The deepest problem is the most precise one (a union's matching branch goes deeper).
    loc = max(locs, key=len)
    same_key = [problem for problem, where in zip(problems, locs) if where == loc]
    messages = list(dict.fromkeys(_message(problem) for problem in same_key))
    message = messages[0] if len(messages) == 1 else "; or ".join(messages)
    others = len(problems) - len(same_key)
    more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
    where = _label(raw, loc)
    return f"{where}: {message}{more}" if where else f"{message}{more}"
