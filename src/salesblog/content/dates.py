"""Post dates: a YAML date, datetime or ISO text, made time-zone aware."""

from __future__ import annotations

import datetime as dt
import zoneinfo


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
        raise ValueError(f"must be a date such as 2016-04-12, not {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment


def _parse_text(text: str) -> dt.date | dt.datetime:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"impossible date {text!r} ({error})") from None
