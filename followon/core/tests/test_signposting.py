"""Crisis signposting: one source of numbers and words, rendered as real links on every page that shows it.

The "Need help now?" page once showed `<p><strong>Call 116 123</strong></p>` as text, with no link to
call: these tests fail on that page (see test_need_help_page_shows_no_markup_as_text).
"""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from followon.core.signposting import CRISIS_CONTACTS, CRISIS_SIGNPOSTS, CRISIS_SMS_TEXT
from followon.core.tests.markup import escaped_markup, links, visible_text

pytestmark = pytest.mark.django_db

SOURCE_HREFS = {contact.href for contact in CRISIS_CONTACTS}


def crisis_links(html: str) -> list[tuple[str, str]]:
    return [(href, text) for href, text in links(html) if href.startswith(("tel:", "sms:"))]


def assert_signposting_is_links(html: str) -> None:
    """Every tel:/sms: link is a number from core/signposting.py, with its own words, and every
    signpost's number is there as a link."""
    found = crisis_links(html)
    for href, text in found:
        assert href in SOURCE_HREFS, f"{href} is not a number in core/signposting.py"
        contact = next(c for c in CRISIS_CONTACTS if c.href == href)
        assert text == contact.link_text, f"{href} reads {text!r}, not {contact.link_text!r}"
    assert {href for href, _ in found} == SOURCE_HREFS, "a signpost's number is not a link"


# The source ------------------------------------------------------------------------------------


def test_each_number_is_held_once_and_its_link_is_derived_from_it():
    assert [c.href for c in CRISIS_CONTACTS] == ["tel:116123", "tel:111", "tel:999", "sms:85258?body=SHOUT"]
    for contact in CRISIS_CONTACTS:
        assert re.sub(r"\D", "", contact.href.split("?")[0]) == contact.number.replace(" ", "")
        assert contact.number in contact.link_text
    assert [c.link_text for c in CRISIS_CONTACTS] == [
        "Call Samaritans on 116 123",
        "Call 111",
        "Call 999",
        "Text SHOUT to 85258",
    ]


def test_the_text_message_is_built_from_the_same_numbers():
    for signpost in CRISIS_SIGNPOSTS:
        assert signpost.how in CRISIS_SMS_TEXT
    assert "option 2" in CRISIS_SMS_TEXT and "Text SHOUT to 85258" in CRISIS_SMS_TEXT
    assert "<" not in CRISIS_SMS_TEXT


# The "Need help now?" page ---------------------------------------------------------------------


def test_need_help_page_shows_no_markup_as_text(client):
    html = client.get(reverse("core:need-help")).content.decode()
    text = visible_text(html)
    assert escaped_markup(text) == []
    for signpost in CRISIS_SIGNPOSTS:
        assert signpost.name in text and signpost.when in text


def test_need_help_page_numbers_are_links_to_call_or_text(client):
    html = client.get(reverse("core:need-help")).content.decode()
    assert_signposting_is_links(html)
    text = visible_text(html)
    assert "Call 111 and choose the mental health option (option 2)" in text
    assert "Text SHOUT to 85258" in text
    assert "Call 999 or go to A&E" in text


def test_need_help_page_puts_the_emergency_first(client):
    html = client.get(reverse("core:need-help")).content.decode()
    assert [href for href, _ in crisis_links(html)][0] == "tel:999"
    assert "nhsuk-card--care--emergency" in html and "nhsuk-card--care--non-urgent" not in html


# Every other place that shows the numbers ------------------------------------------------------


def test_error_pages_show_the_numbers_as_links(client):
    html = client.get("/no-such-page/").content.decode()
    assert escaped_markup(visible_text(html)) == []
    assert_signposting_is_links(html)


def test_server_error_page_shows_the_numbers_without_the_database():
    from followon.core.views import server_error

    html = server_error(RequestFactory().get("/")).content.decode()
    assert_signposting_is_links(html)


def test_flagged_message_notice_numbers_are_links():
    call = '{% from "safety/components/flagged_message.jinja" import flagged_message_notice %}'
    html = engines["jinja2"].env.from_string(call + "{{ flagged_message_notice({}) }}").render()
    assert escaped_markup(visible_text(html)) == []
    assert_signposting_is_links(html)


@pytest.mark.parametrize("template", ["conversations/report.jinja", "safety/concern_new.jinja"])
def test_in_danger_now_lines_link_to_999(template):
    source = engines["jinja2"].env.loader.get_source(engines["jinja2"].env, template)[0]
    assert "999" not in source  # the number comes from core/signposting.py
    assert "emergency_how()" in source


def test_no_template_writes_a_crisis_number_itself():
    """Numbers live in core/signposting.py only; a template that types one can drift from it."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.jinja")
        if "/tests/" not in str(path)
        and re.search(r"116 ?123|85258|\bcall 999\b|\b111\b.*option", path.read_text(), re.IGNORECASE)
    ]
    assert offenders == []
