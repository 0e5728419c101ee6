"""Writing a post file (front matter + Markdown body) the way `salesblog new`, the importer and the
inbox all do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from salesblog.files import write_atomic

# The order authors read front matter in; keys not listed follow in the order given.
KEY_ORDER = ["title", "date", "updated", "authors", "tags", "summary", "image", "slug", "draft",
             "legacy_url"]


class _PostDumper(yaml.SafeDumper):
    pass


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_PostDumper.add_representer(dt.datetime, _represent_datetime)


def format_post(front_matter: dict, body: str) -> str:
    """The text of a post file: a YAML front matter block, a blank line, the Markdown body."""
    ordered = {k: front_matter[k] for k in KEY_ORDER if front_matter.get(k) is not None}
    ordered.update({k: v for k, v in front_matter.items() if k not in ordered and v is not None})
    header = yaml.dump(ordered, Dumper=_PostDumper, allow_unicode=True, sort_keys=False,
                       width=100, default_flow_style=None)
    return f"---\n{header}---\n\n{body.strip()}\n"


def write_post(path: Path, front_matter: dict, body: str, *, overwrite: bool = False) -> None:
    """Write a post atomically; never replaces an existing file unless overwrite=True."""
    write_atomic(path, format_post(front_matter, body), overwrite=overwrite)
