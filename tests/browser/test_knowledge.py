"""The knowledge site in a real browser: the dark-mode switch, the skip link, printing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import new_page
from .support import COACHING_POST, VIEWPORTS


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_dark_mode_follows_the_system_and_the_switch_is_remembered(browser, site_url, request, viewport):
    page = new_page(browser, VIEWPORTS[viewport], request)
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "/")
    assert scheme(page) == "slate"
    page.get_by_title("Switch to light mode").click()
    assert scheme(page) == "default"
    page.goto(site_url + COACHING_POST)  # the reader's choice holds on the next page
    assert scheme(page) == "default"
    page.get_by_title("Switch to dark mode").click()
    assert scheme(page) == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"


def test_skip_link_is_first_and_leads_to_the_content(phone_page, site_url):
    page = phone_page
    page.goto(site_url + COACHING_POST)
    page.keyboard.press("Tab")
    skip = page.locator("a.sb-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#sb-content")


def test_print_hides_navigation_and_call_to_action_and_shows_link_targets(desktop_page, site_url):
    page = desktop_page
    page.goto(site_url + COACHING_POST)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".sb-cta", ".sb-recent", ".sb-contribute-band", ".sb-footer-links"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".sb-post__body")).to_be_visible()
    # The example posts link nowhere; a reader's link is added the way a post would have one.
    page.evaluate("document.querySelector('.sb-post__body').insertAdjacentHTML('beforeend',"
                  " '<p><a href=\"https://example.org/guide\">the guide</a></p>')")
    link = page.locator(".sb-post__body a[href='https://example.org/guide']")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after


def test_contents_in_the_sidebar_on_a_desktop(desktop_page, site_url):
    page = desktop_page
    page.goto(site_url + COACHING_POST)
    expect(page.locator("details.sb-toc--phone")).to_be_hidden()
    entry = page.locator(".sb-toc--sidebar .sb-toc__item a").nth(1)
    expect(entry).to_be_visible()
    anchor = entry.get_attribute("href")
    entry.click()
    assert page.url.endswith(anchor)
    expect(page.locator(anchor)).to_be_in_viewport()
    # Every heading carries a link to itself, shown when it has the keyboard's focus.
    link = page.locator(f"{anchor} a.headerlink")
    assert link.get_attribute("href") == anchor
    link.focus()
    expect(link).to_be_visible()


def test_contents_fold_out_at_the_top_on_a_phone(phone_page, site_url):
    page = phone_page
    page.goto(site_url + COACHING_POST)
    expect(page.locator(".sb-toc--sidebar")).to_be_hidden()
    folded = page.locator("details.sb-toc--phone")
    expect(folded.locator(".sb-toc__item a").first).to_be_hidden()
    folded.locator("summary").click()
    entry = folded.locator(".sb-toc__item a").last
    expect(entry).to_be_visible()
    anchor = entry.get_attribute("href")
    entry.click()
    assert page.url.endswith(anchor)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_share_links_are_plain_links_and_copy_link_copies(browser, site_url, request, viewport):
    phone = viewport == "phone"
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=phone, has_touch=phone)
    request.addfinalizer(context.close)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    foreign: list[str] = []
    context.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(site_url) else None)
    page = context.new_page()
    page.goto(site_url + COACHING_POST)
    bar = page.get_by_role("navigation", name="Share this post")
    expect(bar.get_by_role("link", name="LinkedIn")).to_have_attribute(
        "href", "https://www.linkedin.com/sharing/share-offsite/?url="
                "https%3A%2F%2Fblog.example.com%2Fblog%2Fsales-coaching-vs-sales-training%2F")
    expect(bar.get_by_role("link", name="E-mail")).to_have_attribute("href", re.compile(r"^mailto:\?subject="))
    bar.get_by_role("link", name="Copy link").click()
    expect(bar.get_by_role("status")).to_have_text("Link copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == \
        "https://blog.example.com/blog/sales-coaching-vs-sales-training/"
    assert page.url == site_url + COACHING_POST  # the click copied; it did not navigate
    assert not foreign, foreign
