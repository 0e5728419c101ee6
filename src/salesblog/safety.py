"""The trust boundary for untrusted Markdown (imported pages, guest drafts).

PLACEHOLDER of branch write-side: replaced at merge by the real module of branch markup-safety.
It only gives `write_new_post` (content/writer.py) the one function it calls.
"""

from __future__ import annotations


def vet_untrusted_markdown(markdown: str) -> str:
    """The Markdown of an untrusted body, safe to publish.

    Placeholder: the adapters still sanitise before this point as they did before (`inbox
    accept` with contribute/sanitize.safe_markdown, `import` with importer/markdown's
    conversion), so the text is returned unchanged. The real function replaces this at merge.
    """
    return markdown
