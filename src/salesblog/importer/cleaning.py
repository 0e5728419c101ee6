"""An article's HTML without the page's furniture: navigation, share buttons, author boxes,
related posts, comments, calls to action, scripts, HubL and shortcodes."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from salesblog.importer.images_html import resolve_images
from salesblog.importer.tags import is_taxonomy_href
from salesblog.importer.text import squash

_DROPPED_TAGS = ("script", "style", "link", "meta", "form", "button", "input", "select", "textarea",
                 "nav", "aside", "svg", "canvas", "template", "object", "embed", "dialog", "label")
_DROPPED_ROLES = {"navigation", "complementary", "banner", "contentinfo", "search", "dialog", "button",
                  "toolbar", "menu", "menubar", "alert"}
_FURNITURE_NAME = re.compile(
    r"(?:^|[\s_-])(?:share|shares|sharing|sharedaddy|sharethis|social|socials|addtoany|a2a_kit|shareaholic|"
    r"sociable|jp-relatedposts|related|relatedposts|related-posts|yarpp|crp_related|recent-posts|recent_posts|"
    r"more-posts|read-next|post-navigation|nav-links|navigation|navbar|nav|menu|breadcrumb|breadcrumbs|"
    r"pagination|pager|comments|comment|commentlist|comment-respond|disqus_thread|respond|author-box|authorbox|"
    r"about-author|about-the-author|author-bio|author-info|author-card|post-author|entry-author|byline|"
    r"entry-meta|post-meta|postmeta|postmetadata|post-info|entry-footer|post-footer|meta-info|article-meta|"
    r"tags|tag-links|tags-links|cat-links|post-tags|post-categories|entry-tags|entry-categories|post-labels|"
    r"newsletter|subscribe|subscription|signup|sign-up|optin|mc4wp|mailchimp|hs-cta-wrapper|hs-cta|cta|"
    r"call-to-action|promo|advert|advertisement|ad|ads|adsbygoogle|ad-container|sponsor|sponsored|cookie|"
    r"cookies|gdpr|consent|popup|modal|overlay|widget|widgets|sidebar|screen-reader-text|sr-only|"
    r"visually-hidden|print-only|skip-link|rating|reactions|likes|wpulike|clap|follow|toolbar|more-link|"
    r"read-more|printfriendly|jp-post-flair|speechify-ignore|blog-post__tags|blog-post__author|"
    r"blog-post__meta|post-share|post-footer|site-header|site-footer|masthead|footnotes-nav|"
    r"wp-block-buttons|sqs-block-newsletter|newsletter-block|summary-block|sqs-block-summary-v2|"
    r"sqs-block-button|image-subtitle-wrapper-nope|hubspot-author_data|hubspot-topic_data|topic-list|"
    r"post-header|entry-header|article-header|blog-post__header|post-title|entry-title|article-title|"
    r"avatar|jetpack-likes-widget-wrapper|sd-sharing-enabled|wp-block-post-author|taxonomy-category|"
    r"taxonomy-post_tag|wp-block-post-terms|post-date|entry-date)(?:$|[\s_-])",
    re.I)
_KEEP_NAME = re.compile(r"(?:^|[\s_-])(?:wp-block-image|wp-caption|kg-card|kg-image|sqs-block-image|"
                        r"image-block|graf|figure|gallery)(?:$|[\s_-])", re.I)
_SHARE_LINK = re.compile(r"(?:twitter\.com/(?:intent|share)|x\.com/intent|facebook\.com/(?:sharer|share\.php|"
                         r"dialog/share)|linkedin\.com/(?:shareArticle|sharing)|pinterest\.com/pin/create|"
                         r"reddit\.com/submit|news\.ycombinator\.com/submitlink|mailto:\?|whatsapp://|"
                         r"api\.whatsapp\.com/send|t\.me/share|tumblr\.com/share|buffer\.com/add|"
                         r"getpocket\.com/save|addtoany\.com|sharethis\.com|[?&]action=share\b|[?&]utm_content=share\b|"
                         r"blogger\.com/share-post\.g|digg\.com/submit)", re.I)
_FURNITURE_TEXT = re.compile(
    r"^(?:(?:recent posts|related posts|related articles|related stories|you may also like|you might also like|"
    r"read next|read more|continue reading|share this|share this post|share this article|share|"
    r"like this|leave a reply|leave a comment|comments|\d+ comments?|no comments|post a comment|"
    r"subscribe|follow us|tags|topics|filed under|categories|posted in|all posts|back to blog|"
    r"previous post|next post|older posts?|newer posts?|popular posts|more posts|more stories|more articles|"
    r"keep reading|explore topics|others also viewed|replies|responses|this post is for (?:paying )?subscribers)"
    r"[\s:|.!()\d]*$"
    r"|(?:about the author|more from|more articles by|subscribe to|sign up for|written by|share this on)\b)",
    re.I)
_IMAGE_LINK_CLASS = re.compile(r"(?:^|[\s_-])(?:asset-img-link|image-link|img-link|lightbox|"
                               r"article-body-image-wrapper)(?:$|[\s_-])", re.I)
_READ_MORE = re.compile(r"^(?:read more|continue reading|read the full|keep reading)\b", re.I)
# HubL ({{ }}, {% %}) and WordPress/Squarespace shortcodes ([caption], [gallery], [/embed]...)
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_SHORTCODE = re.compile(r"\[/?(?:caption|gallery|embed|video|audio|playlist|contact-form[-\w]*|"
                        r"et_pb_[\w-]+|vc_[\w-]+|fusion_[\w-]+|av_[\w-]+|sc_[\w-]+|su_[\w-]+|shortcode|"
                        r"button|cta|hs_cta|ninja_form|gravityform|wpforms|mc4wp_form|instagram-feed|"
                        r"toc|ad|ads|adsense|tweet|soundcloud|youtube|vimeo)\b[^\]]*\]", re.I)

VIDEO_HOSTS = {
    "youtube.com": "YouTube", "youtube-nocookie.com": "YouTube", "youtu.be": "YouTube",
    "vimeo.com": "Vimeo", "player.vimeo.com": "Vimeo", "wistia.com": "Wistia", "wistia.net": "Wistia",
    "fast.wistia.net": "Wistia", "loom.com": "Loom", "vidyard.com": "Vidyard", "dailymotion.com": "Dailymotion",
    "ted.com": "TED", "twitch.tv": "Twitch", "soundcloud.com": "SoundCloud", "open.spotify.com": "Spotify",
    "slideshare.net": "SlideShare", "speakerdeck.com": "Speaker Deck", "codepen.io": "CodePen",
}


def clean_article(container: Tag, *, title: str | None = None, base_url: str | None = None,
                  extra_furniture: tuple[str, ...] = ()) -> Tag:
    """Clean `container` in place and return it: the article alone, ready for Markdown."""
    _drop_comments(container)
    _caption_tables_to_figures(container)
    for selector in extra_furniture:
        for element in container.select(selector):
            element.decompose()
    _keep_embeds(container, base_url)
    for element in container.find_all(_DROPPED_TAGS):
        element.decompose()
    for element in container.find_all(["header", "footer"]):
        if not element.find_parent(["blockquote", "figure"]):
            element.decompose()
    _drop_hidden(container)
    _drop_furniture_blocks(container)
    resolve_images(container)
    _drop_share_and_teaser_links(container)
    _drop_calls_to_action(container)
    _drop_taxonomy_lines(container)
    _drop_furniture_headings(container)
    _drop_leading_title_and_byline(container, title)
    _unwrap_image_links(container)
    _strip_shortcodes(container)
    _drop_empty(container)
    if base_url:
        absolutize(container, base_url)
    return container


def _gone(element: Tag) -> bool:
    """Whether `element` was decomposed. bs4's own `element.decomposed` looks the flag up with
    getattr, which on a live Tag falls through to a search of its whole subtree for a tag
    called "_decomposed": asked of every element, that made cleaning quadratic."""
    return bool(vars(element).get("_decomposed", False))


def _drop_comments(container: Tag) -> None:
    for comment in container.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()


def _caption_tables_to_figures(container: Tag) -> None:
    """Blogger's captioned image is a table (tr-caption-container): a figure says it better."""
    for table in container.select("table.tr-caption-container"):
        img = table.find("img")
        caption = table.select_one(".tr-caption")
        if img is None:
            continue
        figure = BeautifulSoup("", "lxml").new_tag("figure")
        figure.append(img.parent.extract() if img.parent is not None and img.parent.name == "a" else img.extract())
        if caption is not None:
            figcaption = BeautifulSoup("", "lxml").new_tag("figcaption")
            figcaption.string = squash(caption.get_text(" "))
            figure.append(figcaption)
        table.replace_with(figure)


def _drop_hidden(container: Tag) -> None:
    for element in container.find_all(True):
        if _gone(element):
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if element.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style:
            element.decompose()
        elif (element.get("role") or "").lower() in _DROPPED_ROLES and element.find("img") is None:
            element.decompose()  # (Medium wraps images in role=button for its zoom)


def _names(element: Tag) -> str:
    classes = element.get("class") or []
    return " ".join([*classes, element.get("id") or "", element.get("data-testid") or ""])


def _drop_furniture_blocks(container: Tag) -> None:
    """Elements whose class or id says furniture, unless they hold most of the article."""
    total = len(container.get_text(" ", strip=True)) or 1
    for element in container.find_all(True):
        if _gone(element) or element.name in ("img", "figure", "picture", "table", "pre", "code"):
            continue
        names = _names(element)
        if not names.strip() or not _FURNITURE_NAME.search(names):
            continue
        if _KEEP_NAME.search(names) and element.find(["img", "picture", "video", "iframe", "table"]) is not None:
            continue  # an image card ("kg-card", "wp-block-image") whose other class sounds like furniture
        share = len(element.get_text(" ", strip=True)) / total
        if share > 0.5 and total > 500:
            continue  # a wrapper with a misleading name: "post-content entry-meta-wrap" and the like
        element.decompose()


def _drop_share_and_teaser_links(container: Tag) -> None:
    for link in container.find_all("a", href=True):
        if _gone(link):
            continue
        text = squash(link.get_text(" "))
        if _SHARE_LINK.search(link["href"]) or (_READ_MORE.match(text) and len(text) < 40):
            parent = link.parent
            link.decompose()
            if parent is not None and parent is not container and not parent.get_text(strip=True) \
                    and parent.find("img") is None:
                parent.decompose()


_SIGN_UP = re.compile(r"^(?:subscribe|subscribe now|sign up|sign up now|join|join free|join now|become a member|"
                      r"get started|upgrade|book a (?:call|demo)|get a demo|enter your email)\b", re.I)
_SIGN_UP_HREF = re.compile(r"#/portal|#/signup|/subscribe\b|/signup\b|/sign-up\b|/membership\b", re.I)
_CTA_MAX_CHARS = 400


def _drop_calls_to_action(container: Tag) -> None:
    """A short box with a heading and a sign-up button ("Enjoying Field Notes? ... Subscribe"),
    whatever its class: the box goes, the article's own links to sign-up pages stay."""
    for button in container.find_all(["a", "button"]):
        if _gone(button):
            continue
        text = squash(button.get_text(" "))
        if not (_SIGN_UP.match(text) or _SIGN_UP_HREF.search(button.get("href") or "") and len(text) < 30):
            continue
        box = _smallest_box_with_heading(button, container)
        if box is not None:
            box.decompose()


def _smallest_box_with_heading(element: Tag, container: Tag) -> Tag | None:
    for parent in element.parents:
        if parent is container or not isinstance(parent, Tag):
            return None
        if len(parent.get_text(" ", strip=True)) > _CTA_MAX_CHARS:
            return None
        if parent.name in ("div", "section") and parent.find(re.compile(r"^h[2-6]$")) is not None:
            return parent
    return None


_TAXONOMY_LABEL = re.compile(r"^(?:tags|tagged|tagged with|topics|categories|category|filed under|posted in|"
                             r"labels)\s*:?\s*$", re.I)


def _drop_taxonomy_lines(container: Tag) -> None:
    """A line or list of nothing but tag and category links, with at most a label ("Topics:"):
    the tags are in the front matter already."""
    for element in container.find_all(["p", "div", "ul", "ol", "li"]):
        if _gone(element) or element.find("img") is not None:
            continue
        links = element.find_all("a", href=True)
        if not links or not all(is_taxonomy_href(a["href"]) for a in links):
            continue
        rest = squash(" ".join(t for t in element.find_all(string=True) if t.find_parent("a") is None))
        if not rest.strip(" ,·|•-") or _TAXONOMY_LABEL.match(rest.strip(" ,·|•-")):
            element.decompose()


def _drop_furniture_headings(container: Tag) -> None:
    """"Related posts", "About the author"...: the heading and the teasers under it."""
    for heading in container.find_all(["h2", "h3", "h4", "h5", "h6", "p", "strong", "div"]):
        if _gone(heading):
            continue
        text = squash(heading.get_text(" "))
        if not text or len(text) > 60 or not _FURNITURE_TEXT.match(text):
            continue
        if heading.name in ("p", "div", "strong") and (len(text) > 40 or re.match(
                r"^(?:comments|subscribe|share|read more|continue reading)", text, re.I)):
            continue  # a short paragraph may be the article's own; only clear labels count
        for sibling in list(heading.find_next_siblings()):
            if sibling.name and re.match(r"h[1-6]$", sibling.name) and not _FURNITURE_TEXT.match(
                    squash(sibling.get_text(" "))):
                break
            sibling.decompose()
        heading.decompose()


_BYLINE = re.compile(r"^(?:by|posted|written|published|updated|last updated)\b.{0,80}$", re.I)
_READ_TIME = re.compile(r"^\d+\s*min(?:ute)?s?\s+read\b", re.I)
_DATE_LINE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})", re.I)


def _looks_like_byline(text: str) -> bool:
    if _READ_TIME.match(text) or (len(text) < 50 and _DATE_LINE.match(text)):
        return True
    if not _BYLINE.match(text):
        return False
    # "By Jane Doe", "Posted by Jane on Apr 12, 2016" but not "By 2020, most teams..."
    rest = re.sub(r"^(?:by|posted|written|published|updated|last updated)\s*(?:by|on|:)?\s*", "", text, flags=re.I)
    return bool(re.match(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:[|,·•—–-]|on\b|in\b|$))", rest)
                or _DATE_LINE.match(rest))


def _drop_leading_title_and_byline(container: Tag, title: str | None) -> None:
    """Headings repeating the title, and short byline/date lines, before the first paragraph."""
    wanted = squash(title or "").lower()
    for element in list(container.find_all(True)):
        if _gone(element):
            continue
        if element.name == "p" and len(squash(element.get_text(" "))) > 80:
            break
        if element.name == "img":
            break
        text = squash(element.get_text(" "))
        if element.name in ("h1", "h2", "h3") and wanted and text.lower() == wanted:
            element.decompose()
        elif element.name in ("h1",) and not wanted:
            element.decompose()
        elif element.name in ("p", "div", "span", "time", "address", "small") and text and len(text) < 90 \
                and (element.name == "time" or _looks_like_byline(text)) and element.find("img") is None:
            element.decompose()


def _keep_embeds(container: Tag, base_url: str | None) -> None:
    """Videos and other known embeds become a link; any other iframe goes."""
    for frame in container.find_all(["iframe", "video", "audio"]):
        src = frame.get("src") or frame.get("data-src") or ""
        if not src:
            source = frame.find("source", src=True)
            src = source["src"] if source else ""
        if src.startswith("//"):
            src = "https:" + src
        if base_url and src:
            src = urljoin(base_url, src)
        host = urlsplit(src).hostname or ""
        name = next((label for domain, label in VIDEO_HOSTS.items()
                     if host == domain or host.endswith("." + domain)), None)
        if frame.name == "iframe" and name is None:
            frame.decompose()
            continue
        if not src:
            frame.decompose()
            continue
        link = BeautifulSoup("", "lxml").new_tag("a", href=watch_url(src))
        label = frame.get("title") or (f"{name} video" if name else "Video")
        link.string = f"{'Watch' if frame.name != 'audio' else 'Listen'}: {squash(label)}"
        paragraph = BeautifulSoup("", "lxml").new_tag("p")
        paragraph.append(link)
        frame.replace_with(paragraph)
    for script in container.find_all("script", src=True):
        if "gist.github.com" in script["src"]:
            link = BeautifulSoup("", "lxml").new_tag("a", href=script["src"].removesuffix(".js"))
            link.string = "View the code on GitHub"
            paragraph = BeautifulSoup("", "lxml").new_tag("p")
            paragraph.append(link)
            script.replace_with(paragraph)


def watch_url(src: str) -> str:
    """An embed's address as people open it: youtube.com/embed/ID -> youtube.com/watch?v=ID."""
    parts = urlsplit(src)
    host = parts.hostname or ""
    match = re.match(r"/embed/([\w-]+)", parts.path)
    if "youtube" in host and match:
        return f"https://www.youtube.com/watch?v={match.group(1)}"
    match = re.match(r"/video/(\d+)", parts.path)
    if host == "player.vimeo.com" and match:
        return f"https://vimeo.com/{match.group(1)}"
    if "youtube" in host and parts.path == "/watch":
        video = parse_qs(parts.query).get("v")
        if video:
            return f"https://www.youtube.com/watch?v={video[0]}"
    return src


def _unwrap_image_links(container: Tag) -> None:
    """A link around an image that only opens the image (Blogger, WordPress): the image alone."""
    for link in container.find_all("a", href=True):
        img = link.find("img")
        if img is None or squash(link.get_text(" ")):
            continue
        href = link["href"].split("?")[0].lower()
        if re.search(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg)$", href) or "googleusercontent.com" in href or \
                _IMAGE_LINK_CLASS.search(" ".join(link.get("class") or [])) or \
                "/attachment/" in href or href == (img.get("src") or "").split("?")[0].lower():
            link.unwrap()


def _strip_shortcodes(container: Tag) -> None:
    for text in container.find_all(string=True):
        if not isinstance(text, NavigableString) or text.parent is None or text.parent.name in ("pre", "code"):
            continue
        cleaned = _SHORTCODE.sub("", _TEMPLATE_CODE.sub("", str(text)))
        if cleaned != str(text):
            text.replace_with(cleaned)


def _drop_empty(container: Tag) -> None:
    for element in reversed(container.find_all(["p", "div", "span", "section", "figure", "a", "strong", "em",
                                                "b", "i", "li", "ul", "ol", "blockquote", "h1", "h2", "h3",
                                                "h4", "h5", "h6"])):
        if _gone(element):
            continue
        if not element.get_text(strip=True) and element.find(["img", "iframe", "br", "hr", "table"]) is None:
            element.decompose()


def absolutize(container: Tag, base_url: str) -> None:
    """Relative links and image sources made absolute against the page's address."""
    for element in container.find_all(["a", "img"]):
        name = "href" if element.name == "a" else "src"
        value = element.get(name)
        if value and not value.startswith(("#", "mailto:", "tel:", "data:")):
            element[name] = urljoin(base_url, value.strip())
