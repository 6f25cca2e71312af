"""The board's post cards are remembered per process by what they show (presenters.board_cards,
core/fragments.py, ADR 0031). Every test first reads the board so that the cards are remembered,
then writes through the services, then reads again: a remembered card must never be stale, never
show one viewer what another may not see, never mix languages, never hold a CSRF token."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followon.conversations import services
from followon.conversations.presenters import POST_CARDS
from followon.conversations.tests.factories import add_member, make_group
from followon.core.fragments import CSRF_FIELD
from followon.peergroups.models import GroupRole

pytestmark = pytest.mark.django_db

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"


@pytest.fixture(autouse=True)
def _empty_cards():
    POST_CARDS.clear()
    yield
    POST_CARDS.clear()


def _board(user, group, *, language="en", client=None) -> str:
    client = client or Client()
    client.force_login(user)
    with translation.override(settings.LANGUAGE_CODE if language == "en" else language):
        url = reverse("conversations:board", args=[group.public_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _posts_part(page: str) -> str:
    """The page from the Posts heading on: the cards."""
    return page[page.index("<h2>", page.index("followon-post") - 2000) :]


def test_a_new_post_an_edit_and_a_delete_show_at_once(group, maggie, ravi):
    first = services.post_create(group=group, author=ravi, body="Walk on Tuesday?").post
    assert "Walk on Tuesday?" in _board(maggie, group)
    assert len(POST_CARDS) >= 1  # remembered

    services.post_create(group=group, author=ravi, body="Or Wednesday?")
    assert "Or Wednesday?" in _board(maggie, group)

    services.post_edit(post=first, actor=ravi, body="Walk on Thursday?")
    page = _board(maggie, group)
    assert "Walk on Thursday?" in page and "Walk on Tuesday?" not in page and "(edited)" in page

    services.post_delete(post=first, actor=ravi)
    assert "Walk on Thursday?" not in _board(maggie, group)


def test_a_new_name_shows_at_once(group, maggie, ravi):
    services.post_create(group=group, author=ravi, body="Hello")
    assert "<strong>Ravi</strong>" in _board(maggie, group)
    ravi.preferred_name = "Ravinder"
    ravi.save(update_fields=["preferred_name"])
    page = _board(maggie, group)
    assert "<strong>Ravinder</strong>" in page and "<strong>Ravi</strong>" not in page


def test_you_and_the_authors_actions_are_the_viewers_own(group, maggie, ravi):
    post = services.post_create(group=group, author=maggie, body="My own words").post
    mine = _board(maggie, group)
    assert "<strong>You</strong>" in mine
    assert reverse("conversations:edit", args=[group.public_id, post.public_id]) in mine
    theirs = _board(ravi, group)  # straight after Maggie's page was remembered
    assert "<strong>Maggie</strong>" in theirs and "<strong>You</strong>" not in theirs
    assert reverse("conversations:edit", args=[group.public_id, post.public_id]) not in theirs
    assert reverse("conversations:report", args=[group.public_id, post.public_id]) in theirs


def test_a_hidden_post_never_shows_to_others(group, maggie, ravi):
    coordinator = add_member(group, preferred_name="Cath", coordinator=True)
    post = services.post_create(group=group, author=maggie, body="Something unkind").post
    assert "Something unkind" in _board(ravi, group)
    assert "Something unkind" in _board(coordinator, group)

    services.post_hide(post=post, actor=coordinator, hidden=True)
    assert "Something unkind" not in _board(ravi, group)
    assert "Hidden by a coordinator" in _board(maggie, group)  # its author still sees it, as before
    page = _board(coordinator, group)
    assert "Something unkind" in page and "Show again" in page and "Hidden by a coordinator" in page
    assert "Something unkind" not in _board(ravi, group)  # after the coordinator's card was remembered

    services.post_hide(post=post, actor=coordinator, hidden=False)
    page = _board(ravi, group)
    assert "Something unkind" in page and "Hidden by a coordinator" not in page


def test_a_held_post_shows_to_its_author_only(service, group, maggie, ravi, service_admin):
    from followon.safety.services import safety_settings_update

    safety_settings_update(service=service, hold_for_review=True, escalation_minutes=60, actor=service_admin)
    coordinator = add_member(group, preferred_name="Cath", coordinator=True)
    services.post_create(group=group, author=maggie, body=CRISIS)
    mine = _board(maggie, group)
    assert "bad day" in mine and "Only you can see this until" in mine
    assert "bad day" not in _board(ravi, group)
    assert "bad day" not in _board(coordinator, group)


def test_another_groups_posts_never_show(service, group, maggie, ravi):
    other = make_group(service, name="Thursday swimmers")
    add_member(other, maggie)
    swimmer = add_member(other, preferred_name="Sam")
    services.post_create(group=group, author=ravi, body="Walkers only")
    services.post_create(group=other, author=swimmer, body="Swimmers only")
    walkers = _board(maggie, group)
    swimmers = _board(maggie, other)
    assert "Walkers only" in walkers and "Swimmers only" not in walkers
    assert "Swimmers only" in swimmers and "Walkers only" not in swimmers
    assert "Walkers only" not in _board(swimmer, other)


def test_welsh_and_english_cards_are_never_mixed(group, maggie, ravi):
    """Maggie reads in Welsh and Ravi in English (each member's language sticks to them), in turn: a
    third member's post has the same card for both but for the language."""
    cath = add_member(group, preferred_name="Cath")
    services.post_create(group=group, author=cath, body="Hello all")
    services.post_create(group=group, author=ravi, body="Hi")
    services.post_create(group=group, author=maggie, body="Helo")
    english = ("Reply", "to this post", "<strong>You</strong>")
    welsh = ("Ateb", "i'r neges hon", "<strong>Chi</strong>")
    for reader, language in ((ravi, "en"), (maggie, "cy"), (ravi, "en"), (maggie, "cy")):
        cards = _posts_part(_board(reader, group, language=language))
        expected, unexpected = (english, welsh) if language == "en" else (welsh, english)
        for words in expected:
            assert words in cards, (language, words)
        for words in unexpected:
            assert words not in cards, (language, words)
        replies = re.findall(r'href="(/[^"]*/reply/)"', cards)
        assert len(replies) == 3
        assert all(href.startswith("/cy/" if language == "cy" else "/my/") for href in replies)


def test_no_csrf_token_is_ever_remembered(group, maggie, ravi):
    coordinator = add_member(group, preferred_name="Cath", coordinator=True)
    second = add_member(group, preferred_name="Dev")
    GroupRole.objects.create(group=group, user=second, role=GroupRole.Role.CO_COORDINATOR)
    services.post_create(group=group, author=maggie, body="One")
    services.post_create(group=group, author=ravi, body="Two")
    tokens = []
    for user in (coordinator, second):
        browser = Client(enforce_csrf_checks=True)
        page = _board(user, group, client=browser)
        forms = re.findall(r'<form method="post" action="[^"]*/hide/"[^>]*>(.*?)</form>', page, re.S)
        assert len(forms) == 2
        found = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1] for form in forms}
        assert len(found) == 1  # every hide form carries this request's own token
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    remembered = list(POST_CARDS.remembered.values())
    assert remembered
    assert not any(CSRF_FIELD in html or any(token in html for token in tokens) for html in remembered)
