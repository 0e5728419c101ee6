"""content/tags.yml: topic hubs. A tag may get a description, an intro in Markdown and "start
here" posts pinned above its list:

    negotiation:                 # the tag as posts write it (or its slug)
      description: Getting to yes without giving the margin away.
      intro: |
        Where to begin if you **negotiate** for a living.
      start_here: [how-to-run-a-bulletproof-negotiation]   # post slugs
"""

from __future__ import annotations

from dataclasses import dataclass, field

from salesblog.content.datafile import read_mapping_file
from salesblog.content.posts import Post
from salesblog.errors import Problem
from salesblog.project import Project
from salesblog.schema import setting
from salesblog.slugs import slugify
from salesblog.yamlfile import line_of

TOPICS_NAME = "tags.yml"


@dataclass
class Topic:
    """What a tag's page says above its posts."""

    description: str = setting("One sentence about the topic: the tag page's description.", "")
    intro: str = setting("A few paragraphs (Markdown) shown above the tag's posts.", "")
    start_here: list[str] = setting("Slugs of the posts to read first, pinned above the list.", [])
    slug: str = ""  # the tag's slug, from the key
    line: int = 1
    start_lines: list[int] = field(default_factory=list)


def topics_path(project: Project):
    return project.content_dir / TOPICS_NAME


def read_topics(project: Project) -> tuple[dict[str, Topic], list[Problem]]:
    """Topics by tag slug, and the problems of tags.yml (a missing file is none)."""
    file, problems = read_mapping_file(project, topics_path(project),
                                       "tags to their description, intro and start_here")
    if file is None:
        return {}, problems
    data, loader = file.data, file.loader
    topics: dict[str, Topic] = {}
    for tag, entry in data.items():
        line = line_of(data, tag)
        topic = loader.section(Topic, entry, f"{tag}.", line)
        if topic is None:
            continue
        topic.slug, topic.line = slugify(str(tag)), line
        raw = entry.get("start_here") if isinstance(entry, dict) else None
        topic.start_lines = list(getattr(raw, "lines", [line] * len(topic.start_here)))
        topics[topic.slug] = topic
    return topics, loader.problems


def topic_problems(project: Project, topics: dict[str, Topic], posts: list[Post]) -> list[Problem]:
    """Topics of tags no post has, and start_here entries that are no post with that tag."""
    display = project.relative(topics_path(project))
    tagged = {slugify(t) for p in posts for t in p.tags}
    by_slug = {p.slug: p for p in posts}
    problems = []
    for topic in topics.values():
        if topic.slug not in tagged:
            problems.append(Problem(display, topic.line, f"no post has the tag {topic.slug!r}"))
            continue
        for slug, line in zip(topic.start_here, topic.start_lines):
            post = by_slug.get(slug)
            if post is None:
                problems.append(Problem(display, line, f"start_here: no post has the slug {slug!r}"))
            elif topic.slug not in {slugify(t) for t in post.tags}:
                problems.append(Problem(display, line, f"start_here: {post.path} is not tagged "
                                                       f"{topic.slug!r}"))
    return problems
