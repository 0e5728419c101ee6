"""A linear-time bracket matcher for Python-Markdown's link and image patterns.

Python-Markdown 3.11 finds, for a paragraph, where every `[` closes with a loop over each of its
characters in Python, and does it again after every link it replaces: about 40% of rendering a
post with a few links per paragraph. The same table is made here from the brackets alone (found
by the regex engine) and filled a run of equal answers at a time. Installed on our own Markdown
instances only, and only where the library has the method it replaces.
"""

from __future__ import annotations

import re

_BRACKET = re.compile(r"[\[\]]")
# The library's name for the table maker, on its LinkInlineProcessor (and ImageInlineProcessor).
LIBRARY_METHOD = "_findBracketEnds"


def find_bracket_ends(data: str) -> list[int | None]:
    """For each index of `data` (and len(data)), the index just past the `]` that closes the
    innermost bracket open there, None if it never closes: the library's table, made in
    O(len(data)) with a step per bracket instead of per character."""
    ends: list[int | None] = [None] * (len(data) + 1)
    # Between two brackets the depth is the same, and so is the answer: one run per bracket.
    starts = [0, *(match.end() for match in _BRACKET.finditer(data))]
    stops = [*starts[1:], len(data) + 1]
    waiting: list[tuple[int, int, int]] = []  # (run start, run stop, depth), depth increasing
    depth = 0
    for start, stop in zip(starts, stops):
        while waiting and depth < waiting[-1][2]:
            first, last, _ = waiting.pop()
            ends[first:last] = [start] * (last - first)
        waiting.append((start, stop, depth))
        if stop <= len(data):  # the run ends with a bracket
            depth += 1 if data[stop - 1] == "[" else -1
    return ends


def install(md) -> None:
    """Use find_bracket_ends in `md`'s link, image and reference patterns."""
    for processor in md.inlinePatterns:
        if hasattr(processor, LIBRARY_METHOD):
            setattr(processor, LIBRARY_METHOD, find_bracket_ends)
