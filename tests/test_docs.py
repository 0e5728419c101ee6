"""The README documents every setting the schema declares."""

from pathlib import Path

from salesblog.config import SiteConfig
from salesblog.schema import describe

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_lists_every_setting():
    text = README.read_text(encoding="utf-8")
    missing = [key for key, _, _ in describe(SiteConfig) if f"`{key}`" not in text]
    assert not missing, f"README.md does not document: {missing}"
