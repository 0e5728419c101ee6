"""site_config.yml: the blog's settings, declared once with a docstring per key."""

from __future__ import annotations

import re
import string
import zoneinfo
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from limits import parse_many

from salesblog.errors import ContentError, Problem
from salesblog.project import Project
from salesblog.schema import Check, Loader, link_value, setting
from salesblog.yamlfile import YAMLLocatedError, load_yaml


def _absolute_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute http(s) URL such as https://blog.example.com/"
    return None


def _timezone(value: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "is not a known time zone (use a name such as UTC or America/New_York)"
    return None


_PERMALINK_FIELDS = {"slug", "year", "month", "day"}


def _permalink(value: str) -> str | None:
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError as error:
        return f"is not a valid pattern ({error}); write fields as {{slug}}"
    fields = {name for _, name, spec, conversion in parsed if name is not None}
    if any(spec or conversion for _, name, spec, conversion in parsed if name is not None):
        return "fields take no format, write {year} not {year:04}"
    if "slug" not in fields:
        return "must contain {slug}"
    if fields - _PERMALINK_FIELDS:
        return f"may only use {{slug}}, {{year}}, {{month}}, {{day}}; not {sorted(fields - _PERMALINK_FIELDS)}"
    segments = value.split("/")[:-1]
    if value.startswith("/") or not value.endswith("/") or any(s in ("", ".", "..") for s in segments):
        return "must be a relative folder path ending in '/', such as blog/{slug}/"
    return None


def _twitter_handle(value: str) -> str | None:
    return None if re.fullmatch(r"@\w{1,15}", value) else "must be an account name such as @salesblog"


def _positive(value: int) -> str | None:
    return None if value > 0 else "must be at least 1"


def _rate_limit(value: str) -> str | None:
    try:
        parse_many(value)  # Flask-Limiter's own reading of the setting
    except ValueError:
        return 'must read like "5 per minute" (or "10/hour;100/day")'
    return None


@dataclass
class CallToAction:
    """A promotional box shown on every post (a download, a webinar...)."""

    title: str = setting("Headline of the box, e.g. \"Landing Pages: The Do's and Dont's\".")
    button: str = setting("Text of the button, e.g. \"Get Your Copy\".")
    url: str = setting("Where the button leads (absolute URL or a path on this site).",
                       check=link_value)
    text: str = setting("One or two sentences under the headline.", "")


@dataclass
class ContributeSettings:
    """How guest contributions are received."""

    inbox: str = setting(
        "SQLite file where submissions are kept, relative to the project root "
        "(outside content/ and site/).",
        "data/inbox.sqlite3",
    )
    max_body_kb: int = setting("Largest accepted body, in KiB; larger gets 413.", 200, check=_positive)
    rate_limit: str = setting('Submissions allowed per client address, e.g. "5 per minute".',
                              "5 per minute", check=_rate_limit)
    intro: str = setting(
        "What the contribute page says the blog accepts.",
        "Have Ideas for a Blog Post, or Want to Contribute? Contact Us - We'd Love to Hear from You",
    )


_HEX = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")


def _hex_colour(value: str) -> str | None:
    return None if _HEX.fullmatch(value) else "must be a hex colour such as #0b5d4b"


def _theme_file(*suffixes: str) -> Check:
    """A check for files of the brand: a relative path inside theme/, of one of `suffixes`.
    That the file exists is checked with the project at hand (brand_problems)."""

    def check(value: str) -> str | None:
        parts = PurePosixPath(value).parts
        if ("://" in value or value.startswith(("/", "\\")) or ".." in parts or "\\" in value
                or any(c in value for c in "\"'<>`")):
            return "must be a path inside theme/, such as assets/images/logo.svg (nothing from other hosts)"
        if not value.lower().endswith(suffixes):
            return f"must be a {' or '.join(s.lstrip('.').upper() for s in suffixes)} file"
        return None

    return check


def _font_family(value: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z0-9 _-]+", value):
        return "may use letters, digits, spaces, - and _ only"
    return None


def _font_weight(value: int) -> str | None:
    return None if 1 <= value <= 1000 else "must be between 1 and 1000 (400 is regular, 700 bold)"


@dataclass
class FontFile:
    """One file of the brand's font."""

    file: str = setting("Font file inside theme/, e.g. assets/fonts/inter-regular.woff2.",
                        check=_theme_file(".woff2", ".woff", ".ttf", ".otf"))
    weight: int = setting("Its weight: 400 regular, 700 bold.", 400, check=_font_weight)
    style: str = setting("normal or italic.", "normal",
                         check=lambda v: None if v in ("normal", "italic") else "must be normal or italic")


@dataclass
class FontSettings:
    """A self-hosted font for the text; without it the reader's system font is used."""

    family: str = setting("Name of the font, e.g. Inter.", check=_font_family)
    files: list[FontFile] = setting("Its files (under theme/), served from this site.", [])


@dataclass
class BrandSettings:
    """The blog's look: logo, icon, colours and font. Dark mode follows the reader's system
    setting, with a switch in the header; both colour schemes are derived from these colours."""

    logo: str = setting("Logo in the header: an SVG or PNG file inside theme/, "
                        "e.g. assets/images/logo.svg.", "",
                        check=_theme_file(".svg", ".png"))
    favicon: str = setting("Icon of the browser tab: an SVG, PNG or ICO file inside theme/.", "",
                           check=_theme_file(".svg", ".png", ".ico"))
    primary: str = setting("Main colour (header, links) as hex, e.g. #0b5d4b.", "#3f51b5",
                           check=_hex_colour)
    accent: str = setting("Colour of hovered links and highlights, as hex.", "#304ffe",
                          check=_hex_colour)
    font: FontSettings | None = setting("Self-hosted font of the text (files under theme/).", None)


@dataclass
class SiteConfig:
    """Every setting of site_config.yml."""

    title: str = setting("The blog's name, shown in the header and feeds.")
    url: str = setting("The public address of the blog, e.g. https://blog.example.com/.",
                       check=_absolute_url)
    description: str = setting("One sentence about the blog, for search engines and feeds.", "")
    language: str = setting("Language code of the posts (en, de, fr...).", "en")
    timezone: str = setting("Time zone of dates written without one.", "UTC", check=_timezone)
    permalink: str = setting("URL pattern of a post; may use {slug}, {year}, {month}, {day}.",
                             "blog/{slug}/", check=_permalink)
    posts_per_page: int = setting(
        "Posts on each page of the home page and of author pages (a tag page lists all).",
        10, check=_positive)
    recent_posts: int = setting("Posts in the \"Recent posts\" sidebar.", 5, check=_positive)
    feed_items: int = setting("Newest posts in each feed.", 20, check=_positive)
    copyright: str = setting("Footer line, e.g. \"© 2016 Example Inc.\".", "")
    twitter: str = setting("The blog's X (Twitter) account, e.g. @salesblog: shown as twitter:site "
                           "when posts are shared.", "", check=_twitter_handle)
    call_to_action: list[CallToAction] = setting("Boxes shown under every post.", [])
    contribute: ContributeSettings = setting("Guest contributions.", ContributeSettings())
    brand: BrandSettings = setting("The blog's look: logo, favicon, colours, font.", BrandSettings())

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the public site, as browsers send it in Origin."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in '/' ("/" for a site at the root)."""
        path = urlsplit(self.url).path or "/"
        return path if path.endswith("/") else path + "/"


def load_site_config(project: Project) -> SiteConfig:
    """Read and check site_config.yml; every problem is reported at once as a ContentError."""
    path = project.relative(project.config_path)
    try:
        text = project.config_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Problem(path, 1, f"cannot read: {error}")]) from None
    try:
        data = load_yaml(text)
    except YAMLLocatedError as error:
        raise ContentError([Problem(path, error.line, error.message)]) from None
    loader = Loader(path)
    config = loader.section(SiteConfig, data)
    if config is not None:
        loader.problems += brand_problems(project, config.brand, data, path)
    if loader.problems or config is None:
        raise ContentError(loader.problems)
    return config


def brand_problems(project: Project, brand: BrandSettings, data, path: str) -> list[Problem]:
    """Brand files that are missing from theme/, at the line of their setting."""
    section = data.get("brand") if isinstance(data, dict) else None
    lines = getattr(section, "lines", {})
    problems = []
    named = [("logo", brand.logo, lines.get("logo", 1)),
             ("favicon", brand.favicon, lines.get("favicon", 1))]
    if brand.font is not None:
        font = section.get("font") if isinstance(section, dict) else None
        font_line = getattr(font, "lines", {}).get("files", 1)
        named += [(f"font.files[{i}]", f.file, font_line) for i, f in enumerate(brand.font.files)]
    for key, value, line in named:
        if value and not (project.theme_dir / value).is_file():
            problems.append(Problem(path, line, f"brand.{key}: theme/{value} does not exist"))
    return problems
