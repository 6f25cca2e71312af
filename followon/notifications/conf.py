"""Notification settings, read from Django settings (which read the environment, see README).

Read through these functions, never at import time, so that tests and
per-deployment settings overrides take effect.
"""

from __future__ import annotations

from django.conf import settings

# GOV.UK Notify allows 3,000 messages a minute per API key.
NOTIFY_HARD_LIMIT_PER_MINUTE = 3000

DEFAULTS = {
    "NOTIFY_API_KEY": "",
    "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
    "NOTIFY_SMS_TEMPLATE_ID": "",
    "NOTIFY_EMAIL_TEMPLATE_ID": "",
    "NOTIFY_SMS_SENDER_ID": "",
    "NOTIFY_TIMEOUT_SECONDS": 10,
    "NOTIFY_DELIVERY_RECEIPT_TOKEN": "",
    "NOTIFY_RECEIVED_TEXT_TOKEN": "",
    "NOTIFY_RATE_LIMIT": 1500,
    "NOTIFY_RATE_WINDOW_SECONDS": 60,
    "NOTIFICATIONS_SMS_CHANNEL": "console",
    "NOTIFICATIONS_EMAIL_CHANNEL": "console",
    "NOTIFICATIONS_SMS_PER_NUMBER_PER_HOUR": 10,
    "NOTIFICATIONS_URGENT_SMS_RESERVE": 2,
    "NOTIFICATIONS_MAX_ATTEMPTS": 5,
    "NOTIFICATIONS_RETRY_BASE_SECONDS": 30,
    "NOTIFICATIONS_RETRY_MAX_SECONDS": 3600,
    "NOTIFICATIONS_SEND_LEASE_SECONDS": 30,
    "NOTIFICATIONS_DIGEST_HOUR": 10,
    "NOTIFICATIONS_QUESTION_DAYS": 14,
    # Remove the body of sensitive messages (sign-in codes, links with tokens) once sent.
    "NOTIFICATIONS_REMOVE_SENSITIVE_BODIES": True,
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 25,
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_STARTTLS": False,
    "SMTP_TIMEOUT_SECONDS": 10,
    "EMAIL_FROM": "FollowOn <no-reply@followon.invalid>",
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def notify_service_id(api_key: str | None = None) -> str:
    """The service id inside a Notify API key (`name-<service id>-<secret>`), as the client reads it."""
    key = api_key if api_key is not None else get("NOTIFY_API_KEY")
    return key[-73:-37]
