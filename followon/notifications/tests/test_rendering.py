import datetime as dt

import pytest
from django.utils import translation

from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications.rendering import (
    MessageTemplateError,
    message_template_names,
    render_message,
    render_sample,
    short_when,
    sms_fragments,
    sms_length,
    template_sample_context,
)


def test_there_are_sms_templates_to_check():
    names = message_template_names("sms")
    assert "notifications/help" in names
    assert "notifications/digest" in names


HOW_TO_ADD_A_SAMPLE = (
    'Put a sample context on the template\'s first line, like {#- sample: {"name": "Maggie"} -#}, '
    'with the longest realistic values (dates as {"$dt": "2026-03-31T10:30:00+01:00"}).'
)


@pytest.mark.parametrize("name", message_template_names("sms"))
def test_every_sms_template_fits_in_two_fragments(name):
    """Every text in every app, with its sample context (or 20 characters for each placeholder)."""
    try:
        _, body, had_sample = render_sample(name, "sms")
    except Exception as exc:  # noqa: BLE001 - reported with the fix
        pytest.fail(f"messages/{name}.sms.txt could not be rendered without a sample ({exc}). {HOW_TO_ADD_A_SAMPLE}")
    length = sms_length(body)
    hint = "" if had_sample else f" (with 20 characters per placeholder). {HOW_TO_ADD_A_SAMPLE}"
    assert sms_fragments(body) <= 2, f"messages/{name}.sms.txt is {length} characters: more than 2 SMS fragments{hint}"


@pytest.mark.parametrize("name", message_template_names("email"))
def test_every_email_template_has_a_subject_line_then_a_body(name):
    try:
        subject, body, _ = render_sample(name, "email")
    except Exception as exc:  # noqa: BLE001 - reported with the fix
        pytest.fail(f"messages/{name}.email.txt could not be rendered without a sample ({exc}). {HOW_TO_ADD_A_SAMPLE}")
    assert subject, f"messages/{name}.email.txt: the first line (the subject) is empty"
    assert body, f"messages/{name}.email.txt has no body after the subject line"


def test_sample_contexts_decode_dates():
    sample = template_sample_context("notifications/reminder", "sms")
    assert sample["when"] == dt.datetime.fromisoformat("2026-03-31T10:30:00+01:00")


def test_help_reply_carries_the_crisis_wording_from_signposting():
    _, body = render_message("notifications/help", "sms", {})
    assert CRISIS_SMS_TEXT in body


def test_unknown_placeholder_is_refused_with_the_template_named():
    with pytest.raises(MessageTemplateError) as error:
        render_message("notifications/reminder", "sms", {"what": "Walking group"})
    assert "messages/notifications/reminder.sms.txt" in str(error.value)
    assert "when" in str(error.value)


def test_missing_template_is_refused_clearly():
    with pytest.raises(MessageTemplateError, match="There is no message template messages/nope.sms.txt"):
        render_message("nope", "sms", {})


def test_email_first_line_is_the_subject():
    when = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
    subject, body = render_message(
        "notifications/reminder", "email", {"what": "Walking group", "when": when, "where": "", "action": ""}
    )
    assert subject == "Reminder: Walking group, Tuesday 31 March at 10:30am"
    assert body.startswith("Hello,")


def test_html_is_not_escaped_in_plain_text_messages():
    when = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
    _, body = render_message(
        "notifications/reminder", "sms", {"what": "Fish & chips", "when": when, "where": "", "action": ""}
    )
    assert "Fish & chips" in body


def test_curly_quotes_and_dashes_are_made_plain_so_texts_stay_gsm():
    when = dt.datetime(2026, 3, 31, 9, 30, tzinfo=dt.UTC)
    _, body = render_message(
        "notifications/reminder",
        "sms",
        {"what": "Jan’s “catch-up” – all welcome…", "when": when, "where": "", "action": ""},
    )
    assert 'Jan\'s "catch-up" - all welcome...' in body
    assert sms_fragments(body) == 1


@pytest.mark.parametrize(
    ("text", "length", "fragments"),
    [
        ("a" * 160, 160, 1),
        ("a" * 161, 161, 2),
        ("a" * 306, 306, 2),
        ("a" * 307, 307, 3),
        ("€" * 80, 160, 1),  # extension characters count twice
        ("€" * 81, 162, 2),
        ("ŵ" * 70, 70, 1),  # one character outside GSM makes the whole text UCS-2
        ("ŵ" * 71, 71, 2),
        ("ŵ" * 134, 134, 2),
        ("ŵ" * 135, 135, 3),
        ("😀" * 35, 70, 1),  # emoji take two UTF-16 code units
    ],
)
def test_sms_fragment_counting(text, length, fragments):
    assert sms_length(text) == length
    assert sms_fragments(text) == fragments


def test_short_when_uses_uk_time_across_the_clock_change():
    assert short_when(dt.datetime(2026, 3, 28, 10, 0, tzinfo=dt.UTC)) == "Saturday 28 March at 10am"
    assert short_when(dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)) == "Monday 30 March at 11am"
    assert short_when(dt.date(2026, 3, 30)) == "Monday 30 March"


def test_short_when_writes_the_day_and_month_in_the_message_language():
    # ADR 0027: a Welsh text gets Welsh day and month names; English is unchanged (above).
    with translation.override("cy"):
        assert short_when(dt.datetime(2026, 3, 30, 10, 0, tzinfo=dt.UTC)) == "Dydd Llun 30 Mawrth am 11am"
        assert short_when(dt.datetime(2026, 9, 30, 9, 30, tzinfo=dt.UTC)) == "Dydd Mercher 30 Medi am 10:30am"
        assert short_when(dt.date(2026, 9, 30)) == "Dydd Mercher 30 Medi"
    with translation.override("en-gb"):
        assert short_when(dt.datetime(2026, 9, 30, 9, 30, tzinfo=dt.UTC)) == "Wednesday 30 September at 10:30am"
        assert short_when(dt.date(2026, 9, 30)) == "Wednesday 30 September"
