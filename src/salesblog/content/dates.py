"""Post dates: a YAML date, datetime or ISO text, made time-zone aware."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

# What messages about a bad date show: the forms an author may write.
ACCEPTED_FORMS = "write it as 2016-04-12, 2016-04-12 09:30 or 2016-04-12T09:30:00+02:00"
_NUMBERS = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def to_datetime(value: object, timezone: str) -> dt.datetime:
    """An aware datetime from a front matter value; ValueError with a readable reason otherwise.

    A date alone means midnight, and a datetime without an offset is in the site's time zone.
    """
    if isinstance(value, str):
        value = _parse_text(value.strip())
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        raise ValueError(f"{value!r} is not a date; {ACCEPTED_FORMS}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment


def _parse_text(text: str) -> dt.date | dt.datetime:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is {impossible_reason(text)}; {ACCEPTED_FORMS}") from None


def impossible_reason(text: str) -> str:
    """Why text that looks like a date is none, in an author's words."""
    numbers = _NUMBERS.match(text)
    if numbers is None:
        return "not a date salesblog can read"
    year, month, day, hour, minute, second = (int(n) if n else 0 for n in numbers.groups())
    if not 1 <= month <= 12:
        return f"not a real date (there is no month {month})"
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"not a real date ({year}-{month:02d} has no day {day})"
    if hour > 23 or minute > 59 or second > 59:
        return f"not a real time of day ({hour:02d}:{minute:02d})"
    return "not a date salesblog can read"
