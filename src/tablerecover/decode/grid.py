"""Which units of a table's span are numbers of its grid: no page number, no year cut from a header
word, and which are a blank cell's mark (tables.py, piles.py)."""
from __future__ import annotations

import re

from ..fragment import PAGE_NUMBER_RE
from ..values import parse_value
from .units import Unit

YEAR_WORD_REACH = 6  # units back from a lone year to the header word it was cut from
# "年项目数量", "信息内容年项目数量": what is left of "2019年项目数量" (本年, 上一年 are whole words)
_YEAR_CUT_RE = re.compile(r"(?<![本上一今去前当])年")


def header_year(span: list[Unit], k: int) -> bool:
    """A year alone between words is a header word's, no cell's (pdftotext prints "2019年项目数量" as
    "年项目数量" … "处理决定数量" "2019" "行政许可" 2876 …; a page's year under a heading) — unless it
    follows a column header and no header word before it lacks its year: then it is a count that looks
    like one ("本年处理决定数量" 2056 "行政处罚", a row's number printed before its label)."""
    v = parse_value(span[k].text).value
    if not (isinstance(v, int) and 1990 <= v <= 2100
            and all(0 <= i < len(span) and not span[i].value_like for i in (k - 1, k + 1))):
        return False
    cut_from_word = any(not u.value_like and _YEAR_CUT_RE.search(u.text) for u in span[max(0, k - YEAR_WORD_REACH):k])
    return cut_from_word or span[k - 1].label != "colhead"


def blank_mark(u: Unit) -> bool:
    """A blank cell printed as a mark ("-", "—", "/", "无")."""
    return u.value_like and parse_value(u.text).kind == "na"


def cell_number(units: list[Unit], i: int) -> bool:
    """Is unit i a number of the grid (no page number, no year of a header word)?"""
    u = units[i]
    return (u.value_like and bool(u.text) and not PAGE_NUMBER_RE.match(u.text)
            and parse_value(u.text).kind in ("zero", "number") and not header_year(units, i))
