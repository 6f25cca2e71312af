"""Display helpers: every time is stored in UTC and shown in Europe/London."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y} at {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


def london_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def clock_time(value: datetime) -> str:
    """A time the NHS way in UK time: 8am, 10:30am, 12 noon, 7:15pm."""
    local = value.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        return "12 noon"
    if (local.hour, local.minute) == (0, 0):
        return "12 midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def when_later(value: datetime, now: datetime) -> str:
    """When something later will happen, relative to now: "at 8am today", "at 8am tomorrow",
    "at 8am on Saturday 5 December"."""
    day, today = value.astimezone(LONDON).date(), now.astimezone(LONDON).date()
    if day == today:
        return f"at {clock_time(value)} today"
    if day == today + timedelta(days=1):
        return f"at {clock_time(value)} tomorrow"
    return f"at {clock_time(value)} on {day:%A} {day.day} {day:%B}"


def texts_held_words(when: str) -> str:
    """What a page says, after telling people, when texts wait for the morning: `when` from
    notifications.selectors.when_it_goes ("at 8am tomorrow"). One wording on every page (issue 21 item 7)."""
    return (
        f"Texts will be sent {when}, as FollowOn does not send texts between 9pm and 8am. "
        "Emails are sent straight away."
    )


def sent_or_when(sent: str, later: str, when: str) -> str:
    """`sent` ("Meeting set up. Everyone in the group has been told") when nothing waits; else `later`
    ("Meeting set up. Everyone in the group will be told.") and when the held texts will go."""
    return f"{later} {texts_held_words(when)}" if when else sent
