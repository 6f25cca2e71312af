"""What the meeting pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from followon.core.formatting import london_datetime
from followon.core.presenters import summary_link_row, summary_row
from followon.meetings.models import Meeting


def meeting_summary_rows(meeting: Meeting, *, describe: str, occurrence, viewer) -> list[dict]:
    """When, where (with the venue's access facts), how, the online link, the room and who runs it."""
    rows = [summary_row("When", describe)]
    if occurrence:
        rows.append(summary_row("Next", london_datetime(occurrence.start)))
    if meeting.location:
        location = meeting.location
        rows.append(summary_row("Where", location.name + (f", {location.address}" if location.address else "")))
        rows.append(summary_row("Access", ". ".join(location.access_facts) or "Not known yet"))
    elif meeting.venue:
        rows.append(summary_row("Where", meeting.venue))
    rows.append(summary_row("How", meeting.get_mode_display()))
    if meeting.online_url and meeting.mode != "in_person":
        rows.append(summary_link_row("Join online", meeting.online_url, meeting.online_url))
    if meeting.capacity:
        rows.append(summary_row("Room for", f"{meeting.capacity} people"))
    if meeting.host:
        running = "You" if meeting.host_id == viewer.pk else meeting.host.display_name
    else:
        running = "Nobody yet: can you?"
    rows.append(summary_row("Running it", running))
    return rows
