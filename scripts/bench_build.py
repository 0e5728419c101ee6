#!/usr/bin/env python3
"""Build benchmark: salesblog against Pelican 4.12 (and Hugo where installed) on the same posts.

Generates N synthetic posts (fixed seed) in each tool's layout, then times, alternating the
tools, K rounds of: a cold build (output and caches deleted), a rebuild with nothing changed,
and a rebuild after one post was edited; with the peak memory of each build. Prints medians and
salesblog/peer ratios; --json keeps every figure. Every build's output is checked (one page per
post, feeds, tag index, the edit visible) so a broken build cannot pass for a fast one.

Examples:
  python scripts/bench_build.py                       # 1,000 posts, 3 rounds, all tools
  python scripts/bench_build.py --posts 10000 --repeat 1 --json bench-10k.json
  python scripts/bench_build.py --tools pelican,hugo  # the peers only
  python scripts/bench_build.py --profile build.prof  # cProfile one cold salesblog build
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import statistics
import sys
import time
from pathlib import Path

# scripts/ is not a package: make the sibling helpers importable however this file is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_corpus  # noqa: E402
from bench_tools import (  # noqa: E402
    Tool, ensure_pelican, hugo_tool, measure, pelican_tool, salesblog_tool)

REPO = Path(__file__).resolve().parents[1]
CACHE_HOME = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "salesblog-bench"
ALL_TOOLS = ("salesblog", "pelican", "hugo")
PHASES = ("cold", "noop", "edit")
PHASE_LABELS = {"cold": "cold build", "noop": "rebuild, nothing changed",
                "edit": "rebuild, one post edited"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Figures are medians over the rounds; the machine is shared, so use several.")
    parser.add_argument("--posts", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of cold/no-op/edit (default 3)")
    parser.add_argument("--tools", default=",".join(ALL_TOOLS),
                        help="comma-separated subset of salesblog,pelican,hugo (default: all; "
                             "hugo is skipped when not on PATH)")
    parser.add_argument("--salesblog-python", default=sys.executable,
                        help="interpreter that has salesblog installed (default: this one)")
    parser.add_argument("--pelican-venv", type=Path, default=CACHE_HOME / "pelican-venv",
                        help="virtualenv for Pelican, created on first use (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, default=CACHE_HOME / "work",
                        help="where the generated projects go (default: %(default)s)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the corpus in --workdir if it was made with the same --posts "
                             "and --seed, instead of generating it again")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes generating the corpus (default: one per core)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure here")
    parser.add_argument("--generate-only", action="store_true", help="write the corpus and stop")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="instead of timing, run one cold salesblog build under cProfile, "
                             "save the stats to FILE and print the top spots")
    parser.add_argument("--profile-parallel", action="store_true",
                        help="profile with salesblog's render workers (unseen by cProfile) "
                             "instead of rendering in the profiled process")
    parser.add_argument("--profile-warm", action="store_true",
                        help="profile a rebuild with nothing changed (cache filled first) "
                             "instead of a cold build")
    parser.add_argument("--top", type=int, default=15, help="rows of the --profile listing")
    args = parser.parse_args(argv)
    if args.posts < 2 or args.repeat < 1:
        parser.error("--posts must be at least 2 and --repeat at least 1")
    args.tools = [name.strip() for name in args.tools.split(",") if name.strip()]
    unknown = set(args.tools) - set(ALL_TOOLS)
    if unknown:
        parser.error(f"unknown tool(s): {', '.join(sorted(unknown))}")
    return args


# ---------------------------------------------------------------------------------------------
# Corpus


def prepare_corpus(args: argparse.Namespace, tools: list[str]) -> dict[str, Path]:
    roots = {name: args.workdir / name for name in tools}
    marker = args.workdir / "corpus.json"
    wanted = {"posts": args.posts, "seed": args.seed, "tools": sorted(tools)}
    if args.reuse and marker.exists():
        made = json.loads(marker.read_text())
        same_corpus = (made["posts"], made["seed"]) == (args.posts, args.seed)
        if same_corpus and set(tools) <= set(made["tools"]):
            print(f"Reusing the corpus in {args.workdir}")
            return roots
    start = time.perf_counter()
    marker.unlink(missing_ok=True)
    bench_corpus.generate(roots, args.posts, args.seed, args.jobs, REPO)
    marker.write_text(json.dumps(wanted))
    print(f"Generated {args.posts} posts (seed {args.seed}) for {', '.join(tools)} in "
          f"{time.perf_counter() - start:.1f} s under {args.workdir}")
    return roots


def make_tools(args: argparse.Namespace) -> list[Tool]:
    names = list(args.tools)
    hugo = shutil.which("hugo")
    if "hugo" in names and not hugo:
        print("hugo is not on PATH: skipping it", file=sys.stderr)
        names.remove("hugo")
    roots = prepare_corpus(args, names)
    if args.generate_only:
        return []
    makers = {
        "salesblog": lambda: salesblog_tool(roots["salesblog"], args.salesblog_python),
        "pelican": lambda: pelican_tool(roots["pelican"], ensure_pelican(args.pelican_venv)),
        "hugo": lambda: hugo_tool(roots["hugo"], hugo),
    }
    return [makers[name]() for name in ALL_TOOLS if name in names]


# ---------------------------------------------------------------------------------------------
# Timing


def edit_post(tool: Tool, slug: str, sentence: str) -> None:
    """Append a sentence to the end of one post, as an author fixing a typo would touch it."""
    path = bench_corpus.post_path(tool.root, tool.layout, slug)
    with open(path, "a", encoding="utf-8") as post:
        post.write(f"\n{sentence}\n")


def run_phase(tool: Tool, phase: str, posts: int, edit: tuple[str, str], log: Path) -> dict:
    slug, sentence = edit
    if phase == "cold":
        tool.clear()
    elif phase == "edit":
        edit_post(tool, slug, sentence)
    result = measure(tool.command, tool.root, log, tool.env)
    problems = [] if result.exit_code == 0 else [f"exit code {result.exit_code}"]
    problems += tool.check_output(posts)
    if phase == "edit" and not problems and sentence not in _read(tool.post_page(slug)):
        problems.append(f"the edit to {slug} is not in its page")
    return {"tool": tool.name, "phase": phase, **vars(result), "problems": problems}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def run_rounds(tools: list[Tool], args: argparse.Namespace) -> list[dict]:
    """Every round runs each phase for every tool before the next phase, rotating the tools'
    order, so that a slow spell on the shared machine hits all of them alike."""
    slug = bench_corpus.post_meta_slug(args.seed, args.posts // 2)
    nonce = time.strftime("%Y%m%d%H%M%S")  # the edit's text differs from any earlier run's
    logs = args.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    runs = []
    for round_index in range(args.repeat):
        shift = round_index % len(tools)
        order = tools[shift:] + tools[:shift]
        sentence = bench_corpus.edited_sentence(f"{nonce}-{round_index}")
        for phase in PHASES:
            for tool in order:
                if tool.broken:
                    continue
                log = logs / f"{tool.name}.log"
                run = run_phase(tool, phase, args.posts, (slug, sentence), log)
                run["round"] = round_index
                runs.append(run)
                report_run(run)
                if run["problems"]:
                    problems = "; ".join(run["problems"])
                    tool.broken = f"{phase} build in round {round_index + 1}: {problems}"
                    print(f"  {tool.name} is broken, see {log}; "
                          "not timing it further", flush=True)
    return runs


def report_run(run: dict) -> None:
    status = "ok" if not run["problems"] else "FAILED: " + "; ".join(run["problems"])
    print(f"  round {run.get('round', 0) + 1} {run['tool']:<9} {run['phase']:<4} "
          f"{run['wall_s']:7.2f} s  cpu {run['cpu_s']:7.2f} s  "
          f"rss {run['max_rss_kib'] / 1024:6.0f} MiB  tree {run['tree_peak_kib'] / 1024:6.0f} MiB  "
          f"{status}", flush=True)


# ---------------------------------------------------------------------------------------------
# Summary


def median_of(runs: list[dict], tool: str, phase: str, key: str) -> float | None:
    values = [run[key] for run in runs
              if run["tool"] == tool and run["phase"] == phase and not run["problems"]]
    return statistics.median(values) if values else None


def summary_rows(runs: list[dict]) -> list[tuple[str, str, str, float]]:
    """(label, phase, field, scale) for each line of the table."""
    rows = [(f"{PHASE_LABELS[phase]} (s)", phase, "wall_s", 1.0) for phase in PHASES]
    # CPU time suffers less than wall time from the other users of a shared machine.
    rows += [(f"{PHASE_LABELS[phase]}, CPU user+sys (s)", phase, "cpu_s", 1.0) for phase in PHASES]
    rows += [
        ("peak RSS, largest process, cold (MiB)", "cold", "max_rss_kib", 1 / 1024),
        ("peak RSS, process tree, cold (MiB)", "cold", "tree_peak_kib", 1 / 1024),
        ("peak RSS, largest process, edit (MiB)", "edit", "max_rss_kib", 1 / 1024),
    ]
    return rows


def format_table(runs: list[dict], tools: list[Tool]) -> str:
    names = [tool.name for tool in tools]
    peers = [name for name in names if name != "salesblog"] if "salesblog" in names else []
    header = ["metric (median)", *names, *[f"salesblog/{peer}" for peer in peers]]
    lines = [header]
    for label, phase, key, scale in summary_rows(runs):
        values = {name: median_of(runs, name, phase, key) for name in names}
        cells = [label] + [_number(values[name], scale) for name in names]
        for peer in peers:
            ours, theirs = values["salesblog"], values[peer]
            cells.append(f"{ours / theirs:.2f}x" if ours is not None and theirs else "-")
        lines.append(cells)
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                      for i, cell in enumerate(row)) for row in lines]
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(text)


def _number(value: float | None, scale: float) -> str:
    return "FAILED" if value is None else f"{value * scale:.2f}"


def environment(args: argparse.Namespace, tools: list[Tool]) -> dict:
    return {
        "posts": args.posts, "seed": args.seed, "repeat": args.repeat,
        "versions": {tool.name: tool.version for tool in tools},
        "python": platform.python_version(), "machine": platform.platform(),
        "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "broken": {tool.name: tool.broken for tool in tools if tool.broken},
    }


# ---------------------------------------------------------------------------------------------
# Profile


def profile_salesblog(tool: Tool, out: Path, top: int, serial: bool, warm: bool, log: Path) -> None:
    """One cold (or, with `warm`, no-change) build under cProfile. Serial by default: the render
    workers' share is otherwise only the main process waiting on a lock."""
    tool.clear()
    if warm:
        measure(tool.command, tool.root, log, tool.env)  # fills the cache; not profiled
    entry = Path(__file__).resolve().parent / "bench_profile_entry.py"
    python, after_module = tool.command[0], tool.command[3:]  # drop "-m salesblog"
    command = [python, "-m", "cProfile", "-o", str(out.resolve()), str(entry), *after_module]
    env = dict(os.environ, BENCH_SERIAL="1" if serial else "0")
    result = measure(command, tool.root, log, env)
    problems = tool.check_output(tool.extra["posts"])
    print(f"Profiled {'no-change' if warm else 'cold'} build "
          f"({'serial' if serial else 'parallel, main process only'}): "
          f"{result.wall_s:.2f} s, exit {result.exit_code}{'; ' if problems else ''}"
          f"{'; '.join(problems)}; stats in {out} (log {log})")
    stats = pstats.Stats(str(out))
    print_top(stats, "ct", "cumulative", top)
    print_top(stats, "tt", "own", top)


def print_top(stats: pstats.Stats, key: str, label: str, top: int) -> None:
    """The top entries by cumulative or own time, leaving out the chain of wrappers (runpy,
    click, the command) that each take the whole run and say nothing."""
    total = stats.total_tt
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        if key == "ct" and cumulative >= 0.97 * total:
            continue
        rows.append((own if key == "tt" else cumulative, calls, own, cumulative,
                     f"{_short(filename)}:{line}({function})"))
    rows.sort(reverse=True)
    print(f"\nTop {top} by {label} time (of {total:.2f} s profiled):")
    print(f"{'calls':>9} {'own s':>8} {'cum s':>8}  function")
    for _, calls, own, cumulative, where in rows[:top]:
        print(f"{calls:>9} {own:>8.2f} {cumulative:>8.2f}  {where}")


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile:
        args.tools = ["salesblog"]
    tools = make_tools(args)
    if args.generate_only:
        return 0
    for tool in tools:
        print(f"{tool.name}: {tool.version}")
    if args.profile:
        tools[0].extra["posts"] = args.posts
        profile_salesblog(tools[0], args.profile, args.top, not args.profile_parallel,
                          args.profile_warm, args.workdir / "profile.log")
        return 0
    print(f"Timing {args.repeat} round(s) of cold, no-op and one-edit builds, {args.posts} posts; "
          f"load average {os.getloadavg()[0]:.2f}")
    runs = run_rounds(tools, args)
    print()
    print(format_table(runs, tools))
    for tool in tools:
        if tool.broken:
            print(f"\n{tool.name} FAILED ({tool.broken}); see {args.workdir / 'logs' / tool.name}.log")
    if args.json:
        args.json.write_text(json.dumps({"environment": environment(args, tools), "runs": runs},
                                        indent=2))
        print(f"\nRaw figures in {args.json}")
    return 1 if any(tool.broken for tool in tools) else 0


if __name__ == "__main__":
    sys.exit(main())
