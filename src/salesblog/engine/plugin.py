"""The MkDocs plugin that feeds a SitePlan to MkDocs + Material.

Posts arrive already rendered: MkDocs never converts Markdown here, it only lays pages out with
Material's templates (and ours), indexes them for search and writes the sitemap.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from salesblog.site.plan import PageSpec, SitePlan


class PlannedPage(Page):
    """A page whose HTML and metadata come from the plan, not from a Markdown file."""

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig):
        super().__init__(spec.title, file, config)
        self.spec = spec

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # Tabs carry the navigation and our pages their own sidebar (recent posts), so Material's
        # sidebars are hidden on wide screens (the phone drawer still shows the navigation).
        self.meta = {"template": self.spec.template, "view": self.spec.view,
                     "description": self.spec.description, "hide": ["navigation", "toc"]}
        if not self.spec.searchable:
            self.meta["search"] = {"exclude": True}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        view = self.spec.view
        self.content = getattr(view, "html", "")
        self.toc = []  # type: ignore[assignment]
        self.present_anchor_ids = set()


# Material's base.html gives its two hidden checkboxes (the drawer and search toggles)
# autocomplete="off", which HTML allows on text-like inputs only (the Nu HTML Checker reports an
# error). The lines sit outside any template block, so the only template route would be a copy of
# the whole base.html; removing the attribute here is the smaller change.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" [^>]*type="checkbox"[^>]*?) autocomplete="off"')


def valid_toggles(page_html: str) -> str:
    """`page_html` without the invalid autocomplete attribute on Material's toggle checkboxes."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", page_html)


def src_uri(path: str) -> str:
    """The pretend source of a page at `path` ("blog/x/" -> "blog/x/index.md")."""
    return f"{path}index.md"


class SalesblogPlugin(BasePlugin):
    def __init__(self, plan: SitePlan, theme_dirs: list[Path]):
        super().__init__()
        self.plan = plan
        self.theme_dirs = theme_dirs

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Project overrides first, then the package's templates, then Material's.
        for position, folder in enumerate(self.theme_dirs):
            config.theme.dirs.insert(position, str(folder))
        config.extra["salesblog"] = self.plan.extra
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for spec in self.plan.pages:
            file = File.generated(config, src_uri(spec.path), content="")
            PlannedPage(spec, file, config)
            files.append(file)
        for output in self.plan.files:
            if output.source is not None:
                files.append(File.generated(config, output.path, abs_src_path=str(output.source)))
            else:
                files.append(File.generated(config, output.path, content=output.data or b""))
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return valid_toggles(output)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        # 404.html is a static template: it never passes through on_post_page.
        return valid_toggles(output_content)
