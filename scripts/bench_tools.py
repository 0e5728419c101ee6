"""The site generators the build benchmark times, and how one build is measured.

Each tool runs as a subprocess. Its wall time comes from the harness's clock; its CPU time and
the peak RSS of its largest process from wait4(); the peak RSS of its whole process tree (a
build that forks workers) from sampling /proc while it runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
PELICAN_REQUIREMENT = "pelican[markdown]==4.12.*"


# ---------------------------------------------------------------------------------------------
# Measuring one subprocess


@dataclass
class Measurement:
    wall_s: float
    cpu_s: float  # user + system, of the process and the children it waited for
    max_rss_kib: int  # the largest single process (ru_maxrss)
    tree_peak_kib: int  # the whole process tree at its sampled peak
    exit_code: int


def _stat_fields(pid: str) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            text = stat.read().decode("ascii", "replace")
    except OSError:  # the process ended between listing and reading
        return None
    return text.rpartition(")")[2].split()


def tree_rss_kib(root_pid: int) -> int:
    """Resident memory of `root_pid` and all its descendants, in KiB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(entry.name)
        if fields is None or len(fields) < 22:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])  # field 4 of stat: ppid
        rss[pid] = int(fields[21]) * PAGE_KIB  # field 24 of stat: rss in pages
    total, frontier = 0, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while frontier:
        pid = frontier.pop()
        total += rss.get(pid, 0)
        frontier.extend(children.get(pid, []))
    return total


class TreeRssSampler(threading.Thread):
    """Polls a process tree's RSS until stopped; keeps the peak."""

    # Each poll reads every /proc/PID/stat (a busy shared machine has hundreds): 100 ms keeps
    # that near 1% of a core and still catches any phase long enough to matter.
    INTERVAL_S = 0.1

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak_kib = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.root_pid))
            self._stop_event.wait(self.INTERVAL_S)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kib


def measure(command: list[str], cwd: Path, log_path: Path, env: dict | None = None) -> Measurement:
    """Run `command` to completion, its output appended to `log_path`."""
    with open(log_path, "ab") as log:
        log.write(f"\n$ {' '.join(command)}\n".encode())
        log.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env)
        sampler = TreeRssSampler(process.pid)
        sampler.start()
        # wait4, not Popen.wait: it also hands back the child's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        tree_peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                       max(tree_peak, usage.ru_maxrss), process.returncode)


# ---------------------------------------------------------------------------------------------
# Tools


@dataclass
class Tool:
    """One site generator working on its own copy of the corpus."""

    name: str
    root: Path  # project folder
    command: list[str]
    output_dir: Path
    cache_dirs: list[Path]
    layout: str  # key of bench_corpus.LAYOUTS
    expected_files: list[str]  # relative to output_dir: tag index, feeds...
    env: dict | None = None
    version: str = ""
    broken: str = ""  # why it stopped being timed, if it did
    extra: dict = field(default_factory=dict)

    def clear(self) -> None:
        """Remove output and every cache: the next build is cold."""
        for path in [self.output_dir, *self.cache_dirs]:
            if path.exists():
                shutil.rmtree(path)

    def post_pages(self) -> list[Path]:
        return list(self.output_dir.glob("blog/*/index.html"))

    def post_page(self, slug: str) -> Path:
        return self.output_dir / "blog" / slug / "index.html"

    def check_output(self, posts: int) -> list[str]:
        """What is missing from the last build; empty when it looks complete."""
        problems = []
        pages = len(self.post_pages())
        if pages != posts:
            problems.append(f"{pages} post pages in {self.output_dir}, expected {posts}")
        problems += [f"missing {name}" for name in self.expected_files
                     if not (self.output_dir / name).is_file()]
        return problems


def salesblog_tool(root: Path, python: str) -> Tool:
    if not _imports(Path(python), "salesblog"):
        raise SystemExit(f"{python} cannot import salesblog: install it there "
                         "(pip install -e .) or pass --salesblog-python")
    return Tool(
        name="salesblog", root=root,
        command=[python, "-m", "salesblog", "-C", str(root), "build"],
        output_dir=root / "site", cache_dirs=[root / ".salesblog-cache"], layout="salesblog",
        expected_files=["index.html", "tags/index.html", "feed.xml", "atom.xml", "sitemap.xml"],
        version=_first_line([python, "-m", "salesblog", "--version"]))


def pelican_tool(root: Path, python: str) -> Tool:
    return Tool(
        name="pelican", root=root,
        command=[python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
        output_dir=root / "output", cache_dirs=[root / "cache"], layout="pelican",
        expected_files=["index.html", "tags/index.html", "feed.xml", "atom.xml"],
        version=_first_line([python, "-m", "pelican", "--version"]))


def hugo_tool(root: Path, hugo: str) -> Tool:
    # Hugo's own file cache would otherwise live in a shared temporary folder.
    env = dict(os.environ, HUGO_CACHEDIR=str(root / ".hugo-cache"))
    return Tool(
        name="hugo", root=root, command=[hugo, "--quiet", "-d", "public"],
        output_dir=root / "public", cache_dirs=[root / "resources", root / ".hugo-cache"],
        layout="hugo", expected_files=["index.html", "tags/index.html", "index.xml", "sitemap.xml"],
        env=env, version=_first_line([hugo, "version"]))


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except OSError as error:
        return f"unavailable ({error})"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else f"exit {result.returncode}"


# ---------------------------------------------------------------------------------------------
# Pelican's own virtualenv: the peer is never a dependency of the project.


def ensure_pelican(venv_dir: Path) -> str:
    """The python of a virtualenv holding Pelican 4.12, created on first use."""
    python = venv_dir / "bin" / "python"
    if python.exists() and _imports(python, "pelican, markdown"):
        return str(python)
    print(f"Installing {PELICAN_REQUIREMENT} into {venv_dir} ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", PELICAN_REQUIREMENT], check=True)
    return str(python)


def _imports(python: Path, modules: str) -> bool:
    result = subprocess.run([str(python), "-c", f"import {modules}"], capture_output=True, check=False)
    return result.returncode == 0
