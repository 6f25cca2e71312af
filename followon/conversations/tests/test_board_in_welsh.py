"""The group board in Welsh (issue 18, ADR 0027): every board page under /cy/, rendered as a member
with posts, replies, a flagged post, a hidden post, a report and the agreement, has no English
sentence left, apart from words people wrote themselves (posts) and the service's own notice text."""

import html
import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from followon.accounts.models import ConsentKind
from followon.accounts.selectors import current_notice
from followon.conversations import services
from followon.conversations.models import Post
from followon.conversations.tests.factories import add_member, make_group
from followon.core.tests.english import english_sentences
from followon.safety.selectors import service_is_open

pytestmark = pytest.mark.django_db

# The flagged-message notice support.jinja includes, with the page's arguments.
SAFETY_NOTICE = """{% from "safety/components/flagged_message.jinja" import flagged_message_notice %}
{{ flagged_message_notice({"headingLevel": 2, "serviceName": service.name, "heldForReview": held,
  "serviceOpen": open}) }}"""

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"
HELLO = "Morning all, is anyone going on the walk on Tuesday"


def _sentences(*texts) -> frozenset[str]:
    """Words people (or the service) wrote, split as the English scan splits a page."""
    found = set()
    for text in texts:
        for chunk in re.split(r"[\n.?!:;·]+", text):
            found.add(" ".join(chunk.split()))
    return frozenset(found)


def _cy(name, *args) -> str:
    with translation.override("cy"):
        return reverse(name, args=args)


@pytest.fixture
def board(service):
    group = make_group(service)
    maggie = add_member(group, preferred_name="Maggie", coordinator=True)
    ravi = add_member(group, preferred_name="Ravi")
    hello = services.post_create(group=group, author=ravi, body=HELLO).post
    reply = services.post_create(group=group, author=maggie, body="Yes, see you there", parent=hello).post
    flagged = services.post_create(group=group, author=maggie, body=CRISIS).post
    hidden = services.post_create(group=group, author=ravi, body="Is anyone else fed up").post
    services.post_hide(post=hidden, actor=maggie, hidden=True)
    return {"group": group, "maggie": maggie, "ravi": ravi, "hello": hello, "reply": reply, "flagged": flagged}


def _page(client, url, status=200, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, url
    return html.unescape(response.content.decode())


def test_every_board_page_is_welsh(client, board):
    group, maggie, hello = board["group"], board["maggie"], board["hello"]
    client.force_login(maggie)
    posts = _sentences(HELLO, "Yes, see you there", CRISIS, "Is anyone else fed up")
    pages = {
        "board": _cy("conversations:board", group.public_id),
        "reply": _cy("conversations:reply", group.public_id, hello.public_id),
        "report": _cy("conversations:report", group.public_id, hello.public_id),
        "report own": _cy("conversations:report", group.public_id, board["flagged"].public_id),
        "edit": _cy("conversations:edit", group.public_id, board["flagged"].public_id),
        "delete": _cy("conversations:delete", group.public_id, board["reply"].public_id),
        "agreement": _cy("conversations:agreement", group.public_id),
    }
    for name, url in pages.items():
        body = _page(client, url)
        assert '<html lang="cy"' in body, name
        assert english_sentences(body, "cy", posts) == [], name
    # The suggested agreement is shown in Welsh while the group has not changed it.
    assert "yn y grŵp yn aros yn y grŵp" in _page(client, pages["agreement"])
    # The coordinator's "are you sure?" before hiding a post (confirm_action.jinja).
    body = _page(client, _cy("conversations:hide", group.public_id, hello.public_id), method="post")
    assert "neges hon tra byddwch chi" in body
    assert english_sentences(body, "cy", posts) == []


def test_board_forms_and_messages_are_welsh(client, board):
    group, ravi = board["group"], board["ravi"]
    client.force_login(ravi)
    board_url = _cy("conversations:board", group.public_id)
    body = _page(client, board_url, method="post", data={"body": ""})
    assert "Rhowch eich neges" in body
    assert english_sentences(body, "cy", _sentences(HELLO, "Yes, see you there", CRISIS)) == []
    response = client.post(board_url, {"body": "Diolch i bawb am ddydd Mawrth"}, follow=True)
    assert "Mae eich neges ar y bwrdd." in response.content.decode()
    report = _cy("conversations:report", group.public_id, board["flagged"].public_id)
    body = _page(client, report, method="post", data={"reason": "x" * 1001})
    assert "fod yn 1,000 o nodau neu lai" in body
    response = client.post(report, {"reason": ""}, follow=True)
    assert "Diolch." in response.content.decode()


def test_the_support_page_after_a_flagged_post_is_welsh_apart_from_the_safety_notice(client, board):
    """support.jinja's own words are Welsh. The flagged-message notice it includes is safety wording in
    followon/safety (H-014), translated with the safety pages, so its sentences are left out here."""
    group, maggie = board["group"], board["maggie"]
    client.force_login(maggie)
    body = _page(client, _cy("conversations:support", group.public_id, board["flagged"].public_id))
    assert "Diolch am bostio" in body and "Mynd yn ôl i'r bwrdd" in body
    with translation.override("cy"):
        notice = (
            engines["jinja2"]
            .from_string(SAFETY_NOTICE)
            .render({"service": group.service, "held": False, "open": service_is_open(group.service)})
        )
    assert english_sentences(body, "cy", frozenset(english_sentences(notice, "cy"))) == []


def test_a_member_who_has_not_agreed_sees_welsh_apart_from_the_services_notice(client, service, board):
    group = board["group"]
    newcomer = add_member(group, preferred_name="Nia", ready=False)
    client.force_login(newcomer)
    notice = current_notice(service, ConsentKind.SAFETY_SCREEN)
    body = _page(client, _cy("conversations:board", group.public_id))
    assert "I understand and agree" not in body and "Rwy'n deall ac yn cytuno" in body
    # The notice is the service's own text (versioned, what members agree to): it stays as written.
    allowed = _sentences(notice.title, notice.body, HELLO, "Yes, see you there", CRISIS)
    assert english_sentences(body, "cy", allowed) == []
    assert Post.objects.filter(author=newcomer).count() == 0
