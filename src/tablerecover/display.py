"""Terminal output: a recovered report as tables a person can read at 100 columns, and the progress
bar of a batch.

Rows carry short distinctive labels (the template's wording is too long to print: "（三）1 国家秘密"
for "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"), columns their own names; table 二 is
printed block by block under each block's column names, as in the template; table 四 as one row of
15 columns when the terminal is wide enough and as its three groups (行政复议, and the two kinds of
行政诉讼) otherwise. Cells not read from the text show "?", low-confidence values a trailing "*".
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .result import CellResult, Report, TableResult

_TITLES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
           "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
LOW_CONFIDENCE = 0.5

# Short names of the template's row labels (leaf label -> what the terminal shows after the group
# number). Chosen to stay distinct within a table; anything not listed falls back to _shorten.
_SHORT = {
    "一、本年新收政府信息公开申请数量": "一 本年新收", "二、上年结转政府信息公开申请数量": "二 上年结转",
    "四、结转下年度继续办理": "四 结转下年度",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
    "1.属于国家秘密": "国家秘密", "2.其他法律行政法规禁止公开": "法规禁止公开", "3.危及“三安全一稳定”": "危及三安全一稳定",
    "4.保护第三方合法权益": "第三方合法权益", "5.属于三类内部事务信息": "内部事务信息", "6.属于四类过程性信息": "过程性信息",
    "7.属于行政执法案卷": "行政执法案卷", "8.属于行政查询事项": "行政查询事项",
    "1.本机关不掌握相关政府信息": "本机关不掌握", "2.没有现成信息需要另行制作": "需另行制作",
    "3.补正后申请内容仍不明确": "补正后仍不明确",
    "1.信访举报投诉类申请": "信访举报投诉", "2.重复申请": "重复申请", "3.要求提供公开出版物": "公开出版物",
    "4.无正当理由大量反复申请": "大量反复申请", "5.要求行政机关确认或重新出具已获取信息": "确认或重新出具",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "逾期不补正",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "逾期未缴费",
    "3.其他": "其他",
    "本年收费金额（单位：万元）": "本年收费金额（万元）",
}
_GROUP_NO = re.compile(r"^（[一二三四五六七八九十]+）")
_ITEM_NO = re.compile(r"^(\d+)\.")


def _shorten(label: str, limit: int = 10) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def row_label(row: tuple[str, ...]) -> str:
    """A short label that tells the row apart from the others of its table."""
    if not row:
        return ""
    leaf = row[-1]
    short = _SHORT.get(leaf, _shorten(leaf))
    item = _ITEM_NO.match(leaf)
    if item and len(row) >= 2:  # "（三）1 国家秘密": the group's number, the item's number, its name
        group = _GROUP_NO.match(row[-2])
        return f"{group.group(0) if group else _shorten(row[-2], 4)}{item.group(1)} {short}"
    block = re.match(r"^第二十条第(（[一二三四五六七八九十]+）)项$", row[0])
    if block and len(row) == 2:  # table 二: "（一）规章"
        return f"{block.group(1)}{short}"
    return short


def col_label(col: tuple[str, ...]) -> str:
    return _SHORT.get(col[-1], col[-1]) if col else ""


def cell_text(c: CellResult | None) -> str:
    if c is None:
        return ""
    if not c.placed:
        return "[red]?[/red]"
    text = c.raw if c.value is None and c.raw else ("" if c.value is None else str(c.value))
    if c.confidence < LOW_CONFIDENCE:
        return f"[yellow]{text}*[/yellow]"
    return text


def _grid(title: str | None, first: str, columns: list[str], header: bool = True) -> Table:
    grid = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
                 show_edge=False, show_header=header)
    grid.add_column(first, no_wrap=True)
    for name in columns:
        grid.add_column(name, justify="right", no_wrap=True)
    return grid


def _fits(console: Console, table: Table) -> bool:
    # Measured without the console's width limit (which would clamp the measure to the width).
    return Measurement.get(console, console.options.update_width(10**4), table).maximum <= console.width


def _active_table(table: TableResult, title: str) -> list[Table]:
    """Table 二 as the template prints it: each block's rows under that block's own column names."""
    cells = table.value_map()
    rows = list(dict.fromkeys(c.row for c in table.cells))
    width = max((len({c.col for c in table.cells if c.row == r}) for r in rows), default=0)
    grid = _grid(title, "", [""] * width, header=False)
    block = None
    for row in rows:
        cols = list(dict.fromkeys(c.col for c in table.cells if c.row == row))
        if row[0] != block:
            block = row[0]
            grid.add_row(f"[bold]{block}[/bold]", *[f"[bold]{col_label(c)}[/bold]" for c in cols],
                         end_section=False)
        grid.add_row(row_label(row), *[cell_text(cells.get((row, c))) for c in cols])
    return [grid]


def _matrix(table: TableResult, title: str, console: Console) -> list[Table]:
    """Rows by columns; when it does not fit, the columns in consecutive groups that do."""
    cells = table.value_map()
    rows = list(dict.fromkeys(c.row for c in table.cells))
    cols = list(dict.fromkeys(c.col for c in table.cells))

    def build(part: list[tuple[str, ...]], t: str | None) -> Table:
        grid = _grid(t, "", [col_label(c) for c in part])
        for row in rows:
            grid.add_row(row_label(row), *[cell_text(cells.get((row, c))) for c in part])
        return grid

    whole = build(cols, title)
    if _fits(console, whole) or len(cols) < 2:
        return [whole]
    n = len(cols)
    while n > 1 and not _fits(console, build(cols[:n], title)):
        n -= 1
    return [build(cols[i:i + n], title if i == 0 else None) for i in range(0, len(cols), n)]


def _review_table(table: TableResult, title: str, console: Console) -> list[Table]:
    """Table 四: one row of 15 columns if it fits, else one row per group (行政复议, 行政诉讼 ×2)."""
    cells = {c.col: c for c in table.cells}
    groups = list(dict.fromkeys(c.col[:-1] for c in table.cells))
    results = list(dict.fromkeys(c.col[-1] for c in table.cells))
    wide = _grid(title, "", [f"{'·'.join(g[-1:])}\n{r}" for g in groups for r in results])
    wide.add_row("", *[cell_text(cells.get(g + (r,))) for g in groups for r in results])
    if _fits(console, wide):
        return [wide]
    grid = _grid(title, "", results)
    for g in groups:
        grid.add_row("·".join(g), *[cell_text(cells.get(g + (r,))) for r in results])
    return [grid]


def check_summary(report: Report) -> str:
    failed = [c for c in report.checks if not c.ok]
    head = f"checks: {len(report.checks) - len(failed)} passed, {len(failed)} failed"
    if not failed:
        return head
    return head + ": " + "; ".join(f"{c.rule} {c.where} ({c.detail})" for c in failed)


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    m = report.meta
    console.print(f"[bold]{report.source}[/bold]")
    console.print(f"template {report.template or '?'} · agency {m.agency or '?'} · year {m.year or '?'} · "
                  f"published {m.published or '?'}")
    for p in report.problems:
        console.print(f"[red]problem:[/red] {p}")
    marks = False
    for tid, table in report.tables.items():
        title = f"{_TITLES[tid]} ({table.status})"
        if table.status == "missing":
            console.print(f"\n{_TITLES[tid]}: [red]missing[/red]")
            continue
        marks = marks or any(not c.placed or c.confidence < LOW_CONFIDENCE for c in table.cells)
        if tid == "active_disclosure":
            grids = _active_table(table, title)
        elif tid == "review_litigation":
            grids = _review_table(table, title, console)
        else:
            grids = _matrix(table, title, console)
        console.print()
        for grid in grids:
            console.print(grid)
        for e in table.extras:
            console.print(f"  extra row (not in the template): {e.label} {' '.join(e.values)} (lines {list(e.lines)})")
    if marks:
        console.print(f"\n[red]?[/red] not read from the text   [yellow]*[/yellow] confidence below {LOW_CONFIDENCE}")
    console.print()
    console.print(check_summary(report), overflow="ellipsis", no_wrap=True, crop=True)


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
