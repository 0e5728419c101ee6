"""One adapter per legacy platform; `detect_platform` picks the one a page was made with."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms import (blogger, generic, ghost, hubspot, medium, squarespace, tumblr,
                                          wordpress)
from salesblog.importer.platforms.base import Platform

# Most specific first: Medium and Ghost pages can carry WordPress-looking classes, and many
# themes reuse `entry-content`, so those are checked before WordPress.
PLATFORMS: tuple[Platform, ...] = (hubspot.PLATFORM, medium.PLATFORM, ghost.PLATFORM, squarespace.PLATFORM,
                                   blogger.PLATFORM, tumblr.PLATFORM, wordpress.PLATFORM)
GENERIC = generic.PLATFORM


def detect_platform(soup: BeautifulSoup, raw: str) -> Platform:
    return next((p for p in PLATFORMS if p.detect(soup, raw)), GENERIC)
