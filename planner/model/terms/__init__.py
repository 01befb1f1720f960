"""Soft terms of the objective, one registered :class:`~planner.model.terms.term.Term` each.

Every module of this package is imported here, so a term is added by writing
its function, decorated with :func:`~planner.model.terms.term.term`, in one
module (and a weight of the same name in :class:`planner.domain.Weights`).
"""

from __future__ import annotations

import importlib
import pkgutil

from planner.model.terms.term import REGISTERED, Charge, Term, term

BUILD_ORDER = ("swaps", "sampling", "counter", "continuity", "fairness", "unpredictability", "changes")
"""Modules in the order their terms are built (a new module comes after these, by name). The order
the model is built in is the order CP-SAT reads it, so it stays fixed: a deterministic run repeats."""

for _module in sorted(
    (info.name for info in pkgutil.iter_modules(__path__) if info.name != "term"),
    key=lambda name: (BUILD_ORDER.index(name) if name in BUILD_ORDER else len(BUILD_ORDER), name),
):
    importlib.import_module(f"{__name__}.{_module}")

TERMS: tuple[Term, ...] = tuple(REGISTERED.values())
"""Every objective term, in a fixed order (by module as in ``BUILD_ORDER``, then as written)."""

TERMS_BY_NAME: dict[str, Term] = dict(REGISTERED)


def term_description(name: str) -> str:
    return TERMS_BY_NAME[name].description if name in TERMS_BY_NAME else name


def term_label_ja(name: str) -> str:
    return TERMS_BY_NAME[name].label_ja if name in TERMS_BY_NAME else name


__all__ = ["TERMS", "TERMS_BY_NAME", "Charge", "Term", "term", "term_description", "term_label_ja"]
