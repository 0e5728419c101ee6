"""Pages whose inputs did not change since the last build are taken from the previous site
instead of being laid out again: rebuilds are fast, and unchanged files keep their dates."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
from pathlib import Path

from salesblog.site.plan import PageSpec

PAGE_FILE = "index.html"


def page_fingerprint(layout: str, spec: PageSpec, memo: dict[int, str] | None = None) -> str:
    """Everything a page's HTML depends on: the layout (templates, settings, nav) and its view."""
    parts = (layout, spec.path, spec.title, spec.template, spec.description)
    return _digest((parts, spec.view), {} if memo is None else memo)


def _digest(value, memo: dict[int, str]) -> str:
    """A digest of a view's data. A post's card shows on many pages (listings, sidebars, older
    and newer links): its digest is computed once and remembered by object."""
    names = _field_names(type(value))
    if names is None:
        return _hash(repr(_with_digests(value, memo)))
    if id(value) not in memo:
        fields = tuple(_with_digests(getattr(value, name), memo) for name in names)
        memo[id(value)] = _hash(repr((type(value).__name__, fields)))
    return memo[id(value)]


def _with_digests(value, memo: dict[int, str]):
    """`value` with every record in it (also inside lists) replaced by its digest."""
    if _field_names(type(value)) is not None:
        return _digest(value, memo)
    if isinstance(value, (list, tuple)) and _holds_records(value):
        return tuple(_with_digests(item, memo) for item in value)
    return value  # plain data (text, numbers, dates, tuples of them): its repr says it all


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type, None for anything else."""
    return tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def _holds_records(items: list | tuple) -> bool:
    return any(_field_names(type(item)) is not None
               or (isinstance(item, (list, tuple)) and _holds_records(item)) for item in items)


class PageReuse:
    """Fingerprints of the pages in the site last built at `site_dir`, kept in the cache folder."""

    def __init__(self, cache_dir: Path, site_dir: Path, layout: str, *, reuse: bool = True):
        self.site_dir = site_dir
        self.layout = layout
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.memo: dict[int, str] = {}  # valid while the plan's objects live, i.e. one build
        self.reused = 0
        self.laid_out = 0
        self._linker: _Linker | None = None
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
        value = page_fingerprint(self.layout, spec, self.memo)
        self.current[spec.path] = value
        return value

    def take_previous(self, spec: PageSpec, staging: Path) -> bool:
        """Link the previous build's page into `staging` when its fingerprint still holds."""
        old = self._reusable(spec)
        if old is None:
            return False
        new = os.path.join(staging, spec.path, PAGE_FILE)
        if new != old:  # (updating in place, the page is already there)
            _link_pages([(old, new)])
        return True

    def take_all_previous(self, specs: list[PageSpec], staging: Path) -> list[PageSpec]:
        """The pages of `specs` to lay out. The others are linked from the previous site into
        `staging` by start_linking (aside: the linking waits on the disk, the layout on the
        processor) or at the latest by finish_linking, which completes the staging folder."""
        todo, taken = [], []
        for spec in specs:
            old = self._reusable(spec)
            if old is None:
                todo.append(spec)
            else:
                taken.append((old, os.path.join(staging, spec.path, PAGE_FILE)))
        self._linker = _Linker(taken)
        return todo

    def start_linking(self) -> None:
        """Link the pages take_all_previous took, in a child process, while this one goes on."""
        if self._linker is not None:
            self._linker.start()

    def finish_linking(self) -> None:
        """Link the pages take_all_previous took, or wait for the thread linking them; raise
        what went wrong there."""
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

    def remove_stale(self) -> None:
        """Updating in place: remove the pages the last build had and this one has not."""
        for path in set(self.previous) - set(self.current):
            page = self.site_dir / path / PAGE_FILE
            page.unlink(missing_ok=True)

    def save(self) -> None:
        """Record this build's fingerprints; call only once the new site is in place."""
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.record_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.record_path)


class _Linker:
    """Links pages (old, new), in a forked child once started: a thread would wait for the
    interpreter lock after every one of its thousands of small system calls."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = pairs
        self.child: tuple[int, int] | None = None  # (pid, read end of its error pipe)

    def start(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid:
            os.close(write_end)
            self.child = (pid, read_end)
            return
        os.close(read_end)
        status = 0
        try:
            _link_pages(self.pairs)
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
            status = 1
            with contextlib.suppress(OSError):
                os.write(write_end, f"{type(error).__name__}: {error}".encode()[:4000])
        finally:
            os._exit(status)

    def finish(self) -> None:
        if self.child is None:
            _link_pages(self.pairs)
            return
        pid, errors = self.child
        self.child = None
        with os.fdopen(errors, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise OSError(f"linking the unchanged pages failed: {message or status}")


def _link_pages(pairs: list[tuple[str, str]]) -> None:
    """Hard-link each old page to its new place; each new folder is made once."""
    for folder in sorted({os.path.dirname(new) for _, new in pairs}):
        try:
            os.mkdir(folder)  # parents sort first, so one call per folder usually does
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
    for old, new in pairs:
        try:
            os.link(old, new)
        except OSError:  # another file system, or links not allowed: a copy will do
            shutil.copy2(old, new)
