"""Display helpers for the group board."""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from typing import NamedTuple

from django.urls import reverse
from django.utils import translation
from markupsafe import Markup

from followon.accounts.models import User
from followon.conversations.models import FLAGGED_SCREEN_LEVELS
from followon.core import csrf_once
from followon.core.fragments import FragmentCache, hole

# No post has this id (uuid4 ids carry a version digit 4), so it can only be the placeholder.
_ANY_POST = uuid.UUID(int=0)
_POST_PAGES = ("reply", "edit", "delete", "report", "hide")


class PostLinks:
    """The addresses of each post's pages on one board (reply, edit, delete, report, hide).

    Reversed once per page with a placeholder for the post, then filled in per post: the same
    address `url("conversations:<page>", group.public_id, post.public_id)` gives (the language prefix
    included), without resolving the URL patterns again for each of a board's 50 posts and their
    replies.
    """

    def __init__(self, group):
        self._patterns = {
            page: reverse(f"conversations:{page}", args=[group.public_id, _ANY_POST]) for page in _POST_PAGES
        }

    def _for(self, page: str, post) -> str:
        return self._patterns[page].replace(str(_ANY_POST), str(post.public_id))

    def reply(self, post) -> str:
        return self._for("reply", post)

    def edit(self, post) -> str:
        return self._for("edit", post)

    def delete(self, post) -> str:
        return self._for("delete", post)

    def report(self, post) -> str:
        return self._for("report", post)

    def hide(self, post) -> str:
        return self._for("hide", post)


# -- the board's posts -----------------------------------------------------------------------------

# Each post's HTML, remembered per process by the values it shows (core/fragments.py, ADR 0031).
POST_CARDS = FragmentCache("conversations/_post_card.jinja")


class BoardPost(NamedTuple):
    """What the board shows of one post, and where the viewer stands towards it: everything
    `conversations/_post_card.jinja` reads, so it is also the post's fragment key (a tuple)."""

    public_id: uuid.UUID
    reply: bool
    author_name: str
    body: str
    source: str
    created_at: datetime
    edited_at: datetime | None
    flagged: bool
    held: bool
    hidden: bool
    mine: bool  # "You", Edit and Delete; otherwise the author's name and Report
    organiser: bool  # the hide / show form (posts by others)

    @classmethod
    def from_row(cls, row: dict, *, viewer_id: int, organiser: bool, reply: bool) -> BoardPost:
        return cls(
            public_id=row["public_id"],
            reply=reply,
            author_name=User.name_shown(row["author_name"]),
            body=row["body"],
            source=row["source"],
            created_at=row["created_at"],
            edited_at=row["edited_at"],
            flagged=row["screen_level"] in FLAGGED_SCREEN_LEVELS,
            held=row["held_for_review"],
            hidden=row["hidden_at"] is not None,
            mine=row["author_id"] == viewer_id,
            organiser=organiser,
        )


def board_cards(rows: list[dict], *, request, group, organiser: bool) -> list[Markup]:
    """The HTML of each post on the board (each top-level post followed by its replies), in the page's
    language. Each post's card is rendered from its `BoardPost` alone, so it is remembered by it; the
    request's CSRF token goes into an organiser's hide form after (never into a remembered card)."""
    links = PostLinks(group)
    viewer_id = request.user.pk
    # The request's CSRF field, the one the page's own forms carry (core/csrf_once.py).
    holes = {"csrf_input": functools.cache(lambda: csrf_once.field_for(request))}
    # The page's language, read once for all its cards (a context-local look-up each time otherwise).
    language = translation.get_language()
    cards = []
    for row in rows:
        for item, reply in ((row, False), *((child, True) for child in row["replies"])):
            post = BoardPost.from_row(item, viewer_id=viewer_id, organiser=organiser, reply=reply)
            cards.append(
                POST_CARDS.render(
                    post,
                    lambda post=post: {"post": post, "post_links": links, "csrf_input": hole("csrf_input")},
                    holes if organiser and not post.mine else None,
                    language=language,
                )
            )
    return cards
