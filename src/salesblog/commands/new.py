"""`salesblog new`: start a post from a title."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import click

from salesblog.config import load_site_config
from salesblog.content.authors import read_authors
from salesblog.content.model import post_files, taken_slugs
from salesblog.content.posts import clean_text, read_post
from salesblog.content.writer import write_post
from salesblog.errors import ContentError, SalesblogError
from salesblog.slugs import is_safe_slug, slugify


@click.command("new")
@click.argument("title")
@click.option("--author", "author_id", metavar="ID",
              help="Author id from content/authors.yml (default: the first non-guest author).")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag; repeat for more.")
@click.option("--slug", help="URL slug (default: made from the title).")
@click.pass_obj
def command(session, title: str, author_id: str | None, tags: tuple[str, ...], slug: str | None):
    """Create content/posts/<slug>.md with front matter and print its path.

    The post starts as a draft: `salesblog preview` shows it, `build` leaves it out until you
    set `draft: false`.

    \b
    Example:
      salesblog new "How to Run a Bulletproof Negotiation" --author brian-signorelli --tag negotiation
    """
    project = session.project()
    config = load_site_config(project)
    authors, problems = read_authors(project)
    if problems:
        raise ContentError(problems)
    title = clean_text(title)
    slug = slug or slugify(title)
    if not slug:
        raise SalesblogError(f"title {title!r} has no letters or digits to make a slug; give --slug")
    if not is_safe_slug(slug):
        raise SalesblogError(f"slug {slug!r} must be lowercase letters, digits and hyphens")
    author_id = author_id or next((a.id for a in authors.values() if not a.guest), None)
    if author_id is None:
        raise SalesblogError(f"{project.relative(project.authors_path)}: no author yet; add one, "
                             "then give --author ID")
    if author_id not in authors:
        known = ", ".join(sorted(authors)) or "none"
        raise SalesblogError(f"unknown author id {author_id!r} (known: {known})")

    tags = _checked_tags(project, tags, config.timezone)
    path = project.posts_dir / f"{slug}.md"
    owner = taken_slugs(project, config.timezone).get(slug)
    if owner is not None:
        what = "already exists" if owner == path else f"already has slug {slug!r}"
        raise SalesblogError(f"{project.relative(owner)}: {what}; choose another title or --slug")
    today = dt.datetime.now(zoneinfo.ZoneInfo(config.timezone)).date()
    front_matter = {"title": title, "date": today, "authors": [author_id],
                    "tags": tags, "draft": True}
    try:
        write_post(path, front_matter, "Write the opening paragraph here.\n\n<!-- more -->\n\nThe rest of the post.")
    except FileExistsError:
        raise SalesblogError(f"{project.relative(path)}: already exists; choose another title or --slug") from None
    click.echo(project.relative(path))


def _checked_tags(project, tags: tuple[str, ...], timezone: str) -> list[str]:
    """The tags as the blog already spells them ("sales coaching" -> "Sales Coaching"): two
    spellings of one tag would fail `check`."""
    spelling: dict[str, str] = {}
    for source in post_files(project)[0]:
        post, _ = read_post(source, project.relative(source), timezone)
        for tag in post.tags if post else []:
            spelling.setdefault(slugify(tag), tag)
    checked = []
    for tag in (clean_text(t) for t in tags):
        if not slugify(tag):
            raise SalesblogError(f"--tag {tag!r}: a tag needs letters or digits for its URL")
        checked.append(spelling.get(slugify(tag), tag))
    return list(dict.fromkeys(checked))
