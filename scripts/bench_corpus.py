"""Synthetic blog corpus for the build benchmark: deterministic posts written in the layouts of
salesblog, Pelican and Hugo.

Every post is generated from its own random stream seeded by (seed, index), so the corpus is the
same whatever the number of worker processes, and post i is the same at --posts 1000 and 10000.
The body is generated once with placeholders for the image and the cross-post link, which each
layout then fills in its own syntax.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

SITE_TITLE = "Bench Sales Blog"
SITE_URL = "https://blog.example.com/"
TIMEZONE = "UTC"
POSTS_PER_PAGE = 10
RECENT_POSTS = 5
FEED_ITEMS = 20
IMAGE_COUNT = 8
FIRST_DATE = dt.date(2012, 1, 1)
LAST_DATE = dt.date(2024, 12, 31)

# Placeholders in a generated body; NUL bytes cannot occur in the generated text itself.
IMAGE_MARK = "\x00IMAGE\x00"
POST_LINK_MARK = "\x00POST\x00"

# ---------------------------------------------------------------------------------------------
# Vocabulary: sales and management English, enough for sentences that read like a blog post.
NOUNS = """
account agenda answer approach budget buyer call campaign cadence champion channel client coach
commission competitor contract conversation customer deadline deal decision demo discount email
forecast funnel goal habit handoff idea insight interview lead leader manager margin market meeting
message metric mindset negotiation objection offer onboarding outcome partner pipeline pitch plan
playbook price pricing problem process product promise proposal prospect quarter question quota
referral relationship renewal report result review risk role routine rep script segment signal
skill solution story strategy team territory timeline tool trust value vendor website workflow
""".split()
ADJECTIVES = """
accurate aggressive ambitious average better bold busy careful clear cold common complex consistent
critical curious difficult direct early effective efficient emotional entire honest hidden huge
important inbound key late lean local loyal modern narrow natural new obvious outbound patient
personal practical predictable proactive qualified quick rare real realistic reliable repeatable
right simple small smart solid strategic strong successful typical useful valuable warm weekly
""".split()
VERBS = """
accept adapt build challenge change close coach compare create deliver discover drive earn
expect explain follow forecast grow handle help improve increase learn lose manage measure miss
negotiate own plan prepare prove qualify reach reduce review schedule share shorten solve support
teach test track train trust understand win
""".split()
ADVERBS = """
actually again carefully clearly consistently daily directly early easily finally honestly often
quickly rarely really regularly simply slowly sometimes together usually weekly
""".split()
PREPOSITIONS = "about across after against before behind beyond during for from into with without".split()
DETERMINERS = "the the the a every each this that your our their".split()
PRONOUNS = ["we", "you", "they", "most teams", "good leaders", "sales managers"]
CONNECTIVES = "because while although when until since unless".split()

# Sentence shapes; lowercase keys are filled from the word lists above, anything else is literal.
SENTENCE_SHAPES = [
    "det adj noun verb_s det noun prep det noun .",
    "when det noun verb_s det adj noun , pronoun verb det noun adverb .",
    "pronoun verb det noun connective det noun verb_s adverb .",
    "most noun_pl verb adj noun_pl prep det noun .",
    "if you verb det adj noun , your noun will verb det noun .",
    "how often does det noun verb det adj noun ?",
    "det noun is adj , but det noun verb_s det noun prep det adj noun .",
    "pronoun adverb verb det noun prep det noun connective det noun is adj .",
    "the best noun_pl verb noun_pl , verb det noun and verb det adj noun .",
    "it is adj to verb det noun prep det noun , connective the noun is adj .",
    "that is why det adj noun verb_s adverb .",
    "pronoun should verb det noun before det noun verb_s det adj noun .",
]
HEADING_SHAPES = [
    "why adj noun_pl verb adj noun_pl",
    "how to verb det adj noun",
    "the adj noun : verb det noun adverb",
    "verb your noun prep det noun",
    "what adj noun_pl verb about noun_pl",
]
LIST_ITEM_SHAPES = [
    "verb det adj noun prep det noun .",
    "verb the noun adverb .",
    "ask the noun about det adj noun .",
    "never verb det noun without det noun .",
]
TITLE_SHAPES = [
    "how to verb det adj noun",
    "number ways to verb your noun",
    "the adj noun : why noun_pl verb noun_pl",
    "number adj noun_pl every leader should verb",
    "stop verbing noun_pl and start verbing noun_pl",
    "noun vs noun : the number truths you must accept",
    "what adj noun_pl teach us about noun_pl",
]
NUMBER_WORDS = "3 4 5 6 7 8 10 12".split()

TAGS = [
    "sales coaching", "sales training", "sales leadership", "negotiation", "prospecting",
    "lead generation", "lead validation", "cold calling", "email outreach", "social selling",
    "inbound marketing", "outbound sales", "account management", "customer success", "onboarding",
    "pipeline management", "forecasting", "quota planning", "territory planning", "compensation",
    "hiring", "interviewing", "team culture", "motivation", "time management", "productivity",
    "crm", "sales tools", "automation", "analytics", "metrics", "reporting", "pricing",
    "discounting", "objection handling", "closing", "demos", "presentations", "storytelling",
    "value selling", "solution selling", "consultative selling", "enterprise sales", "smb sales",
    "saas", "partnerships", "channel sales", "referrals", "renewals", "upselling", "churn",
    "customer experience", "marketing alignment", "content marketing", "landing pages", "seo",
    "webinars", "events", "sales process", "career growth",
]
assert len(TAGS) == 60 and len(set(TAGS)) == 60

AUTHORS = [
    ("brian-signorelli", "Brian Signorelli", "Sales Manager"),
    ("aaron-wittersheim", "Aaron Wittersheim", "Chief Operating Officer"),
    ("maria-delgado", "Maria Delgado", "VP of Sales"),
    ("kenji-tanaka", "Kenji Tanaka", "Sales Engineer"),
    ("olivia-brooks", "Olivia Brooks", "Account Executive"),
    ("samuel-osei", "Samuel Osei", "Head of Partnerships"),
    ("ingrid-larsen", "Ingrid Larsen", "Revenue Operations Lead"),
    ("david-cohen", "David Cohen", "Sales Coach"),
    ("priya-raman", "Priya Raman", "Customer Success Director"),
    ("lucas-martin", "Lucas Martin", "Business Development Rep"),
    ("hannah-weber", "Hannah Weber", "Marketing Manager"),
    ("tom-oconnor", "Tom O'Connor", "Regional Sales Director"),
]
assert len(AUTHORS) == 12

LINK_HOSTS = ["https://www.example.com", "https://example.org", "https://docs.example.net"]


# ---------------------------------------------------------------------------------------------
# Words and sentences


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _gerund(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


_NOUN_PLURALS = [_plural(noun) for noun in NOUNS]
_VERBS_S = [_plural(verb) for verb in VERBS]  # 3rd person singular follows the plural rules
_VERBS_ING = [_gerund(verb) for verb in VERBS]
_SLOTS = {
    "noun": NOUNS, "noun_pl": _NOUN_PLURALS, "adj": ADJECTIVES, "verb": VERBS, "verb_s": _VERBS_S,
    "verbing": _VERBS_ING, "adverb": ADVERBS, "prep": PREPOSITIONS, "det": DETERMINERS,
    "pronoun": PRONOUNS, "connective": CONNECTIVES, "number": NUMBER_WORDS,
}


def _compile(shapes: list[str]) -> list[list[str]]:
    return [shape.split() for shape in shapes]


_SENTENCES = _compile(SENTENCE_SHAPES)
_HEADINGS = _compile(HEADING_SHAPES)
_LIST_ITEMS = _compile(LIST_ITEM_SHAPES)
_TITLES = _compile(TITLE_SHAPES)


def _fill(shape: list[str], rng: random.Random) -> list[str]:
    return [rng.choice(_SLOTS[token]) if token in _SLOTS else token for token in shape]


_AN = re.compile(r"\b([Aa]) (?=[aeiou])")


def _join(tokens: list[str]) -> str:
    text = _AN.sub(r"\1n ", " ".join(tokens))
    return text.replace(" ,", ",").replace(" .", ".").replace(" ?", "?").replace(" :", ":")


def sentence(rng: random.Random, shapes: list[list[str]] = _SENTENCES) -> str:
    text = _join(_fill(rng.choice(shapes), rng))
    return text[0].upper() + text[1:]


def title_case(text: str) -> str:
    small = {"a", "an", "and", "the", "to", "of", "vs", "about", "for", "with", "your", "us"}
    words = text.split()
    return " ".join(w if (i and w in small) else w[0].upper() + w[1:] for i, w in enumerate(words))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


# ---------------------------------------------------------------------------------------------
# Posts


@dataclass(frozen=True)
class PostMeta:
    index: int
    slug: str
    title: str
    date: dt.date
    authors: tuple[str, ...]  # author ids
    tags: tuple[str, ...]
    image: str  # file name under images/
    linked_slug: str | None  # an earlier post this one links to


def _post_rng(seed: int, index: int, part: str) -> random.Random:
    # String seeds hash with SHA-512: stable across runs and Python versions.
    return random.Random(f"{seed}:{index}:{part}")


def post_meta(seed: int, index: int) -> PostMeta:
    rng = _post_rng(seed, index, "meta")
    title = title_case(_join(_fill(rng.choice(_TITLES), rng)))
    # The index keeps slugs unique; generated titles repeat now and then.
    slug = f"{slugify(title)}-{index:05d}"
    days = rng.randrange((LAST_DATE - FIRST_DATE).days + 1)
    author_count = 2 if rng.random() < 0.1 else 1
    authors = tuple(a[0] for a in rng.sample(AUTHORS, author_count))
    tags = tuple(rng.sample(TAGS, rng.randint(2, 4)))
    image = image_name(rng.randrange(IMAGE_COUNT))
    linked = post_meta_slug(seed, rng.randrange(index)) if index else None
    return PostMeta(index, slug, title, FIRST_DATE + dt.timedelta(days=days), authors, tags, image,
                    linked)


def post_meta_slug(seed: int, index: int) -> str:
    """The slug of post `index`, without generating the rest of it (no recursion into its link)."""
    rng = _post_rng(seed, index, "meta")
    title = title_case(_join(_fill(rng.choice(_TITLES), rng)))
    return f"{slugify(title)}-{index:05d}"


def _paragraph(rng: random.Random, sentences: int) -> list[str]:
    return [sentence(rng) for _ in range(sentences)]


def _with_link(words: list[str], rng: random.Random) -> list[str]:
    label = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(_NOUN_PLURALS)}"
    url = f"{rng.choice(LINK_HOSTS)}/{rng.choice(NOUNS)}/{rng.choice(VERBS)}-{rng.choice(NOUNS)}"
    return words + [f"Read more about [{label}]({url})."]


def post_body(seed: int, meta: PostMeta, author_name: str) -> str:
    """Markdown of 1,000 to 1,500 words, with IMAGE_MARK and POST_LINK_MARK placeholders."""
    rng = _post_rng(seed, meta.index, "body")
    # Extras added after the loop can add ~60 words: aim a little under the 1,500 ceiling.
    target = rng.randint(1000, 1420)
    blocks: list[str] = []
    words = 0

    def add(text: str) -> None:
        nonlocal words
        blocks.append(text)
        words += len(text.split())

    add(" ".join(_paragraph(rng, rng.randint(3, 5))))
    add(" ".join(_with_link(_paragraph(rng, rng.randint(3, 5)), rng)))
    extras = ["bullets", "image", "quote", "numbered", "post_link"]
    rng.shuffle(extras)
    while words < target:
        add("## " + title_case(_join(_fill(rng.choice(_HEADINGS), rng))))
        for _ in range(rng.randint(2, 3)):
            if words >= target:
                break
            paragraph = _paragraph(rng, rng.randint(3, 6))
            if rng.random() < 0.25:
                paragraph = _with_link(paragraph, rng)
            add(" ".join(paragraph))
        if extras:
            add(_extra(extras.pop(), rng, meta, author_name))
    for extra in extras:  # a short post still gets every kind of block
        add(_extra(extra, rng, meta, author_name))
    return "\n\n".join(blocks) + "\n"


def _extra(kind: str, rng: random.Random, meta: PostMeta, author_name: str) -> str:
    if kind == "bullets":
        return "\n".join("- " + sentence(rng, _LIST_ITEMS) for _ in range(rng.randint(3, 6)))
    if kind == "numbered":
        return "\n".join(f"{n}. " + sentence(rng, _LIST_ITEMS) for n in range(1, rng.randint(4, 7)))
    if kind == "quote":
        return f"> {sentence(rng)} {sentence(rng)}\n>\n> -- {author_name}"
    if kind == "image":
        alt = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} chart"
        return f"![{alt}]({IMAGE_MARK}{meta.image})\n\n{sentence(rng)}"
    if kind == "post_link":
        if meta.linked_slug is None:
            return sentence(rng)
        return f"{sentence(rng)} See also [our earlier post]({POST_LINK_MARK}{meta.linked_slug})."
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# Images: small real bar charts, JPEG and PNG in turn, drawn with Pillow (salesblog's own
# dependency). 640x360: wide enough for salesblog to make two WebP renditions of each.

IMAGE_SIZE = (640, 360)


def image_name(variant: int) -> str:
    return f"chart-{variant}.{'jpg' if variant % 2 else 'png'}"


def bar_chart(variant: int, width: int = IMAGE_SIZE[0], height: int = IMAGE_SIZE[1]) -> bytes:
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(f"image:{variant}")
    bars = [rng.randint(height // 5, height - 8) for _ in range(8)]
    colour = (40 + 25 * variant % 200, 90 + 17 * variant % 160, 200 - 20 * variant % 180)
    image = Image.new("RGB", (width, height), (244, 244, 244))
    draw = ImageDraw.Draw(image)
    bar_width = width // len(bars)
    for index, bar in enumerate(bars):
        draw.rectangle((index * bar_width + 6, height - bar, (index + 1) * bar_width - 6, height - 1), fill=colour)
    out = io.BytesIO()
    if variant % 2:
        image.save(out, "JPEG", quality=85)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def write_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for variant in range(IMAGE_COUNT):
        (folder / image_name(variant)).write_bytes(bar_chart(variant))


# ---------------------------------------------------------------------------------------------
# Layouts: each knows where a post goes and how to write its metadata and references.

AUTHOR_NAMES = {author_id: name for author_id, name, _ in AUTHORS}


def _fill_marks(body: str, image_prefix: str, post_link) -> str:
    body = body.replace(IMAGE_MARK, image_prefix)
    return re.sub(POST_LINK_MARK + r"([a-z0-9-]+)", lambda m: post_link(m.group(1)), body)


def salesblog_post(meta: PostMeta, body: str) -> str:
    # json.dumps gives double-quoted YAML scalars and flow lists.
    # The post's chart is its hero (and its og:image) too.
    front = (f"---\ntitle: {json.dumps(meta.title)}\ndate: {meta.date.isoformat()}\n"
             f"authors: {json.dumps(list(meta.authors))}\ntags: {json.dumps(list(meta.tags))}\n"
             f"image: ../images/{meta.image}\nimage_alt: A bar chart\n---\n\n")
    return front + _fill_marks(body, "../images/", lambda slug: f"{slug}.md")


def pelican_post(meta: PostMeta, body: str) -> str:
    names = ", ".join(AUTHOR_NAMES[a] for a in meta.authors)
    front = (f"Title: {meta.title}\nDate: {meta.date.isoformat()}\nAuthors: {names}\n"
             f"Tags: {', '.join(meta.tags)}\nSlug: {meta.slug}\n\n")
    return front + _fill_marks(body, "{static}/images/", lambda slug: f"{{filename}}/{slug}.md")


def hugo_post(meta: PostMeta, body: str) -> str:
    front = (f"---\ntitle: {json.dumps(meta.title)}\ndate: {meta.date.isoformat()}\n"
             f"slug: {meta.slug}\nauthors: {json.dumps(list(meta.authors))}\n"
             f"tags: {json.dumps(list(meta.tags))}\n---\n\n")
    return front + _fill_marks(body, "/images/",
                               lambda slug: f'{{{{< relref "/posts/{slug}.md" >}}}}')


@dataclass(frozen=True)
class Layout:
    name: str
    posts_subdir: str  # relative to the layout's project root
    render: object  # (PostMeta, body) -> file text


LAYOUTS = {
    "salesblog": Layout("salesblog", "content/posts", salesblog_post),
    "pelican": Layout("pelican", "content", pelican_post),
    "hugo": Layout("hugo", "content/posts", hugo_post),
}


def post_path(root: Path, layout_name: str, slug: str) -> Path:
    return root / LAYOUTS[layout_name].posts_subdir / f"{slug}.md"


# ---------------------------------------------------------------------------------------------
# Writing the corpus


@dataclass(frozen=True)
class _Job:
    seed: int
    indices: range
    roots: dict  # layout name -> project root (str)


def _write_chunk(job: _Job) -> int:
    for index in job.indices:
        meta = post_meta(job.seed, index)
        body = post_body(job.seed, meta, AUTHOR_NAMES[meta.authors[0]])
        for name, root in job.roots.items():
            post_path(Path(root), name, meta.slug).write_text(LAYOUTS[name].render(meta, body),
                                                              encoding="utf-8")
    return len(job.indices)


def write_posts(roots: dict[str, Path], posts: int, seed: int, jobs: int) -> None:
    """Write `posts` posts into each layout's project; `jobs` processes share the work."""
    for name, root in roots.items():
        (root / LAYOUTS[name].posts_subdir).mkdir(parents=True, exist_ok=True)
    chunk = 250
    work = [_Job(seed, range(start, min(start + chunk, posts)), {k: str(v) for k, v in roots.items()})
            for start in range(0, posts, chunk)]
    if jobs <= 1 or len(work) <= 1:
        for job in work:
            _write_chunk(job)
        return
    with multiprocessing.Pool(processes=jobs) as pool:
        for _ in pool.imap_unordered(_write_chunk, work):
            pass


def edited_sentence(run: int) -> str:
    """The sentence the 'one post edited' rebuild appends; unique per run so it can be looked for."""
    return f"Benchmark edit number {run} adds this closing sentence about weekly pipeline reviews."


def write_project_files(roots: dict[str, Path], repo: Path) -> None:
    """Everything but the posts: settings, authors, images, themes."""
    writers = {"salesblog": _salesblog_files, "pelican": _pelican_files, "hugo": _hugo_files}
    for name, root in roots.items():
        root.mkdir(parents=True, exist_ok=True)
        writers[name](root, repo)


def _salesblog_files(root: Path, repo: Path) -> None:
    (root / "site_config.yml").write_text(
        f"title: {SITE_TITLE}\nurl: {SITE_URL}\n"
        "description: Generated posts for the salesblog build benchmark.\n"
        f"language: en\ntimezone: {TIMEZONE}\npermalink: blog/{{slug}}/\n"
        f"posts_per_page: {POSTS_PER_PAGE}\nrecent_posts: {RECENT_POSTS}\nfeed_items: {FEED_ITEMS}\n"
        "call_to_action:\n"
        '  - title: "Landing Pages: The Do\'s and Dont\'s"\n'
        "    text: Improve your forms, page structure and overall leads.\n"
        "    button: Get Your Copy\n"
        f"    url: {SITE_URL}landing-pages/\n",
        encoding="utf-8")
    lines = ["# Generated by scripts/bench_corpus.py"]
    for author_id, name, title in AUTHORS:
        lines += [f"{author_id}:", f"  name: {json.dumps(name)}", f"  title: {title}",
                  f"  bio: {name} writes about {title.lower()} work and coaching sales teams."]
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "authors.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_images(root / "content" / "images")
    if (repo / "theme").is_dir():
        shutil.copytree(repo / "theme", root / "theme", dirs_exist_ok=True)


PELICAN_CONF = '''# Generated by scripts/bench_corpus.py: settings chosen to make Pelican build what salesblog builds.
AUTHOR = "Bench"
SITENAME = "{title}"
SITEURL = "{url}"
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL  # feeds keep absolute links, like salesblog's
PATH = "content"
STATIC_PATHS = ["images"]
TIMEZONE = "{timezone}"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %d, %Y"

ARTICLE_URL = "blog/{{slug}}/"
ARTICLE_SAVE_AS = "blog/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{{slug}}/"
AUTHOR_SAVE_AS = "authors/{{slug}}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
# salesblog has no categories, but the stock theme needs one per article (it fails without):
# every post lands in the one default category, whose page is paginated like the home.
DEFAULT_CATEGORY = "blog"
PAGE_PATHS = ["pages"]

# Feeds like salesblog's: site RSS and Atom with full content, one RSS per tag.
FEED_ALL_RSS = "feed.xml"
FEED_ALL_ATOM = "atom.xml"
TAG_FEED_RSS = "tags/{{slug}}/feed.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = {feed_items}
RSS_FEED_SUMMARY_ONLY = False

DEFAULT_PAGINATION = {per_page}
# Stock pagination: the home, tag, author and category pages (the stock theme's tag and author
# templates need it); salesblog paginates only its home.

# Content cache on, as salesblog keeps one; the benchmark deletes it for cold builds.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
DELETE_OUTPUT_DIRECTORY = False
'''


def _pelican_files(root: Path, repo: Path) -> None:
    (root / "pelicanconf.py").write_text(PELICAN_CONF.format(
        title=SITE_TITLE, url=SITE_URL.rstrip("/"), timezone=TIMEZONE, feed_items=FEED_ITEMS,
        per_page=POSTS_PER_PAGE), encoding="utf-8")
    write_images(root / "content" / "images")


HUGO_CONFIG = '''# Generated by scripts/bench_corpus.py
baseURL = "{url}"
title = "{title}"
languageCode = "en"
timeZone = "{timezone}"
paginate = {per_page}
disableKinds = ["section"]

[taxonomies]
tag = "tags"
author = "authors"

[permalinks]
posts = "/blog/:slug/"

[services.rss]
limit = {feed_items}
'''

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<a href="/tags/">Tags</a> <a href="/contribute/">Contribute</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<aside><h2>Recent posts</h2>{{ range first """ + str(RECENT_POSTS) + """ site.RegularPages }}
<article><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary | plainify | truncate 160 }}</p>
<a href="{{ .RelPermalink }}">Read more</a></article>{{ end }}</aside></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "January 2, 2006" }}</time>
{{ range .GetTerms "authors" }}<div class="author"><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></div>{{ end }}
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .RegularPages }}{{ if .IsHome }}{{ $pages = (.Paginate site.RegularPages).Pages }}{{ end }}
{{ range $pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
}


def _hugo_files(root: Path, repo: Path) -> None:
    (root / "hugo.toml").write_text(HUGO_CONFIG.format(
        url=SITE_URL, title=SITE_TITLE, timezone=TIMEZONE, per_page=POSTS_PER_PAGE,
        feed_items=FEED_ITEMS), encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    write_images(root / "static" / "images")


def generate(roots: dict[str, Path], posts: int, seed: int, jobs: int, repo: Path) -> None:
    """A fresh corpus in each project root (each is emptied first)."""
    for root in roots.values():
        if root.exists():
            shutil.rmtree(root)
    write_project_files(roots, repo)
    write_posts(roots, posts, seed, jobs)
