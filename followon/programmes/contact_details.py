"""Normalising the contact details staff type or upload for participants.

Mobile numbers follow the identity app's rules (followon.accounts.phone):
UK mobiles only, stored in E.164, so a participant added here can always be
invited and texted.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from followon.accounts import phone


def normalise_mobile(raw: str) -> str:
    """The E.164 form (+447700900982) of a UK mobile number typed any common way.

    Raises ValueError whose message says what is wrong (not a number, a
    landline, a number from abroad).
    """
    text = (raw or "").strip()
    if len(text) > 30:
        raise ValueError(phone.MESSAGES["invalid"])
    try:
        return phone.normalise_uk_mobile(text)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc


def normalise_email(raw: str) -> str:
    """A lower-cased, trimmed email address. Raises ValueError when it is not one."""
    text = (raw or "").strip().lower()
    try:
        validate_email(text)
    except ValidationError as exc:
        raise ValueError("Enter an email address in the correct format, like name@example.com") from exc
    return text


def display_mobile(e164: str) -> str:
    """+447700900982 → 07700 900982, as people in the UK write it."""
    return phone.format_uk_mobile(e164)
