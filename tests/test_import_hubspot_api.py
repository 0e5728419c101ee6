"""`salesblog import hubspot:` against a local server answering like HubSpot's CMS API, and a
JSON file of the same answers."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest
import yaml

from tests.helpers_import import FIXTURES, body_of, make_project, posts, salesblog
from tests.fixture_blog import png
from tests.loopback import Site, serve, substitute

ANSWERS = FIXTURES / "hubspot_api"
TOKEN = "pat-na1-test-token"


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


@pytest.fixture
def api(monkeypatch):
    """A loopback server answering /cms/v3/blogs/... like the API, only with the token."""
    site = Site()
    site.add("/hubfs/coaching.png", png(1), "image/png")
    site.add("/hubfs/chart.png", png(2), "image/png")

    def answer(path, query, headers):
        if not path.startswith("/cms/v3/blogs/"):
            return None
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, b'{"status":"error","category":"INVALID_AUTHENTICATION"}', "application/json"
        kind = path.rsplit("/", 1)[-1]
        after = parse_qs(query).get("after", ["1"])[0]
        name = f"posts-{after}.json" if kind == "posts" else f"{kind}.json"
        data = substitute((ANSWERS / name).read_bytes(), site.base)
        return 200, data, "application/json;charset=utf-8"

    site.dynamic = answer
    server, base = serve(site)
    monkeypatch.setenv("SALESBLOG_HUBSPOT_API", base)
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    yield site, base
    server.shutdown()


def _check_imported(project, base):
    written = posts(project)
    assert len(written) == 3
    coaching = written["sales-coaching-vs-sales-training-the-4-truths-you-must-accept.md"]
    meta = front_matter(coaching)
    assert meta["title"] == "Sales Coaching vs Sales Training: The 4 Truths You Must Accept"
    assert meta["authors"] == ["brian-signorelli"]
    assert meta["tags"] == ["Sales Coaching", "Sales Leadership"]  # tag ids resolved to names
    assert meta["summary"].startswith("Coaching and training are different jobs")  # meta description
    assert str(meta["date"]) == "2016-04-12 12:00:00+00:00"
    assert meta["legacy_url"] == f"{base}/blog/sales-coaching-vs-sales-training"
    body = body_of(coaching)
    assert "[the negotiation post](how-to-run-a-bulletproof-negotiation.md)" in body
    assert "\n<!-- more -->\n" in body and "\n## Truth one\n" in body
    assert body.count("![") == 2
    draft = front_matter(written["forecasting-without-guesswork-draft.md"])
    assert draft["draft"] is True and draft["tags"] == ["Sales Leadership", "Forecasting"]
    assert "legacy_url" not in draft
    negotiation = front_matter(written["how-to-run-a-bulletproof-negotiation.md"])
    assert negotiation["authors"] == ["dana-whitfield"] and negotiation["tags"] == ["Negotiation"]
    negotiation_body = body_of(written["how-to-run-a-bulletproof-negotiation.md"])
    assert "(sales-coaching-vs-sales-training-the-4-truths-you-must-accept.md)" in negotiation_body
    # links to the old tag and author pages lead to the new ones, which the build redirects to
    assert "[on leadership](/tags/sales-leadership/)" in negotiation_body
    assert "[Brian](/authors/brian-signorelli/)" in negotiation_body
    redirects = yaml.safe_load((project / "content" / "redirects.yml").read_text(encoding="utf-8"))
    assert redirects["/blog/tag/sales-leadership"] == "/tags/sales-leadership/"
    assert redirects["/blog/author/brian-signorelli"] == "/authors/brian-signorelli/"
    return meta


def test_api_posts_and_drafts_with_authors_tags_images_and_paging(project, api):
    site, base = api
    result = salesblog(project, "import", "--allow-private-addresses", "hubspot:")
    assert result.exit_code == 0, result.output
    meta = _check_imported(project, base)
    assert meta["image"] == "images/sales-coaching-vs-sales-training-the-4-truths-you-must-accept/coaching.png"
    assert (project / "content" / meta["image"]).read_bytes() == png(1)
    assert meta["image_alt"] == "A sales manager coaching a rep"  # the featured image's alt text
    requested = site.paths_requested()
    assert "/cms/v3/blogs/posts?limit=100&after=2" in requested  # paged with `after`
    assert salesblog(project, "check").exit_code == 0
    # the body opens with the featured image: the built page shows it once, still the social image
    assert salesblog(project, "build").exit_code == 0
    page = (project / "site" / "blog" / "sales-coaching-vs-sales-training-the-4-truths-you-must-accept"
            / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<img[^>]+coaching\.png", page)) == 1  # in the body, no hero above it
    assert "sb-post__hero" not in page
    assert 'property="og:image" content="https://blog.example.com/images/' in page


def test_api_without_a_token_or_with_a_wrong_one_says_so(project, api, monkeypatch):
    monkeypatch.delenv("HUBSPOT_TOKEN")
    missing = salesblog(project, "import", "--allow-private-addresses", "hubspot:")
    assert missing.exit_code == 1 and "HUBSPOT_TOKEN" in missing.output
    monkeypatch.setenv("HUBSPOT_TOKEN", "wrong")
    wrong = salesblog(project, "import", "--allow-private-addresses", "hubspot:")
    assert wrong.exit_code == 1 and "HTTP 401" in wrong.output and posts(project) == {}


def test_json_file_of_the_api_answers_imports_the_same_way(project, api, tmp_path):
    _, base = api
    export = {"posts": [json.loads(substitute((ANSWERS / f"posts-{n}.json").read_bytes(), base)) for n in (1, 2)],
              "authors": json.loads((ANSWERS / "authors.json").read_text()),
              "tags": json.loads((ANSWERS / "tags.json").read_text())["results"]}
    path = tmp_path / "hubspot-export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    result = salesblog(project, "import", "--allow-private-addresses", str(path))
    assert result.exit_code == 0, result.output
    _check_imported(project, base)
