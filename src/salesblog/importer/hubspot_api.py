"""HubSpot's CMS API as a source: `salesblog import hubspot:` reads every blog post (published
and drafts) through /cms/v3/blogs/posts, paging with `after`, with the authors and tags of
/cms/v3/blogs/authors and /cms/v3/blogs/tags, using a private app's access token from
HUBSPOT_TOKEN. SALESBLOG_HUBSPOT_API replaces the API's address (a proxy, or the tests' local
server). A JSON file of the same answers imports the same way:

    {"posts": [...], "authors": [...], "tags": [...]}

where each list holds the API's objects, or its answers ({"results": [...], "paging": ...}),
or a list of those answers; a file that is one answer of /posts alone works too."""

from __future__ import annotations

import json
import os
from urllib.parse import urlencode

from bs4 import BeautifulSoup

from salesblog.importer.cleaning import clean_article
from salesblog.importer.crawl_discovery import fetch_with_retries
from salesblog.importer.dates import parse_date
from salesblog.importer.fetch import FetchError
from salesblog.importer.model import ImportedPost, ParsedSource, SkippedItem
from salesblog.importer.more import mark_more
from salesblog.importer.options import SourceOptions
from salesblog.importer.page import _slug_hint, first_paragraph
from salesblog.importer.text import clean_tags, squash

SCHEME = "hubspot:"
TOKEN_VARIABLE = "HUBSPOT_TOKEN"
API_VARIABLE = "SALESBLOG_HUBSPOT_API"
DEFAULT_API = "https://api.hubapi.com"
PAGE_SIZE = 100
MAX_PAGES = 10_000  # a bound on a misbehaving API that always answers with a next page
JSON_LIMIT = 50 * 1024 * 1024


class HubSpotError(Exception):
    """The API could not be read: the message says why and what to do."""


def is_hubspot_source(location: str) -> bool:
    return location.lower().startswith(SCHEME)


def read_hubspot_api(options: SourceOptions) -> ParsedSource:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        raise HubSpotError(f"hubspot:: set {TOKEN_VARIABLE} to the access token of a private app "
                           "with the 'content' scope")
    base = os.environ.get(API_VARIABLE, DEFAULT_API).rstrip("/")
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    authors = _list_all(f"{base}/cms/v3/blogs/authors", headers, options)
    tags = _list_all(f"{base}/cms/v3/blogs/tags", headers, options)
    posts = _list_all(f"{base}/cms/v3/blogs/posts", headers, options)
    return posts_from(posts, authors, tags, origin="hubspot:")


def _list_all(url: str, headers: dict[str, str], options: SourceOptions) -> list[dict]:
    """Every object of a listing end point, following paging.next.after."""
    found: list[dict] = []
    after = None
    for _ in range(MAX_PAGES):
        query = {"limit": PAGE_SIZE, **({"after": after} if after else {})}
        try:
            fetched = fetch_with_retries(f"{url}?{urlencode(query)}", options, accept=("application/json",),
                                         limit=JSON_LIMIT, headers=headers)
        except FetchError as error:
            hint = " (is HUBSPOT_TOKEN right, with the 'content' scope?)" if "HTTP 401" in str(error) or \
                "HTTP 403" in str(error) else ""
            raise HubSpotError(f"hubspot:: {error}{hint}") from None
        answer = _json(fetched.data, url)
        found += _objects(answer)
        after = ((answer.get("paging") or {}).get("next") or {}).get("after") if isinstance(answer, dict) else None
        if not after:
            return found
    raise HubSpotError(f"hubspot:: {url} kept answering with another page; stopped after {MAX_PAGES}")


def _json(data: bytes, where: str):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise HubSpotError(f"{where}: not readable JSON ({error})") from None


def _objects(answer) -> list[dict]:
    """The objects of an answer, of a list of answers, or of a plain list."""
    if isinstance(answer, dict):
        results = answer.get("results", answer.get("objects"))
        return [o for o in results if isinstance(o, dict)] if isinstance(results, list) else []
    if isinstance(answer, list):
        found = []
        for item in answer:
            if isinstance(item, dict) and isinstance(item.get("results"), list):
                found += _objects(item)
            elif isinstance(item, dict):
                found.append(item)
        return found
    return []


def is_hubspot_json(data: bytes) -> bool:
    head = data[:4000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[") and (b"postBody" in data[:2_000_000] or b'"posts"' in head)


def parse_hubspot_json(data: bytes, origin: str) -> ParsedSource:
    answer = _json(data, origin)
    if isinstance(answer, dict) and "posts" in answer:
        posts, authors, tags = (_objects(_as_answer(answer.get(k))) for k in ("posts", "authors", "tags"))
    else:
        posts, authors, tags = _objects(answer), [], []
    if not posts:
        raise HubSpotError(f"{origin}: JSON, but no HubSpot blog posts in it (no objects with a postBody)")
    return posts_from(posts, authors, tags, origin=origin)


def _as_answer(value):
    return {"results": value} if isinstance(value, list) and all(
        isinstance(v, dict) and "results" not in v for v in value) else (value or [])


def posts_from(posts: list[dict], authors: list[dict], tags: list[dict], *, origin: str) -> ParsedSource:
    author_names = {str(a.get("id")): squash(str(a.get("fullName") or a.get("displayName") or a.get("name") or ""))
                    for a in authors}
    tag_names = {str(t.get("id")): squash(str(t.get("name") or "")) for t in tags}
    result = ParsedSource()
    for item in posts:
        title = squash(str(item.get("name") or item.get("htmlTitle") or ""))
        where = f"{origin} post {item.get('id', '?')}"
        if item.get("archivedAt") and str(item.get("archivedAt")) not in ("0", "None") or item.get("archived"):
            result.skipped.append(SkippedItem(f"{where}: {title}", "archived post"))
            continue
        if not title or not str(item.get("postBody") or "").strip():
            result.skipped.append(SkippedItem(where, "post without a title or a body"))
            continue
        result.posts.append(_post(item, title, author_names, tag_names, origin))
    return result


def _post(item: dict, title: str, author_names: dict, tag_names: dict, origin: str) -> ImportedPost:
    state = str(item.get("currentState") or item.get("state") or "").upper()
    draft = state.startswith("DRAFT") or (state == "" and item.get("currentlyPublished") is False)
    url = str(item.get("url") or "").strip() or None
    if url and not url.startswith(("http://", "https://")):
        url = None
    soup = BeautifulSoup(mark_more(str(item.get("postBody") or "")), "lxml")
    container = soup.body or soup
    clean_article(container, title=title, base_url=url)
    post = ImportedPost(title=title, body_html=container.decode_contents(), origin=f"{origin}: {title}",
                        platform="hubspot-api", base_url=url, source_id=f"hubspot:{item.get('id')}")
    post.draft = draft
    post.legacy_url = url if not draft else None
    post.slug_hint = str(item.get("slug") or "").rstrip("/").rsplit("/", 1)[-1] or (_slug_hint(url) if url else None)
    post.date = parse_date(str(item.get("publishDate") or item.get("created") or "") or None)
    updated = parse_date(str(item.get("updated") or "") or None)
    post.updated = updated if updated and post.date and updated > post.date else None
    author = author_names.get(str(item.get("blogAuthorId"))) or squash(str(item.get("authorName") or ""))
    post.authors = [author] if author else []
    ids = [str(t) for t in item.get("tagIds") or []]
    post.tags = clean_tags([tag_names[t] for t in ids if t in tag_names])
    unknown = [t for t in ids if t not in tag_names]
    if unknown:
        post.warnings.append(f"tag ids without a name in the answers: {', '.join(unknown)}")
    summary = squash(str(item.get("metaDescription") or "")) or squash(
        BeautifulSoup(str(item.get("postSummary") or ""), "lxml").get_text(" "))
    post.summary = summary[:300] or first_paragraph(container)
    if item.get("useFeaturedImage", True) and item.get("featuredImage"):
        post.image = str(item["featuredImage"])
        post.image_alt = squash(str(item.get("featuredImageAltText") or "")) or None
    return post
