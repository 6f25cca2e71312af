"""The goal check's words in each language (ADR 0027 "Keywords"): every word a goal text asks for is a
keyword with the meaning the goal check reads, for everyone; a language without its own words asks in
English; Welsh answers to "did you do it?" are recognised; with other words after them they are free text."""

import pytest

from followon.notifications.keywords import GOAL_WORDS, goal_word, normalise_reply, reply_word


@pytest.mark.parametrize(("language", "meaning"), [(lang, m) for lang in GOAL_WORDS for m in ("YES", "MAYBE", "NO")])
def test_every_goal_word_asked_for_is_read_back_as_its_meaning(language, meaning):
    word = goal_word(meaning, language)
    assert normalise_reply(word) == meaning
    assert normalise_reply(word.lower() + " diolch") == meaning


def test_the_goal_text_asks_for_the_words_of_its_language():
    assert [goal_word(m, "en-gb") for m in ("YES", "MAYBE", "NO")] == ["DONE", "PARTLY", "NOT THIS WEEK"]
    assert [goal_word(m, "cy") for m in ("YES", "MAYBE", "NO")] == ["WEDI GWNEUD", "RHANNOL", "DIM WYTHNOS HON"]
    assert goal_word("YES", "pl") == "DONE"  # no Polish goal words yet: English
    # The other texts still ask for IE / NA.
    assert (reply_word("YES", "cy"), reply_word("NO", "cy"), reply_word("MAYBE", "cy")) == ("IE", "NA", "EFALLAI")


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Wedi gwneud", "YES"),
        ("Gwnes", "YES"),
        ("wedi'i wneud", "YES"),
        ("Rhannol", "MAYBE"),
        ("Yn rhannol", "MAYBE"),
        ("Rhywfaint, diolch", "MAYBE"),
        ("Dim wythnos hon", "NO"),
        ("ddim wythnos hon", "NO"),
        ("Nid yr wythnos hon", "NO"),
        ("Naddo", "NO"),
        ("NADDO!", "NO"),
        # English always works.
        ("done", "YES"),
        ("Partly", "MAYBE"),
        ("not this week", "NO"),
        # A keyword followed by other words is free text (passed on and screened).
        ("Gwnes i gerdded", ""),
        ("Rhannol, roedd fy nghefn yn brifo", ""),
        ("Naddo, dw i ddim yn iawn", ""),
        ("Dim wythnos hon, dw i'n teimlo'n isel", ""),
        ("Dim", ""),
        ("Do", ""),  # "do" is an English word: not read as a Welsh yes
    ],
)
def test_welsh_goal_answers_are_keywords_only_on_their_own(text, keyword):
    assert normalise_reply(text) == keyword
