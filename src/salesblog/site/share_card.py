"""The picture a post shares with when it has none of its own: a 1200x630 card with its title,
authors and the blog's name on the brand's colours, drawn with Pillow in the font shipped with
the package. Each card is kept in the cache under a hash of everything drawn on it."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from salesblog.config import BrandSettings
from salesblog.fingerprint import cache_key
from salesblog.forked import forked_map
from salesblog.render.encoded import EncodedFiles
from salesblog.site.brand import BLACK, WHITE, Rgb, contrast, text_on

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
FONT = Path(__file__).resolve().parent.parent / "fonts" / "LiberationSans-Bold.ttf"
MARGIN = 80
TITLE_SIZES = (72, 64, 56, 48, 42)  # the largest at which the title fits in TITLE_LINES lines
TITLE_LINES = 4
QUALITY = 90
PARALLEL_THRESHOLD = 16


@dataclass(frozen=True)
class CardText:
    """Everything drawn on one card."""

    title: str
    authors: str
    blog: str
    primary: str
    accent: str


@dataclass(frozen=True)
class ShareCard:
    path: str  # in the site
    key: str


class ShareCards:
    """The cards of one build: named while the site is planned, drawn once planning is over."""

    def __init__(self, cache_folder: Path | None, brand: BrandSettings):
        self.folder = cache_folder / "cards" if cache_folder else None
        self.brand = brand
        self.wanted: dict[str, tuple[ShareCard, CardText]] = {}
        self.files = EncodedFiles(self.folder, ".jpg")
        self.drawn = 0  # cards drawn by the last `draw` (0 on a warm rebuild)

    def card_for(self, post_path: str, title: str, authors: list[str], blog: str) -> ShareCard:
        """The card of the post at `post_path` ("blog/slug/"); its file name changes with its
        text, so a network that keeps shared pictures by address shows the new one. The name
        leaves out the code in the cache key: it would differ between machines with different
        packages installed, and every upgrade would rename every card of the site."""
        text = CardText(title, ", ".join(authors), blog, self.brand.primary, self.brand.accent)
        name = hashlib.sha256(repr(text).encode()).hexdigest()[:12]
        card = ShareCard(f"{post_path}share-{name}.jpg", cache_key("share-card", repr(text)))
        self.wanted[card.path] = (card, text)
        return card

    def draw(self, jobs: int = 1) -> int:
        """Draw every card not in the cache yet; returns how many were drawn."""
        todo = [(card.key, text) for card, text in self.wanted.values() if not self.files.have(card.key)]
        todo = list(dict(todo).items())  # two posts with the same card draw it once
        for key, data in forked_map(_draw_job, todo, jobs, threshold=PARALLEL_THRESHOLD, chunksize=1):
            self.files.store(key, data)
        self.drawn = len(todo)
        return self.drawn

    def output_files(self) -> list:
        return [self.files.output_file(card.path, card.key) for card, _ in self.wanted.values()]

    def prune(self) -> None:
        self.files.prune({card.key for card, _ in self.wanted.values()})


def _draw_job(job: tuple[str, CardText]) -> tuple[str, bytes]:
    key, text = job
    return key, draw_card(text)


def draw_card(text: CardText) -> bytes:
    """The card as JPEG bytes: the title large on the primary colour, an accent band, the
    authors and the blog's name below."""
    from PIL import Image, ImageDraw

    ground = Rgb.parse(text.primary)
    ink = text_on(ground).hex()
    accent = Rgb.parse(text.accent)
    if contrast(accent, ground) < 1.5:  # an accent lost on the ground: a light or dark band
        accent = ground.mix(WHITE if ink == WHITE.hex() else BLACK, .35)
    image = Image.new("RGB", (WIDTH, HEIGHT), ground.hex())
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=accent.hex())
    font, lines = _fit_title(draw, text.title)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=ink)
        y += round(font.size * 1.2)
    small = _font(34)
    draw.rectangle((MARGIN, HEIGHT - 170, MARGIN + 120, HEIGHT - 162), fill=accent.hex())
    if text.authors:
        draw.text((MARGIN, HEIGHT - 140), _clip(draw, text.authors, small), font=small, fill=ink)
    draw.text((MARGIN, HEIGHT - 90), _clip(draw, text.blog, small), font=small, fill=ink)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, subsampling=0, optimize=False)
    return out.getvalue()


@functools.lru_cache(maxsize=None)
def _font(size: int):
    """The shipped font at `size`, loaded once per process (each card uses several sizes)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


def _fit_title(draw, title: str):
    """The largest font at which the title wraps into TITLE_LINES lines; the last one cut
    with an ellipsis if even the smallest does not fit."""
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(draw, title, font)
        if len(lines) <= TITLE_LINES:
            return font, lines
    lines = lines[:TITLE_LINES]
    lines[-1] = _clip(draw, lines[-1] + " …", font, force=True)
    return font, lines


def _wrap(draw, text: str, font) -> list[str]:
    room = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [_clip(draw, line, font) for line in lines] or [""]


def _clip(draw, text: str, font, *, force: bool = False) -> str:
    """`text` cut with an ellipsis to the card's width (a very long word or name)."""
    room = WIDTH - 2 * MARGIN
    if draw.textlength(text, font=font) <= room and not force:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text.rstrip(" …") + "…"
