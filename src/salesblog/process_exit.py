"""How the `salesblog` process ends. After a build it skips Python's teardown.

At exit, Python frees every object one by one and collects the cycles. For a build that holds
the content, the plan and a million small objects of MkDocs and Jinja, that took 0.25–0.4 s of a
one-edit rebuild's 1.1 s. A command whose work is all on disk once it returns may ask to end
without it. Output is flushed, and atexit handlers still run; only the freeing is skipped.
"""

from __future__ import annotations

import atexit
import os
import sys

_skip_teardown = False


def skip_teardown() -> None:
    """Let this process end without freeing its objects once the command returns."""
    global _skip_teardown
    _skip_teardown = True


def end(code: int | str | None) -> None:
    """Leave with `code` (as sys.exit takes it), skipping the teardown if it was asked for."""
    if not _skip_teardown:
        sys.exit(code)
    if isinstance(code, str):  # sys.exit's message form
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # noqa: SLF001 - what sys.exit would run first
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it anyway
            pass
    os._exit(code or 0)
