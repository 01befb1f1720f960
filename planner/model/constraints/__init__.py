"""Hard rules of the model, one registered :class:`~planner.model.constraints.rule.Rule` each.

Every module of this package is imported here, so a rule is added by writing
its function, decorated with :func:`~planner.model.constraints.rule.rule`, and
the words of its rule group, in one module.
"""

from __future__ import annotations

import importlib
import pkgutil

from planner.model.constraints.rule import REGISTERED, Rule, rule

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

RULES: tuple[Rule, ...] = tuple(REGISTERED.values())
"""Every hard rule, in a fixed order (by module, then as written)."""

__all__ = ["RULES", "Rule", "rule"]
