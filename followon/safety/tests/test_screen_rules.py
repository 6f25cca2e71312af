"""Every screen rule and idiom is tested from its own examples (the examples live with the rule)."""

import re

import pytest

from followon.safety.screen import IDIOMS, RULES, SCREEN_VERSION, Level, engine, screen_text
from followon.safety.screen import rules as ruleset

RULE_FIRES = [
    pytest.param(rule, example, id=f"{rule.id}:{example[:40]}") for rule in RULES for example in rule.must_fire
]
RULE_SILENT = [
    pytest.param(rule, example, id=f"{rule.id}:{example[:40]}") for rule in RULES for example in rule.must_not_fire
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The screen needs no database: replace the root conftest's cache clearing for these tests."""


IDIOM_EXAMPLES = [
    pytest.param(idiom, example, id=f"{idiom.id}:{example[:40]}") for idiom in IDIOMS for example in idiom.examples
]


@pytest.mark.parametrize(("rule", "example"), RULE_FIRES)
def test_rule_fires_on_its_examples(rule, example):
    # The rule itself, before the learned layer weighs in (see the next test for the whole screen).
    best, _, _ = engine._rules(engine.read(example)[0])
    assert rule.id in best, f"{rule.id} did not fire on {example!r}"
    assert best[rule.id][0] in (Level.CONCERN, Level.URGENT)


URGENT_FIRES = [param for param in RULE_FIRES if param.values[0].level is Level.URGENT]


@pytest.mark.parametrize(("rule", "example"), URGENT_FIRES)
def test_the_whole_screen_flags_every_urgent_rule_example(rule, example):
    # The learned layer may overrule a rule's finding only when it is confident; never on the wording an
    # urgent rule was written for.
    result = screen_text(example)
    assert result.flagged, f"{example!r} not flagged: {result.as_dict()}"


@pytest.mark.parametrize(("rule", "example"), RULE_SILENT)
def test_rule_stays_silent_on_its_counter_examples(rule, example):
    # The rule itself (a learned overrule must not be what keeps it silent), and the whole screen.
    best, _, _ = engine._rules(engine.read(example)[0])
    assert rule.id not in best, f"{rule.id} fired on {example!r}"
    result = screen_text(example)
    assert rule.id not in result.rule_ids, f"{rule.id} fired on {example!r}: {result.as_dict()}"


@pytest.mark.parametrize(("idiom", "example"), IDIOM_EXAMPLES)
def test_idiom_is_recognised_and_the_message_is_not_flagged(idiom, example):
    result = screen_text(example)
    assert idiom.id in result.idioms
    assert result.level is Level.NONE, result.as_dict()


def test_every_rule_has_examples_both_ways_and_a_description():
    for rule in RULES:
        assert rule.must_fire and rule.must_not_fire, rule.id
        assert rule.description and rule.description[0].isupper(), rule.id
        assert rule.level in (Level.CONCERN, Level.URGENT), rule.id
        assert rule.third_party in ("downgrade", "keep"), rule.id
    for idiom in IDIOMS:
        assert idiom.examples and idiom.description, idiom.id


def test_rule_and_idiom_ids_are_unique_and_name_their_level():
    ids = [rule.id for rule in RULES] + [idiom.id for idiom in IDIOMS]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id.startswith(f"{rule.level.value}."), rule.id
    for idiom in IDIOMS:
        assert idiom.id.startswith("idiom.")


def test_every_pattern_compiles():
    for rule in RULES:
        for pattern in (*rule.patterns, *rule.dampeners):
            re.compile(pattern)
    for idiom in IDIOMS:
        for pattern in idiom.patterns:
            re.compile(pattern)


def test_changing_the_rules_needs_a_new_screen_version():
    # Results are stored with the version that produced them; a rule change without a new version
    # would make old alerts unexplainable. Bump SCREEN_VERSION, then set RULESET_FINGERPRINT to this value.
    assert ruleset.fingerprint() == ruleset.RULESET_FINGERPRINT, (
        f"The rules changed: bump SCREEN_VERSION (now {SCREEN_VERSION}) and set "
        f"RULESET_FINGERPRINT = {ruleset.fingerprint()!r}"
    )
