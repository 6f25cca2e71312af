"""Display helpers: every time is stored in UTC and shown in Europe/London."""

from datetime import date, datetime
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
