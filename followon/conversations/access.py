"""Access helpers for the group board: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.conversations import selectors
from followon.core.access import found_or_404


def access_board_for_member(user, public_id):
    """The group whose board `user` may read (a current member)."""
    return found_or_404(selectors.board_group, user, public_id)


def access_board_page_for_member(user, public_id):
    """The same group as `access_board_for_member`, with where the viewer stands (the board page)."""
    return found_or_404(selectors.board_page_group, user, public_id)


def access_post_for_member(group, user, public_id):
    """A post on `group`'s board that `user` may see."""
    return found_or_404(selectors.post_for_member, group, user, public_id)
