"""An imported post's images made local: files beside a saved page are copied, remote ones
downloaded (timeout, size cap, content type), inline data: images decoded; every reference
rewritten to content/images/<slug>/. What cannot be had keeps its reference and is reported."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from salesblog.importer.fetch import IMAGE_LIMIT, FetchError, fetch, is_url

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
               "image/avif": ".avif", "image/bmp": ".bmp"}


@dataclass
class LocalImages:
    """Images to write for one post: name under content/images/<slug>/ -> bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)  # original reference -> file name
    warnings: list[str] = field(default_factory=list)


class ImageFetcher:
    """Downloads shared by all the posts of one run; a host that cannot be reached once is not
    asked again (an offline machine would otherwise wait out every image's timeout)."""

    def __init__(self, enabled: bool = True, reason: str = "offline", *, allow_private: bool = False):
        self.enabled = enabled
        self.allow_private = allow_private
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
            fetched = fetch(url, accept=("image/",), limit=IMAGE_LIMIT, allow_private=self.allow_private)
        except FetchError as error:
            reason = str(error)
            if f"refused: {host} is not a public" in reason or f"refused: cannot resolve {host} " in reason:
                # the host itself (not a redirect's target) is private or unknown: ask it no more
                self.dead_hosts[host] = "refused: " + reason.split("refused: ", 1)[1]
            elif "cannot connect" in reason or "timed out" in reason:
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
        elif not is_url(src):
            kept = urljoin(base_url, src) if base_url and not src.startswith("data:") else ""
            if is_url(kept):
                img["src"] = kept  # keep the reference, as an address that still works
            else:
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
    data, hint = None, ""
    if src.startswith("data:"):
        data, _ = _decode_data_uri(src)
        hint = "image"
        if data is None:
            found.warnings.append("an inline image could not be decoded")
            return None
    elif base_dir is not None and not is_url(src) and not src.startswith("//"):
        # A saved page's own files: only from its folder, never from the network, whatever its
        # <base href> or "saved from" address says (a relative path is no address to fetch).
        path = _file_beside(src, base_dir, found)
        if path is None:
            return None
        data, hint = path.read_bytes(), path.name
    else:
        url = urljoin(base_url or "", "https:" + src if src.startswith("//") else src)
        if not is_url(url):
            found.warnings.append(f"image {src}: no address to fetch it from")
            return None
        try:
            data, _ = fetcher.get(url)
            hint = urlsplit(url).path.rsplit("/", 1)[-1]
        except FetchError as error:
            found.warnings.append(f"image not fetched, reference kept: {error}")
            return None
    kind = sniff_image(data)
    if kind is None:
        found.warnings.append(f"image {_short(src)} refused: {_not_an_image(data)}")
        return None
    name = _file_name(hint, kind, data, found)
    found.files[name] = data
    found.by_source[src] = name
    return name


def _file_beside(src: str, base_dir: Path, found: LocalImages) -> Path | None:
    """The file a saved page's image reference names, if it lies in the page's folder or below
    (symlinks resolved); None, with a warning, for anything else."""
    parts = urlsplit(src)
    relative = unquote(parts.path)
    if parts.scheme or parts.netloc or relative.startswith(("/", "\\")) or "\\" in relative or "\0" in relative \
            or ".." in relative.split("/"):
        found.warnings.append(f"image {_short(src)} refused: a saved page may only use files in its own folder")
        return None
    folder = base_dir.resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        found.warnings.append(f"image {_short(src)} refused: it leads outside the saved page's folder")
        return None
    if not path.is_file():
        found.warnings.append(f"image {_short(src)} not found beside the page")
        return None
    if path.stat().st_size > IMAGE_LIMIT:
        found.warnings.append(f"image {_short(src)} refused: larger than {IMAGE_LIMIT // 1024 // 1024} MB")
        return None
    return path


def _short(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "..."


def sniff_image(data: bytes) -> str | None:
    """The image type the bytes are, by their signature; None for anything else. The file's
    name and the server's content type are claims: an "image" that is HTML, script or SVG
    (which can carry script) would run in the blog's origin once the site serves it."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif"
    if data.startswith(b"BM") and len(data) > 26:
        return "image/bmp"
    return None


def _not_an_image(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if b"<svg" in head or head.startswith(b"<?xml"):
        return "SVG images are not imported (an SVG can carry script)"
    return "not a JPEG, PNG, GIF, WebP, AVIF or BMP image"


def _decode_data_uri(src: str) -> tuple[bytes | None, str | None]:
    match = re.match(r"data:(image/[\w.+-]+)?(;base64)?,(.*)$", src, re.S)
    if not match or not match.group(2):
        return None, None
    try:
        return base64.b64decode(match.group(3), validate=False), match.group(1)
    except (binascii.Error, ValueError):
        return None, None


def _file_name(hint: str, kind: str, data: bytes, found: LocalImages) -> str:
    """A safe, unique file name: the original's stem when it has one, else a digest; the suffix
    always the one of the type the bytes are, so the site serves them as that image."""
    stem = Path(unquote(hint)).stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:60] or hashlib.sha1(data).hexdigest()[:12]
    suffix = _EXTENSIONS[kind]
    name = f"{stem}{suffix}"
    counter = 2
    while name in found.files and found.files[name] != data:
        name = f"{stem}-{counter}{suffix}"
        counter += 1
    return name
