"""File names from user-given ids: never a path, never a clash.

A facility id is free text in ``facilities.csv``; ``../x`` or ``a/b`` must not
become a path outside the output folder, and two ids that clean to the same
name must not overwrite each other.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_STEM = 60


def safe_stem(text: str) -> str:
    """ASCII letters, digits, ``. _ -``; anything else becomes ``_``, with a short hash when changed."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFKC", text)).strip("._-")[:_MAX_STEM]
    if cleaned == text and cleaned:
        return cleaned
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else digest


def unique_stems(ids: Iterable[str]) -> dict[str, str]:
    """A distinct safe stem per id (case-insensitive file systems included)."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for identifier in ids:
        stem = safe_stem(identifier)
        if stem.lower() in taken:
            stem = f"{stem}-{hashlib.sha1(identifier.encode('utf-8')).hexdigest()[:8]}"
        taken.add(stem.lower())
        stems[identifier] = stem
    return stems
