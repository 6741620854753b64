"""Each table read against its template: labels aligned to rows, a table's own printed header,
unlabelled value rows, a table of one value, table 四's single row; and ``reconstruct``, the
whole document."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from ..fragment import PAGE_NUMBER_RE, Fragment
from ..normalise import compact
from ..result import CellResult, Check, Extra, TableResult
from ..template import TABLE_IDS, TableSpec, Template
from ..values import parse_value
from ..vocab import CJK_RE
from .columns import column_score, resolve_with_columns
from .labels import ENUM_RE, align_rows
from .rows import (BORDER_RE, UNIT_HEADER_RE, RowFill, ambiguity_notes, collect_values, fill_row, is_label,
                   pads_first)
from .sections import Span, table_spans
from .units import (Unit, join_around_enumerators, join_wrapped_rows, merge_units, repeats_dropped,
                    split_enumerated_continuations, split_merged_rows)

VALUES_FOLLOW_BONUS = 0.05
# A template column the table's own header prints (partial_ratio ≥ PRINTED) or clearly leaves out (≤ ABSENT).
HEADER_PRINTED, HEADER_ABSENT = 65, 50


@dataclass
class TableReading:
    table: TableResult
    matched_rows: int
    notes: list[tuple[str, str]]  # (where, detail) of each reading the text did not decide
    last_unit: int = -1  # the last unit the table's rows used (where the next table can begin)
    flags: list[Check] = field(default_factory=list)


def _is_other_format_row(spec: TableSpec, units: list[Unit], k: int) -> bool:
    """A label that heads a group of rows in this template (2021's （六）其他处理) printed with numbers
    of its own: the row of the other format ("（六）其他处理 | 1 | 0 …" in a 2021 report)."""
    key = units[k].key
    own = {compact(r.label) for r in spec.rows}
    return (key not in own and any(fuzz.ratio(key, compact(g)) >= 90 for g in spec.group_labels)
            and k + 1 < len(units) and units[k + 1].value_like)


def _printed_columns(cols, units: list[Unit], lo: int, hi: int) -> tuple[list[int], tuple[int, ...]] | None:
    """The template columns that the table's own header, printed between units lo and hi, shows —
    when it clearly leaves some out (a city's table 二 printing （五） as `2019年项目数量 | 处理决定数量`,
    without 本年增/减). None when there is no header there or it does not tell clearly."""
    words = [u for u in units[lo:hi] if u.label in ("colhead", "cont") and not u.value_like and CJK_RE.search(u.text)]
    header = "".join(u.key for u in words).replace("信息内容", "")
    if len(header) < 4:
        return None
    scores = [fuzz.partial_ratio(compact(c[-1]), header) for c in cols]
    if any(HEADER_ABSENT < sc < HEADER_PRINTED for sc in scores):
        return None
    printed = [i for i, sc in enumerate(scores) if sc >= HEADER_PRINTED]
    if not printed or len(printed) == len(cols):
        return None
    return printed, tuple(n for u in words for n in u.lines)


def _fill_printed(table_id: str, row, tokens: list[Unit], label_conf: float, padding_first: bool,
                  label_row: int, printed: list[int], header_lines: tuple[int, ...]) -> RowFill:
    """Fill only the columns the table's header prints; the others are not in the table (kind "na")."""
    fill = fill_row(table_id, row.path, tuple(row.cols[i] for i in printed), tokens, label_conf,
                     padding_first, label_row)
    got = dict(zip(printed, fill.cells))
    # The header's reading is confirmed only when the row fills the columns it prints; otherwise the
    # "missing" column may just be printed elsewhere (pdftotext puts 采购总金额 after the row label).
    confirmed = fill.complete and all(c.placed for c in fill.cells)
    cells = [got[i] if i in got else CellResult(row.path, c, None, "", "na",
                                                (0.95 if confirmed else 0.45) * label_conf, header_lines,
                                                read="header" if confirmed else "header?")
             for i, c in enumerate(row.cols)]
    return RowFill(cells, fill.complete, fill.notes, [])


def _run_through_enumerators(units: list[Unit], j: int, end: int, labels: frozenset[int],
                             pos: dict[int, int]) -> list[Unit]:
    """The values after unit j, read on past enumerators that label nothing ("1." of a label that
    pdftotext printed elsewhere), which are kept among them as text tokens."""
    out = collect_values(units, j, end)
    while True:
        k = pos[id(out[-1])] + 1 if out else j + 1
        if k >= end or k in labels or CJK_RE.search(units[k].text) or not ENUM_RE.fullmatch(units[k].key):
            return out
        out.append(units[k])
        out += collect_values(units, k, end)
        j = k


def _past_own_header(units: list[Unit], j: int, end: int, cols) -> int:
    """Past the block's column header printed between a row label and its numbers (pdftotext:
    "行政事业性收费" "上一年项目数量" "本年增/减" 4 0): the last header word, or j."""
    names = [compact(c[-1]) for c in cols]
    k = j
    while k + 1 < end and not units[k + 1].value_like and (
            # "采购总金额（元）": the classifier may merge the unit into the header word as its continuation
            (units[k + 1].label == "colhead"
             and max(fuzz.ratio(UNIT_HEADER_RE.sub("", units[k + 1].key), n) for n in names) >= 85)
            or (k > j and UNIT_HEADER_RE.fullmatch(units[k + 1].key))):  # "采购总金额" "（元）"
        k += 1
    return k


def _numbers(tokens: list[Unit]) -> list[Unit]:
    return [u for u in tokens if u.text and parse_value(u.text).kind != "text"]


def spread_unlabelled_rows(rows, row_tokens: list[list[Unit]], runs: list[list[Unit]],
                           text_lines: frozenset[int] = frozenset()) -> tuple[list[list[Unit]], dict[int, int]]:
    """Value rows without a label (pdftotext and PDF-to-markdown print a run of labels apart from
    their numbers): a row followed by whole extra rows of numbers gives them, in template order, to
    the rows after it that have no numbers of their own — only when there are exactly as many extra
    rows as such rows up to the next row with numbers (value rows still come in template order, and
    the labelled rows anchor the sequence). An extra row whose numbers share a source line with text
    (``text_lines``: pdfplumber prints a piece of a vertical label beside them) has a label of its
    own somewhere, and the anchor is not to be trusted. ``runs`` are the rows' values read on past
    enumerators that label nothing. Returns the tokens of every row and, for each row that got its
    numbers this way, the row whose label anchored them."""
    out = list(row_tokens)
    given: dict[int, int] = {}
    for r, tokens in enumerate(runs):
        n = len(rows[r].cols)
        nums = _numbers(tokens)
        if len(nums) <= n or len(nums) % n or any(not u.text for u in tokens):
            continue
        # A stray enumerator ("1." of a label printed elsewhere) may stand between whole rows only.
        seen, whole = 0, True
        for u in tokens:
            if parse_value(u.text).kind == "text":
                whole &= seen % n == 0
            else:
                seen += 1
        gap = list(itertools.takewhile(lambda s: not _numbers(row_tokens[s]), range(r + 1, len(rows))))
        if (not whole or len(gap) != len(nums) // n - 1 or any(len(rows[s].cols) != n for s in gap)
                or any(line in text_lines for u in nums[n:] for line in u.lines)):
            continue
        out[r] = nums[:n]
        for i, s in enumerate(gap):
            out[s] = nums[(i + 1) * n:(i + 2) * n]
            given[s] = r
    return out, given


def _uniform_cells(spec: TableSpec, units: list[Unit], start: int, end: int) -> list[CellResult] | None:
    """The table's cells when all its numbers are one value (a table of zeros) and the text holds
    exactly one number per cell: whatever order they are printed in, each cell is that value."""
    values = [u for u in units[start:end] if u.value_like and not PAGE_NUMBER_RE.match(u.text)]
    n = sum(len(r.cols) for r in spec.rows)
    if len(values) != n or len({parse_value(u.text) for u in values}) != 1 or parse_value(values[0].text).kind not in ("zero", "number"):
        return None
    it = iter(values)
    return [CellResult(r.path, c, parse_value(u.text).value, u.text, parse_value(u.text).kind, u.confidence,
                       tuple(u.lines), read="uniform")
            for r in spec.rows for c, u in zip(r.cols, it)]


def _read_rows(spec: TableSpec, units: list[Unit], span: Span) -> TableReading:
    start, end = span.start, span.end
    own_labels = {compact(r.label) for r in spec.rows} if spec.id == "active_disclosure" else set()
    # Table 二's row label printed as a header over its block's column names (pdftotext: "行政事业性收费"
    # "上一年项目数量" "本年增/减" 4 0) is a row label all the same.
    labels = [k for k in range(start, end) if is_label(units, k) or (units[k].label == "colhead" and units[k].key in own_labels)]
    # Rows of the other format are kept out of the alignment and reported, not forced into cells.
    foreign = [k for k in labels if _is_other_format_row(spec, units, k)]
    span_ids = [k for k in labels if k not in foreign]
    cands = [units[k] for k in span_ids]
    # A label its numbers follow anchors a row better than one printed among other labels
    # (pdftotext prints a pile of labels apart from the numbers they belong to).
    followed = [VALUES_FOLLOW_BONUS * bool(collect_values(units, k, end)) for k in span_ids]
    alignment = align_rows([compact(r.label) for r in spec.rows], [u.key for u in cands], followed)
    row_tokens = [collect_values(units, span_ids[m[0]], end) if m else [] for m in alignment]
    if spec.id == "active_disclosure":
        row_tokens = [t or (collect_values(units, _past_own_header(units, span_ids[m[0]], end, r.cols), end) if m else [])
                      for t, m, r in zip(row_tokens, alignment, spec.rows)]
    pos = {id(u): i for i, u in enumerate(units[start:end], start)}

    def fill_rows(row_tokens: list[list[Unit]], unlabelled: dict[int, int]):
        padding_first = pads_first([(t, len(r.cols)) for t, r in zip(row_tokens, spec.rows)])
        fills: list[RowFill] = []
        matched, matched_ids, last_unit = 0, set(), -1
        prev_label, header = start, None  # header: (block, printed columns, header lines) read for the block
        for r, (row, m, tokens) in enumerate(zip(spec.rows, alignment, row_tokens)):
            if r in unlabelled:
                # Its numbers, not its label, placed it: as sure as the label that anchored them.
                anchor_m = alignment[unlabelled[r]]
                label_conf = min(1.0, anchor_m[1] + 0.05) * units[span_ids[anchor_m[0]]].confidence
                fill = fill_row(spec.id, row.path, row.cols, tokens, label_conf)
                fill.cells = [replace(c, read="unlabelled") if c.read == "direct" else c for c in fill.cells]
                fills.append(fill)
                last_unit = max(last_unit, pos[id(tokens[-1])])
                if m is not None:
                    matched_ids.add(span_ids[m[0]])
                matched += 1
                continue
            if m is None:
                fills.append(fill_row(spec.id, row.path, row.cols, [], 0.0))
                continue
            cand, sim = m
            k = span_ids[cand]
            matched_ids.add(k)
            last_unit = max(last_unit, pos.get(id(tokens[-1]), k) if tokens else k)
            label_conf = min(1.0, sim + 0.05) * units[k].confidence
            if spec.id == "active_disclosure":
                own = _printed_columns(row.cols, units, prev_label, k)
                if own is not None:
                    header = (row.path[0], *own)
                elif header is not None and header[0] != row.path[0]:
                    header = None
            prev_label = k
            if (spec.id == "active_disclosure" and header is not None
                    and sum(bool(u.text) for u in tokens) <= len(header[1])):
                fills.append(_fill_printed(spec.id, row, tokens, label_conf, padding_first, units[k].row,
                                           header[1], header[2]))
            else:
                fills.append(fill_row(spec.id, row.path, row.cols, tokens, label_conf, padding_first, units[k].row))
            matched += bool(tokens)
        return fills, matched, matched_ids, last_unit

    # Unlabelled value rows: on lines of their own, they are placed by order; beside text (a label
    # the alignment missed, or one it matched to the wrong row), only when table 三's column
    # identities then all hold.
    text_lines = frozenset(n for u in units[start:end] if not u.value_like and CJK_RE.search(u.text) for n in u.lines)
    labelled = frozenset(span_ids[m[0]] for m in alignment if m)
    runs = [_run_through_enumerators(units, span_ids[m[0]], end, labelled, pos) if m else [] for m in alignment]
    bare = spread_unlabelled_rows(spec.rows, row_tokens, runs, text_lines)
    fills, matched, matched_ids, last_unit = fill_rows(*bare)
    loose = spread_unlabelled_rows(spec.rows, row_tokens, runs)
    if spec.id == "applications" and loose[1] != bare[1]:
        trial = fill_rows(*loose)
        if column_score([f.cells for f in trial[0]]) == 2 * len(spec.rows[0].cols):
            fills, matched, matched_ids, last_unit = trial
    cells: list[CellResult] = []
    notes: list[tuple[str, str]] = []
    complete = True
    if spec.id == "applications":
        resolve_with_columns(fills)
    for row, fill in zip(spec.rows, fills):
        notes += ambiguity_notes(spec.id, row.path, fill)
        complete &= fill.complete
        cells += fill.cells
    uniform = None if complete and matched == len(spec.rows) else _uniform_cells(spec, units, start, end)
    if uniform is not None:
        # Every number of the table is the same and there are exactly as many as cells: the order the
        # text prints them in (pdftotext's column order) no longer matters.
        cells, notes, complete, matched = uniform, [], True, len(spec.rows)
        last_unit = max(last_unit, max(pos[id(u)] for u in units[start:end] if u.value_like))
    extras = []
    flags = [Check("format.mixed", units[k].text, False,
                   f"{units[k].text} has numbers of its own, as in the other format; its sub-rows are "
                   f"not in the source, so their cells are left empty and the row is listed in extras")
             for k in foreign]
    for k in sorted(span_ids + foreign) if uniform is None else []:
        if k in matched_ids or units[k].label == "block":
            continue
        tokens = [u for u in collect_values(units, k, end) if u.text]
        if tokens:
            extras.append(Extra(units[k].text, [u.text for u in tokens], tuple(units[k].lines)))
    status = "missing" if matched == 0 else ("recovered" if complete and matched == len(spec.rows) else "partial")
    return TableReading(TableResult(spec.id, status, cells if status != "missing" else [], extras), matched, notes,
                        last_unit if matched else -1, flags)


def _read_review(spec: TableSpec, units: list[Unit], span: Span) -> TableReading:
    """Table 四 has no row labels: its 15 values follow its own header words (or its heading)."""
    start, end = span.start, span.end
    # Only words of this table's own header anchor it (总计 and 其他 head table 三 too), compared
    # whole: "3.其他" must not pass for 其他结果.
    keys = [compact(x) for x in spec.column_labels if x != "总计"]
    anchor = None
    header: dict[str, bool] = {}  # per distinct text: a long span repeats its lines
    for k in range(start, end):
        u = units[k]
        if u.label in ("colhead", "rowlabel", "block", "cont"):
            if (key := u.key) not in header:
                header[key] = max(fuzz.ratio(key, ck) for ck in keys) >= 85
            if header[key]:
                anchor = k
    if anchor is None and not span.headed:
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    k = anchor if anchor is not None else start - 1
    header_rows = {units[k].row} if k >= start else set()
    def header_word(u: Unit) -> bool:
        return not u.value_like and u.label in ("colhead", "cont", "rowlabel", "block") and bool(CJK_RE.search(u.text))

    while k + 1 < end:  # the header words after the anchor (总计, split words) and their padding
        nxt = units[k + 1]
        if header_word(nxt):
            header_rows.add(nxt.row)
        elif not ((nxt.text == "" and nxt.row in header_rows) or BORDER_RE.match(nxt.text)):
            # Empty cells of a box table's header lines ("│ │ │ 总计 │", a line of empty cells between
            # the characters of vertical header words): header, while header words follow them.
            ahead = next((u for u in units[k + 1:end] if u.text and not BORDER_RE.match(u.text)), None)
            if not (nxt.text == "" and nxt.piped and ahead is not None and header_word(ahead)):
                break
        k += 1
    tokens = collect_values(units, k, end)
    row = spec.rows[0]
    got = sum(bool(u.text) for u in tokens)
    if 0 < got < len(row.cols) and end < len(units) and units[end - 1] is tokens[-1]:
        # The rest of the row printed after the next section's heading (pdftotext places the heading
        # at its height on the page, among the table's columns): taken only when it completes the row.
        more = collect_values(units, end, len(units))
        if got + sum(bool(u.text) for u in more) == len(row.cols):
            tokens = tokens + more
    if not [u for u in tokens if u.text]:
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    fill = fill_row(spec.id, row.path, row.cols, tokens, 1.0)
    status = "recovered" if fill.complete else "partial"
    return TableReading(TableResult(spec.id, status, fill.cells), 1, ambiguity_notes(spec.id, row.path, fill))


def reconstruct(frags: list[Fragment], template: Template) -> tuple[dict[str, TableResult], list[Check]]:
    """Tables of one template from labelled fragments, with checks on ambiguous readings and on rows
    of the other format."""
    row_keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    units = split_enumerated_continuations(merge_units(frags), frags)
    units = join_wrapped_rows(split_merged_rows(units, frags, row_keys), frags, row_keys)
    units = join_around_enumerators(units, row_keys)
    dropped = repeats_dropped(frags)
    for u in units:
        u.glued_run = frags[u.frags[0]].glued if len(u.frags) == 1 else any(frags[i].glued for i in u.frags)
        u.repeats_dropped = dropped
    spans = table_spans(units)
    tables: dict[str, TableResult] = {}
    flags: list[Check] = []
    floor = 0  # a table without its own heading begins after the rows the table before it used
    for tid in TABLE_IDS:
        spec = template.table(tid)
        read = _read_review if tid == "review_litigation" else _read_rows
        span = spans[tid]
        if not span.headed and floor > span.start:
            span = Span(min(floor, span.end), span.end, False)
        reading = read(spec, units, span)
        tables[tid] = reading.table
        flags += [Check("reading.ambiguous", where, False, detail) for where, detail in reading.notes] + reading.flags
        floor = max(floor, reading.last_unit + 1)
    return tables, flags
