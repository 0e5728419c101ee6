"""Imported pages are data: markup written about in their text stays text, scripts never run."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.projects import BlogProject

HOSTILE = Path(__file__).parent / "fixtures/import/hostile/escaped-markup.html"


def test_escaped_markup_and_script_links_stay_harmless(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    page = tmp_path / "evil.html"
    shutil.copy(HOSTILE, page)
    result = blog.run("import", str(page), "--offline")
    assert result.exit_code == 0, result.output
    assert blog.run("build").exit_code == 0
    for html in (blog.root / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text, html
        assert "javascript:" not in text, html
    post = blog.page("blog/escaping-matters/index.html")
    assert "&lt;script&gt;alert(" in post  # shown to readers as the words the author wrote
    assert "&lt;div&gt;code keeps its &lt;tags&gt;&lt;/div&gt;" in post
    assert '<a href="https://example.com/">good one</a>' in post


def test_the_same_page_by_another_path_is_the_same_post(tmp_path, monkeypatch):
    blog = BlogProject.sample(tmp_path / "blog")
    page = tmp_path / "saved" / "evil.html"
    page.parent.mkdir()
    shutil.copy(HOSTILE, page)
    assert blog.run("import", str(page), "--offline").exit_code == 0
    monkeypatch.chdir(tmp_path / "saved")
    again = blog.run("import", "evil.html", "--offline")
    assert again.exit_code == 0, again.output
    posts = sorted(p.name for p in (blog.root / "content/posts").glob("escaping-matters*.md"))
    assert posts == ["escaping-matters.md"]
