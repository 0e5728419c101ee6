"""Digests of what pages show, cheap by construction: a card (a post's, an author's, a tag's)
is digested once, from its fields, when the planner makes it; a page's digest is that of its
own fields with every card in them replaced by the card's digest. A post's card shows on many
pages (listings, sidebars, older and newer links), and is never walked twice."""

from __future__ import annotations

import dataclasses
import functools
import hashlib

from salesblog.site.specs import PageSpec
from salesblog.site.views import AuthorCard, PostCard, SeriesNav, SeriesPart, TagLink, TopicView

CARDS = (PostCard, AuthorCard, TagLink)
_HOLDERS = frozenset({SeriesNav, SeriesPart, TopicView})  # records in views that hold cards
_LONG = 256


def with_digest(card):
    """`card`, its digest set from its fields (and those of the cards in it): call once it is
    complete. Returns the card, so a planner can write `with_digest(PostCard(...))`."""
    card.digest = _hash(repr(_fields(card)))
    return card


def card_digest(card) -> str:
    """The digest with_digest gave `card`; made now for a card the planner did not make."""
    return card.digest or with_digest(card).digest


def page_digest(spec: PageSpec) -> str:
    """Everything of a page's HTML that is the page's own (not the layout's): made when first
    asked, and kept on the spec."""
    if not spec.digest:
        spec.digest = _hash(repr((spec.path, spec.title, spec.template, spec.description, _fields(spec.view))))
    return spec.digest


def inputs_digest(*parts) -> str:
    """The digest of what a page is made from, cards standing in by their digests: two pages
    made from inputs with one digest are the same page."""
    return _hash(repr(tuple(_key(part) for part in parts)))


def page_fingerprint(layout: str, spec: PageSpec) -> str:
    """Everything a page's HTML depends on: the layout (templates, settings, nav) and its view."""
    return _hash(f"{layout}\0{page_digest(spec)}")


def _key(value):
    """`value` as plain data whose repr says all it shows: cards become their digests (also in
    lists, tuples and the records known to hold cards), long text (a post's HTML) its own digest,
    which is quicker to make than its repr. Anything else is taken as its repr shows it: a
    record's repr shows every field, so one holding a card unforeseen is digested right, if slower."""
    if isinstance(value, CARDS):
        return card_digest(value)
    kind = type(value)
    if (kind is list or kind is tuple) and _holds_cards(value):
        return tuple(_key(item) for item in value)
    if kind in _HOLDERS:
        return _fields(value)
    if kind is str and len(value) >= _LONG:
        return ("sha1", _hash(value))
    return value


def _holds_cards(value) -> bool:
    if isinstance(value, CARDS) or type(value) in _HOLDERS:
        return True
    if type(value) is list:  # the lists of a view hold one kind of thing each
        return bool(value) and _holds_cards(value[0])
    return type(value) is tuple and any(_holds_cards(item) for item in value)


def _fields(record) -> tuple:
    return (type(record).__name__, tuple(_key(getattr(record, name)) for name in _field_names(type(record))))


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type but its digest, None for anything else."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind) if f.name != "digest")


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
