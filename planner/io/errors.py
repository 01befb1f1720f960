"""Turning pydantic validation errors into one line naming the file and key."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


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


def describe_validation_error(error: ValidationError, raw: Any) -> str:
    """The first problem of ``error``, as ``key: message`` (with a count of the others)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    # Union branches add the branch's type name to the location; users never wrote it.
    loc = tuple(step for step in first["loc"] if not (isinstance(step, str) and "[" in step))
    loc = tuple(step for step in loc if step not in ("function-after", "function-before", "literal", "int", "str"))
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (not part of the format)"
    elif first["type"] == "missing":
        message = "required key is missing"
    where = _label(raw, loc)
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"
