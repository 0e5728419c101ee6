"""Posts and pages parsed before, so that a rebuild neither parses front matter nor looks for
links in a file whose bytes have not changed.

Two layers. On disk, one file in the project's cache folder holds every file's parsed fields,
a line of JSON each, under a key made of its path and the digest of its bytes (and the code, by
fingerprint.cache_key): whatever a file's time says, changed bytes are parsed again. In memory,
a long-lived reader (`preview`, the two passes of `check`) also remembers each file by its
stat, so an unchanged file is not even read.

Only files without problems are stored: a file with one is parsed, and reported, anew each
time, exactly as a cold read would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import zoneinfo
from pathlib import Path

from salesblog.content.links import Link
from salesblog.content.pages import StandalonePage, parse_page, read_page
from salesblog.content.posts import Post, parse_post, post_text, read_post
from salesblog.errors import Problem
from salesblog.files import replace_bytes
from salesblog.fingerprint import cache_key
from salesblog.slugs import is_safe_slug

FILE_NAME = "parsed.jsonl"
_READ_AGAIN = (OSError, ValueError, TypeError, KeyError, AttributeError, zoneinfo.ZoneInfoNotFoundError)
_Read = tuple[object, list[Problem]]  # (Post | StandalonePage | None, problems), as the readers return


class _Unstorable(Exception):
    """A parsed value that JSON would not give back exactly: that file is parsed every time."""


class ParsedFiles:
    """Parsed posts and pages of one project, kept between reads (see the module's docstring).

    `folder` None keeps nothing on disk (`build --no-cache`), only the in-memory layer."""

    def __init__(self, folder: Path | None = None):
        self.path = folder / FILE_NAME if folder else None
        # key -> the entry as JSON text: what the file held (read when first asked), and the
        # entries of the files read since the last save (each dumped once, when parsed).
        self._stored: dict[str, str] | None = None
        self._used: dict[str, str] = {}
        self._by_stat: dict[Path, tuple[tuple, str | None, _Read]] = {}  # file -> stamp, key, result

    def post(self, source: Path, display: str, timezone: str) -> tuple[Post | None, list[Problem]]:
        """read_post(source, display, timezone), from the cache when the file is unchanged."""
        return self._read(source, ("post", display, timezone),
                          lambda raw: parse_post(raw, source, display, timezone),
                          lambda: read_post(source, display, timezone))

    def page(self, source: Path, display: str) -> tuple[StandalonePage | None, list[Problem]]:
        """read_page(source, display), from the cache when the file is unchanged."""
        return self._read(source, ("page", display), lambda raw: parse_page(raw, source, display),
                          lambda: read_page(source, display))

    def save(self) -> None:
        """Keep the entries of the files read since the last save, and only those (a removed or
        edited file's entry goes); written at once, and only when something changed."""
        used, self._used = self._used, {}
        if self.path is None or used.keys() == self._stored_entries().keys():
            self._stored = used
            return
        self._stored = used
        # One line per file, "key entry": an edit in a preview rewrites lines, not one document.
        data = "".join(f"{key} {text}\n" for key, text in used.items())
        try:
            replace_bytes(self.path, data.encode("utf-8", "surrogatepass"))
        except OSError:
            pass  # a cache that cannot be written is made again next time

    def _read(self, source: Path, what: tuple[str, ...], parse, read) -> _Read:
        """`parse(raw)` the file, or its entry; `read()` reports a file that cannot be read."""
        try:
            stat = source.stat()
        except OSError:
            stamp = None
        else:  # ctime and inode too: an edit that puts the old time back still changes them
            stamp = (what, stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
        remembered = self._by_stat.get(source)
        if stamp is not None and remembered is not None and remembered[0] == stamp:
            key, result = remembered[1], remembered[2]
            if key is None:
                return result
            text = self._entry(key)
            if text is not None:
                self._used[key] = text
                return result
        try:
            raw = source.read_bytes()
        except OSError:
            return read()  # in the reader's own words
        digest = hashlib.sha256(raw).hexdigest()
        key = cache_key(what[0], str(source), digest, *what[1:])
        result = self._cached(key, raw, source, what)
        if result is None:
            result = parse(raw)
            self._store(key, raw, result)
        stored = key if key in self._used else None
        if stamp is not None:
            self._by_stat[source] = (stamp, stored, result)
        return result

    def _stored_entries(self) -> dict[str, str]:
        if self._stored is None:
            self._stored = _load(self.path) if self.path else {}
        return self._stored

    def _entry(self, key: str) -> str | None:
        return self._used.get(key) or self._stored_entries().get(key)

    def _cached(self, key: str, raw: bytes, source: Path, what: tuple[str, ...]) -> _Read | None:
        text = self._entry(key)
        if text is None:
            return None
        try:
            made = _decode_post if what[0] == "post" else _decode_page
            result = made(json.loads(text), post_text(raw), source, what[1]), []
        except _READ_AGAIN:  # a damaged entry: parse the file again, and write it anew
            self._stored_entries().pop(key, None)
            self._used.pop(key, None)
            return None
        self._used[key] = text
        return result

    def _store(self, key: str, raw: bytes, result: _Read) -> None:
        item, problems = result
        if item is None or problems:
            return
        try:
            entry = _encode(item, post_text(raw))
        except _Unstorable:
            return
        self._used[key] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _load(path: Path) -> dict[str, str]:
    """key -> entry text of every line of the file; a damaged line is left out (its file is
    parsed again), a damaged file is as good as none."""
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, ValueError):
        return {}
    entries = {}
    for line in text.split("\n"):  # not splitlines(): an entry may hold U+2028 and the like
        key, _, entry = line.partition(" ")
        if entry:
            entries[key] = entry
    return entries


# Fields of a Post or page that the entry does not hold: the reader knows them, or they are
# cut from the text again (the body is most of a file and costs nothing to slice).
_GIVEN = {"source", "path", "body"}


def _encode(item: Post | StandalonePage, text: str) -> dict:
    body_at = len(text) - len(item.body)
    if text[body_at:] != item.body:
        raise _Unstorable(item.path)
    fields = {f.name: _encode_value(getattr(item, f.name))
              for f in dataclasses.fields(item) if f.name not in _GIVEN}
    entry = {"fields": fields, "body_at": body_at}
    if isinstance(item, Post):
        entry["links"] = [[k.target, k.line, k.is_image] for k in item.links]
        entry["site_links"] = [[k.target, k.line, k.is_image] for k in item.site_links]
    return entry


def _decode_post(entry: dict, text: str, source: Path, display: str) -> Post:
    post = Post(source=source, path=display, body=_body(entry, text),
                **{name: _decode_value(value) for name, value in entry["fields"].items()})
    # What the cached properties would find in the body, found before.
    post.__dict__["links"] = [Link(t, line, bool(image)) for t, line, image in entry["links"]]
    post.__dict__["site_links"] = tuple(Link(t, line, bool(image)) for t, line, image in entry["site_links"])
    return _with_safe_slug(post)


def _decode_page(entry: dict, text: str, source: Path, display: str) -> StandalonePage:
    return _with_safe_slug(StandalonePage(source=source, path=display, body=_body(entry, text),
                                          **{name: _decode_value(value)
                                             for name, value in entry["fields"].items()}))


def _with_safe_slug(item):
    # The slug becomes a path of the site: whatever the cache file says, never one the reader
    # would refuse (".." or "/").
    if not isinstance(item.slug, str) or not is_safe_slug(item.slug):
        raise ValueError(f"slug {item.slug!r}")
    return item


def _body(entry: dict, text: str) -> str:
    body_at = entry["body_at"]
    if type(body_at) is not int or not 0 <= body_at <= len(text):
        raise ValueError(f"body_at {body_at!r}")
    return text[body_at:]


def _encode_value(value: object) -> object:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, dt.datetime):
        return {"datetime": _encode_datetime(value)}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, dict) and all(isinstance(k, str) and type(v) is int for k, v in value.items()):
        return {"lines": value}
    raise _Unstorable(repr(value))


def _decode_value(value: object) -> object:
    if isinstance(value, dict):
        if "datetime" in value:
            return _decode_datetime(value["datetime"])
        return dict(value["lines"])
    return value


def _encode_datetime(moment: dt.datetime) -> list:
    """[wall time, fold, zone name or None for a fixed offset], checked to come back equal."""
    zone = moment.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo):
        encoded = [moment.replace(tzinfo=None).isoformat(), moment.fold, zone.key]
    elif isinstance(zone, dt.timezone):
        encoded = [moment.isoformat(), moment.fold, None]
    else:
        raise _Unstorable(repr(moment))
    back = _decode_datetime(encoded)
    if (back != moment or back.tzinfo is None or back.tzname() != moment.tzname()
            or repr(back.tzinfo) != repr(zone)):
        raise _Unstorable(repr(moment))
    return encoded


def _decode_datetime(encoded: list) -> dt.datetime:
    wall, fold, zone = encoded
    moment = dt.datetime.fromisoformat(wall).replace(fold=fold)
    if zone is not None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment

