"""Lay a SitePlan out as HTML with MkDocs + Material. The only module that runs MkDocs."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from salesblog.config import SiteConfig
from salesblog.engine.plugin import SalesblogPlugin, src_uri
from salesblog.errors import SalesblogError
from salesblog.project import Project
from salesblog.site.plan import SitePlan

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class EngineError(SalesblogError):
    """MkDocs could not lay the site out (a broken template override, usually)."""


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
            "palette": {"primary": "indigo", "accent": "indigo"},
        },
        "plugins": ["material/search"],
        "extra_css": _stylesheets(project),
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "ignore"}},
    })
    errors, _warnings = mk.validate()
    if errors:
        raise EngineError("; ".join(f"{key}: {error}" for key, error in errors))
    return mk


def _stylesheets(project: Project) -> list[str]:
    sheets = ["assets/stylesheets/salesblog.css"]
    custom = project.theme_dir / "assets" / "stylesheets"
    if custom.is_dir():
        sheets += [f"assets/stylesheets/{p.name}" for p in sorted(custom.glob("*.css"))
                   if p.name != "salesblog.css"]
    return sheets


def render_site(project: Project, config: SiteConfig, plan: SitePlan, site_dir: Path) -> None:
    """Write every page and file of `plan` into `site_dir` (which should be new and empty)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="salesblog-docs-") as docs_dir:
        mk = mkdocs_config(project, config, plan, site_dir, Path(docs_dir))
        theme_dirs = [project.theme_dir] if project.theme_dir.is_dir() else []
        mk.plugins["salesblog"] = SalesblogPlugin(plan, theme_dirs)
        mk.plugins.on_startup(command="build", dirty=False)
        try:
            mk = mk.plugins.on_config(mk)
            mkdocs_build(mk)
        except MkDocsException as error:
            raise EngineError(f"the site could not be laid out: {error}") from error
        except Exception as error:
            # Jinja errors in a project's theme/ overrides surface here; name the template.
            name = getattr(error, "filename", None) or getattr(error, "name", None)
            where = f"{name}:{getattr(error, 'lineno', '?')}: " if name else ""
            raise EngineError(f"{where}{type(error).__name__}: {error}") from error
        finally:
            mk.plugins.on_shutdown()
