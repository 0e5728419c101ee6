"""The site's local images: their sizes, and WebP renditions made once per content and setting.

Every image a post shows gets width/height (no layout shift), lazy loading and a responsive
srcset of WebP renditions. Facts (size, content hash) are remembered per file by its stat, and
each rendition is kept in the cache under a key of its source's bytes, its width and the code
(fingerprint.py): a warm rebuild opens no image and encodes nothing. Remote images are left
alone; SVG and GIF (vector, or possibly animated) get their size only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from salesblog.files import replace_bytes
from salesblog.fingerprint import cache_key
from salesblog.forked import forked_map
from salesblog.render.encoded import EncodedFiles

log = logging.getLogger(__name__)

WIDTHS = (480, 960, 1440)  # each capped at the original's width
WEBP_QUALITY = 80
WEBP_METHOD = 2  # libwebp effort 0-6: 2 encodes about 2.5x faster than 4 for ~10% more bytes
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}  # given renditions
SIZE_ONLY = {".gif", ".svg"}
# Images in a post's column: never wider than the image itself, the screen, or the column
# (at most COLUMN px wide beside the recent-posts sidebar).
COLUMN = 960
BODY_SIZES = "(max-width: {width}px) 100vw, {width}px"  # width: min(image's width, COLUMN)
# (The hero fills the column: the post template says "(max-width: 960px) 100vw, 960px"; a card's
# thumbnail is 8rem wide: "160px".)
# Below this many images to encode, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 8


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    digest: str  # sha256 of the file's bytes


@dataclass(frozen=True)
class Rendition:
    width: int
    path: str  # in the site
    key: str  # cache key: source digest, width and the code


@dataclass
class SiteImage:
    """A local image of the site: where it is published, its size and its renditions."""

    source: Path
    path: str  # the original's path in the site
    facts: ImageFacts
    renditions: list[Rendition] = field(default_factory=list)


@dataclass(frozen=True)
class ImageAttributes:
    """What an <img> of this image gets (plain data: sent to render workers, part of keys)."""

    width: int
    height: int
    srcset: str = ""


class SiteImages:
    """The local images a build publishes, found from the content's assets."""

    def __init__(self, cache_folder: Path | None):
        self.folder = cache_folder / "images" if cache_folder else None
        self.by_source: dict[Path, SiteImage] = {}
        self.links: dict[str, str] = {}  # site path -> href, from the site's URL rules
        self.files = EncodedFiles(self.folder, ".webp", sharded=True)  # the renditions
        self.encoded = 0  # renditions encoded by the last `encode` (0 on a warm rebuild)

    @classmethod
    def of_content(cls, content, urls, cache_folder: Path | None) -> "SiteImages":
        from salesblog.site.plan import asset_path  # the site's paths are the planner's

        images = cls(cache_folder)
        known = _FactsIndex(images.folder)
        taken = {asset_path(a, urls) for a in content.assets}
        for asset in content.assets:
            suffix = asset.source.suffix.lower()
            if suffix not in RASTER and suffix not in SIZE_ONLY:
                continue
            facts = known.facts(asset.source)
            if facts is None:
                continue  # unreadable: published as it is, without attributes
            path = asset_path(asset, urls)
            image = SiteImage(asset.source, path, facts)
            if suffix in RASTER:
                renditions = _renditions(path, facts)
                if any(r.path in taken for r in renditions):  # chart.png beside chart.jpg
                    renditions = _renditions(path, facts, with_suffix=True)
                image.renditions = [r for r in renditions if r.path not in taken]
                taken.update(r.path for r in image.renditions)
            images.by_source[asset.source] = image
            for item in (path, *(r.path for r in image.renditions)):
                images.links[item] = urls.link(item)
        known.save()
        return images

    def attributes(self, source: Path) -> ImageAttributes | None:
        image = self.by_source.get(source)
        if image is None:
            return None
        srcset = ", ".join(f"{self.links[r.path]} {r.width}w" for r in image.renditions)
        return ImageAttributes(image.facts.width, image.facts.height, srcset)

    def used_by(self, post) -> dict[str, ImageAttributes]:
        """source path -> attributes, for the local images in `post`'s body (its cache key)."""
        from salesblog.content.links import local_target

        used = {}
        for link in post.links:
            found = local_target(link.target, post.source.parent)
            if link.is_image and found is not None:
                attributes = self.attributes(found[0])
                if attributes is not None:
                    used[str(found[0])] = attributes
        return used

    # --- renditions ------------------------------------------------------------------------

    def encode(self, jobs: int = 1) -> int:
        """Make every rendition not in the cache yet; returns how many were encoded. An image
        that cannot be decoded (damaged past its header) keeps its size but loses its srcset:
        call before rendering, so no page names a rendition that was not made."""
        todo = []
        for image in self.by_source.values():
            missing = [r for r in image.renditions if not self.files.have(r.key)]
            if missing:
                todo.append((image.source, [(r.width, r.key) for r in missing]))
        results = forked_map(_encode_job, [(str(source), widths) for source, widths in todo], jobs,
                             threshold=PARALLEL_THRESHOLD, chunksize=1)
        self.encoded = 0
        for (source, _), made in zip(todo, results):
            if made and not made[0][0]:
                log.warning("%s", made[0][1])
                self.by_source[source].renditions = []
                continue
            for key, data in made:
                self.files.store(key, data)
            self.encoded += len(made)
        return self.encoded

    def output_files(self) -> list:
        """The renditions as files of the site (call after `encode`)."""
        return [self.files.output_file(rendition.path, rendition.key)
                for image in self.by_source.values() for rendition in image.renditions]

    def prune(self) -> None:
        """Drop renditions no current image has, so the cache does not grow forever."""
        self.files.prune({r.key for image in self.by_source.values() for r in image.renditions})


def _renditions(path: str, facts: ImageFacts, *, with_suffix: bool = False) -> list[Rendition]:
    """<name>-<width>w.webp beside the original (<name>-<suffix>-<width>w.webp when another
    image of that name has taken those)."""
    widths = sorted({min(width, facts.width) for width in WIDTHS})
    original = PurePosixPath(path)
    folder = f"{original.parent}/" if str(original.parent) != "." else ""
    name = f"{original.stem}-{original.suffix.lstrip('.').lower()}" if with_suffix else original.stem
    return [Rendition(width, f"{folder}{name}-{width}w.webp",
                      cache_key("rendition", facts.digest, str(width))) for width in widths]


class _FactsIndex:
    """Facts of image files remembered by path, size and modification time: an unchanged
    image is neither read nor opened again. Facts read by other code are forgotten."""

    def __init__(self, folder: Path | None):
        self.path = folder / "facts.json" if folder else None
        self.key = cache_key("image-facts")
        self.known: dict[str, list] = {}
        self.seen: dict[str, list] = {}
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("key") == self.key:
                    self.known = data["files"]

    def facts(self, source: Path) -> ImageFacts | None:
        try:
            stat = source.stat()
        except OSError:
            return None
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = self.known.get(str(source))
        if entry is None or entry[:2] != stamp:
            facts = read_facts(source)
            if facts is None:
                return None
            entry = [*stamp, facts.width, facts.height, facts.digest]
        self.seen[str(source)] = entry
        return ImageFacts(entry[2], entry[3], entry[4])

    def save(self) -> None:
        if self.path is None or self.seen == self.known:
            return
        replace_bytes(self.path, json.dumps({"key": self.key, "files": self.seen}).encode())


def read_facts(source: Path) -> ImageFacts | None:
    """Size (as displayed: EXIF rotation applied) and content hash of an image; None when it
    cannot be read as one."""
    try:
        data = source.read_bytes()
    except OSError:
        return None
    size = _svg_size(data) if source.suffix.lower() == ".svg" else _raster_size(data)
    if size is None:
        return None
    return ImageFacts(size[0], size[1], hashlib.sha256(data).hexdigest())


def _raster_size(data: bytes) -> tuple[int, int] | None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # stored rotated a quarter turn
                width, height = height, width
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return (width, height) if width > 0 and height > 0 else None


_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.I | re.S)
_ATTRIBUTE = re.compile(rb"""\s([a-zA-Z:-]+)\s*=\s*(["'])(.*?)\2""", re.S)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of an SVG from its root element (in px, else from its viewBox). A
    pattern over the start tag only: no XML parser meets the file's entities or its size."""
    tag = _SVG_TAG.search(data[:65536])
    if tag is None:
        return None
    attributes = {m.group(1).decode("ascii", "replace").lower(): m.group(3).decode("utf-8", "replace")
                  for m in _ATTRIBUTE.finditer(tag.group(0))}
    width, height = (_LENGTH.match(attributes.get(k, "")) for k in ("width", "height"))
    if width and height:
        size = (round(float(width.group(1))), round(float(height.group(1))))
    else:
        box = attributes.get("viewbox", "").replace(",", " ").split()
        try:
            size = (round(float(box[2])), round(float(box[3]))) if len(box) == 4 else None
        except ValueError:
            size = None
    return size if size and size[0] > 0 and size[1] > 0 else None


def _encode_job(job: tuple[str, list[tuple[int, str]]]) -> list[tuple[str, bytes]]:
    """One source image opened once, encoded at each missing width: [(key, WebP bytes)]."""
    from PIL import Image

    source, widths = job
    try:
        return _encode(source, widths)
    except (OSError, ValueError, Image.DecompressionBombError) as error:  # damaged past its header
        return [("", f"{source}: cannot be read as an image ({error}); published without WebP copies")]


def _encode(source: str, widths: list[tuple[int, str]]) -> list[tuple[str, bytes]]:
    import io

    from PIL import Image, ImageOps

    made = []
    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        for width, key in widths:
            scaled = image
            if width < image.width:
                height = max(1, round(image.height * width / image.width))
                scaled = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            out = io.BytesIO()
            scaled.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
            made.append((key, out.getvalue()))
    return made


def image_warnings(posts) -> list:
    """What `check` warns about (and builds still publish): a hero image without alt text,
    which leaves readers of screen readers and search engines with nothing."""
    from salesblog.errors import Problem

    return [Problem(post.path, post.lines.get("image", 2),
                    f"image {post.image!r} has no image_alt; say what it shows (image_alt: ...)")
            for post in posts if post.image and not post.image_alt]
