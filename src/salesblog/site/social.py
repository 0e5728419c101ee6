"""Social cards: a 1200x630 picture for posts with no image at all (neither `image:` nor one in
the text), so that a shared link shows the post's title, author and the blog's name on the brand's
colours instead of a bare text card.

Drawn with Pillow and the font Pillow itself ships (no font is fetched); cached by everything
drawn on it, so a warm build draws nothing.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from salesblog.site.brand import Rgb, text_on

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
CARD_NAME = "social-card.jpg"
CARD_VERSION = "2"  # part of the cache key: bump when the drawing changes


def card_key_parts(title: str, authors: list[str], blog: str, primary: str, accent: str) -> str:
    return repr((CARD_VERSION, title, authors, blog, primary, accent))


def draw_card(title: str, authors: list[str], blog: str, primary: str, accent: str) -> bytes:
    """The JPEG bytes of one card."""
    ground = Rgb.parse(primary)
    ink = text_on(ground).hex()
    image = Image.new("RGB", (WIDTH, HEIGHT), ground.hex())
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=Rgb.parse(accent).hex())
    font, lines = _fit_title(draw, title)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=ink)
        y += int(font.size * 1.2)
    if authors:
        draw.text((MARGIN, HEIGHT - 24 - MARGIN - 90), ", ".join(authors), font=_font(34), fill=ink)
    draw.text((MARGIN, HEIGHT - 24 - MARGIN - 40), blog, font=_font(30), fill=ink)
    out = io.BytesIO()
    # JPEG: a sixth of PNG's encoding time; full colour resolution keeps the text's edges clean.
    image.save(out, "JPEG", quality=90, subsampling=0)
    return out.getvalue()


@lru_cache(maxsize=None)
def _font(size: int):
    """Pillow's own scalable font (Pillow >= 10.1), loaded once per size."""
    return ImageFont.load_default(size=size)


def _fit_title(draw: ImageDraw.ImageDraw, title: str):
    """The largest font (72 down to 40 px) that fits the title in four lines, and its lines."""
    for size in (72, 64, 56, 48, 40):
        font = _font(size)
        lines = _wrap(draw, title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= 4:
            return font, lines
    return font, lines[:4]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
