"""Report metadata from the title and metadata lines: issuing agency, year reported on, publication date."""
from __future__ import annotations

import re

from .result import Meta

_TITLE_RE = re.compile(r"([\u3400-\u9fff()（）]{2,40}?)?\s*(20\d{2})\s*年度?\s*(?:本级)?(?:政府)?(?:\(机关\))?(?:政府)?信息公开(?:工作)?年度?报告")
_PERIOD_RE = re.compile(r"统计(?:期限|时限|时间)[^。]{0,12}?(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_DATE_KEYS = ("成文日期", "发文日期", "发布日期", "印发日期", "发布时间", "更新时间", "日期")
_DATE_RE = re.compile(r"(20\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_AGENCY_KEYS_RE = re.compile(r"(?:发布机构|发布单位|发文机关|来源)\s*[:：|]\s*\|?\s*([\u3400-\u9fff()（）]{2,30})")
_AGENCY_NOISE_RE = re.compile(r"^(?:关于|特向社会公布|现向社会公布|公布|根据)")


def _first_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def extract_meta(lines: list[str]) -> Meta:
    """Read metadata from the first part of the report (normalised lines)."""
    head = [ln for ln in lines[:80] if ln.strip()]
    joined = "\n".join(head)
    meta = Meta()
    for line in head:
        m = _TITLE_RE.search(line.replace("|", " "))
        if m:
            meta.year = int(m.group(2))
            agency = (m.group(1) or "").strip()
            if agency and not _AGENCY_NOISE_RE.match(agency) and meta.agency is None:
                meta.agency = agency
            break
    if meta.year is None:
        m = _PERIOD_RE.search(joined)
        if m:
            meta.year = int(m.group(1))
    for key in _DATE_KEYS:
        for line in head:
            pos = line.find(key)
            if pos >= 0:
                date = _first_date(line[pos + len(key):pos + len(key) + 30])
                if date:
                    meta.published = date
                    break
        if meta.published:
            break
    if meta.agency is None:
        m = _AGENCY_KEYS_RE.search(joined)
        if m:
            meta.agency = m.group(1)
    return meta
