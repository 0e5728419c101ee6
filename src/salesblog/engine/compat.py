"""Every MkDocs and Material interface salesblog relies on beyond their documented use, checked
once at import: an upgrade that changes one fails here, naming the versions, instead of laying
out a subtly broken site.

The rest of engine/ imports these names from here, never the private ones from MkDocs itself.
"""

from __future__ import annotations

import functools
import inspect
import os
from importlib.metadata import version

import mkdocs.commands.build as _mkdocs_build_module
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from salesblog.errors import SalesblogError

MKDOCS_VERSION = version("mkdocs")
MATERIAL_VERSION = version("mkdocs-material")
# The minor versions the test suite ran against (pyproject.toml pins the same, constraints.txt
# the exact releases).
TESTED = "MkDocs 1.6 with Material for MkDocs 9.7-9.8"


class EngineCompatibilityError(SalesblogError):
    """The installed MkDocs or Material no longer has an interface salesblog relies on."""


def _incompatible(what: str) -> EngineCompatibilityError:
    return EngineCompatibilityError(
        f"MkDocs {MKDOCS_VERSION} / Material {MATERIAL_VERSION}: {what}; salesblog was tested "
        f"with {TESTED} (install them with: pip install -c constraints.txt .)")


def require_parameters(function, names: list[str], where: str) -> None:
    """`function` takes `names` as its leading parameters, in this order."""
    try:
        parameters = list(inspect.signature(function).parameters)
    except (TypeError, ValueError) as error:
        raise _incompatible(f"{where} has no readable signature ({error})") from error
    if parameters[:len(names)] != names:
        raise _incompatible(f"{where} now takes ({', '.join(parameters)}), not ({', '.join(names)}, ...)")


def require_keywords(function, names: list[str], where: str) -> None:
    """`function` accepts each of `names` as a keyword."""
    parameters = inspect.signature(function).parameters
    missing = [name for name in names if name not in parameters]
    if missing:
        raise _incompatible(f"{where} no longer accepts {', '.join(missing)}")


def require_attributes(owner, names: list[str], where: str) -> None:
    missing = [name for name in names if not callable(getattr(owner, name, None))]
    if missing:
        raise _incompatible(f"{where} has no {', '.join(missing)}")


def check_engine() -> None:
    """Each assumption, with the module of ours that makes it."""
    # plugin.py lays pages out in a forked worker by calling MkDocs' private page builder.
    build_page = getattr(_mkdocs_build_module, "_build_page", None)
    if build_page is None:
        raise _incompatible("mkdocs.commands.build._build_page is gone")
    require_parameters(build_page, ["page", "config", "doc_files", "nav", "env", "dirty"],
                       "mkdocs.commands.build._build_page")
    # session.py lays the 404 page and the sitemap out again after a preview's edit.
    build_template = getattr(_mkdocs_build_module, "_build_theme_template", None)
    if build_template is None:
        raise _incompatible("mkdocs.commands.build._build_theme_template is gone")
    require_parameters(build_template, ["template_name", "env", "files", "config", "nav"],
                       "mkdocs.commands.build._build_theme_template")
    require_keywords(_mkdocs_build_module.build, ["config", "dirty"], "mkdocs.commands.build.build")
    # plugin.py replaces File.is_modified per page: dirty builds then lay out only what it says.
    require_attributes(File, ["is_modified", "generated"], "mkdocs.structure.files.File")
    # plugin.py planned_file: every planned file is published, whatever MkDocs excludes by default.
    require_keywords(File.generated, ["config", "src_uri", "content", "abs_src_path", "inclusion"],
                     "File.generated")
    # build_page_atomically points a page's destination elsewhere for one write.
    if not isinstance(File.__dict__.get("abs_dest_path"), functools.cached_property):
        raise _incompatible("File.abs_dest_path is no longer a cached property")
    # plugin.py's PlannedPage overrides these three: content arrives already rendered.
    require_parameters(Page.__init__, ["self", "title", "file", "config"], "Page.__init__")
    require_parameters(Page.read_source, ["self", "config"], "Page.read_source")
    require_parameters(Page.render, ["self", "config", "files"], "Page.render")
    # plugin.py keeps the "config" of the index Material's search plugin writes.
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError as error:
        raise _incompatible("material.plugins.search.plugin.SearchPlugin is gone") from error
    require_attributes(SearchPlugin, ["on_post_build"], "Material's SearchPlugin")
    if not MATERIAL_VERSION.startswith("9."):
        raise _incompatible("not Material 9, whose templates our overrides copy")
    if not MKDOCS_VERSION.startswith("1.6"):
        raise _incompatible("not MkDocs 1.6")


def check_live_reload() -> None:
    """The assumptions of preview.py, checked when it is imported (a build never loads MkDocs'
    server: 30 ms of every build's start-up)."""
    from mkdocs.livereload import LiveReloadServer

    # preview.py runs MkDocs' live-reload server with its own builder.
    require_keywords(LiveReloadServer.__init__, ["builder", "host", "port", "root", "mount_path"],
                     "mkdocs.livereload.LiveReloadServer")
    require_attributes(LiveReloadServer, ["watch", "serve", "shutdown"], "LiveReloadServer")
    # preview.py wakes the server's build loop itself and shortens its wait for more changes.
    source = inspect.getsource(LiveReloadServer)
    for attribute in ("self.build_delay", "self._rebuild_cond", "self._want_rebuild",
                      "self._watched_paths"):
        if attribute not in source:
            raise _incompatible(f"LiveReloadServer no longer has {attribute}, which preview.py uses")


check_engine()

build_page = _mkdocs_build_module._build_page
build_theme_template = _mkdocs_build_module._build_theme_template


def build_page_atomically(page, config, doc_files, nav, env) -> None:
    """MkDocs' page builder, writing beside the page and renaming it into place: a preview
    server reading the page meanwhile gets the old page or the new one, never half of one."""
    final = page.file.abs_dest_path
    temporary = f"{final}.{os.getpid()}.tmp"
    page.file.abs_dest_path = temporary  # the cached property's value, for this one write
    try:
        build_page(page, config, doc_files, nav, env)
        os.replace(temporary, final)
    finally:
        page.file.abs_dest_path = final
        if os.path.exists(temporary):
            os.unlink(temporary)
