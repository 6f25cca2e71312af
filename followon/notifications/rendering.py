"""Render our own plain-English message templates per channel.

A template is a Jinja2 text file in any app: `jinja2/messages/<name>.sms.txt`
and `jinja2/messages/<name>.email.txt` (the email's first line is its subject).
Unknown placeholders are refused with MessageTemplateError, never a silent
blank in a message.

Every SMS template carries a sample context in a Jinja comment on its first
line, used by the test that keeps every text within two SMS fragments:

    {#- sample: {"name": "Maggie", "starts_at": {"$dt": "2026-03-28T18:30:00+00:00"}} -#}
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import lru_cache

from django.template import engines
from django.utils import translation
from django.utils.translation import gettext
from jinja2 import ChainableUndefined, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError, meta

from followon.core.formatting import LONDON, day_month, month_name, weekday_name
from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications.jsoncontext import decode_context
from followon.notifications.keywords import goal_word, reply_word

# GSM 03.38: the basic set costs one character, the extension set two.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")
SMS_FRAGMENT_LIMIT = 2
GSM_SINGLE, GSM_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
# Characters people type (and editors insert) that would push a whole text into
# UCS-2, costing more than twice as many fragments; GOV.UK Notify swaps them the same way.
_SMS_REPLACEMENTS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u200b": "",
    }
)
_SAMPLE = re.compile(r"\{#-?\s*sample:\s*(\{.*?\})\s*-?#\}", re.DOTALL)


class MessageTemplateError(ValueError):
    """A message template is missing, broken or needs a placeholder the caller did not give."""


@lru_cache(maxsize=1)
def _text_environment():
    # The site's Jinja2 environment (filters like london_datetime) but failing on
    # unknown placeholders and not HTML-escaping plain-text messages. Its own
    # cache: templates compiled for HTML must not be reused here.
    base = engines["jinja2"].env
    env = base.overlay(undefined=StrictUndefined, autoescape=False, cache_size=400)
    # Own copies, so these additions stay out of the HTML pages' environment.
    # reply_word("YES") is the word to reply with in the message's language ("IE" in Welsh).
    env.globals = {**base.globals, "crisis_sms_text": CRISIS_SMS_TEXT, "reply_word": reply_word, "goal_word": goal_word}
    env.filters = {**base.filters, "short_when": short_when, "text_when": text_when}
    return env


def short_when(value: dt.datetime | dt.date | None) -> str:
    """ "Tuesday 31 March at 10:30am" (UK time): short enough for a text, with the day to check.

    In the active language, which is the message's while a message is written (message_enqueue
    renders under message_language): "Dydd Mawrth 31 Mawrth am 10:30am" in Welsh. English output is
    exactly as it always was."""
    if value is None:
        return ""
    english = (translation.get_language() or "en").startswith("en")
    if isinstance(value, dt.datetime):
        local = value.astimezone(LONDON)
        time = f"{local:%-I:%M%p}".lower().replace(":00", "")
        if english:
            return f"{local:%A} {local.day} {local:%B} at {time}"
        day = f"{weekday_name(local.date())} {local.day} {month_name(local.date())}"
        return gettext("%(date)s at %(time)s") % {"date": day, "time": time}
    if english:
        return f"{value:%A} {value.day} {value:%B}"
    return f"{weekday_name(value)} {value.day} {month_name(value)}"


def text_when(value: dt.datetime | None) -> str:
    """short_when in the message's language, for texts whose words are translated: "Tuesday 31 March at
    10:30am" in English (the same as short_when), "Dydd Mawrth 31 Mawrth am 10:30am" in Welsh. A text
    still written in English keeps short_when, so its dates stay English too."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    time = f"{local:%-I:%M%p}".lower().replace(":00", "")
    return gettext("%(date)s at %(time)s") % {"date": f"{weekday_name(local)} {day_month(local)}", "time": time}


@lru_cache(maxsize=400)
def _placeholders(path: str) -> frozenset[str]:
    """Top-level names a template reads (loop and set variables excluded)."""
    env = _text_environment()
    source, _, _ = env.loader.get_source(env, path)
    return frozenset(meta.find_undeclared_variables(env.parse(source)))


def template_path(template: str, channel: str) -> str:
    return f"messages/{template}.{channel}.txt"


def render_message(template: str, channel: str, context: dict) -> tuple[str, str]:
    """Return (subject, body); subject is "" for SMS.

    Raises MessageTemplateError for a missing template or an unknown placeholder.
    """
    path = template_path(template, channel)
    env = _text_environment()
    try:
        text = env.get_template(path).render(context).strip()
    except TemplateNotFound as exc:
        raise MessageTemplateError(f"There is no message template {path}") from exc
    except TemplateSyntaxError as exc:
        raise MessageTemplateError(f"Message template {path} is not valid Jinja2: {exc.message}") from exc
    except Exception as exc:  # noqa: BLE001 - refuse clearly, never crash a worker
        # A filter handed an unknown placeholder fails with its own error: name the placeholder.
        missing = sorted(_placeholders(path) - set(context) - set(env.globals))
        if missing:
            raise MessageTemplateError(
                f"Message template {path} needs values the caller did not give: {', '.join(missing)}"
            ) from exc
        if isinstance(exc, UndefinedError):
            raise MessageTemplateError(f"Message template {path} needs a value the caller did not give: {exc}") from exc
        raise MessageTemplateError(f"Message template {path} could not be written: {type(exc).__name__}") from exc
    if channel == "email":
        subject, _, body = text.partition("\n")
        subject, body = subject.strip(), body.strip()
        if not subject or not body:
            raise MessageTemplateError(f"Message template {path} needs a subject line, then the body")
        return subject, body
    return "", sms_normalise(text)


def sms_normalise(text: str) -> str:
    return text.translate(_SMS_REPLACEMENTS)


def sms_is_gsm(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def sms_length(text: str) -> int:
    """Characters as the network counts them (GSM extension characters cost two; UCS-2 code units)."""
    if sms_is_gsm(text):
        return sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def sms_fragments(text: str) -> int:
    length = sms_length(text)
    single, part = (GSM_SINGLE, GSM_PART) if sms_is_gsm(text) else (UCS2_SINGLE, UCS2_PART)
    if length <= single:
        return 1
    return math.ceil(length / part)


def sms_fits(text: str, fragments: int = SMS_FRAGMENT_LIMIT) -> bool:
    return sms_fragments(text) <= fragments


def message_template_names(channel: str) -> list[str]:
    """Every message template name for a channel, from every app."""
    suffix = f".{channel}.txt"
    names = _text_environment().list_templates(filter_func=lambda n: n.startswith("messages/") and n.endswith(suffix))
    return sorted({name[len("messages/") : -len(suffix)] for name in names})


def template_sample_context(template: str, channel: str) -> dict | None:
    """The sample context written in a template's `{#- sample: {...} -#}` comment, if it has one."""
    env = _text_environment()
    source, _, _ = env.loader.get_source(env, template_path(template, channel))
    match = _SAMPLE.search(source)
    if not match:
        return None
    return decode_context(json.loads(match.group(1)))


class _Filler(ChainableUndefined):
    """Stands in for a placeholder a template has no sample for: a 20-character word.

    Attributes, calls and format specs give the word again, so `{{ meeting.starts_at | short_when }}`
    still renders (longer than a real date: a template that fits with fillers fits for real).
    """

    def __str__(self) -> str:
        return "Xxxxxxxxxxxxxxxxxxxx"

    def __format__(self, spec: str) -> str:
        return str(self)

    def __call__(self, *args, **kwargs):
        return self


def render_sample(template: str, channel: str) -> tuple[str, str, bool]:
    """(subject, body, had_sample): the template rendered with its sample context (an email may use
    its SMS twin's); a placeholder the sample lacks, or every placeholder when there is no sample,
    is filled with a 20-character word."""
    sample = template_sample_context(template, channel)
    if sample is None and channel == "email":
        try:
            sample = template_sample_context(template, "sms")
        except TemplateNotFound:
            sample = None
    env = _text_environment().overlay(undefined=_Filler, cache_size=0)
    text = env.get_template(template_path(template, channel)).render(sample or {}).strip()
    if channel == "email":
        subject, _, body = text.partition("\n")
        return subject.strip(), body.strip(), sample is not None
    return "", sms_normalise(text), sample is not None
