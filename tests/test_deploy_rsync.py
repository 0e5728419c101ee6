"""`salesblog deploy rsync`: the site mirrored with rsync, to a local folder and over real SSH to
a throwaway sshd on loopback (its own host key and authorized key in tmp_path)."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.projects import BlogProject

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    project = BlogProject.sample(tmp_path_factory.mktemp("built") / "blog")
    assert project.run("build").exit_code == 0
    return project.root / "site"


def deploying_to(tmp_path: Path, built_site: Path, settings: str) -> BlogProject:
    project = BlogProject.sample(tmp_path / "blog")
    config = project.root / "site_config.yml"
    config.write_text(config.read_text() + "deploy:\n  rsync:\n" + settings)
    shutil.copytree(built_site, project.root / "site")
    return project


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (ns): what a deploy would change."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def published(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".salesblog-site"}


def test_a_local_folder_gets_the_site_then_only_what_changed(tmp_path, built_site):
    dest = tmp_path / "www"
    blog = deploying_to(tmp_path, built_site, f"    destination: {dest}\n")
    site = blog.root / "site"
    first = blog.run("deploy", "rsync")
    assert first.exit_code == 0, first.output
    assert {k: v[0] for k, v in snapshot(dest).items()} == published(site)
    assert (dest / "index.html").stat().st_mode & 0o777 == 0o644
    assert f"rsync: uploaded {len(published(site))}, deleted 0, 0 unchanged" in first.output

    before = snapshot(dest)
    again = blog.run("deploy")
    assert again.exit_code == 0, again.output
    assert f"rsync: up to date ({len(published(site))} files unchanged)" in again.output
    assert snapshot(dest) == before

    (site / "blog/second-post/index.html").write_text("<p>second, edited</p>\n")
    (site / "tags/negotiation/feed.xml").unlink()
    changed = blog.run("deploy")
    assert changed.exit_code == 0, changed.output
    assert f"rsync: uploaded 1, deleted 1, {len(published(site)) - 1} unchanged" in changed.output
    after = snapshot(dest)
    assert {k: v[0] for k, v in after.items()} == published(site)
    untouched = [k for k in after if k != "blog/second-post/index.html"]
    assert all(after[k] == before[k] for k in untouched)  # not even rewritten


def test_dry_run_lists_the_changes_and_changes_nothing(tmp_path, built_site):
    dest = tmp_path / "www"
    blog = deploying_to(tmp_path, built_site, f"    destination: {dest}\n")
    assert blog.run("deploy").exit_code == 0
    (dest / "stale.html").write_text("from an older site")
    (blog.root / "site/index.html").write_text("<p>new home</p>\n")
    before = snapshot(dest)
    result = blog.run("deploy", "--dry-run")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "would" in line][:2] == [
        "rsync: would upload index.html", "rsync: would delete stale.html"]
    assert "would upload 1, delete 1," in result.output
    assert snapshot(dest) == before


def test_delete_false_keeps_files_the_site_no_longer_has(tmp_path, built_site, monkeypatch):
    blog = deploying_to(tmp_path, built_site, "    destination: public/www\n    delete: false\n")
    dest = blog.root / "public/www"  # a relative folder is the project's, wherever deploy starts
    dest.mkdir(parents=True)
    (dest / "keep-me.html").write_text("the operator's own page")
    monkeypatch.chdir(tmp_path)
    assert blog.run("deploy").exit_code == 0
    assert (dest / "keep-me.html").read_text() == "the operator's own page"
    assert (dest / "index.html").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """A real sshd on 127.0.0.1 accepting one throwaway key for the current user; yields the
    port and an RSYNC_RSH that trusts only its throwaway host key."""
    if not (Path(SSHD).is_file() and shutil.which("ssh") and shutil.which("ssh-keygen")):
        pytest.skip("openssh-server (sshd), ssh or ssh-keygen is not installed")
    if os.geteuid() == 0 and not Path("/run/sshd").is_dir():
        Path("/run/sshd").mkdir(mode=0o755)  # sshd's privilege separation folder
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "user_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    (folder / "authorized_keys").write_text((folder / "user_key.pub").read_text())
    port = _free_port()
    (folder / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host_key'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPidFile {folder / 'sshd.pid'}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\n")
    host_key = (folder / "host_key.pub").read_text().split()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    with open(folder / "sshd.log", "w") as log:
        server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")],
                                  stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.skip(f"sshd did not start: {(folder / 'sshd.log').read_text()[-300:]}")
            time.sleep(0.05)
    rsh = (f"ssh -F /dev/null -i {folder / 'user_key'} -o IdentitiesOnly=yes "
           f"-o UserKnownHostsFile={folder / 'known_hosts'} -o StrictHostKeyChecking=yes")
    try:
        yield port, rsh
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_over_ssh_only_changed_files_travel(tmp_path, built_site, sshd, monkeypatch):
    port, rsh = sshd
    monkeypatch.setenv("RSYNC_RSH", rsh)  # the operator's own ssh set-up, as rsync documents it
    dest = tmp_path / "remote-www"
    blog = deploying_to(tmp_path, built_site,
                        f"    destination: {getpass.getuser()}@127.0.0.1:{dest}\n    port: {port}\n")
    site = blog.root / "site"
    first = blog.run("deploy", "rsync")
    assert first.exit_code == 0, first.output
    assert {k: v[0] for k, v in snapshot(dest).items()} == published(site)

    (site / "feed.xml").write_text("<rss/>\n")
    before = snapshot(dest)
    dry = blog.run("deploy", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "rsync: would upload feed.xml" in dry.output and "would upload 1, delete 0," in dry.output
    assert snapshot(dest) == before

    result = blog.run("deploy")
    assert result.exit_code == 0, result.output
    assert f"rsync: uploaded 1, deleted 0, {len(published(site)) - 1} unchanged" in result.output
    assert (dest / "feed.xml").read_text() == "<rss/>\n"


def test_ssh_that_cannot_connect_fails_naming_the_destination(tmp_path, built_site, monkeypatch):
    if shutil.which("ssh") is None:
        pytest.skip("ssh is not installed")
    monkeypatch.setenv("RSYNC_RSH", "ssh -F /dev/null -o ConnectTimeout=5")
    target = f"deployer@127.0.0.1:{tmp_path / 'www'}"
    blog = deploying_to(tmp_path, built_site, f"    destination: {target}\n    port: {_free_port()}\n")
    result = blog.run_process("deploy", "rsync")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: deploy rsync: copying to {target} failed: ssh could not connect or log in"), result.stderr
    assert "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr
