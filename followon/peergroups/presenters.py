"""What the group pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followon.core.formatting import london_date
from followon.core.presenters import summary_row
from followon.peergroups.models import GroupRole, GroupSupporter, PeerGroup

NOT_FORMED = gettext_lazy(
    "Not yet. A group has formed once at least 3 people from the programme have met face to face after the "
    "programme ended."
)


def group_staff_rows(group: PeerGroup, *, formation) -> list[dict]:
    """The staff group page: status, when and where it meets, whether (and when) it formed, any merge."""
    status = group.get_status_display()
    if group.formed_on and group.status == "active":
        status = _("%(status)s since %(date)s") % {"status": status, "date": london_date(group.formed_on)}
    rows = [
        summary_row(_("Status"), status),
        summary_row(_("When it meets"), group.meeting_pattern or _("Not decided")),
        summary_row(_("Where it meets"), group.area or _("Not decided")),
    ]
    if group.status == "forming":
        rows.append(summary_row(_("Formed"), str(NOT_FORMED)))
    elif formation:
        rows.append(
            summary_row(_("Formed"), _("At the meeting on %(date)s") % {"date": london_date(formation.starts_at)})
        )
    if group.merged_into:
        rows.append(
            summary_row(
                _("Merged into"),
                _("%(group)s on %(date)s") % {"group": group.merged_into.name, "date": london_date(group.merged_on)},
            )
        )
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
