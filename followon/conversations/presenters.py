"""Display helpers for the group board."""

from __future__ import annotations

import uuid

from django.urls import reverse

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
