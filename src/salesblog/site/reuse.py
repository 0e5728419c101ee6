"""Pages whose inputs did not change since the last build are taken from the previous site
instead of being laid out again: rebuilds are fast, and unchanged files keep their dates."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

from salesblog.site.digests import page_fingerprint
from salesblog.site.specs import PageSpec

PAGE_FILE = "index.html"


class PageReuse:
    """Fingerprints of the pages in the site last built at `site_dir`, kept in the cache folder."""

    def __init__(self, cache_dir: Path, site_dir: Path, layout: str, *, reuse: bool = True):
        self.site_dir = site_dir
        self.layout = layout
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.reused = 0
        self.laid_out = 0
        self._linker: _Linker | None = None
        self.unfingerprinted: list[PageSpec] = []
        self.reuse = reuse
        self.side_records: dict[str, dict] = {}
        self.held: dict[str, str] = {}  # page path -> fingerprint, laid out after the rebuild
        self.saving = threading.Lock()
        key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]
        # The record is written after every build, --no-cache ones too: it must always describe
        # the site that is in place, or a later build would take over pages it no longer has.
        self.record_path = cache_dir / "pages" / f"{key}.json"
        if reuse:
            try:
                self.previous = json.loads(self.record_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.previous = {}

    def fingerprint(self, spec: PageSpec) -> str:
        value = page_fingerprint(self.layout, spec)  # cheap: cards are digested once (site/digests.py)
        self.current[spec.path] = value
        return value

    def take_previous(self, spec: PageSpec, staging: Path) -> bool:
        """Link the previous build's page into `staging` when its fingerprint still holds."""
        old = self._reusable(spec)
        if old is None:
            return False
        new = os.path.join(staging, spec.path, PAGE_FILE)
        if new != old:  # (updating in place, the page is already there)
            _make_folders([os.path.dirname(new)])
            _link_pages([(old, new)])
        return True

    def take_all_previous(self, specs: list[PageSpec], staging: Path) -> list[PageSpec]:
        """The pages of `specs` to lay out; the others are linked from the previous site into
        `staging` aside, in a child process (the linking waits on the disk, the fingerprints
        and the layout on the processor). finish_linking completes the staging folder."""
        if os.path.abspath(staging) == os.path.abspath(self.site_dir):  # in place (preview)
            return [spec for spec in specs if self._reusable(spec) is None]
        if not self.previous:  # nothing to take (a first build): fingerprint while laying out
            self.unfingerprinted = list(specs)
            self.laid_out += len(specs)
            return list(specs)
        # The child makes every page's folder while this process fingerprints the pages, then
        # links the pages the previous site has, but for those it is told changed.
        folders = [os.path.join(staging, spec.path) for spec in specs]
        candidates = [(spec.path, os.path.join(self.site_dir, spec.path, PAGE_FILE),
                       os.path.join(staging, spec.path, PAGE_FILE))
                      for spec in specs if spec.path in self.previous]
        self._linker = _Linker(folders, candidates)
        todo = [spec for spec in specs if self._reusable(spec) is None]
        self._linker.skip({spec.path for spec in todo})
        return todo

    def fingerprint_the_rest(self) -> None:
        """Fingerprint the pages take_all_previous left (all of them, with no previous site)."""
        pages, self.unfingerprinted = self.unfingerprinted, []
        for spec in pages:
            self.fingerprint(spec)

    def finish_linking(self) -> None:
        """Wait for the pages take_all_previous links; raise what went wrong there."""
        linker, self._linker = self._linker, None
        if linker is not None:
            linker.finish()

    def _reusable(self, spec: PageSpec) -> str | None:
        """The previous build's page for `spec`, when its fingerprint still holds."""
        value = self.fingerprint(spec)
        # Plain strings, not Paths: this runs for every page of every build.
        old = os.path.join(self.site_dir, spec.path, PAGE_FILE)
        if self.previous.get(spec.path) != value or not os.path.isfile(old):
            self.laid_out += 1
            return None
        self.reused += 1
        return old

    def unchanged(self, path: str) -> bool:
        """Whether the page at `path` has this build the fingerprint it had in the site in place."""
        value = self.current.get(path)
        return value is not None and self.previous.get(path) == value

    def side_record(self, name: str) -> dict | None:
        """What the build of the site in place kept as `name` with its page record."""
        if not self.reuse:
            return None
        try:
            return json.loads(self._side_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def keep_side_record(self, name: str, record: dict) -> None:
        """Keep `record` as `name`: written by save, with the page record."""
        self.side_records[name] = record

    def _side_path(self, name: str) -> Path:
        return self.record_path.with_suffix(f".{name}.json")

    def remove_stale(self) -> None:
        """Updating in place: remove the pages the last build had and this one has not."""
        for path in set(self.previous) - set(self.current):
            page = self.site_dir / path / PAGE_FILE
            page.unlink(missing_ok=True)

    def hold_back(self, paths: list[str]) -> None:
        """Pages laid out after the rebuild returns (preview): recorded as not laid out until
        release_held, so that a preview stopped in between lays them out next time."""
        for path in paths:
            self.held[path] = self.current[path]
            self.current[path] = ""

    def release_held(self) -> None:
        """The held-back pages are written: record their fingerprints."""
        with self.saving:
            self.current.update(self.held)
            self.held = {}
            self._save()

    def save(self) -> None:
        """Record this build's fingerprints; call only once the new site is in place."""
        with self.saving:  # preview: the rebuild and the pages laid out after it both save
            self.fingerprint_the_rest()
            self._save()

    def _save(self) -> None:
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        records = {self._side_path(name): record for name, record in self.side_records.items()}
        for path, record in {**records, self.record_path: self.current}.items():
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)


class _Linker:
    """A forked child that makes the staging folder's page `folders`, then links the previous
    pages `candidates` (path, old, new) into it, but for the paths it is told to skip. A thread
    would wait for the interpreter lock after each of its many system calls."""

    def __init__(self, folders: list[str], candidates: list[tuple[str, str, str]]):
        skip_read, self.skip_write = os.pipe()
        self.errors, error_write = os.pipe()
        self.pid = os.fork()
        if self.pid:
            os.close(skip_read)
            os.close(error_write)
            return
        os.close(self.skip_write)
        os.close(self.errors)
        status = 0
        try:
            _make_folders(folders)
            with os.fdopen(skip_read, "rb") as told:
                message = told.read()
            if message:  # nothing at all: the build failed before it could tell; link nothing
                skipped = set(json.loads(message))
                _link_pages([(old, new) for path, old, new in candidates if path not in skipped])
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
            status = 1
            with contextlib.suppress(OSError):
                os.write(error_write, f"{type(error).__name__}: {error}".encode()[:4000])
        finally:
            os._exit(status)

    def skip(self, paths: set[str]) -> None:
        """Tell the child which candidates not to link (changed, or no longer there)."""
        try:
            with os.fdopen(self.skip_write, "wb") as pipe:
                self.skip_write = -1
                pipe.write(json.dumps(sorted(paths)).encode())
        except BrokenPipeError:
            pass  # the child failed before it read this: finish reports why

    def finish(self) -> None:
        if self.skip_write >= 0:  # never told (a failed build): the child links nothing
            os.close(self.skip_write)
            self.skip_write = -1
        with os.fdopen(self.errors, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            raise OSError(f"linking the unchanged pages failed: {message or status}")


def _make_folders(folders: list[str]) -> None:
    for folder in sorted(set(folders)):
        try:
            os.mkdir(folder)  # parents sort first, so one call per folder usually does
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)


def _link_pages(pairs: list[tuple[str, str]]) -> None:
    """Hard-link each old page to its new place (whose folder exists)."""
    for old, new in pairs:
        try:
            os.link(old, new)
        except OSError:  # another file system, or links not allowed: a copy will do
            shutil.copy2(old, new)
