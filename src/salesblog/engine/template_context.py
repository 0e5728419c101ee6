"""The part of MkDocs' template context our own templates read, for rendering one of them
without MkDocs (the contribute form when no site is built). Imports nothing of MkDocs: the
contribute server must start fast. tests/test_engine_compat.py checks that a real MkDocs page
context has every key and attribute used here."""

from __future__ import annotations

# Context keys (and their attributes) salesblog/contribute.html reads, as MkDocs provides them.
PAGE_KEYS = ("title", "meta")
CONFIG_KEYS = ("site_name", "theme")


def bare_context(title: str, view, site_name: str, language: str) -> dict:
    """A template context shaped like MkDocs' for a page whose meta carries `view`."""
    return {"page": {"title": title, "meta": {"view": view}},
            "config": {"site_name": site_name, "theme": {"language": language}},
            "base_url": ".", "nav": []}
