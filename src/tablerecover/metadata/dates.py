"""Dates as reports print them: 2020-01-20, 2020/1/20, 2020.01.20, 2020年1月20日, 2020 年 1 月 20 日,
二〇二〇年一月二十日; years as 2020年 or 二〇二〇年. One parser for extraction and the predicates for scoring
(``contains_date``, ``contains_year``), so both agree."""
from __future__ import annotations

import datetime
import re

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN = "〇零○O一二三四五六七八九十"
DATE_RE = re.compile(r"(?<!\d)(20\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)")
CN_YEAR_RE = re.compile(rf"(二[{_CN}]{{3}})\s*年")
CN_DATE_RE = re.compile(rf"([二][{_CN}]{{3}})\s*年\s*([{_CN}]{{1,2}})\s*月\s*([{_CN}]{{1,3}})\s*日")


def cn_number(s: str) -> int:
    """一 … 三十一 and digit-by-digit years (二〇二〇)."""
    if "十" not in s:
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def iso_date(y: int, m: int, d: int) -> str | None:
    """The ISO form of a real date of this century, else None."""
    try:
        return datetime.date(y, m, d).isoformat() if 2000 <= y <= 2099 else None
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every valid date in ``text``: (start, end, ISO date), in order."""
    out = []
    for m in DATE_RE.finditer(text):
        iso = iso_date(*(int(g) for g in m.groups()))
        if iso:
            out.append((m.start(), m.end(), iso))
    for m in CN_DATE_RE.finditer(text):
        try:
            iso = iso_date(*(cn_number(g) for g in m.groups()))
        except KeyError:
            continue
        if iso:
            out.append((m.start(), m.end(), iso))
    return sorted(out)


def contains_date(text: str, iso: str) -> bool:
    """Whether ``text`` prints the date ``iso`` (YYYY-MM-DD) in any of the forms above, including
    across line breaks (a crawler that puts 2020 / 年 / 1 / 月 … on lines of their own)."""
    return any(d == iso for _, _, d in find_dates(text))


def contains_year(text: str, year: int) -> bool:
    """Whether ``text`` prints the year as 2020年 or 二〇二〇年 (a year inside 2020-05-01 is not printed)."""
    if re.search(rf"(?<!\d){year}\s*年", text):
        return True
    for m in CN_YEAR_RE.finditer(text):
        try:
            if cn_number(m[1]) == year:
                return True
        except KeyError:
            continue
    return False
