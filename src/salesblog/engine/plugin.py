"""The MkDocs plugin that feeds a SitePlan to MkDocs + Material.

Posts arrive already rendered: MkDocs never converts Markdown here. It lays pages out with
Material's templates (and ours) and writes the sitemap. Pages unchanged since the last build are
linked from the previous site; the rest are laid out on two cores (a forked worker takes half).
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import multiprocessing
import os
import re
import traceback
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from salesblog.engine import compat
from salesblog.engine.compat import build_page
from salesblog.engine.outputs import SEARCH_INDEX
from salesblog.engine.search_index import PreviousIndex, write_search_index
from salesblog.files import replace_bytes
from salesblog.fingerprint import cache_key
from salesblog.site.headers import inline_scripts, script_hash, write_headers
from salesblog.site.plan import PageSpec, SitePlan
from salesblog.site.reuse import PageReuse

log = logging.getLogger(__name__)

# Below this many pages to lay out, a second process costs more than it saves.
FORK_THRESHOLD = 60
# What the footer is laid out from (main.html): it is the same on every page with one fragment
# key, unless the project's theme/ replaces one of these with something that shows the page.
FOOTER_TEMPLATES = frozenset({"partials/salesblog/subscribe.html", "partials/footer.html",
                              "partials/copyright.html", "partials/social.html"})


class PlannedPage(Page):
    """A page whose HTML and metadata come from the plan, not from a Markdown file."""

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig):
        # Material prints page.title unescaped (header, tabs, <title>): hand it over escaped.
        super().__init__(html.escape(spec.title), file, config)
        self._take(spec)

    def _take(self, spec: PageSpec) -> None:
        self.spec = spec
        self.title = html.escape(spec.title)
        card = getattr(spec.view, "card", None)
        if card is not None:  # the sitemap's lastmod: when the post changed, not when we built
            self.update_date = (card.updated or card.date).strftime("%Y-%m-%d")

    def refresh(self, spec: PageSpec, config: MkDocsConfig, files: Files) -> None:
        """Show `spec` from now on (a preview's edit), as MkDocs' build would have read it."""
        self._take(spec)
        self.read_source(config)
        self.render(config, files)

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # Tabs carry the navigation and our pages their own sidebar (recent posts), so Material's
        # sidebars are hidden on wide screens (the phone drawer still shows the navigation).
        # Search is indexed by the plugin from the rendered posts, so Material's indexer skips all.
        # Material writes page.meta.description into an attribute unescaped (MkDocs does not
        # autoescape), and a post's teaser may hold quotes and "<" from its text: escape it here.
        self.meta = {"template": self.spec.template, "view": self.spec.view,
                     "description": html.escape(self.spec.description),
                     "hide": ["navigation", "toc"], "search": {"exclude": True}}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = getattr(self.spec.view, "html", "")
        self.toc = []  # type: ignore[assignment]
        self.present_anchor_ids = set()


# Material's base.html gives its two hidden checkboxes (the drawer and search toggles)
# autocomplete="off", which HTML allows on text-like inputs only (the Nu HTML Checker reports an
# error). The lines sit outside any template block, so the only template route would be a copy of
# the whole base.html; removing the attribute here is the smaller change.
_TOGGLE = '<input class="md-toggle" '
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" [^>]*type="checkbox"[^>]*?) autocomplete="off"')


def without_urls(sitemap: str, urls: set[str]) -> str:
    """The sitemap without the <url> entries of `urls`."""
    def keep(match: re.Match) -> str:
        return "" if html.unescape(match.group(1)) in urls else match.group(0)
    return re.sub(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", keep, sitemap, flags=re.S)


def valid_toggles(page_html: str) -> str:
    """`page_html` without the invalid autocomplete attribute on Material's toggle checkboxes."""
    # The regular expression runs over the toggles alone: across a whole page it costs as much
    # as a tenth of laying the page out.
    first = page_html.find(_TOGGLE)
    if first < 0:
        return page_html
    end = page_html.find(">", page_html.rfind(_TOGGLE)) + 1
    return page_html[:first] + _TOGGLE_AUTOCOMPLETE.sub(r"\1", page_html[first:end]) + page_html[end:]


class _LaidOutHere:
    """Replaces File.is_modified on planned pages: MkDocs' dirty mode then lays out only the
    pages this process should (not reused, not the worker's). With `turns` set, the answer is
    whether page `number` (among those the two layout processes share) is this process's turn."""

    def __init__(self) -> None:
        self.value = True
        self.turns: PageTurns | None = None
        self.number = -1

    def __call__(self) -> bool:
        if self.turns is not None:
            return self.turns.mine(self.number)
        return self.value


class PageTurns:
    """The pages to lay out, shared by this process and a forked worker: both walk them in the
    same order and each lays out the next one nobody has taken (a counter in shared memory), so
    both finish together whatever each page costs. The worker is given the first page at once,
    while this process copies the theme's files."""

    def __init__(self, count: int):
        self.count = count
        self.taken = multiprocessing.get_context("fork").Value("q", 1)  # page 0: the worker's
        self.wanted: int | None = None

    def for_worker(self) -> "PageTurns":
        """Call in the worker, once forked."""
        self.wanted = 0
        return self

    def stop(self) -> None:
        """Give out no more pages (a failed build): both processes see the end at their next."""
        with self.taken.get_lock():
            self.taken.value = max(self.taken.value, self.count)

    def mine(self, number: int) -> bool:
        """Whether page `number` is this process's to lay out; ask for every page, in order."""
        if self.wanted is None:
            with self.taken.get_lock():
                self.wanted = self.taken.value
                self.taken.value += 1
        if number != self.wanted:  # taken by the other process (or, past the end, nobody's)
            return False
        self.wanted = None
        return True


def planned_file(config: MkDocsConfig, path: str, **source) -> File:
    """A page or file of the plan, as MkDocs' file (`source`: content= or abs_src_path=).
    Always published: MkDocs leaves out by default what lies under templates/ or starts with
    a dot, but the plan has already decided (site/routes.py)."""
    return File.generated(config, path, inclusion=InclusionLevel.INCLUDED, **source)


def src_uri(path: str) -> str:
    """The pretend source of a page at `path` ("blog/x/" -> "blog/x/index.md")."""
    return f"{path}index.md"


class SalesblogPlugin(BasePlugin):
    def __init__(self, plan: SitePlan, theme_dirs: list[Path], reuse: PageReuse, *,
                 todo: list[PageSpec], jobs: int, cache_dir: Path | None,
                 template_cache: Path | None = None):
        super().__init__()
        self.todo = todo  # the pages to lay out: reuse.take_all_previous's answer
        self.cache_dir = cache_dir  # None: a build without caches
        self.template_cache = template_cache  # compiled templates of this code
        self.plan = plan
        self.theme_dirs = theme_dirs
        self.reuse = reuse
        self.jobs = jobs
        self.pages: list[PlannedPage] = []
        self.worker: tuple[int, int] | None = None  # (pid, read end of its error pipe)
        self.turns: PageTurns | None = None  # the pages it shares with the worker
        self.fragments: dict[tuple[str, str], str] = {}
        self.nav_urls: set[str] = set()
        self.configured = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # A second run would put the theme folders in twice; MkDocs' build runs it, we do not.
        if self.configured:
            raise RuntimeError("SalesblogPlugin.on_config ran twice in one build")
        self.configured = True
        # Project overrides first, then the package's templates, then Material's.
        for position, folder in enumerate(self.theme_dirs):
            config.theme.dirs.insert(position, str(folder))
        config.extra["salesblog"] = self.plan.extra
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.files = files
        for spec in self.plan.pages:
            file = planned_file(config, src_uri(spec.path), content="")
            file.is_modified = _LaidOutHere()  # type: ignore[method-assign]
            self.pages.append(PlannedPage(spec, file, config))
            files.append(file)
        for output in self.plan.files:
            if output.source is not None:
                files.append(planned_file(config, output.path, abs_src_path=str(output.source)))
            else:
                files.append(planned_file(config, output.path, content=output.data or b""))
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return valid_toggles(output)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        if template_name == "sitemap.xml":  # MkDocs gzips what we return here, too
            return without_urls(output_content, self.unlisted_urls(config))
        # 404.html is a static template: it never passes through on_post_page.
        return valid_toggles(output_content)

    def unlisted_urls(self, config: MkDocsConfig) -> set[str]:
        """Absolute URLs of the pages search engines should not list (noindex)."""
        base = config.site_url or ""
        return {base + spec.path for spec in self.plan.pages if not spec.indexable}

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name == "404.html":  # static: no page, so no view; the plan has its lists
            context["salesblog_not_found"] = self.plan.not_found
        return context

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        self.nav_urls = {page.url for page in nav.pages}
        return nav

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        # Material links a page to its neighbours in the navigation as rel=prev/next (the home
        # page "next" to the tag index); our templates give listings their real next page.
        page.previous_page = page.next_page = None
        # Material's navigation, tabs and settings script look the same on every page at the
        # same depth that is not itself in the navigation (posts, tags, authors, page 2...):
        # templates lay them out once per key instead of once per page.
        active = page.url if page.url in self.nav_urls else "-"
        context["salesblog_fragment_key"] = f"{active}|{context.get('base_url', '')}"
        return context

    def overrides(self, names: frozenset[str]) -> bool:
        """Whether the project's theme/ replaces one of the templates `names`."""
        return any((folder / name).is_file() for folder in self.theme_dirs for name in names)

    def fragment(self, name: str, key: str, render) -> str:
        """The output of `render()` for (name, key), laid out the first time only."""
        if (name, key) not in self.fragments:
            self.fragments[(name, key)] = render()
        return self.fragments[(name, key)]

    def on_env(self, env, config: MkDocsConfig, files: Files):
        self.env = env
        env.globals["salesblog_fragment"] = self.fragment
        env.globals["salesblog_footer_fragment"] = not self.overrides(FOOTER_TEMPLATES)
        # Each build (and each edit in preview that changes a template) makes a new environment:
        # checking a template file's date on every include of every page is wasted.
        env.auto_reload = False
        if self.template_cache is not None:
            # Compiling Material's templates costs a third of a second on every build.
            self.template_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.template_cache))
        pages = {page.spec.path: page for page in self.pages}
        todo = [pages[spec.path] for spec in self.todo]
        for page in self.pages:
            page.file.is_modified.value = False
        for page in todo:
            page.file.is_modified.value = True
        if self.jobs > 1 and len(todo) >= FORK_THRESHOLD:
            # Both processes take turns from here on; each compiles the templates it needs
            # (this one copies the theme's files meanwhile).
            turns = self.turns = PageTurns(len(todo))
            for number, page in enumerate(todo):
                page.file.is_modified.turns, page.file.is_modified.number = turns, number
            self.worker = _fork_worker(todo, turns, config, files, self.nav, env)
        return env

    @event_priority(-100)  # after Material's search plugin has written its (empty) index
    def on_post_build(self, config: MkDocsConfig) -> None:
        # The index and headers first: they need none of the pages, and the worker and the
        # linking child may still be busy with theirs meanwhile.
        self.write_search_index(Path(config.site_dir) / SEARCH_INDEX)
        write_headers(Path(config.site_dir), self.script_hashes(config))
        self.reuse.fingerprint_the_rest()
        if self.worker is not None:
            worker, self.worker = self.worker, None  # its pipe is closed below, whatever happens
            _wait_for_worker(*worker)
            self.check_every_turn_taken()
        self.reuse.finish_linking()

    def check_every_turn_taken(self) -> None:
        """Every page the two processes shared is on disk. PageTurns rests on MkDocs asking each
        page's is_modified once, in order, after on_env (tests/test_engine_compat.py): should a
        later MkDocs ask otherwise, the build fails here instead of leaving pages out."""
        missing = [page.file.dest_uri for page in self.pages
                   if page.file.is_modified.turns is not None and not os.path.exists(page.file.abs_dest_path)]
        if missing:
            raise PageWorkerError(f"pages laid out by neither layout process: {len(missing)} "
                                  f"(first: {missing[0]}); salesblog was tested with {compat.TESTED}")

    def write_search_index(self, index: Path) -> None:
        """Our pages in Material's index; those unchanged since the site in place copied from
        its index, whose layout the build that wrote it recorded."""
        # Material has just written its index with no pages in it; its "config" (language,
        # stemmers, word separator) is what its search worker expects: keep it, add our pages.
        settings = json.loads(index.read_text(encoding="utf-8"))["config"]
        key = cache_key("search-index", self.reuse.layout)
        in_place = Path(self.reuse.site_dir) / SEARCH_INDEX
        # Updating in place (preview), Material has just rewritten the very file.
        previous = None if in_place == index else _previous_index(self.reuse, in_place, key)

        def unchanged(spec: PageSpec) -> bytes | None:
            return previous.entries(spec.path) if self.reuse.unchanged(spec.path) else None

        try:
            with index.open("wb") as out:
                spans = write_search_index(self.plan.pages, settings, out,
                                           unchanged if previous is not None else None)
        finally:
            if previous is not None:
                previous.close()
        self.reuse.keep_side_record("search-index", {"key": key, "file": _identity(index),
                                                     "spans": spans})

    def script_hashes(self, config: MkDocsConfig) -> set[str]:
        """theme_script_hashes, remembered by the layout digest (templates and settings): listing
        Material's templates alone takes a tenth of a second."""
        if self.cache_dir is None:
            return theme_script_hashes(self.env, config)
        record = self.cache_dir / "script-hashes" / f"{cache_key('script-hashes', self.reuse.layout)}.json"
        try:
            return set(json.loads(record.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
        hashes = theme_script_hashes(self.env, config)
        for stale in record.parent.glob("*.json"):  # one layout at a time is worth keeping
            stale.unlink(missing_ok=True)
        replace_bytes(record, json.dumps(sorted(hashes)).encode())
        return hashes

    def on_build_error(self, error: Exception) -> None:
        self.stop_worker()

    def stop_worker(self) -> None:
        """Wait for the page worker and the linking of reused pages if they still run (a failed
        or interrupted build), so that nothing writes into the staging folder once the build has
        given it up."""
        if self.worker is not None:
            pid, errors = self.worker
            self.worker = None
            if self.turns is not None:
                self.turns.stop()  # the worker lays out no more than the page it is on
            os.close(errors)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        with contextlib.suppress(OSError):  # the build failed already; this is its aftermath
            self.reuse.finish_linking()


def _identity(path: Path) -> list[int]:
    """Tells a file from any other written in its place."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _previous_index(reuse: PageReuse, index: Path, key: str) -> PreviousIndex | None:
    """The index of the site in place, if the record of its layout is about that very file."""
    record = reuse.side_record("search-index")
    try:
        if record is None or record["key"] != key or record["file"] != _identity(index):
            return None
        return PreviousIndex(index, {path: tuple(span) for path, span in record["spans"].items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def theme_script_hashes(env, config: MkDocsConfig) -> set[str]:
    """CSP hashes of the inline scripts the theme's templates can write (Material keeps them in
    partials/javascripts/), rendered from the templates themselves: page content never adds one."""
    context = {"config": config, "base_url": config.extra.get("scope", "."),
               "features": ["content.tabs.link"], "lang": _NoTranslation()}
    hashes = set()
    for name in env.list_templates(filter_func=lambda n: n.startswith("partials/javascripts/")):
        try:
            html = env.get_template(name).render(context)
        except jinja2.TemplateError:  # a partial of a feature this site does not use
            continue
        hashes.update(script_hash(script) for script in inline_scripts(html))
    return hashes


class _NoTranslation:
    def t(self, key: str) -> str:
        return key


class PageWorkerError(Exception):
    """A page failed in the forked worker. Its message is one line naming the template; the
    worker's own traceback is the cause, for `salesblog -v`."""


class _WorkerTraceback(Exception):
    """The traceback printed in the worker, carried over as text (as multiprocessing does)."""

    def __str__(self) -> str:
        return f"in the page worker:\n\n{self.args[0]}"


# A pipe holds 64 KiB: a longer report would block the worker until the parent reads, and the
# parent reads only once its own half of the pages is laid out.
_REPORT_LIMIT = 60000


def error_summary(error: BaseException) -> str:
    """`error` in one line, naming the template and line it arose in, when there is one."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    if not name:
        # Jinja rewrites tracebacks so that a template's frames carry its file and line.
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if not frame.filename.endswith(".py") and not frame.filename.startswith("<")]
        if frames:
            name, line = frames[-1].filename, frames[-1].lineno
    where = f"{name}:{line or '?'}: " if name else ""
    return f"{where}{type(error).__name__}: {error}"


def _fork_worker(pages: list[PlannedPage], turns: PageTurns, config: MkDocsConfig, files: Files,
                 nav, env) -> tuple[int, int]:
    """Lay out, in a forked child, the `pages` whose turn it takes; it shares every loaded
    template with us."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    status = 0
    try:
        doc_files = files.documentation_pages()
        turns.for_worker()
        for number, page in enumerate(pages):
            if turns.mine(number):
                build_page(page, config, doc_files, nav, env)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        status = 1
        _report(write_end, error)
    finally:
        os._exit(status)


def _report(pipe: int, error: BaseException) -> None:
    """Send the parent `error`'s summary and traceback (its end, if it is long)."""
    summary = error_summary(error)[:2000]
    trace = "".join(traceback.format_exception(error))[-_REPORT_LIMIT:]
    with contextlib.suppress(OSError):  # the parent gave up on us (its own build failed)
        os.write(pipe, json.dumps({"summary": summary, "traceback": trace}).encode())


def _wait_for_worker(pid: int, errors: int) -> None:
    with os.fdopen(errors, "rb") as pipe:
        message = pipe.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    if status == 0:
        return
    try:
        report = json.loads(message)
    except ValueError:  # killed before it could report
        raise PageWorkerError(f"page worker ended with status {status}") from None
    raise PageWorkerError(report["summary"]) from _WorkerTraceback(report["traceback"])
