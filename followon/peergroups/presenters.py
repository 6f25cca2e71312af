"""What the group pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from followon.core.formatting import london_date
from followon.core.presenters import summary_row
from followon.peergroups.models import GroupRole, GroupSupporter, PeerGroup

NOT_FORMED = (
    "Not yet. A group has formed once at least 3 people from the programme have met face to face after the "
    "programme ended."
)


def group_staff_rows(group: PeerGroup, *, formation) -> list[dict]:
    """The staff group page: status, when and where it meets, whether (and when) it formed, any merge."""
    since = f" since {london_date(group.formed_on)}" if group.formed_on and group.status == "active" else ""
    rows = [
        summary_row("Status", group.get_status_display() + since),
        summary_row("When it meets", group.meeting_pattern or "Not decided"),
        summary_row("Where it meets", group.area or "Not decided"),
    ]
    if group.status == "forming":
        rows.append(summary_row("Formed", NOT_FORMED))
    elif formation:
        rows.append(summary_row("Formed", f"At the meeting on {london_date(formation.starts_at)}"))
    if group.merged_into:
        rows.append(summary_row("Merged into", f"{group.merged_into.name} on {london_date(group.merged_on)}"))
    return rows


def group_about_rows(group: PeerGroup, *, supporters: list[GroupSupporter]) -> list[dict]:
    """The member's group page: when and where it meets, and the PTV coming to its first meetings."""
    rows = []
    if group.meeting_pattern:
        rows.append(summary_row(_("When"), group.meeting_pattern))
    if group.area:
        rows.append(summary_row(_("Where"), group.area))
    for supporter in supporters:
        rows.append(
            summary_row(
                _("Patient tutor volunteer"),
                _("%(name)s is coming to the first three meetings") % {"name": supporter.user.display_name},
            )
        )
    return rows


def group_role_rows(roles: list[GroupRole], *, viewer) -> list[dict]:
    """Who holds each role now ("You" for the viewer)."""
    return [
        summary_row(role.get_role_display(), _("You") if role.user_id == viewer.pk else role.user.display_name)
        for role in roles
    ]
