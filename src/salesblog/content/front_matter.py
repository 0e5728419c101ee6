"""A post's front matter, declared once: each key with its type, a docstring and its limits.

The reader (content/posts.py) refuses keys not declared here and checks the declared limits;
the writer (content/writer.py) orders the keys of a new post as declared here and checks the
same limits before it writes anything, so no writer can produce a post that `check` refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesblog.schema import describe, setting, settings

# A tag is a short label: a post needs a handful, and each one becomes a page and a feed, so a
# post with thousands (or a tag of a page's length) would make every build crawl.
MAX_TAGS = 20
MAX_TAG_LENGTH = 60  # characters, as written


def tag_limits(tags: list[str]) -> str | None:
    """The problem with a post's tags as a whole (count, length), or None."""
    if len(tags) > MAX_TAGS:
        return f"{len(tags)} tags; a post may have at most {MAX_TAGS}"
    long = next((t for t in tags if len(t) > MAX_TAG_LENGTH), None)
    if long is not None:
        return f"tag {long[:40]!r}... is {len(long)} characters long; at most {MAX_TAG_LENGTH}"
    return None


@dataclass(kw_only=True)  # the order is the reading order, required keys among the others
class FrontMatter:
    """The keys a post's front matter may have (content/posts/*.md)."""

    title: str = setting("The post's title, shown as its heading and in feeds.")
    date: dt.datetime = setting("Publication date or ISO datetime, in the site's timezone unless "
                                "it says.")
    updated: dt.datetime | None = setting("When the post was last changed (date or datetime).", None)
    authors: list[str] = setting("Ids from content/authors.yml (\"author: id\" works too).")
    tags: list[str] = setting(f"Free-text tags, slugified for URLs; at most {MAX_TAGS}, each at "
                              f"most {MAX_TAG_LENGTH} characters.", [], check=tag_limits)
    summary: str | None = setting("One-paragraph teaser; default: the text before <!-- more -->, "
                                  "else the first paragraph.", None)
    image: str | None = setting("Hero and social image, beside the post or under content/.", None)
    image_alt: str | None = setting("What the hero image shows, for readers who cannot see it "
                                    "(its alt text); `check` warns about a hero without one.", None)
    slug: str | None = setting("URL slug; default: the file name.", None)
    draft: bool = setting("Drafts and future-dated posts are left out of the build.", False)
    legacy_url: str | None = setting("The post's old address (set by the importer); the build "
                                     "leaves a redirect there.", None)
    offer: str | None = setting("Id of a content/offers/ file shown instead of the offer of the "
                                "post's tags.", None)
    series: str | None = setting("Id of a series in content/series.yml this post is a part of.", None)
    series_order: int | None = setting("The part's place in its series (a whole number; parts are "
                                       "numbered in this order). Needs `series`.", None)


# Accepted in place of a declared key: "author: id" for a post of one author.
ALIASES = {"author": "authors"}
# Keys in the order authors read them; writers emit them in this order.
KEYS = [field.name for field in settings(FrontMatter)]


def check_value(key: str, value: object) -> str | None:
    """The declared check of `key` on an already-typed value (None when it passes)."""
    field = next(f for f in settings(FrontMatter) if f.name == key)
    check = field.metadata.get("check")
    return check(value) if check else None


def rows() -> list[tuple[str, str, str]]:
    """(key, type, doc) of every key, for documentation."""
    return describe(FrontMatter)
