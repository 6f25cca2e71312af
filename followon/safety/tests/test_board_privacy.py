"""What the duty clinician sees of a board is what members were told (core/board_privacy.py, ADR 0019).

A flagged post comes with at most CONTEXT_POSTS earlier posts by the same author from the CONTEXT_DAYS
days before it; a reported post comes alone; another member's post never appears. The board, the
notices and the privacy page say so with the same numbers.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts.models import ConsentKind
from followon.accounts.notices import DEFAULT_NOTICES
from followon.conversations import services as board
from followon.conversations.models import Post
from followon.conversations.tests.factories import add_member
from followon.core import board_privacy
from followon.core.board_privacy import CONTEXT_DAYS, CONTEXT_POSTS
from followon.core.tests.markup import visible_text
from followon.safety import selectors
from followon.safety.models import ConcernItem

pytestmark = pytest.mark.django_db

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"


def post_at(group, author, body, days_ago: float) -> Post:
    post = board.post_create(group=group, author=author, body=body).post
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return post


def item_page(staff_client, clinician, item) -> str:
    return visible_text(staff_client(clinician).get(reverse("safety:item", args=[item.public_id])).content.decode())


def test_another_members_ordinary_post_never_appears_on_a_flagged_post_item(
    staff_client, clinician, group, maggie, ravi
):
    """Ravi's everyday posts, written just before Maggie's flagged one, are not shown to the clinician."""
    post_at(group, maggie, "Maggie's walk on Monday", days_ago=2)
    post_at(group, ravi, "Ravi's allotment is full of beans", days_ago=1)
    reply_to = post_at(group, ravi, "Ravi asks who is coming on Thursday", days_ago=0.5)
    board.post_create(group=group, author=ravi, body="Ravi's reply about the bus", parent=reply_to)
    item = board.post_create(group=group, author=maggie, body=CRISIS).item
    page = item_page(staff_client, clinician, item)
    assert "Ravi" not in page  # neither his posts nor his name
    assert "bad day" in page and "Maggie's walk on Monday" in page
    assert board_privacy.QUEUE_CONTEXT_EXPLAINED in page
    assert "Other members' posts are never shown." in page


def test_context_is_at_most_the_constant_number_of_own_posts_from_the_constant_number_of_days(group, maggie, ravi):
    too_old = post_at(group, maggie, "Too old", days_ago=CONTEXT_DAYS + 0.1)
    own = [post_at(group, maggie, f"Own post {n}", days_ago=CONTEXT_DAYS - 1 - n) for n in range(CONTEXT_POSTS + 1)]
    deleted = post_at(group, maggie, "Deleted by Maggie", days_ago=0.2)
    board.post_delete(post=deleted, actor=maggie)
    post_at(group, ravi, "Ravi's post", days_ago=0.1)
    item = board.post_create(group=group, author=maggie, body=CRISIS).item
    shown = selectors.item_context_posts(item)
    assert shown[-1] == item.post
    assert shown[:-1] == own[-CONTEXT_POSTS:]  # the newest CONTEXT_POSTS, oldest first
    assert {p.author for p in shown} == {maggie}
    assert too_old not in shown and deleted not in shown


def test_a_reported_post_is_shown_alone(staff_client, clinician, group, maggie, ravi):
    post_at(group, maggie, "Maggie's earlier post", days_ago=1)
    post_at(group, ravi, "Ravi's earlier post", days_ago=0.5)
    reported = board.post_create(group=group, author=maggie, body="Not sure I can face Tuesday").post
    board.post_report(post=reported, reporter=ravi, reason="She sounds low")
    item = ConcernItem.objects.get(source=ConcernItem.Source.REPORT)
    assert selectors.item_context_posts(item) == [reported]
    page = item_page(staff_client, clinician, item)
    assert "Not sure I can face Tuesday" in page and "She sounds low" in page
    assert "Maggie's earlier post" not in page and "Ravi's earlier post" not in page
    assert board_privacy.QUEUE_REPORT_EXPLAINED in page


def test_the_notices_the_board_and_the_privacy_page_say_what_the_queue_does(client, group, maggie):
    """The same constants make the rule and the words: change one and this test shows the other."""
    promise = f"up to {CONTEXT_POSTS} of your own posts in that group from the {CONTEXT_DAYS} days before it"
    for kind in (ConsentKind.SAFETY_SCREEN, ConsentKind.PRIVACY):
        body = " ".join(DEFAULT_NOTICES[kind][1].split())
        assert promise in body
        assert "reports one of your posts because they are worried, the clinician sees that post only" in body
        assert "never sees other members' posts" in body
    client.force_login(maggie)
    page = visible_text(client.get(reverse("conversations:board", args=[group.public_id])).content.decode())
    assert board_privacy.BOARD_PROMISE in page and board_privacy.BOARD_EXCEPTION in page
    assert f"up to {CONTEXT_POSTS} earlier posts by the same person" in page
    assert "The pain service team cannot." not in page  # the old, wider promise
    privacy = visible_text(client.get(reverse("core:privacy")).content.decode())
    assert promise in privacy


def test_before_a_first_post_the_member_reads_what_a_clinician_may_see(client, group):
    newcomer = add_member(group, ready=False)
    client.force_login(newcomer)
    page = visible_text(client.get(reverse("conversations:board", args=[group.public_id])).content.decode())
    assert "Before you post: what the message check does and what a clinician may see" in page
    assert board_privacy.CLINICIAN_SEES in page
    assert "I understand and agree" in page
    assert "Version 1" not in page and "version 1" not in page  # no version numbers for patients
