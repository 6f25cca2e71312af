"""Access helpers for follow-on groups: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.peergroups import selectors


def access_group_for_staff(service, public_id):
    """A group of the staff member's own service."""
    return found_or_404(selectors.group_for_staff, service, public_id)


def access_group_for_member(user, public_id):
    """A group `user` is a member of or invited to."""
    return found_or_404(selectors.group_for_member, user, public_id)


def access_group_page_for_member(user, public_id):
    """access_group_for_member, with where the viewer stands read in the same query (the group page)."""
    return found_or_404(selectors.group_page_for_member, user, public_id)


def access_membership_in_group(group, public_id):
    """A current member's membership of `group` (a group the caller already reached)."""
    return found_or_404(selectors.current_membership_in, group, public_id)
