"""Plain YAML with line numbers: every mapping remembers the line of each key, duplicate keys and
tags are refused, and impossible dates are reported where they stand, not as a traceback."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLLocatedError(Exception):
    """A YAML problem at a 1-based line of the text that was given."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class LineDict(dict):
    """A mapping that knows the line of each of its keys (`lines[key]`) and its own (`line`)."""

    lines: dict[Any, int]
    line: int


class LineList(list):
    """A sequence that knows the line of each item and its own."""

    lines: list[int]
    line: int


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    line_offset = 0

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        if not isinstance(node, yaml.MappingNode):
            raise YAMLLocatedError(self._line(node), "expected a mapping")
        self.flatten_mapping(node)
        result = LineDict()
        result.lines = {}
        result.line = self._line(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool, dt.date)) and key is not None:
                raise YAMLLocatedError(self._line(key_node), "a key must be plain text")
            if key in result:
                raise YAMLLocatedError(
                    self._line(key_node),
                    f"duplicate key {key!r} (first given on line {result.lines[key]})",
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = self._line(key_node)
        return result

    def construct_sequence(self, node, deep=False):  # noqa: D401 - PyYAML hook
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.lines = [self._line(child) for child in node.value]
        result.line = self._line(node)
        return result

    def construct_yaml_timestamp(self, node):  # noqa: D401 - PyYAML hook
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            from salesblog.content.dates import ACCEPTED_FORMS, impossible_reason

            raise YAMLLocatedError(self._line(node), f"date {node.value!r} is "
                                   f"{impossible_reason(node.value)}; {ACCEPTED_FORMS}") from None

    def construct_undefined(self, node):  # noqa: D401 - PyYAML hook
        raise YAMLLocatedError(
            self._line(node), f"YAML tags such as {node.tag!r} are not allowed; write plain values"
        )


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:omap", _LineLoader.construct_undefined)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor(None, _LineLoader.construct_undefined)


_QUOTE_IT = "put the value in quotes"
_CHECK_LINE = "not valid YAML; check this line's indentation, the ':' after its key and its quotes"


_AFTER_QUOTE = re.compile(r"""^\s*(?:- )?[^:#]+:\s+(["']).*?\1\s*[^\s#]""")


def _friendly(error: yaml.MarkedYAMLError, lines: list[str], index: int, column: int) -> str:
    """A plain-language reading of a parser error at line `index` (0-based) of `lines`: what
    the author most likely did, and what to write instead; never the parser's own words."""
    problem, context = error.problem or "", error.context or ""
    text_line = lines[index]
    indent = _indent(text_line)
    if "\t" in text_line[:indent] or "'\\t'" in problem:
        return "a tab character cannot indent YAML; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        above = next((line for line in reversed(lines[:index]) if line.strip()), None)
        if above is not None and indent > _indent(above) and not above.rstrip().endswith(":"):
            return ("this line is indented more than the line above it; line its key up with the "
                    "keys above")
        return f"unexpected ':' in a value; {_QUOTE_IT} (title: \"A: B\")"
    if "quoted scalar" in context:
        return "a quoted value is never closed; add the closing quote"
    if "flow sequence" in context:
        return "a list in [ ] is never closed with ] (or one of its items needs quotes)"
    if "flow mapping" in context:
        return "a mapping in { } is never closed with } (or one of its values needs quotes)"
    # PyYAML says "expected <block end>, but found ...", libyaml "did not find expected key/'-'".
    if problem.startswith("expected <block end>") or problem.startswith("did not find expected"):
        if "'<scalar>'" in problem or _AFTER_QUOTE.match(text_line):
            return f"text after a closing quote; {_QUOTE_IT} as a whole"
        if "found '-'" in problem or "sequence start" in problem or text_line.lstrip().startswith("-"):
            return ("a list item ('- ') is indented differently from the items above it, or stands "
                    "where a 'key: value' line belongs")
        return "this line is indented differently from the lines above it; line it up with them"
    if "could not find expected ':'" in problem:
        return "this line has no ':' after its key; write key: value"
    if "that cannot start any token" in problem:
        character = text_line[column:column + 1].strip() or "this character"
        return f"a value cannot start with {character}; {_QUOTE_IT}"
    if "alias" in problem or "anchor" in context:
        return f"'*' and '&' at the start of a value are YAML syntax; {_QUOTE_IT}"
    if "block scalar" in context:
        return f"'|' and '>' at the start of a value are YAML syntax; {_QUOTE_IT}"
    if "single document" in context:
        return "a second document starts here (a line holding only ---); remove it or the lines after it"
    return _CHECK_LINE


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


# Errors found where a construct ends, although the cause is where it began.
_OPENED_ELSEWHERE = ("quoted scalar", "flow sequence", "flow mapping", "simple key")


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document; line numbers count from `first_line` for the text's first line.

    Raises YAMLLocatedError for syntax errors, duplicate keys, tags and impossible dates.
    """
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and any(w in (error.context or "") for w in _OPENED_ELSEWHERE):
            mark = error.context_mark  # where the quote or bracket opened, not where text ran out
        lines = text.splitlines() or [""]
        index = min(mark.line if mark else 0, len(lines) - 1)
        column = mark.column if mark else 0
        raise YAMLLocatedError(index + first_line, _friendly(error, lines, index, column)) from None
    except yaml.YAMLError:
        raise YAMLLocatedError(first_line, _CHECK_LINE) from None
    finally:
        loader.dispose()


def line_of(mapping: Any, key: Any, default: int = 1) -> int:
    """The line of `key` in a mapping from load_yaml (or `default` when unknown)."""
    lines = getattr(mapping, "lines", None)
    if isinstance(lines, dict) and key in lines:
        return lines[key]
    return getattr(mapping, "line", default)
