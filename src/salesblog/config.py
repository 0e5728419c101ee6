"""site_config.yml: the blog's settings, declared once with a docstring per key."""

from __future__ import annotations

import re
import string
import zoneinfo
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

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


# The grammar of limits.parse_many, which Flask-Limiter reads the setting with, written out here
# so that reading the settings (every command) does not import limits and its storage back ends
# (80 ms, most of `salesblog check`). tests/test_startup.py checks both agree.
_ONE_LIMIT = r"\s*[0-9]+\s*(?:/|\s*per\s*)\s*(?:[0-9]+)?\s*(?:second|minute|hour|day|month|year)s?\s*"
_RATE_LIMITS = re.compile(rf"^{_ONE_LIMIT}(?::?[,;|]{_ONE_LIMIT})*$", re.IGNORECASE)


def _rate_limit(value: str) -> str | None:
    if not _RATE_LIMITS.match(value):
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


def _tls(value: str) -> str | None:
    return None if value in ("none", "starttls", "ssl") else "must be none, starttls or ssl"


def _port(value: int) -> str | None:
    return None if 0 < value < 65536 else "must be a port number between 1 and 65535"


def _address(value: str) -> str | None:
    from salesblog.contribute.form import _email  # the contribute form's own syntax check

    return None if _email(value) is None else "must be an e-mail address such as editor@example.com"


def _addresses(value: list) -> str | None:
    bad = [a for a in value if not isinstance(a, str) or _address(a)]
    return f"{bad[0]!r} is not an e-mail address" if bad else None


def _webhook(value: str) -> str | None:
    return None if not value else _absolute_url(value)


@dataclass
class MailSettings:
    """How salesblog sends e-mail: an SMTP server; messages wait in the outbox until it answers."""

    host: str = setting("SMTP server name; empty keeps every message waiting in the outbox.", "")
    port: int = setting("SMTP port (25, 587 with starttls, 465 with ssl).", 25, check=_port)
    tls: str = setting("none, starttls or ssl.", "none", check=_tls)
    user: str = setting("SMTP login; empty sends without logging in.", "")
    password_env: str = setting(
        "Name of the environment variable holding the SMTP password (never the password itself).",
        "SALESBLOG_SMTP_PASSWORD")
    from_address: str = setting("Sender address of every e-mail, e.g. blog@example.com.",
                                "blog@example.com", check=_address)
    retry_seconds: float = setting(
        "Wait before the first retry of a message that failed; each further retry waits twice as "
        "long, at most an hour.", 60.0)


@dataclass
class LeadSettings:
    """Content offers: readers leave their details and get the offer by e-mail."""

    privacy_url: str = setting("The privacy page the consent checkbox links to.", "/privacy/",
                               check=link_value)
    webhook: str = setting("Optional http(s) URL that receives each confirmed lead as JSON (POST).",
                           "", check=_webhook)
    link_days: int = setting("Days a download or confirmation link in an e-mail stays valid.", 7,
                             check=_positive)


@dataclass
class ServeSettings:
    """Limits of `salesblog serve`, so that one client cannot lock the others out."""

    connections_per_client: int = setting(
        "Open connections allowed from one client address; more are answered 503 and closed "
        "(behind a proxy every connection comes from the proxy: size it for that).",
        32, check=_positive)
    connection_limit: int = setting("Open connections allowed in all.", 500, check=_positive)
    request_timeout: int = setting(
        "Seconds a client has to send a whole request, headers and body, once it starts; a "
        "slower one is disconnected.", 20, check=_positive)
    idle_timeout: int = setting("Seconds an idle kept-alive connection stays open.", 30,
                                check=_positive)
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


def _not_an_option(value: str) -> str | None:
    # Handed to git or rsync as an argument: one starting with '-' would be read as an option.
    if not value.strip() or value.startswith("-") or any(c in value for c in "\n\r\0"):
        return "must be a name or address, not empty and not starting with '-'"
    return None


def _branch(value: str) -> str | None:
    if _not_an_option(value) or not re.fullmatch(r"[A-Za-z0-9._/-]+", value) or ".." in value:
        return "must be a branch name such as gh-pages"
    return None


def _domain(value: str) -> str | None:
    if value and not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", value):
        return "must be a domain name such as blog.example.com (no scheme, no path)"
    return None


def _endpoint(value: str) -> str | None:
    return None if not value else _absolute_url(value)


def _bucket(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", value):
        return "must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens"
    return None


def _prefix(value: str) -> str | None:
    if ".." in value.split("/") or "\\" in value:
        return "must be a folder path in the bucket such as blog/ (no '..')"
    return None


@dataclass
class GitHubPagesTarget:
    """GitHub Pages: the site committed on top of a branch, pushed to a git remote."""

    remote: str = setting("Git remote to push to: a remote's name or a repository URL.", "origin",
                          check=_not_an_option)
    branch: str = setting("Branch holding the published site.", "gh-pages", check=_branch)
    message: str = setting("Message of each deploy's commit.", "Deploy the blog with salesblog",
                           check=lambda v: None if v.strip() else "must not be empty")
    cname: str = setting("Custom domain of the site, written to a CNAME file (e.g. blog.example.com); "
                         "empty for none.", "", check=_domain)


@dataclass
class RsyncTarget:
    """rsync over SSH: the site mirrored into a folder on a server."""

    destination: str = setting("Where the site goes: user@host:/path over SSH, or a local folder.",
                               check=_not_an_option)
    port: int = setting("SSH port; 0 uses ssh's own (22 or your ~/.ssh/config).", 0,
                        check=lambda v: None if v == 0 else _port(v))
    delete: bool = setting("Remove files from the destination that the site no longer has.", True)


@dataclass
class S3Target:
    """An S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, DigitalOcean Spaces...). Keys come
    from the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY environment variables or an AWS profile."""

    bucket: str = setting("Name of the bucket.", check=_bucket)
    prefix: str = setting("Folder in the bucket to publish into; empty for its root.", "",
                          check=_prefix)
    endpoint_url: str = setting("Address of an S3-compatible host that is not AWS, e.g. "
                                "https://ACCOUNT.r2.cloudflarestorage.com; empty for AWS.", "",
                                check=_endpoint)
    region: str = setting("Region of the bucket, e.g. eu-west-1; empty: AWS_REGION or the profile's.", "")
    profile: str = setting("AWS profile to take the keys from (its name, never the keys); "
                           "empty: the AWS_* environment variables, then the default profile.", "")
    delete: bool = setting("Delete objects under the prefix that the site no longer has.", True)
    cache_seconds: int = setting(
        "Cache-Control max-age of pages, feeds and images; files whose name carries a content "
        "hash get a year.", 300, check=lambda v: None if v >= 0 else "must be 0 or more")


@dataclass
class DeploySettings:
    """Where `salesblog deploy` publishes the built site: any of these targets."""

    github_pages: GitHubPagesTarget | None = setting("Publish to GitHub Pages (a gh-pages branch).", None)
    rsync: RsyncTarget | None = setting("Publish to a server with rsync over SSH.", None)
    s3: S3Target | None = setting("Publish to an S3-compatible bucket.", None)

    def targets(self) -> list[str]:
        """The configured targets, in the order `salesblog deploy` runs them."""
        return [name for name in ("github_pages", "rsync", "s3") if getattr(self, name) is not None]


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
    serve: ServeSettings = setting("Limits of the server run by `salesblog serve`.", ServeSettings())
    mail: MailSettings = setting("Outgoing e-mail (SMTP).", MailSettings())
    editors: list[str] = setting("E-mail addresses told about every new guest draft.", [],
                                 check=_addresses)
    leads: LeadSettings = setting("Content offers and the leads they bring.", LeadSettings())
    brand: BrandSettings = setting("The blog's look: logo, favicon, colours, font.", BrandSettings())
    deploy: DeploySettings = setting("Where `salesblog deploy` publishes the site.", DeploySettings())

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
