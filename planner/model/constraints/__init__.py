"""Hard rules of the model, one registered :class:`~planner.model.constraints.rule.Rule` each.

Every module of this package is imported here, so a rule is added by writing
its function, decorated with :func:`~planner.model.constraints.rule.rule`, and
the words of its rule group, in one module.
"""

from __future__ import annotations

from planner.model.constraints.rule import REGISTERED, Rule, rule
from planner.model.registry import import_modules

BUILD_ORDER = ("duty", "visits", "meetings", "activity", "counter", "history")
"""Modules in the order their functions are built (a new module comes after these, by name)."""

import_modules(__name__, __path__, BUILD_ORDER, skip="rule")

RULES: tuple[Rule, ...] = tuple(REGISTERED.values())
"""Every hard rule, in a fixed order (by module as in ``BUILD_ORDER``, then as written)."""

__all__ = ["RULES", "Rule", "rule"]
