"""The questionnaire definitions: complete, self-consistent, and readable by SMS."""

import dataclasses

import pytest

from followon.outcomes.instruments import (
    PHQ9,
    QUESTIONNAIRES,
    Band,
    ScoringMethod,
    UnknownQuestionnaireError,
    get_questionnaire,
)
from followon.outcomes.instruments.base import GSM7_BASIC_CHARACTERS

ALL = list(QUESTIONNAIRES.values())
IDS = [q.id for q in ALL]
TWO_SMS_SEGMENTS = 306  # 2 x 153 GSM-7 characters in a concatenated SMS


def test_every_questionnaire_the_issue_names_is_shipped():
    assert set(QUESTIONNAIRES) == {
        "pseq-10",
        "phq-9",
        "gad-7",
        "pain-intensity",
        "pain-interference",
        "ucla-3-loneliness",
        "ons-direct-loneliness",
        "health-service-use",
        "pgic",
    }


def test_get_questionnaire_unknown_id():
    with pytest.raises(UnknownQuestionnaireError):
        get_questionnaire("nope")


@pytest.mark.parametrize("questionnaire", ALL, ids=IDS)
def test_definition_names_its_source_licence_and_rules(questionnaire):
    assert questionnaire.source.citation and questionnaire.source.licence
    assert questionnaire.scoring.description
    if questionnaire.scoring.method == ScoringMethod.SUM:
        assert questionnaire.missing.description or questionnaire.missing.max_missing == 0
    for item in questionnaire.items:
        assert item.text.strip() and item.sms_text.strip()


@pytest.mark.parametrize("questionnaire", ALL, ids=IDS)
def test_every_sms_uses_only_gsm7_characters_and_fits_two_segments(questionnaire):
    texts = [questionnaire.sms_intro, *questionnaire.sms_prompts().values()]

    for text in texts:
        assert set(text) <= GSM7_BASIC_CHARACTERS, text
        assert len(text) <= TWO_SMS_SEGMENTS, text


@pytest.mark.parametrize("questionnaire", ALL, ids=IDS)
def test_every_item_sms_lists_how_to_reply(questionnaire):
    for item_id, prompt in questionnaire.sms_prompts().items():
        item = questionnaire.item(item_id)
        assert " Reply " in prompt
        assert str(item.lowest_value) in prompt or "YES" in prompt


def test_phq9_sms_is_numbered_over_the_nine_scored_items_only():
    prompts = PHQ9.sms_prompts()

    assert prompts["q1"].startswith("1/9 Past 2 weeks, how often: little interest")
    assert prompts["q9"].startswith("9/9 ")
    assert prompts["difficulty"].startswith("If you have had any of these problems")


def test_phq9_uses_the_published_item_wording():
    assert PHQ9.item("q9").text == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert [option.label for option in PHQ9.item("q1").options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


@pytest.mark.parametrize("questionnaire", ALL, ids=IDS)
def test_ids_are_fhir_safe(questionnaire):
    assert all(c.isalnum() or c in "-." for c in questionnaire.id) and len(questionnaire.id) <= 64


def test_a_definition_with_a_gap_between_bands_is_rejected():
    with pytest.raises(ValueError, match="gap or overlap"):
        dataclasses.replace(PHQ9, bands=(Band(0, 4, "minimal", "Minimal"), Band(6, 27, "more", "More")))


def test_a_definition_whose_bands_miss_the_top_is_rejected():
    with pytest.raises(ValueError, match="whole total range"):
        dataclasses.replace(PHQ9, bands=(Band(0, 26, "all", "All"),))


def test_a_definition_whose_total_range_does_not_match_its_items_is_rejected():
    with pytest.raises(ValueError, match="does not match the items"):
        dataclasses.replace(PHQ9, scoring=dataclasses.replace(PHQ9.scoring, max_total=30))


def test_a_definition_cannot_allow_every_item_to_be_missing():
    with pytest.raises(ValueError, match="at least one answered item"):
        dataclasses.replace(PHQ9, missing=dataclasses.replace(PHQ9.missing, max_missing=9))
