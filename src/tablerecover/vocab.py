"""Vocabularies that several modules must read the same way: one definition each.

The fragmenter splits off exactly the tokens that ``values.parse_value`` reads as values (numbers
with their units, not-applicable marks), and every module asks the same question "is this CJK?".
"""
from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs and Extension A: the characters of report text (a regex class body).
CJK_RANGE = "\u3400-\u9fff"
CJK_RE = re.compile(f"[{CJK_RANGE}]")


def _wide_class() -> str:
    """A character class of the characters printed two columns wide (CJK, full-width forms), as ranges
    of Unicode's own East Asian Width table: the basic plane's, and the ideographs of planes 2 and 3."""
    ranges: list[list[int]] = [[0x20000, 0x3FFFD]]
    for c in range(0x1100, 0x10000):
        if unicodedata.east_asian_width(chr(c)) in "WF":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


# Characters a fixed-pitch text lays out two columns wide ("是"; in normalised text full-width digits
# and brackets are half-width already).
WIDE_RE = re.compile(_wide_class())

# Units printed after a number in a cell ("251000元", "282.29万元", "12%").
UNITS = ("万元", "元", "件", "个", "条", "项", "人次", "%")
UNIT_PATTERN = "(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
# Money units, which may also stand apart from the number or in brackets after it: "2488（元）" (NFKC
# makes the brackets ASCII), "120190475.34 元".
MONEY_UNIT_PATTERN = "(?:万元|元)"
# Units a report's prose counts table 二's numbers in ("制发规范性文件62件", "印发文件5份", "收取 3.5 万元").
PROSE_UNIT_PATTERN = "(?:" + "|".join(sorted({*UNITS, "份"} - {"%", "人次"}, key=lambda u: (-len(u), u))) + ")"
# A count or money unit in brackets after the number (never "%"); pypdf spaces a bracket's CJK ("2488( 元 )"),
# pdftotext -layout may set it apart ("2488(   元)").
BRACKETED_UNIT_PATTERN = r"\(\s*(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True) if u != "%") + r")\s*\)"

# Marks a cell prints for "not applicable". 無 and － are here too (before t2s / NFKC reach them).
NA_MARKS = frozenset({"/", "-", "--", "—", "——", "–", "－", "无", "無", "\\", "×", "n/a", "N/A"})
NA_PATTERN = "(?:" + "|".join(re.escape(m) for m in sorted(NA_MARKS, key=len, reverse=True)) + ")"
