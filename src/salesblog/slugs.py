"""Slugs for URLs: lowercase ASCII words joined by hyphens, the way Hugo and Pelican make them."""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """`"Sales Coaching vs. Sales Training!"` -> `"sales-coaching-vs-sales-training"`.

    Accents fold to their base letter (Müller -> muller); letters of other scripts stay as they
    are (Продажи -> продажи), as Hugo keeps them; anything else separates words. Text with no
    letters or digits at all (an emoji-only title) gives "".
    """
    text = text.replace("'", "").replace("\u2019", "")
    folded = text if text.isascii() else "".join(_fold(c) for c in text)
    return _NOT_WORD.sub("-", folded.lower()).strip("-")


# Latin letters with no decomposition, spelled as their languages transliterate them.
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "ı": "i"})


def _fold(char: str) -> str:
    """é -> e, ﬁ -> fi, ß -> ss; a letter whose base is not ASCII (ダ, й) stays whole."""
    base = unicodedata.normalize("NFKD", char.translate(_LATIN))
    stripped = "".join(c for c in base if not unicodedata.combining(c))
    return stripped if stripped.isascii() else char


MAX_SLUG = 80  # characters: long titles make unwieldy URLs and file names


def short_slug(text: str, fallback: str) -> str:
    """slugify(text) cut at a word boundary to MAX_SLUG characters, or `fallback` if empty."""
    slug = slugify(text)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug or fallback


_SAFE_SLUG = re.compile(r"^[^\W_]+(?:[-_][^\W_]+)*$")


def is_safe_slug(slug: str) -> bool:
    """A slug that stays one URL path segment: letters, digits, - and _; no dots or slashes."""
    return slug == slug.lower() and bool(_SAFE_SLUG.match(slug))
