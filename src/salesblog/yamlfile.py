"""Plain YAML with line numbers: every mapping remembers the line of each key, duplicate keys and
tags are refused, and impossible dates are reported where they stand, not as a traceback."""

from __future__ import annotations

import datetime as dt
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
        except ValueError as error:
            raise YAMLLocatedError(
                self._line(node), f"impossible date {node.value!r} ({error})"
            ) from None

    def construct_undefined(self, node):  # noqa: D401 - PyYAML hook
        raise YAMLLocatedError(
            self._line(node), f"YAML tags such as {node.tag!r} are not allowed; write plain values"
        )


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:omap", _LineLoader.construct_undefined)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor(None, _LineLoader.construct_undefined)


def _friendly(error: yaml.MarkedYAMLError, text_line: str) -> str:
    problem = error.problem or "invalid YAML"
    if "\t" in text_line[: len(text_line) - len(text_line.lstrip())]:
        return "a tab character cannot indent YAML; indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return "unexpected ':' in a value; put the value in quotes (title: \"A: B\")"
    if "found unexpected end of stream" in problem and error.context and "quoted" in error.context:
        return "a quoted value is never closed; add the closing quote"
    if error.context:
        return f"{error.context}: {problem}"
    return problem


_OPENED_ELSEWHERE = ("quoted scalar", "flow sequence", "flow mapping")


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
        index = mark.line if mark else 0
        lines = text.splitlines() or [""]
        text_line = lines[min(index, len(lines) - 1)]
        raise YAMLLocatedError(index + first_line, _friendly(error, text_line)) from None
    except yaml.YAMLError as error:
        raise YAMLLocatedError(first_line, str(error)) from None
    finally:
        loader.dispose()


def line_of(mapping: Any, key: Any, default: int = 1) -> int:
    """The line of `key` in a mapping from load_yaml (or `default` when unknown)."""
    lines = getattr(mapping, "lines", None)
    if isinstance(lines, dict) and key in lines:
        return lines[key]
    return getattr(mapping, "line", default)
