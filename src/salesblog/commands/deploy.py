"""`salesblog deploy`: publish the built site to the targets of site_config.yml's deploy section."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from salesblog.config import load_site_config
from salesblog.deploy import DeployError
from salesblog.deploy.changes import ChangeSet

TARGETS = ("github_pages", "rsync", "s3")


@click.command("deploy")
@click.argument("target", required=False, type=click.Choice(TARGETS), metavar="[TARGET]")
@click.option("--dry-run", is_flag=True, help="List what would be uploaded and deleted; change nothing.")
@click.option("--build", "build_first", is_flag=True,
              help="Build the site first, as `salesblog build` does (like `mkdocs gh-deploy`).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="The built site to publish (default: site/ in the project).")
@click.pass_obj
def command(session, target: str | None, dry_run: bool, build_first: bool, site_dir: Path | None):
    """Publish the built site to TARGET (github_pages, rsync or s3), or to every target
    configured under `deploy:` in site_config.yml, uploading only the files that changed.

    It publishes site/ as the last `salesblog build` left it (--build builds first). Keys are
    never read from site_config.yml: SSH uses your agent and keys, S3 the AWS_* environment
    variables or an AWS profile.

    \b
    Example:
      salesblog build && salesblog deploy
      salesblog deploy s3 --dry-run
    """
    project = session.project()
    config = load_site_config(project)
    site_dir = (site_dir or project.root / "site").absolute()
    names = [target] if target else config.deploy.targets()
    if not names:
        raise DeployError("", "no target in site_config.yml: add a deploy: section "
                              "(github_pages, rsync or s3; see the README)")
    for name in names:
        if getattr(config.deploy, name) is None:
            raise DeployError(name, f"deploy.{name} is not set in site_config.yml")
    if build_first:
        from salesblog.pipeline import build_site

        result = build_site(project, site_dir)
        click.echo(f"Built {result.posts} posts ({result.pages} pages) into {project.relative(site_dir)}")
    if not (site_dir / "index.html").is_file():
        raise DeployError(names[0], f"{project.relative(site_dir)} holds no built site: run "
                                    "`salesblog build` first (or `salesblog deploy --build`)")
    for name in names:
        changes = _deploy(name, project.root, site_dir, getattr(config.deploy, name), dry_run)
        _report(name, changes, dry_run)


def _deploy(name: str, root: Path, site_dir: Path, settings, dry_run: bool) -> ChangeSet:
    # Each target's module is imported only here: boto3 alone takes longer than `salesblog check`.
    if name == "github_pages":
        module = importlib.import_module("salesblog.deploy.github_pages")
        return module.deploy_github_pages(root, site_dir, settings, dry_run).changes
    if name == "rsync":
        return importlib.import_module("salesblog.deploy.rsync").deploy_rsync(root, site_dir, settings, dry_run)
    try:
        module = importlib.import_module("salesblog.deploy.s3")
    except ImportError as error:
        raise DeployError(name, f"boto3 is not installed ({error.name}): pip install 'salesblog[deploy]'") from None
    return module.deploy_s3(site_dir, settings, dry_run)


def _report(name: str, changes: ChangeSet, dry_run: bool) -> None:
    if dry_run:
        for path in changes.upload:
            click.echo(f"{name}: would upload {path}")
        for path in changes.delete:
            click.echo(f"{name}: would delete {path}")
        click.echo(f"{name}: would upload {len(changes.upload)}, delete {len(changes.delete)}, "
                   f"leave {changes.unchanged} unchanged (dry run: nothing was changed)")
    elif changes.empty:
        click.echo(f"{name}: up to date ({changes.unchanged} files unchanged)")
    else:
        click.echo(f"{name}: uploaded {len(changes.upload)}, deleted {len(changes.delete)}, "
                   f"{changes.unchanged} unchanged")
