"""Images in an article's HTML: lazy loading resolved, <noscript> twins not doubled, tracking
pixels and blurred placeholders dropped."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

_LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "data-orig-file", "data-image",
                    "data-full-url", "data-large-file", "data-url", "data-hi-res-src", "data-echo",
                    "data-pin-media", "data-lazyload", "data-actualsrc", "data-original-src", "data-delayed-url")
_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
_PLACEHOLDER_SRC = re.compile(r"^(?:data:|about:|javascript:)|(?:^|/)(?:blank|spacer|pixel|transparent|"
                              r"placeholder|lazy|loading|grey|gray|1x1)[^/]*\.(?:gif|png|svg)", re.I)
_TRACKER_SRC = re.compile(
    r"(?:feeds\.feedburner\.com/~r/|feedburner\.com/~ff/|stats\.wordpress\.com|pixel\.wp\.com|"
    r"/b\.gif|/t\.gif|track(?:ing)?[./?]|/pixel(?:\.|/|\?)|doubleclick\.net|google-analytics\.com|"
    r"facebook\.com/tr|analytics\.|/cta/default/|no-cache\.hubspot\.com/cta|hubspot\.com/cta|"
    r"medium\.com/_/stat|/open\.aspx|mailchimp\.com/track|list-manage\.com/track|quantserve|scorecardresearch|"
    r"gravatar\.com/avatar)", re.I)
_BLURRED = re.compile(r"(?:blur|lqip|placeholder|progressiveMedia-thumbnail|thumbnail-blur|lazy-placeholder|"
                      r"preview-image)", re.I)
_LOW_RES_URL = re.compile(r"(?:/freeze/|[?&]q=20\b|/max/(?:20|30|60)/|[?&]blur=|[?&]w=(?:10|20|30)\b|"
                          r"/resize:fit:(?:20|40|60)/|/blur:)", re.I)


def best_from_srcset(srcset: str) -> str | None:
    """The widest candidate of a srcset ("a.jpg 300w, b.jpg 1024w" -> "b.jpg")."""
    best, best_size = None, -1.0
    for url, descriptor in srcset_candidates(srcset):
        size = 1.0
        match = re.match(r"([\d.]+)([wx])", descriptor)
        if match:
            size = float(match.group(1)) * (1 if match.group(2) == "w" else 1000)
        if size > best_size:
            best, best_size = url, size
    return best


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
    """(url, descriptor) pairs, split as browsers do: a URL runs to the next whitespace (commas
    inside it, as in "w_300,h_200", belong to it) and its descriptor to the next comma, so
    "a.png 148w,b.png 295w" without spaces after the commas splits too."""
    found, position = [], 0
    while position < len(srcset):
        match = re.compile(r"[\s,]*(\S+)").match(srcset, position)
        if match is None:
            break
        url, position = match.group(1), match.end()
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = srcset.find(",", position)
            end = len(srcset) if end < 0 else end
            descriptor, position = srcset[position:end].strip(), end + 1
        if url:
            found.append((url, descriptor))
    return found


def real_source(img: Tag) -> str | None:
    """The URL the browser would end up showing for this <img>, lazy loaders undone; the largest
    rendition of that same image when its srcset offers one."""
    chosen = _shown_source(img)
    larger = _largest_candidate(img)
    if chosen and larger and larger != chosen and _is_address(chosen) and same_image(chosen, larger):
        return larger
    return chosen


def _shown_source(img: Tag) -> str | None:
    src = (img.get("src") or "").strip()
    for name in _LAZY_ATTRIBUTES:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:") and not value.startswith("{"):
            return value
    if src and (not _PLACEHOLDER_SRC.search(src) or is_inline_image(src)):
        return src
    for name in _SRCSET_ATTRIBUTES:
        value = img.get(name) or ""
        if value and not value.startswith("data:"):
            best = best_from_srcset(value)
            if best:
                return best
    picture = img.find_parent("picture")
    if picture is not None:
        for source in picture.find_all("source"):
            best = best_from_srcset(source.get("srcset") or source.get("data-srcset") or "")
            if best and not best.startswith("data:"):
                return best
    return src if src and (not src.startswith("data:") or is_inline_image(src)) else None


def _largest_candidate(img: Tag) -> str | None:
    for name in _SRCSET_ATTRIBUTES:
        value = img.get(name) or ""
        best = best_from_srcset(value) if value and not value.startswith("data:") else None
        if best and not best.startswith("data:"):
            return best
    return None


def _is_address(src: str) -> bool:
    """An address on the web, not a file saved beside the page: a saved copy works offline and
    the srcset's larger rendition may not, so a local file is never traded for one."""
    return src.startswith(("http://", "https://", "//", "/")) and not src.startswith("data:")


# Size marks that CMSs and image services add to one picture's renditions: WordPress's -300x200,
# Ghost's /size/w600/, @2x, -scaled, Gatsby's per-size hash folder, ?w=600 and width= queries
_SIZE_MARKS = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w+$)|-scaled(?=\.\w+$)|@\d(?:\.\d)?x(?=\.\w+$)|"
                         r"[-_](?:\d{2,5}w?|small|medium|large|thumb|thumbnail)(?=\.\w+$)", re.I)


def same_image(a: str, b: str) -> bool:
    """Two renditions of one picture: the same file name once size marks are removed, or the same
    address apart from its size parameters (/_next/image?url=...&w=..., ?width=...&name=...)."""
    return _image_identity(a) == _image_identity(b)


def _image_identity(src: str) -> str:
    parts = urlsplit(src)
    query = parse_qs(parts.query)
    inner = (query.get("url") or query.get("name") or [""])[0]
    name = (inner or parts.path).rsplit("/", 1)[-1].lower()
    return _SIZE_MARKS.sub("", name)


def is_inline_image(src: str) -> bool:
    """A data: URI big enough to be a real picture (pages saved by SingleFile inline them);
    placeholders are a few hundred bytes at most."""
    return src.startswith("data:image/") and len(src) > 2000 and not src.startswith("data:image/svg")


def is_junk_image(img: Tag, src: str | None) -> bool:
    """Tracking pixels, blurred low-resolution stand-ins and CTA buttons: never article images."""
    if not src:
        return True
    if _TRACKER_SRC.search(src) or _LOW_RES_URL.search(src):
        return True
    classes = " ".join(img.get("class") or [])
    if _BLURRED.search(classes):
        return True
    for name in ("width", "height"):
        value = str(img.get(name) or "").strip().rstrip("px")
        if value.isdigit() and int(value) <= 3:
            return True
    style = (img.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "filter:blur" in style


def resolve_images(container: Tag) -> None:
    """Give every <img> its real src, drop junk images and <noscript> copies of kept ones."""
    for noscript in container.find_all("noscript"):
        _settle_noscript(noscript)
    for picture in container.find_all("picture"):
        img = picture.find("img")
        if img is not None:
            source = real_source(img)
            if source:
                img["src"] = source
            picture.replace_with(img)
        else:
            picture.decompose()
    for img in container.find_all("img"):
        src = real_source(img)
        if is_junk_image(img, src):
            _remove_image(img)
            continue
        img["src"] = _without_fragment(src)
        for name in (*_LAZY_ATTRIBUTES, *_SRCSET_ATTRIBUTES, "sizes", "loading", "decoding", "style"):
            if img.has_attr(name):
                del img[name]


def _without_fragment(src: str) -> str:
    """A fragment never changes which image is fetched; Joomla appends "#joomlaImage://..." to every one."""
    return src if src.startswith("data:") else src.split("#", 1)[0]


def _settle_noscript(noscript: Tag) -> None:
    """A <noscript> twin of a lazy image: keep one image, the one with the real URL."""
    inner = noscript.find("img")
    if inner is None:
        # lxml keeps noscript content as text; parse it to see whether it hides an image
        text = noscript.decode_contents()
        if "<img" not in text:
            noscript.decompose()
            return
        fragment = BeautifulSoup(text, "lxml")
        inner = fragment.find("img")
        if inner is None:
            noscript.decompose()
            return
    twin = _twin_of(noscript)
    if twin is not None:
        if not real_source(twin) or _PLACEHOLDER_SRC.search(twin.get("src") or "x") and not any(
                twin.get(a) for a in _LAZY_ATTRIBUTES):
            twin["src"] = inner.get("src", "")
        noscript.decompose()
    else:
        noscript.replace_with(inner)


def _twin_of(noscript: Tag) -> Tag | None:
    """The scripted <img> a <noscript> stands in for: a sibling, or inside a sibling or the parent."""
    for sibling in (noscript.find_previous_sibling(), noscript.find_next_sibling()):
        if isinstance(sibling, Tag):
            if sibling.name == "img":
                return sibling
            found = sibling.find("img")
            if found is not None:
                return found
    parent = noscript.parent
    if parent is not None:
        for img in parent.find_all("img"):
            if noscript not in img.parents:
                return img
    return None


def _remove_image(img: Tag) -> None:
    """Drop an image, and the link or figure around it when nothing else is left there."""
    wrapper = img.parent
    img.decompose()
    while wrapper is not None and wrapper.name in ("a", "figure", "picture", "span", "div", "p") and \
            not wrapper.get_text(strip=True) and wrapper.find("img") is None and wrapper.find("iframe") is None:
        parent = wrapper.parent
        wrapper.decompose()
        wrapper = parent
