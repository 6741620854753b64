"""Each table read against its template: labels aligned to rows, a table's own printed header,
unlabelled value rows, a table of one value, table 四's single row; and ``reconstruct``, the
whole document."""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from ..calibration import GUESSES
from ..fragment import PAGE_NUMBER_RE, Fragment
from ..normalise import compact
from ..result import CellResult, Check, Extra, TableResult, unread_cell
from ..template import FORMATS, TABLE_IDS, TableSpec, Template, get_template
from ..values import parse_value
from ..vocab import CJK_RANGE, CJK_RE, UNITS, WIDE_RE
from .active_order import ORDER_UNCHECKED, decisions_after_cells, mend_shapes, text_order_cells
from .columns import column_score, resolve_with_columns
from .glued_active import column_kind, fits_columns, prose_numbers, row_log_prior
from .grid import blank_mark, cell_number, header_year
from .interleaved import split_interleaved
from .labels import ENUM_RE, align_rows, label_similarities
from .orders import box_order_cells, split_order_cells, uniform_cells
from .piles import piled_labels, piled_rows_by_order
from .review_order import moved_columns_cells
from .rows import (BORDER_RE, MIN_STOP_GAP, REVIEW_GROUP, SHORT_ROW_CONFIDENCE, UNIT_HEADER_RE,
                   RowFill, Spacing, _alone, _tied,
                   ambiguity_notes, collect_values, column_spacing, fill_row, fits, into_the_gap, is_label, joined_pieces,
                   line_spacing, merges, pads_first, piece_layout, piece_readings, place_groups, row_identity)
from .sections import Span, applicant_header, table_spans
from .stacked import rejoin_stacked, stacked_fill
from .units import (MIN_DUMP_NUMBERS, Unit, digit_widths, dump_numbers, join_around_enumerators, join_around_group_labels,
                    join_filling_notes, join_label_tails, join_tails_over_group_pieces, join_wrapped_rows, mend_split_brackets, merge_units, mixed_widths,
                    repeats_dropped, source_rows, split_enumerated_continuations, split_merged_rows)

VALUES_FOLLOW_BONUS = 0.05
_MEASURE_WORD_RE = re.compile(rf"^\s*(?:{'|'.join(map(re.escape, UNITS))})")  # what a number in a sentence counts
_GLUED_ZEROS_RE = re.compile(r"^[+\-]?0\d+$")  # "000", "0-13189": cells run together, not one number
# A note under a table's heading that the table is not printed here: "（表格见附件）", an image's "[图片]",
# the "[TABLE]" pandoc's plain writer leaves for a table it cannot draw.
_ELSEWHERE_RE = re.compile(r"见附[件表]|\[图片\]|^\[TABLE\]$")
# A template column the table's own header prints (partial_ratio ≥ PRINTED) or clearly leaves out (≤ ABSENT).
HEADER_PRINTED, HEADER_ABSENT = 65, 50
HEADER_FIRST_CELL = "信息内容"  # table 二's header row opens with it in both formats
HEADER_CONFIRMED, HEADER_UNCONFIRMED = 0.95, 0.45  # a column the header leaves out, the row's values confirming it / not
# A cell placed by counting a row's numbers where the table lost blank cells and was read only in part:
# below sure (about two in three were right on generated pdftotext pages of Word tables).
COUNTED_CONFIDENCE = 0.6
BEFORE_LABELS_CONFIDENCE = 0.85  # each label's numbers read before it, every row its count, no identity to confirm
# A table whose header or labels are printed with no number at all: left blank, most likely (a report with
# nothing to count), but its numbers could stand where no reader looks (past the next heading, in an
# image): a guess, and the table "partial".
BLANK_TABLE_CONFIDENCE = 0.6
BLANK_ROW_CONFIDENCE = 0.6  # a row of blanks in a report printing its zeros (_doubt_blank_rows)
JOINED_CONFIDENCE = 0.6  # table 二's number pieces joined, or kept apart, by their spacing alone (rows.joined_pieces)
DECISIONS_AFTER_NOTE = ("the blocks' 处理决定数量 printed after the table's last row, every cell printed once: "
                        "read so, an order guess")
TEXT_ORDER_NOTE = ("every cell printed once, the rows short where read by their labels: read in the text's order, "
                   "an order guess where the labels read otherwise")
BLANK_TABLE_NOTE = "the table prints its header and labels but no number: every cell read as blank"
PAST_HEADINGS_NOTE = ("some of the row's numbers stand past the next headings (a PDF's reading order): read on "
                      "there, in order, an order guess")
UNPLACED_TABLE_NOTE = ("the table prints its labels and numbers, but no reading places the numbers in its cells: "
                       "every cell unread (read the original document)")


@dataclass
class TableReading:
    table: TableResult
    matched_rows: int
    notes: list[tuple[str, str]]  # (where, detail) of each reading the text did not decide
    last_unit: int = -1  # the last unit the table's rows used (where the next table can begin)
    flags: list[Check] = field(default_factory=list)
    # How table 三's rows set their cells apart in a text of one number a line (``rows.line_spacing``):
    # the same text sets table 四's cells apart alike.
    spacing: Spacing | None = None


@lru_cache(maxsize=None)
def _rows_of_any_format(table_id: str) -> frozenset[str]:
    return frozenset(compact(r.label) for name in FORMATS for r in get_template(name).table(table_id).rows)


def _is_other_format_row(spec: TableSpec, units: list[Unit], k: int) -> bool:
    """A label that heads a group of rows in this template and is a row of the other (2021's （六）其他处理)
    printed with numbers of its own: the row of the other format ("（六）其他处理 | 1 | 0 …" in a 2021
    report). A group of both formats (（三）不予公开) before numbers is only printed where a row's
    numbers follow it (pdftotext of a Word table puts the vertical label's first line there), past the
    empty cells of the label columns it leaves ("| | （六）其他处理 | | 2 | 0 …": trafilatura's pipes)."""
    key = units[k].key
    own = {compact(r.label) for r in spec.rows}
    other = _rows_of_any_format(spec.id) - own
    after = next((i for i in range(k + 1, len(units)) if units[i].text or not units[i].piped), len(units))
    return (key not in own and any(fuzz.ratio(key, compact(g)) >= 90 for g in spec.group_labels if compact(g) in other)
            and after < len(units) and units[after].value_like)


def _printed_columns(cols, units: list[Unit], lo: int, hi: int, label: int) -> tuple[list[int], tuple[int, ...]] | None:
    """The template columns that the table's own header, printed between units lo and hi around the
    row's label (pdftotext prints 采购总金额 after the label 政府集中采购, before the numbers), shows —
    when it clearly leaves some out (a city's table 二 printing （五） as `2019年项目数量 | 处理决定数量`,
    without 本年增/减). None when there is no header there or it does not tell clearly."""
    # Inside the table, between two of its labels, a short word the classifier took for chrome ("2019年"
    # with "项目数量" merged in, bs4's one-piece-per-line header) is a header word all the same, as is
    # chrome in one run with the column headers (_header_run). A unit holding the header's first cell
    # 信息内容 is header from there on, whatever its label (pdfplumber: "( )" taken for a row label,
    # "信息内容 年项目数量" merged into it).
    run = set(_header_run(units, lo, hi))
    words = [u for i, u in enumerate(units[lo:hi], lo)
             if i != label and (i in run or u.label in ("colhead", "cont") or (u.label == "meta" and len(u.key) <= 12)
                 or HEADER_FIRST_CELL in u.key) and not u.value_like and CJK_RE.search(u.text)]
    header = "".join(u.key[u.key.find(HEADER_FIRST_CELL):] if HEADER_FIRST_CELL in u.key else u.key
                     for u in words).replace(HEADER_FIRST_CELL, "")
    if len(header) < 4:
        return None
    scores = [fuzz.partial_ratio(compact(c[-1]), header) for c in cols]
    if any(HEADER_ABSENT < sc < HEADER_PRINTED for sc in scores):
        scores = _wrapped_header_scores(cols, words)
        if scores is None or any(HEADER_ABSENT < sc < HEADER_PRINTED for sc in scores):
            return None
    printed = [i for i, sc in enumerate(scores) if sc >= HEADER_PRINTED]
    if not printed or len(printed) == len(cols):
        return None
    return printed, tuple(n for u in words for n in u.lines)


@dataclass(frozen=True)
class _BlockHeader:
    """Table 二's own header as read for a block: the template columns it prints (``_printed_columns``),
    its lines, the block's columns, and whether it was carried from the block before (a guess)."""
    block: str
    printed: list[int]
    lines: tuple[int, ...]
    cols: tuple[tuple[str, ...], ...]
    carried: bool = False


def _prints_header(units: list[Unit], lo: int, hi: int) -> bool:
    """Does any header word stand between units lo and hi?"""
    return any(u.label == "colhead" or HEADER_FIRST_CELL in u.key for u in units[lo:hi])


def _header_run(units: list[Unit], lo: int, hi: int) -> list[int]:
    """The header words between units lo and hi: column headers and their continuations, and words
    the classifier took for chrome that stand in one run with them (pdftotext: "信息内容" "2019 年项目数量"
    "处理决定数量", the middle one read as chrome, and 本年增/减 seemed printed for want of it)."""
    def text(u: Unit) -> bool:
        return not u.value_like and bool(CJK_RE.search(u.text))

    head = [i for i in range(lo, hi) if units[i].label in ("colhead", "cont") and text(units[i])]
    run = set(head)
    for i in head:
        for step in (-1, 1):
            k = i + step
            while lo <= k < hi and units[k].label == "meta" and text(units[k]):
                run.add(k)
                k += step
    return sorted(run)


MAX_WRAP_CHARS = 3  # the end of a header word wrapped onto the next line in a narrow column ("量")


def _wrapped_header_scores(cols, words: list[Unit]) -> list[float] | None:
    """How well each template column reads as one printed header word, a word completed by the short
    piece a narrow column wrapped onto the next line ("2019年项目数" / "量", LibreOffice PDFs): read
    whole, the wrap lands after the last word ("…处理决定数量量") and no column is clearly printed or
    left out. Words are the pieces on the header's first line (split at spaces; two neighbours may be
    one word, "2019 年项目数"); wraps the short pieces on later lines. None without pieces."""
    pieces = [(text, line) for u in words for text, line in u.pieces]
    if not pieces:
        return None
    top = min(line for _, line in pieces)
    first = [compact(w) for text, line in pieces if line == top for w in text.split()]
    first = [w for w in first if w and w != "信息内容"]
    wraps = [compact(text) for text, line in pieces if line > top and 0 < len(compact(text)) <= MAX_WRAP_CHARS]
    cands = first + [a + b for a, b in zip(first, first[1:])]
    cands += [c + t for c in cands for t in wraps]
    cands = [c for c in cands if len(c) >= 4]  # a short piece matches inside any column name
    if not cands:
        return None
    return [max(fuzz.partial_ratio(compact(c[-1]), w) for w in cands) for c in cols]


def _fill_printed(table_id: str, row, tokens: list[Unit], label_conf: float, padding_first: bool,
                  label_lines: tuple[int, ...], printed: list[int], header_lines: tuple[int, ...],
                  prose: list[tuple[str, float]] | None = None, pieces: bool = False) -> RowFill:
    """Fill only the columns the table's header prints; the others are not in the table (kind "na")."""
    fill = fill_row(table_id, row.path, tuple(row.cols[i] for i in printed), tokens, label_conf,
                     padding_first, label_lines, prose, pieces=pieces)
    got = dict(zip(printed, fill.cells))
    # The header's reading is confirmed only when the row fills the columns it prints; otherwise the
    # "missing" column may just be printed elsewhere (pdftotext puts 采购总金额 after the row label).
    confirmed = fill.complete and all(c.placed for c in fill.cells)
    cells = [got[i] if i in got else CellResult(row.path, c, None, "", "na",
                                                (HEADER_CONFIRMED if confirmed else HEADER_UNCONFIRMED) * label_conf,
                                                header_lines,
                                                read="header" if confirmed else "header?")
             for i, c in enumerate(row.cols)]
    # Tied readings of the printed columns (a glued run) keep their alternatives, the other cells as read.
    alternatives = [[dict(zip(printed, alt)).get(i, cell) for i, cell in enumerate(cells)] for alt in fill.alternatives]
    return RowFill(cells, fill.complete, fill.notes, alternatives)


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


# A piece of a vertical group label printed between the rows it spans ("(四" ")无" "法提", or two
# pieces merged when the second was read as continuing the first): at most this many characters.
GROUP_PIECE_CHARS = 6
_BRACKETS_RE = re.compile(r"[()（）]")


def _group_piece(units: list[Unit], k: int, groups: list[str], bare: list[str]) -> bool:
    """Is unit k a piece of one of the table's vertical group labels, printed between the rows the
    group spans? A short piece of a label (brackets aside: a vertical layout scatters them, "三 ) 不" /
    "（予公开"), or, on the line right after the unit before it, a part that reads as in one."""
    u = units[k]
    if u.value_like or not CJK_RE.search(u.text):
        return False
    key = u.key
    if (u.label in ("rowlabel", "cont", "block") and len(key) <= GROUP_PIECE_CHARS
            and (piece := _BRACKETS_RE.sub("", key)) and any(piece in g for g in bare)):
        return True
    return (u.row == units[k - 1].row + 1
            and any(len(key) < len(g) and fuzz.partial_ratio(key, g) >= 80 for g in groups))


def _past_group_pieces(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment, row_tokens: list[list[Unit]],
                       labelled: frozenset[int], end: int) -> set[int]:
    """A row label with no numbers of its own, then pieces of a vertical group label that label
    nothing, then a whole row of numbers: the numbers are the row's (pdftotext -layout: "三 ） 不
    4.保护第三方合法权益" / "（予公开  0 0 0 0 0 0 0"; PDF-to-markdown prints a label on a line of its own
    above its row: "1.本机关不掌握相关政府信息" / "(四" / "| | 0 | 0 | …"). Only a whole row of n numbers
    (the next row's stay its own). Fills ``row_tokens`` in place; returns the pieces passed over (no
    extra rows)."""
    groups = [compact(g) for g in spec.group_labels]
    bare = [_BRACKETS_RE.sub("", g) for g in groups]
    absorbed: set[int] = set()
    for r, m in enumerate(alignment):
        if m is None or row_tokens[r]:
            continue
        k = j = span_ids[m[0]]
        while j + 1 < end and j + 1 not in labelled and _group_piece(units, j + 1, groups, bare):
            j += 1
        if j == k:
            continue
        values = collect_values(units, j, end)
        if len(_numbers(values)) == len(spec.rows[r].cols):
            row_tokens[r] = values
            absorbed.update(range(k + 1, j + 1))
    return absorbed


_TAIL_ROW_SIM = 0.6  # a printed label cut off reads at least so much as its row
_MIN_TAIL = 3  # characters of a label's rest that tell it apart from a group label's pieces
_CONTINUED_EXTRA = 2  # numbers past a row's cells it may take over its label's rest: pieces stacked over it


def _continued_labels(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment,
                      row_tokens: list[list[Unit]], labelled: frozenset[int], end: int) -> set[int]:
    """A row label cut off, its rest printed after it as a label of its own, merged with pieces of the
    group label beside it, and the row's numbers after that (pdfplumber: "2.没有现成信息需要另 １９" /
    "⽆法提 0 0 ０ ０ 0 １９９" / "⾏制作 ９" / "供"; "(六) 2.申请⼈逾期未按收费" / "其他 通知要求缴纳费⽤、⾏政" /
    "０ ０ ０ 77 ０ 0 77"): the numbers after the rest are the row's too. Only a rest that no row label
    matched, reads on from where the printed label stops, and holds nothing else but group-label
    characters (the rest's own end may follow them: "…信息公开申办理结果请"). Fills ``row_tokens`` in
    place; returns the rests passed over."""
    group_chars = _group_chars(spec)
    passed: set[int] = set()
    for r, m in enumerate(alignment):
        if m is None:
            continue
        k = span_ids[m[0]]
        n = len(spec.rows[r].cols)
        j = k + 1 + len(row_tokens[r])
        if (len(_numbers(row_tokens[r])) >= n or j >= end or j in labelled
                or units[j].label not in ("rowlabel", "cont") or units[j].value_like
                or any(u is not units[i] for i, u in enumerate(row_tokens[r], k + 1))):
            continue
        remainder, rest = _label_rest(compact(spec.rows[r].label), units[k].key), units[j].key
        if not remainder:
            continue
        run = next((n_ for n_ in range(len(remainder), 1, -1) if remainder[:n_] in rest), 0)
        left = _BRACKETS_RE.sub("", rest.replace(remainder[:run], "", 1)).removesuffix(remainder[run:])
        if run < min(3, len(remainder)) or not set(left) <= group_chars:
            continue
        after = collect_values(units, j, end)
        if after and len(_numbers(row_tokens[r] + after)) <= n + _CONTINUED_EXTRA:
            row_tokens[r] = row_tokens[r] + after
            passed.add(j)
    return passed


def _group_chars(spec: TableSpec) -> set[str]:
    """The characters of the table's vertical group labels, brackets left out: what their pieces print."""
    return set(_BRACKETS_RE.sub("", "".join(compact(g) for g in spec.group_labels)))


def _label_rest(label: str, printed: str) -> str | None:
    """What of a template row's ``label`` follows where the ``printed`` label stops in it (its longest
    tail found there); None where no tail of it is found."""
    cut = next((label.index(printed[-n:]) + n for n in range(len(printed), 1, -1) if printed[-n:] in label), None)
    return None if cut is None else label[cut:]


def _tails_after_numbers(spec: TableSpec, units: list[Unit], values_after: dict[int, list[Unit]]) -> set[int]:
    """A row label's rest printed after the row's numbers, under the vertical group label's pieces
    (pdfplumber: "1.申请人无正当理由逾期" / "(六)" / "不补正、行政机关不再处理 0 0 0 0 0 0 0" / "其他处理" /
    "其政府信息公开申请"): read as a label of its own, it ends like the next row's and takes its place.
    Such a unit — group-label characters, then the rest of the label before the numbers (of the
    template row that label reads as best), no numbers after it — is no row's label. (A rest with
    numbers after it is their row's label, the numbers before it another row's: "予处理 4.无正当理由
    大量反" / "0 95 46 0 141" / "复申请 0 53 33 86".) ``values_after``: each label's numbers after it."""
    keys = tuple(compact(r.label) for r in spec.rows)
    group_chars = _group_chars(spec)
    out = set()
    for k, values in values_after.items():
        j = k + 1 + len(values)
        if not values or j not in values_after or not all(u is units[i] for i, u in enumerate(values, k + 1)):
            continue
        sims = label_similarities(units[k].key, keys)
        rest = _label_rest(keys[int(sims.argmax())], units[k].key)
        tail = _BRACKETS_RE.sub("", units[j].key)
        pieces = tail.removesuffix(rest) if rest and len(rest) >= _MIN_TAIL and tail.endswith(rest) else ""
        if (sims.max() >= _TAIL_ROW_SIM and pieces and set(pieces) <= group_chars
                and not values_after[j]):
            out.add(j)
    return out


def _earlier_pieces(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment,
                    row_tokens: list[list[Unit]], labelled: frozenset[int], end: int) -> set[int]:
    """A row label printed in pieces, each with some of the row's numbers on its line, and the row
    matched by its last piece (pdftotext -layout: "(六) 2.申请人逾期未按收费通" / "其他处理 知要求缴纳费用、
    行政机关 0 ０ 0 1" / "不再处理其政府信息公开申 0 0 1" / "请"; the last piece alone reads as the row
    before's end): the numbers after the earlier pieces no row took are the row's, first. Only where
    the pieces joined read as this row's label better than the last piece did and the row then holds
    its count exactly. Fills ``row_tokens`` in place; returns the pieces passed over."""
    keys = tuple(compact(r.label) for r in spec.rows)
    pos = {id(u): i for i, u in enumerate(units[:end])}
    passed: set[int] = set()
    lo = span_ids[0] if span_ids else end
    for r, m in enumerate(alignment):
        if m is None:
            continue
        k, n = span_ids[m[0]], len(spec.rows[r].cols)
        pieces = [i for i in range(lo, k) if i not in labelled and not units[i].value_like
                  and units[i].label in ("rowlabel", "cont", "block")]
        lo = max([k] + [pos.get(id(u), k) for u in row_tokens[r]]) + 1
        have = len(_numbers(row_tokens[r]))
        if not pieces or have >= n:
            continue
        sims = label_similarities("".join(units[i].key for i in pieces) + units[k].key, keys)
        if int(sims.argmax()) != r or float(sims.max()) < _PIECES_SIMILARITY or float(sims.max()) <= m[1]:
            continue
        earlier = [u for i in pieces for u in collect_values(units, i, end)]
        if earlier and len(_numbers(earlier)) + have == n:
            row_tokens[r] = earlier + row_tokens[r]
            passed |= set(pieces)
    return passed


_PIECES_SIMILARITY = 0.95  # a label's pieces joined read as the row's at least this well


def _past_own_header(units: list[Unit], j: int, end: int, cols, block: str) -> int:
    """Past the block's column header printed between a row label and its numbers (pdftotext:
    "行政事业性收费" "上一年项目数量" "本年增/减" 4 0; "规章" "第二十条第（一）项" "本年制发件数" … 0 91 0,
    the block's own name first): the last header word, or j."""
    names = [compact(c[-1]) for c in cols]
    own_block = j + 2 < end and units[j + 1].label == "block" and units[j + 1].key == compact(block)
    k = first = j + own_block
    while k + 1 < end and not units[k + 1].value_like and (
            # "采购总金额（元）": the classifier may merge the unit into the header word as its continuation
            (units[k + 1].label == "colhead"
             and max(fuzz.ratio(UNIT_HEADER_RE.sub("", units[k + 1].key), n) for n in names) >= 85)
            or (k > j and UNIT_HEADER_RE.fullmatch(units[k + 1].key))):  # "采购总金额" "（元）"
        k += 1
    return k if k > first else j  # the block's name alone, no header word after it: not this row's header


def _under_own_columns(units: list[Unit], j: int, end: int, cols, block: str) -> list[Unit]:
    """The numbers of a row whose label stands before its block's header: past the header words, and
    on past each of its own column names printed before that column's number (pdftotext prints a
    block column by column: "政府集中采购" "第二十条第（九）项" "采购项目数量" 0 "采购总金额" 701.805元)."""
    k = _past_own_header(units, j, end, cols, block)
    tokens = collect_values(units, k, end)
    while tokens and len(_numbers(tokens)) < len(cols):
        last = next(i for i in range(j + 1, end) if units[i] is tokens[-1])
        if (k := _past_own_header(units, last, end, cols, block)) == last or not (more := collect_values(units, k, end)):
            break  # no header word after the numbers, or none after the header (pdftotext__005 of draw 822)
        tokens += more
    return tokens


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


def _carry_surplus(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment,
                   row_tokens: list[list[Unit]]) -> dict[int, list[list[Unit]]]:
    """A row with more numbers than columns whose surplus is exactly what the aligned row after it
    lacks (pdftotext's default order prints the rest of a row's line before its multi-line label,
    whose own line carries the first cell: "一)予以公开 287 24" 2 0 1 1 315 0 0 0 0 0 28 then
    "(二)部分公开" "度办(区分处理的,只 28"). Only where the row identity checks both rows: the first
    row's first n numbers must fit it, and the next row's own numbers with the surplus after or before
    them — or, where they stand on a line of their own below the label, after them first ("3" "0 ０"
    "0" "2.重复申请" "０ 0 3"), else anywhere among them ("1 0 0" "0" "0 1" "(一)予以公开" "０" is
    1 0 0 0 0 0 1 as well as 0 1 0 0 0 0 1); the orders that fit are returned for the next row ({row:
    readings}), the first row trimmed in place."""
    out: dict[int, list[list[Unit]]] = {}
    for r in range(len(spec.rows) - 1):
        n = len(spec.rows[r].cols)
        identity = row_identity(spec.id, n)
        nums, nxt = _numbers(row_tokens[r]), _numbers(row_tokens[r + 1])
        if (identity is None or alignment[r + 1] is None or len(spec.rows[r + 1].cols) != n
                or not 0 < len(nxt) < n or len(nums) != 2 * n - len(nxt)
                or any(not u.text for u in row_tokens[r] + row_tokens[r + 1]) or not fits(identity, nums[:n])):
            continue
        surplus = nums[n:]
        beside = set(units[span_ids[alignment[r + 1][0]]].lines)
        orders: Iterable[list[Unit]] = (nxt + surplus, surplus + nxt)
        if not any(u.lines[0] in beside for u in nxt):  # below the label: after the surplus first
            orders = itertools.chain((surplus + nxt, nxt + surplus), merges([nxt, surplus]))
        readings: dict[tuple[str, ...], list[Unit]] = {}
        for w in orders:
            if fits(identity, w):
                readings.setdefault(tuple(u.text for u in w), w)
        if readings:
            row_tokens[r] = nums[:n]
            out[r + 1] = list(readings.values())
    return out


def _carry_back(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment: list[tuple[int, float] | None],
                row_tokens: list[list[Unit]]) -> None:
    """A row short of its cells whose rest the next row prints after its own whole line, each number
    right of the short row's (pdftotext -layout, a row cut by the page's foot: "1.信访举报投诉" …
    "类申请 0 0 0 0" / "处理 2.重复申请 0 0 0 0 8 0 8" / "7 0 7"): the rest is the short row's, where
    both rows' identities then hold — the next row's line beside its label is a whole row. Moves the
    rest in ``row_tokens``."""
    for r in range(len(spec.rows) - 1):
        n = len(spec.rows[r].cols)
        identity = row_identity(spec.id, n)
        short, nxt, m = _numbers(row_tokens[r]), _numbers(row_tokens[r + 1]), alignment[r + 1]
        if (identity is None or m is None or len(spec.rows[r + 1].cols) != n
                or not 0 < len(short) < n or len(nxt) != 2 * n - len(short)
                or any(not u.text for u in row_tokens[r] + row_tokens[r + 1])):
            continue
        own, rest = nxt[:n], nxt[n:]
        label = units[span_ids[m[0]]]
        if ({u.lines[0] for u in own} != {label.lines[-1]} or len({u.lines[0] for u in short}) != 1
                or min(u.lines[0] for u in rest) <= label.lines[-1]
                or min(u.span[0] for u in rest) <= max(u.span[1] for u in short)):
            continue
        if fits(identity, own) and fits(identity, short + rest):
            row_tokens[r], row_tokens[r + 1] = short + rest, own


def _between_anchors(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment,
                     row_tokens: list[list[Unit]], labelled: frozenset[int], end: int) -> dict[int, int]:
    """A template row without numbers (no label aligned to it, or one with no numbers after it),
    between two aligned rows, and between their labels exactly one label that labels nothing, followed
    by a whole row of numbers and reading as this row rather than as its neighbours (pdftotext -layout
    cuts "1.信 0 0 …" / "(五) 访举报" / "不予 投诉类" …: the piece with the numbers is too short to
    align, or a later piece aligned instead). Rows come in template order, so those numbers are this
    row's. Fills ``row_tokens`` in place; returns {row: the label unit whose numbers it took}."""
    pos = {id(u): i for i, u in enumerate(units[span_ids[0]:end], span_ids[0])} if span_ids else {}
    keys = tuple(compact(r.label) for r in spec.rows)
    out: dict[int, int] = {}
    for r in range(1, len(spec.rows) - 1):
        before, after = alignment[r - 1], alignment[r + 1]
        if before is None or after is None or row_tokens[r]:
            continue
        a, b = span_ids[before[0]], span_ids[after[0]]
        used = max([a] + [pos[id(u)] for u in row_tokens[r - 1] if id(u) in pos])
        n = len(spec.rows[r].cols)
        cands = []
        for k in span_ids[bisect.bisect_right(span_ids, used):bisect.bisect_left(span_ids, b)]:  # used < k < b
            if k in labelled:
                continue
            values = collect_values(units, k, end)
            sims = label_similarities(units[k].key, keys)
            if (len(_numbers(values)) == n and all(u.text for u in values)
                    and sims[r] > max(sims[r - 1], sims[r + 1])):
                cands.append((k, values))
            elif values:
                cands.append((k, None))  # numbers of another reading: the order no longer tells
        if len(cands) == 1 and cands[0][1] is not None:
            row_tokens[r] = cands[0][1]
            out[r] = cands[0][0]
    return out


def _apart_from_labels(spec: TableSpec, units: list[Unit], start: int, end: int, alignment,
                       row_tokens: list[list[Unit]], carried: dict[int, list[list[Unit]]],
                       kept: set[int]) -> dict[int, int]:
    """Rows whose numbers are printed apart from their labels, in row order all the same (pdftotext's
    default order of a Word table: a block of left columns, labels and 自然人 of the first rows, before
    the rest of those rows under the header's right part — "一、本年新收…" 503 "二、上年结转…" "总计" …
    30 2 0 3 1 539 8 0 0 0 0 0 8; or a row's numbers after a piece of the vertical group label, before
    its own label — "三、本年" 2 0 0 0 0 0 2 "(一)予以公开"). Between two rows read whole (or the table's
    edge), the rows short of numbers and the numbers no row took, together and in text order, are
    those rows' numbers in template order: only when they count exactly n per row, each row's own
    numbers fall in its share, and every row identity holds. The last resort for rows nothing else
    read (``carried`` rows are read whole; ``kept``: ids of numbers no row may take). Fills ``row_tokens`` in place; returns {row: the row whose
    label anchors it}."""
    n = len(spec.rows[0].cols)
    identity = row_identity(spec.id, n)
    if identity is None or any(len(r.cols) != n for r in spec.rows):
        return {}
    pos = {id(u): i for i, u in enumerate(units[start:end], start)}
    tokens = [carried[r][0] if r in carried else t for r, t in enumerate(row_tokens)]
    claimed = {id(u) for t in tokens for u in t} | kept

    def whole(r: int) -> bool:
        return len(tokens[r]) == n and all(u.text for u in tokens[r]) and fits(identity, tokens[r])

    R = len(spec.rows)
    anchors = [-1] + [r for r in range(R) if whole(r)] + [R]
    out: dict[int, int] = {}
    for a, b in zip(anchors, anchors[1:]):
        gap = list(range(a + 1, b))
        if not gap or any(len(_numbers(row_tokens[r])) != len(row_tokens[r]) for r in gap):
            continue  # text among a row's numbers: another reading's
        anchor = a if a >= 0 else b
        if anchor == R or alignment[anchor] is None:
            continue
        lo = max(pos[id(u)] for u in tokens[a]) if a >= 0 else start - 1
        hi = min(pos[id(u)] for u in tokens[b]) if b < R else end
        own = {id(u): r for r in gap for u in row_tokens[r]}
        if any(not lo < pos[id(u)] < hi for r in gap for u in row_tokens[r]):
            continue
        stream = [u for u in units[lo + 1:hi] if u.value_like and not PAGE_NUMBER_RE.match(u.text)]
        orphans = [u for u in stream if id(u) not in own]
        if (any(id(u) in claimed for u in orphans) or len(stream) != n * len(gap)
                or len(_numbers(stream)) != len(stream)):
            continue  # another row's numbers among them: the text is not in template order here
        shares = [stream[i * n:(i + 1) * n] for i in range(len(gap))]
        # A short row's own numbers stay its own; the last label of a pile takes the numbers of the
        # rows above it too, never of rows below (a row followed by whole rows of numbers is
        # spread_unlabelled_rows's reading).
        if not all(own.get(id(u), r) == r or (len(row_tokens[own[id(u)]]) > n and own[id(u)] > r)
                   for r, share in zip(gap, shares) for u in share):
            continue
        if not all(fits(identity, share) for share in shares):
            continue
        for r, share in zip(gap, shares):
            row_tokens[r] = share
            out[r] = r if alignment[r] is not None else anchor
    return out


def _header_pads_in_place(spec: TableSpec, units: list[Unit], start: int, end: int) -> bool:
    """Does table 三's piped header pad a spanning name in place, its colspan's empty cells right after
    it ("| 自然人 | 法人或其他组织 | | | | | 合计 |", trafilatura)? Then a row label spanning the label
    columns is padded alike, before the row's numbers: where no row's cells tell (a report leaving most
    cells blank), the header does."""
    cols = spec.rows[0].cols
    group = next((c[1] for c in cols if len(c) == 3), None)
    width = sum(len(c) == 3 and c[1] == group for c in cols)
    for k in range(start, end):
        if units[k].piped and units[k].key == group:
            after = [u for u in units[k + 1:k + width + 1] if u.row == units[k].row]
            return len(after) == width and not any(u.text for u in after[:-1]) and bool(after[-1].text)
    return False


MAX_HEADER_DISTANCE = 12  # units between a table 二 row's label and its block's column names, looked back over


def _under_names(units: list[Unit], k: int, cols: Sequence[tuple[str, ...]], start: int) -> Spacing | None:
    """Table 二's columns where pdftotext -layout prints a block's column names on one line above its
    rows, each number under its name ("信息内容 本年制发件数 本年废止件数 现行有效件数" over "规章 178": 178
    under 本年废止件数; a name wrapped in its cell stands by its first line, "本年增" over "减"): the
    names' places, one before each for a number's drift. Only in a text paged by form feeds, and where
    every column's name stands on that line, in order, two spaces apart or more (pdftotext's default
    order sets them one space apart, its numbers anywhere)."""
    names = [compact(c[-1]) for c in cols]
    for j in range(k - 1, max(start, k - MAX_HEADER_DISTANCE) - 1, -1):
        if units[j].label == "colhead" and _names_column(units[j].key, names[-1]):
            words = [u for u in units[max(start, j - len(names)):j + 1]
                     if u.lines[0] == units[j].lines[0] and any(_names_column(u.key, name) for name in names)]
            if (units[j].page is None or len(words) != len(names)
                    or not all(_names_column(u.key, name) for u, name in zip(words, names))
                    or any(a.span[1] + 2 > b.span[0] for a, b in itertools.pairwise(words))):
                return None
            return Spacing(None, 0, stops=tuple((u.span[0] - 1, u.span[1]) for u in words))
    return None


MIN_NAME_LINE = 3  # characters of a column's name on its first line before a wrapped name is told by them


def _names_column(key: str, name: str) -> bool:
    """Is a header word the column's name, whole or the first line of it wrapped ("本年增" of 本年增/减),
    its slash dropped or not (a wrapped "本年增" / "减" joins as 本年增减)?"""
    key, name = key.replace("/", ""), name.replace("/", "")
    return key == name or len(key) >= MIN_NAME_LINE and name.startswith(key)


def _named_places(spacing: Spacing | None, spec: TableSpec, units: list[Unit], start: int, end: int,
                  source: list[str] | None, rows: list[list[Unit]]) -> Spacing | None:
    """``spacing`` with the page whose column places the header confirms: on the header's lines as
    printed (``source``), each column's name starts a word ("自然" "商业" … "总计", its first two
    characters) within a place of that column's place, in order. pdftotext -layout sets a Word table's
    header and cells alike where nothing wide stands before them; a vertical name ("自" / "然" / "人") or
    a drifting page confirms nothing. Where the header's page shows no places of its own (a column blank
    in every row there), the names' places are its columns when every number of the table's ``rows`` on
    that page, on at least MIN_NAMED_ROWS lines of two numbers or more, stands within a place of one —
    the first column's a few places left of its name, against wrapped labels."""
    numbers = [u for t in rows for u in t if u.text and u.value_like]
    if not source or not numbers:
        return spacing
    first = min(u.lines[0] for u in numbers)
    # The header the rows read stand under (a report printing its table twice has two).
    heads = [u for u in units[start:end] if u.label == "colhead" and u.lines[0] < first]
    if not heads:
        return spacing
    top = min(u.lines[0] for u in heads if u.lines[0] >= heads[-1].lines[0] - MAX_HEADER_LINES)
    names = _name_places(source[top - 1:first - 1], spec.rows[0].cols)
    page = heads[-1].page
    if spacing is not None and spacing.placed:
        stops = next((st for p, st in spacing.paged if p == page), ()) if spacing.paged else spacing.stops
        if stops:
            if len(stops) == len(names) and all(any(lo - 1 <= at <= hi + 1 for at in places)
                                                for (lo, hi), places in zip(stops, names)):
                return replace(spacing, named=spacing.named | {page if spacing.paged else None})
            return spacing
    derived = _header_stops(names, [u for u in numbers if u.page == page])
    if derived is None or page is None and spacing is not None:
        return spacing
    if page is None:
        return Spacing(None, 0, stops=derived, named=frozenset({None}))
    paged = (spacing.paged if spacing is not None else ()) + ((page, derived),)
    return Spacing(None, 0, paged=tuple(sorted(paged)), named=frozenset({page}) | (spacing.named if spacing else frozenset()))


HEADER_DRIFT = 3  # places a first column's numbers stand left of its name, against wrapped labels
MAX_HEADER_LINES = 8  # lines a header's words span, its wrapped names with them
# Lines of two numbers or more at the names' places before those are a page's columns: fewer than a
# page's own places need (MIN_PAGE_STOP_ROWS), the names standing there too.
MIN_NAMED_ROWS = 2


def _name_places(lines: list[str], cols: Sequence[tuple[str, ...]]) -> list[list[int]]:
    """Per column, the places on the header's lines where its name starts a word (its first two
    characters: "其他" inside 法人或其他组织 is no name)."""
    out = []
    for col in cols:
        piece = compact(col[-1])[:2]
        out.append(sorted({m.start() for line in lines for m in re.finditer(rf"(?<!\S){re.escape(piece)}",
                                                                            line.lstrip("\f"))}))
    return out


def _header_stops(names: list[list[int]], numbers: list[Unit]) -> tuple[tuple[int, int], ...] | None:
    """The columns' places from their names, one name each, increasing, MIN_STOP_GAP apart or more —
    where the numbers stand at them: each within a place of one (the first column's up to
    HEADER_DRIFT left of it), on at least MIN_NAMED_ROWS lines of two numbers or more."""
    if not names or any(len(p) != 1 for p in names):
        return None
    at = [p[0] for p in names]
    if any(b - a < MIN_STOP_GAP for a, b in itertools.pairwise(at)):
        return None
    stops = ((at[0] - HEADER_DRIFT, at[0] + 1),) + tuple((a - 1, a + 1) for a in at[1:])
    per_line = Counter(u.lines[0] for u in numbers)
    if sum(n >= 2 for n in per_line.values()) < MIN_NAMED_ROWS:
        return None
    if not all(any(lo <= u.span[0] <= hi for lo, hi in stops) for u in numbers):
        return None
    return stops


def _read_rows(spec: TableSpec, units: list[Unit], span: Span, layout: str | None = None,
               lines: Spacing | None = None, source: list[str] | None = None) -> TableReading:
    """One table of rows (二 or 三) read from its span. ``lines``: the blank lines that set table 三's
    cells apart in a text of one number a line, for table 二 where its own rows show too few gaps.
    ``source``: the text's lines as printed, for the header's places."""
    start, end = span.start, span.end
    own_labels = {compact(r.label) for r in spec.rows} if spec.id == "active_disclosure" else set()
    # Table 二's row label printed as a header over its block's column names (pdftotext: "行政事业性收费"
    # "上一年项目数量" "本年增/减" 4 0) is a row label all the same.
    labels = [k for k in range(start, end) if is_label(units, k) or (units[k].label == "colhead" and units[k].key in own_labels)]
    # Rows of the other format are kept out of the alignment and reported, not forced into cells.
    foreign = [k for k in labels if _is_other_format_row(spec, units, k)]
    values_after = {k: collect_values(units, k, end) for k in labels}  # each label's numbers, read once
    tails = _tails_after_numbers(spec, units, values_after) if spec.id == "applications" else set()
    span_ids = [k for k in labels if k not in foreign and k not in tails]
    cands = [units[k] for k in span_ids]
    # A label its numbers follow anchors a row better than one printed among other labels
    # (pdftotext prints a pile of labels apart from the numbers they belong to).
    followed = [VALUES_FOLLOW_BONUS * bool(values_after[k]) for k in span_ids]
    alignment = align_rows([compact(r.label) for r in spec.rows], [u.key for u in cands], followed)
    row_tokens = [list(values_after[span_ids[m[0]]]) if m else [] for m in alignment]
    labelled = frozenset(span_ids[m[0]] for m in alignment if m)
    absorbed = tails | _past_group_pieces(spec, units, span_ids, alignment, row_tokens, labelled, end)
    absorbed |= _continued_labels(spec, units, span_ids, alignment, row_tokens, labelled, end)
    absorbed |= _earlier_pieces(spec, units, span_ids, alignment, row_tokens, labelled, end)
    between = _between_anchors(spec, units, span_ids, alignment, row_tokens, labelled, end)
    carried = _carry_surplus(spec, units, span_ids, alignment, row_tokens)
    if spec.id == "applications":
        _carry_back(spec, units, span_ids, alignment, row_tokens)
    if spec.id == "active_disclosure":
        row_tokens = [t or (_under_own_columns(units, span_ids[m[0]], end, r.cols, r.path[0])
                            if m else []) for t, m, r in zip(row_tokens, alignment, spec.rows)]
    piled, piled_other, piled_aside = piled_labels(spec, units, span_ids, alignment, row_tokens, end)
    piled_by_order = piled_rows_by_order(spec, units, span_ids, alignment, row_tokens)
    after_pile = _after_a_pile(spec, units, span_ids, alignment, row_tokens, piled)
    # A row of the other format keeps its numbers (reported under extras, never given to a row).
    kept = {id(u) for k in foreign for u in values_after[k]}
    apart = _apart_from_labels(spec, units, start, end, alignment, row_tokens, carried, kept)
    taken_apart = {id(u) for r in apart for u in row_tokens[r]}
    pos = {id(u): i for i, u in enumerate(units[start:end], start)}
    interleaved = split_interleaved(spec.id, [len(r.cols) for r in spec.rows], units, pos,
                                    [span_ids[m[0]] if m else None for m in alignment], row_tokens)
    stacked = (rejoin_stacked(spec.id, [len(r.cols) for r in spec.rows], units,
                              [span_ids[m[0]] if m else None for m in alignment], row_tokens)
               if spec.id == "applications" else {})
    for t in (t for readings in stacked.values() for t in readings):  # a joined number stands where its row ends
        here = max(pos[id(u)] for u in t if id(u) in pos)
        pos.update({id(u): here for u in t if id(u) not in pos})
    # Numbers the report's prose restates (收到申请30件, 制发规范性文件62件): evidence for table 二's glued runs.
    # The text outside the table, joined by source line: a minified page cuts its prose into pieces the
    # classifier calls meta or cont ("行政规范性文件" "10件," …).
    prose = None
    if spec.id == "active_disclosure":
        outside = [u for u in units[:start] + units[end:] if not u.value_like]
        prose = prose_numbers(["".join(outside[i].text for i in row) for row in source_rows(outside)])

    # Read once: fill_rows runs for each reading of the rows.
    header_pads = spec.id == "applications" and _header_pads_in_place(spec, units, start, end)

    def fill_rows(row_tokens: list[list[Unit]], unlabelled: dict[int, int]):
        row_tokens, joined, doubted = joined_pieces([(t, len(r.cols)) for t, r in zip(row_tokens, spec.rows)], layout)
        padding_first = pads_first([(t, len(r.cols)) for t, r in zip(row_tokens, spec.rows)], header_pads)
        # The gaps between numbers place table 三's short rows among blank cells (rows._fill_lost_blanks);
        # blank lines as gaps place table 四's too (TableReading.spacing); table 二's own whole rows
        # show its neighbours' gap, or table 三's blank lines do (``lines``).
        shaped = [(t, len(r.cols)) for t, r in zip(row_tokens, spec.rows)]
        spacing = (column_spacing(shaped) or line_spacing(shaped) or lines
                   if spec.id in ("applications", "active_disclosure") else None)
        if spacing is not None and spacing.near is None and spec.id == "active_disclosure":
            spacing = None  # table 二's few narrow columns show no pitch between centres
        if spec.id == "applications" and (spacing is None or spacing.placed):
            spacing = _named_places(spacing, spec, units, start, end, source, [t for t, _ in shaped])
        # Table 二's surplus numbers may be pieces of its numbers where no row falls short of its cells
        # (where one does, a neighbour's numbers stand in the other: pdftotext "规章 ７ ９ ７ 0" over
        # "行政规范性文件 0 ０").
        pieces = spec.id == "active_disclosure" and not any(
            0 < sum(bool(u.text) for u in t) < len(r.cols) for t, r in zip(row_tokens, spec.rows))
        gapped = set()
        if spec.id == "applications":
            moved = [into_the_gap(t, len(r.cols), row_identity(spec.id, len(r.cols)), text_lines)
                     for t, r in zip(row_tokens, spec.rows)]
            gapped = {r for r, (a, b) in enumerate(zip(row_tokens, moved)) if [u.text for u in a] != [u.text for u in b]}
            row_tokens = moved
        fills: list[RowFill] = []
        matched, matched_ids, last_unit = 0, set(), -1
        prev_label, header = start, None  # the table's own header read for the block, if it leaves columns out
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
                after = min((i for i in labelled if i > k), default=len(units))
                own = _printed_columns(row.cols, units, prev_label,
                                       min(max(k, pos.get(id(tokens[0]), k)), after) if tokens else k, k)
                if own is not None:
                    header = _BlockHeader(row.path[0], *own, row.cols)
                elif header is not None and header.block != row.path[0]:
                    # A block printing no header under one whose header left a column out, both with the
                    # same columns: the repeated header line lost (a scraper that drops repeated lines),
                    # read by the last one's, a guess.
                    carry = header.cols == row.cols and not _prints_header(units, prev_label, k)
                    header = replace(header, block=row.path[0], carried=True) if carry else None
            prev_label = k
            if r in carried:
                fill = fill_row(spec.id, row.path, row.cols, carried[r][0], label_conf)
                if len(carried[r]) > 1:  # both orders fit the row: the column identities may tell
                    fill = _tied(row.path, row.cols, carried[r], label_conf, "overfull", SHORT_ROW_CONFIDENCE,
                                 ["the row's numbers printed on both sides of its label; their order is open"])
                else:
                    fill.cells = [replace(c, read="overfull") if c.read == "direct" else c for c in fill.cells]
                fills.append(fill)
                last_unit = max(last_unit, max(pos.get(id(u), k) for u in carried[r][0]))
                matched += 1
                continue
            if r in stacked:
                fills.append(stacked_fill(row.path, row.cols, stacked[r], label_conf))
            elif (spec.id == "active_disclosure" and header is not None
                    and (sum(bool(u.text) for u in tokens) <= len(header.printed)
                         or pieces and piece_readings([row.cols[i] for i in header.printed], [u for u in tokens if u.text]))):
                fill = _fill_printed(spec.id, row, tokens, label_conf, padding_first, tuple(units[k].lines),
                                     header.printed, header.lines, prose, pieces)
                if header.carried:
                    fill.cells = [replace(c, confidence=min(c.confidence, HEADER_UNCONFIRMED), read="header?")
                                  for c in fill.cells]
                    fill.notes.append("read by the header of the block before: this block prints none")
                fills.append(fill)
            else:
                placed = (spacing if spacing is not None or spec.id != "active_disclosure"
                          else _under_names(units, k, row.cols, start))
                fills.append(fill_row(spec.id, row.path, row.cols, tokens, label_conf, padding_first,
                                      tuple(units[k].lines), prose, placed, pieces=pieces))
            if spec.id == "active_disclosure" and any(id(u) in joined for u in tokens):
                # Pieces joined by their spacing alone, or a pair that may be one number's pieces: no
                # identity in table 二 confirms either reading; a doubted row keeps both ("1 68": 1 and
                # 68, or 168 and a blank).
                fill = fills[-1]
                if r in doubted:
                    other = fill_row(spec.id, row.path, row.cols, doubted[r], label_conf, padding_first,
                                     tuple(units[k].lines), prose, spacing)
                    # The more plausible by table 二's value priors first (a change of +68 is a long way).
                    fill.alternatives = sorted([fill.cells, other.cells], key=lambda cells: -row_log_prior(
                        [c.raw or "" for c in cells], list(row.cols)))
                    fill.cells = fill.alternatives[0]
                    fill.notes.append("numbers closer than cells stand: one number's pieces, or two cells")
                fill.cells = [replace(c, confidence=min(c.confidence, JOINED_CONFIDENCE), read="joined?")
                              if c.placed else c for c in fill.cells]
            matched += bool(tokens)
        # A number placed by the gap it fits, or two interleaved rows shared out, not by the text's
        # order: a guess, whichever reading the column identities then choose.
        for r in gapped | interleaved:
            fills[r].cells = [_order_guessed(c) for c in fills[r].cells]
            fills[r].alternatives = [[_order_guessed(c) for c in alt] for alt in fills[r].alternatives]
        return fills, matched, matched_ids, last_unit, spacing

    # Unlabelled value rows: on lines of their own, they are placed by order; beside text (a label
    # the alignment missed, or one it matched to the wrong row), only when table 三's column
    # identities then all hold.
    text_lines = frozenset(n for u in units[start:end] if not u.value_like and CJK_RE.search(u.text) for n in u.lines)
    runs = [_run_through_enumerators(units, span_ids[m[0]], end, labelled, pos) if m else [] for m in alignment]
    bare = spread_unlabelled_rows(spec.rows, row_tokens, runs, text_lines)
    # Rows placed between their aligned neighbours read as unlabelled, anchored by the row before.
    bare = (bare[0], {**{r: r - 1 for r in between}, **apart, **bare[1]})
    fills, matched, matched_ids, last_unit, spacing = fill_rows(*bare)
    _doubt_order(spec, fills, {**bare[1], **{r: r for r in piled}})
    for r, other in piled_other.items():
        # Read by row or by column alike: both readings stay, the cells they differ in tied.
        row = spec.rows[r]
        fills[r].alternatives = [fills[r].cells, fill_row(spec.id, row.path, row.cols, other, 1.0).cells]
        fills[r].notes.append("labels piled before their numbers: the block reads by row or by column alike")
    loose = spread_unlabelled_rows(spec.rows, row_tokens, runs)
    loose = (loose[0], {**{r: r - 1 for r in between}, **apart, **loose[1]})
    if spec.id == "applications" and loose[1] != bare[1]:
        trial = fill_rows(*loose)
        if column_score([f.cells for f in trial[0]]) == 2 * len(spec.rows[0].cols):
            fills, matched, matched_ids, last_unit, spacing = trial
            _doubt_order(spec, fills, loose[1])
    cells: list[CellResult] = []
    notes: list[tuple[str, str]] = []
    complete = True
    if spec.id == "applications":
        resolve_with_columns(fills)
    if piled_by_order and column_score([f.cells for f in fills]) < 2 * len(spec.rows[0].cols):
        # Read by order past a pile of labels: sure only where every column identity confirms it.
        for r in piled_by_order:
            fills[r].cells = _by_order(fills[r].cells)
        notes.append((spec.id, "row labels piled with a row's first cell beside its label: the rows took the "
                               "numbers after the pile in order"))
    if _direction_in_doubt(spec, units, start, span_ids, alignment, fills, foreign):
        before = _numbers_before_labels(spec, units, start, end, span_ids, alignment)
        _cap_direction(units, span_ids, alignment, fills)
        # A row with nothing before its label keeps the other reading (capped) — unless its numbers are
        # another row's in this one: then the two readings share the rows out alike and the labels
        # after their numbers are no evidence (numbers after every label read forward too).
        taken = {n for f in before or () if f is not None for c in f.cells if c.placed for n in c.lines}
        if before is not None and not any(b is None and taken.intersection(n for c in f.cells if c.placed for n in c.lines)
                                          for b, f in zip(before, fills)):
            fills = [f if b is None else b for b, f in zip(before, fills)]
            notes.append((spec.id, "numbers stand before their row labels: each label took the numbers "
                                   "before it, every row its count"))
        elif spec.id == "applications" and (sides := _either_side(spec, units, start, end, span_ids, alignment, fills)):
            fills = sides
            notes.append((spec.id, "numbers stand before some row labels and after others: each row took "
                                   "those that give it its count adding up"))
        else:
            notes.append((spec.id, "numbers no row took stand before a row label: the rows whose numbers "
                                   "stand apart from their labels may belong to the label after them"))
    if spec.id == "active_disclosure":
        for r in mend_shapes(spec, fills):
            notes.append((f"{spec.id}: {'/'.join(spec.rows[r].path)}",
                          "a number placed where its shape cannot stand (a sign, a decimal) moved to the one "
                          "place it fits"))
    for row, fill in zip(spec.rows, fills):
        notes += ambiguity_notes(spec.id, row.path, fill)
        complete &= fill.complete
        cells += fill.cells
    uniform = None if complete and matched == len(spec.rows) else uniform_cells(spec, units, start, end)
    read_to = end  # past the span where the table's numbers stand past the next heading
    order_notes: list[tuple[str, str]] = []
    # Table 二 read whole but by guesses (rows placed by order under piled labels) may be read by its late column.
    if (uniform is None and spec.id == "active_disclosure"
            and not (complete and matched == len(spec.rows) and all(c.read == "direct" for c in cells))):
        uniform = decisions_after_cells(spec, units, start, end, cells, piled_aside)
        order_notes = [(spec.id, DECISIONS_AFTER_NOTE)] if uniform is not None else []
    if uniform is None and not (complete and matched == len(spec.rows)) and spec.id == "applications":
        uniform = box_order_cells(spec, units, start, end, span_ids, alignment)
        if uniform is None and (split := split_order_cells(spec, units, start, end, cells)) is not None:
            uniform, order_notes, read_to = split
    if uniform is not None:
        # The table read in the order the text prints it (one value, boxes, cut in two): where the
        # identities hold that way, the row reader's doubts no longer matter.
        cells, notes, complete, matched = uniform, order_notes, True, len(spec.rows)
        last_unit = max(last_unit, max(k for k in range(start, read_to) if units[k].value_like))
    # A report's own rows among piled labels (其他主动公开文件) keep their numbers under extras.
    extras = [Extra(label.text, [u.text for u in share], tuple(label.lines)) for label, share in piled_aside]
    aside = {n for _, share in piled_aside for u in share for n in u.lines}
    listed = {id(label) for label, _ in piled_aside}
    flags = [Check("format.mixed", units[k].text, False,
                   f"{units[k].text} has numbers of its own, as in the other format; its sub-rows are "
                   f"not in the source, so their cells are left empty and the row is listed in extras")
             for k in foreign]
    placed = {(n, c.raw) for c in cells if c.placed for n in c.lines}
    for k in sorted(span_ids + foreign) if uniform is None else []:
        if k in matched_ids or k in absorbed or k in between.values() or units[k].label == "block" \
                or id(units[k]) in listed:
            continue
        tokens = [u for u in values_after[k] if u.text]
        if tokens and all(id(u) in taken_apart for u in tokens):
            continue  # a row's numbers printed after a piece of its group label ("三、本年" 2 0 … 2)
        if tokens and units[k].label != "rowlabel" and k not in foreign and all(
                (n, u.text) in placed for u in tokens for n in u.lines):
            continue  # a header word the cells' numbers follow (pdftotext: "处理决定数量" 38 0 0): no row
        if tokens:
            extras.append(Extra(units[k].text, [u.text for u in tokens], tuple(units[k].lines)))
            if k in foreign or units[k].label == "rowlabel":  # a row's numbers, not a header's
                aside |= {n for u in tokens for n in u.lines}
    status = "missing" if matched == 0 else ("recovered" if complete and matched == len(spec.rows) else "partial")
    doubt_cells = matched > 0  # cells read (numbers, or a blank table's blanks) go through the doubts below
    if status == "missing" and span.headed and 2 * sum(m is not None for m in alignment) >= len(spec.rows):
        # Its heading, its labels: the table is in the text. Without numbers, every cell blank (a guess);
        # with numbers no reading placed (labels piled apart from numbers that lost their blank cells),
        # every cell unread — not missing, which says the source has no such table.
        if not _prints_a_number(units, start, end):
            cells, status, doubt_cells = _blank_table(spec), "partial", True
            notes.append((spec.id, BLANK_TABLE_NOTE))
        else:
            cells, status = [unread_cell(row.path, col) for row in spec.rows for col in row.cols], "partial"
            notes.append((spec.id, UNPLACED_TABLE_NOTE))
    if doubt_cells:
        cells, doubt = _doubt_counting(spec, units[start:end], cells, status)
        notes += [(spec.id, doubt)] if doubt else []
        glued_rows = {c.row for c in cells if c.raw and _NO_COUNT_RE.match(c.raw)}
        cells = [_as_guess(c, "glued?") if c.row in glued_rows else c for c in cells]
        doubts = _evidence_against_rows(spec, units, start, end, span_ids, alignment, cells, aside, after_pile)
        cells = [_as_guess(c, doubts[c.row][0]) if c.row in doubts else c for c in cells]
        notes += [(f"{spec.id}: {'/'.join(row)}", why) for row, (_, why) in sorted(doubts.items())]
    if (spec.id == "active_disclosure" and uniform is None and status == "partial" and any(not c.placed for c in cells)
            and (ordered := text_order_cells(spec, units, start, end, cells, piled_aside)) is not None):
        # Read by the labels, a row came out short; in the text's order every cell takes a number.
        cells, status = ordered, "recovered"
        notes.append((spec.id, TEXT_ORDER_NOTE))
    return TableReading(TableResult(spec.id, status, cells if status != "missing" else [], extras), matched, notes,
                        last_unit if matched else -1, flags, spacing if spacing is not None and spacing.by_lines else None)


def _doubt_order(spec: TableSpec, fills: list[RowFill], unlabelled: dict[int, int]) -> None:
    """Rows whose numbers were given by order (placed after another row's label, or that label's
    row, which gave them away) are only as sure as a row identity can check them: in table 二 (none)
    the order itself is a guess — pdfminer and pdftotext print a block's labels, then its numbers
    column by column ("行政许可" "其他对外管理服务事项" 20 3 0 0 26 0), which reads as rows alike."""
    for r in set(unlabelled) | set(unlabelled.values()):
        if row_identity(spec.id, len(spec.rows[r].cols)) is None:
            fills[r].cells = [_order_guessed(c) for c in fills[r].cells]


def _order_guessed(c: CellResult) -> CellResult:
    """A cell whose row the text's order gave: below sure, and read as a guess so that calibration
    never raises it, whatever its class showed elsewhere (an overfull row's 0.51 became 1.0)."""
    return _as_guess(c, "unlabelled?") if c.raw else c


def _after_a_pile(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment, row_tokens: list[list[Unit]],
                  piled: set[int]) -> set[tuple[str, ...]]:
    """Table 二's rows that took the numbers after the last label of a pile no reading shared them out
    to: labels printed one after another, no number or block name between them, the earlier rows
    without numbers (pdftotext: "行政许可" "其他对外管理服务事项" … "政府集中采购" 6 0 "第二十条第（五）项" …,
    every block's numbers after all the labels; "行政处罚" "行政强制" 0, 处罚's 0 with 强制's 6 further on).
    The numbers after such a pile may be any of its rows'."""
    out: set[tuple[str, ...]] = set()
    at = {r: span_ids[m[0]] for r, m in enumerate(alignment) if m}
    for r in at:
        if r in piled or not row_tokens[r]:
            continue
        first = r
        while (first - 1 in at and first - 1 not in piled and not row_tokens[first - 1]
               and not any(cell_number(units, i) or units[i].label == "block" for i in range(at[first - 1] + 1, at[first]))):
            first -= 1
        if first < r:
            out.add(spec.rows[r].path)
    return out


def _evidence_against_rows(spec: TableSpec, units: list[Unit], start: int, end: int, span_ids: list[int], alignment,
                           cells: list[CellResult], aside: set[int], after_pile: set[tuple[str, ...]]
                           ) -> dict[tuple[str, ...], tuple[str, str]]:
    """The rows whose reading the text itself speaks against, each with the guess it is read as and why
    (the first evidence found, in the order below). Numbers are told apart by line; the numbers of a row
    kept aside in extras (the report's own row, a row of the other format) count as taken.

    - A number no cell took on the line next to one of the row's cells, inside the table (full-width
      digits wrapped in narrow cells, "１２ １２" over a row's "0 0 0 ０ ０" and "８ ８" under it: the row
      read 0 … 0 8 8 adds up, and so does 128 0 … 0 128): the row may have lost a piece of a number.
    - Table 二's rows (no identity checks them):
      - a number no cell took after the row's label, before the next row's: pdftotext prints a block's
        numbers column by column, so the number after a label may be an earlier row's ("行政强制" 0
        "行政事业性收费" 6 "本年收费金额" 0: 收费's is the 0, and 强制's the 6);
      - the row's numbers on two lines or more, two on one: a PDF text prints a cell whose baseline sits
        lower after its row ("⾏政许可 ６０ ５７" then "-3" for 60 -3 57);
      - the row's numbers a line each in pdftotext's text, some in full-width digits and some not, of
        different values: pdftotext orders them by each font's baseline ("0" "０" "２５" for 0 25 0);
      - the numbers after a pile of labels no reading shared out (``_after_a_pile``).
    """
    used = {n for c in cells if c.placed for n in c.lines}
    if not used:
        return {}
    span = units[start:end]
    untaken = {k: u.lines for k, u in enumerate(span, start) if _a_cells_number(span, k - start)
               and not any(n in used or n in aside for n in u.lines) and min(u.lines) >= min(used) - 2}
    stray = {n for lines in untaken.values() for n in lines if n < max(used)}
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for c in cells:
        if c.placed and c.row not in out and any(n + d in stray for n in c.lines for d in (-1, 1)):
            out[c.row] = ("counted?", "a number no row took stands on the next line: it may be one of this "
                                      "row's, printed apart")
    if spec.id != "active_disclosure":
        return out
    labels = sorted(span_ids[m[0]] for m in alignment if m)
    wide = {n: u.wide for u in span if u.wide is not None for n in u.lines}
    lines: dict[tuple[str, ...], list[int]] = {}
    for c in cells:
        if c.raw and c.lines:
            lines.setdefault(c.row, []).append(c.lines[0])
    for r, m in enumerate(alignment):
        row = spec.rows[r]
        if m is None or row.path in out:
            continue
        at = span_ids[m[0]]
        nxt = next((k for k in labels if k > at), end)
        if row.path in lines and any(at < k < nxt for k in untaken):
            out[row.path] = ("counted?", "a number no row took stands after this row's label, before the next "
                                         "row's: it may be this row's, and this row's numbers another's")
        elif len(set(at_ := lines.get(row.path, []))) > 1 and len(set(at_)) < len(at_):
            out[row.path] = ("moved?", "this row's numbers stand on several lines, two on one: their order "
                                       "may not be the page's")
        elif _widths_apart([c for c in cells if c.row == row.path and c.raw], wide):
            out[row.path] = ("moved?", "this row's numbers are printed in two kinds of digits, a line each: "
                                       "pdftotext may have put them out of the page's order")
        elif row.path in after_pile:
            out[row.path] = ("unlabelled?", "the numbers after a pile of labels that no reading shared out: "
                                            "they may be the earlier labels' rows'")
    return out


def _widths_apart(cells: list[CellResult], wide: dict[int, bool]) -> bool:
    """Do the cells, each a number alone on its line, mix full-width and ASCII digits (``Unit.wide``)
    with values that differ, so that their order matters?"""
    kinds = [wide.get(c.lines[0]) for c in cells if len(c.lines) == 1]
    return True in kinds and False in kinds and len({c.value for c in cells}) > 1


def _as_guess(c: CellResult, read: str) -> CellResult:
    """A placed cell capped below sure and read as a guess (``read`` unless it is one already)."""
    if not c.placed:
        return c
    return replace(c, confidence=min(c.confidence, ORDER_UNCHECKED), read=c.read if c.read in GUESSES else read)


# Digits no count is printed as ("00", "0115"): cells glued together (PyMuPDF joins neighbours' spans).
# A row that kept them as one number holds more cells than it shows: each of its cells is a guess,
# whatever its identity says (a blank read beside them may be one of them).
_NO_COUNT_RE = re.compile(r"^[+\-]?0\d+$")


def _direction_in_doubt(spec: TableSpec, units: list[Unit], start: int, span_ids: list[int], alignment,
                        fills: list[RowFill], foreign: list[int]) -> bool:
    """Rows whose numbers stand on lines of their own are read as the numbers after their label; a PDF
    text may print them before it (pdftotext centres a row's numbers in its height, so a one-line label
    comes after them: "4 0 175 0 0 81 260" "一、本年新收…" "2 0 1 0 0 1 4" "二、上年结转…"), and read the
    other way every row takes its neighbour's numbers, which fit the row identity alike. The text shows
    it where numbers no row took stand before a row label, after the table's start or a row's label —
    unless table 三's column identities all hold over the whole table as read."""
    if (spec.id == "applications" and all(f.complete for f in fills)
            and column_score([f.cells for f in fills]) == 2 * len(spec.rows[0].cols)):
        return False
    # By line: a glued run's cells are pieces of its text ("104364" read 10 43 64).
    used = {n for f in fills for c in f.cells if c.placed for n in c.lines}
    aligned = {span_ids[m[0]] for m in alignment if m}
    prev = start - 1
    for k in sorted(span_ids + foreign):
        if k not in aligned and k not in foreign and units[k].label != "rowlabel":
            continue  # a block's or a column's header: the numbers after it are a row's
        # After a row label no row took (a row of the other format, an extra row), numbers are its own.
        if (prev < start or prev in aligned) and any(
                not used.intersection(units[i].lines) for i in range(prev + 1, k) if cell_number(units, i)):
            return True
        prev = k
    return False


def _numbers_before_labels(spec: TableSpec, units: list[Unit], start: int, end: int, span_ids: list[int],
                           alignment) -> list[RowFill | None] | None:
    """The table read the other way: each row label takes the numbers on its own line, then those
    between the label (or header) before it and itself ("0" "3,361" "0" "规章" "0" "84" "行政规范性文件 0":
    0 0 84); a blank cell printed as a mark ("781" "/" "—" "行政许可") counts as a number. The reading,
    when at least two rows then have exactly their count of numbers (table 三's fitting their identity)
    and no row has another count — in table 二, no identity to check, at most one in three of the rows
    with numbers (a PDF tool drops a number now and then: "0" "0" "行政处罚" "0" "0" "行政强制"); a row
    with no number before or beside its label is None (the caller keeps what the other reading made of
    it). Never sure unless table 三's column identities all hold: the order of a row's numbers printed
    partly before its label and partly beside it is the text's, not the page's."""
    def cell(i: int) -> bool:
        return cell_number(units, i) or blank_mark(units[i])

    groups = [compact(g) for g in spec.group_labels]
    bare = [_BRACKETS_RE.sub("", g) for g in groups]
    aligned = {span_ids[m[0]] for m in alignment if m}
    tokens: list[list[Unit]] = []
    for m in alignment:
        if m is None:
            tokens.append([])
            continue
        j = i = m[0]
        # A piece of a vertical group label between a row's numbers and its label is no label of its
        # own ("0 0 0 0" "0 58 58" "三、本" "（一）予以公开"): the numbers before it are the row's.
        while i > 0 and span_ids[i - 1] not in aligned and _group_piece(units, span_ids[i - 1], groups, bare):
            i -= 1
        k, p = span_ids[j], (span_ids[i - 1] if i else start - 1)
        nxt = span_ids[j + 1] if j + 1 < len(span_ids) else end
        own, before = _line_span(units[k]), _line_span(units[p]) if p >= start else range(0)
        # A number beside the label is its first cell's, printed on the label's baseline; the rest stand
        # above. Numbers between a wrapped label's lines are its own ("规章（…相" 4 0 4 "关数据）").
        tokens.append([units[i] for i in range(k + 1, nxt) if cell(i) and units[i].lines[0] in own]
                      + [units[i] for i in range(p + 1, k) if cell(i) and units[i].lines[0] not in before])
    # The last rows short of numbers take those after the last label, in order, where they count
    # exactly what the rows lack (nothing after claims them): a cell wrapped below its label ("0"
    # "政府集中采购" "5468.84万元"), or the last blocks' numbers printed after all their labels. Else every
    # row short of numbers takes them, where they count what those rows lack: a column printed apart
    # from its block's others, after all the labels (2019's 处理决定数量 beside a wrapped header:
    # "0" "0" "行政许可" … "政府集中采购" "0" "0" "处理决定数量" "5" "0").
    def lacking(r: int) -> bool:
        return alignment[r] is not None and len(tokens[r]) < len(spec.rows[r].cols)

    if alignment and alignment[-1] is not None:
        last = span_ids[alignment[-1][0]]
        after = [units[i] for i in range(last + 1, end) if cell(i) and units[i].lines[0] not in _line_span(units[last])]
        trailing = list(itertools.takewhile(lacking, range(len(tokens) - 1, -1, -1)))[::-1]
        for short in (trailing, [r for r in range(len(tokens)) if lacking(r)]):
            if short and sum(len(spec.rows[r].cols) - len(tokens[r]) for r in short) == len(after):
                slots = [(r, col) for r in short for col in spec.rows[r].cols[len(tokens[r]):]]
                for (r, _), u in zip(slots, _by_shape(spec.id, slots, after)):
                    tokens[r] = tokens[r] + [u]
                break
    identity = row_identity(spec.id, len(spec.rows[0].cols))
    rows = [(r, t) for r, t in enumerate(tokens) if t]
    exact = [r for r, t in rows if len(t) == len(spec.rows[r].cols) and (identity is None or fits(identity, t))]
    if len(exact) < 2 or len(rows) - len(exact) > (len(exact) // 2 if identity is None else 0):
        return None
    fills: list[RowFill | None] = []
    for row, t, m in zip(spec.rows, tokens, alignment):
        fills.append(fill_row(spec.id, row.path, row.cols, t, min(1.0, m[1] + 0.05) * units[span_ids[m[0]]].confidence)
                     if t else None)
    confirmed = (spec.id == "applications" and all(f is not None and f.complete for f in fills)
                 and column_score([f.cells for f in fills if f is not None]) == 2 * len(spec.rows[0].cols))
    for f in fills:
        if f is not None:
            f.cells = ([replace(c, read="unlabelled") if c.placed else c for c in f.cells] if confirmed
                       else _by_order(f.cells))
    return fills


def _by_order(cells: list[CellResult]) -> list[CellResult]:
    """A row's placed cells read by order against the labels, not beside their own: below sure."""
    return [replace(c, confidence=min(c.confidence, BEFORE_LABELS_CONFIDENCE), read="unlabelled?") if c.placed else c
            for c in cells]


def _either_side(spec: TableSpec, units: list[Unit], start: int, end: int, span_ids: list[int], alignment,
                 fills: list[RowFill]) -> list[RowFill] | None:
    """Table 三 whose rows print their numbers before their label or after it, row by row (pdftotext
    centres a row's numbers in its height: before a one-line label, after a wrapped one's first line —
    "7 0 0 0" "0" "52 59" "一、本年新收…" … "年度办理 (二)部分公开" "0 0 0 0" "0" "2 2" "结果" "0 0 0 0" "0"
    "1 1" "1.属于国家秘密"). The numbers between two labels split into runs at the text between them
    (a group label's piece); a row takes the numbers on its label's lines, then the last run before it
    or the first after it (never one run both ways) — the choice, over the whole table, that gives the
    most rows their count adding up (a dynamic programme on the labels' order). Rows that add up no way
    keep the first reading where its numbers are no other row's; numbers on the line of a row label no
    row took are that label's (a report's extra row). None unless more rows add up so, with the rows
    kept as first read, than in ``fills``. Never sure: read by order against the labels."""
    identity = row_identity(spec.id, len(spec.rows[0].cols))
    rows = [(r, span_ids[m[0]]) for r, m in enumerate(alignment) if m is not None]
    if identity is None or len(rows) < 2:
        return None
    labels = {span_ids[m[0]] for m in alignment if m}
    groups = [compact(g) for g in spec.group_labels]
    bare = [_BRACKETS_RE.sub("", g) for g in groups]

    # Numbers on the line of a row label no row took (a report's extra row: "4.其他情形 990 0 … 990") are its own.
    extra = {n for k in range(start, end) if not units[k].value_like and CJK_RE.search(units[k].text)
             and k not in labels and not _group_piece(units, k, groups, bare) for n in _line_span(units[k])}

    def runs(lo: int, hi: int, skip: range, skip_next: range) -> list[list[Unit]]:
        out, run = [], []
        for i in range(lo, hi):
            u = units[i]
            if cell_number(units, i):
                if u.lines[0] not in skip and u.lines[0] not in skip_next and u.lines[0] not in extra:
                    run.append(u)
            elif not u.value_like and CJK_RE.search(u.text) and run:
                out.append(run)
                run = []
        return out + [run] if run else out

    own = [[units[i] for i in range(k + 1, end) if cell_number(units, i) and units[i].lines[0] in _line_span(units[k])]
           for _, k in rows]
    bounds = [start] + [k for _, k in rows] + [end]
    gaps = [runs(bounds[j] + 1 if j else start, bounds[j + 1], _line_span(units[bounds[j]]) if j else range(0),
                 _line_span(units[bounds[j + 1]]) if j < len(rows) else range(0)) for j in range(len(rows) + 1)]

    def weight(values: list, n: int) -> int:
        """2 for a row that holds its count and adds up to more than 0, 1 for a row of zeros (it fits
        anywhere), 0 for a row that does not add up."""
        return 0 if len(values) != n or not identity(values) else 1 + bool(values[-1])

    def ok(tokens: list[Unit], n: int) -> int:
        return weight([parse_value(u.text).value or 0 for u in tokens], n)

    # best[j][taken]: rows fitted from row j on, when row j's gap's only run went to the row before.
    best = [[0, 0] for _ in range(len(rows) + 1)]
    pick: list[list[str]] = [["", ""] for _ in rows]
    for j in range(len(rows) - 1, -1, -1):
        n = len(spec.rows[rows[j][0]].cols)
        before, after = gaps[j], gaps[j + 1]
        for taken in (0, 1):
            options = [("own", ok(own[j], n) + best[j + 1][0])]
            if before and not (taken and len(before) == 1):
                options += [("before", ok(own[j] + before[-1], n) + best[j + 1][0]),
                            ("before alone", ok(before[-1], n) + best[j + 1][0])]
            if after:
                options.append(("after", ok(own[j] + after[0], n) + best[j + 1][len(after) == 1]))
            pick[j][taken], best[j][taken] = max(options, key=lambda o: o[1])
    chosen, taken = [], 0
    for j in range(len(rows)):
        how = pick[j][taken]
        chosen.append(gaps[j][-1] if how == "before alone" else
                      own[j] + (gaps[j][-1] if how == "before" else gaps[j + 1][0] if how == "after" else []))
        taken = int(how == "after" and len(gaps[j + 1]) == 1)
    fitted = {r for (r, _), t in zip(rows, chosen) if ok(t, len(spec.rows[r].cols))}

    def score(fills: list[RowFill]) -> int:
        return sum(weight([c.value or 0 for c in f.cells], len(f.cells)) for f in fills if all(c.placed for c in f.cells))
    # By line (a row's cells keep their lines, not their units): a row left as first read must not
    # hold a number another row now holds.
    used = {n for (r, _), t in zip(rows, chosen) if r in fitted for u in t for n in u.lines}
    out = list(fills)
    for (r, k), t in zip(rows, chosen):
        row = spec.rows[r]
        if r in fitted:
            fill = fill_row(spec.id, row.path, row.cols, t, min(1.0, alignment[r][1] + 0.05) * units[k].confidence)
        elif any(used.intersection(c.lines) for c in fills[r].cells if c.placed):
            fill = fill_row(spec.id, row.path, row.cols, [], 0.0)
        else:
            continue
        fill.cells = _by_order(fill.cells)
        out[r] = fill
    # The rows this way with the others as first read, where they take no number of these: better only
    # if more rows add up so (rows past a page break may read by neither way: "0 0 0 0" … "0 81 81").
    return out if score(out) > score(fills) else None


def _by_shape(table: str, slots: list[tuple[int, tuple[str, ...]]], numbers: list[Unit]) -> list[Unit]:
    """The numbers for these empty cells (row, column), in order — but in table 二 an amount ("4300.0元")
    goes to the cell of an amount column when as many amounts as such cells stand among them, the
    others in order (pdftotext prints the columns after the last label one after another: the amount,
    then 对外公开总数量's, then 处理决定数量's)."""
    def fits(u: Unit, col: tuple[str, ...]) -> bool:
        return fits_columns([u.text], [col])

    if table != "active_disclosure" or all(fits(u, col) for u, (_, col) in zip(numbers, slots)):
        return numbers
    amounts = [u for u in numbers if not fits(u, ("本年新制作数量",))]
    cells = [k for k, (_, col) in enumerate(slots) if column_kind(col) == "amount"]
    if len(amounts) != len(cells):
        return numbers
    rest = iter([u for u in numbers if all(u is not a for a in amounts)])
    amount = iter(amounts)
    return [next(amount) if k in cells else next(rest) for k in range(len(slots))]


def _line_span(u: Unit) -> range:
    return range(min(u.lines), max(u.lines) + 1)


def _cap_direction(units: list[Unit], span_ids: list[int], alignment, fills: list[RowFill]) -> None:
    """The direction a guess: the rows whose numbers are not on their label's first line, or that had
    more numbers than cells (a neighbour's among them), are capped below sure."""
    for r, m in enumerate(alignment):
        if m is None:
            continue
        first_line = units[span_ids[m[0]]].lines[0]
        fills[r].cells = [_order_guessed(c) if first_line not in c.lines or c.read == "overfull" else c
                          for c in fills[r].cells]


def _a_cells_number(span: list[Unit], k: int) -> bool:
    """Is span[k] a number a cell may hold (not a page number, not a header's year)?"""
    u = span[k]
    return (u.value_like and not PAGE_NUMBER_RE.match(u.text) and parse_value(u.text).kind in ("zero", "number")
            and not header_year(span, k))


def _doubt_counting(spec: TableSpec, span: list[Unit], cells: list[CellResult],
                    status: str) -> tuple[list[CellResult], str | None]:
    """Cells whose column only the count of a row's numbers gave, where the table's own count of
    numbers belies it. A table printing fewer numbers than it has cells, with no mark of a blank cell
    (no pipes, no empty cells: pdftotext, a dump of text nodes), lost its blank cells; read only in
    part, some rows did not get their numbers where the text put them (pdftotext's default order of
    a Word table prints them apart from their labels), so a row's count of numbers no longer says
    which are its own: a neighbour's zero passes for its cell, its blank cells gone. And a column
    the table's header leaves out is confirmed only when the table has no more numbers than the
    cells it prints. Returns the cells and, if any were doubted, why."""
    numbers = sum(_a_cells_number(span, k) for k in range(len(span)))
    printed = sum(c.kind != "na" for c in cells)
    header = [replace(c, read="header?", confidence=c.confidence * HEADER_UNCONFIRMED / HEADER_CONFIRMED)
              if c.read == "header" and numbers > printed else c for c in cells]
    lost = numbers < len(cells) and not any(u.piped or not u.text for u in span)
    if status != "partial" or not lost:
        return header, None
    doubted = [replace(c, read="counted?", confidence=min(c.confidence, COUNTED_CONFIDENCE))
               if c.placed and c.read not in GUESSES else c for c in header]
    return doubted, (f"{numbers} numbers for {len(cells)} cells, no blank cell marked, and not every row read: "
                     f"the columns of the rows read are a count of numbers that lost blank cells")


REVIEW_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")  # table 四's groups of five columns, in order
REVIEW_WORDS = tuple(sorted({*REVIEW_GROUPS, "行政诉讼"}, key=len, reverse=True))  # its header's group names, longest first


def _review_in_pieces(units: list[Unit], start: int, end: int, header_word, n: int,
                      short: bool = False) -> list[Unit] | None:
    """Table 四 printed in pieces (PDF-to-markdown: one small table per group of five columns,
    行政复议 | 未经复议直接起诉 | 复议后起诉, each under its own header words): the value runs that
    follow header words, in order, when there are several and together they hold exactly the row's
    n numbers (``short``: at most n) (the pieces still come in template order). None otherwise."""
    runs, got = [], 0
    for k in range(start, end - 1):
        if units[k + 1].value_like and header_word(units[k]):
            runs.append(collect_values(units, k, end))
            got += sum(bool(u.text) for u in runs[-1])
            if got > n:
                return None  # more numbers than the row has: read no further (bounds a long span)
    if len(runs) < 2 or got > n or (got < n and not short):
        return None
    # Where the pieces name their group, the names must come in template order too.
    named = [g for u in units[start:end] if header_word(u)
             for g, name in enumerate(REVIEW_GROUPS) if fuzz.ratio(u.key, name) >= 85]
    if named != sorted(set(named)):
        return None
    return [u for r in runs for u in r]


def _vertical_header_line(u: Unit) -> bool:
    """Lines of a header printed vertically, one character of each column's name per line ("维 纠 结
    审" / "持 正 果 结": LibreOffice's narrow columns of table 四), whatever the classifier took them
    for (chrome, prose): many words, none longer than two characters, no number."""
    words = u.text.split()
    return (len(words) >= 4 and all(len(w) <= 2 and CJK_RE.search(w) for w in words)
            and not any(ch.isdigit() for ch in u.text))


def _uniform_review(spec: TableSpec, units: list[Unit], span: Span) -> TableReading | None:
    """Table 四 whose numbers are scattered among its vertical header's pieces (pdftotext's default
    order of a LibreOffice PDF: "维/持" 0 "行政诉讼" "结/果" … 0 0 0 "总/计" …) in an order that is not the
    columns': under its own heading, exactly 15 numbers all of one value are that value in every
    cell, whatever the order (as ``uniform_cells`` for table 三)."""
    if not span.headed:
        return None
    cells = uniform_cells(spec, units, span.start, span.end)
    if cells is None:
        return None
    return TableReading(TableResult(spec.id, "recovered", cells), 1, [])


_LONE_CJK_RE = re.compile(rf"(?<!\S)[{CJK_RANGE}](?!\S)")


def _vertical_header_places(source: list[str] | None, first: int, last: int, n: int) -> Spacing | None:
    """Table 四's columns where a space-aligned text prints its header vertically, a character of each
    column's name a line at the column's place (pdftotext -layout of a Word PDF: "结    结   其   尚    总"
    over "维    纠   结   审" …, the row's "0    0            0   0" under them): the places of the lone
    characters on the header's lines (1-based ``first`` to ``last``), where they fall in exactly n
    groups, each narrower than MIN_STOP_GAP and that far apart or more, a place either side for a
    number's drift. None otherwise."""
    if not source or last < first:
        return None
    groups = place_groups((m.start() for line in source[first - 1:last] for m in _LONE_CJK_RE.finditer(line)), n)
    return Spacing(None, 0, stops=tuple((lo - 1, hi + 1) for lo, hi in groups)) if groups else None


def _read_review(spec: TableSpec, units: list[Unit], span: Span, spacing: Spacing | None = None,
                 source: list[str] | None = None) -> TableReading:
    """Table 四 has no row labels: its 15 values follow its own header words (or its heading).
    ``spacing``: table 三's blank lines, where they set cells apart; else the places of a vertical
    header's characters (``source``: the text's lines as printed)."""
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
    if anchor is None and (not span.headed or _printed_elsewhere(units, start, end)):
        # No header word and the report says the table is elsewhere: numbers after the heading are
        # another table's (pdftotext's default order runs table 三's columns on past its end).
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    k = anchor if anchor is not None else start - 1
    header_rows = {units[k].row} if k >= start else set()
    def header_word(u: Unit) -> bool:
        return not u.value_like and bool(CJK_RE.search(u.text)) and (
            u.label in ("colhead", "cont", "rowlabel", "block") or _vertical_header_line(u))

    while k + 1 < end:  # the header words after the anchor (总计, split words) and their padding
        nxt = units[k + 1]
        if header_word(nxt):
            header_rows.add(nxt.row)
        elif nxt.label == "note" and not nxt.value_like and k < start + 2:
            pass  # the table's unit under its heading ("单位：件"), before the header words
        elif not ((nxt.text == "" and nxt.row in header_rows) or BORDER_RE.match(nxt.text)):
            # Empty cells of a box table's header lines ("│ │ │ 总计 │", a line of empty cells between
            # the characters of vertical header words): header, while header words follow them.
            ahead = next((u for u in units[k + 1:end] if u.text and not BORDER_RE.match(u.text)), None)
            if not (nxt.text == "" and nxt.piped and ahead is not None and header_word(ahead)):
                break
        k += 1
    tokens = collect_values(units, k, end)
    row = spec.rows[0]
    past_headings = False
    got = sum(bool(u.text) for u in tokens)
    if got < len(row.cols):
        tokens = _review_in_pieces(units, start, end, header_word, len(row.cols)) or tokens
        got = sum(bool(u.text) for u in tokens)
    if 0 < got < len(row.cols) and (past := _review_past_headings(units, start, end, header_word, tokens,
                                                                    len(row.cols))) is not None:
        tokens, past_headings = past
    after = units[k].lines[-1] if anchor is not None else None  # the header's last line, before the row
    if spacing is None and anchor is not None and (numbers := [u for u in tokens if u.text]):
        spacing = _vertical_header_places(source, units[start].lines[0], numbers[0].lines[0] - 1, len(row.cols))
    if not [u for u in tokens if u.text] or not (fill := fill_row(spec.id, row.path, row.cols, tokens, 1.0,
                                                                  spacing=spacing, after=after)).complete:
        uniform = _uniform_review(spec, units, span)
        if uniform is not None:
            return uniform
    if not [u for u in tokens if u.text] and not _blank_row(tokens, len(row.cols)):
        if anchor is not None and span.headed and not _prints_a_number(units, start, end):
            return TableReading(TableResult(spec.id, "partial", _blank_table(spec)), 1, [(spec.id, BLANK_TABLE_NOTE)])
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    if not [u for u in tokens if u.text]:
        # A report that leaves table 四 blank prints one row of its empty cells (``_blank_row``).
        fill = fill_row(spec.id, row.path, row.cols, tokens, 1.0)
    notes = ambiguity_notes(spec.id, row.path, fill) + ([(spec.id, PAST_HEADINGS_NOTE)] if past_headings else [])
    numbers = [u for u in tokens if u.text]
    failing = len(numbers) == len(row.cols) and not fits(row_identity(spec.id, len(row.cols)), numbers)
    # Numbers among the header's pieces (pdftotext's default order: "结" "果" … 8 0 1 … "维" "持" 3 12):
    # some columns printed late, where the order printed fails a group total.
    among = (len(numbers) == len(fill.cells) == len(row.cols) and any(u.text.strip("0") for u in numbers)
             and _among_header_words(units, start, end, numbers, header_word, [c[-1] for c in row.cols]))
    if among and failing and (moved := moved_columns_cells(spec, numbers, fill.cells)) is not None:
        cells, moved_notes = moved
        return TableReading(TableResult(spec.id, "recovered", cells), 1, moved_notes)
    if among:
        # A report's own misprint lets the order printed add up, or none: its late columns' numbers may
        # then stand anywhere ("0"×12 "1" "复议后起诉" "0" "1": 复议's 总计 late, 0 0 0 0 1 and 0 0 0 0 1,
        # read 0 0 0 0 0 and 0 0 1 0 1). Every cell's order is in doubt; a sure reading needs its places.
        notes.append((spec.id, "the numbers stand among the header's pieces, where some columns print late: "
                               + ("read in their order, a group total fails in any order of late columns"
                                  if failing else "read in their order, a guess")))
    # Numbers over several lines, cut inside a group (not a cell or a group a line), that fail a group
    # total read in the text's order: the order is in doubt, every cell's and not only the failing
    # group's (pdfplumber wraps the full-width digits of narrow 总计 cells onto a line of their own:
    # "０ ０ 0 ０ ０ ０ 0 0 0 0 ０ 0" over "１ １ ０").
    per_line = Counter(u.lines[0] for u in numbers).values()
    misordered = (failing and len(per_line) > 1 and max(per_line) > 1
                  and any(n % REVIEW_GROUP for n in itertools.accumulate(per_line)))
    if misordered and not among:
        notes.append((spec.id, "the numbers stand on several lines and a group total fails read in "
                               "their order: which cell each belongs to is in doubt"))
    if past_headings or misordered or among:
        fill.cells = [replace(c, confidence=min(c.confidence, ORDER_UNCHECKED), read="moved?" if among else "unlabelled?")
                      if c.placed else c for c in fill.cells]
    status = "recovered" if fill.complete else "partial"
    return TableReading(TableResult(spec.id, status, fill.cells), 1, notes)


def _review_past_headings(units: list[Unit], start: int, end: int, header_word: Callable[[Unit], bool],
                          tokens: list[Unit], n: int) -> tuple[list[Unit], bool] | None:
    """Table 四's row completed past its span, where the span ends short of the row's n numbers, and
    whether that read past the next headings (an order guess, below sure); None where nothing after
    the span completes it."""
    if pieces := _review_in_pieces(units, start, len(units), header_word, n):
        # Each group's pieces after the next headings (pdftotext's default order of a LibreOffice PDF:
        # "审" "结" 0 0 0 0 "五、…" "复议后起诉" "总" "计" 1 "结" "果" … 0 0 0 0 "总" "计" 0): read on while
        # header pieces lead each run, in order, when they hold the row exactly.
        return pieces, True
    if end >= len(units):
        return None
    # The numbers after each of the header's pieces (the last piece, "复议后起诉", anchored the row
    # with the one number after it), where they end the span.
    base = tokens
    if (short := _review_in_pieces(units, start, end, header_word, n, short=True)) \
            and short[-1] is units[end - 1] and sum(bool(u.text) for u in short) > sum(bool(u.text) for u in tokens):
        base = short
    if units[end - 1] is not base[-1]:
        return None
    lack = n - sum(bool(u.text) for u in base)
    # The rest of the row printed after the next section's heading (pdftotext places the heading at its
    # height on the page, among the table's columns): taken only when it completes the row.
    more = collect_values(units, end, len(units))
    if sum(bool(u.text) for u in more) == lack:
        return base + more, False
    # Past the next section's first lines too ("0" "0" "本年度共收到…" "0" "0 0" …): the first numbers
    # standing alone after the heading, as many as the row lacks. A number its sentence goes on after
    # ("19448" "条。本年度…", a crawler's node), or that the classifier reads as prose on a line with
    # prose (a year cut at a line's end, "…在202" / "0年"), is the prose's.
    loose = [units[i] for i in range(end, len(units)) if cell_number(units, i)
             and (units[i].label != "prose" or _alone(units[max(i - 1, 0):i + 2], units[i]))
             and not (i + 1 < len(units) and _MEASURE_WORD_RE.match(units[i + 1].text))][:lack]
    return (base + loose, True) if len(loose) == lack else None


def _among_header_words(units: list[Unit], start: int, end: int, numbers: list[Unit],
                        header_word: Callable[[Unit], bool], names: Sequence[str]) -> bool:
    """Do header words stand between the first and the last of ``numbers``, all inside the span — other
    than, before each run of numbers, the names of that run's own columns in column order (pdfminer:
    "结" "果" "维" "持" 0 "结" "果" "纠" "正" 0 …, a vertical name's characters in any order; group names
    aside)?"""
    if (first := next((k for k in range(start, end) if units[k] is numbers[0]), None)) is None:
        return False
    last = next((k for k in range(first, end) if units[k] is numbers[-1]), None)
    if last is None:
        return False
    runs: list[list] = [["", 0]]  # each run of numbers with the header words before it
    taken = {id(u) for u in numbers}
    for k in range(first, last + 1):
        if id(units[k]) in taken:
            runs[-1][1] += 1
        elif header_word(units[k]):
            if runs[-1][1]:
                runs.append(["", 0])
            runs[-1][0] += units[k].key
    if len(runs) == 1:
        return False
    col = runs[0][1]
    for words, count in runs[1:]:
        for group in REVIEW_WORDS:
            words = words.replace(group, "")
        if Counter(words) != Counter("".join(names[col:col + count])):
            return True
        col += count
    return False


def _printed_elsewhere(units: list[Unit], start: int, end: int) -> str | None:
    """The note the span opens with, before any number, that the table is elsewhere, if it does."""
    first = next((u for u in units[start:end] if u.text), None)
    return first.text if first is not None and not first.value_like and _ELSEWHERE_RE.search(first.text) else None


def _prints_a_number(units: list[Unit], start: int, end: int) -> bool:
    """Does the table's span print any value (a number, a mark, a glued run)?"""
    return any(u.value_like and u.text for u in units[start:end])


def _blank_table(spec: TableSpec) -> list[CellResult]:
    """Every cell of a table printed without a number, read as blank — a guess (``blank?``): a tool
    that drops empty cells leaves just the header and labels, and nothing tells that from numbers
    printed where no reader looks."""
    return [CellResult(row.path, col, None, "", "empty", BLANK_TABLE_CONFIDENCE, (), read="blank?")
            for row in spec.rows for col in row.cols]


def _blank_row(tokens: list[Unit], n: int) -> bool:
    """n empty pipe cells on one line (n − 1: a row without a label opens with an empty piece that
    reads as no cell, " | | … |"): a row printed with every cell blank (the caller found no number)."""
    return len(tokens) in (n - 1, n) and all(u.piped and not u.text for u in tokens) and len({u.row for u in tokens}) == 1


def reconstruct(frags: list[Fragment], template: Template,
                source: list[str] | None = None) -> tuple[dict[str, TableResult], list[Check]]:
    """Tables of one template from labelled fragments, with checks on ambiguous readings and on rows
    of the other format. ``source``: the text's lines as printed (before normalising), if known."""
    row_keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    frags = mend_split_brackets(frags)
    units = split_enumerated_continuations(join_filling_notes(merge_units(frags), row_keys), frags)
    units = join_wrapped_rows(split_merged_rows(units, frags, row_keys), frags, row_keys)
    units = join_around_group_labels(join_around_enumerators(units, row_keys, frags), frags, row_keys)
    units = join_tails_over_group_pieces(join_label_tails(units, frags, row_keys), frags, row_keys)
    # A document that glues cells somewhere ("规章600", "行政规范性文件 000": a run no number is) may
    # have glued a row's cells after a label's space too ("规章 24050"); one that never does keeps
    # every number apart ("行政事业性收费 168").
    glues = any(f.label == "value" and _GLUED_ZEROS_RE.match(f.text) for f in frags)
    # A dump that glues cells is no dump of one cell a line, whatever its lines repeat (pdf.js's text,
    # pdf-parse: "行政规范性文件" / "101", each line a run of one row's cells).
    dropped = not glues and repeats_dropped(frags, source)
    shown = dropped and dump_numbers(frags) >= MIN_DUMP_NUMBERS
    widths, mixed = digit_widths(frags, source), mixed_widths(frags, source)
    # The page of each line in a text paged by form feeds (pdftotext's), for Unit.page.
    pages = (list(itertools.accumulate(line.count("\f") for line in source))
             if source and any("\f" in line for line in source) else None)
    wide_before, seen = [], Counter()
    for f in frags:  # a row's fragments stand in line order
        wide_before.append(seen[f.row])
        seen[f.row] += len(WIDE_RE.findall(f.text))
    for u in units:
        u.wide_before = wide_before[u.frags[0]]
        u.column = frags[u.frags[0]].start - u.wide_before
        first = frags[u.frags[0]]
        if len(u.frags) == 1:  # most units: no generator to run
            u.glued_run = first.glued
            u.pieces = ((first.text, first.lines[0]),)
        else:
            u.glued_run = any(frags[i].glued for i in u.frags)
            u.pieces = tuple((frags[i].text, frags[i].lines[0]) for i in u.frags)
        u.separated = not glues and not u.glued_run and first.cell > 0
        u.repeats_dropped, u.repeats_shown = dropped, shown
        u.wide = widths.get(first.row) if len(u.frags) == 1 else None
        u.mixed_widths = len(u.frags) == 1 and first.row in mixed
        u.page = pages[u.lines[0] - 1] if pages else None
    spans = table_spans(units)
    # How a number's pieces stand apart from cells, told by tables 二 and 三 together (their own lines only).
    layout = piece_layout([u for tid in TABLE_IDS[:2] for u in units[spans[tid].start:spans[tid].end]])
    if layout == "lines" and not glues:
        # Cells a blank line apart, a cell a line (lynx of a wide table, bs4): a number alone on its line
        # is one cell's text, never cells glued (table 二's lone "588.0" is not 5 and 88.0).
        per_line = Counter(f.row for f in frags)
        for u in units:
            if u.value_like and len(u.frags) == 1 and per_line[frags[u.frags[0]].row] == 1:
                u.separated = True
    readings: dict[str, TableReading] = {}
    read_spans: dict[str, Span] = {}
    floor = 0  # a table without its own heading begins after the rows the table before it used
    tables_spacing = None
    for tid in TABLE_IDS:
        spec = template.table(tid)
        span = spans[tid]
        if floor > span.start:
            # A table without its own heading begins after the rows the table before it used; one with
            # its heading after the numbers the table before took from past it.
            span = Span(min(floor, span.end), span.end, span.headed)
        reading = (_read_review(spec, units, span, tables_spacing, source) if tid == "review_litigation"
                   else _read_rows(spec, units, span, layout, source=source))
        # Table 四 sets its numbers at places of its own: table 三's stops say nothing of them.
        tables_spacing = (reading.spacing if tid == "applications" and reading.spacing is not None
                          and not reading.spacing.placed else None)
        if tid == "active_disclosure" and (wider := _past_next_heading(spec, units, span, spans, layout, reading)):
            reading, spans["applications"] = wider
            span = Span(span.start, wider[1].start, span.headed)
        if (tid == "applications" and tables_spacing is not None
                and any(c.read.startswith("short") for c in readings["active_disclosure"].table.cells)):
            # Table 二's short rows, where its few whole rows measured no gaps of their own (lynx: "规章",
            # two blank lines, "0" is 本年新公开数量): table 三's blank lines set its cells apart alike.
            readings["active_disclosure"] = _read_rows(template.table("active_disclosure"), units,
                                                       read_spans["active_disclosure"], layout, tables_spacing)
        readings[tid], read_spans[tid] = reading, span
        floor = max(floor, reading.last_unit + 1)
    tables = {tid: r.table for tid, r in readings.items()}
    flags: list[Check] = []
    for tid, reading in readings.items():
        flags += [Check("reading.ambiguous", where, False, detail) for where, detail in reading.notes] + reading.flags
        span = read_spans[tid]
        if reading.table.status == "missing" and span.headed and (note := _printed_elsewhere(units, span.start, span.end)):
            flags.append(Check("source.elsewhere", tid, False, f"{tid}: its heading is followed by {note!r}, not the "
                               "table: the text holds no numbers of it (read the original document, or the attachment)"))
    flags += _doubt_blank_rows(tables, [u for sp in spans.values() for u in units[sp.start:sp.end]])
    return tables, flags


def _past_next_heading(spec: TableSpec, units: list[Unit], span: Span, spans: dict[str, Span],
                       layout: str | None, reading: TableReading) -> tuple[TableReading, Span] | None:
    """Table 二 read on past table 三's heading up to table 三's header, where numbers stand between
    them (pdftotext's default order prints a page's last blocks where they stand on the page: "三、收到
    和处理…" "本年处理决定数量" 0 … "本年收费金额（单位：万元）" 0 "申请人情况"; or the last amount alone,
    "三、…" 5162.024 "申请人情况"): no number of table 三 stands before its header. Taken only when it
    places more of table 二's cells; then table 三 starts at its header."""
    nxt = spans["applications"]
    if not nxt.headed or span.end != nxt.start - 1:
        return None
    header = applicant_header(units, nxt.start, nxt.end)
    if not any(units[i].value_like and not PAGE_NUMBER_RE.match(units[i].text) for i in range(nxt.start, header)):
        return None
    wider = _read_rows(spec, units, Span(span.start, header, span.headed), layout)

    def placed(r: TableReading) -> int:
        return sum(c.placed for c in r.table.cells)
    return (wider, Span(header, nxt.end, True)) if placed(wider) > placed(reading) else None


def _doubt_blank_rows(tables: dict[str, TableResult], span: list[Unit]) -> list[Check]:
    """A row every cell of which reads blank, in a report that prints its zeros and leaves no other
    cell blank, may be a row whose numbers' line was lost (a box row's middle line, a line a scraper
    dropped): its blanks are a guess, not sure. Where other rows leave cells blank, so may this one."""
    rows: dict[tuple[str, tuple[str, ...]], list[CellResult]] = {}
    for tid, table in tables.items():
        for c in table.cells:
            rows.setdefault((tid, c.row), []).append(c)
    blank = {key for key, cells in rows.items() if all(c.kind == "empty" for c in cells)}
    if (not blank or any(c.kind == "empty" for key, cells in rows.items() if key not in blank for c in cells)
            or not any(u.value_like and parse_value(u.text).kind == "zero" for u in span)):
        return []
    for tid, table in tables.items():
        table.cells = [replace(c, confidence=min(c.confidence, BLANK_ROW_CONFIDENCE), read="blanks?")
                       if (tid, c.row) in blank else c for c in table.cells]
    return [Check("reading.ambiguous", f"{tid}: {'/'.join(row)}", False,
                  "no number in a report that prints its zeros and leaves no other cell blank: "
                  "blank, or its numbers' line lost") for tid, row in sorted(blank)]
