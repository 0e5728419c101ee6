"""Bringing an existing blog over: legacy pages and exports become salesblog posts.

Pelican-style split: one parser per source kind (platforms/ for saved pages, wxr.py and
blogger_export.py for exports), each giving `ImportedPost`s, and one writer (writer.py) that
turns them into files.
"""
