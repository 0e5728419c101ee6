"""What MkDocs and Material write into every site besides our pages, for the path checks (which
run in `check` too: this module imports nothing of MkDocs). engine/compat.py's tests build a site
and prove the lists complete."""

from __future__ import annotations

# Files MkDocs writes at the root of every site (Material's 404 page, MkDocs' sitemaps).
MKDOCS_FILES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})
# Folders Material fills (its scripts, stylesheets, fonts; the search index and worker).
ENGINE_FOLDERS = ("assets/", "search/")
# The search index Material's search worker reads: {"config": SETTINGS, "docs": [ENTRY...]}.
SEARCH_INDEX = "search/search_index.json"
