"""When a group meets: one-off and repeating meetings in Europe/London local time. Pure, no database.

A :class:`Recurrence` is a value object the meetings models can store field by field (every field is a
date, a time, an int, a string choice or a set of dates) and rebuild to expand occurrences or write an
iCalendar RRULE. It is validated when built, so an invalid one cannot exist: bad input raises
:class:`RecurrenceError`, a ``ValueError`` whose text is an NHS-style message and whose ``field`` names
the form field to show it against.

The pattern is always anchored on the date of the first meeting, so the first meeting is always an
occurrence (RFC 5545 counts DTSTART as the first instance, python-dateutil does not; anchoring makes them
agree):

- ``ONE_OFF``: once, on ``first_date``.
- ``WEEKLY``: every ``interval`` weeks on the weekday of ``first_date`` (1 weekly, 2 fortnightly, N).
- ``MONTHLY_BY_DATE``: every ``interval`` months on the day of the month of ``first_date``. From the 29th
  to the 31st, a month without that day has its meeting on its last day (the 31st becomes 30 April and
  28 or 29 February), written as ``BYMONTHDAY=28,29,30,31;BYSETPOS=-1``. A meeting never silently
  disappears for a month.
- ``MONTHLY_BY_WEEKDAY``: every ``interval`` months on the same weekday and week of the month as
  ``first_date`` ("second Tuesday"), or the last such weekday ("last Friday") when
  ``last_weekday_of_month`` is set. A fifth weekday is refused: most months do not have one.

Times are wall-clock times in Europe/London: a 10:30 meeting is at 10:30 local before and after the
October and March clock changes (python-dateutil's rrule keeps the wall time of an aware DTSTART).
A wall time that does not exist (01:00 to 01:59 on the last Sunday in March) is read as PEP 495 reads
it with ``fold=0``: the UTC offset from before the change, so 01:30 is shown as 02:30 BST.

``skipped`` dates are planned gaps (written as EXDATE: the meeting simply is not there);
``cancelled`` dates are meetings that were announced and then called off (calendar files keep them,
marked cancelled, so members see the change). Both must be dates of the pattern.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from itertools import islice

from dateutil.rrule import rrule, rrulestr
from django.utils.dates import MONTHS_ALT, WEEKDAYS
from django.utils.translation import gettext, ngettext, pgettext

from followon.core.formatting import LONDON, day_month

__all__ = [
    "LONDON",
    "MAX_COUNT",
    "MAX_MONTHS_BETWEEN",
    "MAX_WEEKS_BETWEEN",
    "TZID",
    "Frequency",
    "Occurrence",
    "Recurrence",
    "RecurrenceError",
    "format_clock",
]

TZID = "Europe/London"

MAX_WEEKS_BETWEEN = 52
MAX_MONTHS_BETWEEN = 12
MAX_COUNT = 520  # ten years of weekly meetings

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The day of the month with its article, for "On the 2nd of every month" (Welsh "yr 2il": the article
# and the ordinal's ending depend on the number, so each is its own catalogue entry).
_DAYS_OF_MONTH = {
    1: lambda: pgettext("day of the month", "the 1st"),
    2: lambda: pgettext("day of the month", "the 2nd"),
    3: lambda: pgettext("day of the month", "the 3rd"),
    4: lambda: pgettext("day of the month", "the 4th"),
    5: lambda: pgettext("day of the month", "the 5th"),
    6: lambda: pgettext("day of the month", "the 6th"),
    7: lambda: pgettext("day of the month", "the 7th"),
    8: lambda: pgettext("day of the month", "the 8th"),
    9: lambda: pgettext("day of the month", "the 9th"),
    10: lambda: pgettext("day of the month", "the 10th"),
    11: lambda: pgettext("day of the month", "the 11th"),
    12: lambda: pgettext("day of the month", "the 12th"),
    13: lambda: pgettext("day of the month", "the 13th"),
    14: lambda: pgettext("day of the month", "the 14th"),
    15: lambda: pgettext("day of the month", "the 15th"),
    16: lambda: pgettext("day of the month", "the 16th"),
    17: lambda: pgettext("day of the month", "the 17th"),
    18: lambda: pgettext("day of the month", "the 18th"),
    19: lambda: pgettext("day of the month", "the 19th"),
    20: lambda: pgettext("day of the month", "the 20th"),
    21: lambda: pgettext("day of the month", "the 21st"),
    22: lambda: pgettext("day of the month", "the 22nd"),
    23: lambda: pgettext("day of the month", "the 23rd"),
    24: lambda: pgettext("day of the month", "the 24th"),
    25: lambda: pgettext("day of the month", "the 25th"),
    26: lambda: pgettext("day of the month", "the 26th"),
    27: lambda: pgettext("day of the month", "the 27th"),
    28: lambda: pgettext("day of the month", "the 28th"),
    29: lambda: pgettext("day of the month", "the 29th"),
    30: lambda: pgettext("day of the month", "the 30th"),
    31: lambda: pgettext("day of the month", "the 31st"),
}
# The weekday of the month with its article, for "On the second Tuesday of every month" (Welsh puts
# "cyntaf" and "olaf" after the day and mutates it after "ail": "yr ail ddydd Mawrth", "y dydd Gwener olaf").
_WEEKDAYS_OF_MONTH = {
    (1, 0): lambda: pgettext("weekday of the month", "the first Monday"),
    (1, 1): lambda: pgettext("weekday of the month", "the first Tuesday"),
    (1, 2): lambda: pgettext("weekday of the month", "the first Wednesday"),
    (1, 3): lambda: pgettext("weekday of the month", "the first Thursday"),
    (1, 4): lambda: pgettext("weekday of the month", "the first Friday"),
    (1, 5): lambda: pgettext("weekday of the month", "the first Saturday"),
    (1, 6): lambda: pgettext("weekday of the month", "the first Sunday"),
    (2, 0): lambda: pgettext("weekday of the month", "the second Monday"),
    (2, 1): lambda: pgettext("weekday of the month", "the second Tuesday"),
    (2, 2): lambda: pgettext("weekday of the month", "the second Wednesday"),
    (2, 3): lambda: pgettext("weekday of the month", "the second Thursday"),
    (2, 4): lambda: pgettext("weekday of the month", "the second Friday"),
    (2, 5): lambda: pgettext("weekday of the month", "the second Saturday"),
    (2, 6): lambda: pgettext("weekday of the month", "the second Sunday"),
    (3, 0): lambda: pgettext("weekday of the month", "the third Monday"),
    (3, 1): lambda: pgettext("weekday of the month", "the third Tuesday"),
    (3, 2): lambda: pgettext("weekday of the month", "the third Wednesday"),
    (3, 3): lambda: pgettext("weekday of the month", "the third Thursday"),
    (3, 4): lambda: pgettext("weekday of the month", "the third Friday"),
    (3, 5): lambda: pgettext("weekday of the month", "the third Saturday"),
    (3, 6): lambda: pgettext("weekday of the month", "the third Sunday"),
    (4, 0): lambda: pgettext("weekday of the month", "the fourth Monday"),
    (4, 1): lambda: pgettext("weekday of the month", "the fourth Tuesday"),
    (4, 2): lambda: pgettext("weekday of the month", "the fourth Wednesday"),
    (4, 3): lambda: pgettext("weekday of the month", "the fourth Thursday"),
    (4, 4): lambda: pgettext("weekday of the month", "the fourth Friday"),
    (4, 5): lambda: pgettext("weekday of the month", "the fourth Saturday"),
    (4, 6): lambda: pgettext("weekday of the month", "the fourth Sunday"),
    (-1, 0): lambda: pgettext("weekday of the month", "the last Monday"),
    (-1, 1): lambda: pgettext("weekday of the month", "the last Tuesday"),
    (-1, 2): lambda: pgettext("weekday of the month", "the last Wednesday"),
    (-1, 3): lambda: pgettext("weekday of the month", "the last Thursday"),
    (-1, 4): lambda: pgettext("weekday of the month", "the last Friday"),
    (-1, 5): lambda: pgettext("weekday of the month", "the last Saturday"),
    (-1, 6): lambda: pgettext("weekday of the month", "the last Sunday"),
}
# Why a first date cannot start a monthly-by-weekday pattern: whole sentences per weekday (Welsh mutates
# the day's name after some words, so it cannot be filled in).
_NOT_THE_LAST = {
    0: lambda: gettext("%(date)s is not the last Monday of the month. Choose a date that is"),
    1: lambda: gettext("%(date)s is not the last Tuesday of the month. Choose a date that is"),
    2: lambda: gettext("%(date)s is not the last Wednesday of the month. Choose a date that is"),
    3: lambda: gettext("%(date)s is not the last Thursday of the month. Choose a date that is"),
    4: lambda: gettext("%(date)s is not the last Friday of the month. Choose a date that is"),
    5: lambda: gettext("%(date)s is not the last Saturday of the month. Choose a date that is"),
    6: lambda: gettext("%(date)s is not the last Sunday of the month. Choose a date that is"),
}
_FIFTH = {
    0: lambda: gettext(
        "%(date)s is the fifth Monday of the month, which most months do not have. "
        "Choose the last Monday of every month instead"
    ),
    1: lambda: gettext(
        "%(date)s is the fifth Tuesday of the month, which most months do not have. "
        "Choose the last Tuesday of every month instead"
    ),
    2: lambda: gettext(
        "%(date)s is the fifth Wednesday of the month, which most months do not have. "
        "Choose the last Wednesday of every month instead"
    ),
    3: lambda: gettext(
        "%(date)s is the fifth Thursday of the month, which most months do not have. "
        "Choose the last Thursday of every month instead"
    ),
    4: lambda: gettext(
        "%(date)s is the fifth Friday of the month, which most months do not have. "
        "Choose the last Friday of every month instead"
    ),
    5: lambda: gettext(
        "%(date)s is the fifth Saturday of the month, which most months do not have. "
        "Choose the last Saturday of every month instead"
    ),
    6: lambda: gettext(
        "%(date)s is the fifth Sunday of the month, which most months do not have. "
        "Choose the last Sunday of every month instead"
    ),
}


class RecurrenceError(ValueError):
    """A recurrence that cannot be built. ``str(error)`` is the message; ``field`` the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Frequency(StrEnum):
    ONE_OFF = "one_off"
    WEEKLY = "weekly"
    MONTHLY_BY_DATE = "monthly_by_date"
    MONTHLY_BY_WEEKDAY = "monthly_by_weekday"


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a recurrence. ``date`` is its date in the pattern, the key that stays put."""

    date: date
    start: datetime  # aware, Europe/London
    end: datetime  # aware, Europe/London
    cancelled: bool = False


def format_clock(value: time) -> str:
    """A time the NHS way: 10:30am, 2pm, 12 noon, 12 midnight."""
    if value.minute == 0 and value.hour == 12:
        return gettext("12 noon")
    if value.minute == 0 and value.hour == 0:
        return gettext("12 midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _long_date(value: date) -> str:
    """Like "2 March 2027", in the active language."""
    return f"{day_month(value)} {value.year}"


def _ical_local(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def day_end(start: datetime) -> datetime:
    """The last second of the London day on which ``start`` falls (aware). A meeting ends on the day it
    starts (`Recurrence` refuses anything else), so a length added to a late start is cut here."""
    local = start.astimezone(LONDON)
    return datetime.combine(local.date(), time(23, 59, 59), tzinfo=LONDON)


@dataclass(frozen=True)
class Recurrence:
    """When a meeting happens. Validated on construction; see the module docstring for the rules."""

    first_date: date
    start_time: time
    end_time: time
    frequency: Frequency = Frequency.ONE_OFF
    interval: int = 1  # weeks (WEEKLY) or months (MONTHLY_*) between meetings
    last_weekday_of_month: bool = False  # MONTHLY_BY_WEEKDAY only: "last Friday"
    count: int | None = None  # how many meetings in all, or
    until: date | None = None  # the date of the last possible meeting (inclusive); neither = no end
    skipped: frozenset[date] = frozenset()
    cancelled: frozenset[date] = frozenset()

    @classmethod
    def once(cls, start: datetime, end: datetime) -> Recurrence:
        """A one-off meeting from aware datetimes (like ``Meeting.starts_at`` and ``ends_at``), in London time."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("start and end must be timezone-aware")
        local_start, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
        if local_end <= local_start:
            raise RecurrenceError(gettext("The meeting must end after it starts"), field="end_time")
        if local_end.date() != local_start.date():
            raise RecurrenceError(gettext("The meeting must end on the day it starts"), field="end_time")
        return cls(first_date=local_start.date(), start_time=local_start.time(), end_time=local_end.time())

    # -- validation ---------------------------------------------------------------------------------

    def __post_init__(self) -> None:
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        object.__setattr__(self, "skipped", frozenset(self.skipped))
        object.__setattr__(self, "cancelled", frozenset(self.cancelled))
        if isinstance(self.first_date, datetime) or not isinstance(self.first_date, date):
            raise RecurrenceError(gettext("Enter the date of the first meeting"), field="first_date")
        for name in ("start_time", "end_time"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise RecurrenceError(gettext("Enter a time, like 10:30am"), field=name)
        if self.end_time <= self.start_time:
            raise RecurrenceError(gettext("The meeting must end after it starts"), field="end_time")
        self._check_repeat()
        self._check_dates(self.skipped, "skipped", gettext("There is no meeting on %(date)s to skip"))
        self._check_dates(self.cancelled, "cancelled", gettext("There is no meeting on %(date)s to cancel"))
        both = self.skipped & self.cancelled
        if both:
            day = _long_date(min(both))
            raise RecurrenceError(
                gettext("The meeting on %(date)s cannot be both skipped and cancelled") % {"date": day},
                field="cancelled",
            )
        if self.first() is None:
            raise RecurrenceError(
                gettext("The meeting never takes place because every date is skipped. Keep at least one date"),
                field="skipped",
            )

    def _check_repeat(self) -> None:
        if self.frequency is Frequency.ONE_OFF:
            if self.interval != 1 or self.count is not None or self.until is not None or self.last_weekday_of_month:
                raise RecurrenceError(gettext("A one-off meeting cannot repeat"), field="frequency")
            return
        if isinstance(self.interval, bool) or not isinstance(self.interval, int):
            raise RecurrenceError(gettext("Enter how often the meeting repeats, like 2"), field="interval")
        if self.frequency is Frequency.WEEKLY:
            if not 1 <= self.interval <= MAX_WEEKS_BETWEEN:
                raise RecurrenceError(
                    gettext("The number of weeks between meetings must be between 1 and %(most)s")
                    % {"most": MAX_WEEKS_BETWEEN},
                    field="interval",
                )
        elif not 1 <= self.interval <= MAX_MONTHS_BETWEEN:
            raise RecurrenceError(
                gettext("The number of months between meetings must be between 1 and %(most)s")
                % {"most": MAX_MONTHS_BETWEEN},
                field="interval",
            )
        if self.last_weekday_of_month and self.frequency is not Frequency.MONTHLY_BY_WEEKDAY:
            raise RecurrenceError(gettext("Only a meeting on a day of the week can be on the last one of the month"))
        if self.count is not None and self.until is not None:
            raise RecurrenceError(
                gettext("Enter either how many meetings there will be or the date of the last meeting, not both"),
                field="count",
            )
        if self.count is not None:
            if isinstance(self.count, bool) or not isinstance(self.count, int):
                raise RecurrenceError(gettext("Enter how many meetings there will be, like 10"), field="count")
            if self.count < 1:
                raise RecurrenceError(gettext("The number of meetings must be 1 or more"), field="count")
            if self.count > MAX_COUNT:
                raise RecurrenceError(
                    gettext("The number of meetings must be %(most)s or fewer") % {"most": MAX_COUNT}, field="count"
                )
        if self.until is not None:
            if isinstance(self.until, datetime) or not isinstance(self.until, date):
                raise RecurrenceError(gettext("Enter the date of the last meeting"), field="until")
            if self.until < self.first_date:
                raise RecurrenceError(
                    gettext("The date of the last meeting must be the same as or after the date of the first meeting"),
                    field="until",
                )
        if self.frequency is Frequency.MONTHLY_BY_WEEKDAY:
            weekday = self.first_date.weekday()
            first = {"date": _long_date(self.first_date)}
            if self.last_weekday_of_month:
                if (self.first_date + timedelta(days=7)).month == self.first_date.month:
                    raise RecurrenceError(_NOT_THE_LAST[weekday]() % first, field="first_date")
            elif self._week_of_month > 4:
                raise RecurrenceError(_FIFTH[weekday]() % first, field="first_date")

    def _check_dates(self, dates: Iterable[date], field: str, no_meeting: str) -> None:
        for day in sorted(dates):
            if isinstance(day, datetime) or not isinstance(day, date):
                raise RecurrenceError(gettext("Enter a date, like 27 3 2027"), field=field)
            if not self._in_pattern(day):
                raise RecurrenceError(no_meeting % {"date": _long_date(day)}, field=field)

    # -- the pattern ----------------------------------------------------------------------------------

    @property
    def _week_of_month(self) -> int:
        return (self.first_date.day - 1) // 7 + 1

    @property
    def dtstart(self) -> datetime:
        """The start of the first meeting, aware, Europe/London."""
        return datetime.combine(self.first_date, self.start_time, tzinfo=LONDON)

    @property
    def duration(self) -> timedelta:
        return datetime.combine(self.first_date, self.end_time) - datetime.combine(self.first_date, self.start_time)

    @property
    def repeats(self) -> bool:
        return self.frequency is not Frequency.ONE_OFF

    @property
    def is_finite(self) -> bool:
        return not self.repeats or self.count is not None or self.until is not None

    def rrule_value(self) -> str | None:
        """The RFC 5545 RRULE value, like ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10``; None for a one-off."""
        if not self.repeats:
            return None
        parts = ["FREQ=WEEKLY" if self.frequency is Frequency.WEEKLY else "FREQ=MONTHLY"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.frequency is Frequency.WEEKLY:
            parts.append(f"BYDAY={_WEEKDAY_CODES[self.first_date.weekday()]}")
        elif self.frequency is Frequency.MONTHLY_BY_DATE:
            day = self.first_date.day
            if day <= 28:
                parts.append(f"BYMONTHDAY={day}")
            else:
                parts.append("BYMONTHDAY=" + ",".join(str(d) for d in range(28, day + 1)))
                parts.append("BYSETPOS=-1")
        else:
            position = -1 if self.last_weekday_of_month else self._week_of_month
            parts.append(f"BYDAY={position}{_WEEKDAY_CODES[self.first_date.weekday()]}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            until = datetime.combine(self.until, self.start_time, tzinfo=LONDON).astimezone(UTC)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)

    @cached_property
    def _rule(self) -> rrule | None:
        # Expanded from the same RRULE text that calendar files carry, so the two cannot disagree.
        value = self.rrule_value()
        return None if value is None else rrulestr(value, dtstart=self.dtstart)

    def _pattern(self) -> Iterator[datetime]:
        """Every start in the pattern, skipped and cancelled ones included."""
        if self._rule is None:
            yield self.dtstart
        else:
            yield from self._rule

    def _in_pattern(self, day: date) -> bool:
        start = datetime.combine(day, self.start_time, tzinfo=LONDON)
        if self._rule is None:
            return start == self.dtstart
        found = self._rule.after(start - timedelta(seconds=1))
        return found is not None and found.date() == day

    def exdates(self) -> list[datetime]:
        """The skipped meetings' starts (aware, Europe/London), for EXDATE."""
        return [datetime.combine(day, self.start_time, tzinfo=LONDON) for day in sorted(self.skipped)]

    def to_rfc5545(self) -> str:
        """The DTSTART, DTEND, RRULE and EXDATE lines of a VEVENT, with TZID=Europe/London."""
        start = self.dtstart
        lines = [
            f"DTSTART;TZID={TZID}:{_ical_local(start)}",
            f"DTEND;TZID={TZID}:{_ical_local(start + self.duration)}",
        ]
        value = self.rrule_value()
        if value is not None:
            lines.append(f"RRULE:{value}")
        if self.skipped:
            lines.append(f"EXDATE;TZID={TZID}:" + ",".join(_ical_local(d) for d in self.exdates()))
        return "\n".join(lines)

    # -- expansion ------------------------------------------------------------------------------------

    def _occurrence(self, start: datetime) -> Occurrence:
        day = start.date()
        end = datetime.combine(day, self.end_time, tzinfo=LONDON)
        return Occurrence(date=day, start=start, end=end, cancelled=day in self.cancelled)

    def occurrences(
        self, *, start: datetime | None = None, end: datetime | None = None, include_cancelled: bool = True
    ) -> Iterator[Occurrence]:
        """Meetings starting at or after ``start`` and before ``end`` (aware datetimes), in order.

        Skipped dates are never included. Without ``end`` a recurrence with no count or last date goes on
        for ever: take what you need with ``itertools.islice`` or pass ``end``.
        """
        for bound in (start, end):
            if bound is not None and bound.tzinfo is None:
                raise ValueError("start and end must be timezone-aware")
        if start is not None and self._rule is not None:
            pattern = self._rule.xafter(start, inc=True)
        else:
            pattern = self._pattern()
        for moment in pattern:
            if end is not None and moment >= end:
                return
            if start is not None and moment < start:
                continue
            if moment.date() in self.skipped:
                continue
            occurrence = self._occurrence(moment)
            if occurrence.cancelled and not include_cancelled:
                continue
            yield occurrence

    def first(self) -> Occurrence | None:
        """The first meeting that is not skipped (it may be cancelled)."""
        return next(self.occurrences(), None)

    def next_after(self, moment: datetime, *, include_cancelled: bool = False) -> Occurrence | None:
        """The first meeting starting after ``moment``; by default not a cancelled one."""
        return next(
            self.occurrences(start=moment + timedelta(microseconds=1), include_cancelled=include_cancelled), None
        )

    def last(self) -> Occurrence | None:
        """The last meeting, or None when the recurrence has no end."""
        if not self.is_finite:
            return None
        tail = deque(self.occurrences(), maxlen=1)
        return tail[0] if tail else None

    def occurrence_on(self, day: date) -> Occurrence | None:
        """The meeting on ``day``, skipped ones excepted."""
        if day in self.skipped or not self._in_pattern(day):
            return None
        return self._occurrence(datetime.combine(day, self.start_time, tzinfo=LONDON))

    def take(self, n: int) -> list[Occurrence]:
        """The first ``n`` meetings (cancelled ones included)."""
        return list(islice(self.occurrences(), n))

    # -- words ----------------------------------------------------------------------------------------

    def describe(self) -> str:
        """Plain words for pages and text messages, like "Every other Tuesday, 10:30am to 12 noon", in
        the active language. Monthly patterns take the day ("the 2nd", "the last Friday") whole from the
        catalogue, so each language can put its ordinals and mutations right ("yr ail ddydd Mawrth")."""
        weekday = str(WEEKDAYS[self.first_date.weekday()])
        times = gettext("%(start)s to %(end)s") % {
            "start": format_clock(self.start_time),
            "end": format_clock(self.end_time),
        }
        starting = f"{self.first_date.day} {MONTHS_ALT[self.first_date.month]} {self.first_date.year}"
        if not self.repeats:
            return f"{weekday} {starting}, {times}"
        if self.frequency is Frequency.WEEKLY:
            if self.interval == 1:
                pattern = gettext("Every %(weekday)s") % {"weekday": weekday}
            elif self.interval == 2:
                pattern = gettext("Every other %(weekday)s (fortnightly)") % {"weekday": weekday}
            else:
                pattern = gettext("Every %(count)s weeks on a %(weekday)s") % {
                    "count": self.interval,
                    "weekday": weekday,
                }
        elif self.frequency is Frequency.MONTHLY_BY_DATE:
            day = self.first_date.day
            words = {"day": _DAYS_OF_MONTH[day](), "count": self.interval}
            if self.interval == 1:
                pattern = gettext("On %(day)s of every month") % words
            else:
                pattern = (
                    ngettext(
                        "On %(day)s of every %(count)s month", "On %(day)s of every %(count)s months", self.interval
                    )
                    % words
                )
            if day > 28:
                pattern = gettext("%(pattern)s (or the last day of shorter months)") % {"pattern": pattern}
        else:
            position = -1 if self.last_weekday_of_month else self._week_of_month
            words = {"weekday": _WEEKDAYS_OF_MONTH[position, self.first_date.weekday()](), "count": self.interval}
            if self.interval == 1:
                pattern = gettext("On %(weekday)s of every month") % words
            else:
                pattern = (
                    ngettext(
                        "On %(weekday)s of every %(count)s month",
                        "On %(weekday)s of every %(count)s months",
                        self.interval,
                    )
                    % words
                )
        text = gettext("%(pattern)s, %(times)s, starting %(date)s") % {
            "pattern": pattern,
            "times": times,
            "date": starting,
        }
        if self.count is not None:
            text += (
                gettext(", 1 meeting") if self.count == 1 else gettext(", %(count)s meetings") % {"count": self.count}
            )
        elif self.until is not None:
            until = f"{self.until.day} {MONTHS_ALT[self.until.month]} {self.until.year}"
            text += gettext(", until %(date)s") % {"date": until}
        return text
