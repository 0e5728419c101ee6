"""The bracket matcher that stands in for Python-Markdown's own (render/brackets.py): the same
table for any text, and the same HTML for posts with links, images and references."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from markdown.inlinepatterns import LinkInlineProcessor

from salesblog.render import brackets
from salesblog.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, PostRenderer


def test_the_library_still_has_the_method_we_replace():
    # If Python-Markdown renames it, rendering is merely slower: this says so.
    assert hasattr(LinkInlineProcessor, brackets.LIBRARY_METHOD)


@pytest.mark.parametrize("seed", range(5))
def test_same_table_as_the_library_for_random_bracket_soup(seed):
    chance = random.Random(seed)
    for _ in range(3000):
        text = "".join(chance.choice("ab[]]x[\\(") for _ in range(chance.randint(0, 60)))
        assert brackets.find_bracket_ends(text) == LinkInlineProcessor._findBracketEnds(text), text


POST = """A [link](https://example.com/a) and [another [nested] one](b.md), an image
![chart](chart.png "Title") and a [reference][ref], [short ref], [unclosed [bracket.

- [ ] a task with [a link](c.md)
- [x] done

[ref]: https://example.com/ref
[short ref]: https://example.com/short
"""


def test_posts_render_exactly_as_with_the_library_matcher():
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    ours = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    brackets.install(ours)
    assert any(getattr(p, brackets.LIBRARY_METHOD, None) is brackets.find_bracket_ends
               for p in ours.inlinePatterns)
    assert ours.convert(POST) == plain.convert(POST)
    html = PostRenderer().render(POST, Path("."), {}, None).html
    assert 'href="https://example.com/ref"' in html and "[unclosed [bracket." in html


def test_unclosed_brackets_cost_linear_time():
    text = "[" * 200_000  # a hostile draft: the library's loop is in Python, ours per bracket run
    ends = brackets.find_bracket_ends(text)
    assert ends[1] is None and len(ends) == len(text) + 1
