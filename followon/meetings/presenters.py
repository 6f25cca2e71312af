"""What the meeting pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from followon.core.formatting import day_month, london_datetime, weekday_name
from followon.core.presenters import summary_link_row, summary_row
from followon.meetings.models import Meeting
from followon.meetings.recurrence import LONDON, format_clock


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


# Poll answers, grouped by day (ADR 0028) -----------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    """One time of a poll as its Yes / If need be / No fieldset shows it (meetings/_radios.jinja)."""

    name: str  # the form field's name
    id: str  # the first radio's id (the error summary links to it)
    time: str  # "10am to 11am, Venue": the legend; the day is the group's heading
    value: str  # the answer shown chosen ("" for none)
    error: str


@dataclass
class AnswerDay:
    day: str  # "Thursday 10 December"
    rows: list[AnswerRow] = field(default_factory=list)


def _day_text(date, cache: dict) -> str:
    text = cache.get(date)
    if text is None:
        text = cache[date] = f"{weekday_name(date)} {day_month(date)}"
    return text


def _clock_text(value, cache: dict) -> str:
    """`format_clock(value)`, worked out once a page for each time of day: a poll's 60 times share a
    few start and end times, and "12 noon" is a translation each time (issue 16, ADR 0036)."""
    text = cache.get(value)
    if text is None:
        text = cache[value] = format_clock(value)
    return text


def option_labels(options) -> dict[int, str]:
    """Each option's label as `services.when_text` writes it, plus ", venue": "Thursday 10 December,
    10am to 11am, Hall". The format is translated once and each day's name once a page, not three
    translations per time (issue 16; `test_option_labels_match_when_text`)."""
    words = _("%(day)s, %(start)s to %(end)s")
    days: dict = {}
    clocks: dict = {}
    labels = {}
    for option in options:
        start, end = option.starts_at.astimezone(LONDON), option.ends_at.astimezone(LONDON)
        label = words % {
            "day": _day_text(start.date(), days),
            "start": _clock_text(start.time(), clocks),
            "end": _clock_text(end.time(), clocks),
        }
        labels[option.pk] = f"{label}, {option.venue_name}" if option.venue_id else label
    return labels


def answer_days(form, options) -> list[AnswerDay]:
    """The answer form's times grouped by their day in London, in the options' order (by start).

    Read straight from the form's data or initial answers and errors rather than through 60 bound
    fields (the same values: `test_answer_rows_match_the_bound_fields`): on a poll of 60 times the
    bound fields cost more than the rest of the form (issue 16)."""
    errors = form.errors if form.is_bound else {}
    words = _("%(start)s to %(end)s")
    day_texts: dict = {}
    clocks: dict = {}
    days: list[AnswerDay] = []
    current = None
    for option in options:
        field_name = f"option_{option.pk}"
        name = form.add_prefix(field_name)
        value = form.data.get(name) if form.is_bound else form.fields[field_name].initial
        start, end = option.starts_at.astimezone(LONDON), option.ends_at.astimezone(LONDON)
        date = start.date()
        if current is None or current[0] != date:
            current = (date, AnswerDay(day=_day_text(date, day_texts)))
            days.append(current[1])
        time = words % {"start": _clock_text(start.time(), clocks), "end": _clock_text(end.time(), clocks)}
        if option.venue_id:
            time += f", {option.venue_name}"
        field_errors = errors.get(field_name)
        current[1].rows.append(
            AnswerRow(
                name=name,
                id=form.auto_id % name if form.auto_id else name,
                time=time,
                value="" if value is None else str(value),
                error=field_errors[0] if field_errors else "",
            )
        )
    return days
