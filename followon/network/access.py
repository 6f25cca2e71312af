"""Access helpers for the network: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.network import selectors


def access_listing_for_member(user, public_id):
    """A directory listing `user` may see."""
    return found_or_404(selectors.listing_for_member, user, public_id)
