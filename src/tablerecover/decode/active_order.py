"""Table 二 printed out of row order (PDF text orders a block's numbers by each one's baseline): a
number a place off, told by its shape, and the blocks' 处理决定数量 column printed after the table.
Table 二 has no identity to confirm an order: every cell read so is a guess."""
from __future__ import annotations

import itertools
from dataclasses import replace

from ..fragment import PAGE_NUMBER_RE
from ..normalise import compact
from ..result import CellResult
from ..template import TableSpec
from ..values import parse_value
from .glued_active import fits_columns
from .rows import RowFill
from .units import Unit

ORDER_UNCHECKED = 0.6  # a row given its numbers by order, no row identity to check the order


def _fits_placed(cells: list[CellResult], cols: tuple[tuple[str, ...], ...]) -> bool:
    return fits_columns([c.raw if c.placed and c.raw else "0" for c in cells], list(cols))


def _moved_to(c: CellResult, src: CellResult) -> CellResult:
    """Cell ``c`` given ``src``'s number, a guess."""
    return replace(c, value=src.value, raw=src.raw, kind=src.kind, lines=src.lines, page=src.page, bbox=src.bbox,
                   alternatives=(), confidence=min(src.confidence, ORDER_UNCHECKED), read="moved?")


def mend_shapes(spec: TableSpec, fills: list[RowFill]) -> list[int]:
    """Rows with a number that cannot stand where it was placed (a sign outside 本年增/减, a decimal or
    money unit outside an amount; pdftotext: 行政事业性收费 5 · 政府集中采购 0 · +15 · 0 is 5 +15 and 0 0):
    the one order of the row's own numbers that fits moving the fewest, else the one exchange with a neighbouring row
    after which both fit. Mends ``fills`` in place; returns the rows mended."""
    mended = []
    for r, (row, fill) in enumerate(zip(spec.rows, fills)):
        if fill.alternatives or _fits_placed(fill.cells, row.cols):
            continue
        at = [i for i, c in enumerate(fill.cells) if c.placed]
        # The orders of the row's own numbers that fit, by how many numbers each moves.
        orders: dict[int, dict[tuple[str, ...], list[CellResult]]] = {}
        for p in itertools.permutations(at):
            cells = list(fill.cells)
            for i, src in zip(at, p):
                if fill.cells[src].raw != fill.cells[i].raw:
                    cells[i] = _moved_to(fill.cells[i], fill.cells[src])
            if _fits_placed(cells, row.cols):
                moved = sum(a is not b for a, b in zip(cells, fill.cells))
                orders.setdefault(moved, {})[tuple(c.raw for c in cells)] = cells
        # The fewest numbers moved: a number a place off, not the row reshuffled.
        fewest = orders[min(orders)] if orders else {}
        if len(fewest) == 1:
            (fill.cells,) = fewest.values()
            mended.append(r)
            continue
        swaps = []
        for s in (r - 1, r + 1):
            if not 0 <= s < len(fills) or fills[s].alternatives:
                continue
            for i in at:
                for j, d in enumerate(fills[s].cells):
                    if not d.placed:
                        continue
                    mine = [_moved_to(c, d) if k == i else c for k, c in enumerate(fill.cells)]
                    theirs = [_moved_to(c, fill.cells[i]) if k == j else c for k, c in enumerate(fills[s].cells)]
                    if _fits_placed(mine, row.cols) and _fits_placed(theirs, spec.rows[s].cols):
                        swaps.append((s, mine, theirs))
        if len(swaps) == 1:
            s, fill.cells, fills[s].cells = swaps[0]
            mended += [r, s]
    return mended


def _late_reading(spec: TableSpec, units: list[Unit], numbers: list[int], blocks: tuple[str, ...],
                  labels: dict[str, int], named: list[tuple[int, str]], cut: int,
                  label_units: dict[str, int]) -> tuple[int, int, list[RowFill]] | None:
    """Table 二 read with the last column of ``blocks`` printed after the cells of its rows up to row
    ``cut`` (the table's last, or the last block's own last: the rows after it then follow the late
    runs), past that row's label (its first line in ``labels``), block by block; each block's run after the
    first set off by a line naming its column, and every such line past the label (``named``: line,
    name) before a run of its column. None where the text does not read so; else the numbers it moves
    to fit their shapes, the rows whose other numbers stand on both sides of another row's label
    (``label_units``: each row label's unit; a row's numbers are printed together, around its own
    label at most), and the rows."""
    rows = spec.rows
    late = [r for r, row in enumerate(rows) if row.path[0] in blocks]
    if late[-1] > cut or (label := labels.get(compact(rows[cut].path[-1]))) is None:
        return None
    first = sum(len(row.cols) for row in rows[:cut + 1]) - len(late)
    if units[numbers[first]].lines[0] <= label:
        return None
    runs, at = [], first
    for b in blocks:
        size = sum(rows[r].path[0] == b for r in late)
        lo, hi = units[numbers[at - 1]].lines[-1], units[numbers[at]].lines[0]
        runs.append((lo, hi, compact("".join(rows[late[at - first]].cols[-1]))))
        at += size
    # The naming lines that must part the runs: past the label and before the rows after ``cut`` (a
    # header of theirs); one naming another block's column before the late blocks' first number is
    # that block's header, printed in its place.
    opening = units[numbers[sum(len(row.cols) for row in rows[:late[0]])]].lines[0]
    closing = units[numbers[at - 1]].lines[-1]
    own = {name for _, _, name in runs}
    heads = [(line, name) for line, name in named if label < line < closing and (line > opening or name in own)]
    before = [any(lo < line < hi and name == own for line, name in heads) for lo, hi, own in runs]
    explained = all(any(lo < line < hi and name == own for lo, hi, own in runs) for line, name in heads)
    if not (all(before[1:]) and explained):
        return None
    front = iter(numbers[:first] + numbers[first + len(late):])
    back = iter(numbers[first:first + len(late)])
    fills = []
    straddling = 0
    for r, row in enumerate(rows):
        cells, at_units = [], []
        for i, col in enumerate(row.cols):
            if r in late and i == len(row.cols) - 1:
                k = next(back)
            else:
                k = next(front)
                at_units.append(k)
            u = units[k]
            v = parse_value(u.text)
            cells.append(CellResult(row.path, col, v.value, u.text, v.kind, min(u.confidence, ORDER_UNCHECKED),
                                    tuple(u.lines), read="moved?"))
        fills.append(RowFill(cells, True, []))
        mine = label_units.get(compact(row.path[-1]))
        straddling += bool(at_units) and any(min(at_units) < k < max(at_units)
                                             for k in label_units.values() if k != mine)
    moved = len(mend_shapes(spec, fills))
    return (moved, straddling, fills) if all(_fits_placed(f.cells, row.cols) for f, row in zip(fills, rows)) else None


def _printed_numbers(units: list[Unit], start: int, end: int, aside: list[tuple[Unit, list[Unit]]]) -> list[int]:
    """The table's numbers in the text's order (their units' indices): no page number, none of a
    report's own rows (``aside``: 其他主动公开文件 among piled labels, kept under extras)."""
    kept = {id(u) for _, share in aside for u in share}
    return [k for k in range(start, end) if units[k].value_like and not PAGE_NUMBER_RE.match(units[k].text)
            and id(units[k]) not in kept]


def decisions_after_cells(spec: TableSpec, units: list[Unit], start: int, end: int,
                          read: list[CellResult], aside: list[tuple[Unit, list[Unit]]]) -> list[CellResult] | None:
    """Table 二 whose widest blocks' last column (处理决定数量, 对外公开总数量) pdftotext printed after the
    table's last row, block by block with the column's name between them, the other columns row by row
    before it (… 72 政府集中采购 8480.0万元 173 0 处理决定数量 0 0) — or after the late blocks' own rows,
    the rest of the table after them (labels piled first: … 0 -7 第二十条第（八）项 处理决定数量 91 9
    处理决定数量 102 0 … 582 0). Read so only where every cell is printed once (the numbers are exactly
    the cells), the label of the row before the late numbers stands before them, a line naming the
    column parts each two blocks' runs (two blocks late at least: one run alone shows no such line),
    no late block prints all its cells between its name and the next block's, every number fits its
    column's shape (a number a place off in its row moved, ``mend_shapes``) and one choice of late
    blocks only reads so. A row the row reader (``read``) gave the same numbers keeps their order there;
    the numbers of a report's own rows (``aside``: 其他主动公开文件 among piled labels) are not the table's."""
    rows = spec.rows
    numbers = _printed_numbers(units, start, end, aside)
    if len(numbers) != sum(len(row.cols) for row in rows):
        return None
    numbers_at = set(numbers)
    # The widest blocks (printed names) and their last columns' names.
    widest = max(len(row.cols) for row in rows)
    last_cols = {compact(row.path[0]): (row.path[0], compact("".join(row.cols[-1]))) for row in rows
                 if len(row.cols) == widest}
    wide = [block for block, _ in last_cols.values()]
    names = {name for _, name in last_cols.values()}
    # The late numbers stand after the table's last row; the lines past its label naming a late column.
    # By the pieces' lines: a header the units joined to the label ("政府集中采购处理决定数量") keeps its own.
    pieces = [(compact(text), line) for k in range(start, end) if not units[k].value_like for text, line in units[k].pieces]
    labels = {}  # each row label's first line
    for row in rows:
        key = compact(row.path[-1])
        if (line := min((line for text, line in pieces if key in text), default=None)) is not None:
            labels[key] = line
    label_units = {}  # each row label's unit
    for key in labels:
        k = next((k for k in range(start, end) if not units[k].value_like and key in units[k].key), None)
        if k is not None:
            label_units[key] = k
    named = [(line, name) for text, line in pieces for name in names if text.endswith(name)]
    # A block whose own header (its name to its first number) leaves its last column out prints it late.
    # One whose every cell stands between its name and the next block's prints none late.
    must, whole = set(), set()
    names_of_blocks = {compact(row.path[0]) for row in rows}
    for k in range(start, end):
        if (block := last_cols.get(compact(units[k].text))) is not None:
            first = next((i for i in range(k + 1, end) if units[i].value_like), end)
            if not any(block[1] in compact(units[i].text) for i in range(k + 1, first)):
                must.add(block[0])
            upto = next((i for i in range(k + 1, end) if compact(units[i].text) in names_of_blocks), end)
            if sum(i in numbers_at for i in range(k + 1, upto)) == widest * sum(row.path[0] == block[0] for row in rows):
                whole.add(block[0])
    # The late runs after the table's last row, or after their last block's rows, the rest after them.
    readings = sorted((r for k in range(2, len(wide) + 1) for blocks in itertools.combinations(wide, k)
                       if must <= set(blocks) and not whole & set(blocks)
                       for cut in sorted({len(rows) - 1, max(i for i, row in enumerate(rows) if row.path[0] in blocks)})
                       if (r := _late_reading(spec, units, numbers, blocks, labels, named, cut, label_units))),
                      key=lambda r: r[:2])
    # The reading that moves the fewest numbers to fit their shapes, then parts the fewest rows' numbers
    # by another row's label, if no other does as well.
    if not readings or (len(readings) > 1 and readings[1][:2] == readings[0][:2]):
        return None
    out = []
    for row, fill in zip(rows, readings[0][2]):
        # The row reader's order where it holds the same numbers: it saw which line each stands on.
        theirs = [c for c in read if c.row == row.path]
        same = len(theirs) == len(fill.cells) and all(c.placed for c in theirs) and \
            sorted(c.raw for c in theirs) == sorted(c.raw for c in fill.cells)
        out += [replace(c, confidence=min(c.confidence, ORDER_UNCHECKED), read="moved?") for c in theirs] if same \
            else fill.cells
    return out


def text_order_cells(spec: TableSpec, units: list[Unit], start: int, end: int,
                     read: list[CellResult], aside: list[tuple[Unit, list[Unit]]]) -> list[CellResult] | None:
    """Table 二 read in the text's order where the row reader left it short: pdftotext's default order
    prints a block's labels piled, then its numbers — one of them after the next block's labels, before
    that block's own header (`行政处罚` `行政强制` 0 `信息内容` `行政事业性收费` 56 `第二十条第（八）项`
    `本年收费金额` 7707.76, for 0, 56 and 7707.76), which the row reader gave the label before it. Read so
    only where every cell is printed once (the numbers are exactly the cells), each row's numbers fit
    its columns' shapes, every cell the row reader was sure of reads the same and every tie it left
    reads one of its ways; those stay as read, the others are guesses (``ORDER_UNCHECKED``: no identity
    checks table 二's order)."""
    numbers = [units[k] for k in _printed_numbers(units, start, end, aside)]
    if len(numbers) != sum(len(row.cols) for row in spec.rows) or len(read) != len(numbers):
        return None
    out, it = [], iter(numbers)
    for row in spec.rows:
        mine = [next(it) for _ in row.cols]
        if not fits_columns([u.text for u in mine], list(row.cols)):
            return None
        out += [CellResult(row.path, col, (p := parse_value(u.text)).value, u.text, p.kind, u.confidence, tuple(u.lines),
                           read="order?") for col, u in zip(row.cols, mine)]
    if any(r.value != c.value and (r.confidence >= 0.9 and r.placed or r.alternatives and c.value not in
                                    {a.value for a in r.alternatives}) for r, c in zip(read, out)):
        return None
    # A sure cell, and a tie the order reads one way of (labels piled: by row or by column), stay as read.
    return [r if r.confidence >= 0.9 and r.placed or r.alternatives
            else replace(c, confidence=min(c.confidence, ORDER_UNCHECKED)) for r, c in zip(read, out)]
