"""Dates as legacy blogs write them, kept with their time zone when they have one."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")  # +0000 -> +00:00 for fromisoformat
_EARLIEST = dt.date(1990, 1, 1)


def parse_date(text: str | None) -> dt.datetime | dt.date | None:
    """A datetime (aware when the text says its zone) or a date; None for nothing usable.

    Accepts ISO 8601, RFC 822 (feeds, WXR) and the spelled-out forms templates print
    ("Apr 12, 2016 8:00:00 AM", "Tuesday, April 12, 2016").
    """
    if not text:
        return None
    text = " ".join(str(text).split())
    if not text or text.startswith("0000"):
        return None
    if _DATE_ONLY.match(text):
        try:
            return _plausible(dt.date.fromisoformat(text))
        except ValueError:
            return None
    try:
        iso = _NUMERIC_OFFSET.sub(r"\1:\2", text.replace("Z", "+00:00").replace(" ", "T", 1))
        return _plausible(dt.datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return _plausible(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateutil_parser.parse(text, fuzzy=True, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if parsed.year == 1900:
        return None
    if not re.search(r"\d{1,2}:\d{2}", text):
        return _plausible(parsed.date())
    return _plausible(parsed)


def _plausible(value: dt.datetime | dt.date) -> dt.datetime | dt.date | None:
    day = value.date() if isinstance(value, dt.datetime) else value
    return value if day >= _EARLIEST else None


def as_front_matter(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    """What the writer puts in front matter: whole seconds, the zone kept."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    return value
