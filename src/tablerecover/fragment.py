"""Fragmentation: normalised lines to the pieces the classifier labels.

A fragment is one pipe cell, one line, one space-aligned column, or one number split off a row
label it was glued to. Empty pipe cells (colspan padding, blank cells) are kept as empty fragments:
where they sit is a signal. Blank lines are not fragments but set ``blank_before`` on the next one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .normalise import CACHED_LINE, EMPTY_CELL_MARK
from .template import lexicon
from .vocab import CJK_RANGE
from .vocab import CJK_RE as _CJK_RE
from .vocab import BRACKETED_UNIT_PATTERN, MONEY_UNIT_PATTERN, NA_PATTERN, UNIT_PATTERN

# A number as cells print it: sign, thousands separators, decimals, a trailing unit (a money unit
# after a space too: PDF text prints "120190475.34 元" for a cell "120190475.34元").
NUMBER = rf"[+\-]?\d[\d,]*(?:\.\d+)?(?:{UNIT_PATTERN}|\s?{BRACKETED_UNIT_PATTERN}|\s{MONEY_UNIT_PATTERN})?"
# A value token: a number or a not-applicable mark (the same marks values.parse_value reads as na).
_TOKEN = rf"(?:{NUMBER}|{NA_PATTERN})"
# A label's last character is no part of a number; a comma is when a space follows it (a label cut at
# its comma, pdftotext -layout: "(二)部分公开(区分处理的, 0 0 0 0 369 0 369"), and so is an enumerator
# set after the label's words ("重复申请 2. 0 68 0 0 132 0 200": the wrapped "2.重复申请", -layout).
_TAIL_RE = re.compile(
    rf"^(.*?(?:[^\s\d,.+\-/:：]|,(?=\s)|(?<=[^\s\d,.+\-]\s)\d{{1,2}}[.．、](?=\s+[+\-]?\d)))\s*((?:{_TOKEN})(?:\s+(?:{_TOKEN}))*)$"
)
_ALL_TOKENS_RE = re.compile(rf"^(?:{_TOKEN})(?:\s+(?:{_TOKEN}))+$")
_COLUMN_GAP_RE = re.compile(r"\s{2,}")
# The rest of a bracketed unit that pdftotext -layout spread over a gap ("2488(   元)").
_UNIT_CLOSE_RE = re.compile(rf"{UNIT_PATTERN}\s*\)")
_TOKENS_RE = re.compile(rf"{_TOKEN}(?!\S)|\S+")  # "2488 (元)" is one token
# Labels that end in digits of their own (dates, years, phone numbers) are not split.
PAGE_NUMBER_RE = re.compile(r"^[-—－]\s*\d{1,3}\s*[-—－]$|^第\s*\d+\s*页")
# A year's 年 after a numeral ("2019年 12"); 本年/上年 end row labels ("三、本年 0 0 0 0 0 0 0", a
# vertical group label's piece printed on a row's line by pdfplumber).
_NO_SPLIT_TAIL_RE = re.compile(r"(?:\d{4}[-年/.]\d{1,2}|[:：]\s*|电话|邮编|(?<=[\d〇零一二三四五六七八九十])年|月|日|号|第)$")
_NUMBER_START_RE = re.compile(r"[+\-]?\d")
# A row's enumerator left on its numbers' line, a space before them (pdftotext -layout: "2. 0 0  4  0 …"
# under "重复申请"): a label's piece, not a decimal. Numbers only: "4. 无" is a label cut after its 无.
_ENUMERATOR_HEAD_RE = re.compile(rf"^(\d{{1,2}}[.．、])\s+(?=(?:{NUMBER})(?:\s+(?:{NUMBER}))*$)")
_GLUED_DASH_RE = re.compile(r"^—")  # a full-width hyphen normalises to "-": see _GLUED_LABEL_MARK_RE
# A hyphen or a slash against a template label is a blank cell's mark too ("行政规范性文件-",
# "其他对外管理服务事项/", PyMuPDF); against other text they join words ("政府信息公开-政府信息公开年报-",
# a header wrapped at "本年增/").
_GLUED_LABEL_MARK_RE = re.compile(r"^(?:-(?!\d)|/(?!\S))")
_WORD_THEN_NUMBERS_RE = re.compile(rf"(\S+)\s+((?:{NUMBER})(?:\s+(?:{NUMBER}))*)$")


@dataclass(slots=True)  # a million-line input is a million fragments: no per-instance dict
class Fragment:
    text: str
    lines: tuple[int, ...]        # 1-based source lines
    row: int                      # index of the source row (one per non-blank line)
    cell: int                     # position within the row
    n_cells: int                  # cells in that row
    piped: bool                   # the row was pipe-delimited
    blank_before: bool            # a blank line came right before this fragment's row
    glued: bool = False           # split off a label with no separator in between
    start: int = 0                # character span in the normalised line
    end: int = 0
    # The line ends in a rule (w3m draws "| |(五 ├───┼───┤" under a row, a group label's piece on it):
    # a border under the cells right of its text, like the blank line a full rule leaves.
    ruled: bool = False
    label: str | None = None      # gold or predicted label
    confidence: float = 1.0       # probability of ``label`` under the model

    @property
    def empty(self) -> bool:
        return self.text == ""


def _split_pipes(line: str, inner: bool = False) -> list[tuple[str, int, int]]:
    """Cells of a pipe row with spans; the empty piece before a leading and after a trailing pipe goes
    — unless the text's tables draw ``inner`` pipes only (html2text: "a | b", its rule "---|---"),
    where a leading or trailing pipe stands after or before a blank first or last cell ("|  | 1 |  "
    is a blank, a blank, 1, a blank)."""
    cells, pos = [], 0
    for piece in line.split("|"):
        cells.append((piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    if inner and line.count("|") > 1:  # a table row, not a link list's separator ("[联系我们](…)|")
        return cells
    if line.rstrip().endswith("|"):
        cells.pop()
    if cells and line.lstrip().startswith("|"):
        cells.pop(0)
    return cells


# html2text's rule under a table's first row: pipes between the columns only ("---|---", never "|---|").
_INNER_RULE_RE = re.compile(r"^-{3,}(?:\|-{3,})+\s*$")


def inner_pipes(lines: list[str]) -> bool:
    """Do the text's pipe tables draw pipes between cells only (html2text), never around a row?"""
    return any(_INNER_RULE_RE.match(line) for line in lines if line.startswith("---"))


def _split_columns(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Split at runs of two or more spaces (space-aligned columns), keeping spans."""
    out, pos = [], 0
    for m in _COLUMN_GAP_RE.finditer(text):
        if m.start() and text[m.start() - 1] == "(" and _UNIT_CLOSE_RE.match(text, m.end()):
            continue
        out.append((text[pos:m.start()], offset + pos, offset + m.start()))
        pos = m.end()
    out.append((text[pos:], offset + pos, offset + len(text)))
    return out


def _split_numbers(text: str, offset: int) -> list[tuple[str, int, int, bool]]:
    """Separate a trailing run of numbers from a label: "规章 0 0 0", "（七）总计630020469"."""
    pieces: list[tuple[str, int, int, bool]] = []
    if PAGE_NUMBER_RE.match(text):
        return [(text, offset, offset + len(text), False)]
    if _ALL_TOKENS_RE.match(text):
        head_end, tail_start = 0, 0
    elif m := _ENUMERATOR_HEAD_RE.match(text):
        head_end, tail_start = len(m.group(1)), m.end()
        pieces.append((m.group(1), offset, offset + head_end, False))
    else:
        m = _TAIL_RE.match(text)
        if not m or len(m.group(1)) > 60 or not _CJK_RE.search(m.group(1)) or _NO_SPLIT_TAIL_RE.search(m.group(1)):
            return _split_signed_run(text, offset) or [(text, offset, offset + len(text), False)]
        if m.end(1) == m.start(2) and not _NUMBER_START_RE.match(m.group(2)) and not _glued_mark(m.group(1), m.group(2)):
            # "无" glued to text is a word (申请人无…); a dash is a blank cell's mark ("行政规范性文件—", PyMuPDF).
            # Numbers set apart after the word are cells all the same ("(四)无 ３ ３": stacked pieces).
            after = _WORD_THEN_NUMBERS_RE.match(text, m.start(2))
            if after is None:
                return [(text, offset, offset + len(text), False)]
            head_end, tail_start = after.end(1), after.start(2)
        else:
            head_end, tail_start = m.end(1), m.start(2)
        pieces.append((text[:head_end], offset, offset + head_end, False))
    # Digits run into the label (a crawler's glued cells) may be several cells; a mark never runs on.
    glued = tail_start == head_end and head_end > 0 and not _glued_mark(text[:head_end], text[tail_start:])
    pieces += [(t.group(0), offset + t.start(), offset + t.end(), glued) for t in _TOKENS_RE.finditer(text, tail_start)]
    return pieces


def _glued_mark(head: str, tail: str) -> bool:
    """Does the tail glued to the label start with a blank cell's mark (a dash; after a template label,
    a hyphen or a slash), not digits or a word's end?"""
    return bool(_GLUED_DASH_RE.match(tail) or (_GLUED_LABEL_MARK_RE.match(tail) and _ends_in_template_word(head)))


def _ends_in_template_word(text: str) -> bool:
    return any(w.end() == len(text) for w in _template_words().finditer(text))


_SIGNED_RUN_TAIL_RE = re.compile(r"^(.*?[^\s\d,.+\-/:：])\s*([+\-]?\d[\d,]*(?:\.\d+)?(?:[+\-]\d[\d,]*(?:\.\d+)?)+)$")


def _split_signed_run(text: str, offset: int) -> list[tuple[str, int, int, bool]] | None:
    """A row whose cells a crawler glued, with a signed 本年增/减 inside: "行政许可8-51682",
    "行政事业性收费0+15". Split off only after a template row label (a date or a phone number
    after other text stays whole); the run is glued, for the decoder to cut."""
    m = _SIGNED_RUN_TAIL_RE.match(text)
    if not m or not _ends_in_template_word(m.group(1)):
        return None
    return [(m.group(1), offset, offset + m.end(1), False),
            (m.group(2), offset + m.start(2), offset + m.end(2), m.end(1) == m.start(2))]


@lru_cache(maxsize=1)
def _template_words() -> re.Pattern:
    """Every template label, header word and heading, as a pattern tolerant of enumerator punctuation
    ("1、" for "1.") and of a label's trailing parenthetical being left out."""
    words = {unicodedata.normalize("NFKC", w) for kind in ("rowlabel", "block", "colhead", "note") for w in lexicon()[kind]}
    words |= {unicodedata.normalize("NFKC", f"{num}、{w}") for w in lexicon()["heading"] for num in "二三四五六"}
    words |= {w.replace("总计", "合计") for w in words if w.endswith("总计")}
    patterns = []
    for w in sorted(words, key=len, reverse=True):
        p = re.escape(w)
        p = re.sub(r"^(\\?\d)\\\.", r"\1[.、．]", p)
        p = re.sub(r"(?<=.)(\\\([^()]{6,}\\\))$", r"(?:\1)?", p)
        patterns.append(p)
    # The words grouped by their first character, each group in the order above: where a word starts
    # only its group can match, so the engine tries a few words at a position instead of all of them
    # (the same match: the first word in the order above that matches there).
    by_first: dict[str, list[str]] = {}
    for p in patterns:
        head = p[:2] if p.startswith("\\") else p[:1]  # re.escape escapes one character at a time
        by_first.setdefault(head, []).append(p[len(head):])
    return re.compile("|".join(f"{head}(?:{'|'.join(rests)})" for head, rests in by_first.items()))


_GLUED_NUMBERS_RE = re.compile(rf"^\s*(?:{_TOKEN})(?:\s*(?:{_TOKEN}))*\s*$")
# The pieces of such a run: a not-applicable mark is a cell of its own ("3104—3,734", "0/190", "+7-"),
# a "-" before a digit a sign that stays with its number ("0-13189" is cut by the decoder).
_RUN_MARK = r"n/a|N/A|——|—|–|--|/|\\|×|无|-(?!\d)"
_RUN_PIECE_RE = re.compile(rf"{_RUN_MARK}|(?:(?!{_RUN_MARK})\S)+")
# A row's digit run glued to what opens the next piece of the table: a row enumerator ("…申请3003006"
# + "2.申请人…"), a group label's opener ("1000001" + "（六）其他"), a top-level row's ("00000195195" +
# "四、结转下一年度…", a label no template word matches) or a page number ("0000000" + "第9页").
# The run starts the gap or follows label text; the enumerator keeps one digit. A page number is a
# piece of its own wherever it stands in the gap ("第5页2.申请人…").
_GAP_CUT_RE = re.compile(
    rf"(?:^|(?<=[{CJK_RANGE})）”]))(\d+?)(?=\d[.、．][{CJK_RANGE}]|[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]{{1,2}}、|第\d+页)"
    r"|(第\d+页)")


# A page's number between dashes glued after a row's digit run at a page break ("8.属于行政查询事项1000001—2—"
# then the table's header again: lxml of a Word-exported page): no row ends in a blank mark after a
# number and a mark, and 总计 is never blank beside a number.
_GLUED_PAGE_RE = re.compile(r"(?<=\d)[—－]\s*\d{1,3}\s*[—－]$")


def _split_gap(gap: str, offset: int) -> list[tuple[str, int, int, bool]]:
    """The pieces of the text between two template words of a glued line: number runs cut off
    before the opener of what follows them and page numbers apart (``_GAP_CUT_RE``), the rest as
    ``_split_numbers``."""
    pieces: list[tuple[str, int, int, bool]] = []
    pos = 0
    for m in _GAP_CUT_RE.finditer(gap):
        g = 1 if m.group(1) else 2
        if m.start(g) > pos:
            pieces.extend(_split_numbers(gap[pos:m.start(g)], offset + pos))
        pieces.append((m.group(g), offset + m.start(g), offset + m.end(g), g == 1))
        pos = m.end(g)
    if pos == 0:
        return _split_numbers(gap, offset)
    return pieces + (_split_numbers(gap[pos:], offset + pos) if pos < len(gap) else [])


# A table's header glued word to word ("行政复议行政诉讼结果维持结果纠正…"): a minified page whose only
# table with numbers is table 四 carries numbers after one template word alone, amid prose.
GLUED_HEADER_WORDS = 4


def _longest_header_run(gaps: list[str]) -> int:
    """The most template words in a row with nothing between them (``gaps[i]`` follows word i)."""
    best = run = 1
    for gap in gaps[:-1]:
        run = run + 1 if not gap.strip() else 1
        best = max(best, run)
    return best


def _split_glued_line(text: str) -> list[tuple[str, int, int, bool]] | None:
    """A table row, or a whole table, run together on one line by a tag-stripping crawler:
    "规章000规范性文件898989", "一、本年新收政府信息公开申请数量157000001二、上年结转…".

    Cut at every template word; the runs between them are numbers (glued) or other text. Applied
    only where the template words cover most of the line or at least two of them carry numbers, so
    prose that merely names 行政复议 stays whole.
    """
    if not _CJK_RE.search(text):  # every template word has a CJK character (the search is costly)
        return None
    matches = list(_template_words().finditer(text))
    if len(matches) < 2:
        return None
    gaps = [text[a.end():b.start()] for a, b in zip(matches, matches[1:])] + [text[matches[-1].end():]]
    with_numbers = sum(bool(g.strip()) and bool(_GLUED_NUMBERS_RE.match(g)) for g in gaps)
    covered = sum(m.end() - m.start() for m in matches)
    if (with_numbers < 2 and covered < 0.6 * len(text.replace(" ", ""))
            and not (with_numbers and _longest_header_run(gaps) >= GLUED_HEADER_WORDS)):
        return None
    pieces: list[tuple[str, int, int, bool]] = []
    pos = 0
    for m in matches + [None]:
        stop = m.start() if m else len(text)
        gap = text[pos:stop]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            gap = gap.strip()
            if page := _GLUED_PAGE_RE.search(gap):
                gap = gap[:page.start()]
            if _GLUED_NUMBERS_RE.match(gap):
                for t in _RUN_PIECE_RE.finditer(gap):
                    s = pos + lead + t.start()
                    pieces.append((t.group(0), s, s + len(t.group(0)), True))
            else:
                pieces.extend(_split_gap(gap, pos + lead))
            if page:
                pieces.append((page.group(0), pos + lead + page.start(), pos + lead + page.end(), False))
        if m:
            pieces.append((m.group(0), m.start(), m.end(), False))
            pos = m.end()
    return pieces


# A row's numbers, set apart by single spaces, with the next row's enumerated label after them on the
# same line: pdf.js's pdf2md joins lines that sit close ("（一）予以公开 0 0 0 0 0 0 0 （二）部分公开（区分",
# "1.属于国家 秘密 0 0 0 0 0 0 0 2.其他法律 行政法规禁 止公开").
MIN_ROW_RUN = 3
_ROW_RUN_RE = re.compile(
    rf"(?<=[^\d\s])\s+((?:{_TOKEN})(?:\s+(?:{_TOKEN})){{{MIN_ROW_RUN - 1},}})\s+"
    r"(?=(?:\d{1,2}[.、]|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)[^\d\s.、])")


def _split_row_runs(text: str) -> list[tuple[str, int, int, bool]] | None:
    """The labels and number runs of a line holding a row's numbers and the next row's label."""
    if not _CJK_RE.search(text) or not (runs := list(_ROW_RUN_RE.finditer(text))):
        return None
    pieces: list[tuple[str, int, int, bool]] = []
    pos = 0
    for m in runs:
        head = text[pos:m.start()]
        pieces += [(t, a + pos, b + pos, g) for t, a, b, g in _split_cell(head)]
        pieces += [(t.group(0), m.start(1) + t.start(), m.start(1) + t.end(), False)
                   for t in re.finditer(r"\S+", m.group(1))]
        pos = m.end()
    return pieces + [(t, a + pos, b + pos, g) for t, a, b, g in _split_cell(text[pos:])]


@lru_cache(maxsize=1 << 13)  # cells recur across reports ("0", the template labels)
def _split_cell(text: str) -> tuple[tuple[str, int, int, bool], ...]:
    """The pieces of one cell or column, with spans relative to it."""
    return tuple(_split_row_runs(text) or _split_glued_line(text) or _split_numbers(text, 0))


# Digit runs with single spaces between them ("3 5 1 7", "12"): the commonest cell. Each run is one
# value piece, as the token patterns would split it (they cost ten times more).
_DIGIT_RUNS_RE = re.compile(r"\d+(?: \d+)*")


@lru_cache(maxsize=1 << 13)  # a long input's lines differ, their cells recur ("0", "12", the labels)
def _cell_pieces(stripped: str) -> tuple[tuple[str, int, int, bool], ...]:
    """The pieces of one stripped cell, with spans relative to it."""
    pieces: list[tuple[str, int, int, bool]] = []
    if _DIGIT_RUNS_RE.fullmatch(stripped):
        pos = 0
        for run in stripped.split(" "):
            pieces.append((run, pos, pos + len(run), False))
            pos += len(run) + 1
        return tuple(pieces)
    columns = _split_columns(stripped, 0)
    for col, cs, _ce in columns:
        if len(columns) > 1 and PAGE_NUMBER_RE.match(col) and _ALL_TOKENS_RE.match(col):
            # Beside other cells "— 158 -" is three cells (blank, 158, blank), no page number (pypdf).
            pieces.extend((t.group(0), t.start() + cs, t.end() + cs, False) for t in _TOKENS_RE.finditer(col))
            continue
        pieces.extend([(t, a + cs, b + cs, g) for t, a, b, g in _split_cell(col)])
    return tuple(pieces)


@lru_cache(maxsize=1 << 13)
def _line_pieces(line: str, inner: bool = False) -> tuple[tuple[str, int, int, bool], ...]:
    """The fragments' texts, spans and glued flags of one non-blank normalised line (``inner``: the
    text's pipes stand between cells only)."""
    cells = _split_pipes(line, inner) if "|" in line else [(line, 0, len(line))]
    pieces: list[tuple[str, int, int, bool]] = []
    for text, s, _e in cells:
        stripped = text.strip()
        if not stripped:
            pieces.append(("", s, s, False))
            continue
        lead = s + len(text) - len(text.lstrip())
        cell = _cell_pieces(stripped) if len(stripped) <= CACHED_LINE else _cell_pieces.__wrapped__(stripped)
        pieces.extend([(t, a + lead, b + lead, g) for t, a, b, g in cell] if lead else cell)
    return tuple(pieces)




# A rule from a junction to the end of a piped line: "├────┼───┤" after a group label's piece.
_JUNCTIONS = "├┼╞╟╠┣"
_RULE_TAIL_RE = re.compile(rf"\s*[{_JUNCTIONS}][─━═┼┬┴├┤╪╫╬╡╢╣┫╋]*[─━═][─━═┼┬┴├┤╪╫╬╡╢╣┫╋]*\s*$")


def fragment_lines(lines: list[str], limit: int | None = None, printed: list[str] | None = None) -> list[Fragment]:
    """Fragments of normalised lines (``lines[i]`` is source line i + 1); with ``limit``, stops as
    soon as there are more than ``limit`` (the caller's budget decides what that means). The lines
    as ``printed`` (before normalising, which blanks table rules) say how the text draws its pipes."""
    frags: list[Fragment] = []
    blank, row = False, 0
    # Lines recur within a text more often than the shared cache can hold: each distinct line is
    # split once per text.
    seen: dict[str, tuple[tuple[str, int, int, bool], ...]] = {}
    inner = printed is not None and inner_pipes(printed)
    for i, line in enumerate(lines):
        if line == EMPTY_CELL_MARK:
            if frags and PAGE_NUMBER_RE.match(frags[-1].text):
                blank = True  # a page's foot (PyMuPDF: "—4—" then a no-break space), no empty cell
                continue
            frags.append(Fragment("", (i + 1,), row, 0, 1, False, blank))
            blank, row = False, row + 1
            continue
        if not line.strip():
            blank = True
            continue
        ruled = ("|" in line and any(j in line for j in _JUNCTIONS)  # the search only where it can match
                 and (m := _RULE_TAIL_RE.search(line)) is not None)
        if ruled:
            line = line[:m.start()]
        pieces = seen.get(line)
        if pieces is None:
            pieces = seen[line] = (_line_pieces(line, inner) if len(line) <= CACHED_LINE
                                   else _line_pieces.__wrapped__(line, inner))
        if not pieces:  # a lone "|": a row boundary in one-cell-per-line scrapes
            blank = True
            continue
        piped, where, n = "|" in line, (i + 1,), len(pieces)
        over = limit is not None and len(frags) + n > limit
        frags += [Fragment(text, where, row, j, n, piped, blank and j == 0, glued, s, e, ruled=ruled)
                  for j, (text, s, e, glued) in enumerate(pieces[:max(1, limit + 1 - len(frags))] if over else pieces)]
        if over:  # it stops at the first fragment over the limit
            return frags
        blank, row = ruled, row + 1
    return frags
