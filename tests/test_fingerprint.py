"""One fingerprint keys every cache: it changes with salesblog's files and with the installed
distributions, a rebuild after it changed makes everything again, and no hand-bumped version
constant keys a cache any more."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from salesblog.fingerprint import PACKAGE, cache_key, code_fingerprint
from salesblog.pipeline import build_site
from salesblog.project import Project
from tests.test_images import pictured_blog


@pytest.fixture(autouse=True)
def fresh_fingerprint():
    """Each test computes the fingerprint anew, and leaves none of its own behind (autouse:
    set up before monkeypatch and torn down after it has restored sys.path)."""
    code_fingerprint.cache_clear()
    yield
    code_fingerprint.cache_clear()


def installed(monkeypatch, folder: Path, *names: str) -> None:
    """Distributions `names` ("Fake-1.0") installed in `folder`, which goes first on sys.path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(folder))
    code_fingerprint.cache_clear()


def package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "salesblog"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_fingerprint_follows_the_package_files_not_where_they_are(tmp_path):
    copy = package_copy(tmp_path)
    assert code_fingerprint(copy) == code_fingerprint()  # paths inside the package, not absolute

    renderer = copy / "render" / "markdown.py"
    renderer.write_text(renderer.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    code_fingerprint.cache_clear()
    edited = code_fingerprint(copy)
    assert edited != code_fingerprint()

    (copy / "templates" / "partials" / "new.html").write_text("<p>new</p>", encoding="utf-8")
    code_fingerprint.cache_clear()
    added = code_fingerprint(copy)
    assert added not in (edited, code_fingerprint())

    # Compiled bytecode and editor swap files are no part of the code.
    (copy / "render" / "__pycache__").mkdir()
    (copy / "render" / "__pycache__" / "markdown.cpython-311.pyc").write_bytes(b"\0" * 16)
    (copy / "render" / ".markdown.py.swp").write_bytes(b"swap")
    code_fingerprint.cache_clear()
    assert code_fingerprint(copy) == added


def test_fingerprint_and_keys_follow_installed_versions(tmp_path, monkeypatch):
    before = code_fingerprint()
    key = cache_key("post", "digest of a post")
    installed(monkeypatch, tmp_path / "one", "Fake-1.0")
    with_fake = code_fingerprint()
    assert with_fake != before
    assert cache_key("post", "digest of a post") != key

    (tmp_path / "one" / "Fake-1.0.dist-info").rename(tmp_path / "one" / "Fake-1.1.dist-info")
    code_fingerprint.cache_clear()
    assert code_fingerprint() not in (before, with_fake)


def test_keys_differ_by_kind_and_by_how_parts_split():
    assert cache_key("post", "a") != cache_key("feed", "a")
    assert cache_key("post", "ab", "c") != cache_key("post", "a", "bc")
    assert cache_key("post", "a\0", "b") != cache_key("post", "a", "\0b")
    assert cache_key("post", "a") == cache_key("post", b"a")


def cache_files(blog, folder: str, pattern: str) -> set[str]:
    return {p.name for p in (blog.root / ".salesblog-cache" / folder).glob(pattern)}


def test_rebuild_after_the_code_changed_makes_everything_again(tmp_path, monkeypatch):
    blog = pictured_blog(tmp_path / "blog")
    project, site = Project(blog.root), blog.root / "site"
    cold = build_site(project, site, jobs=1)
    assert cold.laid_out == cold.pages and cold.images_encoded > 0
    rendered = cache_files(blog, "render", "*/*.json")
    feeds = cache_files(blog, "outputs", "*.bin")
    templates = cache_files(blog, "templates", "*")
    assert len(rendered) == cold.posts and feeds and len(templates) == 1

    warm = build_site(project, site, jobs=1)
    assert (warm.laid_out, warm.images_encoded) == (0, 0)
    assert cache_files(blog, "render", "*/*.json") == rendered

    installed(monkeypatch, tmp_path / "upgraded", "Fake-1.0")  # as if a library was upgraded
    again = build_site(project, site, jobs=1)
    assert again.laid_out == again.pages  # every page laid out again, none reused
    assert again.images_encoded == cold.images_encoded  # every rendition and card made again
    # Every post rendered again under a new key; the old entries were pruned.
    now_rendered = cache_files(blog, "render", "*/*.json")
    assert len(now_rendered) == again.posts and not now_rendered & rendered
    now_feeds = cache_files(blog, "outputs", "*.bin")
    assert now_feeds and not now_feeds & feeds
    now_templates = cache_files(blog, "templates", "*")
    assert len(now_templates) == 1 and now_templates != templates  # the old folder removed

    settled = build_site(project, site, jobs=1)
    assert (settled.laid_out, settled.images_encoded) == (0, 0)


# Version numbers a build checks, but that key no cache: the inbox's schema counts migrations.
NOT_CACHE_KEYS = {"SCHEMA_VERSION"}
HAND_BUMPED = re.compile(r"^\s*(?:self\.)?([A-Za-z_]*VERSION[A-Za-z_]*)\s*(?::[^=]+)?=\s*[\"'\d]", re.M)


def test_no_hand_bumped_version_constant_keys_a_cache():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in HAND_BUMPED.finditer(text):
            if match.group(1) not in NOT_CACHE_KEYS:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {match.group(1)}")
    assert found == [], "cache keys come from fingerprint.cache_key, which includes the code"


def test_the_grep_would_catch_the_old_constants():
    samples = ['RENDERER_VERSION = "6"', "class _Facts:\n    VERSION = 1", 'CARD_VERSION: str = "1"']
    assert all(HAND_BUMPED.search(sample) for sample in samples)
    assert not HAND_BUMPED.search('MKDOCS_VERSION = version("mkdocs")')


def test_fingerprint_is_cheap():
    """It runs at the start of every build and preview."""
    started = time.perf_counter()
    code_fingerprint()
    assert time.perf_counter() - started < 1.0  # ~20 ms; generous for a loaded machine
