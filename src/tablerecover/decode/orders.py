"""Table 三 printed in an order other than row by row, read where its identities hold that way: a
table of one value, boxes of rows printed column by column, a table cut in two between its columns."""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import cache

from ..fragment import PAGE_NUMBER_RE
from ..result import Alternative, CellResult, cell_where
from ..template import TableSpec
from ..values import parse_value
from .columns import column_score, value_score
from .rows import REVIEW_CELLS, row_identity
from .sections import applicant_header
from .units import Unit


def _cell(u: Unit) -> bool:
    return u.value_like and not PAGE_NUMBER_RE.match(u.text)


def uniform_cells(spec: TableSpec, units: list[Unit], start: int, end: int) -> list[CellResult] | None:
    """The table's cells when all its numbers are one value (a table of zeros) and the text holds
    exactly one number per cell: whatever order they are printed in, each cell is that value."""
    n = sum(len(r.cols) for r in spec.rows)
    # One more than the cells is enough to say no (a long span need not be read to its end).
    values = list(itertools.islice((u for u in units[start:end] if _cell(u)), n + 1))
    if len(values) != n or len({parse_value(u.text) for u in values}) != 1 or parse_value(values[0].text).kind not in ("zero", "number"):
        return None
    it = iter(values)
    return [CellResult(r.path, c, parse_value(u.text).value, u.text, parse_value(u.text).kind, u.confidence,
                       tuple(u.lines), read="uniform")
            for r in spec.rows for c, u in zip(r.cols, it)]


# Distinct readings of a suffix of rows the box search keeps; past it the text is too open to read so.
_BOX_READINGS = 64
# A reading that passes only with one cell misprinted (its row and its column off by the same amount,
# ``_one_misprint``): a guess, never sure.
MISPRINT_CONFIDENCE = 0.6


def box_order_cells(spec: TableSpec, units: list[Unit], start: int, end: int, span_ids: list[int],
                     alignment) -> list[CellResult] | None:
    """Table 三 printed box by box (issue 10, class 5). pdftotext's default order prints the row
    labels, then each column's values top to bottom; pdfminer does so per layout box — a block of
    rows' labels, then their numbers column by column (a first column printed beside the labels comes
    first all the same), then the next block ("1.属于国家秘密" … "2.没有现成信息…" 1 0 0 … 0 1 0
    "3.补正后…"). The table's numbers, in text order from its first row's label, are cut into
    consecutive boxes of whole rows, each read column by column or row by row; a reading must satisfy
    every row identity and every column identity (26 + 14 equations). The reading, when exactly one
    table of values passes (the plain row order is one of the candidates, so a text that reads both
    ways is no box text); otherwise None. Boxes end where text stands between numbers (a box's
    numbers are printed together), which keeps the search small; a table of one value is
    ``uniform_cells``."""
    n_rows, n = len(spec.rows), len(spec.rows[0].cols)
    identity = row_identity(spec.id, n)
    if identity is None or any(len(r.cols) != n for r in spec.rows):
        return None
    first = span_ids[alignment[0][0]] if alignment and alignment[0] else start
    values = [u for u in units[first:end] if _cell(u)]
    stop = end
    if len(values) < n_rows * n:
        # The last box may stand past the next table's heading (pdfminer places a box by its top):
        # the first run of numbers there, when it is exactly what the table lacks.
        at, stop = _run_after(units, end)
        values += units[at:stop] if stop - at == n_rows * n - len(values) else []
    if len(values) != n_rows * n:
        return None
    parsed = [parse_value(u.text) for u in values]
    if any(v.kind not in ("zero", "number") for v in parsed):
        return None
    # A box may end after value i only where text (a label, a header word) follows it.
    index = {id(u): i for i, u in enumerate(units[first:stop], first)}
    ends = {n_rows * n} | {v + 1 for v in range(len(values) - 1)
                           if index[id(values[v + 1])] != index[id(values[v])] + 1}

    overflow = False

    @cache
    def readings(r: int, spare: int) -> tuple[tuple[int, ...], ...]:
        """Distinct readings of rows r… as value indices, row by row (at most _BOX_READINGS), with up
        to ``spare`` rows that break their identity."""
        nonlocal overflow
        if r == n_rows:
            return ((),)
        out: dict[tuple[tuple, ...], tuple[int, ...]] = {}
        for e in range(r + 1, n_rows + 1):
            if e * n not in ends:
                continue
            k = e - r
            for at in (lambda i, c, k=k: r * n + c * k + i, lambda i, c: r * n + i * n + c):
                block = tuple(at(i, c) for i in range(k) for c in range(n))
                broken = [r + i for i in range(k) if not identity([parsed[j].value for j in block[i * n:(i + 1) * n]])]
                if len(broken) > spare:
                    continue
                for rest in readings(e, spare - len(broken)):
                    order = block + rest
                    out.setdefault(tuple(parsed[j].value for j in order), order)
                    if len(out) > _BOX_READINGS:
                        overflow = True
                        return tuple(out.values())
        return tuple(out.values())

    def holds(order: tuple[int, ...]) -> bool:
        cells = [[CellResult(row.path, col, parsed[order[r * n + c]].value, "", "number", 1.0, ())
                  for c, col in enumerate(row.cols)] for r, row in enumerate(spec.rows)]
        return column_score(cells) == 2 * n

    def one_misprint(order: tuple[int, ...]) -> bool:
        return _one_misprint([[parsed[order[r * n + c]].value for c in range(n)] for r in range(n_rows)], identity)

    passing = [o for o in readings(0, 0) if holds(o)]
    misprinted = not passing and not overflow
    if misprinted:
        passing = [o for o in readings(0, 1) if one_misprint(o)]
    if overflow or len(passing) != 1 or passing[0] == tuple(range(n_rows * n)):
        return None  # a tie, or the plain row order (the row reader's, not a box text's)
    order = passing[0]
    cells = [CellResult(row.path, col, parsed[order[r * n + c]].value, values[order[r * n + c]].text,
                        parsed[order[r * n + c]].kind, values[order[r * n + c]].confidence,
                        tuple(values[order[r * n + c]].lines), read="transposed?" if misprinted else "transposed")
             for r, row in enumerate(spec.rows) for c, col in enumerate(row.cols)]
    return [replace(c, confidence=min(c.confidence, MISPRINT_CONFIDENCE)) for c in cells] if misprinted else cells


def _run_after(units: list[Unit], end: int) -> tuple[int, int]:
    """The first run of the table's numbers after unit ``end``: its start and end (a block printed
    past the next heading, to be taken only when it is exactly what the table lacks)."""
    at = next((i for i in range(end, len(units)) if _cell(units[i])), len(units))
    return at, next((i for i in range(at, len(units)) if not _cell(units[i])), len(units))


def _one_misprint(grid: Sequence[Sequence], identity: Callable[[Sequence], bool]) -> bool:
    """Does table 三's grid break its identities as one misprinted cell does, and only so? One row's
    identity fails, by f (its six less its total); the cell printed e more than it is (e = f in the six,
    -f in the total column) leaves, in its column only, the results' sum less （七） and 一+二 less
    （七）+四 off by: (0, e) for a cell of 一 or 二, (e, 0) for a results row's, (-e, -e) for （七）'s,
    (0, -e) for 四's; every other column and row holds."""
    n_rows, n = len(grid), len(grid[0])
    broken = [r for r, row in enumerate(grid) if not identity(row)]
    if len(broken) != 1:
        return False
    r = broken[0]
    fault = sum(grid[r][:-1]) - grid[r][-1]
    total, carried = grid[n_rows - 2], grid[n_rows - 1]
    results = [sum(row[c] for row in grid[2:n_rows - 2]) - total[c] for c in range(n)]
    balance = [grid[0][c] + grid[1][c] - total[c] - carried[c] for c in range(n)]
    off = [c for c in range(n) if results[c] or balance[c]]
    if len(off) != 1:
        return False
    j = off[0]
    e = fault if j < n - 1 else -fault
    want = (0, e) if r < 2 else (e, 0) if r < n_rows - 2 else (-e, -e) if r == n_rows - 2 else (0, -e)
    return (results[j], balance[j]) == want


TIED_CONFIDENCE = 0.4  # a cell two readings that pass every identity give differently
# A reading that passes only with one number of a segment's right parts taken from the end of the run
# (pdftotext prints 二's total, under the 总计 header's tall note, after the page's last row): the
# identities vouch for it, but the move was chosen to fit them — likely, not sure.
MOVED_CONFIDENCE = 0.85
# How far from the end of a segment's right parts the number printed out of place may stand.
_MOVED_FROM_END = 2
# How many numbers at the end of a segment's right parts may each belong to an earlier row (a page
# printing several rows' totals after its last row: "0 0 0 29 29" "1" "4" "9").
_MOVED_AT_END = 3

# Segment readings the split search may try on a table; past it the text is too open to read so. The
# misprint search needs the most: 97,000 on seed 793's cut table of zeros (about 0.1 s).
_SPLIT_STEPS = 200_000


class _Overflow(Exception):
    pass


# Of several readings that pass every identity, those the row reader's sure cells disagree with go
# (rows that swap alike: the row reader, which sees which numbers stand by which label, may read them —
# 810/011's rows 5 and 6, 840/009's 4 and 5); up to MAX_GUIDED_TIES left tie (840/021: the labels decide
# neither of two pairs of swaps). Where the row reader agrees with none, up to MAX_SPLIT_TIES tie.
MAX_SPLIT_TIES = 3
MAX_GUIDED_TIES = 8
_GUIDE_SURE = 0.9  # the row reader's cells this confident are the ones that choose
# Readings that pass with one misprinted cell are guesses whichever is taken (below sure, the cells
# they differ in at 0.4 with the others as alternatives): more of them may tie, the nearest the text's
# order first (on seeds 778/780 it was the table each time).
MAX_MISPRINT_TIES = 16


def split_order_cells(spec: TableSpec, units: list[Unit], start: int, end: int, guide: Sequence[CellResult] = ()
                      ) -> tuple[list[CellResult], list[tuple[str, str]], int] | None:
    """Table 三 cut in two between its columns (issue 10, class 5). A table too wide for its page
    prints, through pdftotext's default order, its left columns beside the labels row by row and its
    right columns as a block after the page's rows, each row's numbers together ("2 0 0 0"
    "一、本年新收…" … "6.属于四类过程性信息" "0" "0 2" "0" "0 0" …), or row by row after them. The
    text is then a run of segments (a page's rows, or one row): the segment's rows cut at one column
    k, all their left parts, then all their right parts (or the right first). The search tries every
    segment at every row where the last one ended, each row's identity checked as it is read, the
    column sums carried along and every column identity checked at （七） and 四. The text read
    plainly row by row, when it passes, is the reading whatever else passes (a split text that also
    reads row by row would be a coincidence of its zeros). Otherwise one reading that passes is sure;
    several (rows whose numbers swap alike under every identity) narrow to those the row reader's sure
    cells (``guide``) agree with, if any: one is sure, up to MAX_GUIDED_TIES tie — the cells they
    differ in keep the others as alternatives, below 0.5, and a note names them, the reading nearest
    the text's own order first. With none agreeing, up to MAX_SPLIT_TIES tie so; more is None. Where
    no reading passes, one cell may be misprinted (reports do: its row and its column then fail by the
    same amount, the only failures, ``_one_misprint``): a reading that passes so is a guess
    (MISPRINT_CONFIDENCE), the failed checks reported as usual; up to MAX_MISPRINT_TIES such
    readings tie as above. A reading that passes only with one number of a segment's right part put
    back from the part's end (``_SplitSearch._right_runs``) is a guess too (MOVED_CONFIDENCE), with a
    note. Returns the cells, the notes and the end of the units read (past the span's end where the
    right parts stand past the next heading)."""
    n_rows, n = len(spec.rows), len(spec.rows[0].cols)
    identity = row_identity(spec.id, n)
    if identity is None or any(len(r.cols) != n for r in spec.rows):
        return None
    # Numbers may stand before the first row's label (pdftotext prints a row's numbers above it), but
    # not before the table's header: those are the last table's, printed past this heading.
    header = applicant_header(units, start, end)
    values = list(itertools.islice((u for u in units[header:end] if _cell(u)), n_rows * n + 1))
    values, end, taken_past = _past_next_headings(units, values, end, n_rows * n)
    parsed = [parse_value(u.text) for u in values]
    if len(values) != n_rows * n or any(v.kind not in ("zero", "number") for v in parsed):
        return None
    vals = tuple(v.value for v in parsed)
    plain = tuple(tuple(range(r * n, (r + 1) * n)) for r in range(n_rows))
    grid = [[vals[i] for i in row] for row in plain]
    misprinted = moved = False
    if all(map(identity, grid)) and value_score(grid) == 2 * n:
        orders = [plain]
    else:
        at = {id(u): i for i, u in enumerate(units[start:end])}
        # Text between two numbers: a unit between them, or text on a line after the first's, up to the
        # second's own (a label's wrapped tail, "数量", is merged into the label's unit before the
        # numbers; a label moved to its numbers leaves its line's text, "没有现成信息 0 0 0 180 0").
        text_lines = sorted({line for u in units[start:end] if not _cell(u) and u.text for line in u.lines})
        # The block taken from past table 四's header words is one run: the words among it are table 四's.
        inside = len(values) - taken_past
        apart = frozenset(i for i in range(len(values) - 1) if i < inside
                          and (at[id(values[i + 1])] != at[id(values[i])] + 1
                               or bisect.bisect_right(text_lines, max(values[i].lines))
                               < bisect.bisect_right(text_lines, min(values[i + 1].lines))))
        beside = frozenset(i for i, u in enumerate(values) if set(u.lines) & set(text_lines))
        whole = _whole_lines(values, text_lines, n)
        # Each layout tried only where none simpler passes (the later ones read more texts, and more of
        # them tie): rows printed whole between a segment's parts; a page's cut rows whose right parts
        # run straight on into whole rows (no label between: the next page's rows printed before their
        # labels); one of a cut segment's right part's last numbers printed out of place, at the part's end
        # (a guess: MOVED_CONFIDENCE). Then the same with one cell misprinted.
        layouts = ({}, {"between": True}, {"unclosed": True}, {"moved": True})
        readings = {}
        try:
            for misprints, layout in itertools.product((0, 1), layouts):
                found = _SplitSearch(vals, apart, beside, whole, n, n_rows, identity, misprints=misprints,
                                     **layout).readings()
                readings = {grid: order for grid, order in found.items() if not misprints or _one_misprint(grid, identity)}
                if readings:
                    misprinted, moved = bool(misprints), layout.get("moved", False)
                    break
        except _Overflow:
            return None
        if not misprinted and len(readings) > 1:
            agreeing = _agreeing(readings, guide, n)
            readings = agreeing if agreeing or len(readings) > MAX_SPLIT_TIES else readings
        if not 0 < len(readings) <= (MAX_MISPRINT_TIES if misprinted else MAX_GUIDED_TIES):
            return None
        orders = sorted(readings.values(), key=lambda o: sum(abs(i - (r * n + c)) for r, row in enumerate(o)
                                                              for c, i in enumerate(row)))
    cells, tied = [], []
    for r, row in enumerate(spec.rows):
        # A guessed layout (a misprint, a number moved) still reads a row surely where the row reader,
        # by its label, was sure of every cell of it alike.
        own = guide[r * n:(r + 1) * n] if len(guide) == n_rows * n else ()
        vouched = bool(own) and all(g.confidence >= _GUIDE_SURE and g.value == vals[i] for g, i in zip(own, orders[0][r]))
        for c, col in enumerate(row.cols):
            i = orders[0][r][c]
            others = tuple(dict.fromkeys(Alternative(parsed[o[r][c]].value, values[o[r][c]].text)
                                         for o in orders[1:] if vals[o[r][c]] != vals[i]))
            guessed = (misprinted or moved) and not vouched
            cell = CellResult(row.path, col, parsed[i].value, values[i].text, parsed[i].kind, values[i].confidence,
                              tuple(values[i].lines), alternatives=others,
                              read="split?" if others or guessed else "split")
            if vouched and (misprinted or moved):
                cell = replace(cell, confidence=own[c].confidence)  # the row reader's reading, by its label
            elif misprinted or moved:
                cap = min(MISPRINT_CONFIDENCE if misprinted else 1.0, MOVED_CONFIDENCE if moved else 1.0)
                cell = replace(cell, confidence=min(cell.confidence, cap))
            if others:
                cell = replace(cell, confidence=min(cell.confidence, TIED_CONFIDENCE))
                tied.append(cell_where(spec.id, row.path, col))
            cells.append(cell)
    passing = "pass every identity but one misprinted cell's" if misprinted else "pass every identity"
    detail = (f"{spec.id}: the table cut in two between its columns reads {len(orders)} ways that {passing}; "
              f"the cells they differ in keep the others as alternatives")
    notes = [("; ".join(tied), detail)] if tied else []
    if moved:
        notes.append((spec.id, f"{spec.id}: the table cut in two between its columns passes every identity only "
                               f"with one number of its right part taken from where the part ends: a guess"))
    return cells, notes, end


def _whole_lines(values: list[Unit], text_lines: list[int], n: int) -> dict[int, frozenset[int]]:
    """The values printed as one whole row beside text on their line (a line with text holding exactly
    n numbers, each on that line alone: pdftotext -layout's "处理 2.重复申请 0 0 0 0 8 0 8"), each
    value's index to its line's. A split text prints a row's left and right parts apart: numbers of
    two rows on one label's line are a row read across."""
    on: dict[int, set[int]] = {}
    for i, u in enumerate(values):
        if len(u.lines) == 1:
            on.setdefault(u.lines[0], set()).add(i)
    texts = set(text_lines)
    return {i: frozenset(ids) for line, ids in on.items() if line in texts and len(ids) == n for i in ids}


def _agreeing(readings: dict[tuple, tuple], guide: Sequence[CellResult], n: int) -> dict[tuple, tuple]:
    """The readings whose values agree with every sure cell of the row reader's (``guide``, in the
    table's cell order): where several pass every identity, the labels the row reader read by decide."""
    sure = [(i // n, i % n, c.value) for i, c in enumerate(guide) if c.confidence >= _GUIDE_SURE and c.value is not None]
    return {grid: order for grid, order in readings.items() if all(grid[r][c] == v for r, c, v in sure)}


def _past_next_headings(units: list[Unit], values: list[Unit], end: int, need: int) -> tuple[list[Unit], int, int]:
    """A page's last block printed past the next headings (pdftotext: "四、…" "五、…" 46 "0 46" 52 …;
    or right after table 四's heading, before its header words: "四、…" 0 0 0 "0 0" …): the first run of
    numbers after the table, when it is exactly what the table lacks and stands past two headings, or
    past one with as many numbers as table 四's cells still after it (they must stay table 四's, though
    pdftotext may print them past the next heading too). Past one heading the block may run on past
    table 四's first header words ("四、…" 0 0 23 … 0 "行政复议" "结果 维持 …" 0 "结果 维持 …" 0 0 0 …)
    when the numbers to the text's end are exactly what the table lacks and table 四's cells.
    Returns the values, the span's end moved past the block, and how many of the values were
    taken so (after the first, the text among them is table 四's, not the block's)."""
    lack = need - len(values)
    if not values or lack <= 0:
        return values, end, 0
    at, stop = _run_after(units, end)
    headings = sum(u.label == "heading" for u in units[end:at])
    if headings == 0:
        return values, end, 0
    if stop - at != lack:
        if headings > 1 or stop - at > lack:
            return values, end, 0
        numbers = [i for i in range(at, len(units)) if _cell(units[i])]
        if len(numbers) != lack + REVIEW_CELLS:
            return values, end, 0
        return values + [units[i] for i in numbers[:lack]], numbers[lack - 1] + 1, lack
    if headings == 1 and sum(map(_cell, units[stop:])) < REVIEW_CELLS:
        return values, end, 0
    return values + units[at:stop], stop, lack


class _SplitSearch:
    """Readings of a table's numbers as segments of rows cut in two (see ``split_order_cells``)."""

    def __init__(self, vals: tuple, apart: frozenset[int], beside: frozenset[int], whole: dict[int, frozenset[int]],
                 n: int, n_rows: int, identity: Callable[[Sequence], bool], misprints: int = 0,
                 between: bool = False, unclosed: bool = False, moved: bool = False) -> None:
        self.vals, self.beside, self.n, self.n_rows, self.identity = vals, beside, n, n_rows, identity
        self.whole = whole  # a row printed whole beside its label: its numbers stay one row (_whole_lines)
        self.misprints = misprints  # rows that may break their identity (one cell misprinted)
        self.between = between  # rows printed whole between a segment's left and right parts (_layouts)
        self.unclosed = unclosed  # a cut segment's right parts run on into the next rows' numbers
        self.moved = moved  # one number of a cut segment's right parts printed at their end (_right_runs)
        self.steps = _SPLIT_STEPS
        self.counts = all(v >= 0 for v in vals)
        # gaps[i]: how many of the first i tokens have text after them; after[i]: the first such ≥ i.
        self.gaps = list(itertools.accumulate((i in apart for i in range(len(vals))), initial=0))
        self.after = [len(vals)] * (len(vals) + 1)
        for i in range(len(vals) - 1, -1, -1):
            self.after[i] = i if i in apart else self.after[i + 1]

    def _part(self, pos: int, size: int) -> tuple[int, ...] | None:
        """A part's token indices: printed together (no text between its numbers), or, where text
        stands at one place among them, the numbers on the label's line first (``beside``: a line with
        text): those after the text, printed after the others ("0 0 0" "3.危及…稳定” 2"; "0 0" "1 0 6"
        "3.危及…" "0 5") or before them ("0" "二、上年结转…" "2 0 0"); or those before it, the label's
        line printed first ("补正后申请内容仍不明 3" "3." "确" "0" "0" "0"). None otherwise."""
        gaps = self.gaps[pos + size - 1] - self.gaps[pos]
        if not gaps or gaps == 1 and (g := self.after[pos]) in self.beside and g + 1 not in self.beside:
            return tuple(range(pos, pos + size))
        if gaps == 1 and g + 1 in self.beside:
            return tuple(range(g + 1, pos + size)) + tuple(range(pos, g + 1))
        return None

    @cache  # noqa: B019 (one search object per table, dropped with it)
    def _segments(self, r: int) -> tuple:
        return tuple(self._segment_readings(r))

    def _layouts(self, pos: int, m: int, k: int) -> Iterator[tuple[bool, int]]:
        """How a segment of m rows from token ``pos`` may be cut at column k: (right parts first, rows
        printed whole between the left and right parts). The page's last rows, their labels on one
        line, may print whole between the left parts and the right ones (pdftotext: "信访… 0 0 0 0 0" …
        "3.其他 1 0 0 0 0 0 1" "(七)总计" 8 0 0 0 0 0 8 … "四、结转…" then the cut rows' 其他 and 总计)
        — only where text follows the left parts and each whole row."""
        if k == self.n:
            yield False, 0
            return
        yield from ((False, 0), (True, 0))
        for w in range(1, m if self.between else 1):
            ends = [pos + (m - w) * k + j * self.n for j in range(w + 1)]
            if all(self.gaps[e] != self.gaps[e - 1] for e in ends):
                yield False, w

    def _segment_readings(self, r: int) -> Iterator[tuple[tuple, tuple, int | None]]:
        """Readings of a segment starting at row r: (rows, token indices per row, the misprint), every
        row's identity holding — or, with ``misprints``, one row's not: the misprint is then its
        printed cells' sum less its total. A segment ends where text follows its last number (a
        page's block, or a row, ends before the next label) or at the table's last number. Cut k = n:
        rows printed whole."""
        n, pos, total = self.n, r * self.n, len(self.vals)
        for m in range(1, self.n_rows - r + 1):
            end = pos + m * n
            closed = end == total or self.gaps[end] != self.gaps[end - 1]  # text after the segment's last number
            if not closed and not self.unclosed:
                continue
            for k in range(1, n + 1 if closed else n):
                for right_first, w in self._layouts(pos, m, k):
                    for run in self._right_runs(pos, m, k, right_first, w):
                        self.steps -= 1
                        if self.steps < 0:
                            raise _Overflow
                        rows, order, fault = [], [], None
                        cut = m - w
                        for i in range(m):
                            if i < cut:
                                lpos = pos + (cut * (n - k) if right_first else 0) + i * k
                                rpos = pos + (0 if right_first else cut * k + w * n) + i * (n - k)
                                left = self._part(lpos, k)
                                right = (() if k == n else self._part(rpos, n - k) if run is None
                                         else run[i * (n - k):(i + 1) * (n - k)])
                            else:
                                left, right = self._part(pos + cut * k + (i - cut) * n, n), ()
                            if left is None or right is None:
                                break
                            idx = left + right
                            if any(j in self.whole and not self.whole[j] <= set(idx) for j in idx):
                                break
                            row = tuple(self.vals[j] for j in idx)
                            if not self.identity(row):
                                if not self.misprints or fault is not None:
                                    break
                                fault = sum(row[:-1]) - row[-1]
                            rows.append(row)
                            order.append(idx)
                        else:
                            yield tuple(rows), tuple(order), fault

    def _right_runs(self, pos: int, m: int, k: int, right_first: bool, w: int) -> Iterator[tuple[int, ...] | None]:
        """The token order of a cut segment's right parts: as printed (None: ``_part`` reads each), and,
        with ``moved``, the run printed without text in it with one of its last ``_MOVED_FROM_END``
        numbers put back at an earlier place (pdftotext prints 二's total, under the 总计 header's tall
        note, after the page's last row: "0 0 0 179 185" "0 0 0 2" … "0 0 0 7 7" "3"), or with its last
        two or three each put back into an earlier row (``_moved_runs``: "0 0 0 29 29" "1" "4" "9")."""
        yield None
        if not self.moved or k == self.n or w:
            return
        size = m * (self.n - k)
        start = pos + (0 if right_first else m * k)
        if size < 2 or self.gaps[start + size - 1] != self.gaps[start]:
            return
        for back in range(1, min(_MOVED_FROM_END, size - 1) + 1):
            src = size - back
            for dst in range(src):
                run = list(range(start, start + size))
                run.insert(dst, run.pop(src))
                yield tuple(run)
        if self.misprints:
            return  # the runs below are built only where every row holds
        lefts = [self._part(pos + (m * (self.n - k) if right_first else 0) + i * k, k) for i in range(m)]
        if None in lefts:
            return
        for moved in range(2, min(_MOVED_AT_END, m) + 1):
            yield from self._moved_runs(start, size, moved, [tuple(self.vals[j] for j in left) for left in lefts])

    def _moved_runs(self, start: int, size: int, moved: int, lefts: list[tuple]) -> Iterator[tuple[int, ...]]:
        """Right parts whose last ``moved`` numbers each belong, in order, to a different earlier row:
        each row takes its part as printed or with the next of them put in, every row's identity
        holding with its left part (checked row by row, so few runs are built)."""
        rows = len(lefts)
        width = size // rows
        printed, late = tuple(range(start, start + size - moved)), tuple(range(start + size - moved, start + size))

        def go(i: int, p: int, q: int) -> Iterator[tuple[int, ...]]:
            self.steps -= 1
            if self.steps < 0:
                raise _Overflow
            if i == rows:
                if p == len(printed) and q == moved:
                    yield ()
                return
            parts = {}
            if len(printed) - p >= width:
                parts[printed[p:p + width]] = (p + width, q)
            if q < moved:
                for at in range(width):
                    part = printed[p:p + at] + (late[q],) + printed[p + at:p + width - 1]
                    if len(part) == width:
                        parts.setdefault(part, (p + width - 1, q + 1))
            seen = set()
            for part, (p2, q2) in parts.items():
                row = lefts[i] + tuple(self.vals[j] for j in part)
                if (row, q2) in seen or not self.identity(row):
                    continue
                seen.add((row, q2))
                for rest in go(i + 1, p2, q2):
                    yield part + rest
        yield from go(0, 0, 0)

    def _columns(self, sums: tuple, r: int, row: tuple, fault: int | None) -> tuple | None:
        """The column sums after row r — (一+二, the results', （七）) — or None where the row breaks a
        column identity: （七） = the results' sum, 一+二 = （七）+四. With a misprinted row read (``fault``,
        its sum less its total) each may fail in one column, the results may run over 一+二 by the
        fault; ``_one_misprint`` checks the whole reading at the end."""
        both, results, total = sums
        if r < 2:
            return tuple(map(sum, zip(both, row))), results, total
        if r < self.n_rows - 2:
            results = tuple(map(sum, zip(results, row)))
            # Counts are never negative, so the results so far stay within 一+二 (= （七）+四), give or
            # take a misprint.
            slack = abs(fault or 0)
            return (both, results, total) if not self.counts or all(x <= y + slack for x, y in zip(results, both)) else None
        if r == self.n_rows - 2:
            off = sum(x != t for x, t in zip(results, row))
            return (both, results, row) if off == 0 or (fault is not None and off == 1) else None
        off = sum(x != t + v for x, t, v in zip(both, total, row))
        return sums if off == 0 or (fault is not None and off == 1) else None

    def readings(self) -> dict[tuple, tuple]:
        """Distinct tables of values that pass every identity (with ``misprints``: the column identities
        as ``_columns`` lets them fail, for ``_one_misprint`` to check), each with one token order (at
        most _BOX_READINGS + 1: more is a tie all the same)."""
        zero = (0,) * self.n

        @cache
        def go(r: int, sums: tuple, fault: int | None) -> dict[tuple, tuple]:
            if r == self.n_rows:
                return {(): ()}
            out: dict[tuple, tuple] = {}
            for rows, order, own in self._segments(r):
                self.steps -= 1
                if self.steps < 0:
                    raise _Overflow
                if own is not None and fault is not None:
                    continue  # one misprint at most
                now = fault if own is None else own
                # Rows before the segment's misprinted one are checked as if none came yet.
                bad = 0 if own is None else next(i for i, row in enumerate(rows) if not self.identity(row))
                after: tuple | None = sums
                for i, row in enumerate(rows):
                    after = self._columns(after, r + i, row, now if i >= bad else fault) if after is not None else None
                if after is None:
                    continue
                for grid, rest in go(r + len(rows), after, now).items():
                    out.setdefault(rows + grid, order + rest)
                if len(out) > _BOX_READINGS:
                    raise _Overflow
            return out
        return go(0, (zero, zero, None), None)
