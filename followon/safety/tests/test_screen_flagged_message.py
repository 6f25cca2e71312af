"""The private notice a flagged author sees: kind, plain English, every crisis signpost, nothing duplicated."""

from pathlib import Path

import pytest
from django.template import engines

from followon.core.signposting import CRISIS_SIGNPOSTS
from followon.core.tests.markup import visible_text

CALL = (
    '{% from "safety/components/flagged_message.jinja" import flagged_message_notice %}{{ flagged_message_notice(p) }}'
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rendering needs no database: replace the root conftest's cache clearing for these tests."""


def render(**params) -> str:
    return engines["jinja2"].env.from_string(CALL).render(p=params)


def text_of(markup: str) -> str:
    """What a person reads: the numbers are links now, so their words sit inside <a> tags."""
    return visible_text(markup)


def test_every_crisis_signpost_appears_in_full():
    page = text_of(render())
    assert CRISIS_SIGNPOSTS
    for signpost in CRISIS_SIGNPOSTS:
        assert signpost.name in page
        assert signpost.how in page
        assert signpost.when in page


def test_the_numbers_come_from_the_signposting_module_not_the_template():
    template = (Path(__file__).resolve().parents[1] / "jinja2/safety/components/flagged_message.jinja").read_text()
    for number in ("116 123", "111", "999", "85258", "SHOUT", "Samaritans"):
        assert number not in template


def test_default_notice_is_private_kind_and_says_what_happens():
    page = text_of(render())
    assert page.count("Help is here if you need it") == 1  # the heading once, not twice
    assert "Only you can see this" in page
    assert "checks messages for words that can mean someone is struggling" in page
    assert "We have let your pain service know" in page
    assert "Your message is on your group's board" in page
    assert "Ask your pain service to contact me" not in page  # no link without somewhere to go
    assert 'style="' not in render() and "<script" not in render()


def test_offer_to_be_contacted_out_of_hours_and_held_for_review():
    markup = render(
        serviceName="North Bristol Pain Service",
        contactHref="/safety/contact-me/",
        serviceOpen=False,
        heldForReview=True,
        aboutHref="/privacy/",
        headingLevel=3,
    )
    page = text_of(markup)
    assert 'href="/safety/contact-me/"' in markup
    assert "Ask North Bristol Pain Service to contact me" in page
    assert "North Bristol Pain Service is closed now and is not reading messages" in page
    assert "waiting for a quick check by North Bristol Pain Service before your group sees it" in page
    assert 'href="/privacy/"' in markup
    assert "<h3" in markup


def test_open_service_and_an_item_not_sent_to_the_queue():
    page = text_of(render(serviceOpen=True, serviceTold=False))
    assert "Your pain service is open now" in page
    assert "We have let" not in page


def test_values_are_escaped():
    markup = render(serviceName="<script>alert(1)</script>")
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
