"""Reading a cell's text as a value: number, zero, empty, not applicable, or text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .vocab import BRACKETED_UNIT_PATTERN, NA_MARKS, UNIT_PATTERN

_UNIT_RE = re.compile(f"(?:{UNIT_PATTERN}|{BRACKETED_UNIT_PATTERN})$")  # "2488(元)" too
_NUMBER_RE = re.compile(r"^[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class CellValue:
    value: int | float | None
    kind: str  # "number", "zero", "empty", "na" or "text"


@lru_cache(maxsize=1 << 13)  # the same few cell texts, over and over
def parse_value(raw: str) -> CellValue:
    """Read normalised cell text. Never guesses: anything that is not a clean number is null."""
    s = raw.strip().replace(" ", "")
    if not s or s == "\u2205":
        return CellValue(None, "empty")
    if s in NA_MARKS:
        return CellValue(None, "na")
    s = _UNIT_RE.sub("", s)
    if not _NUMBER_RE.match(s):
        return CellValue(None, "text")
    s = s.replace(",", "")
    num: int | float = float(s) if "." in s else int(s)
    if num == 0:
        return CellValue(0, "zero")
    return CellValue(num, "number")
