"""rsync over SSH: the site mirrored into `user@host:path` (or a local folder). rsync compares
checksums, so only files whose content changed travel; the ssh behind it uses the operator's own
agent, keys and ~/.ssh/config, never anything from site_config.yml."""

from __future__ import annotations

import logging
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from salesblog.deploy import DeployError
from salesblog.deploy.changes import NOT_PUBLISHED, ChangeSet

log = logging.getLogger(__name__)
TARGET = "rsync"
# What rsync's exit codes mean, for the message (man rsync, EXIT VALUES).
_EXIT_MEANINGS = {1: "syntax or usage error", 3: "the destination folder is not usable",
                  5: "the remote end refused the session", 10: "error in socket I/O",
                  11: "error in file I/O", 12: "error in the rsync protocol data stream",
                  23: "some files could not be transferred", 30: "timeout",
                  255: "ssh could not connect or log in"}


def rsync_command(site_dir: Path, settings, dry_run: bool) -> list[str]:
    # BatchMode: a cron job must fail, not wait for a passphrase or a host-key question.
    ssh = f"{os.environ.get('RSYNC_RSH') or 'ssh'} -o BatchMode=yes"
    if settings.port:
        ssh += f" -p {settings.port}"
    command = ["rsync", "--archive", "--compress", "--checksum",
               # Twice: unchanged files are listed too, so the summary can count them.
               "--itemize-changes", "--itemize-changes",
               # Readable by the web server whatever the build's umask was.
               "--chmod=D755,F644",
               # Updated files are put in place together at the end: readers see the old site or
               # the new one, for as short a time as rsync can manage a mix of both.
               "--delay-updates", "--timeout=300", "-e", ssh]
    command += [f"--exclude=/{name}" for name in sorted(NOT_PUBLISHED)]
    if settings.delete:
        command.append("--delete-delay")
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{site_dir}/", settings.destination]


def deploy_rsync(project_root: Path, site_dir: Path, settings, dry_run: bool) -> ChangeSet:
    """Mirror `site_dir` into the destination; a local destination is relative to the project."""
    if shutil.which("rsync") is None:
        raise DeployError(TARGET, "rsync is not installed (on Debian: apt-get install rsync)")
    command = rsync_command(site_dir.absolute(), settings, dry_run)
    log.info("running %s", shlex.join(command))
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                              timeout=3600, stdin=subprocess.DEVNULL, cwd=project_root)
    except subprocess.TimeoutExpired:
        raise DeployError(TARGET, f"copying to {settings.destination} took over an hour") from None
    if done.returncode != 0:
        meaning, detail = _failure(done.returncode, done.stderr)
        raise DeployError(TARGET, f"copying to {settings.destination} failed: {meaning}"
                                  + (f" ({detail})" if detail else ""))
    return parse_itemized(done.stdout)


_SSH_FAILURE = re.compile(r"^ssh: |Permission denied \(|Host key verification failed|"
                          r"Could not resolve hostname")


def _failure(code: int, stderr: str) -> tuple[str, str]:
    """What went wrong, and rsync's or ssh's own words for it. When ssh fails, rsync may exit
    with 255 or, depending on timing, with a protocol error (12): ssh's line tells which."""
    lines = stderr.strip().splitlines()
    ssh_lines = [line for line in lines if _SSH_FAILURE.search(line)]
    if ssh_lines:
        return _EXIT_MEANINGS[255], " ".join(ssh_lines[:3])
    return _EXIT_MEANINGS.get(code, f"rsync exited with {code}"), " ".join(lines[-3:])


def parse_itemized(output: str) -> ChangeSet:
    """The files rsync sent (or would send) and deleted, from its --itemize-changes lines:
    `<f.st......` a file sent to a remote host (`>` to a local folder), `*deleting` a removal;
    a line such as `.f..t......` is an attribute update only, no content sent."""
    changes = ChangeSet()
    for line in output.splitlines():
        if line.startswith("*deleting"):
            changes.delete.append(line.removeprefix("*deleting").strip())
        elif len(line) > 12 and line[1] == "f" and line[11] == " ":
            if line[0] in "<>":
                changes.upload.append(line[12:])
            else:
                changes.unchanged += 1
    return changes

