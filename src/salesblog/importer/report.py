"""What the user sees after an import: a summary table of imported, skipped (and why) and
warnings, and counts of what exports held besides posts."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from salesblog.importer.runner import ImportReport

_DRY_RUN_LABELS = {"imported": "would import", "updated": "would update"}
_STYLES = {"imported": "green", "updated": "cyan", "unchanged": "dim", "skipped": "yellow"}


def print_report(report: ImportReport, console: Console, *, dry_run: bool) -> None:
    if report.outcomes:
        table = Table(title="Import" + (" (dry run: nothing written)" if dry_run else ""), title_justify="left")
        table.add_column("Status")
        table.add_column("Post")
        table.add_column("File or reason", overflow="fold")
        for outcome in report.outcomes:
            style = _STYLES.get(outcome.status, "")
            detail = outcome.path or ""
            if outcome.reason:
                detail = f"{detail} ({outcome.reason})" if detail and outcome.status != "skipped" else outcome.reason
            label = _DRY_RUN_LABELS.get(outcome.status, outcome.status) if dry_run else outcome.status
            table.add_row(f"[{style}]{label}[/]", outcome.title, detail)
        console.print(table)
    kinds = Counter(item.reason for item in report.skipped)
    if kinds:
        console.print("Left out (not posts): " + ", ".join(f"{n} × {kind}" for kind, n in sorted(kinds.items())))
    warnings = [(o, w) for o in report.outcomes for w in o.warnings]
    if warnings or report.warnings:
        console.print(f"[yellow]{len(warnings) + len(report.warnings)} warning(s):[/]")
        for warning in report.warnings:
            console.print(f"  {warning}", markup=False, highlight=False)
        for outcome, warning in warnings:
            console.print(f"  {outcome.path or outcome.origin}: {warning}", markup=False, highlight=False)
    summary = (f"{report.count('imported')} imported, {report.count('updated')} updated, "
               f"{report.count('unchanged')} unchanged, "
               f"{report.count('skipped') + len(report.skipped)} skipped, {len(report.failures)} failed")
    console.print(summary, highlight=False)
