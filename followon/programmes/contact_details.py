"""Normalising the email addresses staff type or upload for participants.

Mobile numbers follow the identity rules in followon.core.phone (UK mobiles only, stored in
E.164: `uk_mobile_from_text`), so a participant added here can always be invited and texted.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def normalise_email(raw: str) -> str:
    """A lower-cased, trimmed email address. Raises ValueError when it is not one."""
    text = (raw or "").strip().lower()
    try:
        validate_email(text)
    except ValidationError as exc:
        raise ValueError("Enter an email address in the correct format, like name@example.com") from exc
    return text
