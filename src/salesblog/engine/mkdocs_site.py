"""Lay a SitePlan out as HTML with MkDocs + Material. With plugin.py, the only code that runs
MkDocs."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import logging
import shutil
import tempfile
from pathlib import Path

from salesblog.engine import compat  # noqa: F401 - checks the MkDocs interfaces we use, first
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from salesblog.config import SiteConfig
from salesblog.engine.plugin import PageWorkerError, SalesblogPlugin, error_summary, src_uri
from salesblog.engine.session import LayoutSession
from salesblog.errors import SalesblogError
from salesblog.fingerprint import cache_key
from salesblog.project import Project
from salesblog.site.plan import SitePlan
from salesblog.site.reuse import PageReuse
from salesblog.site.urls import BRAND_CSS

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"


class EngineError(SalesblogError):
    """MkDocs could not lay the site out (a broken template override, usually)."""


class _HideDirtyWarning(logging.Filter):
    """Our builds use MkDocs' dirty mode only to skip pages we reuse; its warning is for users
    of `mkdocs build --dirty`, not for us."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_HIDE_DIRTY_WARNING = _HideDirtyWarning()  # one instance: adding it again is then a no-op


def mkdocs_config(project: Project, config: SiteConfig, plan: SitePlan, site_dir: Path,
                  docs_dir: Path) -> MkDocsConfig:
    """MkDocs settings derived from site_config.yml; authors never write an mkdocs.yml."""
    mk = MkDocsConfig(config_file_path=str(project.config_path))
    mk.load_dict({
        "site_name": config.title,
        "site_url": config.url,
        "site_description": config.description or None,
        "copyright": config.copyright or None,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "nav": [{title: src_uri(path)} for title, path in plan.nav],
        "theme": {
            "name": "material",
            "custom_dir": str(TEMPLATES),
            "language": config.language,
            # Material would fetch Google Fonts; pages must load nothing from other hosts.
            "font": False,
            "features": ["navigation.tabs", "navigation.top", "search.suggest"],
            "palette": _palettes(),
            **_brand_files(config),
        },
        "plugins": ["material/search"],
        # One fixed scope instead of each page's relative base: Material's inline script that
        # uses it is then the same on every page, and one hash allows it (site/headers.py).
        # No "Made with Material for MkDocs" line: the footer is the blog's own.
        "extra": {"scope": config.base_path, "generator": False},
        "extra_css": _stylesheets(project),
        "extra_javascript": ["assets/javascripts/salesblog.js"],
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "ignore"}},
    })
    errors, _warnings = mk.validate()
    if errors:
        raise EngineError("; ".join(f"{key}: {error}" for key, error in errors))
    return mk


def _palettes() -> list[dict]:
    """A light and a dark scheme in the brand's colours (site/brand.py writes `custom`): the
    reader's system setting chooses, and the header's switch overrides it (kept by the browser)."""
    return [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "primary": "custom", "accent": "custom",
         "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"}},
    ]


def _brand_files(config: SiteConfig) -> dict:
    """Logo and favicon from brand: (files under theme/, which MkDocs copies into the site)."""
    brand = config.brand
    files: dict = {"icon": {"logo": "material/chart-line"}}  # not Material's book
    if brand.logo:
        files["logo"] = brand.logo
    if brand.favicon or brand.logo:
        files["favicon"] = brand.favicon or brand.logo
    return files


def _stylesheets(project: Project) -> list[str]:
    sheets = ["assets/stylesheets/salesblog.css", BRAND_CSS]
    custom = project.theme_dir / "assets" / "stylesheets"
    if custom.is_dir():
        sheets += [f"assets/stylesheets/{p.name}" for p in sorted(custom.glob("*.css"))
                   if p.name != "salesblog.css"]
    return sheets


def layout_digest(project: Project, config: SiteConfig, plan: SitePlan) -> str:
    """What every page's HTML depends on besides its own view: the settings, the navigation and
    the project's theme/ overrides. The package's templates, the engine that post-processes
    pages and the MkDocs and Material versions are in every cache key (fingerprint.py)."""
    parts = [repr((config, plan.nav, sorted(plan.extra.items())))]
    if project.theme_dir.is_dir():
        for path in sorted(project.theme_dir.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(project.theme_dir).as_posix(), path.read_bytes()]
    return cache_key("layout", *parts)


def _template_cache(project: Project) -> Path:
    """The folder of compiled templates for this code (Jinja checks each template's source
    itself, not the code that compiles it); folders of other code are removed."""
    folder = project.cache_dir / "templates"
    key = cache_key("templates")[:16]
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name != key:
                if old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
    return folder / key


@contextlib.contextmanager
def _build_date(moment: dt.datetime | None):
    """MkDocs stamps the sitemap (and its .gz) with the build time; stamping it with the newest
    post's time instead makes a build a pure function of the content."""
    if moment is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


@contextlib.contextmanager
def _engine_errors():
    """What goes wrong while laying out, as an EngineError naming the template if there is one."""
    try:
        yield
    except MkDocsException as error:
        raise EngineError(f"the site could not be laid out: {error}") from error
    except PageWorkerError as error:  # already one line naming the template; the cause has the rest
        raise EngineError(str(error)) from error
    except Exception as error:
        # Jinja errors in a project's theme/ overrides surface here; name the template.
        raise EngineError(error_summary(error)) from error


def render_site(project: Project, config: SiteConfig, plan: SitePlan, staging: Path,
                site_dir: Path, *, reuse_pages: bool = True, jobs: int = 2,
                session: LayoutSession | None = None) -> PageReuse:
    """Write every page and file of `plan` into `staging` (new and empty), taking unchanged pages
    from the site last built at `site_dir`. Returns the page record to save once swapped in.
    With a `session` (preview: staging is site_dir), an edit that keeps the layout and the set
    of pages updates only the changed pages."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(_HIDE_DIRTY_WARNING)
    if session is not None:
        session.wait()  # what the last update left for after it, so the page record is whole
    digest = layout_digest(project, config, plan)
    reuse = PageReuse(project.cache_dir, site_dir, digest, reuse=reuse_pages)
    if session is not None and reuse_pages and session.can_update(plan, digest, staging):
        with _build_date(plan.build_date), _engine_errors():
            session.update(plan, reuse, staging)
        log.info("preview: changed pages updated in place, MkDocs' set-up kept")
        return reuse
    if session is not None:
        session.forget()
    try:
        # Asked now, the unchanged pages are linked aside (site/reuse.py) while MkDocs sets up.
        todo = reuse.take_all_previous(plan.pages, staging)
        with tempfile.TemporaryDirectory(prefix="salesblog-docs-") as docs_dir, \
                _build_date(plan.build_date):
            mk = mkdocs_config(project, config, plan, staging, Path(docs_dir))
            theme_dirs = [project.theme_dir] if project.theme_dir.is_dir() else []
            plugin = SalesblogPlugin(plan, theme_dirs, reuse, jobs=jobs, todo=todo,
                                     cache_dir=project.cache_dir if reuse_pages else None,
                                     template_cache=_template_cache(project) if reuse_pages else None)
            mk.plugins["salesblog"] = plugin
            mk.plugins.on_startup(command="build", dirty=True)
            try:
                with _engine_errors():
                    mkdocs_build(mk, dirty=True)  # runs every plugin's on_config, once
            finally:
                plugin.stop_worker()  # KeyboardInterrupt never reaches on_build_error
                mk.plugins.on_shutdown()
    finally:
        # A build that failed before the plugin could stop it: nothing may write into the
        # staging folder once the caller removes it (a good build has waited for it already).
        with contextlib.suppress(OSError):
            reuse.finish_linking()
    if session is not None:
        session.keep(plan, digest, staging, mk, plugin)
    return reuse
