"""Access helpers for the safety queue: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.safety import selectors


def access_item_for_staff(service, public_id):
    """A queue item of the staff member's own service."""
    return found_or_404(selectors.queue_item_for_staff, service, public_id)
