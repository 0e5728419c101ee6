"""A small declared-schema loader: dataclasses whose fields carry a docstring, a default and an
optional check. Loading collects every problem (file, line, key) instead of stopping at the first."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Any

from salesblog.errors import Problem
from salesblog.yamlfile import line_of

Check = Callable[[Any], "str | None"]


def setting(doc: str, default: Any = dataclasses.MISSING, *, check: Check | None = None):
    """A field of a schema section; without a default it is required."""
    kwargs: dict[str, Any] = {"metadata": {"doc": doc, "check": check}}
    if isinstance(default, (list, dict)) or dataclasses.is_dataclass(default):
        frozen = default
        kwargs["default_factory"] = lambda: _copy(frozen)
    elif default is not dataclasses.MISSING:
        kwargs["default"] = default
    return dataclasses.field(**kwargs)


def _copy(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value)
    return type(value)(value)


def link_value(value: str) -> str | None:
    """A check for settings that become href or src: a path on the site or an http(s) URL."""
    from salesblog.safety import is_safe_url  # the one URL policy; here, so reading settings stays light

    if not is_safe_url(value) or any(c in value for c in "\"'<> \t\n"):
        return "must be a path on this site or an http(s) URL"
    return None


def describe(section: type) -> list[tuple[str, str, str]]:
    """(key, type, doc) for every key of a section, nested sections as `parent.key`."""
    rows = []
    hints = typing.get_type_hints(section)
    for field in settings(section):
        kind = hints[field.name]
        rows.append((field.name, _type_name(kind), field.metadata["doc"]))
        if typing.get_origin(kind) is list and dataclasses.is_dataclass(typing.get_args(kind)[0]):
            rows += [(f"{field.name}[].{k}", t, d) for k, t, d in describe(typing.get_args(kind)[0])]
        inner = _optional_of(kind)
        if dataclasses.is_dataclass(inner):
            rows += [(f"{field.name}.{k}", t, d) for k, t, d in describe(inner)]
    return rows


def _optional_of(kind: Any) -> Any:
    """X of `X | None`; `kind` itself otherwise."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return args[0] if len(args) == 1 else kind
    return kind


def settings(section: type) -> list[dataclasses.Field]:
    """The fields users may write: those declared with setting() (others are filled in code)."""
    return [f for f in dataclasses.fields(section) if "doc" in f.metadata]


def _type_name(kind: Any) -> str:
    if dataclasses.is_dataclass(kind):
        return "mapping"
    origin = typing.get_origin(kind)
    if origin is list:
        return f"list of {_type_name(typing.get_args(kind)[0])}"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(kind) if a is not type(None))
    return {str: "text", int: "whole number", bool: "true/false", float: "number"}.get(
        kind, getattr(kind, "__name__", str(kind))
    )


class Loader:
    """Loads mappings into schema sections, collecting problems for one file."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def report(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def section(self, cls: type, data: Any, where: str = "", line: int = 1) -> Any:
        """An instance of `cls` from `data`; unusable values fall back to defaults, reported."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.report(line, f"{where or 'the file'} must be a mapping of keys to values")
            data = {}
        hints = typing.get_type_hints(cls)
        known = {f.name: f for f in settings(cls)}
        values: dict[str, Any] = {}
        for key in data:
            if key not in known:
                self.report(line_of(data, key, line), f"unknown setting {where}{key!r}")
        lines = getattr(data, "lines", {})
        for name, field in known.items():
            key_line = lines.get(name, line)  # a missing key is reported where its section starts
            if name not in data or data[name] is None:
                if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                    self.report(key_line, f"missing required setting {where}{name!r}")
                continue
            value = self.value(hints[name], data[name], f"{where}{name}", key_line)
            if value is _INVALID:
                continue
            check = field.metadata.get("check")
            message = check(value) if check else None
            if message:
                self.report(key_line, f"{where}{name}: {message}")
                continue
            values[name] = value
        try:
            return cls(**values)
        except TypeError:  # a required field was reported missing above
            return None

    def value(self, kind: Any, raw: Any, key: str, line: int) -> Any:
        origin = typing.get_origin(kind)
        if dataclasses.is_dataclass(kind):
            return self.section(kind, raw, f"{key}.", line)
        if origin in (typing.Union, types.UnionType):
            kind = next(a for a in typing.get_args(kind) if a is not type(None))
            return self.value(kind, raw, key, line)
        if origin is list:
            (item_kind,) = typing.get_args(kind)
            if not isinstance(raw, list):
                self.report(line, f"{key} must be a list")
                return _INVALID
            lines = getattr(raw, "lines", [line] * len(raw))
            items = [self.value(item_kind, item, f"{key}[{i}]", ln) for i, (item, ln) in enumerate(zip(raw, lines))]
            return [item for item in items if item is not _INVALID and item is not None]
        if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
            return float(raw)
        if kind is int and isinstance(raw, bool) or not isinstance(raw, kind):
            self.report(line, f"{key} must be {_type_name(kind)}, not {raw!r}")
            return _INVALID
        return raw


_INVALID = object()
