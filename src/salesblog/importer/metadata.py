"""Metadata any page may carry, whatever its platform: JSON-LD, Open Graph, meta tags and
microformats. Platform adapters fill what these leave empty."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from salesblog.importer.dates import parse_date
from salesblog.importer.text import clean_author, split_keywords, squash

ARTICLE_TYPES = {"article", "blogposting", "newsarticle", "techarticle", "report", "reportagenewsarticle",
                 "analysisnewsarticle", "opinionnewsarticle", "socialmediaposting", "liveblogposting",
                 "scholarlyarticle", "posting"}


@dataclass
class PageMetadata:
    """What the page's head and markup say about its article; empty where they say nothing."""

    title: str | None = None
    site_name: str | None = None
    date: object = None
    updated: object = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    image: str | None = None
    url: str | None = None


def meta_values(soup: BeautifulSoup, *names: str) -> list[str]:
    """Contents of <meta name|property|itemprop=NAME> in document order, for any of `names`."""
    wanted = {n.lower() for n in names}
    values = []
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        if isinstance(key, list):
            key = " ".join(key)
        if key.strip().lower() in wanted:
            content = squash(meta.get("content") or "")
            if content:
                values.append(content)
    return values


def first_meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:  # the order of `names` is the order of preference
        values = meta_values(soup, name)
        if values:
            return values[0]
    return None


def json_ld_objects(soup: BeautifulSoup) -> list[dict]:
    """Every JSON-LD object on the page, @graph and lists flattened; broken JSON is skipped."""
    objects: list[dict] = []
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.I)}):
        raw = script.string or script.get_text()
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
            continue
        found: list[dict] = []
        _flatten(data, found)
        if any("rank-math" in name for name in script.get("class") or []):
            # Rank Math's "keywords" are the focus keywords typed for SEO, not the post's tags
            found = [{k: v for k, v in obj.items() if k != "keywords"} for obj in found]
        objects += found
    return objects


def _flatten(data: object, into: list[dict]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, into)
    elif isinstance(data, dict):
        into.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], into)


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def article_json_ld(objects: list[dict]) -> dict | None:
    """The article the page is about: a BlogPosting/Article, else a WebPage's mainEntity."""
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            return obj
    for obj in objects:
        main = obj.get("mainEntity") or obj.get("mainEntityOfPage")
        if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
            return main
    return None


def _json_text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("url") or value.get("@id")
    return squash(str(value)) if value else None


def _json_people(value: object, by_id: dict[str, dict]) -> list[str]:
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        if isinstance(person, dict) and "name" not in person and person.get("@id") in by_id:
            person = by_id[person["@id"]]
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, list):
            name = name[0] if name else None
        cleaned = clean_author(str(name)) if name else None
        if cleaned:
            names.append(cleaned)
    return names


def _json_keywords(value: object) -> list[str]:
    if isinstance(value, str):
        return split_keywords(value)
    if isinstance(value, list):
        tags = []
        for item in value:
            tags += _json_keywords(item) if not isinstance(item, dict) else [squash(str(item.get("name", "")))]
        return [t for t in tags if t]
    return []


def from_json_ld(soup: BeautifulSoup) -> PageMetadata:
    objects = json_ld_objects(soup)
    article = article_json_ld(objects)
    found = PageMetadata()
    for obj in objects:
        if "website" in _types(obj) and obj.get("name"):
            found.site_name = _json_text(obj["name"])
    if article is None:
        return found
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    found.title = _json_text(article.get("headline")) or _json_text(article.get("name"))
    found.date = parse_date(_json_text(article.get("datePublished")) or _json_text(article.get("dateCreated")))
    found.updated = parse_date(_json_text(article.get("dateModified")))
    found.authors = _json_people(article.get("author"), by_id) if article.get("author") else []
    found.tags = _json_keywords(article.get("keywords"))
    found.tags += [t for t in _json_keywords(article.get("articleSection")) if t not in found.tags]
    found.summary = _json_text(article.get("description"))
    image = article.get("image")
    if isinstance(image, dict) and image.get("@id") in by_id and not image.get("url"):
        image = by_id[image["@id"]]
    found.image = _json_text(image.get("url") if isinstance(image, dict) and image.get("url") else image)
    main = article.get("mainEntityOfPage")
    found.url = _json_text(article.get("url")) or (_json_text(main) if isinstance(main, (str, dict)) else None)
    return found


def from_meta_tags(soup: BeautifulSoup) -> PageMetadata:
    found = PageMetadata()
    found.title = first_meta(soup, "og:title", "twitter:title", "dc.title", "citation_title")
    found.site_name = first_meta(soup, "og:site_name", "application-name") or site_name_from_titles(
        found.title, squash(soup.title.get_text(" ")) if soup.title else None)
    found.date = parse_date(first_meta(soup, "article:published_time", "og:article:published_time",
                                       "datePublished", "dc.date", "dc.date.issued", "dcterms.created",
                                       "date", "pubdate", "publish_date", "sailthru.date",
                                       "parsely-pub-date", "citation_publication_date"))
    found.updated = parse_date(first_meta(soup, "article:modified_time", "og:updated_time",
                                          "dateModified", "dcterms.modified"))
    authors = [clean_author(a) for a in meta_values(soup, "author", "article:author", "dc.creator",
                                                      "sailthru.author", "parsely-author", "byl")]
    found.authors = list(dict.fromkeys(a for a in authors if a))
    found.tags = meta_values(soup, "article:tag", "og:article:tag")
    if not found.tags:
        for value in meta_values(soup, "parsely-tags", "sailthru.tags", "news_keywords"):
            found.tags += split_keywords(value)
    found.summary = first_meta(soup, "description", "og:description", "twitter:description")
    found.image = first_meta(soup, "og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                             "twitter:image:src")
    link = soup.find("link", rel="canonical", href=True)
    found.url = (link["href"].strip() if link else None) or first_meta(soup, "og:url")
    return found


_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|·|•|»|«)\s+")


def site_name_from_titles(*titles: str | None) -> str | None:
    """The site's name when two titles of the page end with the same part after a separator
    ("Post | Site" as og:title, "Post – Site" as <title>): that part names the site, not the post."""
    endings = []
    for title in titles:
        parts = _SEPARATOR.split(title or "")
        if len(parts) < 2:
            return None
        endings.append(parts[-1].strip().lower())
    if len(endings) >= 2 and len(set(endings)) == 1 and endings[0]:
        return _SEPARATOR.split(titles[0])[-1].strip()
    return None


def from_microformats(soup: BeautifulSoup) -> PageMetadata:
    """h-entry (microformats 2) and hentry (microformats 1), as WordPress and Blogger themes print."""
    found = PageMetadata()
    entry = soup.select_one(".h-entry, .hentry")
    scope: Tag = entry or soup
    title = scope.select_one(".p-name, .entry-title")
    found.title = squash(title.get_text(" ")) if title else None
    moment = scope.select_one(".dt-published, time.published, .published, time[itemprop=datePublished], "
                              "[itemprop=datePublished]")
    if moment is not None:
        found.date = parse_date(moment.get("datetime") or moment.get("content") or moment.get("title")
                                or moment.get_text(" "))
    changed = scope.select_one(".dt-updated, time.updated, [itemprop=dateModified]")
    if changed is not None:
        found.updated = parse_date(changed.get("datetime") or changed.get("content") or changed.get("title")
                                   or changed.get_text(" "))
    names = []
    for author in scope.select(".p-author, .author.vcard, .vcard.author, [rel~=author], [itemprop=author]"):
        inner = author.select_one(".p-name, .fn, [itemprop=name]") or author
        text = inner.get("content") or inner.get_text(" ")
        if text:
            names.append(clean_author(text))
    found.authors = list(dict.fromkeys(n for n in names if n))
    tags = [squash(a.get_text(" ")) for a in scope.select(".p-category, a[rel~=tag], a[itemprop=genre], "
                                                          "[itemprop=articleSection], [itemprop=keywords] a")]
    found.tags = list(dict.fromkeys(t for t in tags if t))
    return found


def merge(*layers: PageMetadata) -> PageMetadata:
    """The first non-empty value of each field, layers in order of trust."""
    result = PageMetadata()
    for name in PageMetadata.__dataclass_fields__:
        for layer in layers:
            value = getattr(layer, name)
            if value:
                setattr(result, name, value)
                break
    return result
