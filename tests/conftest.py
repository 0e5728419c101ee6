"""Shared fixtures: small blog projects written into tmp_path, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.projects import BlogProject

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens") or os.environ.get("SALESBLOG_UPDATE_GOLDENS") == "1"


@pytest.fixture
def blog(tmp_path) -> BlogProject:
    """A valid three-post blog in a temporary folder."""
    return BlogProject.sample(tmp_path / "blog")
