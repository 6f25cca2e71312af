"""The board's posts and replies read with SQL built once per process (selectors.board_post_rows,
core.prepared, ADR 0032/0033): the same rows as the ORM's own reads, for members and coordinators,
with fewer posts than the page holds (the unused reply slots given NO_POST) and more."""

import re

import pytest
from django.db.models import OuterRef, Subquery

from followon.accounts.models import User
from followon.conversations import selectors, services
from followon.conversations.models import Post
from followon.conversations.tests.factories import add_member

pytestmark = pytest.mark.django_db


def _orm_rows(group, user, *, limit, organiser):
    """What board_post_rows read before it was prepared: the ORM's queries, the IN list of the posts' ids."""
    on_board = (
        Post.objects.filter(group=group)
        .filter(selectors._visible(user, organiser=organiser))
        .annotate(
            author_name=Subquery(User.objects.filter(pk=OuterRef("author_id")).order_by().values("preferred_name")[:1])
        )
    )
    posts = list(
        on_board.filter(parent__isnull=True).order_by("-created_at", "-id").values(*selectors.BOARD_POST_FIELDS)[:limit]
    )
    by_id = {post["id"]: post for post in posts}
    for post in posts:
        post["replies"] = []
    if by_id:
        for reply in (
            on_board.filter(parent_id__in=list(by_id))
            .order_by("created_at", "id")
            .values("parent_id", *selectors.BOARD_POST_FIELDS)
        ):
            by_id[reply.pop("parent_id")]["replies"].append(reply)
    return posts


@pytest.fixture
def board(group, maggie, ravi):
    coordinator = add_member(group, preferred_name="Cora", coordinator=True)
    posts = [services.post_create(group=group, author=(maggie, ravi)[n % 2], body=f"Post {n}").post for n in range(7)]
    for n, post in enumerate(posts[:5]):
        services.post_create(group=group, author=(ravi, maggie)[n % 2], body=f"Reply {n}", parent=post)
    services.post_hide(post=posts[1], actor=coordinator)
    Post.objects.filter(pk=posts[2].pk).update(held_for_review=True)  # Maggie's, held: only she sees it
    return coordinator


@pytest.mark.parametrize("limit", [3, 50])
def test_the_same_rows_as_the_orm_for_each_viewer(group, maggie, ravi, board, limit):
    for user, organiser in ((maggie, False), (ravi, False), (board, True)):
        rows = selectors.board_post_rows(group, user, limit=limit, organiser=organiser)
        assert rows == _orm_rows(group, user, limit=limit, organiser=organiser)
        assert rows and any(row["replies"] for row in rows)
    assert "Post 2" in [r["body"] for r in selectors.board_post_rows(group, maggie)]
    assert "Post 2" not in [r["body"] for r in selectors.board_post_rows(group, ravi)]
    assert "Post 1" in [r["body"] for r in selectors.board_post_rows(group, board, organiser=True)]
    assert "Post 1" not in [r["body"] for r in selectors.board_post_rows(group, maggie)]


def test_replies_to_posts_beyond_the_page_are_not_read(group, maggie, ravi, board, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = selectors.board_post_rows(group, maggie, limit=2)
    assert [r["body"] for r in rows] == ["Post 6", "Post 5"]
    assert all(not row["replies"] for row in rows)  # the replies are to posts 0-4


def test_one_sql_shape_whatever_the_number_of_posts(group, maggie, ravi):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def replies_sql():
        with CaptureQueriesContext(connection) as captured:
            selectors.board_post_rows(group, maggie)
        return captured.captured_queries[-1]["sql"]

    first = services.post_create(group=group, author=maggie, body="One").post
    services.post_create(group=group, author=ravi, body="Re", parent=first)
    with_one = replies_sql()
    for n in range(4):
        services.post_create(group=group, author=ravi, body=f"More {n}")
    assert replies_sql().split(" IN ")[0] == with_one.split(" IN ")[0]
    assert len(re.findall(rf"[(,]\s*{selectors.NO_POST}\b", with_one)) == 49


def test_an_empty_board_and_a_wrong_page_size(group, maggie):
    assert selectors.board_post_rows(group, maggie) == []
    with pytest.raises(ValueError):
        selectors.board_post_rows(group, maggie, limit=0)
