"""Python-Markdown's inline patterns, tried only on text that holds what each one needs.

Python-Markdown tries every inline pattern (fifteen, with our extensions) on every piece of
text, one Python call each, although most pieces hold nothing any pattern could match: a third
of rendering a post. A pattern's regex cannot match text that lacks the characters every match
of it contains ("[" for a link, "&" for an entity), so here each pattern is first checked for
those, in C, and skipped when they are absent: the same HTML, with fewer calls. Patterns not
listed below (a new extension, a library version whose pattern changed) are always tried.
"""

from __future__ import annotations

import re

from markdown import util
from markdown.treeprocessors import InlineProcessor

# Where Python-Markdown registers its inline step (markdown.treeprocessors.build_treeprocessors).
INLINE_PRIORITY = 20

# (registry name, class name) -> characters of which every match of the pattern's regex holds at
# least one, for the patterns of Markdown 3.11 and pymdown-extensions 13 (tests/test_inline_triggers.py
# checks each against its regex). A rarer character of a longer match is chosen where there is one.
TRIGGERS: dict[tuple[str, str], str] = {
    ("backtick", "BacktickInlineProcessor"): "`",
    ("escape", "EscapeInlineProcessor"): "\\",
    ("footnote", "FootnoteInlineProcessor"): "^",  # [^label]
    ("reference", "ReferenceInlineProcessor"): "[",
    ("link", "LinkInlineProcessor"): "[",
    ("image_link", "ImageInlineProcessor"): "!",  # ![alt](src)
    ("image_reference", "ImageReferenceInlineProcessor"): "!",
    ("short_reference", "ShortReferenceInlineProcessor"): "[",
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): "!",
    ("autolink", "AutolinkInlineProcessor"): "<",
    ("automail", "AutomailInlineProcessor"): "<",
    ("linebreak", "SubstituteTagInlineProcessor"): "\n",  # two spaces and a line end
    ("html", "HtmlInlineProcessor"): "<",
    ("entity", "HtmlInlineProcessor"): "&",
    ("em_strong", "DelimiterProcessor"): "*_",
    ("delimiter", "DelimiterProcessor"): "~",
}
TRIGGER = re.compile("[" + re.escape("".join(sorted(set("".join(TRIGGERS.values()))))) + "]")


def triggers_of(md) -> list[tuple[object, frozenset[str] | None]]:
    """`md`'s inline patterns in the order tried, each with its trigger characters (None: a
    pattern not listed, always tried)."""
    known = {}
    for (name, class_name), characters in TRIGGERS.items():
        if name in md.inlinePatterns and type(md.inlinePatterns[name]).__name__ == class_name:
            known[id(md.inlinePatterns[name])] = frozenset(characters)
    return [(pattern, known.get(id(pattern))) for pattern in md.inlinePatterns]


class TriggeredInlineProcessor(InlineProcessor):
    """The library's inline step, skipping the patterns whose triggers the text lacks."""

    def run(self, tree, ancestors=None):
        self.patterns = triggers_of(self.md)
        return super().run(tree, ancestors)

    # The library's private method of the same (mangled) name, which every piece of text and
    # every nested element goes through; the loop is the library's, with the trigger check added.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if isinstance(data, util.AtomicString):
            return data
        # Found once: a match only ever replaces text, so later a trigger may be gone, never new
        # (trying a pattern whose trigger went is merely the library's own, slower, way).
        present = frozenset(TRIGGER.findall(data))
        patterns = self.patterns
        apply = self._InlineProcessor__applyPattern
        start = 0
        while patternIndex < len(patterns):
            pattern, triggers = patterns[patternIndex]
            if triggers is not None and present.isdisjoint(triggers):
                matched, start = False, 0
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md) -> None:
    """Put TriggeredInlineProcessor in the place of `md`'s inline step."""
    current = md.treeprocessors["inline"]
    if type(current) is not InlineProcessor or not hasattr(current, "_InlineProcessor__applyPattern"):
        return  # not the library's own step: leave it be
    md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", INLINE_PRIORITY)
