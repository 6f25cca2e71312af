"""UK mobile numbers: accept any common way of writing one, store E.164.

"07700 900982", "+44 7700 900982", "0044 (0)7700-900-982" all become
"+447700900982". Landlines, foreign and malformed numbers are refused with a
message that says which, so the person knows what to change.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError

EXAMPLE = "07700 900 982"
MESSAGES = {
    "invalid": f"Enter a mobile phone number in the correct format, like {EXAMPLE}",
    "foreign": "Enter a UK mobile phone number. We can only send text messages to UK numbers",
    "landline": "This is not a mobile number. Enter a mobile phone number, like "
    f"{EXAMPLE}, so we can send you text messages",
}
# Ofcom keeps 07700 900000 to 07700 900999 for drama and examples: never given
# to a real person, so `phonenumbers` calls them invalid. The demo and the tests
# use them, so they count as mobiles here; a text to one goes nowhere.
_OFCOM_DRAMA_MOBILE = re.compile(r"^\+447700900\d{3}$")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def looks_like_phone_number(value: str) -> bool:
    return bool(value) and "@" not in value and sum(ch.isdigit() for ch in value) >= 3


def normalise_uk_mobile(value: str) -> str:
    """Return the number in E.164 or raise ValidationError (codes: invalid, foreign, landline)."""
    cleaned = (value or "").strip()
    # "+44 (0)7700 900982": the "(0)" is a common way of writing the trunk prefix.
    cleaned = cleaned.replace("(0)", "")
    if not cleaned or re.search(r"[^\d\s()+.\-]", cleaned):
        raise ValidationError(MESSAGES["invalid"], code="invalid")
    try:
        number = phonenumbers.parse(cleaned, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(MESSAGES["invalid"], code="invalid") from exc
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.country_code != 44:
        if phonenumbers.is_valid_number(number):
            raise ValidationError(MESSAGES["foreign"], code="foreign")
        raise ValidationError(MESSAGES["invalid"], code="invalid")
    if _OFCOM_DRAMA_MOBILE.match(e164):
        return e164
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(MESSAGES["invalid"], code="invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(MESSAGES["landline"], code="landline")
    return e164


def format_uk_mobile(e164: str) -> str:
    """+447700900982 -> 07700 900982 (how people in the UK write it)."""
    if e164 and e164.startswith("+44") and len(e164) == 13:
        national = "0" + e164[3:]
        return f"{national[:5]} {national[5:]}"
    return e164 or ""


def mask_address(address: str) -> str:
    """Show enough of a number or address to recognise it, not to harvest it."""
    if not address:
        return ""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    return "…" + address[-3:]


# Three contracts, three names: a form field wants a ValidationError (normalise_uk_mobile), a
# staff upload wants a ValueError it can put on the row (uk_mobile_from_text), and an address to
# send to or a received text's sender may be any possible number, or unreadable (possible_number_e164).


def uk_mobile_from_text(raw: str) -> str:
    """The E.164 form of a UK mobile number typed or uploaded any common way.

    Raises ValueError whose message says what is wrong (not a number, a landline, a number from
    abroad), so an upload can show it against the row.
    """
    text = (raw or "").strip()
    if len(text) > 30:
        raise ValueError(MESSAGES["invalid"])
    try:
        return normalise_uk_mobile(text)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc


def possible_number_e164(number: str) -> str | None:
    """E.164 (+447700900982) for anything that looks like a phone number (any country), else None."""
    text = (number or "").strip()
    if not text:
        return None
    if text.isdigit() and text.startswith("44"):
        text = "+" + text
    try:
        parsed = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
