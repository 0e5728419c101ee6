"""One adapter per legacy platform; `detect_platform` picks the one a page was made with."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms import (blogger, devto, drupal, generic, ghost, hubspot, joomla, linkedin,
                                          medium, squarespace, substack, tumblr, typepad, wix, wordpress,
                                          writeas)
from salesblog.importer.platforms.base import Platform

# Most specific first: Medium and Ghost pages can carry WordPress-looking classes, and many
# themes reuse `entry-content`, so those are checked before WordPress.
PLATFORMS: tuple[Platform, ...] = (hubspot.PLATFORM, medium.PLATFORM, ghost.PLATFORM, substack.PLATFORM,
                                   linkedin.PLATFORM, devto.PLATFORM, wix.PLATFORM, squarespace.PLATFORM,
                                   blogger.PLATFORM, tumblr.PLATFORM, writeas.PLATFORM, wordpress.PLATFORM,
                                   drupal.PLATFORM, joomla.PLATFORM, typepad.PLATFORM)
GENERIC = generic.PLATFORM


def detect_platform(soup: BeautifulSoup, raw: str) -> Platform:
    return next((p for p in PLATFORMS if p.detect(soup, raw)), GENERIC)
