"""The scanner that finds English left on a page in another language (english.py) must find English
and must not mistake Welsh, Polish or Urdu for it: the language sweep and journeys rely on both."""

import pytest

from followon.core.tests.english import english_sentences


def _page(body: str, language: str) -> str:
    return f'<html lang="{language}"><body><main>{body}</main></body></html>'


@pytest.mark.parametrize(
    "language, sentence",
    [
        ("cy", "You can change your answers until the poll closes"),
        ("ur", "Sign in to see your groups"),
        ("pl", "Go to the page and save your answers"),
    ],
)
def test_an_english_sentence_is_found_on_any_page(language, sentence):
    assert english_sentences(_page(f"<p>{sentence}</p>", language), language) == [sentence]


@pytest.mark.parametrize(
    "language, sentence",
    [
        ("cy", "Gallwch newid eich atebion nes bydd y pôl yn cau"),
        # Urdu that keeps an organisation's English name is Urdu.
        ("ur", "Equality Advisory and Support Service (EASS) سے رابطہ کریں"),
        ("ur", "آپ ہمارے ہفتہ وار ٹیکسٹ کا جواب DONE، PARTLY یا NOT THIS WEEK سے بھی دے سکتے ہیں"),
        # Polish "to", "do", "no" and "on" are Polish words too.
        ("pl", "0 to wcale, 10 to całkowicie"),
        ("pl", "Przejdź do strony, to nic trudnego"),
    ],
)
def test_the_page_language_is_not_mistaken_for_english(language, sentence):
    assert english_sentences(_page(f"<p>{sentence}</p>", language), language) == []


def test_english_marked_as_english_is_not_left_english():
    body = '<p lang="en" dir="ltr">Your pain service wrote this notice in English and you agree to it.</p>'
    assert english_sentences(_page(body, "ur"), "ur") == []
