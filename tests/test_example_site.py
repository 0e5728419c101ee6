"""The example site in content/ builds, and shows what the seed page shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
COACHING = "blog/sales-coaching-vs-sales-training/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("example") / "site"
    result = subprocess.run([sys.executable, "-m", "salesblog", "-C", str(REPO), "build", "-d", str(target)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return target


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_example_content_checks_clean():
    result = subprocess.run([sys.executable, "-m", "salesblog", "-C", str(REPO), "check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "5 posts" in result.stdout


def test_coaching_article_in_full(site):
    page = read(site, COACHING)
    headings = [h.get_text() for h in page.select(".sb-post__body h2")]
    assert [h.split(":")[0] for h in headings] == ["Truth #1", "Truth #2", "Truth #3", "Truth #4"]
    quote = page.select_one(".sb-post__body blockquote").get_text()
    assert "A leader is best when people barely know he exists" in quote
    text = page.get_text()
    assert "If I weren't here, what would do?" in text
    assert "which in my opinion is the highest form of a leadership you can aspire to attain." in text


def test_post_furniture_from_the_seed(site):
    page = read(site, COACHING)
    box = page.select_one(".sb-author").get_text()
    assert "Brian Signorelli" in box and "Sales Manager" in box
    cta = page.select_one(".sb-cta")
    assert "Landing Pages: The Do’s and Dont’s" in cta.get_text()
    assert cta.find("summary").get_text() == "Get Your Copy"  # opens the offer's form
    contribute = page.find("a", href="/contribute/")
    assert "Want to Contribute?" in contribute.get_text()
    recent = [a.get_text() for a in page.select(".sb-recent__link")]
    assert recent == ["How to Run a Bulletproof Negotiation",
                      "The Critical Importance Of Lead Validation In Internet Marketing",
                      "Why Humans May Be the Bug in Your Company's Sales Process",
                      "Using 3D Animations as a Sales Tool"]
    assert len(page.select(".sb-recent__more")) == 4


def test_every_page_links_to_contribute(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        assert 'href="/contribute/"' in text, html


def test_tags_and_feeds(site):
    index = read(site, "tags/index.html")
    assert len(index.select(".sb-tag-index li")) >= 3
    rss = etree.fromstring((site / "feed.xml").read_bytes())
    titles = [i.findtext("title") for i in rss.findall("channel/item")]
    assert titles[0] == "How to Run a Bulletproof Negotiation"
    assert len(titles) == 5


def test_guest_authors_have_pages(site):
    page = read(site, "authors/aaron-wittersheim/index.html")
    assert "Chief Operating Officer at Internet marketing agency Straight North" in page.get_text()
    assert (site / "authors/ghost-productions/index.html").is_file()


def test_search_index_covers_the_coaching_article(site):
    import json

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"]
    hits = [doc["location"] for doc in index["docs"] if "Lao Tzu" in doc["text"]]
    assert hits == ["blog/sales-coaching-vs-sales-training/#truth-4-your-people-and-all-people-believe-what-they-say-yet-are-resistant-to-what-they-hear"]
    titles = {doc["title"] for doc in index["docs"]}
    assert "How to Run a Bulletproof Negotiation" in titles
    assert not any(doc["location"].startswith("tags/") for doc in index["docs"])
