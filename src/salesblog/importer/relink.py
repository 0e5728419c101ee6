"""After an import: links between imported posts point at the new posts' files (relative `.md`
links that `check` verifies), links to the old blog's tag and author pages at the new ones, and
the "read more" break is restored. Runs on the written Markdown, because only then is every
post's file known (a post may link to one imported after it)."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from salesblog.importer.more import restore_more
from salesblog.importer.state import ImportState, read_text
from salesblog.project import Project

_TRACKING = re.compile(r"^(?:utm_\w+|m|amp|fbclid|gclid|mc_[ce]id|_hs\w+|hs\w*|__hs\w+|ref|source|igshid|mkt_tok)$", re.I)
_INDEX = re.compile(r"/(?:index\.(?:html?|php))?$", re.I)
# A Markdown link or image target: "](target" up to the closing ")" or a title
_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]{1,4000})(>?(?:\s+\"[^\"\n]{0,500}\")?\s*\))")


def url_key(url: str) -> str | None:
    """What two spellings of one old address share: host without www, path without a trailing
    slash or index file, query without tracking parameters, no scheme and no fragment."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if parts.port:
        host += f":{parts.port}"
    path = _INDEX.sub("", parts.path) or ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return f"{host}{path.lower()}" + (f"?{query}" if query else "")


@dataclass
class LinkMap:
    """Old address key -> the new post's file (relative to the project) or a site path."""

    posts: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # old tag/author/listing page -> "/tags/x/"

    @classmethod
    def from_state(cls, state: ImportState) -> "LinkMap":
        found = cls()
        for identity, entry in state.entries.items():
            key = url_key(identity) if isinstance(entry, dict) and entry.get("path") else None
            if key:
                found.posts[key] = entry["path"]
        return found

    def add_page(self, old_url: str, new_path: str) -> None:
        key = url_key(old_url)
        if key and key not in self.posts:
            self.pages[key] = new_path


def relink_markdown(markdown: str, own_path: str, links: LinkMap, base_path: str = "/") -> str:
    """`markdown` of the post at `own_path` (relative to the project) with old links replaced."""
    own_dir = os.path.dirname(own_path)

    def replace(match: re.Match) -> str:
        target = match.group(2)
        url, _, fragment = target.partition("#")
        key = url_key(url)
        if key is None:
            return match.group(0)
        if key in links.posts:
            new = os.path.relpath(links.posts[key], own_dir).replace(os.sep, "/")
        elif key in links.pages:
            new = base_path.rstrip("/") + links.pages[key]
        else:
            return match.group(0)
        return match.group(1) + new + (f"#{fragment}" if fragment else "") + match.group(3)

    return _TARGET.sub(replace, markdown)


def finish_markdown(text: str, own_path: str, links: LinkMap, base_path: str = "/") -> str:
    head, separator, body = text.partition("\n---\n")
    if not separator:
        return text
    return head + separator + relink_markdown(restore_more(body), own_path, links, base_path)


def finish_posts(project: Project, state: ImportState, paths: list[str], links: LinkMap,
                 base_path: str = "/") -> list[str]:
    """Relink each written post in `paths`; the state learns the new text (it is still the
    import's, not an edit). Returns the paths that changed."""
    identities: dict[str, list[str]] = {}
    for identity, entry in state.entries.items():
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            identities.setdefault(entry["path"], []).append(identity)
    finished_texts: dict[Path, str] = {}
    for relative in dict.fromkeys(paths):
        path = project.root / relative
        text = read_text(path)
        if text is None:
            continue
        finished = finish_markdown(text, relative, links, base_path)
        if finished != text:
            finished_texts[path] = finished
            for identity in identities.get(relative, []):
                state.record(identity, relative, finished)
    replace_all(finished_texts)
    return [project.relative(p) for p in finished_texts]


def replace_all(texts: dict[Path, str]) -> None:
    """Each file replaced through a temporary file and a rename, with one sync for them all
    (a sync per file costs more than the relinking itself on a blog of hundreds of posts)."""
    temporary = {}
    try:
        for path, text in texts.items():
            handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent,
                                                 prefix=f".{path.name}.", suffix=".tmp", delete=False)
            with handle:
                handle.write(text)
            temporary[path] = Path(handle.name)
        os.sync()  # every new text on disk before any rename
        for path, tmp in list(temporary.items()):
            os.replace(tmp, path)
            del temporary[path]
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)


def post_file_exists(project: Project, relative: str) -> bool:
    return (project.root / Path(relative)).is_file()
