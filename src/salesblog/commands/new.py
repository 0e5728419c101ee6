"""`salesblog new`: start a post from a title."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import click

from salesblog.content.catalogue import Catalogue
from salesblog.content.posts import clean_text
from salesblog.content.writer import NewPost, write_new_post
from salesblog.errors import SalesblogError
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
    catalogue = Catalogue.load(project)
    authors = catalogue.authors
    title = clean_text(title)
    slug = slug or slugify(title)  # a title already taken is the author's to change, never numbered
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
    for tag in tags:
        if not slugify(clean_text(tag)):
            raise SalesblogError(f"--tag {tag!r}: a tag needs letters or digits for its URL")
    path = project.posts_dir / f"{slug}.md"
    owner = catalogue.slugs.get(slug)
    if owner is not None:
        what = "already exists" if owner == path else f"already has slug {slug!r}"
        raise SalesblogError(f"{project.relative(owner)}: {what}; choose another title or --slug")
    today = dt.datetime.now(zoneinfo.ZoneInfo(catalogue.config.timezone)).date()
    new = NewPost(title=title, date=today, authors=[author_id], tags=list(tags), draft=True, slug=slug,
                  body="Write the opening paragraph here.\n\n<!-- more -->\n\nThe rest of the post.")
    written = write_new_post(catalogue, new, untrusted=False)
    click.echo(project.relative(written.path))
