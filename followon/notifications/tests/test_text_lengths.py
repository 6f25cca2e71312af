"""Text lengths per language (issue 18 item 4; ADR 0027): GSM-7 160/153 a part, Unicode 70/67 a part;
Welsh circumflexes make a text Unicode; staff see parts and cost per language."""

from decimal import Decimal

import pytest

from followon.notifications import lengths
from followon.notifications.rendering import message_template_names

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "unicode", "parts"),
    [
        ("a" * 160, False, 1),
        ("a" * 161, False, 2),  # 153 a part once split
        ("a" * 306, False, 2),
        ("a" * 307, False, 3),
        ("é" + "a" * 159, False, 1),  # é is in GSM-7
        ("ŵ" + "a" * 69, True, 1),  # ŵ is not: 70 a part
        ("ŵ" + "a" * 70, True, 2),  # 67 a part once split
        ("ŵ" + "a" * 133, True, 2),
        ("ŵ" + "a" * 134, True, 3),
    ],
)
def test_parts_follow_the_alphabet(text, unicode, parts):
    length = lengths.text_length(text, "cy", Decimal("2.5"))
    assert (length.unicode, length.parts) == (unicode, parts)
    assert length.cost_pence == Decimal("2.5") * parts


def test_every_welsh_circumflex_makes_a_text_unicode_and_is_named():
    for letter in "âêîôûŵŷÂÊÎÔÛŴŶï":
        length = lengths.text_length(f"Bore da {letter}", "cy")
        assert length.unicode and length.not_gsm == letter


def test_every_text_in_every_language_is_measured():
    rows = lengths.template_lengths()
    assert {row.template for row in rows} == set(message_template_names("sms"))
    for row in rows:
        assert [length.language for length in row.lengths] == ["en-gb", "cy", "ur", "pl"]
    confirmed = next(row for row in rows if row.template == "meeting_confirmed")
    english, welsh = confirmed.lengths[0], confirmed.lengths[1]
    assert "Reply YES" in english.text and "Atebwch IE" in welsh.text


def test_every_welsh_text_fits_in_three_parts():
    """Welsh texts are often Unicode (67 a part): three parts at most, so none costs more than the
    longest English one (two GSM parts are 306 characters, three Unicode parts 201)."""
    for row in lengths.template_lengths(["cy"]):
        assert row.lengths[0].parts <= 3, f"{row.template} in Welsh: {row.lengths[0].parts} parts"


def test_staff_see_parts_and_cost_per_language(staff_client, settings, service_admin):
    settings.NOTIFICATIONS_SMS_PART_PENCE = "2.5"
    body = staff_client(service_admin).get("/staff/messages/text-lengths/").content.decode()
    assert "How long our texts are in each language" in body
    assert "Cymraeg" in body and "GSM-7" in body and "Unicode, because of:" in body
    assert "Cost at 2.5p a part." in body
