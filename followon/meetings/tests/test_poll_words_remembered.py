"""The options' labels and an unposted form's answer rows remembered per process (ADR 0044): given only to
a request that would have worked out exactly the same words (the language, the options' rows, the kept
answers), never for a posted form, and the answer rows' HTML the same as written afresh."""

import pytest
from django.utils import translation

from followon.meetings import forms, presenters, selectors
from followon.meetings.models import PollOption
from followon.meetings.tests.test_poll_by_day import long_poll, venue_for

pytestmark = pytest.mark.django_db

ITEMS = [("yes", "Yes"), ("if_need_be", "If need be"), ("no", "No")]


def unposted(options, kept):
    return forms.AnswerForm(options=options, labels={}, initial_answers=kept)


def test_remembered_words_are_the_words_worked_out(group, coordinator):
    presenters.POLL_WORDS.clear()
    poll = long_poll(group, coordinator, venue_for(group, coordinator))
    options = selectors.poll_option_rows(poll)
    kept = {options[0].pk: "yes", options[2].pk: "no"}
    for language in ("en", "cy", "en"):
        with translation.override(language):
            for _ in range(2):  # worked out, then remembered
                assert presenters.remembered_option_labels(options) == presenters.option_labels(options)
                days = presenters.remembered_answer_days(unposted(options, kept), options)
                fresh = presenters.answer_days(unposted(options, kept), options)
                assert days == fresh
                assert days.html(ITEMS, 3, "Error:") == fresh.html(ITEMS, 3, "Error:")


def test_each_part_of_the_key_gives_other_words(group, coordinator):
    presenters.POLL_WORDS.clear()
    poll = long_poll(group, coordinator, venue_for(group, coordinator))
    options = selectors.poll_option_rows(poll)
    first = options[0].pk
    days = presenters.remembered_answer_days(unposted(options, {first: "yes"}), options)
    assert days[0].rows[0].value == "yes"
    # Other kept answers
    assert presenters.remembered_answer_days(unposted(options, {first: "no"}), options)[0].rows[0].value == "no"
    # Another language
    with translation.override("cy"):
        assert presenters.remembered_answer_days(unposted(options, {first: "yes"}), options) is not days
    # A changed option: new rows, so new words
    PollOption.objects.filter(pk=options[1].pk).update(starts_at=options[1].starts_at.replace(hour=9))
    changed = selectors.poll_option_rows(poll)
    assert presenters.remembered_option_labels(changed) == presenters.option_labels(changed)
    assert presenters.remembered_option_labels(changed) != presenters.remembered_option_labels(options)
    assert presenters.remembered_answer_days(unposted(changed, {first: "yes"}), changed) is not days


def test_a_posted_form_is_never_remembered(group, coordinator):
    presenters.POLL_WORDS.clear()
    poll = long_poll(group, coordinator)
    options = selectors.poll_option_rows(poll)
    posted = forms.AnswerForm(
        {f"option_{options[0].pk}": "perhaps"},
        options=options,
        labels=presenters.option_labels(options),
        initial_answers={options[0].pk: "yes"},
    )
    assert not posted.is_valid()
    days = presenters.remembered_answer_days(posted, options)
    assert days[0].rows[0].error and days[0].rows[0].value == "perhaps"
    assert len(presenters.POLL_WORDS) == 0
