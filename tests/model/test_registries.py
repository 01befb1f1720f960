"""The registries are whole: every weight has its term, every term and rule group its words."""

from __future__ import annotations

import re

import pytest

from planner.domain import Weights
from planner.model import FAMILIES, TERMS, build_model
from planner.model.guards import GROUP_WORDS, describe_group
from tests.conftest import make_problem

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_weight_has_one_term_of_the_same_name_and_back() -> None:
    assert [term.weight_key for term in TERMS] != []
    assert {term.weight_key for term in TERMS} == set(Weights.model_fields)


@pytest.mark.parametrize("term", TERMS, ids=lambda term: term.name)
def test_every_term_says_its_unit_description_and_japanese_label(term) -> None:
    assert term.unit and term.description and term.charges.__doc__
    assert JAPANESE.search(term.label_ja), term.label_ja


@pytest.mark.parametrize("rule", FAMILIES, ids=lambda rule: rule.name)
def test_every_rule_states_itself(rule) -> None:
    assert rule.statement and rule.statement != rule.name


def test_every_rule_group_a_guarded_model_uses_has_its_words() -> None:
    meetings = [
        {"id": "all", "kind": "officers", "attendees": "all", "date": "2017-04-12", "slot": "am"},
        {"id": "one", "kind": "directors", "attendees": 1, "date": "2017-04-13", "slot": "pm"},
    ]
    problem = make_problem(meetings=meetings)
    built = build_model(problem, guarded=True, terms=())
    groups = {group for group, _ in built.variables.guards.literals}
    assert groups <= GROUP_WORDS.keys()
    assert {"days_per_week", "weekly_total", "headcount", "meeting", "attendance", "one_activity"} <= groups
    for group, key in built.variables.guards.literals:
        words = describe_group(problem, group, key)
        assert words != f"{group} {key}", (group, key)  # the fallback of a group without words


def test_a_rule_group_without_words_is_refused_at_once() -> None:
    built = build_model(make_problem(), guarded=True, terms=())
    with pytest.raises(ValueError, match="no words"):
        built.variables.guards.add(built.model.add(built.variables.officers_on_duty(0) >= 0), "unheard_of", 1)
