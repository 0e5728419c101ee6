"""Signed links in e-mails: each token serves one purpose and expires."""

from __future__ import annotations

import datetime as dt
import functools

from itsdangerous import BadSignature, URLSafeTimedSerializer

# How long a link of each purpose stays valid. Unsubscribe and preferences links sit in old
# e-mails, so they live long; confirmation and download links are for the days after the form.
LONG_LIVED = dt.timedelta(days=400)
PURPOSES = ("download", "confirm", "unsubscribe", "preferences")


@functools.lru_cache(maxsize=16)
def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    # The purpose is the salt: a download token is refused as an unsubscribe token.
    return URLSafeTimedSerializer(secret, salt=f"salesblog-{purpose}")


def make(secret: str, purpose: str, value) -> str:
    return _serializer(secret, purpose).dumps(value)


def read(secret: str, purpose: str, token: str, max_age: dt.timedelta):
    """The signed value, or None when the token is forged, for another purpose or too old."""
    try:
        return _serializer(secret, purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:  # SignatureExpired is one too
        return None
