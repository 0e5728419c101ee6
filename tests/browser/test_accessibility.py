"""axe-core in headless Chromium: no serious or critical violations on any kind of page.

Every kind of page on a desktop and a phone viewport, plus the states a reader opens on top of a
page (the search dialog, the phone menu), since those show elements a closed page hides.
"""

from __future__ import annotations

import pytest

from .conftest import new_page
from .support import PAGE_KINDS, VIEWPORTS, open_menu, settle

BLOCKING = ("serious", "critical")
SCHEMES = ("light", "dark")


def axe_violations(page, axe_script) -> list[dict]:
    """axe's serious and critical violations on the page as it is now (transitions finished)."""
    settle(page)
    # Evaluated through the DevTools protocol: a <script> tag added to the page would be (rightly)
    # refused by the site's Content-Security-Policy.
    page.evaluate(axe_script.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
                  for node in violation["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_has_no_serious_violations(browser, site_url, axe_script, request, kind, viewport, scheme):
    page = new_page(browser, VIEWPORTS[viewport], request)
    page.emulate_media(color_scheme=scheme)  # the site follows the system: light or dark palette
    response = page.goto(site_url + PAGE_KINDS[kind])
    assert response.status == (404 if kind == "404" else 200)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    violations = axe_violations(page, axe_script)
    assert not violations, f"axe on {kind} ({viewport}, {scheme}):\n{describe(violations)}"


def test_open_search_has_no_serious_violations(desktop_page, site_url, axe_script):
    desktop_page.goto(site_url + "/")
    # Material searches on key events, so type like a reader instead of fill().
    desktop_page.locator("input.md-search__input").press_sequentially("coaching")
    desktop_page.locator(".md-search-result__item").first.wait_for()
    violations = axe_violations(desktop_page, axe_script)
    assert not violations, f"axe with the search open:\n{describe(violations)}"


def test_open_phone_menu_has_no_serious_violations(phone_page, site_url, axe_script):
    phone_page.goto(site_url + "/")
    open_menu(phone_page)
    violations = axe_violations(phone_page, axe_script)
    assert not violations, f"axe with the phone menu open:\n{describe(violations)}"


def test_axe_reports_violations(desktop_page, site_url, axe_script):
    """The checks above can fail: axe does find a serious violation when there is one."""
    desktop_page.goto(site_url + "/")
    desktop_page.evaluate("document.querySelector('.md-search').removeAttribute('aria-label')")
    found = [v["id"] for v in axe_violations(desktop_page, axe_script)]
    assert "aria-dialog-name" in found
