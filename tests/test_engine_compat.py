"""One test per MkDocs/Material assumption engine/ makes (engine/compat.py checks them at import;
these prove the checks and the assumptions against the installed versions, with real builds)."""

from __future__ import annotations

import json
import re
import socket
from importlib.metadata import version
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from salesblog.engine import compat
from salesblog.engine.outputs import ENGINE_FOLDERS, MKDOCS_FILES, SEARCH_INDEX
from salesblog.engine.template_context import CONFIG_KEYS, PAGE_KEYS, bare_context
from salesblog.site.routes import ENGINE_FILES, ROOT_FILES
from tests.projects import BlogProject

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = BlogProject.sample(tmp_path_factory.mktemp("compat") / "blog")
    result = project.run("build")
    assert result.exit_code == 0, result.output
    return project.root / "site"


def test_installed_engine_passes_every_check():
    compat.check_engine()  # raises EngineCompatibilityError on the first broken assumption
    compat.check_live_reload()  # preview's, checked when engine/preview.py is imported


def test_a_changed_signature_names_the_versions():
    def _build_page(page, config, files, nav, env):  # the parameter MkDocs could rename
        pass

    with pytest.raises(compat.EngineCompatibilityError) as caught:
        compat.require_parameters(_build_page, ["page", "config", "doc_files", "nav", "env"], "_build_page")
    message = str(caught.value)
    assert f"MkDocs {version('mkdocs')}" in message and f"Material {version('mkdocs-material')}" in message
    assert "doc_files" in message


def test_a_missing_method_is_reported():
    class Bare:
        pass

    with pytest.raises(compat.EngineCompatibilityError, match="has no is_modified"):
        compat.require_attributes(Bare, ["is_modified"], "File")


def test_installed_versions_are_the_pinned_and_constrained_ones():
    dependencies = re.findall(r'^\s*"([^"]+)",', (ROOT / "pyproject.toml").read_text(), re.M)
    assert "mkdocs>=1.6,<1.7" in dependencies
    material_pin = next(d for d in dependencies if d.startswith("mkdocs-material"))
    low, high = re.fullmatch(r"mkdocs-material>=([\d.]+),<([\d.]+)", material_pin).groups()
    installed = tuple(int(n) for n in version("mkdocs-material").split(".")[:2])
    assert tuple(int(n) for n in low.split(".")) <= installed < tuple(int(n) for n in high.split("."))
    constraints = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split("\n")
                       if "==" in line and not line.startswith("#"))
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions"):
        assert constraints[package] == version(package), package


def test_dirty_build_lays_out_only_pages_whose_is_modified_says_so(tmp_path):
    # plugin.py's page skipping rests on _build_page asking page.file.is_modified() in dirty mode.
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert not config.validate()[0]
    file = File("a/index.md", config.docs_dir, config.site_dir, True)
    file.is_modified = lambda: False  # what plugin._LaidOutHere answers for a reused page
    page = Page("A", file, config)
    compat.build_page(page, config, [file], None, None, dirty=True)  # no env: must return first
    assert not (tmp_path / "site" / "a" / "index.html").exists()


def test_search_index_has_materials_shape(built):
    index = json.loads((built / SEARCH_INDEX).read_text(encoding="utf-8"))
    assert set(index) == {"config", "docs"}
    assert {"lang", "separator", "pipeline", "fields"} <= set(index["config"])
    assert index["config"]["lang"] == ["en"]
    assert {doc["location"] for doc in index["docs"]} >= {"blog/first-post/", "blog/second-post/"}


def test_engine_writes_only_the_reserved_files_and_folders(built):
    for name in MKDOCS_FILES:
        assert (built / name).is_file(), name
    for folder in ENGINE_FOLDERS:
        assert (built / folder).is_dir(), folder
    assert MKDOCS_FILES <= ENGINE_FILES
    # Everything at the root is a page folder of ours, a reserved file or an engine folder.
    ours = {"archive", "audience", "authors", "blog", "contribute", "page", "tags", "index.html",
            "atom.xml", "feed.xml", "feed.json", "about", "privacy", ".salesblog-site"}
    reserved = ENGINE_FILES | ROOT_FILES | {folder.rstrip("/") for folder in ENGINE_FOLDERS}
    assert {path.name for path in built.iterdir()} - ours <= reserved


def test_the_bare_page_context_has_what_mkdocs_gives_templates(tmp_path):
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path), "theme": {"name": "material"}})
    assert not config.validate()[0]
    page = Page("Write for us", File("contribute/index.md", str(tmp_path), str(tmp_path / "site"), True), config)
    context = bare_context("Write for us", object(), "x", "en")
    for key in PAGE_KEYS:
        assert hasattr(page, key) and key in context["page"]
    for key in CONFIG_KEYS:
        assert key in config and key in context["config"]
    assert config.theme["language"] == "en" == context["config"]["theme"]["language"]


def test_live_reload_server_takes_our_arguments(tmp_path):
    from salesblog.engine.preview import request_rebuild
    from mkdocs.livereload import LiveReloadServer
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=port, root=str(tmp_path),
                              mount_path="/news/")
    try:
        server.watch(str(tmp_path))
        assert server.mount_path == "/news/"
        assert isinstance(server.build_delay, float)  # preview.py shortens it
        request_rebuild(server)  # preview.py's file events wake the build loop this way
        assert server._want_rebuild is True
    finally:
        server.server_close()


def test_on_config_runs_once_per_build(blog, tmp_path):
    from salesblog.pipeline import Builder
    from salesblog.project import find_project

    blog.write("theme/assets/stylesheets/extra.css", "p { color: #111; }\n")
    builder = Builder(find_project(blog.root), tmp_path / "out", staged=False, jobs=1)
    builder.build()
    layout = builder.layout_session.layout  # the real config and plugin of that MkDocs build
    assert layout.plugin.configured
    theme = str(blog.root / "theme")
    assert layout.config.theme.dirs.count(theme) == 1  # a second run would have added it again
    with pytest.raises(RuntimeError, match="ran twice"):
        layout.plugin.on_config(layout.config)


def test_a_dirty_build_asks_each_page_is_modified_once_in_order_after_on_env(tmp_path):
    # plugin.py's PageTurns hands a page to whichever layout process asks first; in this process
    # the asking is MkDocs' page loop: once per page, in the order of the files, after on_env.
    from mkdocs.commands.build import build
    from mkdocs.plugins import BasePlugin

    asked: list[str] = []

    class Recorder(BasePlugin):
        def on_files(self, files, config):
            for name in ("c", "a", "b"):
                file = File.generated(config, f"{name}/index.md", content=f"# {name}")
                file.is_modified = lambda name=name: asked.append(name) or True
                files.append(file)
            return files

        def on_env(self, env, config, files):
            asked.append("on_env")
            return env

    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert not config.validate()[0]
    config.plugins["recorder"] = Recorder()
    build(config, dirty=True)
    assert asked[asked.index("on_env") + 1:] == ["c", "a", "b"]
    assert all((tmp_path / "site" / name / "index.html").exists() for name in "abc")


def test_a_page_neither_layout_process_wrote_fails_the_build(tmp_path):
    from types import SimpleNamespace

    from salesblog.engine.plugin import PageWorkerError, SalesblogPlugin

    def page(name: str, shared: bool) -> SimpleNamespace:
        turns = object() if shared else None
        return SimpleNamespace(file=SimpleNamespace(is_modified=SimpleNamespace(turns=turns), dest_uri=f"{name}/index.html",
                                                    abs_dest_path=str(tmp_path / name / "index.html")))

    plugin = SalesblogPlugin.__new__(SalesblogPlugin)
    (tmp_path / "written").mkdir()
    (tmp_path / "written" / "index.html").write_text("page")
    plugin.pages = [page("written", True), page("reused", False)]
    plugin.check_every_turn_taken()  # a page not shared (reused, linked) is not looked for
    plugin.pages.append(page("lost", True))
    with pytest.raises(PageWorkerError, match=r"neither layout process: 1 \(first: lost/index.html\)"):
        plugin.check_every_turn_taken()
