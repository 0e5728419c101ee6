"""Checking a submitted contribute form: every field's rules and the message when one is broken."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from salesblog.slugs import slugify
from salesblog.text import CONTROL

FIELDS = ("name", "email", "title", "body", "bio", "tags")
HONEYPOT = "website"
MIN_BODY_CHARS = 20
MAX_CHARS = {"name": 100, "email": 254, "title": 200, "bio": 1000, "tags": 300}
MAX_TAGS = 10

# Characters that let a value leave its line or its HTML context. Names and e-mails end up in
# mail headers and authors.yml, titles and tags in page titles and attributes of built pages.
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
_MARKUP = re.compile(r"[<>]")

# Syntax only (RFC 5321 dot-atom, plain ASCII): an address with look-alike letters from other
# scripts ("pаypal" with a Cyrillic а) is refused, internationalised domains go in xn-- form.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TOP_LABEL = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")


@dataclass
class Submission:
    """A contribute form that passed every check, its values trimmed."""

    name: str
    email: str
    title: str
    body: str
    bio: str = ""
    tags: list[str] = field(default_factory=list)


def field_values(form: Mapping[str, str]) -> dict[str, str]:
    """The known fields as sent (missing ones empty); unknown fields are ignored."""
    return {name: form.get(name, "") or "" for name in FIELDS}


def is_honeypot_filled(form: Mapping[str, str]) -> bool:
    return bool((form.get(HONEYPOT) or "").strip())


def validate(values: dict[str, str]) -> tuple[Submission | None, dict[str, str]]:
    """The submission, or None and one message per broken field."""
    errors: dict[str, str] = {}
    for name in FIELDS:
        message = _common_problem(name, values[name])
        if message:
            errors[name] = message
    checks = {"name": _name, "email": _email, "title": _title, "body": _body, "tags": _tags}
    for name, check in checks.items():
        if name not in errors:
            message = check(values[name])  # raw: a trailing line break is refused too
            if message:
                errors[name] = message
    if errors:
        return None, errors
    return Submission(
        name=" ".join(values["name"].split()),
        email=values["email"].strip(),
        title=" ".join(values["title"].split()),
        body=values["body"].replace("\r\n", "\n").replace("\r", "\n").strip(),
        bio=values["bio"].replace("\r\n", "\n").replace("\r", "\n").strip(),
        tags=split_tags(values["tags"]),
    ), {}


def split_tags(text: str) -> list[str]:
    """"Sales, coaching,, sales" -> ["Sales", "coaching"]: comma-separated, no repeats."""
    tags: dict[str, str] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag:
            tags.setdefault(tag.casefold(), tag)
    return list(tags.values())


def _common_problem(name: str, value: str) -> str | None:
    if "\x00" in value:
        return "contains a null byte; remove it"
    limit = MAX_CHARS.get(name)
    if limit is not None and len(value) > limit:
        return f"is too long: at most {limit} characters (this has {len(value)})"
    return None


def _single_line(value: str, label: str) -> str | None:
    if _LINE_BREAK.search(value):
        return f"{label} must be on one line (no line breaks)"
    if CONTROL.search(value):
        return f"{label} contains control characters; remove them"
    # Character references count as markup too: Material's `striptags` decodes them back into
    # "<" in page titles.
    if _MARKUP.search(value) or html.unescape(value) != value:
        return f"{label} must not contain <, > or HTML codes such as &lt;"
    return None


def _required_line(value: str, label: str, missing: str) -> str | None:
    return missing if not value.strip() else _single_line(value, label)


def _name(value: str) -> str | None:
    return _required_line(value, "Your name", "Please enter your name.")


def _email(value: str) -> str | None:
    problem = _required_line(value, "The e-mail address", "Please enter your e-mail address.")
    if problem:
        return problem
    value = value.strip()
    if not value.isascii():
        return ("The e-mail address may only use plain Latin letters, digits and punctuation "
                "(write an international domain in its xn-- form).")
    if not _is_email(value):
        return "This does not look like an e-mail address (name@example.com)."
    return None


def _is_email(value: str) -> bool:
    local, at, domain = value.rpartition("@")
    if not at or len(local) > 64 or len(domain) > 253 or not _LOCAL.fullmatch(local):
        return False
    labels = domain.split(".")
    return (len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels)
            and bool(_TOP_LABEL.fullmatch(labels[-1])))


def _title(value: str) -> str | None:
    problem = _required_line(value, "The title", "Please enter a title.")
    if not problem and not any(c.isalnum() for c in value):
        return "The title needs some letters or digits."
    return problem


def _body(value: str) -> str | None:
    if len(value.strip()) < MIN_BODY_CHARS:
        return f"Please write your post here: at least {MIN_BODY_CHARS} characters."
    return None


def _tags(value: str) -> str | None:
    if not value.strip():
        return None
    problem = _single_line(value, "Tags")
    if problem:
        return problem
    tags = split_tags(value)
    if len(tags) > MAX_TAGS:
        return f"At most {MAX_TAGS} tags, separated by commas."
    empty = [tag for tag in tags if not slugify(tag)]
    if empty:
        return f"Tag {empty[0]!r} needs some Latin letters or digits."
    return None
