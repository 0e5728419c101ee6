"""Small text clean-ups shared by the parsers: whitespace, author names, tags, titles."""

from __future__ import annotations

import re

_BYLINE = re.compile(r"^(?:written\s+by|posted\s+by|published\s+by|author|by|von|par|por)\s*[:\-]?\s+",
                     re.I)
_TRAILING = re.compile(r"\s*(?:\||·|•|—|–|,|-)?\s*(?:on\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                       r"nov|dec)[a-z]*\.?\s+\d|\d{1,4}[/.-]\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|"
                       r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}).*$", re.I)
_UNCATEGORIZED = {"uncategorized", "uncategorised", "general", "blog", "news", "non classé", "sin categoría",
                  "allgemein", "senza categoria", "geen categorie", "sem categoria"}
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ")


def squash(text: str) -> str:
    """Whitespace runs (non-breaking spaces included) to single spaces, ends trimmed."""
    return " ".join(text.replace("\u200b", "").replace("\ufeff", "").split())


def clean_author(text: str) -> str | None:
    """"By Jane Doe | Apr 12, 2016" -> "Jane Doe"; None for URLs, handles and e-mail addresses."""
    text = squash(text)
    text = _BYLINE.sub("", text)
    text = _TRAILING.sub("", text).strip(" ,|-·•")
    if not text or "://" in text or text.startswith(("www.", "@")) or "@" in text or len(text) > 60:
        return None
    if not re.search(r"[^\W\d_]", text):
        return None
    return text


def clean_tag(text: str) -> str | None:
    text = squash(text).lstrip("#").strip(" ,;")
    if not text or text.lower() in _UNCATEGORIZED or len(text) > 60:
        return None
    return text


def clean_tags(tags: list[str]) -> list[str]:
    """Tags cleaned and deduplicated case-insensitively, first spelling kept."""
    seen: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_tag(tag)
        if cleaned and cleaned.lower() not in seen:
            seen[cleaned.lower()] = cleaned
    return list(seen.values())


def split_keywords(text: str) -> list[str]:
    parts = re.split(r"\s*[,;]\s*", text) if re.search(r"[,;]", text) else [text]
    return [squash(p) for p in parts if squash(p)]


def strip_site_name(title: str, site_name: str | None) -> str:
    """"Post Title | Sales Blog" -> "Post Title": the suffix (or prefix) naming the site goes."""
    title = squash(title)
    if site_name:
        for separator in _TITLE_SEPARATORS:
            if title.endswith(separator + site_name):
                return title[: -len(separator + site_name)].strip()
            if title.startswith(site_name + separator):
                return title[len(site_name + separator):].strip()
    return title


def without_any_site_suffix(title: str) -> str:
    """The longest part of a "Title | Site" title; used when the site's name is unknown."""
    for separator in _TITLE_SEPARATORS[:1] + _TITLE_SEPARATORS[2:]:
        if separator in title:
            parts = title.split(separator)
            return max(parts, key=len).strip()
    return title
