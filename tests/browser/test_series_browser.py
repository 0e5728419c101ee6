"""A series in a real browser, on a desktop and a phone: the "Part N of M" box leads from part
to part and to the series page, and both pages pass axe in both colour schemes under the CSP."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect

from tests.projects import BlogProject
from tests.test_series import SERIES, in_series

from .conftest import HeadersSiteHandler, new_page
from .support import VIEWPORTS, salesblog
from .test_accessibility import axe_violations, describe


@pytest.fixture(scope="module")
def series_url(tmp_path_factory) -> str:
    """A small blog with a three-part series, built and served on 127.0.0.1."""
    blog = BlogProject.sample(tmp_path_factory.mktemp("series") / "blog")
    blog.write("content/series.yml", SERIES)
    for order, name in enumerate(("part-one", "part-two", "part-three"), start=1):
        in_series(blog, name, order, date=f"2024-04-0{order}")
    site = blog.root / "site"
    result = salesblog("-C", str(blog.root), "build", "--no-cache", "-d", str(site))
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(HeadersSiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_series_navigation_leads_from_part_to_part_and_to_the_series(browser, series_url, request, viewport):
    page = new_page(browser, VIEWPORTS[viewport], request)
    page.goto(series_url + "/blog/part-two/")
    box = page.locator("nav.sb-series")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Part 2 of 3")
    expect(box.locator("[aria-current=page]")).to_have_text("Part Two")
    box.get_by_role("link", name="Part Three").click()
    assert page.url.endswith("/blog/part-three/")
    expect(page.locator("nav.sb-series")).to_contain_text("Part 3 of 3")
    page.locator("nav.sb-series .sb-series__title a").click()
    assert page.url.endswith("/series/closing/")
    links = page.locator(".sb-series-page__link")
    expect(links).to_have_text(["Part One", "Part Two", "Part Three"])


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ("/blog/part-two/", "/series/closing/"))
def test_series_pages_have_no_serious_violations(browser, series_url, axe_script, request, path, viewport,
                                                  scheme):
    page = new_page(browser, VIEWPORTS[viewport], request)
    page.emulate_media(color_scheme=scheme)
    assert page.goto(series_url + path).status == 200
    violations = axe_violations(page, axe_script)
    assert not violations, f"axe on {path} ({viewport}, {scheme}):\n{describe(violations)}"
