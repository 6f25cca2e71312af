"""Access helpers for meetings: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.meetings import selectors


def access_meetings_group_for_member(user, public_id):
    """A group whose meetings `user` may see: a current member, or its attached PTV supporter."""
    return found_or_404(selectors.group_for_member, user, public_id)


def access_meetings_group_page_for_member(user, public_id):
    """access_meetings_group_for_member, for the group's meetings page (with its polls' number)."""
    return found_or_404(selectors.group_for_meetings_page, user, public_id)


def access_poll_for_member(user, public_id):
    """A poll of one of `user`'s groups."""
    return found_or_404(selectors.poll_for_member, user, public_id)


def access_meeting_for_member(user, public_id):
    """A meeting of one of `user`'s groups."""
    return found_or_404(selectors.meeting_for_member, user, public_id)
