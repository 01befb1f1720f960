"""Import a package's modules in a fixed order, so that their decorated functions register in it."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Sequence


def import_modules(package: str, path: Iterable[str], build_order: Sequence[str], skip: str) -> None:
    """Import every module of ``package`` but ``skip``: those of ``build_order`` first, in that order, then
    the others by name. The order the model is built in is the order CP-SAT reads it, so it stays fixed:
    a deterministic run repeats from one version to the next."""
    names = [info.name for info in pkgutil.iter_modules(path) if info.name != skip]
    for name in sorted(names, key=lambda name: (build_order.index(name) if name in build_order else len(build_order), name)):
        importlib.import_module(f"{package}.{name}")
