"""Text normalisation: one normalised line per input line, so line numbers survive.

Order matters: NFKC first (full-width digits, parentheses and colons become ASCII), then pinyin
glosses go (they are ASCII letters with tone marks in parentheses after a character), then white
space, box drawing, and Traditional script.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .vocab import CJK_RANGE

# Taiwan-usage terms whose Simplified equivalent is a different word (OpenCC's character tables keep
# 檔案 as 档案). Converted only in their Traditional spelling, so a Simplified 档案 stays as written.
TW_TERMS = {"檔案": "文件", "資訊": "信息", "網路": "网络", "軟體": "软件", "計畫": "计划"}
# 檔案館/檔案局 are archives (档案馆), not files.
_TW_TERMS_RE = re.compile("|".join(re.escape(t) + ("(?![館局])" if t == "檔案" else "") for t in TW_TERMS))

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A gloss is a pinyin syllable in parentheses right after a CJK character: 區(qū), 應(yīng).
# Requiring a toned vowel keeps "(一)" and "(单位:万元)" and ASCII notes such as "(pdf)" intact.
_GLOSS_RE = re.compile(rf"(?<=[{CJK_RANGE}])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\)")

# A gloss a line break cut in two ("申請(q" / "ǐng)": a tool wrapping a narrow cell).
_GLOSS_HEAD_RE = re.compile(rf"(?<=[{CJK_RANGE}])\(([a-z{_TONED}]{{0,6}})$")
_GLOSS_TAIL_RE = re.compile(rf"^([a-z{_TONED}]{{1,7}})\)")

# pdf.js's pdf2md marks text off the line's baseline as markdown superscript: a cell's numbers set a
# little higher or lower come out "事项^7 -7^0", "(^5 142512) 元", "数量 (^) 本年增/减". The marks go,
# leaving the numbers apart.
_SUPERSCRIPT_GROUP_RE = re.compile(r"\(\^([^()^]*)\)")

# Markdown writers (pandoc) escape a decimal point: "120190475\\.34元" is 120190475.34.
_ESCAPED_POINT_RE = re.compile(r"(?<=\d)\\\.(?=\d)")

# All Unicode space separators and the invisible characters scrapes carry.
_SPACES_RE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
_INVISIBLE = r"\u200b-\u200d\u2060\ufeff\u00ad"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_OR_INVISIBLE_RE = re.compile(rf"[\x00-\x08\x0e-\x1f\x7f{_INVISIBLE}]")  # both go: one pass

# Terminal browsers draw tables with box characters: verticals become pipes, rules become blank.
_BOX_VERTICALS = "│┃║┆┇┊┋╎╏"
_BOX_VERTICAL = str.maketrans({c: "|" for c in _BOX_VERTICALS})
_BOX_RULE_RE = re.compile(r"^[\s|+:=\-─━═┄┅┈┉╌╍┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫]*$")
_HAS_RULE_CHARS_RE = re.compile(r"[─━═┄┅┈┉╌╍┼╋╬┬┴├┤]|-{3,}")

# PDF text extractors print characters with a radical's glyph as the radical code point: NFKC maps
# the Kangxi radicals (⽥ → 田) but not the CJK Radicals Supplement (⺠ ⻚ ⻓ …), mapped here.
_RADICAL_CHARS = "⺠⻚⻓⻅⻛⻰⻔⻢⻋⻩⻬⻙⻜⻘⻥⻦⻨⻮⻳⺟⻄⻆⻉⻣⻤⻝"
_RADICALS = str.maketrans(dict(zip(_RADICAL_CHARS, "民页长见风龙门马车黄齐韦飞青鱼鸟麦齿龟母西角贝骨鬼食")))
# str.translate looks every character of a non-ASCII string up in its table (~6 µs a line); a
# character-class search first is ten times cheaper, and most lines hold none of these characters.
_BOX_VERTICAL_RE = re.compile(f"[{_BOX_VERTICALS}]")
_RADICAL_RE = re.compile(f"[{_RADICAL_CHARS}]")

# Blank cells in Word-exported HTML come out as a line holding only no-break or ideographic
# spaces; such a line is an empty cell, unlike a truly blank line, which only separates.
EMPTY_CELL_MARK = "\u2205"  # "∅", never produced by NFKC from report text
CACHED_LINE = 1000  # longer lines (never a table row) bypass the caches: they must not keep megabytes alive


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _is_rule(line: str) -> bool:
    # The anchored match first: it stops at a line's first character that is no rule's.
    return bool(_BOX_RULE_RE.match(line)) and bool(_HAS_RULE_CHARS_RE.search(line))


def normalise_piece(s: str) -> str:
    """Character-level normalisation of any piece of a line (used on whole lines and on segments)."""
    if s.isascii():  # what the steps below do to ASCII text (NFKC, glosses, boxes, scripts: nothing)
        return _SPACES_RE.sub(" ", _CONTROL_RE.sub("", s)).replace("\r", "")
    s = unicodedata.normalize("NFKC", s)
    s = _CONTROL_OR_INVISIBLE_RE.sub("", s)
    if "(" in s:  # every gloss has one
        s = _GLOSS_RE.sub("", s)
    if "\\" in s:
        s = _ESCAPED_POINT_RE.sub(".", s)
    if "^" in s:
        s = _SUPERSCRIPT_GROUP_RE.sub(r" \1 ", s).replace("^", " ")
    s = _SPACES_RE.sub(" ", s).replace("\r", "")
    if _BOX_VERTICAL_RE.search(s):
        s = s.translate(_BOX_VERTICAL)
    if _RADICAL_RE.search(s):
        s = s.translate(_RADICALS)
    if _TW_TERMS_RE.search(s):
        s = _TW_TERMS_RE.sub(lambda m: TW_TERMS[m.group(0)], s)
    if not s.isascii():
        s = _t2s().convert(s)
    return s


@lru_cache(maxsize=1 << 13)  # template lines and cells recur in every report of a batch
def normalise_line(line: str) -> str:
    """Normalise one line of a scrape (no newline inside)."""
    if not line.strip() and line.strip(" \r\t"):
        return EMPTY_CELL_MARK  # only no-break/ideographic spaces: an empty cell
    s = normalise_piece(line).rstrip(" ")
    return "" if _is_rule(s) else s


def normalise_text(text: str) -> list[str]:
    """Split into lines and normalise each; index i holds source line i + 1."""
    return normalise_lines(source_lines(text))


def normalise_lines(printed: list[str]) -> list[str]:
    """The lines of ``source_lines``, normalised."""
    # A long line (prose, or a hostile input) bypasses the cache, which must not keep it alive.
    # Lines recur within a text (template labels, "0", a long input's repeated rows) more often than
    # the shared cache can hold: each distinct line is normalised once per text.
    seen: dict[str, str] = {}
    out = []
    for line in printed:
        norm = seen.get(line)
        if norm is None:
            norm = seen[line] = normalise_line(line) if len(line) <= CACHED_LINE else normalise_line.__wrapped__(line)
        out.append(norm)
    return _unmark_headings(_join_split_glosses(out))


def _join_split_glosses(lines: list[str]) -> list[str]:
    """A pinyin gloss cut by a line break goes from both lines: the head after a CJK character at
    the end of one line, the tail and its closing bracket at the start of the next, together one
    toned syllable."""
    for i in range(len(lines) - 1):
        line = lines[i]
        if not line or (line[-1] != "(" and not ("a" <= line[-1] <= "z" or line[-1] in _TONED)):
            continue
        head, tail = _GLOSS_HEAD_RE.search(line), _GLOSS_TAIL_RE.match(lines[i + 1])
        if head and tail and len(syllable := head.group(1) + tail.group(1)) <= 7 \
                and any(c in _TONED for c in syllable):
            lines[i], lines[i + 1] = line[:head.start()], lines[i + 1][tail.end():]
    return lines


_HEADING_MARK_RE = re.compile(r"^#{1,6}\s+")
MIN_MARKED_LINES = 20


def _unmark_headings(lines: list[str]) -> list[str]:
    """A PDF-to-markdown converter that makes every line a heading (pdf2md on pdf.js: "## 规章 0 0 0",
    "## 2.其他法律行政法规禁止") says nothing by it, and the marks hide the rows: where most lines with
    text are headings, the marks go (a report's own few headings keep theirs)."""
    marked = sum(1 for line in lines if line.startswith("#") and _HEADING_MARK_RE.match(line))
    if marked < MIN_MARKED_LINES or marked < 0.5 * sum(1 for line in lines if line):
        return lines
    return [_HEADING_MARK_RE.sub("", line, count=1) for line in lines]


_LINE_END_RE = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines as printed, numbered as ``normalise_text`` numbers them."""
    # Only \n, \r\n and \r end a line (as editors count them); str.splitlines() would also break at
    # form feeds and U+2028, shifting every later line number.
    return _LINE_END_RE.split(text.rstrip("\r\n")) if text else []


_KEY_DROP_RE = re.compile(r"[\s\"'“”‘’「」『』|]")


@lru_cache(maxsize=1 << 14)  # called on the same labels and cells over and over
def compact(s: str) -> str:
    """A comparison key: NFKC, no white space, quotes or pipes (how labels are compared)."""
    return _KEY_DROP_RE.sub("", unicodedata.normalize("NFKC", s))
