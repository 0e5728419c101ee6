"""Slugs for URLs: lowercase ASCII words joined by hyphens, the way Hugo and Pelican make them."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`"Sales Coaching vs. Sales Training!"` -> `"sales-coaching-vs-sales-training"`.

    Accents fold to their base letter; anything else that is not a letter or digit separates
    words. Text with no letters or digits at all (an emoji-only title) gives "".
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub("-", folded.lower().replace("'", "").replace("\u2019", "")).strip("-")


_SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def is_safe_slug(slug: str) -> bool:
    """A slug that stays one URL path segment: no dots, slashes or spaces."""
    return bool(_SAFE_SLUG.match(slug))
