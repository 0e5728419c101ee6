"""An imported post's images made local: files beside a saved page are copied, remote ones
downloaded (timeout, size cap, content type), inline data: images decoded; every reference
rewritten to content/images/<slug>/. What cannot be had keeps its reference and is reported."""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from salesblog.importer.fetch import IMAGE_LIMIT, FetchError, fetch, is_url

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
               "image/svg+xml": ".svg", "image/avif": ".avif", "image/bmp": ".bmp"}
_IMAGE_SUFFIXES = set(_EXTENSIONS.values()) | {".jpeg"}


@dataclass
class LocalImages:
    """Images to write for one post: name under content/images/<slug>/ -> bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)  # original reference -> file name
    warnings: list[str] = field(default_factory=list)


class ImageFetcher:
    """Downloads shared by all the posts of one run; a host that cannot be reached once is not
    asked again (an offline machine would otherwise wait out every image's timeout)."""

    def __init__(self, enabled: bool = True, reason: str = "offline"):
        self.enabled = enabled
        self.reason = reason  # why nothing is downloaded when not enabled
        self.dead_hosts: dict[str, str] = {}
        self.cache: dict[str, tuple[bytes, str] | str] = {}

    def get(self, url: str) -> tuple[bytes, str]:
        """(bytes, content type) or FetchError."""
        if url in self.cache:
            cached = self.cache[url]
            if isinstance(cached, str):
                raise FetchError(cached)
            return cached
        host = urlsplit(url).hostname or ""
        if not self.enabled:
            raise FetchError(f"{url}: not downloaded ({self.reason})")
        if host in self.dead_hosts:
            raise FetchError(f"{url}: {self.dead_hosts[host]}")
        try:
            fetched = fetch(url, accept=("image/",), limit=IMAGE_LIMIT)
        except FetchError as error:
            if "cannot connect" in str(error) or "timed out" in str(error):
                self.dead_hosts[host] = "host unreachable"
            self.cache[url] = str(error)
            raise
        result = (fetched.data, fetched.content_type.split(";")[0].strip().lower())
        self.cache[url] = result
        return result


def localize_images(body_html: str, *, slug: str, base_dir: Path | None, base_url: str | None,
                    fetcher: ImageFetcher, link_prefix: str) -> tuple[str, LocalImages]:
    """Rewrite every <img> of the body to a local copy where one can be had."""
    soup = BeautifulSoup(body_html, "lxml")
    found = LocalImages()
    for img in soup.find_all("img"):
        src = (img.get("src") or "").strip()
        name = _localize(src, found, base_dir=base_dir, base_url=base_url, fetcher=fetcher)
        if name is not None:
            img["src"] = f"{link_prefix}{name}"
        elif not is_url(src) and base_url and not src.startswith("data:"):
            img["src"] = urljoin(base_url, src)  # keep the reference, as an address that still works
        elif not is_url(src):
            img.decompose()  # a relative path to nothing would break `salesblog check`
    body = soup.body.decode_contents() if soup.body else str(soup)
    return body, found


def localize_one(src: str, found: LocalImages, *, base_dir: Path | None, base_url: str | None,
                 fetcher: ImageFetcher) -> str | None:
    """The file name of one image (the hero image), localized like the body's."""
    return _localize(src, found, base_dir=base_dir, base_url=base_url, fetcher=fetcher)


def _localize(src: str, found: LocalImages, *, base_dir: Path | None, base_url: str | None,
              fetcher: ImageFetcher) -> str | None:
    if not src:
        return None
    if src in found.by_source:
        return found.by_source[src]
    data, kind, hint = None, None, ""
    if src.startswith("data:"):
        data, kind = _decode_data_uri(src)
        hint = "image"
        if data is None:
            found.warnings.append("an inline image could not be decoded")
    elif not is_url(src) and not src.startswith("//") and base_dir is not None:
        path = (base_dir / unquote(urlsplit(src).path)).resolve()
        if path.is_file() and path.suffix.lower() in _IMAGE_SUFFIXES:
            data, kind, hint = path.read_bytes(), mimetypes.guess_type(path.name)[0], path.name
        elif not base_url:
            found.warnings.append(f"image {src} not found beside the page")
            return None
    if data is None and not src.startswith("data:"):
        url = urljoin(base_url or "", "https:" + src if src.startswith("//") else src)
        if not is_url(url):
            if base_dir is None:
                found.warnings.append(f"image {src}: no address to fetch it from")
            return None
        try:
            data, kind = fetcher.get(url)
            hint = urlsplit(url).path.rsplit("/", 1)[-1]
        except FetchError as error:
            found.warnings.append(f"image not fetched, reference kept: {error}")
            return None
    if data is None:
        return None
    name = _file_name(hint, kind, data, found)
    found.files[name] = data
    found.by_source[src] = name
    return name


def _decode_data_uri(src: str) -> tuple[bytes | None, str | None]:
    match = re.match(r"data:(image/[\w.+-]+)?(;base64)?,(.*)$", src, re.S)
    if not match or not match.group(2):
        return None, None
    try:
        return base64.b64decode(match.group(3), validate=False), match.group(1)
    except (binascii.Error, ValueError):
        return None, None


def _file_name(hint: str, kind: str | None, data: bytes, found: LocalImages) -> str:
    """A safe, unique file name: the original's when it has one, else a digest."""
    stem, suffix = Path(unquote(hint)).stem, Path(unquote(hint)).suffix.lower()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:60] or hashlib.sha1(data).hexdigest()[:12]
    if suffix not in _IMAGE_SUFFIXES:
        suffix = _EXTENSIONS.get(kind or "", ".jpg")
    name = f"{stem}{suffix}"
    counter = 2
    while name in found.files and found.files[name] != data:
        name = f"{stem}-{counter}{suffix}"
        counter += 1
    return name
