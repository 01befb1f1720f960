"""Hard rules of the model, one registered :class:`~planner.model.constraints.rule.Rule` each.

Every module of this package is imported here, so a rule is added by writing
its function, decorated with :func:`~planner.model.constraints.rule.rule`, and
the words of its rule group, in one module.
"""

from __future__ import annotations

import importlib
import pkgutil

from planner.model.constraints.rule import REGISTERED, Rule, rule

BUILD_ORDER = ("duty", "visits", "meetings", "activity", "counter", "history")
"""Modules in the order their rules are added (a new module comes after these, by name). The order
the model is built in is the order CP-SAT reads it, so it stays fixed: a deterministic run repeats."""

for _module in sorted(
    (info.name for info in pkgutil.iter_modules(__path__) if info.name != "rule"),
    key=lambda name: (BUILD_ORDER.index(name) if name in BUILD_ORDER else len(BUILD_ORDER), name),
):
    importlib.import_module(f"{__name__}.{_module}")

RULES: tuple[Rule, ...] = tuple(REGISTERED.values())
"""Every hard rule, in a fixed order (by module as in ``BUILD_ORDER``, then as written)."""

__all__ = ["RULES", "Rule", "rule"]
