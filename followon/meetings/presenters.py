"""What the meeting pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from followon.core.formatting import london_datetime
from followon.core.presenters import summary_link_row, summary_row
from followon.meetings.models import Meeting


def meeting_summary_rows(meeting: Meeting, *, describe: str, occurrence, viewer) -> list[dict]:
    """When, where (with the venue's access facts), how, the online link, the room and who runs it."""
    rows = [summary_row(_("When"), describe)]
    if occurrence:
        rows.append(summary_row(_("Next"), london_datetime(occurrence.start)))
    if meeting.location:
        location = meeting.location
        rows.append(summary_row(_("Where"), location.name + (f", {location.address}" if location.address else "")))
        rows.append(summary_row(_("Access"), ". ".join(location.access_facts) or _("Not known yet")))
    elif meeting.venue:
        rows.append(summary_row(_("Where"), meeting.venue))
    rows.append(summary_row(_("How"), meeting.get_mode_display()))
    if meeting.online_url and meeting.mode != "in_person":
        rows.append(summary_link_row(_("Join online"), meeting.online_url, meeting.online_url))
    if meeting.capacity:
        rows.append(summary_row(_("Room for"), _("%(count)s people") % {"count": meeting.capacity}))
    if meeting.host:
        running = _("You") if meeting.host_id == viewer.pk else meeting.host.display_name
    else:
        running = _("Nobody yet: can you?")
    rows.append(summary_row(_("Running it"), running))
    return rows
