"""`salesblog deploy` as a command: its settings (checked like every other, with their line),
the README's sample, the errors before any target is reached, and `check` staying free of boto3."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from salesblog.config import load_site_config
from salesblog.project import Project
from tests.projects import modules_check_imports

README = Path(__file__).resolve().parent.parent / "README.md"


def add_settings(blog, text: str) -> None:
    config = blog.root / "site_config.yml"
    config.write_text(config.read_text() + text)


def test_without_a_deploy_section_the_operator_is_told_what_to_add(blog):
    result = blog.run("deploy", "--dry-run")
    assert result.exit_code == 1
    assert "Error: deploy: no target in site_config.yml: add a deploy: section" in result.output


def test_a_target_that_is_not_configured_is_named(blog):
    add_settings(blog, "deploy:\n  rsync:\n    destination: /tmp/nowhere\n")
    result = blog.run("deploy", "s3")
    assert result.exit_code == 1
    assert "Error: deploy s3: deploy.s3 is not set in site_config.yml" in result.output


def test_an_unknown_target_is_a_usage_error(blog):
    result = blog.run("deploy", "ftp")
    assert result.exit_code == 2
    assert "'ftp' is not one of 'github_pages', 'rsync', 's3'" in result.output


def test_bad_deploy_settings_are_reported_at_their_line(blog):
    lines_before = len((blog.root / "site_config.yml").read_text().splitlines())
    add_settings(blog, "deploy:\n"
                       "  github_pages:\n"
                       "    branch: ../main\n"
                       "  rsync:\n"
                       "    destination: --rsh=sh\n"
                       "  s3:\n"
                       "    bucket: Not_A_Bucket\n"
                       "    endpoint_url: ftp://files.example.com\n"
                       "    secret_access_key: abc\n")
    result = blog.run("check")
    assert result.exit_code == 1
    at = lambda offset: f"site_config.yml:{lines_before + offset}: "  # noqa: E731
    assert at(3) + "deploy.github_pages.branch: must be a branch name such as gh-pages" in result.output
    assert at(5) + "deploy.rsync.destination: must be a name or address" in result.output
    assert at(7) + "deploy.s3.bucket: must be a bucket name" in result.output
    assert at(8) + "deploy.s3.endpoint_url: must be an absolute http(s) URL" in result.output
    assert at(9) + "unknown setting deploy.s3.'secret_access_key'" in result.output


def test_the_readmes_sample_deploy_section_is_valid(blog):
    section = README.read_text(encoding="utf-8").split("### Deploy", 1)[1]
    sample = re.search(r"```yaml\n(deploy:\n.*?)```", section, re.S).group(1)
    add_settings(blog, sample)
    deploy = load_site_config(Project(blog.root)).deploy
    assert deploy.targets() == ["github_pages", "rsync", "s3"]
    assert (deploy.github_pages.remote, deploy.github_pages.branch) == ("origin", "gh-pages")
    assert deploy.rsync.destination == "deploy@blog.example.com:/var/www/blog" and deploy.rsync.delete
    assert deploy.s3.endpoint_url.startswith("https://") and deploy.s3.cache_seconds == 300


def test_check_does_not_import_boto3_even_with_an_s3_target(blog):
    add_settings(blog, "deploy:\n  s3:\n    bucket: blog-example-com\n")
    imported = modules_check_imports(blog.root)
    assert "salesblog" in imported
    assert imported.isdisjoint({"boto3", "botocore", "s3transfer"})


@pytest.mark.skipif(not (shutil.which("git") and shutil.which("rsync")), reason="needs git and rsync")
def test_without_a_target_every_configured_one_is_deployed_in_order(blog, tmp_path, monkeypatch):
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", str(blog.root)], check=True)
    add_settings(blog, f"deploy:\n  rsync:\n    destination: {tmp_path / 'www'}\n"
                       f"  github_pages:\n    remote: {remote}\n")
    result = blog.run("deploy", "--build")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Built 3 posts")
    assert lines[1].startswith("github_pages: uploaded ") and lines[2].startswith("rsync: uploaded ")
    assert (tmp_path / "www/blog/first-post/index.html").is_file()
    listed = subprocess.run(["git", "-C", str(remote), "ls-tree", "--name-only", "gh-pages"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in listed and ".nojekyll" in listed
