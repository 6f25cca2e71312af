"""A group board as a member reads it: a group of eight with two years of posts (480, as the busy
group of `make bench-scale`), every fourth with two replies, read at 1x (48 posts) and 10x (480).

Prints the standard page line `bench group_board ...` for the 10x board and `bench group_board_rows`
with both query counts; fails if the query count grew with the posts.
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

POSTS = 480
MEMBERS = 8
DAYS = 730


def _posts(group, authors, first: int, count: int) -> None:
    from followon.conversations.models import Post

    now = timezone.now()
    step = dt.timedelta(days=DAYS) / POSTS
    tops = Post.objects.bulk_create(
        [
            Post(group=group, author=authors[n % len(authors)], body=f"Bench post {n}: walked round the park today.")
            for n in range(first, first + count)
        ]
    )
    replies = [
        Post(group=group, author=authors[(n + k + 1) % len(authors)], parent=top, body=f"Reply {k} to post {n}")
        for n, top in zip(range(first, first + count), tops, strict=True)
        if n % 4 == 0
        for k in range(2)
    ]
    Post.objects.bulk_create(replies)
    # Spread over two years, newest last (created_at is auto_now_add, so it is set after the insert).
    for n, top in zip(range(first, first + count), tops, strict=True):
        Post.objects.filter(pk=top.pk).update(created_at=now - (POSTS - n) * step)
        Post.objects.filter(parent=top).update(created_at=now - (POSTS - n) * step + dt.timedelta(hours=3))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE conversations_post")


def run(ctx) -> None:
    from followon.conversations.tests.factories import add_member, make_group

    member = ctx.user("member")
    group = make_group(ctx.service, name="Bench board group")
    authors = [add_member(group, member)]
    authors += [add_member(group, preferred_name=f"Board mate {n}") for n in range(MEMBERS - 1)]
    path = f"/my/groups/{group.public_id}/board/"

    _posts(group, authors, 0, POSTS // 10)
    small = ctx.measure_page("group_board_1x", path, user=member, emit=False)
    _posts(group, authors, POSTS // 10, POSTS - POSTS // 10)
    large = ctx.measure_page("group_board", path, user=member)
    ctx.emit("group_board_rows", posts=POSTS, queries_1x=small["queries"], queries=large["queries"])
    if small["queries"] != large["queries"]:
        raise AssertionError(f"group board queries grew with the posts: {small['queries']} -> {large['queries']}")
