"""Section headings split the units into one span per table."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalise import compact
from ..template import HEADING_KEYWORDS, TABLE_IDS
from .units import Unit

_SECTION_NUMERAL_RE = re.compile(r"^[一二三四五六七八九十]+[、.]")
# Sections in report order; tables are delimited by the headings around them.
SECTION_ORDER = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other")
HEADING_SIM = 85


def find_sections(units: list[Unit]) -> dict[str, int]:
    """Index of each section heading, in report order (a missing heading is simply absent)."""
    found: dict[str, int] = {}
    start = 0
    # The units that can be headings, found once (not once per section), and each distinct text
    # compared with a section's keywords once: a long input repeats its lines.
    heads = [(idx, k) for idx, u in enumerate(units) if 4 <= len(k := u.key) <= 40
             and (u.label == "heading" or _SECTION_NUMERAL_RE.match(k))]
    for section in SECTION_ORDER:
        keys = [compact(k) for k in HEADING_KEYWORDS[section]]
        seen: dict[str, bool] = {}
        for idx, k in heads[bisect.bisect_left(heads, (start, "")):]:
            if k not in seen:
                seen[k] = max(fuzz.partial_ratio(kw, k) for kw in keys) >= HEADING_SIM
            if seen[k]:
                found[section] = idx
                start = idx + 1
                break
    return found


# Table 三's header words: no number of table 三 stands before them.
APPLICANT_HEADER = ("申请人情况", "自然人", "法人或其他组织")


def applicant_header(units: list[Unit], start: int, end: int) -> int:
    """Where table 三's header begins in units[start:end] (``start`` where it prints none)."""
    return next((i for i in range(start, end) if not units[i].value_like
                 and any(w in units[i].key for w in APPLICANT_HEADER)), start)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    headed: bool  # the table's own heading was found (its start is certain)


def table_spans(units: list[Unit]) -> dict[str, Span]:
    found = find_sections(units)
    spans = {}
    for t in TABLE_IDS:
        pos = SECTION_ORDER.index(t)
        before = [found[s] for s in SECTION_ORDER[:pos + 1] if s in found]
        after = [found[s] for s in SECTION_ORDER[pos + 1:] if s in found]
        start = before[-1] + 1 if before else 0
        end = after[0] if after else len(units)
        spans[t] = Span(start, max(start, end), t in found)
    return spans
