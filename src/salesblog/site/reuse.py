"""Pages whose inputs did not change since the last build are taken from the previous site
instead of being laid out again: rebuilds are fast, and unchanged files keep their dates."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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
        value = self.fingerprint(spec)
        # Plain strings, not Paths: this runs for every page of every build.
        old = os.path.join(self.site_dir, spec.path, PAGE_FILE)
        if self.previous.get(spec.path) != value or not os.path.isfile(old):
            self.laid_out += 1
            return False
        new = os.path.join(staging, spec.path, PAGE_FILE)
        if new != old:  # (updating in place, the page is already there)
            os.makedirs(os.path.dirname(new), exist_ok=True)
            try:
                os.link(old, new)
            except OSError:  # another file system, or links not allowed: a copy will do
                shutil.copy2(old, new)
        self.reused += 1
        return True

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
