"""Content offers: content/offers/<id>.yml, and which one a post shows under its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from salesblog.config import SiteConfig
from salesblog.errors import ContentError, Problem
from salesblog.project import Project
from salesblog.schema import Loader, setting
from salesblog.slugs import is_safe_slug, slugify
from salesblog.yamlfile import YAMLLocatedError, load_yaml


def _http_url(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return "must be an http(s) URL"
    return None


@dataclass
class Offer:
    """A guide, checklist or template a reader gets for their details."""

    title: str = setting("Headline of the box, e.g. \"Landing Pages: The Do's and Dont's\".")
    button: str = setting("Text of the button, e.g. \"Get Your Copy\".")
    text: str = setting("One or two sentences under the headline.", "")
    file: str = setting("The file to deliver, relative to content/offers/files/.", "")
    url: str = setting("Or: where the file lives elsewhere (http(s) URL).", "", check=_http_url)
    tags: list[str] = setting("Tags whose posts show this offer.", [])
    id: str = ""  # the file's name


@dataclass
class OfferCall:
    """A call to action that opens the offer's form (cta.html shows it as a form, not a link)."""

    title: str
    button: str
    text: str
    offer_id: str
    action: str  # where the form posts
    privacy_url: str
    post: str  # the post's path on the site
    tag: str = ""
    url: str = ""
    fields: list[str] = field(default_factory=lambda: ["name", "email", "company", "role"])


def offers_dir(project: Project) -> Path:
    return project.content_dir / "offers"


def files_dir(project: Project) -> Path:
    return offers_dir(project) / "files"


_cache: dict[tuple, dict[str, Offer]] = {}


def load_offers(project: Project) -> dict[str, Offer]:
    """Every offer by id, checked; problems raise ContentError with file and line."""
    folder = offers_dir(project)
    sources = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    key = (str(folder), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sources))
    if key not in _cache:
        _cache.clear()
        _cache[key] = _read_offers(project, sources)
    return _cache[key]


def _read_offers(project: Project, sources: list[Path]) -> dict[str, Offer]:
    offers: dict[str, Offer] = {}
    problems: list[Problem] = []
    for source in sources:
        display = project.relative(source)
        loader = Loader(display)
        try:
            data = load_yaml(source.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(display, 1, f"cannot read: {error}"))
            continue
        except YAMLLocatedError as error:
            problems.append(Problem(display, error.line, error.message))
            continue
        offer = loader.section(Offer, data)
        if not is_safe_slug(source.stem):
            loader.report(1, "the file name must be lowercase letters, digits and hyphens")
        if offer is not None:
            offer.id = source.stem
            if bool(offer.file) == bool(offer.url):
                loader.report(1, "give either file (under content/offers/files/) or url")
            elif offer.file and _file_problem(project, offer.file):
                loader.report(getattr(data, "lines", {}).get("file", 1), _file_problem(project, offer.file))
            offers[offer.id] = offer
        problems += loader.problems
    if problems:
        raise ContentError(problems)
    return offers


def _file_problem(project: Project, name: str) -> str | None:
    path = offer_file(project, name)
    if path is None or not path.is_file():
        return f"file {name!r} not found in content/offers/files/"
    return None


def offer_file(project: Project, name: str) -> Path | None:
    """The file of an offer, never outside content/offers/files/."""
    base = files_dir(project).resolve()
    path = (base / name).resolve()
    return path if path.is_relative_to(base) and path != base else None


def offer_for(offers: dict[str, Offer], tags: list[str], chosen: str | None) -> tuple[Offer, str] | None:
    """The offer a post shows, and the tag that chose it: `offer:` in front matter, else the
    offer of its first tag that has one."""
    if chosen:
        return (offers[chosen], "") if chosen in offers else None
    by_tag: dict[str, Offer] = {}
    for offer in sorted(offers.values(), key=lambda o: o.id):
        for tag in offer.tags:
            by_tag.setdefault(slugify(tag), offer)
    for tag in tags:
        if slugify(tag) in by_tag:
            return by_tag[slugify(tag)], tag
    return None


def calls_for_post(content, post, urls, offers: dict[str, Offer] | None = None) -> list:
    """What the post's call-to-action box shows: its offer's form, else site_config's boxes.
    `offers`: load_offers' answer, when the caller asks for many posts."""
    config: SiteConfig = content.config
    offers = load_offers(content.project) if offers is None else offers
    chosen = getattr(post, "offer", None)
    if chosen and chosen not in offers:
        raise ContentError([Problem(post.path, post.lines.get("offer", 1),
                                    f"offer {chosen!r} not found in content/offers/")])
    found = offer_for(offers, post.tags, chosen)
    if found is None:
        return config.call_to_action
    offer, tag = found
    return [OfferCall(offer.title, offer.button, offer.text, offer.id,
                      urls.link(f"offers/{offer.id}"), config.leads.privacy_url,
                      urls.post(post), tag)]
