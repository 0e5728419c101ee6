"""Inline patterns tried only on text holding their trigger characters (render/inline_triggers.py):
every pattern we use is listed, no regex can match without its triggers, and posts render to
exactly the HTML of the library's own inline step."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from salesblog.render import inline_triggers
from salesblog.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, PostRenderer, render_bio

# Every character Markdown gives a meaning inline, and a few plain ones.
ALPHABET = "ab 1\n*_`\\[]()!<>&;#^~:/@\"'=.-xh"


def _renderers():
    renderer = PostRenderer()
    return {"post": renderer.md, "summary": renderer.inline}


def test_every_inline_pattern_of_our_renderers_has_triggers():
    # A library upgrade that renames or swaps a pattern only makes rendering slower; this says so.
    for name, md in _renderers().items():
        untriggered = [type(p).__name__ for p, chars in inline_triggers.triggers_of(md) if chars is None]
        assert untriggered == [], (name, untriggered)
        assert type(md.treeprocessors["inline"]) is inline_triggers.TriggeredInlineProcessor


@pytest.mark.parametrize("seed", range(3))
def test_no_pattern_matches_text_without_its_triggers(seed):
    chance = random.Random(seed)
    md = _renderers()["post"]
    for pattern, chars in inline_triggers.triggers_of(md):
        alphabet = "".join(c for c in ALPHABET if c not in chars)
        for _ in range(2000):
            text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 40)))
            assert pattern.compiled_re.search(text) is None, (type(pattern).__name__, text)


SAMPLES = {
    "backtick": "`code`", "escape": "\\*", "footnote": "[^1]", "link": "[a](b)",
    "image_link": "![a](b)", "autolink": "<https://x.y>", "automail": "<a@b.c>",
    "linebreak": "a  \nb", "html": "<b>", "entity": "&amp;", "em_strong": "*a*", "delimiter": "~~a~~",
}


def test_each_trigger_is_in_a_text_its_pattern_matches():
    # The check above could pass with triggers that nothing matches; these match.
    md = _renderers()["post"]
    for name, sample in SAMPLES.items():
        pattern = md.inlinePatterns[name]
        chars = dict((id(p), c) for p, c in inline_triggers.triggers_of(md))[id(pattern)]
        assert pattern.compiled_re.search(sample), name
        assert any(c in sample for c in chars), name


def _library_renderer() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


POST = """# Closing *big* deals

A [link](https://example.com/a), `code`, **strong _and em_**, ~~gone~~, a footnote[^1] and
a line break  
here; &amp; an entity, <span>raw html</span>, <https://example.com> and <sales@example.com>.
Not a [^link](x) footnote, an image ![chart](chart.png) and a \\*escaped\\* star.

> A quote with *emphasis* and a [reference][ref].

- [ ] a task with `code`
- [x] done

Term
:   Definition with **bold**.

| a | b |
|---|---|
| *x* | [y](z) |

[ref]: https://example.com/ref
[^1]: The note, with *emphasis*.
"""


def test_a_post_renders_exactly_as_with_the_library_inline_step():
    ours = _renderers()["post"]
    assert ours.reset().convert(POST) == _library_renderer().reset().convert(POST)


@pytest.mark.parametrize("seed", range(4))
def test_random_markdown_renders_exactly_as_with_the_library_inline_step(seed):
    chance = random.Random(seed)
    tokens = ["*", "**", "_", "`", "[", "]", "(", ")", "![", "[^", "<", ">", "&", ";", "~~", "\\",
              "  \n", "\n", "\n\n", "word ", "a@b.c", "http://x.y", "<b>", "</b>", "&amp;", "#"]
    ours, library = _renderers()["post"], _library_renderer()
    for _ in range(400):
        text = "".join(chance.choice(tokens) for _ in range(chance.randint(1, 40)))
        assert ours.reset().convert(text) == library.reset().convert(text), repr(text)


def test_summaries_and_bios_take_the_faster_step_too():
    assert "<em>why</em>" in render_bio("The *why* of it, [site](https://example.com).")
    rendered = PostRenderer().render("Body.", Path("."), {}, "A *short* summary")
    assert rendered.summary_html == "<p>A <em>short</em> summary</p>"
