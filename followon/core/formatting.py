"""Display helpers: every time is stored in UTC and shown in Europe/London.

Day and month names come from Django's own catalogues in the active language ("Dydd Mawrth",
"Rhagfyr"; Polish months in the genitive, "4 grudnia"), and the few joining words ("at", "today")
from ours, so a date on a Welsh page is Welsh (issue 18). In English the output is unchanged."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.dates import MONTHS_ALT, WEEKDAYS
from django.utils.translation import gettext, pgettext

LONDON = ZoneInfo("Europe/London")


def weekday_name(value: date) -> str:
    """ "Tuesday" in the active language."""
    name = WEEKDAYS.get(value.weekday())
    return str(value.weekday() if name is None else name)


def month_name(value: date) -> str:
    """ "March" in the active language, in the form used after a day number."""
    name = MONTHS_ALT.get(value.month)
    return str(value.month if name is None else name)


def day_month(value: date) -> str:
    """ "31 March" in the active language."""
    return f"{value.day} {month_name(value)}"


def london_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    clock = f"{local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
    return gettext("%(date)s at %(time)s") % {"date": f"{day_month(local)} {local.year}", "time": clock}


def london_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{day_month(value)} {value.year}"


def clock_time(value: datetime) -> str:
    """A time the NHS way in UK time: 8am, 10:30am, 12 noon, 7:15pm."""
    local = value.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        return gettext("12 noon")
    if (local.hour, local.minute) == (0, 0):
        return gettext("12 midnight")
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def when_later(value: datetime, now: datetime) -> str:
    """When something later will happen, relative to now: "at 8am today", "at 8am tomorrow",
    "at 8am on Saturday 5 December"."""
    day, today = value.astimezone(LONDON).date(), now.astimezone(LONDON).date()
    if day == today:
        return gettext("at %(time)s today") % {"time": clock_time(value)}
    if day == today + timedelta(days=1):
        return gettext("at %(time)s tomorrow") % {"time": clock_time(value)}
    return pgettext("time and day", "at %(time)s on %(day)s") % {
        "time": clock_time(value),
        "day": f"{weekday_name(day)} {day_month(day)}",
    }


def texts_held_words(when: str) -> str:
    """What a page says, after telling people, when texts wait for the morning: `when` from
    notifications.selectors.when_it_goes ("at 8am tomorrow"). One wording on every page (issue 21 item 7)."""
    return gettext(
        "Texts will be sent %(when)s, as FollowOn does not send texts between 9pm and 8am. "
        "Emails are sent straight away."
    ) % {"when": when}


def sent_or_when(sent: str, later: str, when: str) -> str:
    """`sent` ("Meeting set up. Everyone in the group has been told") when nothing waits; else `later`
    ("Meeting set up. Everyone in the group will be told.") and when the held texts will go."""
    return f"{later} {texts_held_words(when)}" if when else sent
