"""Units: fragments with their continuations merged in, then the label repairs that need the
fragments' lines (merged rows cut, wrapped box rows joined, labels around an enumerator joined)."""
from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..fragment import Fragment
from ..normalise import compact
from ..template import lexicon
from ..values import parse_value
from ..vocab import CJK_RE
from .labels import ENUM_RE, MIN_ROW_SIM, best_similarity, label_similarities, row_similarities


@dataclass(slots=True)
class Unit:
    """A fragment, or a fragment with its continuations merged in."""

    text: str
    label: str
    frags: list[int]
    lines: list[int]
    row: int
    piped: bool
    confidence: float
    value_like: bool = field(default=False)
    # Its digits ran into the text before them with no separator (a crawler's glued cells): the only
    # kind of number that may be cut into several cells. Set by ``reconstruct`` from the fragments.
    glued_run: bool = field(default=False)
    # It follows other text on its line with a separator in between ("行政事业性收费 168", a pipe cell),
    # in a document that glues no cells (no value like "000" that cannot be one number): the end of a
    # line or the next cell closes it, so it is one number. Set by ``reconstruct``.
    separated: bool = field(default=False)
    # The text is a dump that drops consecutive repeated lines ("0 0 0" printed once): a short row's
    # missing values may be repeats of its neighbours. Set by ``reconstruct`` for the whole document.
    repeats_dropped: bool = field(default=False)
    # ... and it prints enough numbers for that to be told (``dump_numbers``): a single way to repeat a
    # short row's values that fits the identities is then sure.
    repeats_shown: bool = field(default=False)
    # Its fragments' texts with each one's first line, set by ``reconstruct``: a table's own header
    # words are read piece by piece when the whole does not tell (``tables._wrapped_header_scores``).
    pieces: tuple[tuple[str, int], ...] = field(default=())
    # Its first fragment's character span on its line: in a space-aligned text (pdftotext -layout) the
    # width of the gap between two numbers says whether blank cells came between them.
    span: tuple[int, int] = field(default=(0, 0))
    # A number alone on its line in pdftotext's text (form feeds between pages): True where its digits
    # were printed full-width ("２５"), False where ASCII, None elsewhere. pdftotext orders a row's
    # pieces by each font's baseline, so a row's cells of the two widths may come out of column order.
    wide: bool | None = field(default=None)
    # A number alone on its line whose digits were printed in both widths ("１０0"): PyMuPDF glues the
    # spans of neighbouring cells typed in different digits, so it shows cells glued like "0115" does.
    mixed_widths: bool = field(default=False)
    # Where its first fragment stands across lines: its start on its line less the wide characters
    # before it there (``wide_before``: pdftotext -layout sets a word up to a place right for each one,
    # by the page's fonts, so a row's pieces are ordered under each shift). Set by ``reconstruct``.
    column: int = field(default=0)
    wide_before: int = field(default=0)
    # The page it stands on in a text paged by form feeds (pdftotext's), None elsewhere: pdftotext
    # -layout sets a table's columns at places of their own on each page. Set by ``reconstruct``.
    page: int | None = field(default=None)

    @property
    def key(self) -> str:
        return compact(self.text)


@lru_cache(maxsize=1)
def _row_label_keys() -> frozenset[str]:
    return frozenset(compact(w) for w in lexicon()["rowlabel"])


UNSURE_ROW_LABEL = 0.5


def _no_row_of_its_own(text: str, open_key: str) -> bool:
    """Does ``text`` open no row (no enumerator) and read as no template row but the one the open
    label ``open_key`` reads as?"""
    key = compact(text)
    if not CJK_RE.search(text) or ENUM_RE.match(key):
        return False
    keys = _sorted_row_label_keys()
    sims = label_similarities(key, keys)
    return float(sims.max()) < MIN_ROW_SIM or int(sims.argmax()) == int(label_similarities(open_key, keys).argmax())


_CLOSES_FIRST_RE = re.compile(r"^[^()]*\)")


_PUNCTUATION_RE = re.compile(r"[()（）,，、.:：;；]+")
_ENUM_REST_RE = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)[)）]")


def _tail_of(text: str, open_text: str, label: str, after: str = "") -> bool:
    """Is ``text``, right after the label ``open_text``, the rest of it though the classifier took it
    for a row label or a value? It is punctuation (bs4 prints a Word label's "(" "," ")" spans a line
    each: "部分公开" / "(" / "区分处理的" / ","), except an opening bracket whose next fragment ``after``
    completes an enumerator ("(" / "三)不予公开"); it closes the bracket the label left open
    ("规章(设区的市" / "、自治州人民政府应提供相关数据)"), or, taken for a value, it is words that complete
    the label ("行政事业性收" / "费")."""
    if _PUNCTUATION_RE.fullmatch(text):
        return not (text[-1] in "(（" and _ENUM_REST_RE.match(after))
    if label == "rowlabel":
        return _closes_bracket(text, open_text)
    keys = _sorted_row_label_keys()
    return bool(CJK_RE.search(text)) and (best_similarity(compact(open_text + text), keys)
                                          > best_similarity(compact(open_text), keys))


# How many of a row's cells may stand between its label's head and a tail that closes its bracket.
_NUMBERS_BEFORE_TAIL = 8


def _after_own_numbers(frags: list[Fragment], last: int, i: int) -> bool:
    """Do only numbers (or blank marks), on lines of their own after the label's, stand between the
    label's last fragment ``last`` and fragment ``i``, and does a number follow ``i`` on its line (the
    row's last, set beside the tail: in pdftotext's default order a tail alone on its line comes
    before the next row's numbers)?"""
    between, after = frags[last + 1:i], frags[i + 1] if i + 1 < len(frags) else None
    return (0 < len(between) <= _NUMBERS_BEFORE_TAIL and between[0].row > frags[last].row
            and between[-1].row < frags[i].row and after is not None and after.row == frags[i].row
            and all(parse_value(f.text).kind in ("number", "zero", "na") for f in between + [after]))


def _open_bracket(text: str) -> bool:
    return text.count("(") > text.count(")")


def _closes_bracket(text: str, open_text: str) -> bool:
    """Does ``text`` close the bracket the label ``open_text`` left open ("规章(设区的…相关" / "数据)")?"""
    return _open_bracket(open_text) and bool(_CLOSES_FIRST_RE.match(text))


@lru_cache(maxsize=1)
def _column_keys() -> frozenset[str]:
    return frozenset(compact(w) for w in lexicon()["colhead"])


# How far back a wrapped header word's tail looks for its head: a block's header words, one a line.
_HEADER_LOOKBACK = 6


def _header_word_of(key: str, units: list[Unit], text_so_far) -> Unit | None:
    """The header word among the last units (column headers only, up to the row that opens the header)
    that ``key`` completes into a template column label: pdftotext's default order prints a wrapped
    header cell's last line after the other header words ("上一年项目数" "本年增/减" "处理决定数量" "量")."""
    cols = _column_keys()
    for u in reversed(units[-_HEADER_LOOKBACK:]):
        if u.label != "colhead":
            break
        if compact(text_so_far(u)) + key in cols:
            return u
    return None


@lru_cache(maxsize=1)
def _sorted_row_label_keys() -> tuple[str, ...]:
    return tuple(sorted(_row_label_keys()))


_ENUM_TAIL_RE = re.compile(r"^[.．]\s*[\u3400-\u9fff]")


_ENUMERATOR_DIGITS = frozenset(str(k) for k in range(1, 10))


def _enumerator_digit(frags: list[Fragment], i: int) -> bool:
    """Is fragment i a lone row enumerator whose "." opens the next line ("3" / ".补正后申请内…",
    bs4 on a Word page that put the enumerator in a span of its own)?"""
    f = frags[i]
    return (f.n_cells == 1 and f.text in _ENUMERATOR_DIGITS and i + 1 < len(frags) and frags[i + 1].row != f.row
            and bool(_ENUM_TAIL_RE.match(frags[i + 1].text)))


# A placeholder header cell a PDF-to-markdown converter invents for a table it found no header for:
# one word and the column's number ("数据1 | 数据2 | …", "Column 1 | Column 2").
_PLACEHOLDER_RE = re.compile(r"^(\D{1,8}?)\s*(\d{1,2})$")


def placeholder_rows(frags: list[Fragment]) -> frozenset[int]:
    """Source rows that are a converter's placeholder header: pipe rows whose cells read, in order,
    the same word numbered 1, 2, … n. They say nothing about the table (a markdown table must have
    a header row) and stand between a label that fell out of its row and the row's numbers."""
    cells: dict[int, list[str]] = {}
    for f in frags:
        if f.piped:
            row = cells.setdefault(f.row, [])
            if f.glued and row:  # the number the fragmenter split off its word ("数据" "1")
                row[-1] += f.text
            else:
                row.append(f.text)
    found: dict[int, tuple[str, int]] = {}  # row -> (word, cells)
    for r, row in cells.items():
        if not (one := _PLACEHOLDER_RE.match(compact(row[0]))) or int(one.group(2)) != 1:
            continue  # cheap test first: most pipe rows are no placeholder header
        got = [_PLACEHOLDER_RE.match(compact(c)) for c in row]
        if (all(got) and len({m.group(1) for m in got}) == 1
                and [int(m.group(2)) for m in got] == list(range(1, len(got) + 1))):
            found[r] = (got[0].group(1), len(got))
    # A one-cell row ("| 数据1 |") only with the word the converter numbers wider headers with.
    words = {w for w, n in found.values() if n > 1}
    return frozenset(r for r, (w, n) in found.items() if n > 1 or w in words)


def _rows_under(frags: list[Fragment], headers: frozenset[int]) -> frozenset[int]:
    """The pipe rows of the tables the given header rows head: the rows on the lines right below
    (the ``|---|`` line after the header may be there or not), up to a gap or a row not piped."""
    if not headers:
        return frozenset()
    first: dict[int, tuple[bool, int]] = {}  # row -> (piped, its first source line)
    for f in frags:
        first.setdefault(f.row, (f.piped, min(f.lines)))
    out = set()
    for r in headers:
        line, gap = first[r][1], 2
        while r + 1 in first and r + 1 not in headers and first[r + 1][0] and first[r + 1][1] - line <= gap:
            r, line, gap = r + 1, first[r + 1][1], 1
            out.add(r)
    return frozenset(out)


_LONE_OPEN_RE = re.compile(r"^[(（]$")
_HALF_ENUM_RE = re.compile(r"^[一二三四五六七八九十]+[)）]")


def mend_split_brackets(frags: list[Fragment]) -> list[Fragment]:
    """An enumerator's opening bracket printed on a line of its own next to the rest (pdftotext
    -layout breaks a narrow cell's "（一）" as "一）予以公开 287 24" over "（ 2 0 1 1 315"): the bracket
    goes back in front of its enumerator, and its line's numbers follow the label's. The row's first
    fragment on the line just above or below must open with the half enumerator ("一)")."""
    brackets = [i for i, f in enumerate(frags) if f.cell == 0 and _LONE_OPEN_RE.match(f.text.strip())]
    if not brackets:
        return frags
    firsts = {f.row: i for i, f in reversed(list(enumerate(frags)))}
    out: list[Fragment] = []
    fixed: dict[int, Fragment] = {}
    drop: set[int] = set()
    for i in brackets:
        f = frags[i]
        for r in (f.row - 1, f.row + 1):
            j = firsts.get(r)
            if j is not None and j not in fixed and _HALF_ENUM_RE.match(frags[j].text.strip()):
                fixed[j] = replace(frags[j], text="(" + frags[j].text.strip())
                drop.add(i)
                break
    if not drop:
        return frags
    for i, f in enumerate(frags):
        if i not in drop:
            out.append(fixed.get(i, f))
    return out


def merge_units(frags: list[Fragment]) -> list[Unit]:
    """Units in order: each fragment, with continuations appended to the last unit they can extend.
    Placeholder header rows (``placeholder_rows``) are left out.

    Linear in the fragments however long a chain grows: a unit's text pieces and lines are collected
    (with a set for the lines already seen) and joined once at the end.
    """
    units: list[Unit] = []
    pieces: dict[int, tuple[list[str], set[int]]] = {}  # id(unit) -> its texts, its lines seen
    owner: Unit | None = None  # the last unit a continuation can extend
    # In a drawn table (pipes, borders between rows) a wrapped cell continues in its own column and
    # never across a border: "政 | 1 | | 2488" over "府集中采购 | | |" (pandoc's grid tables, w3m).
    cell_owner: dict[int, tuple[Unit, int]] = {}  # cell -> its open unit, the source row it last took
    bordered = False  # the current piped rows came after a border (a rule or blank line)
    row_label: Unit | None = None
    after_border = False
    after_enumerator = False
    skip = placeholder_rows(frags)
    body = _rows_under(frags, skip)
    # Source rows that are nothing but values and marks ("0 0 0", "—   —   —").
    value_rows = {f.row for f in frags} - {f.row for f in frags if parse_value(f.text).kind in ("text", "empty")}
    row_label_keys = _row_label_keys()

    def text_so_far(u: Unit) -> str:
        return "".join(pieces[id(u)][0]) if id(u) in pieces else u.text
    for i, f in enumerate(frags):
        if f.row in skip:
            continue
        label = f.label or "prose"
        kind = parse_value(f.text).kind
        # An open row label (no value) the fragment may continue, and whether it comes right after it.
        open_label = owner is not None and owner.label in ("rowlabel", "cont") and not owner.value_like
        right_after = owner is not None and owner.frags[-1] == i - 1
        if label == "meta" and f.row in body and kind not in ("text", "empty"):
            # A number in the body of a table under a placeholder header is a cell, not the header's
            # numbering the classifier took it for ("| | 2 |" under "| 数据1 | 数据2 |").
            label = "value"
        elif label in ("meta", "prose") and f.confidence < UNSURE_ROW_LABEL and compact(f.text) in row_label_keys:
            label = "rowlabel"  # a whole template row label on its line the classifier doubts ("规范性文件", 0.49 meta)
        elif label == "cont":
            if compact(f.text) in row_label_keys:
                label = "rowlabel"  # a whole template row label ("规章") does not continue anything
            elif f.n_cells > 1 and f.row in value_rows:
                label = "value"  # one of a line of cells ("—   —   — …" under table 四's header), not more of the header
        elif (label == "rowlabel" and open_label and not f.piped
              and (f.confidence < UNSURE_ROW_LABEL or right_after and _open_bracket(text_so_far(owner)))
              and _no_row_of_its_own(f.text, compact(text_so_far(owner)))):
            # A row label the classifier doubts that opens no row and reads as no row but the open label's
            # (pdftotext -layout: "理结计这一情形,不 0 0 …", a vertical group label's piece and a row
            # label's middle on one line): more of that label, as a continuation would be. So is one
            # right after a label whose bracket is still open, doubted or not (a filling note wrapped
            # over three lines, the numbers on the middle one: "规章(设区的市、自治" / "州人民政府应提供相关
            # 0 0 0" / "数据)").
            label = "cont"
        elif (label in ("rowlabel", "value") and open_label and right_after and kind == "text"
              and _tail_of(f.text, text_so_far(owner), label,
                           frags[i + 1].text if i + 1 < len(frags) else "")):
            label = "cont"
        elif (label == "rowlabel" and right_after and owner.label == "colhead"
              and (head := _header_word_of(compact(f.text), units, text_so_far)) is not None):
            owner, label = head, "cont"  # "上一年项目数" … "处理决定数量" / "量": the first header word's tail
        elif (label in ("rowlabel", "meta", "prose") and open_label
              and (right_after and label != "rowlabel" or _after_own_numbers(frags, owner.frags[-1], i))
              and _closes_bracket(f.text, text_so_far(owner))):
            # The label's tail, whatever the classifier called it: right after it ("规章(设区的…相关" /
            # "数据)", taken for chrome), or after its numbers ("…相关数" / "０ ０" / "据) 0", pdftotext -layout).
            label = "cont"
        elif label in ("meta", "prose") and kind == "na" and open_label and right_after:
            label = "value"  # "…数据)" / "/" / 99 / 843: the row's first cell, a blank's mark, not chrome
        if after_enumerator:
            label = "cont"  # the rest of the label its lone enumerator opened
        enumerator = label == "value" and f.n_cells == 1 and _enumerator_digit(frags, i)
        after_enumerator = enumerator
        if enumerator:
            label = "rowlabel"  # "3" / ".补正后申请内" / "容仍不明确": the row's enumerator, not a value
        if i == 0 or frags[i - 1].row != f.row:
            row_label = None  # the row's own label unit so far
            after_border = f.blank_before  # set on a row's first fragment only
            if not f.piped or f.blank_before:
                cell_owner = {}
                bordered = f.piped and i > 0 and frags[i - 1].piped
        if label == "cont" and f.piped and bordered:
            if f.cell in cell_owner and cell_owner[f.cell][1] == f.row - 1:  # the line right above
                owner = cell_owner[f.cell][0]
                cell_owner[f.cell] = (owner, f.row)
            elif after_border:  # the first line after a border opens its cells
                label = row_label.label if row_label is not None else "rowlabel"
        if label == "cont" and f.piped and row_label is not None and owner is row_label:
            # Never more of another cell of its own row: "信息内容 | 2019年项目数量 | …" is two headers.
            label = row_label.label
        if label == "cont" and owner is not None and owner.label == "colhead" and not f.piped:
            owner = _header_word_above(units, owner, f, frags[i - f.cell].start)
        if label == "cont" and owner is not None:
            if id(owner) not in pieces:
                pieces[id(owner)] = ([owner.text], set(owner.lines))
            texts, seen = pieces[id(owner)]
            texts.append(f.text)
            owner.frags.append(i)
            for n in f.lines:
                if n not in seen:
                    seen.add(n)
                    owner.lines.append(n)
            owner.confidence = min(owner.confidence, f.confidence)
            continue
        if label == "cont":
            label = "rowlabel"
        u = Unit(f.text, label, [i], list(f.lines), f.row, f.piped, f.confidence,
                 value_like=kind not in ("text", "empty") and not enumerator, span=(f.start, f.end))  # units allowed: "251000元", "282.29万元"
        units.append(u)
        if label not in ("value", "empty") and not (u.value_like and kind in ("number", "zero")):
            owner = u
            if f.piped:
                cell_owner[f.cell] = (u, f.row)
                row_label = u
    for u in units:
        if id(u) in pieces:
            u.text = "".join(pieces[id(u)][0])
    return units


def _header_word_above(units: list[Unit], owner: Unit, f: Fragment, line_start: int) -> Unit:
    """The header word a wrapped name's next line continues in a space-aligned text: the one on the
    header's line it stands under ("信息内容  上一年项目数量  本年增  处理决定数量" over an indented "减":
    本年增, not the line's last word), where its line is indented (``line_start``, its first piece's
    place) — a line of pieces set at their columns; else ``owner``."""
    if line_start < 2:
        return owner  # not indented: its places say nothing of its columns
    for u in reversed(units):
        if u.row != owner.row:
            break
        if u.label == "colhead" and u.span[0] <= f.start < u.span[1]:
            return u
    return owner


def _part(u: Unit, frags: list[Fragment], idx: list[int], **changes) -> Unit:
    """``u`` cut down to its fragments ``idx``: their text and lines."""
    return replace(u, text="".join(frags[i].text for i in idx), frags=idx,
                   lines=sorted({n for i in idx for n in frags[i].lines}), **changes)


def _new_row(u: Unit, frags: list[Fragment], idx: list[int]) -> Unit:
    """The fragments ``idx`` of ``u`` as a row label of their own, on the source row they start."""
    first = frags[idx[0]]
    return _part(u, frags, idx, label="rowlabel", row=first.row, piped=first.piped,
                 confidence=min(frags[i].confidence for i in idx))


def source_rows(units: list[Unit]) -> list[list[int]]:
    """Unit indices grouped by source row, in order."""
    row = [u.row for u in units]
    starts = [0] + [i for i in range(1, len(row)) if row[i] != row[i - 1]]
    return [list(range(a, b)) for a, b in zip(starts, starts[1:] + [len(row)])] if row else []


def split_enumerated_continuations(units: list[Unit], frags: list[Fragment]) -> list[Unit]:
    """A continuation that opens with its own enumerator after other text came in between
    ("(一)予以公开 287 … 315" then "(二)部分公开…" taken for more of (一)'s label) starts a row of
    its own: split it off where it stands. So does a piece opening with another number than the
    label's own once numbers came between ("1.本机关…" 2 200 …, "政府信息" "(四)" "2.没有现成信息需要"),
    and a line of the label whose last word opens with an enumerator after short pieces of a vertical
    group label ("三、 (一)予以公 2 0 … 2" / "本年 开" / "度办 (二)部分公 3 0 …": pdfplumber on a
    LibreOffice PDF, the group's characters first on each line)."""
    out: list[Unit] = []
    moved = False
    for u in units:
        if len(u.frags) == 1:
            out.append(u)
            continue
        head = _DIGIT_ENUM_RE.match(compact(frags[u.frags[0]].text))
        cut = next((k for k in range(1, len(u.frags))
                    if (u.frags[k] != u.frags[k - 1] + 1
                        and ENUM_RE.match(compact("".join(frags[i].text for i in u.frags[k:k + 3]))))
                    or (frags[u.frags[k]].row != frags[u.frags[k - 1]].row and _after_group_pieces(frags[u.frags[k]].text))
                    or (head and _another_number(head, frags[u.frags[k]].text)
                        and any(u.frags[j] != u.frags[j - 1] + 1 for j in range(1, k)))),
                   None)
        if cut is None:
            out.append(u)
            continue
        out += [_part(u, frags, u.frags[:cut]), _new_row(u, frags, u.frags[cut:])]
        moved = True
    return sorted(out, key=lambda u: u.frags[0]) if moved else out


# "1." opening a label; a later piece opening "2." after numbers and a group label's piece in between
# ("1.本机关不掌握相关" 2 200 … "政府信息" "(四)" "2.没有现成信息需要": pdfplumber) is the next row.
_DIGIT_ENUM_RE = re.compile(r"^(\d{1,2})[.．]")


def _another_number(head: re.Match, text: str) -> bool:
    m = _DIGIT_ENUM_RE.match(compact(text))
    return m is not None and m.group(1) != head.group(1)


GROUP_PIECE_WORD = 3  # characters of a vertical group label's piece at the start of a label line


def _after_group_pieces(text: str) -> bool:
    """Does the line end with an enumerated label after short pieces ("度办 (二)部分公", "（三） 1.属于")?"""
    words = text.split()
    return (len(words) >= 2 and bool(ENUM_RE.match(compact(words[-1])))
            and all(len(compact(w)) <= GROUP_PIECE_WORD for w in words[:-1]))


MAX_SPLIT_FRAGS = 48  # a label merged from more pieces than this is not searched for two rows (bounds the cost)


def split_merged_rows(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """Two rows' labels merged into one (pdftotext prints each label line apart from its numbers):
    - a "continuation" after a row's numbers printed on lines of their own ("本机关不掌握相关政府信息"
      1 0 0 0 0 0 1 "没有现成信息需要另行制作") is the next row's label when it reads as a template row
      other than the one the head reads as, and better than the whole does; numbers beside label text
      (pdfplumber prints "于行政 11 1 0 0 0 0 12" then "执法案" "卷") leave the label whole, unless
      the tail is a whole label the head reads as its own row without (pdftotext -layout: "1.本机关…"
      "法提供 3 0 0" … "没有现成信息需要另行制作 1 0 0 5 0 0 6", its "2." on the next line);
    - consecutive label lines that read as two consecutive-in-order template rows, each well and
      better than joined ("2.其他法律行政法规禁止公开" "危及“三安全一稳定”"), are two labels.
    Every piece left is cut again, so three merged rows come apart too."""
    text_lines: set[int] = set()
    if any(1 < len(u.frags) <= MAX_SPLIT_FRAGS for u in units):  # only a searched unit reads them
        text_lines = {n for f in frags if CJK_RE.search(f.text) for n in f.lines}

    def text_of(idx: list[int]) -> str:
        return "".join(frags[i].text for i in idx)

    def bare_gap(k: int, idx: list[int]) -> bool:
        return idx[k] != idx[k - 1] + 1 and all(
            frags[i].label in ("value", "empty") and not CJK_RE.search(frags[i].text)
            and not text_lines.intersection(frags[i].lines) for i in range(idx[k - 1] + 1, idx[k]))

    def cut_of(u: Unit) -> int | None:
        # Read without a vertical group label's piece ("度办理结 (二)部分公开…"): with it, the head
        # reads best as a short label inside it ("3.其他" in "…不计其他情形)") and is never cut.
        whole_sims = row_similarities(u.key, row_keys)
        whole = float(whole_sims.max())
        best, where = None, None
        for k in range(1, len(u.frags)):
            bare = bare_gap(k, u.frags)
            apart = not bare and u.frags[k] != u.frags[k - 1] + 1
            head, tail = compact(text_of(u.frags[:k])), compact(text_of(u.frags[k:]))
            if len(tail) < 4:
                continue
            hs, ts = row_similarities(head, row_keys), row_similarities(tail, row_keys)
            own, other = int(hs.argmax()), int(ts.argmax())
            if ts[other] < 0.8 or ts[other] <= whole or ts[other] - ts[own] < 0.15 or hs[own] < MIN_ROW_SIM:
                continue
            if not bare and (other <= own or min(hs[own], ts[other]) < 0.85 or hs[own] < whole):
                continue
            if apart and (ts[other] < 0.95 or int(whole_sims.argmax()) != own):
                continue  # other text between: the tail must be a whole label the head does without
            score = (bare, min(hs[own], ts[other]))  # where the numbers fall between is the likelier cut
            if best is None or score > best:
                best, where = score, k
        return where

    out: list[Unit] = []
    moved = False
    todo = list(reversed(units))
    while todo:
        u = todo.pop()
        cut = cut_of(u) if 1 < len(u.frags) <= MAX_SPLIT_FRAGS else None
        if cut is None:
            out.append(u)
            continue
        todo += [_new_row(u, frags, u.frags[cut:]), _part(u, frags, u.frags[:cut])]
        moved = True
    return sorted(out, key=lambda u: u.frags[0]) if moved else out


_NOTE_RE = re.compile(r"^\([^()]{4,}\)$")


def join_filling_notes(units: list[Unit], row_keys: tuple[str, ...]) -> list[Unit]:
    """A filling note printed as a cell of its own right after its row label ("规章" then
    "（设区的市、自治州人民政府应提供相关数据）" then the numbers, a crawler's glued line) belongs to the
    label: taken for a label of its own it would leave the row without its numbers. Joined only when
    the note opens no row (no enumerator) and reads as no template row by itself."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (prev is not None and u.label in ("rowlabel", "cont") and _NOTE_RE.match(u.key) and not ENUM_RE.match(u.key)
                and prev.label in ("rowlabel", "block") and not prev.value_like and CJK_RE.search(prev.text)
                and prev.frags[-1] + 1 == u.frags[0] and best_similarity(u.key, row_keys) < MIN_ROW_SIM):
            out[-1] = replace(prev, text=prev.text + u.text, frags=prev.frags + u.frags,
                              lines=prev.lines + [n for n in u.lines if n not in prev.lines])
            continue
        out.append(u)
    return out


_NUMBERS_ON_A_LABEL_LINE = 7  # a row's cells at most


def _label_before_numbers(units: list[Unit], j: int) -> int | None:
    """The unit before the numbers that stand on one line right before unit ``j``, if any."""
    k = j - 1
    while k > 0 and j - k <= _NUMBERS_ON_A_LABEL_LINE and units[k].value_like and units[k].lines == units[j - 1].lines:
        k -= 1
    return k if k < j - 1 and not units[k].value_like else None


def join_around_enumerators(units: list[Unit], row_keys: tuple[str, ...],
                            frags: list[Fragment] | None = None) -> list[Unit]:
    """A label printed in two pieces around its enumerator line (pdftotext -layout centres "1." on
    the label: "申请人无正当理由逾期" / "1." / "不补正、行政机关不再处理其政府信息公开申请 0 0 …") is
    one label, enumerator first, when joined it reads as a template row clearly better than either
    piece. With the fragments, the same when the classifier already merged the lines after the
    enumerator into it ("申请人无正当理由逾期" / "1.不补正、…"), and a label's first line that went
    to the row above as its continuation ("…开申请" "其他" / "3. 0 0 …") comes back to its enumerator."""
    def label_text(u: Unit) -> bool:
        return u.label in ("rowlabel", "cont", "block") and not u.value_like and bool(CJK_RE.search(u.text))

    def bare_enum_head(u: Unit) -> str | None:
        """The enumerator a unit opens with when it stands alone on its line before the unit's other lines."""
        if frags is None or len(u.frags) < 2 or u.value_like:
            return None
        first = frags[u.frags[0]]
        key = compact(first.text)
        if CJK_RE.search(first.text) or not ENUM_RE.fullmatch(key) or frags[u.frags[1]].row == first.row:
            return None
        return key

    if frags is not None:
        units = _give_back_first_lines(units, frags, row_keys, label_text)
    # Every join needs an enumerator next (alone, or opening the next unit's first line): the loop
    # jumps from one such place to the next (each distinct text tested once: a long input repeats its lines).
    texts = [u.text for u in units]
    enums = {t for t in set(texts) if ENUM_RE.fullmatch(compact(t))}
    at_enum = [j for j, u in enumerate(units) if j and (u.text in enums or (len(u.frags) > 1 and bare_enum_head(u) is not None))]
    # ... and the label before a few numbers on its line there ("要求提供公开出 0 4 0" / "3." / "版物 0 0 0 4").
    before_enum = sorted({j - 1 for j in at_enum} | {k for j in at_enum if (k := _label_before_numbers(units, j)) is not None})
    out: list[Unit] = []
    i = 0
    while i < len(units):
        nxt = bisect.bisect_left(before_enum, i)
        nxt = before_enum[nxt] if nxt < len(before_enum) else len(units)
        if nxt > i:
            out += units[i:nxt]
            i = nxt
            continue
        u = units[i]
        # Numbers printed on the label's first line stay the row's, after the joined label.
        on_line = 0
        while (frags is not None and i + on_line + 1 < len(units) and on_line < _NUMBERS_ON_A_LABEL_LINE
               and units[i + on_line + 1].value_like and units[i + on_line + 1].lines == u.lines[-1:]):
            on_line += 1
        if on_line and not (i + on_line + 1 < len(units) and bare_enum_head(units[i + on_line + 1]) is not None):
            on_line = 0
        if (i + on_line + 1 < len(units) and label_text(u) and (e_key := bare_enum_head(units[i + on_line + 1])) is not None
                and frags[units[i + on_line + 1].frags[0]].row == frags[u.frags[-1]].row + 1):
            # The enumerator with the label's later lines merged in ("1.不补正、…"): it alone reads as
            # the row already (the enumerator matches), so the joined label must read nearly exactly.
            # Both pieces must read as that same row: "补正后申请内容仍不明确" / "3." + "信访举报投诉类申请"
            # (pdftotext's default order: the next row's label after the enumerator) is two rows.
            v = units[i + on_line + 1]
            rest = v.key[len(e_key):]
            joined = e_key + u.key + rest
            sims = label_similarities(joined, row_keys)
            score, row = float(sims.max()), int(sims.argmax())
            same_row = all(int(label_similarities(k, row_keys).argmax()) == row for k in (u.key, rest) if k)
            if (same_row and score >= 0.95
                    and score > max(best_similarity(u.key, row_keys), best_similarity(v.key, row_keys))):
                out.append(replace(v, text=v.text[:len(frags[v.frags[0]].text)] + u.text + v.text[len(frags[v.frags[0]].text):],
                                   frags=sorted(u.frags + v.frags), lines=sorted(set(u.lines + v.lines)),
                                   label="rowlabel", confidence=min(u.confidence, v.confidence)))
                out += units[i + 1:i + on_line + 1]
                i += on_line + 2
                continue
        if (i + 2 < len(units) and label_text(u) and label_text(units[i + 2]) and not CJK_RE.search(units[i + 1].text)
                and ENUM_RE.fullmatch(units[i + 1].key)):
            e, v = units[i + 1], units[i + 2]
            joined = e.key + u.key + v.key
            score = best_similarity(joined, row_keys)
            if score >= 0.9 and score > max(best_similarity(u.key, row_keys), best_similarity(v.key, row_keys)) + 0.05:
                out.append(replace(u, text=e.text + u.text + v.text, frags=sorted(u.frags + e.frags + v.frags),
                                   lines=sorted(set(u.lines + e.lines + v.lines)), label="rowlabel",
                                   confidence=min(u.confidence, v.confidence)))
                i += 3
                continue
        # The label's text on the line above its lone enumerator ("其他" / "3. 0 0 …"); a short word
        # like 其他 may have been taken for a column header.
        if (i + 1 < len(units) and (label_text(u) or u.label == "colhead") and not u.value_like
                and CJK_RE.search(u.text) and ENUM_RE.fullmatch(units[i + 1].key)):
            e = units[i + 1]
            joined = e.key + u.key
            score = best_similarity(joined, row_keys)
            if score >= 0.9 and score >= best_similarity(u.key, row_keys) and best_similarity(e.key, row_keys) < MIN_ROW_SIM:
                out.append(replace(e, text=e.text + u.text, frags=sorted(u.frags + e.frags),
                                   lines=sorted(set(u.lines + e.lines)), label="rowlabel",
                                   confidence=min(u.confidence, e.confidence)))
                i += 2
                continue
        out.append(u)
        i += 1
    return out


_GROUP_OPENER_RE = re.compile(r"^\([一二三四五六七八九十]+\)")


@lru_cache(maxsize=1)
def _group_label_keys() -> tuple[str, ...]:
    return tuple(compact(w) for w in lexicon()["block"])


def join_around_group_labels(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """A row label wrapped around its group label's line (inscriptis on a Word page centres the
    group label on the row's cell: "1.本机关不掌" / "（四）无法提供 761 0 … 761" / "握相关政府信息") is the
    group label, then the row label joined, then the numbers: the last line was taken for more of
    the group label. Joined only when the three lines follow one another, the middle one opens with
    a group label, and the pieces joined read as a template row at least as well as the first alone."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        g = units[i + 1] if i + 1 < len(units) else None
        if (g is not None and len(g.frags) > 1 and u.label in ("rowlabel", "cont", "block") and not u.value_like
                and not g.value_like and _GROUP_OPENER_RE.match(compact(frags[g.frags[0]].text))
                and CJK_RE.search(u.text)):
            head = frags[g.frags[0]]
            tail = [k for k in g.frags[1:] if not set(frags[k].lines) & set(head.lines)]
            tail_text = "".join(frags[k].text for k in tail)
            joined = u.key + compact(tail_text)
            around = u.lines and u.lines[-1] + 1 == head.lines[0] and frags[tail[0]].lines[0] == head.lines[-1] + 1 if tail else False
            if (around and len(tail) == len(g.frags) - 1
                    and best_similarity(compact(head.text), _group_label_keys()) >= 0.9
                    and best_similarity(joined, row_keys) >= max(0.9, best_similarity(u.key, row_keys))):
                out.append(replace(g, text=head.text, frags=[g.frags[0]], lines=list(head.lines), label="block"))
                out.append(replace(u, text=u.text + tail_text, frags=u.frags + tail, label="rowlabel",
                                   lines=u.lines + [n for k in tail for n in frags[k].lines if n not in u.lines],
                                   confidence=min(u.confidence, g.confidence)))
                i += 2
                continue
        out.append(u)
        i += 1
    return out


def _give_back_first_lines(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...],
                          label_text) -> list[Unit]:
    """A lone enumerator line whose label's first line, printed just above it, was merged into the row
    above as a continuation (pdftotext -layout: "…开申请" "其他" / "3. 0 0 0 …"): the line goes to the
    enumerator when "3.其他" reads as a template row and the row above reads no worse without it. The
    enumerator may carry the label's later lines, and the first line the row's first numbers
    ("没有现成信息 0 0 255 0" / "2." / "需要另行制作 0 0 255"): they go with it, after the label."""
    out = list(units)
    # The enumerator is the fragment right after the tail and its numbers; the row above's numbers may
    # stand between the two units ("关不再处理其政府信息公 0 0 …" / "开申请" / "其他" / "3."). Only lone
    # enumerators can take a line: found first (each distinct text tested once), most inputs have none.
    firsts = {frags[u.frags[0]].text for u in units if u.frags}
    enum_texts = {t for t in firsts if not CJK_RE.search(t) and ENUM_RE.fullmatch(compact(t))}
    lone = {u.frags[0]: j for j, u in enumerate(units) if u.frags and frags[u.frags[0]].text in enum_texts
            and (len(u.frags) == 1 or frags[u.frags[1]].row != frags[u.frags[0]].row)}
    if not lone:
        return out

    def enumerator_after(f: int) -> int | None:
        """The lone enumerator's unit after fragment ``f`` and the numbers printed on its line."""
        n = f + 1
        while n < len(frags) and n - f <= _NUMBERS_ON_A_LABEL_LINE and frags[n].label == "value" \
                and frags[n].row == frags[f].row and not CJK_RE.search(frags[n].text):
            n += 1
        return lone.get(n)

    # The unit that ends right before each (a unit's last fragment stays its last: only pairs change).
    before = sorted((i, j) for i, u in enumerate(units) if u.frags and (j := enumerator_after(u.frags[-1])) is not None)
    moved = False
    for i, j in before:
        u, e = out[i], out[j]
        if not (label_text(u) and len(u.frags) >= 2 and not CJK_RE.search(frags[e.frags[0]].text)):
            continue
        tail, first = frags[u.frags[-1]], frags[e.frags[0]]
        if (tail.row + 1 != first.row or frags[u.frags[-2]].row == tail.row
                or not CJK_RE.search(tail.text) or ENUM_RE.match(compact(tail.text))):
            continue
        head_key = compact("".join(frags[k].text for k in u.frags[:-1]))
        joined = compact(first.text) + compact(tail.text) + e.key[len(compact(first.text)):]
        if (best_similarity(joined, row_keys) < 0.9
                or best_similarity(head_key, row_keys) < best_similarity(u.key, row_keys)
                or best_similarity(joined, row_keys) <= best_similarity(e.key, row_keys)):
            continue
        out[i] = replace(u, text=u.text[:len(u.text) - len(tail.text)], frags=u.frags[:-1],
                         lines=sorted({n for k in u.frags[:-1] for n in frags[k].lines}))
        out[j] = replace(e, text=first.text + tail.text + e.text[len(first.text):], frags=sorted(e.frags + [u.frags[-1]]),
                         lines=sorted(set(e.lines) | set(tail.lines)), label="rowlabel",
                         confidence=min(e.confidence, tail.confidence))
        moved |= u.frags[-1] + 1 != e.frags[0]
    # The label now opens before the numbers on its first line: they follow it.
    return sorted(out, key=lambda u: u.frags[0]) if moved else out


def join_wrapped_rows(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """Join the lines of one box-table row whose label wrapped over several lines (w3m, terminal
    browsers, pandoc's grid tables). A next line is the same row when it follows without a border,
    has label text in the same cell that does not open a row of its own (no enumerator) and reads as
    a template label better joined than apart. Where borders close the row above and below (a drawn
    table's rule lines), its lines are one row whatever they hold: lines of empty label cells join too
    (the numbers on the 2nd of 3 lines, or on a line above the label), and a cell's pieces on several
    lines are one cell ("5 3" over "1 4" is 5314: w3m wraps a number in a narrow column). Without
    borders on both sides only one line of the row may hold values: the numbers' line first with the
    label's tail after it, or the label first down to the numbers' line."""
    def label_at(idx: list[int]) -> tuple[int, int] | None:
        texts = [(cell_of(i), i) for i in idx if CJK_RE.search(units[i].text) and not units[i].value_like]  # not "2488(元)"
        return texts[-1] if texts else None

    def cell_of(i: int) -> int:
        return frags[units[i].frags[0]].cell

    def has_values(r: int, cell: int) -> bool:
        return any(units[i].text for i in rows[r] if cell_of(i) > cell)

    def drawn(r: int) -> bool:
        return all(units[i].piped for i in rows[r])

    def follows(r: int) -> bool:
        """Does source row r go on from the one before it, no border or blank line between?"""
        return (r < len(rows) and drawn(r) and not frags[units[rows[r][0]].frags[0]].blank_before
                and units[rows[r][0]].row == units[rows[r - 1][0]].row + 1)

    def continuation(b: int, cell: int, li: int) -> int | None:
        """The label unit of source row ``b`` if that row continues the label ``li`` in cell ``cell``."""
        nlab = label_at(rows[b])
        if nlab is None or nlab[0] != cell:
            return None
        nli = nlab[1]
        joined = units[li].key + units[nli].key
        if (ENUM_RE.match(units[nli].key) or units[nli].label in ("block", "heading")
                or best_similarity(joined, row_keys) < max(MIN_ROW_SIM, best_similarity(units[li].key, row_keys),
                                                           best_similarity(units[nli].key, row_keys))):
            return None
        return nli

    rows = source_rows(units)
    drop: set[int] = set()
    after: dict[int, list[Unit]] = {}  # label unit -> the value units that now follow it
    a = 0
    while a < len(rows):
        if not drawn(a):
            a += 1
            continue
        first, lab = a, label_at(rows[a])
        nxt = label_at(rows[a + 1]) if follows(a + 1) else None
        if nxt is not None and (lab is None or (lab[0] < nxt[0] and label_at([i for i in rows[a] if cell_of(i) >= nxt[0]]) is None)):
            # A line of values only, its label on the next line (beside, at most, a piece of a group
            # label spanning the rows: "果" by "０" over the row "3.其他 ０ 0"): joins when borders close the row.
            a, lab = a + 1, nxt
        elif lab is None:
            a += 1
            continue
        cell, li = lab
        reads_as_row = units[li].label not in ("colhead", "heading") and best_similarity(units[li].key, row_keys) >= MIN_ROW_SIM
        # The row's lines: the label's, its continuations', and (taken only inside borders) lines with
        # nothing in the label's cell.
        band, labels, b = list(range(first, a + 1)), [li], a + 1
        while follows(b):
            # Text left of the label's cell is a piece of a group label spanning the rows ("三、本" beside
            # "│１│" over "│７│"): it neither ends the row nor goes on with its label.
            if label_at([i for i in rows[b] if cell_of(i) >= cell]) is None:
                if any(units[i].text for i in rows[b] if cell_of(i) == cell) or not reads_as_row:
                    break
                band.append(b)
            elif (nli := continuation(b, cell, labels[-1])) is not None:
                band.append(b)
                labels.append(nli)
            else:
                break
            b += 1
        below = frags[units[rows[b][0]].frags[0]] if b < len(rows) else None
        bordered = frags[units[rows[first][0]].frags[0]].blank_before and (below is None or below.blank_before or below.ruled)
        if not bordered:
            band, labels = _unbordered_band(band, labels, rows, {r for r in band if has_values(r, cell)}, li)
        if len(band) < 2:
            a += 1
            continue
        label = units[labels[0]]
        for nli in labels[1:]:
            label = replace(label, text=label.text + units[nli].text, frags=label.frags + units[nli].frags,
                            lines=label.lines + [n for n in units[nli].lines if n not in label.lines],
                            confidence=max(label.confidence, units[nli].confidence))
            drop.add(nli)
        units[labels[0]] = label
        pieces: dict[int, list[int]] = defaultdict(list)
        for r in band:
            for i in rows[r]:
                if cell_of(i) > cell:
                    pieces[cell_of(i)].append(i)
                    drop.add(i)
                elif not units[i].text and li not in rows[r]:
                    drop.add(i)  # the label's empty cells on its other lines are no cells of the row
        after[labels[0]] = [_one_cell([units[i] for i in pieces[k]]) for k in sorted(pieces)]
        a = band[-1] + 1
    if not drop:
        return units
    out = []
    for i, u in enumerate(units):
        if i not in drop:
            out.append(u)
            out += after.get(i, [])
    return out


def _unbordered_band(band: list[int], labels: list[int], rows: list[list[int]], valued: set[int],
                     li: int) -> tuple[list[int], list[int]]:
    """The lines of a row that no borders close: the label's line and its continuations only (no line
    of an empty label cell), and only one of them with values: the numbers' line first and the label's
    tail after it, or the label's lines down to the numbers' line."""
    own = {r for r in band if any(i in labels for i in rows[r])}
    start = next(r for r in band if li in rows[r])
    kept = []
    for r in band[band.index(start):]:
        if r not in own:
            break
        if kept and r in valued and valued.intersection(kept):
            break
        kept.append(r)
        if r in valued and len(kept) > 1:
            break  # the numbers' line ends a row whose label came first
    return kept, [i for r in kept for i in rows[r] if i in labels]


def _one_cell(pieces: list[Unit]) -> Unit:
    """One drawn cell from its pieces on the row's lines: the pieces with text, joined (an empty cell
    when none has any)."""
    texts = [u for u in pieces if u.text]
    if len(texts) <= 1:
        return texts[0] if texts else pieces[0]
    u = texts[0]
    text = "".join(p.text for p in texts)
    kind = parse_value(text).kind
    return replace(u, text=text, frags=[f for p in texts for f in p.frags],
                   lines=[n for p in texts for n in p.lines], confidence=min(p.confidence for p in texts),
                   label="value" if kind not in ("text", "empty") else u.label,
                   value_like=kind not in ("text", "empty"))


MIN_DUMP_LINES = 60
# Number lines a dump must print for its never repeating one to say it dropped repeats: realdev's
# crawler dumps print 38 to 99; a report leaving most cells blank prints a handful, PyMuPDF's text of
# it one a line with no repeat to drop ("0" "1" for table 四: 13 blanks and a misprint, or repeats).
MIN_DUMP_NUMBERS = 20
MAX_NUMBER_LINES = 3  # lines of several numbers a dump of one text node a line may show (a date "2024 年1")
_NUMBER_RE = re.compile(r"^[+\-]?\d[\d,.]*$")


def repeats_dropped(frags: list[Fragment], source: list[str] | None = None) -> bool:
    """Is this a one-text-node-per-line dump that drops consecutive repeated lines (a crawler's
    page.txt)? Many one-fragment lines, and never the same line twice in a row — which a table of
    zeros printed one cell per line would show at once. Lines are compared as printed when the
    ``source`` lines are given (line i + 1 at index i): the crawler dropped repeats of its own text,
    and "0" then "０" (a Word page's full-width digits) are two lines to it, one after normalising."""
    single = _lone_fragments(frags)
    numbers: dict[int, int] = defaultdict(int)
    for f in frags:
        numbers[f.row] += bool(_NUMBER_RE.match(f.text))
    rows = [f for f in single.values() if f is not None]
    if len(rows) < MIN_DUMP_LINES or len(rows) < 0.8 * len(single):
        return False
    # Lines of several numbers ("0 0 0 0": a PDF text's table rows, among lines of one header character
    # each) are no dump of one text node a line.
    if sum(n > 1 for n in numbers.values()) >= MAX_NUMBER_LINES:
        return False
    printed = (lambda f: f.text) if source is None else (lambda f: source[f.lines[0] - 1])
    return not any(a.row + 1 == b.row and a.text and printed(a) == printed(b) for a, b in zip(rows, rows[1:]))


def _lone_fragments(frags: list[Fragment]) -> dict[int, Fragment | None]:
    """Each line's fragment where it prints one alone, None where it prints several."""
    single: dict[int, Fragment | None] = {}
    for f in frags:
        single[f.row] = None if f.row in single else f
    return single


_WIDE_DIGIT_RE = re.compile(r"[\uff10-\uff19]")


def digit_widths(frags: list[Fragment], source: list[str] | None) -> dict[int, bool]:
    """For each number alone on its line in a text paged by form feeds (pdftotext's), whether it was
    printed in full-width digits; empty for any other text."""
    if not source or not any("\f" in line for line in source):
        return {}
    return {f.row: bool(_WIDE_DIGIT_RE.search(source[f.lines[0] - 1]))
            for f in _lone_fragments(frags).values() if f is not None and _NUMBER_RE.match(f.text)}


_MIXED_WIDTHS_RE = re.compile(r"[\uff10-\uff19][0-9]|[0-9][\uff10-\uff19]")


def mixed_widths(frags: list[Fragment], source: list[str] | None) -> set[int]:
    """The lines printing one number alone whose digits mix full-width and ASCII (``Unit.mixed_widths``)."""
    if not source:
        return set()
    return {f.row for f in _lone_fragments(frags).values()
            if f is not None and _NUMBER_RE.match(f.text) and _MIXED_WIDTHS_RE.search(source[f.lines[0] - 1])}


def dump_numbers(frags: list[Fragment]) -> int:
    """How many lines of a dump print one number alone."""
    return sum(f is not None and bool(_NUMBER_RE.match(f.text)) for f in _lone_fragments(frags).values())


MAX_TAIL_UNITS = 4  # a label's tail is read from at most this many text units after its numbers
MAX_OWN_READINGS = 16  # readings of an interleaved tail with or without its one-word lines


def join_label_tails(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """A row label whose first piece is printed with the row's numbers and whose tail follows on the
    next lines (LibreOffice draws narrow label columns, so the label wraps after its first line:
    "3.危 0 0 0 0 0 0 0" / "及“三" / "安全" / "一稳" / "定”"; pdftotext's default order even prints
    the tail between the first number and the rest: "2.其他 0" / "法律" … / "0 0 0 0 0 0") is one
    label. The tail — up to MAX_TAIL_UNITS text units on later lines right after the head's numbers,
    none opening with an enumerator — joins the head when the joined label reads as a template row
    (≥ 0.9) better than the head and clearly better than the tail alone, unless the tail alone reads
    as that same row and so does the head (so the next row's own label is never taken). Not in
    drawn tables (pipes), whose wrapped cells ``join_wrapped_rows`` reads. A vertical group label interleaved with the tail, its piece first on each line
    ("1.信 0 …" / "(五)不 访举" / "予处理 报投诉" / "类申请"), is left out when the tail read without
    it (each line's last word) reads better. The joined label keeps the head's place, before its
    numbers."""
    def text_unit(u: Unit) -> bool:
        return (u.label in ("rowlabel", "cont", "colhead", "block") and not u.value_like
                and bool(CJK_RE.search(u.text)))

    def number(u: Unit) -> bool:
        return u.value_like or (u.label in ("value", "empty") and not CJK_RE.search(u.text))

    def own_words(t: Unit, texts: list[str], after_two: bool) -> tuple[list[str], bool]:
        """``texts`` continued by the tail without a group label's pieces printed before it on each
        line: a line of two words gives its last; a line of one word right after one of two may be
        the group's alone, its last piece ("不予公 国家" / "开" / "秘密"), so it is tried with and
        without (at most MAX_OWN_READINGS). Also says whether the tail's last line had two words."""
        for i in t.frags:
            words = frags[i].text.split()
            if len(words) > 1:
                texts = [x + words[-1] for x in texts]
            elif words:
                texts = [x + words[0] for x in texts] + (texts[:MAX_OWN_READINGS - len(texts)] if after_two else [])
            after_two = len(words) > 1
        return texts, after_two

    def cut_at_next_row(t: Unit) -> tuple[Unit | None, Unit | None]:
        """The unit up to where another row's enumerated label starts in it ("…府信" "息公" "开申" "请"
        "2.申请" "人逾" …, merged as one by the classifier), and that row's part; (None, None) when
        it starts the unit."""
        cut = next((p for p, f in enumerate(t.frags)
                    if frags[f].text.split() and ENUM_RE.match(compact(frags[f].text.split()[-1]))), None)
        if cut is None:
            return t, None
        if cut == 0:
            return None, None
        return _part(t, frags, t.frags[:cut]), _part(t, frags, t.frags[cut:], label="rowlabel", row=frags[t.frags[cut]].row)

    out: list[Unit] = []
    units = list(units)  # a next row's label cut from a tail goes back in, to be read as a head too
    drop: set[int] = set()  # ids of the units joined into a label
    i = -1
    while i + 1 < len(units):
        i += 1
        u = units[i]
        if id(u) in drop:
            continue
        if (u.piped or not text_unit(u) or i + 1 >= len(units) or not number(units[i + 1])  # drawn cells: join_wrapped_rows
                or frags[u.frags[-1]].row != units[i + 1].row):
            out.append(u)
            continue
        j = i + 1
        while j < len(units) and number(units[j]):
            j += 1
        # The head: the whole unit, or the row's own enumerated start, the last word on the numbers'
        # line, after a group label's piece ("度办 (二)部分公") or lines that belong above ("本年 开").
        on_line = [f for f in u.frags if frags[f].row == units[i + 1].row]
        words = frags[on_line[-1]].text.split()
        heads = {u.text: []}
        if words and ENUM_RE.match(compact(words[-1])) and compact(words[-1]) != u.key:
            heads[words[-1]] = [f for f in u.frags if f not in on_line]
        head_sims = label_similarities(u.key, row_keys)
        head = float(head_sims.max())
        best, take, text, start = 0.0, 0, "", u.text
        pieces: list[tuple[Unit, Unit | None]] = []  # the tail's units, each cut where another row starts
        whole: str | None = ""
        owns, after_two = [""], len(frags[on_line[-1]].text.split()) > 1
        last = max(u.lines)
        for m in range(MAX_TAIL_UNITS):
            k = j + m
            if k >= len(units) or not text_unit(units[k]) or min(units[k].lines) <= last:
                break
            piece, rest_of = cut_at_next_row(units[k])
            if piece is None:
                break  # a row of its own starts it
            sims = label_similarities(piece.key, row_keys)
            if sims.max() >= 0.95 and head_sims[int(sims.argmax())] < head:
                break  # another row's whole label, its enumerator printed apart ("要求提供公开出版物" / "3.")
            pieces.append((piece, rest_of))
            if ENUM_RE.match(piece.key):  # the group label's own enumerator: "(五)不 访举"
                whole = None
            last = max(piece.lines)
            if whole is not None:
                whole += piece.text
            owns, after_two = own_words(piece, owns, after_two)
            for tail in dict.fromkeys(([whole] if whole is not None else []) + owns):
                alone = label_similarities(compact(tail), row_keys) if tail else None
                for h in heads:
                    sims = label_similarities(compact(h + tail), row_keys)
                    score = float(sims.max())
                    # Clearly better than the tail alone, unless the tail alone reads as the same row
                    # (most of a long label: "人无正当理由逾期…" under "(六) 1.申请 0").
                    row = int(sims.argmax())
                    apart = (alone is None or score > float(alone.max()) + 0.05
                             or (int(alone.argmax()) == row and head_sims[row] >= 0.9))
                    if score >= 0.9 and score > head and apart and score > best:
                        best, take, text, start = score, m + 1, tail, h
            if rest_of is not None:
                break  # the next row's label starts within this unit: the tail ends here
        if not take:
            out.append(u)
            continue
        tails = [t for t, _ in pieces[:take]]
        if (nxt := pieces[take - 1][1]) is not None:  # the next row's label, back where its first piece stands
            at = next((p for p in range(j + take, len(units)) if units[p].frags[0] > nxt.frags[0]), len(units))
            units.insert(at, nxt)
        rest = heads[start]
        if rest:  # the lines above the numbers' line stay what they were (another row's tail, a group's piece)
            out.append(_part(u, frags, rest))
        own_frags = [f for f in u.frags if f not in rest]
        out.append(replace(u, text=start + text, frags=own_frags + [f for t in tails for f in t.frags],
                           lines=sorted({n for f in own_frags for n in frags[f].lines} | {n for t in tails for n in t.lines}),
                           row=frags[own_frags[0]].row, label="rowlabel",
                           confidence=max(u.confidence, min(t.confidence for t in tails))))
        drop.update(id(t) for t in units[j:j + take])
    return out


MAX_GROUP_PIECES = 3  # one-word lines of a tail that may be a vertical group label's pieces


def join_tails_over_group_pieces(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """A row label whose last characters wrap past a vertical group label's pieces, its numbers
    after them (pdftotext -layout: "(四) 2.没有现成信息需要另行制" / "三、本" / "无法提供  作" /
    "0 0 0 0 0 2 2"): the unit in between, read as a label, would take the numbers and read as no
    row. The lines' last words continue the label (a one-word line may be a group's piece alone:
    read with and without it, but the last line ends the label); they join it when the unit reads
    as no row and the joined label reads as a template row (≥ 0.9) better than the label alone."""
    def text_unit(u: Unit) -> bool:
        return u.label in ("rowlabel", "cont", "block") and not u.value_like and bool(CJK_RE.search(u.text))

    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        t = units[i + 1] if i + 2 < len(units) else None
        if (t is None or u.piped or t.piped or not text_unit(u) or not text_unit(t) or not units[i + 2].value_like
                or not max(u.lines) < min(t.lines) or not max(t.lines) < min(units[i + 2].lines)):
            out.append(u)
            i += 1
            continue
        by_line: dict[int, list[str]] = defaultdict(list)
        for f in t.frags:
            by_line[frags[f].lines[0]] += frags[f].text.split()
        words = list(by_line.values())
        # The unit reads as no row itself (else it is the next row's label), and its last line, the
        # one before the numbers, ends the label.
        singles = [k for k, w in enumerate(words[:-1]) if len(w) == 1]
        best, text = best_similarity(u.key, row_keys), None
        if best_similarity(t.key, row_keys) < MIN_ROW_SIM and len(words) > 1 and len(singles) <= MAX_GROUP_PIECES:
            for keep in itertools.product((False, True), repeat=len(singles)):
                kept = {k for k, on in zip(singles, keep) if on} | {len(words) - 1}
                tail = "".join(w[-1] for k, w in enumerate(words) if len(w) > 1 or k in kept)
                score = best_similarity(compact(u.text + tail), row_keys)
                if score >= 0.9 and score > best:
                    best, text = score, tail
        if text is None:
            out.append(u)
            i += 1
            continue
        out.append(replace(u, text=u.text + text, frags=u.frags + t.frags, lines=sorted(set(u.lines + t.lines)),
                           label="rowlabel", confidence=max(u.confidence, t.confidence)))
        i += 2
    return out
