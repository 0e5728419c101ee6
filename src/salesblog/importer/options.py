"""How sources are read: what the command line says about network access and crawling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONCURRENCY = 4


@dataclass(frozen=True)
class SourceOptions:
    allow_private: bool = False  # fetch from loopback and private addresses (tests, intranet blogs)
    ignore_robots: bool = False
    concurrency: int = DEFAULT_CONCURRENCY
    state_dir: Path | None = None  # where an interrupted crawl keeps what it has done
    on_progress: Callable[[str, int], None] | None = None  # (counter name, amount): found/fetched/imported
    prefetch_image: Callable[[str], object] | None = None  # warms the writer's image downloads
    retries: int = 3
    backoff_seconds: float = 0.5

    def tell(self, counter: str, amount: int = 1) -> None:
        if self.on_progress is not None:
            self.on_progress(counter, amount)
