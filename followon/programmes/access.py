"""Access helpers for programmes: the object, or a 404 when it does not exist or is not the caller's
(core.access)."""

from followon.core.access import found_or_404
from followon.programmes import selectors


def access_programme_for_staff(service, public_id):
    """A programme of the staff member's own service."""
    return found_or_404(selectors.programme_for_staff, service, public_id)


def access_programme_page_for_staff(service, public_id):
    """access_programme_for_staff for the programme page, with what the page shows of it."""
    return found_or_404(selectors.programme_page_for_staff, service, public_id)


def access_enrolment_for_member(user, public_id):
    """`user`'s own place on a programme."""
    return found_or_404(selectors.member_enrolment, user, public_id)
