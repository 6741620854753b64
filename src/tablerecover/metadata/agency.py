"""Agency names: what looks like one, and ``agency_key``, the form one agency's reports group under.

``agency_key(name)``:
1. character normalisation as for report text: NFKC (full-width letters, digits and brackets become
   half-width), Traditional → Simplified (張店區應急管理局 → 张店区应急管理局);
2. all white space and the separators ·•・ removed ("莆田市 城市管理局");
3. a trailing bracketed qualifier that says which part of the body reports — (本级), (机关), (本部),
   (机关本级) — removed: "XX局(本级)" is XX局;
4. the short form 政府 after a place made the full 人民政府 (莆田市政府办公室 → 莆田市人民政府办公室);
5. a leading province (福建省, 广西壮族自治区) dropped when a city, prefecture, county or district
   follows ("福建省莆田市城市管理局" → "莆田市城市管理局"), since sites print the province or not;
   a province's own bodies ("福建省人民政府") keep it.
Nothing else changes: "办公室" and "人民政府" stay distinct (XX区人民政府办公室 is not XX区人民政府),
and a city's prefix is never dropped (莆田市城市管理局 and 福州市城市管理局 are different agencies).
"""
from __future__ import annotations

import re

from ..normalise import normalise_piece
from ..vocab import CJK_RANGE

# Endings of the names of bodies that publish these reports.
AGENCY_SUFFIX_RE = re.compile(
    r"(?:政府|办公室|办公厅|局|委员会|委|厅|办|院|中心|所|站|处|部|会|署|队|馆|街道|镇|乡|集团|公司|管委会|办事处"
    r"|学校|大学|学院|医院|银行|研究所|图书馆|档案馆|司|社|台|室|园|区|市|县|州|旗|盟|村)$")
_SEPARATORS_RE = re.compile(r"[\s·•・]+")
_QUALIFIER_RE = re.compile(r"[(\[（【]\s*(?:本级|机关|本部|机关本级|本机关)\s*[)\]）】]$")
_PROVINCE_RE = re.compile(rf"^(?:[{CJK_RANGE}]{{2,3}}省|[{CJK_RANGE}]{{2,7}}自治区)")
_SHORT_GOVERNMENT_RE = re.compile(r"([市区县州镇乡旗])政府")
_CITY_RE = re.compile(rf"^[{CJK_RANGE}]{{2,9}}?(?:市|州|盟|地区|县|区)")


def agency_key(name: str | None) -> str | None:
    """The grouping key of an agency name (see the module docstring); None for no name."""
    if not name:
        return None
    key = _SEPARATORS_RE.sub("", normalise_piece(name))
    key = _QUALIFIER_RE.sub("", key)
    key = _SHORT_GOVERNMENT_RE.sub(r"\1人民政府", key)
    m = _PROVINCE_RE.match(key)
    if m and _CITY_RE.match(key[m.end():]):
        key = key[m.end():]
    return key or None


def looks_like_agency(name: str) -> bool:
    """A body's name: 3–40 characters, mostly CJK, ending as bodies' names end."""
    return 3 <= len(name) <= 40 and bool(AGENCY_SUFFIX_RE.search(name)) and not re.search(r"[。，,;；:：]", name)
