"""The /contribute/ and /contribute/thanks/ pages as `salesblog build` makes them from our templates."""

from __future__ import annotations

import json
import re
import urllib.parse

import lxml.html
import pytest
from click.testing import CliRunner

from salesblog.cli import group
from tests.test_contribute_support import GOOD, good, make_project, serving, settings

FIELDS = ("name", "email", "title", "body", "bio", "tags")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("page") / "blog")
    result = CliRunner().invoke(group, ["-C", str(project.root), "build"])
    assert result.exit_code == 0, result.output
    return project


def page(project, path: str):
    return lxml.html.document_fromstring((project.root / "site" / path).read_text(encoding="utf-8"))


def test_the_form_has_a_label_and_an_error_slot_for_every_field(built):
    document = page(built, "contribute/index.html")
    (form,) = document.xpath("//article//form")
    assert form.get("method") == "post" and form.get("action") == "/contribute"
    for name in FIELDS:
        (field,) = form.xpath(".//*[@name=$n]", n=name)
        assert form.xpath(".//label[@for=$id]", id=field.get("id")), name
        (slot,) = form.xpath(".//*[@data-error-for=$n]", n=name)
        assert slot.text_content().strip() == ""
        assert slot.get("id") in field.get("aria-describedby").split()
    for name in ("name", "email", "title", "body"):
        assert form.xpath(".//*[@name=$n]/@required", n=name) is not None
    assert form.xpath(".//button[@type='submit']")


def test_the_page_says_what_the_blog_accepts_and_has_the_sites_look(built):
    document = page(built, "contribute/index.html")
    text = document.xpath("//article")[0].text_content()
    assert settings(built).contribute.intro in text
    assert "Markdown" in text
    assert document.xpath("//header[contains(@class, 'md-header')]")  # Material's layout
    assert document.xpath("//meta[@name='viewport']")  # usable on a phone


def test_the_form_needs_no_javascript(built):
    form = page(built, "contribute/index.html").xpath("//article//form")[0]
    assert form.xpath(".//script") == []
    assert not any(name.startswith("on") for node in form.iter() for name in node.attrib)


def test_the_honeypot_is_hidden_from_people(built):
    form = page(built, "contribute/index.html").xpath("//article//form")[0]
    (trap,) = form.xpath(".//input[@name='website']")
    assert trap.get("tabindex") == "-1" and trap.get("autocomplete") == "off"
    assert trap.getparent().get("aria-hidden") == "true"


def test_the_thanks_page_exists(built):
    document = page(built, "contribute/thanks/index.html")
    assert "editors" in document.xpath("//article")[0].text_content()


def test_a_post_of_the_built_form_lands_on_the_thanks_page(built):
    form = page(built, "contribute/index.html").xpath("//article//form")[0]
    with serving(built, settings(built)) as server:
        status, headers, _ = server.post(good(), path=form.get("action"),
                                         headers={"Origin": "https://blog.example.com"})
        assert status == 303
        status, _, thanks = server.get(headers["Location"])
    assert status == 200 and "editors" in thanks


def _browser():
    import shutil
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium installed (Debian package chromium)")
    return playwright, chromium


def test_a_phone_without_javascript_gets_errors_then_the_thanks_page(built, tmp_path):
    playwright, chromium = _browser()
    with serving(built, settings(built)) as server, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            phone = browser.new_context(java_script_enabled=False, is_mobile=True, has_touch=True,
                                        viewport={"width": 375, "height": 740})
            tab = phone.new_page()
            tab.goto(f"http://127.0.0.1:{server.port}/contribute/")
            box = tab.locator("#contribute-body").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375  # fits
            tab.fill("#contribute-name", "Jane Doe")
            tab.fill("#contribute-email", "jane@localhost")  # the browser lets it through, we do not
            tab.fill("#contribute-title", "A Title")
            tab.fill("#contribute-body", "Long enough for the server, surely.")
            tab.click("button[type=submit]")
            assert "e-mail address" in tab.locator("#contribute-email-error").inner_text()
            assert tab.locator("#contribute-title").input_value() == "A Title"  # input kept
            tab.screenshot(path=str(tmp_path / "contribute-400-phone.png"), full_page=True)
            tab.fill("#contribute-email", "jane@example.com")
            tab.click("button[type=submit]")
            assert tab.url.endswith("/contribute/thanks/")
        finally:
            browser.close()


@pytest.fixture(scope="module")
def built_under_a_path(tmp_path_factory):
    """The example blog built for https://blog.example.com/sub/."""
    project = make_project(tmp_path_factory.mktemp("sub") / "blog")
    text = project.config_path.read_text(encoding="utf-8")
    project.config_path.write_text(re.sub(r"(?m)^url:.*$", "url: https://blog.example.com/sub/", text),
                                   encoding="utf-8")
    result = CliRunner().invoke(group, ["-C", str(project.root), "build"])
    assert result.exit_code == 0, result.output
    return project


def _site_file(project, url: str):
    """The file of site/ that an absolute URL of the /sub/ site names (a folder: its index.html)."""
    path = urllib.parse.urlsplit(url).path
    assert path.startswith("/sub/"), url
    target = project.root / "site" / urllib.parse.unquote(path[len("/sub/"):])
    return target / "index.html" if path.endswith("/") else target


@pytest.mark.parametrize("path", ["/sub/contribute", "/sub/contribute/"])
def test_the_400_page_under_a_sub_path_keeps_its_styles_scripts_and_links(built_under_a_path, path):
    project = built_under_a_path
    with serving(project, settings(project)) as server:
        status, _, body = server.post(good(email="not-an-address"), path=path,
                                      headers={"Origin": "https://blog.example.com"})
        assert status == 400
        here = f"http://127.0.0.1:{server.port}{path}"
        document = lxml.html.document_fromstring(body)
        assets = document.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        assert len(assets) >= 3  # Material's stylesheets and bundle, our own stylesheet
        for link in assets:  # as the browser fetches them, from the URL the page came from
            url = urllib.parse.urljoin(here, link)
            assert _site_file(project, url).is_file(), (link, url)
            assert server.get(urllib.parse.urlsplit(url).path)[0] == 200, url
        for link in document.xpath("//a/@href"):
            url = urllib.parse.urljoin(here, link)
            if url.startswith(f"http://127.0.0.1:{server.port}/") and "#" not in link:
                assert _site_file(project, url).exists(), (link, url)
        (form,) = document.xpath("//article//form")
        assert urllib.parse.urljoin(here, form.get("action")) == f"http://127.0.0.1:{server.port}/sub/contribute"
        (config,) = document.xpath("//script[@id='__config']/text()")
        material = json.loads(config)  # Material resolves these against the page's location
        assert urllib.parse.urljoin(here, material["base"]).endswith("/sub/")
        assert _site_file(project, urllib.parse.urljoin(here, material["search"])).is_file()
        assert document.xpath("//input[@name='title']/@value") == [GOOD["title"]]  # input kept


def test_relocated_links_keep_in_page_and_absolute_ones_and_scripts_stay_closed():
    from salesblog.contribute.relocate import absolute_links

    document = lxml.html.document_fromstring(
        '<html><head><script id="__config" type="application/json">{"base": "..", "x": "</b>"}'
        '</script></head><body><a href="#email">e</a><a href="../tags/">t</a><a href="/x/">x</a>'
        '<a href="https://example.com/a">a</a><img src="pic.png"></body></html>')
    absolute_links(document, "/sub/contribute/")
    assert document.xpath("//a/@href") == ["#email", "/sub/tags/", "/x/", "https://example.com/a"]
    assert document.xpath("//img/@src") == ["/sub/contribute/pic.png"]
    html = lxml.html.tostring(document, encoding="unicode")
    assert '"base": "/sub/"' in html and "<\\/b>" in html and html.count("</script>") == 1
