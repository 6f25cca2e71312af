"""How long each text is in each language, and what it costs (issue 18 item 4; ADR 0027).

A text in GSM-7 (the basic SMS alphabet) fits 160 characters in one part and 153 a part when split;
one character outside it makes the whole text Unicode (UCS-2): 70 characters in one part, 67 a part
when split. GSM-7 has some accented letters (à è é ì ò ù ä ö ñ ü, rendering.GSM_BASIC) but none of
Welsh's circumflexes (â ê î ô û ŵ ŷ) or its ï, nor Polish ą ć ę ł ń ó ś ź ż, nor Urdu's script: most
Welsh, Polish and Urdu texts are Unicode and cost two to three times as many parts as English. Staff
see the parts and the cost per language on the text lengths page, from each template's sample.

The price of a part comes from NOTIFICATIONS_SMS_PART_PENCE (GOV.UK Notify charges per part after a
service's free allowance; set it from your Notify agreement). Unset, the page shows parts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation

from followon.notifications.rendering import (
    GSM_BASIC,
    GSM_EXTENSION,
    message_template_names,
    render_sample,
    sms_fragments,
    sms_is_gsm,
    sms_length,
)


@dataclass(frozen=True)
class TextLength:
    language: str
    text: str
    characters: int
    unicode: bool
    parts: int
    not_gsm: str  # the characters that made it Unicode, in order of first use
    cost_pence: Decimal | None  # for one member


@dataclass(frozen=True)
class TemplateLengths:
    template: str
    lengths: tuple[TextLength, ...]


def part_price_pence() -> Decimal | None:
    raw = str(getattr(settings, "NOTIFICATIONS_SMS_PART_PENCE", "") or "").strip()
    if not raw:
        return None
    try:
        price = Decimal(raw)
    except InvalidOperation:
        return None
    return price if price >= 0 else None


def not_gsm_characters(text: str) -> str:
    seen: list[str] = []
    for ch in text:
        if ch not in GSM_BASIC and ch not in GSM_EXTENSION and ch not in seen:
            seen.append(ch)
    return "".join(seen)


def text_length(text: str, language: str, price: Decimal | None = None) -> TextLength:
    parts = sms_fragments(text)
    return TextLength(
        language=language,
        text=text,
        characters=sms_length(text),
        unicode=not sms_is_gsm(text),
        parts=parts,
        not_gsm=not_gsm_characters(text),
        cost_pence=None if price is None else price * parts,
    )


def template_lengths(languages: list[str] | None = None) -> list[TemplateLengths]:
    """Every text template, rendered with its sample in each language (settings.LANGUAGES by default)."""
    codes = languages or [code for code, _name in settings.LANGUAGES]
    price = part_price_pence()
    rows = []
    for name in message_template_names("sms"):
        lengths = []
        for code in codes:
            with translation.override(code):
                _subject, body, _had_sample = render_sample(name, "sms")
            lengths.append(text_length(body, code, price))
        rows.append(TemplateLengths(name, tuple(lengths)))
    return rows
