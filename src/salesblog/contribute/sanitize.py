"""A guest's Markdown as it is published: the trust boundary's check (salesblog.safety), with
the one rule that is the guest's alone: relative links go, since they would point at files of
the guest's own machine, and `salesblog build` refuses links to files that are not there."""

from __future__ import annotations

from salesblog.safety import vet_untrusted_markdown


def safe_markdown(text: str) -> str:
    """The Markdown a guest post or bio is published with (see `vet_untrusted_markdown`)."""
    return vet_untrusted_markdown(text, relative_links=False)
