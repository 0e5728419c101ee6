"""GitHub Pages: the site as a commit on top of a branch's history (gh-pages by default), pushed
to a git remote, as `mkdocs gh-deploy` and ghp-import do. The commit is made with git's plumbing
in a private index, so the project's working tree, index and checked-out branch are left alone."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from salesblog.deploy import DeployError
from salesblog.deploy.changes import ChangeSet, compare, git_blob_id, site_files

TARGET = "github_pages"
# GitHub Pages runs Jekyll over the branch unless this file is there; Jekyll would drop every
# file and folder whose name starts with '_' or '.', and the site needs none of its work.
NOJEKYLL = ".nojekyll"


@dataclass
class Outcome:
    changes: ChangeSet
    commit: str | None = None  # the new commit, when one was made
    pushed: bool = False


class Git:
    """git, run in one repository; a failure becomes a DeployError saying what was attempted."""

    def __init__(self, repo: Path, env: dict[str, str] | None = None):
        self.repo = repo
        self.env = {**os.environ, **(env or {})}

    def run(self, *args: str, doing: str, input: bytes | None = None, ok: tuple[int, ...] = (0,),
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run(["git", "-C", str(self.repo), *args], input=input,
                                  capture_output=True, env={**self.env, **(env or {})}, timeout=600)
        except FileNotFoundError:
            raise DeployError(TARGET, "git is not installed") from None
        except subprocess.TimeoutExpired:
            raise DeployError(TARGET, f"{doing}: git did not finish in 10 minutes") from None
        if done.returncode not in ok:
            detail = done.stderr.decode("utf-8", "replace").strip() or f"git exited with {done.returncode}"
            raise DeployError(TARGET, f"{doing}: {detail}")
        return done

    def text(self, *args: str, doing: str, **kwargs) -> str:
        return self.run(*args, doing=doing, **kwargs).stdout.decode("utf-8", "replace").strip()


def deploy_github_pages(project_root: Path, site_dir: Path, settings, dry_run: bool) -> Outcome:
    """Commit `site_dir` to `settings.branch` and push it to `settings.remote` (nothing when the
    branch already holds exactly these files)."""
    git = Git(_repository(project_root))
    files = site_files(site_dir.absolute())  # git runs in the repository, not here
    generated = {NOJEKYLL: b""}
    if settings.cname:
        generated["CNAME"] = settings.cname.encode("utf-8") + b"\n"
    local = {name: git_blob_id(path.read_bytes()) for name, path in files.items()}
    local.update({name: git_blob_id(data) for name, data in generated.items()})

    published, remote_has_it = _published_tip(git, settings)
    changes = compare(local, _tree_of(git, published) if published else {})
    outcome = Outcome(changes)
    if dry_run or (changes.empty and remote_has_it):
        return outcome
    commit = published
    if not changes.empty or not published:
        tree = _write_tree(git, files, generated)
        commit = _commit(git, tree, published, settings.message)
        git.run("update-ref", f"refs/heads/{settings.branch}", commit, doing="update the local branch")
        outcome.commit = commit
    git.run("push", "--quiet", settings.remote, f"{commit}:refs/heads/{settings.branch}",
            doing=f"push to {settings.remote}")
    outcome.pushed = True
    return outcome


def _repository(project_root: Path) -> Path:
    git = Git(project_root)
    done = git.run("rev-parse", "--show-toplevel", doing="find the git repository", ok=(0, 128))
    if done.returncode != 0:
        raise DeployError(TARGET, f"{project_root} is not in a git repository "
                                  "(git init, then git remote add origin URL)")
    return Path(done.stdout.decode().strip())


def _published_tip(git: Git, settings) -> tuple[str | None, bool]:
    """The commit to build on, and whether the remote already has it: the remote's branch when
    it has one (fetched), else a local branch of that name left by an earlier deploy."""
    doing = f"read branch {settings.branch} of remote {settings.remote}"
    listed = git.run("ls-remote", "--exit-code", "--heads", settings.remote,
                     f"refs/heads/{settings.branch}", doing=doing, ok=(0, 2))
    if listed.returncode == 0:
        tip = listed.stdout.decode().split()[0]
        git.run("fetch", "--quiet", "--no-tags", settings.remote, f"refs/heads/{settings.branch}",
                doing=f"fetch {settings.branch} from {settings.remote}")
        return tip, True
    local = git.run("rev-parse", "--verify", "--quiet", f"refs/heads/{settings.branch}^{{commit}}",
                    doing="read the local branch", ok=(0, 1))
    return (local.stdout.decode().strip() or None), False


def _tree_of(git: Git, commit: str) -> dict[str, str]:
    """Path -> blob id of every file in `commit`."""
    listing = git.run("ls-tree", "-r", "-z", "--full-tree", commit, doing=f"list the files of {commit}").stdout
    files = {}
    for entry in listing.split(b"\0"):
        if entry:
            meta, _, path = entry.partition(b"\t")
            _mode, kind, blob = meta.decode().split()
            if kind == "blob":
                files[path.decode("utf-8", "surrogateescape")] = blob
    return files


def _write_tree(git: Git, files: dict[str, Path], generated: dict[str, bytes]) -> str:
    """Store every file in the repository and return the id of a tree holding exactly them."""
    if any("\n" in str(path) for path in files.values()):
        raise DeployError(TARGET, "a file name in the site contains a line break")
    stdin = "".join(f"{path}\n" for path in files.values()).encode("utf-8", "surrogateescape")
    blobs = git.text("hash-object", "-w", "--no-filters", "--stdin-paths", input=stdin,
                     doing="store the site's files").split()
    entries = dict(zip(files, blobs))
    for name, data in generated.items():
        entries[name] = git.text("hash-object", "-w", "--no-filters", "--stdin", input=data,
                                 doing=f"store {name}")
    with tempfile.TemporaryDirectory(prefix="salesblog-deploy-") as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        listing = b"".join(f"100644 {blob}\t{name}".encode("utf-8", "surrogateescape") + b"\0"
                           for name, blob in sorted(entries.items()))
        git.run("update-index", "-z", "--add", "--index-info", input=listing, env=index,
                doing="list the site's files")
        return git.text("write-tree", env=index, doing="write the site's tree")


def _commit(git: Git, tree: str, parent: str | None, message: str) -> str:
    parents = ["-p", parent] if parent else []
    return git.text("commit-tree", tree, *parents, "-m", message, env=_identity(git),
                    doing="commit the site")


def _identity(git: Git) -> dict[str, str]:
    """A committer for machines where git has none configured (a cron job, a CI runner)."""
    env = {}
    fallback = {"NAME": ("user.name", "salesblog deploy"), "EMAIL": ("user.email", "salesblog@localhost")}
    for part, (key, value) in fallback.items():
        if not _configured(git, key):
            for role in ("AUTHOR", "COMMITTER"):
                env.setdefault(f"GIT_{role}_{part}", git.env.get(f"GIT_{role}_{part}") or value)
    return env


def _configured(git: Git, key: str) -> bool:
    return git.run("config", "--get", key, doing=f"read {key}", ok=(0, 1)).returncode == 0
