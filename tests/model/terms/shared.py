"""Tiny-year settings the objective terms' tests share."""

from __future__ import annotations

FIVE_DAYS = [{"id": "A", "days_per_week": 5}, {"id": "B", "days_per_week": 5}]
TWO_A_DAY = {"headcount": {k: 2 for k in ("mon", "tue", "wed", "thu", "fri")}, "counter_min": 0}
SERVICE = {"aht_minutes": 20, "answer_within_minutes": 10, "service_level": 0.8}


def _round(round_id: str, first: str, last: str, announced: bool = True) -> dict:
    return {"id": round_id, "applies_to": "existing_community", "announced": announced, "window": {"start": first, "end": last}}


def _chosen(solved) -> list:
    return [c for v in solved.built.variables.visits for c in v.choices if solved.solver.boolean_value(c.literal)]
