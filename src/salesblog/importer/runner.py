"""One import run: every source parsed and written, one bad source never stopping the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from salesblog.config import load_site_config
from salesblog.content.posts import read_post
from salesblog.importer.assets import ImageFetcher
from salesblog.importer.carry_over import CarryOver
from salesblog.importer.model import SkippedItem
from salesblog.importer.options import DEFAULT_CONCURRENCY, SourceOptions
from salesblog.importer.sources import Source, SourceError, expand_sources, parse_source
from salesblog.importer.writer import Outcome, PostWriter
from salesblog.project import Project

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)  # pages, attachments... of exports
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run, not one post (the state file)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def run_import(project: Project, arguments: list[str], *, dry_run: bool, force: bool, offline: bool = False,
               on_source: Callable[[int, Source | None], None] | None = None, allow_private: bool = False,
               ignore_robots: bool = False, concurrency: int = DEFAULT_CONCURRENCY,
               on_progress: Callable[[str, int], None] | None = None) -> ImportReport:
    """Import every source; `on_source(total, source)` is told of each one as it starts
    (first with source None, to learn the total); `on_progress(counter, n)` of a crawl's pages
    found, fetched and imported. Pages and images are fetched from public addresses only,
    unless `allow_private` (an intranet blog)."""
    report = ImportReport()
    sources, report.failures = expand_sources(arguments)
    config = load_site_config(project)
    fetcher = ImageFetcher(enabled=not (dry_run or offline), reason="dry run" if dry_run else "offline",
                           allow_private=allow_private)
    options = SourceOptions(allow_private=allow_private, ignore_robots=ignore_robots, concurrency=concurrency,
                            state_dir=None if dry_run else project.root / ".salesblog-cache" / "crawl",
                            on_progress=on_progress,
                            prefetch_image=fetcher.get if fetcher.enabled else None)
    writer = PostWriter(project, config.timezone, dry_run=dry_run, force=force, fetcher=fetcher)
    report.warnings += writer.state.warnings
    carry = CarryOver(project, writer, dry_run=dry_run, base_path=config.base_path)
    if on_source:
        on_source(len(sources), None)
    try:
        _import_each(project, sources, writer, report, config.timezone, dry_run, on_source, options, carry)
        carry.finish()
    finally:  # Ctrl-C included: what was written is recorded, so a rerun makes no duplicates
        writer.finish()
    return report


def _import_each(project, sources, writer, report, timezone, dry_run, on_source, options, carry) -> None:
    for source in sources:
        if on_source:
            on_source(len(sources), source)
        try:
            parsed = parse_source(source, options)
            writer.start_source()
            for post in parsed.posts:  # a crawl yields its posts as they arrive
                carry.before_write(post)
                outcome = writer.write(post)
                carry.after_write(post, outcome)
                report.outcomes.append(outcome)
                options.tell("imported")
                if outcome.status in ("imported", "updated") and not dry_run:
                    report.failures += _verify(project, outcome, timezone)
            report.skipped += parsed.skipped
            report.failures += parsed.failures
            carry.old_pages += parsed.old_pages
        except SourceError as error:
            report.failures.append(str(error))
        except Exception as error:  # noqa: BLE001 - one broken source must not stop the others
            log.debug("importing %s failed", source.location, exc_info=True)
            report.failures.append(f"{source.location}: cannot import ({type(error).__name__}: {error})")


def _verify(project: Project, outcome: Outcome, timezone: str) -> list[str]:
    """The written post must read back without problems (the check `salesblog check` makes)."""
    path = project.root / outcome.path
    _, problems = read_post(path, outcome.path, timezone)
    return [str(p) for p in problems]
