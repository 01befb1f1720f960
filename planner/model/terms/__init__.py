"""Soft terms of the objective, one registered :class:`~planner.model.terms.term.Term` each.

Every module of this package is imported here, so a term is added by writing
its function, decorated with :func:`~planner.model.terms.term.term`, in one
module (and a weight of the same name in :class:`planner.domain.Weights`).
"""

from __future__ import annotations

from planner.model.registry import import_modules
from planner.model.terms.term import REGISTERED, Charge, Term, term

BUILD_ORDER = ("swaps", "sampling", "counter", "continuity", "fairness", "unpredictability", "changes")
"""Modules in the order their functions are built (a new module comes after these, by name)."""

import_modules(__name__, __path__, BUILD_ORDER, skip="term")

TERMS: tuple[Term, ...] = tuple(REGISTERED.values())
"""Every objective term, in a fixed order (by module as in ``BUILD_ORDER``, then as written)."""

TERMS_BY_NAME: dict[str, Term] = dict(REGISTERED)


def term_description(name: str) -> str:
    return TERMS_BY_NAME[name].description if name in TERMS_BY_NAME else name


def term_label_ja(name: str) -> str:
    return TERMS_BY_NAME[name].label_ja if name in TERMS_BY_NAME else name


__all__ = ["TERMS", "TERMS_BY_NAME", "Charge", "Term", "term", "term_description", "term_label_ja"]
