"""What the meeting pages show, as NHS.UK summary-list rows (core.presenters)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from followon.core.formatting import day_month, london_datetime, weekday_name
from followon.core.memo import BoundedMemo
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


class PollWords:
    """Each option's day and times in words, worked out once a page and shared by the option labels
    and the answer rows (issue 16, ADR 0037): the day's name, date and the two times of an option, in
    London time and the active language."""

    def __init__(self):
        self._days: dict = {}
        self._clocks: dict = {}
        self._options: dict = {}

    def of(self, option) -> tuple:
        """(date, day, start, end): (date(2026, 12, 10), "Thursday 10 December", "10am", "11am")."""
        words = self._options.get(option.pk)
        if words is None:
            start, end = option.starts_at.astimezone(LONDON), option.ends_at.astimezone(LONDON)
            words = self._options[option.pk] = (
                start.date(),
                _day_text(start.date(), self._days),
                _clock_text(start.time(), self._clocks),
                _clock_text(end.time(), self._clocks),
            )
        return words


def option_labels(options, words: PollWords | None = None) -> dict[int, str]:
    """Each option's label as `services.when_text` writes it, plus ", venue": "Thursday 10 December,
    10am to 11am, Hall". The format is translated once and each day's name once a page, not three
    translations per time (issue 16; `test_option_labels_match_when_text`)."""
    words = words or PollWords()
    text = _("%(day)s, %(start)s to %(end)s")
    labels = {}
    for option in options:
        _date, day, start, end = words.of(option)
        label = text % {"day": day, "start": start, "end": end}
        labels[option.pk] = f"{label}, {option.venue_name}" if option.venue_id else label
    return labels


# The NHS.UK radios HTML of one time, as meetings/_radios.jinja's `answer_days` macro wrote it until issue 16's
# eighth pass (ADR 0039): the same bytes, written by one `str.format` a time instead of a Jinja loop of about
# twenty escaped values a time. `test_answer_days_html.py` holds it to that macro.
_ROW_START = '\n<div class="nhsuk-form-group">\n<fieldset class="nhsuk-fieldset">\n'
_ROW_START_ERROR = (
    '\n<div class="nhsuk-form-group nhsuk-form-group--error">\n'
    '<fieldset class="nhsuk-fieldset" aria-describedby="{id}-error">\n'
)
_LEGEND = (
    '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">'
    '<span class="nhsuk-u-visually-hidden">{day}, </span>{time}</legend>'
)
_ERROR = (
    '\n<span class="nhsuk-error-message" id="{id}-error">'
    '<span class="nhsuk-u-visually-hidden">{prefix} </span>{error}</span>'
)
_RADIOS_START = '\n<div class="nhsuk-radios nhsuk-radios--inline" data-module="nhsuk-radios">'
_RADIO = (
    '\n<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="{{id}}{suffix}" name="{{name}}" '
    'type="radio" value="{value}"{checked}><label class="nhsuk-label nhsuk-radios__label" for="{{id}}{suffix}">'
    "{text}</label></div>"
)
_ROW_END = "\n</div>\n</fieldset>\n</div>"


def _braces(text: str) -> str:
    """`text` as a literal part of a `str.format` pattern."""
    return text.replace("{", "{{").replace("}", "}}")


def _row_patterns(items, error_prefix) -> tuple[dict, dict]:
    """A time's whole HTML as a `str.format` pattern of its escaped day, time, id, name (and error) for each
    answer that can be chosen, or none (key None): (without an error, with one)."""
    items = [(value, _braces(escape(value)), _braces(escape(text))) for value, text in items]
    prefix = _braces(escape(error_prefix))
    plain, with_error = {}, {}
    for chosen in [None, *(value for value, _escaped, _text in items)]:
        radios = _RADIOS_START + "".join(
            _RADIO.format(
                suffix="" if index == 1 else f"-{index}",
                value=escaped,
                checked=" checked" if value == chosen else "",
                text=text,
            )
            for index, (value, escaped, text) in enumerate(items, start=1)
        )
        plain[chosen] = _ROW_START + _LEGEND + radios + _ROW_END
        with_error[chosen] = _ROW_START_ERROR + _LEGEND + _ERROR.replace("{prefix}", prefix) + radios + _ROW_END
    return plain, with_error


# The organiser's ranked times as `meetings/poll.jinja`'s loop wrote them until issue 16's ninth pass (ADR 0044):
# the same bytes, one `str.format` a row instead of a Jinja loop of five cells and a name a person left out (a
# fifth of the page's own render). `test_ranked_rows_html.py` holds it to that loop.
_RANKED_CELL = (
    '\n                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">'
)


def ranked_rows_html(ranked, labels, names, headings, someone, nobody) -> Markup:
    """The ranked table's rows: for each ranked option its rank, time (`labels`), how many can come, how
    many said Yes and whom it leaves out (`names`, `someone` for anyone not in them, `nobody` for none),
    each cell with its heading for narrow screens (`headings`: rank, time, can come, yes, leaves out).
    Every value is escaped as Jinja's autoescape escapes it (a Markup as it is)."""
    rank, time, can_come, yes, leaves_out = (_braces(escape(heading)) for heading in headings)
    pattern = (
        '\n              <tr role="row" class="nhsuk-table__row">'
        f"{_RANKED_CELL}{rank} </span>{{rank}}</td>"
        f"{_RANKED_CELL}{time} </span>{{time}}</td>"
        f"{_RANKED_CELL}{can_come} </span>{{can_come}}</td>"
        f"{_RANKED_CELL}{yes} </span>{{yes}}</td>"
        f"{_RANKED_CELL}{leaves_out} </span>{{left_out}}</td>"
        "\n              </tr>\n            "
    )
    nobody = escape(nobody)
    parts = []
    for r in ranked:
        left_out = ", ".join([escape(names.get(uid, someone)) for uid in r.left_out]) if r.left_out else nobody
        parts.append(
            pattern.format(
                rank=escape(r.rank),
                time=escape(labels.get(r.option.id, "")),
                can_come=escape(r.can_come),
                yes=escape(r.yes),
                left_out=left_out,
            )
        )
    return Markup("".join(parts))  # noqa: S704 - every value in it escaped above


class AnswerDays(list):
    """`answer_days`' days (a list of AnswerDay) and their HTML (`html`, remembered on the instance for
    the same items, heading level and error prefix: a remembered AnswerDays (`remembered_answer_days`)
    is shown again and again)."""

    def html(self, items, heading_level, error_prefix) -> Markup:
        """The Yes / If need be / No radios of every time under a heading for each day: what
        `meetings/_radios.jinja`'s `answer_days` macro shows (its docstring says why it looks as it
        does). Every value is escaped once, as Jinja's autoescape escapes it; each time is one pattern
        a page for the answer chosen (or none), filled with its escaped day, time, id and name."""
        # Types are part of the key: a Markup is not escaped again where an equal str would be.
        key = (
            tuple((type(value), value, type(text), text) for value, text in items),
            type(heading_level),
            heading_level,
            type(error_prefix),
            error_prefix,
        )
        remembered = self.__dict__.setdefault("_html", {})
        try:
            found = remembered.get(key)
        except TypeError:  # items that cannot be a key (a list for a pair): written out, not remembered
            return self._html_of(items, heading_level, error_prefix)
        if found is None:
            found = remembered[key] = self._html_of(items, heading_level, error_prefix)
        return found

    def _html_of(self, items, heading_level, error_prefix) -> Markup:
        plain, with_error = _row_patterns(items, error_prefix)
        level = escape(heading_level)
        heading = f'\n<h{level} class="nhsuk-heading-s">{{}}</h{level}>'
        parts = []
        for day in self:
            day_text = escape(day.day)
            parts.append(heading.format(day_text))
            for row in day.rows:
                # A posted value that is not one of the answers: nothing chosen, as the macro showed it.
                if row.error:
                    pattern = with_error.get(row.value) or with_error[None]
                    error = escape(row.error)
                else:
                    pattern = plain.get(row.value) or plain[None]
                    error = ""
                parts.append(
                    pattern.format(
                        day=day_text, time=escape(row.time), id=escape(row.id), name=escape(row.name), error=error
                    )
                )
        return Markup("".join(parts))  # noqa: S704 - every value in it escaped above


def answer_days(form, options, words: PollWords | None = None) -> AnswerDays:
    """The answer form's times grouped by their day in London, in the options' order (by start).

    Read straight from the form's data or initial answers and errors rather than through 60 bound
    fields (the same values: `test_answer_rows_match_the_bound_fields`): on a poll of 60 times the
    bound fields cost more than the rest of the form (issue 16), and an unposted form builds none
    (`forms.AnswerForm`, ADR 0037)."""
    words = words or PollWords()
    bound = form.is_bound
    errors = form.errors if bound else {}
    data, initial = form.data, form.initial_answers
    auto_id = form.auto_id
    text = _("%(start)s to %(end)s")
    days = AnswerDays()
    current_date = current = None
    for option in options:
        field_name = f"option_{option.pk}"
        name = form.add_prefix(field_name)
        value = data.get(name) if bound else initial.get(option.pk)
        date, day, start, end = words.of(option)
        if current is None or current_date != date:
            current_date, current = date, AnswerDay(day=day)
            days.append(current)
        time = text % {"start": start, "end": end}
        if option.venue_id:
            time += f", {option.venue_name}"
        field_errors = errors.get(field_name)
        current.rows.append(
            AnswerRow(
                name=name,
                id=auto_id % name if auto_id else name,
                time=time,
                value="" if value is None else str(value),
                error=field_errors[0] if field_errors else "",
            )
        )
    return days


# The options' labels and an unposted form's answer rows, remembered per process by everything they are worked
# out from (ADR 0031's rule; ADR 0044): the page's language (the words are translated when worked out) and the
# options' rows as read (`selectors.PollOptionRows.key`); for the answer rows also the answers shown chosen and
# the form's field names and ids. A change to any option or answer gives a new key. A posted form (its data and
# errors) is never remembered. In memory only, the least recently used forgotten first (core/memo.py, ADR 0045);
# a 60-time poll's entry is about 40 KB. On the 15 x 60 poll the labels and rows were 0.6 ms of a 4.4 ms page
# (issue 16).
POLL_WORDS_MAX = 64
POLL_WORDS: BoundedMemo = BoundedMemo(POLL_WORDS_MAX)


def remembered_option_labels(options, words: PollWords | None = None) -> dict[int, str]:
    """`option_labels(options, words)`, remembered by the page's language and the options' rows as read
    (a new dict each call: the caller may change it). Options without their rows (`key`) are not remembered."""
    rows = getattr(options, "key", None)
    if rows is None:
        return option_labels(options, words)
    return dict(POLL_WORDS.get_or_make(("labels", get_language(), rows), lambda: option_labels(options, words)))


def remembered_answer_days(form, options, words: PollWords | None = None) -> AnswerDays:
    """`answer_days(form, options, words)`, remembered for an unposted form by the page's language, the
    options' rows as read, the answers shown chosen and the form's names and ids. Shown, never changed:
    the same AnswerDays is given to every request with that key."""
    rows = getattr(options, "key", None)
    if form.is_bound or rows is None:
        return answer_days(form, options, words)
    key = (
        "days",
        get_language(),
        rows,
        tuple(sorted((option_id, type(v), v) for option_id, v in form.initial_answers.items())),
        form.auto_id,
        form.prefix,
    )
    return POLL_WORDS.get_or_make(key, lambda: answer_days(form, options, words))
