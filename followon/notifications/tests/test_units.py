"""Small pure pieces: reply keywords, phone numbers, settings checks, registries, JSON contexts."""

import datetime as dt

import pytest

from followon.core.phone import possible_number_e164
from followon.notifications import registry
from followon.notifications.checks import check_notification_settings
from followon.notifications.jsoncontext import decode_context, encode_context
from followon.notifications.keywords import reply_word
from followon.notifications.services import normalise_reply


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("yes", "YES"),
        (" Yes! ", "YES"),
        ("y", "YES"),
        ("NO.", "NO"),
        ("Maybe", "MAYBE"),
        ("still here", "STILL HERE"),
        ("Still-here", "STILL HERE"),
        ("STOP", "STOP"),
        ("unsubscribe", "STOP"),
        ("Start", "START"),
        ("help", "HELP"),
        ("yes please", "YES"),
        ("Yes please!! x", "YES"),
        ("No thank you", "NO"),
        ("Maybe, thanks", "MAYBE"),
        ("Done, thanks", "YES"),
        ("help please", "HELP"),
        ("ok", ""),
        ("please", ""),
        ("yes I will be there", ""),
        ("No, I'm not OK", ""),
        ("no, not ok", ""),
        ("I can't carry on", ""),
        ("", ""),
        ("👍", ""),
    ],
)
def test_only_a_keyword_on_its_own_or_with_thanks_is_a_keyword(text, keyword):
    assert normalise_reply(text) == keyword


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        # Welsh (issue 18 item 4): IE / NA and the answers that echo the question's verb.
        ("Ie", "YES"),
        ("IE diolch", "YES"),
        ("Gallaf!", "YES"),
        ("Na", "NO"),
        ("Nac ydw", "NO"),
        ("Efallai", "MAYBE"),
        ("Dal yma", "STILL HERE"),
        ("Stopio", "STOP"),
        ("Dim rhagor", "STOP"),
        ("Cymorth", "HELP"),
        ("Help", "HELP"),
        ("Dechrau", "START"),
        ("Na, dw i ddim yn iawn", ""),
        ("Ie ond dw i'n cael diwrnod gwael", ""),
        # Polish, with and without the accents a phone may not type.
        ("Tak", "YES"),
        ("Nie, dziękuję", "NO"),
        ("Może", "MAYBE"),
        ("moze", "MAYBE"),
        ("Pomoc", "HELP"),
        ("Nie, nie jest dobrze", ""),
        # Urdu, in Urdu script and in Roman Urdu.
        ("ہاں", "YES"),
        ("نہیں", "NO"),
        ("Haan", "YES"),
        ("Nahi", "NO"),
        ("مدد", "HELP"),
        # English keywords work whatever the language; STOP and HELP always.
        ("STOP", "STOP"),
        ("HELP", "HELP"),
    ],
)
def test_keywords_are_recognised_in_every_language(text, keyword):
    assert normalise_reply(text) == keyword


def test_texts_ask_for_the_reply_word_of_their_language():
    assert reply_word("YES", "en-gb") == "YES"
    assert reply_word("YES", "cy") == "IE"
    assert reply_word("NO", "cy") == "NA"
    assert reply_word("STILL HERE", "cy") == "DAL YMA"
    assert reply_word("MAYBE", "pl") == "MOZE"


@pytest.mark.parametrize(
    ("number", "e164"),
    [
        ("07700 900982", "+447700900982"),
        ("447700900982", "+447700900982"),
        ("+44 7700 900982", "+447700900982"),
        ("(07700) 900-982", "+447700900982"),
        ("not a number", None),
        ("", None),
    ],
)
def test_mobile_numbers_are_normalised_to_e164(number, e164):
    assert possible_number_e164(number) == e164


def test_settings_checks_catch_unknown_channels_and_a_rate_above_notifys(settings):
    settings.NOTIFICATIONS_SMS_CHANNEL = "smtp"
    settings.NOTIFICATIONS_EMAIL_CHANNEL = "pigeon"
    settings.NOTIFY_RATE_LIMIT = 100
    settings.NOTIFY_RATE_WINDOW_SECONDS = 1
    ids = {problem.id for problem in check_notification_settings()}
    assert ids == {"notifications.E001", "notifications.E002", "notifications.E003"}


def test_settings_checks_warn_when_notify_is_chosen_but_not_set_up(settings):
    settings.NOTIFICATIONS_SMS_CHANNEL = "notify"
    settings.NOTIFICATIONS_EMAIL_CHANNEL = "console"
    settings.NOTIFY_API_KEY = ""
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    ids = [problem.id for problem in check_notification_settings()]
    assert ids == ["notifications.W001", "notifications.W002"]


def test_the_default_settings_pass_the_checks():
    assert check_notification_settings() == []


def test_the_longest_matching_reminder_guard_wins():
    def general(**kwargs):
        return True

    def specific(**kwargs):
        return False

    registry.register_reminder_guard("zztest:", general)
    registry.register_reminder_guard("zztest:special:", specific)
    try:
        assert registry.reminder_guard("zztest:special:1") is specific
        assert registry.reminder_guard("zztest:1") is general
        assert registry.reminder_guard("zzother:1") is None
    finally:
        registry.unregister(guard_prefix="zztest:")
        registry.unregister(guard_prefix="zztest:special:")


def test_contexts_round_trip_dates_and_times():
    value = {"when": dt.datetime(2026, 3, 29, 8, tzinfo=dt.UTC), "day": dt.date(2026, 3, 29), "n": [1, "a", None]}
    assert decode_context(encode_context(value)) == value


def test_contexts_refuse_naive_times_and_objects():
    with pytest.raises(ValueError, match="timezone-aware"):
        encode_context({"when": dt.datetime(2026, 3, 29, 8)})
    with pytest.raises(TypeError, match="JSON"):
        encode_context({"thing": object()})
