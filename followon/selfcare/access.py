"""Access helpers for self-management: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.selfcare import selectors


def access_goal_for_member(user, public_id):
    """One of `user`'s own goals."""
    return found_or_404(selectors.goal_for_member, user, public_id)


def access_activity_for_member(user, public_id):
    """One of `user`'s own pacing activities."""
    return found_or_404(selectors.activity_for_member, user, public_id)
