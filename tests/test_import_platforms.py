"""`salesblog import` on saved pages of many more platforms: each page's title, date (with its
zone), author, tags, first sentence, images and a body free of the page's furniture, as listed in
tests/fixtures/import/expectations.json, plus a golden Markdown file per page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from tests.helpers_import import FIXTURES, assert_matches_golden, body_of, make_project, posts, salesblog

EXPECTATIONS = json.loads((FIXTURES / "expectations.json").read_text(encoding="utf-8"))
EVERYWHERE = EXPECTATIONS["forbidden_everywhere"]
PAGES = {entry["source"].removeprefix("platforms/").removesuffix(".html"): entry
         for entry in EXPECTATIONS["sources"] if entry["source"].startswith(("platforms/", "unknown/"))}


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def first_words(body: str) -> str:
    """The body's first block of text (images, and a caption right under one, skipped)."""
    after_image = False
    for block in re.split(r"\n\s*\n", body.strip()):
        if re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", block.strip()):
            after_image = True
            continue
        if after_image and re.fullmatch(r"\*[^*].*\*", block.strip(), re.S):
            continue
        return " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block).replace("*", "").split())
    return ""


def expected_date(text: str) -> dt.datetime | dt.date:
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_platform_page_imports_what_a_reader_sees(tmp_path, page, update_goldens):
    project = make_project(tmp_path / "blog")
    expected = PAGES[page]
    result = salesblog(project, "import", "--offline", str(FIXTURES / expected["source"]))
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    assert_matches_golden(f"platforms/{page}.md", text, update=update_goldens)
    meta, body = front_matter(text), body_of(text)
    authors = yaml.safe_load((project / "content" / "authors.yml").read_text(encoding="utf-8"))

    assert meta["title"] == expected["title"]
    date = expected_date(expected["date"])
    assert meta["date"] == date and type(meta["date"]) is type(date)
    if isinstance(date, dt.datetime):
        assert (meta["date"].tzinfo is None) == (date.tzinfo is None), "the page's time zone is kept"
    assert [authors[i]["name"] for i in meta["authors"]] == expected["authors"]
    assert sorted(meta.get("tags", []), key=str.lower) == sorted(expected["tags"], key=str.lower)
    assert first_words(body).startswith(expected["first_sentence"])
    assert body.count("![") == expected["images"]
    for furniture in expected["forbidden"] + EVERYWHERE:
        assert furniture not in body, f"{furniture!r} left in the {page} body"


def test_unknown_platform_falls_back_on_the_page_own_signals(tmp_path):
    """A page no adapter knows: tags from rel=tag links, the author from a byline, the date with
    its zone from <time>, lazy images resolved and their <noscript> twins not doubled."""
    project = make_project(tmp_path / "blog")
    page = tmp_path / "unknown.html"
    page.write_text("""<html><head><title>Quarterly Planning Rituals :: The Sales Desk</title>
      <meta property="og:title" content="Quarterly Planning Rituals"></head><body>
      <nav><a href="/">Home</a> <a href="/tags/">All tags</a></nav>
      <div class="wrap"><div class="story"><h1>Quarterly Planning Rituals</h1>
      <div class="byline">By <a href="/people/ines-duarte" rel="author">Ines Duarte</a>
      <time datetime="2021-04-06T09:30:00+09:00">April 6, 2021</time></div>
      <div class="story-text"><p>A quarterly plan is only useful if the team can recite it from memory.
      Three priorities, one number each, reviewed every other Monday.</p>
      <p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-lazy-src="https://salesdesk.example/img/plan.png" alt="Plan">
      <noscript><img src="https://salesdesk.example/img/plan.png" alt="Plan"></noscript></p>
      <p>Write the plan on one page and pin it where the team meets, so nobody has to look for it.</p>
      <img src="https://tracker.example.net/pixel.gif?id=9" width="1" height="1" alt=""></div>
      <p class="filed">Filed under <a href="/topics/planning" rel="tag">planning</a>,
      <a href="/topics/rituals" rel="tag">rituals</a></p></div>
      <div class="sidebar"><h3>Recent posts</h3><a href="/tags/pricing" rel="tag">pricing</a></div></div>
      </body></html>""", encoding="utf-8")
    result = salesblog(project, "import", "--offline", str(page))
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    meta, body = front_matter(text), body_of(text)
    assert meta["title"] == "Quarterly Planning Rituals"
    assert meta["date"] == dt.datetime(2021, 4, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert meta["authors"] == ["ines-duarte"]
    assert meta["tags"] == ["planning", "rituals"]
    assert first_words(body).startswith("A quarterly plan is only useful")
    assert body.count("![") == 1 and "pixel.gif" not in body and "Recent posts" not in body


@pytest.mark.parametrize("page", sorted(p for p in PAGES if p.startswith("unknown/")))
def test_unknown_theme_reads_the_same_without_any_adapter(tmp_path, page, monkeypatch):
    """Pages of themes and generators no adapter was written for (unknown/) read correctly by the
    generic fallback alone: every adapter switched off gives the same post."""
    from salesblog.importer import platforms

    expected = PAGES[page]
    with_adapters = make_project(tmp_path / "with")
    salesblog(with_adapters, "import", "--offline", str(FIXTURES / expected["source"]))
    monkeypatch.setattr(platforms, "PLATFORMS", ())
    without = make_project(tmp_path / "without")
    result = salesblog(without, "import", "--offline", str(FIXTURES / expected["source"]))
    assert result.exit_code == 0, result.output
    assert posts(without) == posts(with_adapters)
