"""Render our own plain-English message templates per channel.

A template is a Jinja2 text file in any app: `jinja2/messages/<name>.sms.txt`
and `jinja2/messages/<name>.email.txt` (the email's first line is its subject).
Unknown placeholders are an error, never a silent blank in a message.
"""

from django.template import engines
from jinja2 import StrictUndefined


def _text_environment():
    # A copy of the site's Jinja2 environment that fails on unknown placeholders
    # and does not HTML-escape plain-text messages.
    base = engines["jinja2"].env
    env = base.overlay(undefined=StrictUndefined, autoescape=False)
    return env


def render_message(template: str, channel: str, context: dict) -> tuple[str, str]:
    """Return (subject, body). Raises jinja2.UndefinedError for unknown placeholders."""
    text = _text_environment().get_template(f"messages/{template}.{channel}.txt").render(context).strip()
    if channel == "email":
        subject, _, body = text.partition("\n")
        return subject.strip(), body.strip()
    return "", text
