"""The pages work under their Content-Security-Policy (every browser test runs under it, and
fails on any violation: see watch_csp in conftest.py); here, that the policy does bite."""

from __future__ import annotations

import pytest

from .conftest import watch_csp
from .support import DESKTOP


def test_a_script_that_reached_a_page_does_not_run_and_is_reported(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    check = watch_csp(context)
    try:
        page = context.new_page()
        response = page.goto(site_url + "/")
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_function("() => document.querySelector('.md-search__input') !== null")
        # As if an imported post had carried these in: an inline script and an inline style.
        page.evaluate("""() => {
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.append(script);
            const style = document.createElement('style');
            style.textContent = 'body { display: none }';
            document.head.append(style);
        }""")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.injected") is None
        assert page.locator("body").is_visible()
    finally:
        context.close()
    with pytest.raises(AssertionError, match="CSP violations"):
        check()
