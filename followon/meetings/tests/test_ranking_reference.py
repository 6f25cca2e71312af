"""The ranking gives what it gave before it was made faster (issue 16, ADR 0037): for random polls, small
and awkward (hypothesis, the same strategy as test_ranking) and long (15 members × 60 times like the bench's),
every ranked option is field for field the reference implementation's (`ranking_reference`, main at
6f3c8e6), its reasons included, in English and Welsh."""

import random
from dataclasses import fields

import pytest
from django.utils import translation
from hypothesis import given, settings

from bench.cases.meetings import build_poll
from followon.meetings.ranking import RankedOption, rank_poll_options
from followon.meetings.tests import ranking_reference
from followon.meetings.tests.test_ranking import polls

FIELDS = [f.name for f in fields(RankedOption) if f.name != "why"]


def as_compared(ranked) -> list[tuple]:
    rows = []
    for option in ranked:
        values = []
        for name in FIELDS:
            value = getattr(option, name)
            if name == "availability":
                value = {member: str(state) for member, state in value.items()}
            elif name == "decided_by":
                value = None if value is None else str(value)
            values.append(value)
        rows.append((*values, option.reasons))
    return rows


def assert_same(poll: dict) -> None:
    assert as_compared(rank_poll_options(**poll)) == as_compared(ranking_reference.rank_poll_options(**poll))


def test_ranked_options_are_what_a_frozen_dataclass_gives():
    ranked = rank_poll_options(**build_poll(members=4, options=5))
    for option in ranked:
        rebuilt = RankedOption(**{f.name: getattr(option, f.name) for f in fields(RankedOption)})
        assert option == rebuilt and hash(option.option) == hash(rebuilt.option)
        assert vars(option).keys() >= {f.name for f in fields(RankedOption)}
        with pytest.raises(AttributeError):
            option.rank = 0


@settings(max_examples=300, deadline=None)
@given(polls(max_members=10, max_options=12))
def test_ranking_matches_the_reference(poll):
    assert_same(poll)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("seed", range(12))
def test_long_polls_rank_as_the_reference_does(seed, language):
    rnd = random.Random(seed)
    poll = build_poll(members=rnd.randrange(3, 21), options=rnd.randrange(1, 80), seed=seed)
    with translation.override(language):
        assert_same(poll)
