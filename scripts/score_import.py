"""Score `salesblog import` on a folder of saved pages and exports against an expectations file.

    python scripts/score_import.py tests/fixtures/import [--expectations FILE] [--trafilatura] [--no-adapters] [-v]

The expectations file (FOLDER/expectations.json by default) lists sources relative to FOLDER, each
with what a reader sees: title, date, authors, tags, first sentence, image count and strings of
page furniture that must not be in the body (see tests/fixtures/import/expectations.json). An export
lists its posts under "posts". Each source is imported on its own into a scratch project with the
real command line; every field scores 1 or 0. With --trafilatura the same pages are also read by
trafilatura's bare_extraction, out of the box, for comparison (exports are ours only). With
--no-adapters every platform adapter is switched off for this run, so each page goes through the
generic fallback, as a page from an unknown platform or an unrecognised theme variant would.

This is a measuring tool, not product logic: it only reads what the importer wrote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from click.testing import CliRunner

from salesblog.cli import group

FIELDS = ("title", "date", "author", "tags", "first_sentence", "images", "clean_body")
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Reading:
    """One post as some extractor read it, in plain values."""

    title: str = ""
    date: object = None  # datetime, date or ISO string
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    text: str = ""  # the body as text or Markdown
    images: int = 0


# ---- reading what our importer wrote -------------------------------------------------------

def import_with_salesblog(source: Path) -> list[Reading]:
    """Import one source into a scratch project with the real CLI; the posts it wrote."""
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copy(REPO / "site_config.yml", project / "site_config.yml")
        (project / "content" / "posts").mkdir(parents=True)
        (project / "content" / "authors.yml").write_text("# authors the import adds\n", encoding="utf-8")
        result = CliRunner().invoke(group, ["-C", str(project), "import", "--offline", str(source)])
        if result.exit_code != 0:
            print(f"  ! {source.name}: exit {result.exit_code}: {result.output.strip()[-300:]}", file=sys.stderr)
        names = yaml.safe_load((project / "content" / "authors.yml").read_text(encoding="utf-8")) or {}
        return [_reading_of(path.read_text(encoding="utf-8"), names)
                for path in sorted((project / "content" / "posts").glob("*.md"))]


def _reading_of(text: str, author_names: dict) -> Reading:
    _, head, body = text.split("---\n", 2)
    meta = yaml.safe_load(head) or {}
    ids = meta.get("authors") or ([meta["author"]] if meta.get("author") else [])
    authors = [(author_names.get(i) or {}).get("name", i) for i in ids]
    return Reading(title=str(meta.get("title", "")), date=meta.get("date"), authors=authors,
                   tags=[str(t) for t in meta.get("tags") or []], text=body, images=body.count("!["))


# ---- reading the same page with trafilatura, out of the box -----------------------------------

def read_with_trafilatura(source: Path) -> list[Reading]:
    from trafilatura import bare_extraction  # only needed for the comparison

    html = source.read_bytes()
    document = bare_extraction(html, with_metadata=True, include_images=True)
    if document is None:
        return []
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    body = data.get("body")
    images = len(body.findall(".//graphic")) if body is not None else 0
    authors = [a.strip() for a in re.split(r"[;,]", data.get("author") or "") if a.strip()]
    tags = list(data.get("categories") or []) + list(data.get("tags") or [])
    return [Reading(title=data.get("title") or "", date=data.get("date"), authors=authors, tags=tags,
                    text=data.get("text") or "", images=images)]


# ---- scoring ---------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split())


def plain_text(markdown: str) -> str:
    """Markdown to the words a reader sees: links, emphasis and heading marks removed."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`>#]+", "", text)
    return text


def first_text_block(markdown: str) -> str:
    """The body's first block of words: images, and the italic caption right under one, skipped."""
    after_image = False
    for block in re.split(r"\n\s*\n", markdown.strip()):
        if re.fullmatch(r"\s*!\[[^\]]*\]\([^)]*\)\s*", block):
            after_image = True
            continue
        if after_image and re.fullmatch(r"\s*\*[^*].*\*\s*", block, re.S):
            continue
        words = _squash(plain_text(block))
        if words:
            return words
    return ""


def _as_datetime(value: object) -> dt.datetime | dt.date | None:
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        return dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def date_matches(expected: str, actual: object) -> bool:
    """Same instant with a zone when the page gives one; same wall time or day otherwise."""
    wanted, got = _as_datetime(expected), _as_datetime(actual)
    if wanted is None or got is None:
        return False
    if not isinstance(wanted, dt.datetime):
        return (got.date() if isinstance(got, dt.datetime) else got) == wanted
    if not isinstance(got, dt.datetime):
        return False
    if wanted.tzinfo is not None:
        return got.tzinfo is not None and got == wanted
    return got.replace(tzinfo=None) == wanted


def day_matches(expected: str, actual: object) -> bool:
    wanted, got = _as_datetime(expected), _as_datetime(actual)
    if wanted is None or got is None:
        return False
    day = lambda v: v.date() if isinstance(v, dt.datetime) else v  # noqa: E731 - tiny local helper
    return day(wanted) == day(got)


def _folded(values: list[str]) -> set[str]:
    return {_squash(v).lower().lstrip("#") for v in values if _squash(v)}


def score(expected: dict, reading: Reading | None, forbidden_everywhere: list[str]) -> dict[str, int]:
    if reading is None:
        return {name: 0 for name in (*FIELDS, "day")}
    forbidden = list(expected.get("forbidden", [])) + forbidden_everywhere
    return {
        "title": int(_squash(reading.title) == _squash(expected["title"])),
        "date": int(date_matches(expected["date"], reading.date)),
        "day": int(day_matches(expected["date"], reading.date)),
        "author": int(_folded(reading.authors) == _folded(expected["authors"])),
        "tags": int(_folded(reading.tags) == _folded(expected["tags"])),
        "first_sentence": int(first_text_block(reading.text).startswith(_squash(expected["first_sentence"]))),
        "images": int(reading.images == expected["images"]),
        "clean_body": int(not any(s in reading.text for s in forbidden)),
    }


def _match(expected: dict, readings: list[Reading]) -> Reading | None:
    """The reading of this post: the one with its title, else the only one there is."""
    for reading in readings:
        if _squash(reading.title).lower() == _squash(expected["title"]).lower():
            return reading
    return readings[0] if len(readings) == 1 else None


@dataclass
class Tally:
    totals: dict[str, int] = field(default_factory=lambda: {name: 0 for name in (*FIELDS, "day")})
    count: int = 0

    def add(self, scores: dict[str, int]) -> None:
        self.count += 1
        for name, value in scores.items():
            self.totals[name] += value

    def percent(self, name: str) -> float:
        return 100.0 * self.totals[name] / self.count if self.count else 0.0

    def overall(self) -> float:
        return sum(self.percent(n) for n in FIELDS) / len(FIELDS)


def run(folder: Path, expectations: dict, with_trafilatura: bool, verbose: bool) -> dict[str, Tally]:
    tallies = {"salesblog (all)": Tally(), "salesblog (pages)": Tally()}
    if with_trafilatura:
        tallies["trafilatura (pages)"] = Tally()
    everywhere = expectations.get("forbidden_everywhere", [])
    for entry in expectations["sources"]:
        source = folder / entry["source"]
        posts = entry.get("posts", [entry])
        ours = import_with_salesblog(source)
        theirs = read_with_trafilatura(source) if with_trafilatura and "posts" not in entry else None
        for expected in posts:
            mine = score(expected, _match(expected, ours), everywhere)
            tallies["salesblog (all)"].add(mine)
            if "posts" not in entry:
                tallies["salesblog (pages)"].add(mine)
            line = f"{entry['source']}: {expected['title'][:40]!r} ours={_misses(mine)}"
            if theirs is not None:
                other = score(expected, _match(expected, theirs), everywhere)
                tallies["trafilatura (pages)"].add(other)
                line += f" trafilatura={_misses(other)}"
            if verbose:
                print(line)
    return tallies


def _misses(scores: dict[str, int]) -> str:
    missed = [name for name in FIELDS if not scores[name]]
    return "ok" if not missed else "missed " + ",".join(missed)


def report(tallies: dict[str, Tally]) -> None:
    width = max(len(name) for name in tallies) + 2
    print(f"{'':{width}}" + "".join(f"{name[:11]:>12}" for name in (*FIELDS, "day")) + f"{'total':>9}{'n':>5}")
    for name, tally in tallies.items():
        cells = "".join(f"{tally.percent(f):>11.1f}%" for f in (*FIELDS, "day"))
        print(f"{name:{width}}{cells}{tally.overall():>8.1f}%{tally.count:>5}")
    print("(total = mean of the seven scored fields; 'day' = the date's day only, not scored)")


def switch_off_adapters() -> None:
    """Measure the generic fallback alone: no platform is recognised during this run.

    A monkeypatch confined to this script; the importer itself has no such switch."""
    from salesblog.importer import platforms

    platforms.PLATFORMS = ()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--expectations", type=Path, help="default: FOLDER/expectations.json")
    parser.add_argument("--trafilatura", action="store_true", help="also score trafilatura out of the box")
    parser.add_argument("--no-adapters", action="store_true",
                        help="switch every platform adapter off: score the generic fallback alone")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per post with its misses")
    args = parser.parse_args(argv)
    if args.no_adapters:
        switch_off_adapters()
    expectations = json.loads((args.expectations or args.folder / "expectations.json").read_text(encoding="utf-8"))
    report(run(args.folder, expectations, args.trafilatura, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
