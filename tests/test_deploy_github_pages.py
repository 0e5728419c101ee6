"""`salesblog deploy github_pages`: the site as a commit on a gh-pages branch, pushed to a real
(bare, local) git remote, as `mkdocs gh-deploy` does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.projects import BlogProject

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DEPLOY = """
deploy:
  github_pages:
    remote: origin
    branch: gh-pages
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    project = BlogProject.sample(tmp_path_factory.mktemp("built") / "blog")
    assert project.run("build").exit_code == 0
    return project.root / "site"


@pytest.fixture
def remote(tmp_path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    return bare


@pytest.fixture
def blog(tmp_path, built_site, remote, monkeypatch) -> BlogProject:
    """A built blog in a git repository whose origin is `remote`, on a machine where git has no
    user configured (as under cron)."""
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    project = BlogProject.sample(tmp_path / "blog")
    (project.root / "site_config.yml").write_text((project.root / "site_config.yml").read_text() + DEPLOY)
    shutil.copytree(built_site, project.root / "site")
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "remote", "add", "origin", str(remote))
    return project


def site_listing(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.is_file() and p.name != ".salesblog-site")


def branch_listing(repo: Path, branch: str = "gh-pages") -> list[str]:
    return sorted(git(repo, "ls-tree", "-r", "--name-only", branch).splitlines())


def commits(repo: Path, branch: str = "gh-pages") -> list[str]:
    return git(repo, "rev-list", branch).splitlines()


def test_the_branch_holds_exactly_the_site_and_nojekyll(blog, remote):
    result = blog.run("deploy", "github_pages")
    assert result.exit_code == 0, result.output
    site = blog.root / "site"
    assert branch_listing(remote) == sorted([*site_listing(site), ".nojekyll"])
    assert len(commits(remote)) == 1
    published = subprocess.run(["git", "-C", str(remote), "show", "gh-pages:blog/first-post/index.html"],
                               capture_output=True, check=True).stdout
    assert published == (site / "blog/first-post/index.html").read_bytes()
    assert git(remote, "log", "-1", "--format=%an <%ae>|%s", "gh-pages") == \
        "salesblog deploy <salesblog@localhost>|Deploy the blog with salesblog"
    # The project's own branch, index and working tree are untouched; its gh-pages follows.
    assert git(blog.root, "rev-parse", "gh-pages") == commits(remote)[0]
    assert git(blog.root, "symbolic-ref", "HEAD") == "refs/heads/main"
    assert git(blog.root, "ls-files") == ""
    assert f"uploaded {len(site_listing(site)) + 1}, deleted 0, 0 unchanged" in result.output


def test_a_second_deploy_with_nothing_changed_makes_no_commit(blog, remote):
    assert blog.run("deploy").exit_code == 0
    first = commits(remote)
    again = blog.run("deploy")
    assert again.exit_code == 0, again.output
    assert commits(remote) == first
    assert f"github_pages: up to date ({len(site_listing(blog.root / 'site')) + 1} files unchanged)" in again.output


def test_a_changed_site_is_one_commit_on_top_of_the_branch(blog, remote):
    assert blog.run("deploy").exit_code == 0
    first = commits(remote)
    site = blog.root / "site"
    (site / "blog/first-post/index.html").write_text("<p>new version</p>\n")
    (site / "tags/negotiation/feed.xml").unlink()
    result = blog.run("deploy")
    assert result.exit_code == 0, result.output
    assert f"uploaded 1, deleted 1, {len(site_listing(site)) - 1 + 1} unchanged" in result.output
    history = commits(remote)
    assert history[1:] == first and len(history) == 2
    assert git(remote, "rev-parse", "gh-pages^") == first[0]
    assert "tags/negotiation/feed.xml" not in branch_listing(remote)
    assert git(remote, "show", "gh-pages:blog/first-post/index.html") == "<p>new version</p>"


def test_history_already_on_the_remote_is_kept_and_its_files_replaced(blog, remote, tmp_path):
    # Someone published by hand before: gh-pages exists on the remote only.
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", "-b", "gh-pages", str(other))
    (other / "old-page.html").write_text("old")
    git(other, "add", "old-page.html")
    git(other, "-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", "by hand")
    git(other, "push", "-q", str(remote), "gh-pages")
    by_hand = commits(remote)
    result = blog.run("deploy", "--dry-run")
    assert "github_pages: would delete old-page.html" in result.output
    assert blog.run("deploy").exit_code == 0
    assert commits(remote)[1:] == by_hand
    assert "old-page.html" not in branch_listing(remote)


def test_dry_run_lists_the_changes_and_changes_nothing(blog, remote):
    before = blog.run("deploy", "--dry-run")
    assert before.exit_code == 0, before.output
    assert "github_pages: would upload .nojekyll" in before.output
    assert "github_pages: would upload index.html" in before.output
    assert git(remote, "for-each-ref") == ""  # nothing pushed
    assert git(blog.root, "for-each-ref") == ""  # no local branch made
    assert blog.run("deploy").exit_code == 0
    published = commits(remote)
    (blog.root / "site/index.html").write_text("changed")
    (blog.root / "site/atom.xml").unlink()
    unchanged = len(site_listing(blog.root / "site"))  # less index.html, plus .nojekyll
    result = blog.run("deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "would" in line]
    assert lines == ["github_pages: would upload index.html", "github_pages: would delete atom.xml",
                     f"github_pages: would upload 1, delete 1, leave {unchanged} unchanged (dry run: nothing was changed)"]
    assert commits(remote) == published
    assert git(blog.root, "rev-parse", "gh-pages") == published[0]


def test_cname_is_written_for_a_custom_domain(blog, remote):
    config = blog.root / "site_config.yml"
    config.write_text(config.read_text() + "    cname: blog.example.com\n")
    assert blog.run("deploy").exit_code == 0
    assert git(remote, "show", "gh-pages:CNAME") == "blog.example.com"


def test_build_option_builds_first(blog, remote):
    shutil.rmtree(blog.root / "site")
    missing = blog.run("deploy")
    assert missing.exit_code == 1
    assert "deploy github_pages: site holds no built site: run `salesblog build` first" in missing.output
    result = blog.run("deploy", "--build")
    assert result.exit_code == 0, result.output
    assert "Built 3 posts" in result.output
    assert "blog/third-post/index.html" in branch_listing(remote)


def test_an_unreachable_remote_fails_naming_target_and_remote(blog, tmp_path):
    git(blog.root, "remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    result = blog.run("deploy")
    assert result.exit_code == 1
    assert result.output.startswith("Error: deploy github_pages: read branch gh-pages of remote origin:")
    assert "does not appear to be a git repository" in result.output


def test_a_project_outside_git_is_told_what_to_do(blog):
    shutil.rmtree(blog.root / ".git")
    result = blog.run("deploy")
    assert result.exit_code == 1
    assert "deploy github_pages:" in result.output and "is not in a git repository (git init" in result.output
