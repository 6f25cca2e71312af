"""Scoring against each questionnaire's published rules, including missing items and band edges."""

from fractions import Fraction

import pytest

from followon.outcomes.instruments import get_questionnaire
from followon.outcomes.scoring import (
    InvalidAnswerError,
    UnknownItemError,
    UnknownQuestionnaireError,
    clean_answer,
    score,
)


def answers_for_total(questionnaire_id, total, *, keep_zero=()):
    """Answers to every scored item that add up to `total` (highest values first), leaving the
    items in `keep_zero` at their lowest value (e.g. PHQ-9 item 9, so no safety flag is raised)."""
    questionnaire = get_questionnaire(questionnaire_id)
    items = questionnaire.scored_items
    answers = {item.id: item.lowest_value for item in items}
    remaining = total - sum(answers.values())
    for item in items:
        if item.id in keep_zero:
            continue
        step = min(remaining, item.highest_value - item.lowest_value)
        answers[item.id] += step
        remaining -= step
    assert remaining == 0, f"{total} cannot be reached"
    return answers


# --- PHQ-9 (Kroenke et al. 2001): 0-27, bands at 5, 10, 15, 20 -----------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_phq9_total_and_band_at_every_band_edge(total, band):
    result = score("phq-9", answers_for_total("phq-9", total, keep_zero=("q9",)))

    assert (result.total, result.band) == (total, band)
    assert result.complete and not result.prorated and result.missing_items == ()
    assert result.safety_flags == ()


def test_phq9_all_nearly_every_day_scores_27_severe_with_a_safety_flag():
    result = score("phq-9", {f"q{n}": 3 for n in range(1, 10)})

    assert (result.total, result.band, result.band_label) == (27, "severe", "Severe")
    assert [flag.code for flag in result.safety_flags] == ["phq9_item9_positive"]


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_above_zero_raises_a_safety_flag(item9):
    answers = {f"q{n}": 0 for n in range(1, 9)} | {"q9": item9}

    (flag,) = score("phq-9", answers).safety_flags

    assert (flag.code, flag.item_id, flag.value) == ("phq9_item9_positive", "q9", item9)
    assert "PHQ-9 item 9" in flag.reason


def test_phq9_item9_zero_raises_no_safety_flag():
    assert score("phq-9", {f"q{n}": 3 for n in range(1, 9)} | {"q9": 0}).safety_flags == ()


def test_phq9_item9_flag_is_raised_even_when_too_much_is_missing_for_a_total():
    result = score("phq-9", {"q9": 2})

    assert result.total is None and result.band is None
    assert [flag.code for flag in result.safety_flags] == ["phq9_item9_positive"]
    assert result.missing_items == ("q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8")


def test_phq9_one_missing_item_is_prorated_by_nine_eighths():
    answers = {f"q{n}": 1 for n in range(2, 10)}  # q1 unanswered; 8 answered, sum 8

    result = score("phq-9", answers)

    assert result.total == 9  # 8 x 9/8
    assert result.prorated and not result.complete
    assert result.missing_items == ("q1",)
    assert result.band == "mild"


def test_phq9_prorating_rounds_halves_up_not_to_even():
    # 8 answered adding up to 4: 4 x 9/8 = 4.5, which is 5 (mild), not round()'s 4 (minimal).
    answers = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0, "q6": 0, "q7": 0, "q8": 0, "q9": None}

    result = score("phq-9", answers)

    assert Fraction(4 * 9, 8) == Fraction(9, 2)
    assert (result.total, result.band, result.prorated) == (5, "mild", True)
    assert result.missing_items == ("q9",)
    assert result.safety_flags == ()


def test_phq9_two_missing_items_are_prorated_by_nine_sevenths():
    answers = {f"q{n}": 2 for n in range(1, 8)}  # q8, q9 unanswered; sum 14

    result = score("phq-9", answers)

    assert (result.total, result.prorated, result.missing_items) == (18, True, ("q8", "q9"))  # 14 x 9/7


def test_phq9_three_missing_items_give_no_total():
    answers = {f"q{n}": 3 for n in range(1, 7)}

    result = score("phq-9", answers)

    assert result.total is None and result.band is None and result.band_label is None
    assert not result.prorated and not result.complete
    assert result.missing_items == ("q7", "q8", "q9")


def test_phq9_difficulty_question_is_not_scored_and_not_required():
    answers = answers_for_total("phq-9", 12, keep_zero=("q9",))

    without = score("phq-9", answers)
    with_difficulty = score("phq-9", answers | {"difficulty": 3})

    assert without.total == with_difficulty.total == 12
    assert without.complete and with_difficulty.complete
    assert without.answers["difficulty"] is None and with_difficulty.answers["difficulty"] == 3


# --- GAD-7 (Spitzer et al. 2006): 0-21, bands at 5, 10, 15 ---------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_total_and_band_at_every_band_edge(total, band):
    result = score("gad-7", answers_for_total("gad-7", total))

    assert (result.total, result.band, result.complete, result.prorated) == (total, band, True, False)


def test_gad7_one_missing_item_is_prorated():
    answers = {f"q{n}": 2 for n in range(1, 7)}  # q7 unanswered; 12 x 7/6

    result = score("gad-7", answers)

    assert (result.total, result.band, result.prorated, result.missing_items) == (14, "moderate", True, ("q7",))


def test_gad7_two_missing_items_give_no_total():
    result = score("gad-7", {f"q{n}": 3 for n in range(1, 6)})

    assert result.total is None and not result.prorated
    assert result.missing_items == ("q6", "q7")


# --- PSEQ (Nicholas 2007): 0-60, ePPOC ranges --------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "severe"),
        (19, "severe"),
        (20, "moderate"),
        (30, "moderate"),
        (31, "mild"),
        (40, "mild"),
        (41, "minimal"),
        (60, "minimal"),
    ],
)
def test_pseq_total_and_band_at_every_band_edge(total, band):
    result = score("pseq-10", answers_for_total("pseq-10", total))

    assert (result.total, result.band, result.complete, result.prorated) == (total, band, True, False)


def test_pseq_two_missing_items_are_prorated_by_ten_eighths():
    answers = {f"q{n}": 3 for n in range(1, 9)}  # q9, q10 unanswered; 24 x 10/8

    result = score("pseq-10", answers)

    assert (result.total, result.band, result.prorated, result.missing_items) == (30, "moderate", True, ("q9", "q10"))


def test_pseq_prorated_total_is_rounded_to_the_nearest_whole_number():
    answers = {f"q{n}": 3 for n in range(1, 10)} | {"q1": 1}  # 9 answered, sum 25: 25 x 10/9 = 27.8

    assert score("pseq-10", answers).total == 28


def test_pseq_three_missing_items_give_no_total():
    result = score("pseq-10", {f"q{n}": 6 for n in range(1, 8)})

    assert result.total is None and result.band is None and not result.prorated


# --- 0-10 pain intensity and interference ----------------------------------------------------------


@pytest.mark.parametrize(
    ("questionnaire_id", "item_id"), [("pain-intensity", "average_pain"), ("pain-interference", "general_activity")]
)
@pytest.mark.parametrize("value", [0, 1, 5, 9, 10])
def test_zero_to_ten_items_score_their_own_value_unbanded(questionnaire_id, item_id, value):
    result = score(questionnaire_id, {item_id: value})

    assert (result.total, result.band, result.complete) == (value, None, True)


@pytest.mark.parametrize(
    ("questionnaire_id", "item_id"), [("pain-intensity", "average_pain"), ("pain-interference", "general_activity")]
)
def test_unanswered_zero_to_ten_item_has_no_total(questionnaire_id, item_id):
    result = score(questionnaire_id, {})

    assert (result.total, result.complete, result.missing_items) == (None, False, (item_id,))


# --- Loneliness: UCLA 3-item (3-9) and the ONS direct question, scored apart ----------------------------


@pytest.mark.parametrize(("answers", "total"), [((1, 1, 1), 3), ((1, 2, 3), 6), ((3, 3, 3), 9)])
def test_ucla3_sums_its_three_items(answers, total):
    result = score("ucla-3-loneliness", dict(zip(("q1", "q2", "q3"), answers, strict=True)))

    assert (result.total, result.band, result.complete) == (total, None, True)


def test_ucla3_is_not_prorated_when_an_item_is_missing():
    result = score("ucla-3-loneliness", {"q1": 3, "q2": 3})

    assert (result.total, result.prorated, result.missing_items) == (None, False, ("q3",))


@pytest.mark.parametrize(
    ("value", "band"),
    [(1, "often_always"), (2, "some_of_the_time"), (3, "occasionally"), (4, "hardly_ever"), (5, "never")],
)
def test_ons_direct_loneliness_is_reported_as_its_category(value, band):
    result = score("ons-direct-loneliness", {"q1": value})

    assert (result.total, result.band) == (value, band)


def test_ucla3_does_not_accept_the_direct_question():
    with pytest.raises(UnknownItemError):
        score("ucla-3-loneliness", {"q1": 1, "q2": 1, "q3": 1, "direct": 1})


# --- Health service use: counts and yes/no, no total ----------------------------------------------------


def test_health_service_use_reports_answers_without_a_total():
    result = score("health-service-use", {"gp_visits": "3", "ae_visits": 0, "medication_changed": "Yes"})

    assert result.total is None and result.band is None and not result.prorated
    assert result.complete
    assert dict(result.answers) == {"gp_visits": 3, "ae_visits": 0, "medication_changed": 1}


def test_health_service_use_with_an_unanswered_question_is_incomplete():
    result = score("health-service-use", {"gp_visits": 2, "medication_changed": "no"})

    assert not result.complete and result.missing_items == ("ae_visits",)
    assert result.answers["medication_changed"] == 0


# --- PGIC: 7 categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, "much_improved"),
        (2, "much_improved"),
        (3, "minimally_improved"),
        (4, "no_change"),
        (5, "worse"),
        (6, "worse"),
        (7, "worse"),
    ],
)
def test_pgic_categories(value, band):
    result = score("pgic", {"q1": value})

    assert (result.total, result.band) == (value, band)


# --- Validation of answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("questionnaire_id", "item_id", "value", "message"),
    [
        ("pseq-10", "q1", 7, "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", -1, "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", "-1", "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", "seven", "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", 2.5, "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", True, "Choose an answer from 0 to 6"),
        ("pseq-10", "q1", [3], "Choose an answer from 0 to 6"),
        ("phq-9", "q9", 4, "Choose an answer from 0 to 3"),
        ("phq-9", "difficulty", "4", "Choose an answer from 0 to 3"),
        ("gad-7", "q1", "\u0663", "Choose an answer from 0 to 3"),  # an Arabic-Indic digit three
        ("pain-intensity", "average_pain", 11, "Choose an answer from 0 to 10"),
        ("ucla-3-loneliness", "q2", 0, "Choose an answer from 1 to 3"),
        ("ons-direct-loneliness", "q1", 6, "Choose an answer from 1 to 5"),
        ("pgic", "q1", 0, "Choose an answer from 1 to 7"),
        ("health-service-use", "gp_visits", 100, "Enter a number from 0 to 99"),
        ("health-service-use", "ae_visits", "two", "Enter a number from 0 to 99"),
        ("health-service-use", "medication_changed", "maybe", "Choose yes or no"),
        ("health-service-use", "medication_changed", 2, "Choose yes or no"),
    ],
)
def test_out_of_range_answers_raise_a_clear_value_error(questionnaire_id, item_id, value, message):
    with pytest.raises(InvalidAnswerError) as raised:
        score(questionnaire_id, {item_id: value})

    assert isinstance(raised.value, ValueError)
    assert raised.value.message == message == str(raised.value)
    assert (raised.value.questionnaire_id, raised.value.item_id) == (questionnaire_id, item_id)


@pytest.mark.parametrize(
    ("item_id", "raw", "expected"),
    [
        ("q1", "3", 3),
        ("q1", " 6 ", 6),
        ("q1", 0, 0),
        ("q1", 4.0, 4),
        ("q1", "", None),
        ("q1", "   ", None),
        ("q1", None, None),
    ],
)
def test_clean_answer_accepts_typed_and_texted_numbers(item_id, raw, expected):
    assert clean_answer("pseq-10", item_id, raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("YES", 1), ("y", 1), ("Yes.", 1), ("no", 0), (" N ", 0), (1, 1), ("0", 0)]
)
def test_yes_no_items_accept_yes_and_no_replies(raw, expected):
    assert clean_answer("health-service-use", "medication_changed", raw) == expected


def test_unknown_item_raises_unknown_item_error():
    with pytest.raises(UnknownItemError) as raised:
        score("phq-9", {"q10": 1})

    assert isinstance(raised.value, ValueError)
    assert raised.value.item_id == "q10"
    assert "PHQ-9" in raised.value.message


def test_unknown_questionnaire_raises_lookup_and_value_error():
    with pytest.raises(UnknownQuestionnaireError) as raised:
        score("beck-depression", {})

    assert isinstance(raised.value, LookupError) and isinstance(raised.value, ValueError)


def test_result_lists_every_item_and_the_definition_version():
    result = score("gad-7", {"q1": 1})

    assert list(result.answers) == [f"q{n}" for n in range(1, 8)]
    assert result.questionnaire_version == get_questionnaire("gad-7").version
    with pytest.raises(TypeError):
        result.answers["q1"] = 3  # read-only
