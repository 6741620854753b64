"""Terminal output: a recovered report as rich tables, and the progress bar of a batch."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .result import Report

_TITLES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
           "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}


def _cell_text(c) -> str:
    text = c.raw if c.value is None and c.raw else ("" if c.value is None else str(c.value))
    if c.confidence < 0.5:
        return f"[yellow]{text or '?'}[/yellow]"
    return text


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    m = report.meta
    console.print(f"[bold]{report.source}[/bold]  template {report.template or '?'}  "
                  f"agency {m.agency or '?'}  year {m.year or '?'}  published {m.published or '?'}")
    for p in report.problems:
        console.print(f"[red]problem:[/red] {p}")
    for tid, table in report.tables.items():
        if table.status == "missing":
            console.print(f"\n{_TITLES[tid]}: [red]missing[/red]")
            continue
        cols = list(dict.fromkeys(c.col for c in table.cells))
        grid = Table(title=f"{_TITLES[tid]} ({table.status})", show_lines=False)
        grid.add_column("row")
        for col in cols:
            grid.add_column("/".join(col[-2:]) if tid != "active_disclosure" else col[-1], justify="right")
        rows = list(dict.fromkeys(c.row for c in table.cells))
        cells = table.value_map()
        for row in rows:
            grid.add_row("/".join(row[-2:]) or "—", *[_cell_text(cells[(row, col)]) if (row, col) in cells else "" for col in cols])
        console.print(grid)
        for e in table.extras:
            console.print(f"  extra row (not in the template): {e.label} {' '.join(e.values)} (lines {list(e.lines)})")
    failed = [c for c in report.checks if not c.ok]
    console.print(f"\nchecks: {len(report.checks) - len(failed)} passed, {len(failed)} failed")
    for c in failed[:20]:
        console.print(f"  [red]✗[/red] {c.rule} {c.where}: {c.detail}")


@contextmanager
def batch_progress(enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar with rate and ETA on standard error; a no-op callback when disabled."""
    if not enabled:
        yield lambda done, total: None
        return
    columns = (TextColumn("recovering"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f}/s"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("recover", total=None, rate=0.0)
        t0 = time.perf_counter()

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, rate=done / max(time.perf_counter() - t0, 1e-9))

        yield update
