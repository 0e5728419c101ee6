"""Shared by the trust-boundary tests: hostile text brought in by the real paths (import, HTTP
contribute + `inbox accept`), and a scan of every built file for anything that could run."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import lxml.etree
import lxml.html
from click.testing import CliRunner

from salesblog.cli import group
from salesblog.project import Project
from tests.test_contribute_support import good, serving, settings, stored

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"

_UNSAFE_SCHEME = re.compile(r"^(?:javascript|data|vbscript):")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "srcset",
                   "xlink:href", "{http://www.w3.org/1999/xlink}href", "cite", "longdesc"}


def cli(root: Path, *args: str):
    result = CliRunner().invoke(group, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def import_sources(root: Path, *sources: Path) -> None:
    cli(root, "import", "--offline", *map(str, sources))
    publish_all(root)


def publish_all(root: Path) -> None:
    """The editor's last step: every post in content/posts/ published."""
    for path in (root / "content" / "posts").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^draft: true\n", "", text), encoding="utf-8")


def contribute_and_accept(project: Project, drafts: list[dict[str, str]]) -> list[Path]:
    """Each draft POSTed to the real app over loopback, then accepted with `inbox accept`; the
    posts they became, published."""
    config = settings(project)
    with serving(project, config) as server:
        for number, fields in enumerate(drafts):
            fields = good(**{"name": f"Guest {number}", "email": f"guest{number}@example.com", **fields})
            status, _, answer = server.post(fields)
            assert status == 303, answer
    paths = []
    for draft in stored(project, config):
        cli(project.root, "inbox", "accept", str(draft.id))
    for draft in stored(project, config):
        paths.append(project.root / draft.post_path)
    publish_all(project.root)
    return paths


# --- the scan ---------------------------------------------------------------------------------------

def _compact(value: str) -> str:
    return re.sub(r"[\s\x00-\x20]", "", html.unescape(value)).lower()


def _is_theme_share_link(element) -> bool:
    # Material's search "share" icon is the only link of the theme with a javascript: address.
    return element.get("href") == "javascript:void(0)" and "md-search__icon" in (element.get("class") or "")


def unsafe_in_tree(root, where: str) -> list[str]:
    """Script not from the theme, event handlers, javascript:/data:/vbscript: URLs, and theme
    ids taken twice, in one parsed HTML tree."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            found += _foreign_script(element, where)
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}>")
            if (name in _URL_ATTRIBUTES or name == "style") and not _is_theme_share_link(element):
                compact = _compact(value)
                if _UNSAFE_SCHEME.match(compact) or "url(javascript" in compact or "url(data" in compact:
                    found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
    for element_id in ("__config", "__drawer", "__search", "__toc", "__consent", "__palette_0", "__analytics"):
        if len(root.xpath("//*[@id=$i]", i=element_id)) > 1:
            found.append(f"{where}: id {element_id} taken twice")
    return found


def _foreign_script(element, where: str) -> list[str]:
    kind = (element.get("type") or "").lower()
    text = element.text or ""
    if element.get("src"):
        ok = "/assets/javascripts/" in f"/{element.get('src')}" and not text.strip()
    elif kind == "application/json":
        ok = element.get("id") == "__config" and isinstance(json.loads(text), dict)
    elif kind == "application/ld+json":
        ok = isinstance(json.loads(text), dict)
    else:  # the theme's inline scripts: none of them calls alert or names our markers
        ok = "alert(" not in text and "XSS" not in text and "msgbox" not in text
    return [] if ok else [f"{where}: <script {dict(element.attrib)}> {text[:80]!r}"]


def _fragment(text: str, where: str) -> list[str]:
    if not text or not text.strip():
        return []
    return unsafe_in_tree(lxml.html.fragment_fromstring(text, create_parent="div"), where)


def scan_site(site: Path) -> tuple[list[str], int]:
    """(everything unsafe found, number of files scanned) over every .html, .xml and .json file."""
    found, scanned = [], 0
    for path in sorted(site.rglob("*")):
        where = str(path.relative_to(site))
        if path.suffix == ".html":
            root = lxml.html.document_fromstring(path.read_bytes())
            found += unsafe_in_tree(root, where)
            themed = root.xpath("//script[contains(@src, 'assets/javascripts/')]")
            if themed and len(root.xpath("//script[@id='__config']")) != 1:
                found.append(f"{where}: not exactly one __config script")
        elif path.suffix == ".xml":
            found += _scan_xml(path, where)
        elif path.suffix == ".json":
            found += _scan_json(json.loads(path.read_text(encoding="utf-8")), where)
        else:
            continue
        scanned += 1
    return found, scanned


_RSS_HTML = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


def _carries_html(element) -> bool:
    """RSS readers read <description> and <content:encoded> as HTML; Atom says so with type."""
    if element.tag.startswith("{http://www.w3.org/2005/Atom}"):
        return element.get("type") in ("html", "xhtml")
    return element.tag in _RSS_HTML


def _scan_xml(path: Path, where: str) -> list[str]:
    found = []
    root = lxml.etree.parse(str(path), lxml.etree.XMLParser(resolve_entities=False)).getroot()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if _UNSAFE_SCHEME.match(_compact(value)):
                found.append(f"{where}: <{element.tag} {name}={value[:60]!r}>")
        text = element.text or ""
        if _carries_html(element):
            found += _fragment(text, f"{where} {element.tag}")
        elif _UNSAFE_SCHEME.match(_compact(text)):
            found.append(f"{where}: <{element.tag}> {text[:60]!r}")
    return found


# JSON Feed 1.1 declares these plain text (readers show them as text); content_html is HTML.
_JSON_FEED_TEXT = {"title", "summary", "name", "tags", "description"}


def _scan_json(value, where: str) -> list[str]:
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in _scan_json(item, f"{where}.{key}")]
    if isinstance(value, list):
        return [f for item in value for f in _scan_json(item, where)]
    plain = where.rsplit("/", 1)[-1].startswith("feed.json") and where.rsplit(".", 1)[-1] in _JSON_FEED_TEXT
    if isinstance(value, str) and "<" in value and not plain:
        return _fragment(value, where)
    if isinstance(value, str) and _UNSAFE_SCHEME.match(_compact(value)):
        return [f"{where}: {value[:60]!r}"]
    return []
