"""content/series.yml: posts read in order. A series gets a title and an intro in Markdown;
its parts name it in their front matter (`series: <id>`, `series_order: <whole number>`):

    closing-the-quarter:          # the id posts write as `series:`
      title: Closing the quarter
      intro: |
        Five posts on the last **four weeks** of a quarter.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesblog.content.datafile import read_mapping_file
from salesblog.content.posts import Post
from salesblog.errors import Problem
from salesblog.project import Project
from salesblog.schema import setting
from salesblog.slugs import is_safe_slug
from salesblog.yamlfile import line_of

SERIES_NAME = "series.yml"


@dataclass
class Series:
    """A series' own words, shown on its page and above each part."""

    title: str = setting("The series' name, shown on every part and as its page's heading.")
    intro: str = setting("A few paragraphs (Markdown) shown above the list of parts.", "")
    id: str = ""  # from the key: the page is /series/<id>/
    line: int = 1


def series_path(project: Project):
    return project.content_dir / SERIES_NAME


def read_series(project: Project) -> tuple[dict[str, Series], list[Problem]]:
    """Series by id, and the problems of series.yml (a missing file is none)."""
    file, problems = read_mapping_file(project, series_path(project), "series ids to their title and intro")
    if file is None:
        return {}, problems
    data, loader = file.data, file.loader
    found: dict[str, Series] = {}
    for key, entry in data.items():
        line = line_of(data, key)
        if not isinstance(key, str) or not is_safe_slug(key):
            loader.report(line, f"series id {key!r} must be lowercase letters, digits and hyphens "
                                "(it is the series' address)")
            continue
        series = loader.section(Series, entry, f"{key}.", line)
        if series is not None:
            series.id, series.line = key, line
            found[key] = series
    return found, loader.problems


def part_problems(series: dict[str, Series], posts: list[Post]) -> list[Problem]:
    """Posts naming a series series.yml does not have."""
    known = ", ".join(sorted(series)) or "none yet: add content/series.yml"
    return [Problem(post.path, post.lines.get("series", 1),
                    f"unknown series {post.series!r}; known series: {known}")
            for post in posts if post.series is not None and post.series not in series]


def order_problems(posts: list[Post]) -> list[Problem]:
    """Two parts of one series at the same place: reported on the later-dated one."""
    problems, seen = [], {}
    for post in sorted(posts, key=lambda p: (p.date, p.path)):
        if post.series is None or post.series_order is None:
            continue
        first = seen.setdefault((post.series, post.series_order), post)
        if first is not post:
            problems.append(Problem(post.path, post.lines.get("series_order", 1),
                                    f"series_order {post.series_order} of series {post.series!r} "
                                    f"is also the order of {first.path}"))
    return problems


def series_parts(series: dict[str, Series], posts: list[Post]) -> dict[str, list[Post]]:
    """Series id -> its parts in reading order (by series_order; parts without one last, by
    date), for every series with at least one of `posts`."""
    parts: dict[str, list[Post]] = {}
    for post in posts:
        if post.series in series:
            parts.setdefault(post.series, []).append(post)
    for found in parts.values():
        found.sort(key=lambda p: (p.series_order is None, p.series_order or 0, p.date, p.slug))
    return {sid: parts[sid] for sid in series if sid in parts}
