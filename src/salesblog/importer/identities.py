"""Every post of one export gets an identity of its own, so that no item is written over
another within a run: exports from real tools repeat guids, post ids, links and (for drafts)
titles, and Blogger entries may have no <id> at all."""

from __future__ import annotations

from salesblog.importer.model import ImportedPost


def give_distinct_identities(posts: list[ImportedPost], export: str) -> None:
    """Make `posts` (in the export's order) differ in identity and old address; the first
    keeps what it had, a later twin gets a numbered identity and a warning. The numbering
    follows the export's order, so importing the same export again finds the same posts.
    `export` names the file (absolute) or URL: an item with no id and no address of its own is
    known by it and its title, however the command line spelled the file's path."""
    addresses: dict[str, ImportedPost] = {}
    identities: set[str] = set()
    for post in posts:
        if post.legacy_url:
            first = addresses.setdefault(post.legacy_url, post)
            if first is not post:
                post.warnings.append(f"has the same old address as \u201c{first.title}\u201d ({post.legacy_url}); "
                                     "imported as a post of its own, without a redirect from that address")
                post.legacy_url = None
        if not post.source_id and not post.legacy_url:
            post.source_id = f"{export}#{post.title}"
        identity = post.identity
        if identity in identities:
            number = 2
            while f"{identity}#{number}" in identities:
                number += 1
            post.source_id = f"{identity}#{number}"
            identity = post.identity
        identities.add(identity)
