"""`salesblog ARGS` inside this very process, for profiling with `python -m cProfile`.

With BENCH_SERIAL=1 the build renders posts in this process instead of a worker pool (whose
work cProfile cannot see): salesblog sizes its pool from os.cpu_count(), so report one core.
"""

import os
import sys

if os.environ.get("BENCH_SERIAL") == "1":
    os.cpu_count = lambda: 1

from salesblog.cli import main  # noqa: E402  (after the patch, so every import sees it)

main(sys.argv[1:])
