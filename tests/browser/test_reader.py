"""A reader in Chromium: home page, a post and its sidebar, a tag, search, the feed; the same on a phone.

Screenshots of each step land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .support import COACHING_POST, COACHING_TITLE, COACHING_WORD, open_menu, screenshot

RECENT_POSTS = 5  # site_config.yml: recent_posts


def open_coaching_post_from_home(page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.locator(".sb-card__title a", has_text=COACHING_TITLE).click()
    expect(page).to_have_url(site_url + COACHING_POST)
    expect(page.locator("h1")).to_contain_text(COACHING_TITLE)


def expect_recent_posts(page) -> None:
    sidebar = page.get_by_role("complementary", name="Recent posts")
    sidebar.scroll_into_view_if_needed()
    expect(sidebar).to_be_visible()
    expect(sidebar.get_by_role("heading", name="Recent posts")).to_be_visible()
    expect(sidebar.locator(".sb-recent__item").first).to_be_visible()
    assert 1 <= sidebar.locator(".sb-recent__item").count() <= RECENT_POSTS
    expect(sidebar.locator(".sb-recent__more").first).to_be_visible()
    expect(sidebar.locator(".sb-recent__link").first).to_have_attribute("href", re.compile("/blog/"))


def follow_tag(page, site_url: str, tag: str, slug: str) -> None:
    page.locator(".sb-tags a", has_text=tag).click()
    expect(page).to_have_url(f"{site_url}/tags/{slug}/")
    expect(page.locator("h1")).to_contain_text(tag, ignore_case=True)
    expect(page.locator(".sb-card__title a", has_text=COACHING_TITLE)).to_be_visible()


def search_for_coaching_word(page, shot: str) -> None:
    """Type a word only the coaching article has; its result is listed and leads to it."""
    page.locator("input.md-search__input").press_sequentially(COACHING_WORD)
    result = page.locator(".md-search-result__item", has_text=COACHING_TITLE).first
    expect(result).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_contain_text("1 matching document")
    screenshot(page, shot)
    result.locator("a").first.click()
    expect(page).to_have_url(re.compile(re.escape(COACHING_POST)))
    expect(page.locator("h1")).to_contain_text(COACHING_TITLE)


def follow_feed_link(page) -> None:
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="RSS feed", exact=True).click()
    response = navigation.value
    assert response.status == 200
    assert response.url.endswith("/feed.xml")
    body = response.text()
    assert body.lstrip().startswith("<?xml") and "<rss" in body
    assert COACHING_TITLE in body


def menu_link(page, name: str):
    return page.locator(".md-sidebar--primary .md-nav__link", has_text=name).first


# --- desktop ---------------------------------------------------------------------------------

def test_home_lists_posts(desktop_page, site_url):
    desktop_page.goto(site_url + "/")
    expect(desktop_page).to_have_title(re.compile("Sales Blog"))
    expect(desktop_page.locator(".sb-card")).to_have_count(5)
    screenshot(desktop_page, "home-desktop")


def test_reader_follows_a_post_and_sees_recent_posts(desktop_page, site_url):
    open_coaching_post_from_home(desktop_page, site_url)
    expect_recent_posts(desktop_page)
    # On a wide screen the sidebar sits beside the post, not below it.
    post_box = desktop_page.locator("article.md-content__inner").bounding_box()
    sidebar_box = desktop_page.locator("aside.sb-recent").bounding_box()
    assert sidebar_box["x"] >= post_box["x"] + post_box["width"] - 1
    desktop_page.evaluate("window.scrollTo(0, 0)")
    screenshot(desktop_page, "post-desktop")


def test_reader_follows_a_tag(desktop_page, site_url):
    open_coaching_post_from_home(desktop_page, site_url)
    follow_tag(desktop_page, site_url, "sales coaching", "sales-coaching")
    screenshot(desktop_page, "tag-desktop")


def test_reader_searches_and_finds_the_coaching_article(desktop_page, site_url):
    desktop_page.goto(site_url + "/")
    desktop_page.locator("input.md-search__input").click()
    search_for_coaching_word(desktop_page, "search-desktop")


def test_reader_follows_the_feed_link(desktop_page, site_url):
    desktop_page.goto(site_url + "/")
    follow_feed_link(desktop_page)


def test_missing_page_shows_the_sites_404(desktop_page, site_url):
    response = desktop_page.goto(site_url + "/no-such-post/")
    assert response.status == 404
    expect(desktop_page.locator("h1")).to_contain_text("404")
    desktop_page.get_by_role("link", name="Contribute", exact=True).first.click()
    expect(desktop_page).to_have_url(site_url + "/contribute/")


# --- phone -----------------------------------------------------------------------------------

def test_phone_menu_reaches_tags_a_tag_and_a_post(phone_page, site_url):
    phone_page.goto(site_url + "/")
    screenshot(phone_page, "home-phone")
    # The tabs are gone on a phone; the menu button opens the drawer with the same places.
    expect(phone_page.locator(".md-tabs")).to_be_hidden()
    open_menu(phone_page)
    screenshot(phone_page, "menu-phone")
    for name in ("Home", "Tags", "Archive", "Contribute"):
        expect(menu_link(phone_page, name)).to_be_visible()
    menu_link(phone_page, "Tags").click()
    expect(phone_page).to_have_url(site_url + "/tags/")
    phone_page.locator(".sb-tag-index a", has_text="sales coaching").click()
    expect(phone_page).to_have_url(site_url + "/tags/sales-coaching/")
    phone_page.locator(".sb-card__title a", has_text=COACHING_TITLE).click()
    expect(phone_page).to_have_url(site_url + COACHING_POST)
    screenshot(phone_page, "post-phone")
    expect_recent_posts(phone_page)
    follow_tag(phone_page, site_url, "sales training", "sales-training")


def test_phone_menu_reaches_archive_and_home(phone_page, site_url):
    phone_page.goto(site_url + "/tags/")
    open_menu(phone_page)
    menu_link(phone_page, "Archive").click()
    expect(phone_page).to_have_url(site_url + "/archive/")
    phone_page.locator(".sb-archive__list a", has_text=COACHING_TITLE).click()
    expect(phone_page).to_have_url(site_url + COACHING_POST)
    open_menu(phone_page)
    menu_link(phone_page, "Home").click()
    expect(phone_page).to_have_url(site_url + "/")
    open_coaching_post_from_home(phone_page, site_url)


def test_phone_reader_searches(phone_page, site_url):
    phone_page.goto(site_url + "/")
    phone_page.locator("label.md-header__button[for=__search]").click()
    expect(phone_page.locator("input.md-search__input")).to_be_visible()
    search_for_coaching_word(phone_page, "search-phone")


def test_phone_reader_follows_the_feed_link(phone_page, site_url):
    phone_page.goto(site_url + "/")
    follow_feed_link(phone_page)
