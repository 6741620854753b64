"""Report metadata — issuing agency, year reported on, publication date — with provenance and confidence.

Evidence, strongest first:
- document properties (``InputText.properties``: an HTML page's ``<title>`` and ``<meta name=…>``
  tags such as ArticleTitle, PubDate, ContentSource; a PDF's or DOCX's title and dates);
- the report's title in the text: a line (or a line wrapped onto the next, as PDF text wraps it)
  that is essentially ``<agency><year>年(度)政府信息公开工作年度报告``, also with 关于, 年度 or
  工作报告 variants, a crawler's ``标题:`` header or a Markdown ``#``;
- page chrome: ``发布时间：2020-01-20 10:31``, ``成文日期 | 2020-01-20``, ``来源：XX局``;
- the prose ("特向社会公布XX局2021年度政府信息公开工作年度报告", 统计期限自2021年1月1日起);
- the signature at the end: the agency's name and a date on the last lines.
The publication date says where it came from: ``kind`` "page" (the page's or the properties' date),
"signature" (the date under the signature, when the page gives none) or "file" (a PDF's or DOCX's
creation date, when nothing else gives one).
"""
from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from ..normalise import normalise_piece
from ..result import Meta, MetaField
from ..vocab import CJK_RANGE as _CJK
from .agency import looks_like_agency
from .dates import cn_number, find_dates, iso_date

_YEAR = r"20\d{2}|二[〇零○][一二三四五六七八九〇零○]{2}"  # 2021 or 二〇二一
_NAME = rf"[{_CJK}()（）·]"
# <agency> <year> 年(度) (本级)(政府)信息公开(工作)(年度)报告 | 年报; year optional (PDF text drops it).
# The agency is read backwards from where the rest matched: searching for it first is slow.
_DISCLOSURE = r"(?:(?:政府|政务)?\s*信息|政务)\s*公开"  # 政府信息公开, 信息公开, 政务公开
_TITLE_RE = re.compile(
    rf"(?:关于\s*)?(?:(?P<year>{_YEAR})\s*)?年度?\s*(?:\(?本级\)?)?{_DISCLOSURE}\s*"
    rf"(?:工作)?\s*(?:年度)?\s*(?P<end>报告|年报|$)")
# <year> 年度 <agency> 政府信息公开工作年度报告 (the agency read from the match itself)
_TITLE_YEAR_FIRST_RE = re.compile(
    rf"(?P<year>{_YEAR})\s*年度?\s*(?P<agency>{_NAME}{{3,40}}){_DISCLOSURE}\s*(?:工作)?\s*(?:年度)?\s*(?P<end>报告|年报)")
# <agency> 政府信息公开工作 <year> 年度报告
_TITLE_YEAR_LAST_RE = re.compile(rf"{_DISCLOSURE}(?:工作)?\s*(?P<year>20\d{{2}})\s*年度?\s*(?:工作)?(?P<end>报告|年报)")
_SITE_SEPARATORS = "_|-–—"  # 莆田市城市管理局2021年度…报告 _ 政府信息公开年报 _ 莆田市人民政府
_AGENCY_BEFORE_RE = re.compile(rf"({_NAME}{{2,40}})\s*$")
# Words that come before a title quoted in prose, and title-line decorations.
# Greedy: the last such word (not 编制 or 发布, which are parts of names: 机构编制委员会, 新闻发布中心).
_LEAD_RE = re.compile(r"^.*(?:向社会公布|予以公布|现予公布|公布|制定|现将|形成|本报告为|根据|印发|转发|关于)(?=.)")
_CHROME_RE = re.compile(r"首页|当前位置|政府信息公开年报|信息公开年报|信息公开目录|政府信息公开|年度报告|年报|正文|关闭窗口|打印此页"
                        r"|打印|关闭|分享到|返回顶部|网站地图|联系我们|访问次数|扫一扫在手机打开当前页|字体|字号")
_DECOR_RE = re.compile(r"^[#*>\s|]*(?:(?:标\s*题|文章标题|题\s*目|名\s*称)\s*[:：]?\s*\|?\s*)?|[#*|\s]+$")
_PERIOD_RE = re.compile(r"(?:统计|数据|涵盖|期限|时限)[^。]{0,16}?(20\d{2})\s*年\s*(?:1|一)\s*月\s*(?:1|一)\s*日")
_YEAR_PROSE_RE = re.compile(r"(20\d{2})\s*年度?\s*(?:政府)?信息公开")
_PAGE_DATE_KEYS = ("发布日期", "发布时间", "发文日期", "成文日期", "印发日期", "公开日期", "生成日期", "更新时间", "日期", "时间")
# A bare 日期 or 时间 is a key only when no other word comes before it (not 统计时间).
_PAGE_DATE_RE = re.compile(rf"({'|'.join(_PAGE_DATE_KEYS[:-2])}|(?<![{_CJK}])日期|(?<![{_CJK}])时间)\s*[:：]?\s*\|?\s*")
_AGENCY_KEY_RE = re.compile(rf"(?:发布机构|发布单位|发文机关|发文单位|信息来源|来源|公开主体|制发机关)\s*[:：|]\s*\|?\s*({_NAME}{{2,40}})")
# Property names (lower case) that carry each field, best first.
_TITLE_PROPS = ("articletitle", "title", "dc.title", "og:title", "subject")
_DATE_PROPS = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date", "date")
# A PDF's or DOCX's creation date is when the file was made (printed, converted): the last resort.
_FILE_DATE_PROPS = ("creationdate", "created")
_COMPACT_DATE_RE = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})")  # PDF dates: D:20220113114700+08'00'
_TWICE_RE = re.compile(r"^(.{3,})\1$")
_AGENCY_PROPS = ("contentsource", "source", "author", "dc.creator")


@dataclass
class _Title:
    agency: str | None
    year: int | None
    source: str
    confidence: float


def _clean_agency(raw: str | None) -> str | None:
    if not raw:
        return None
    # Page chrome glued before the title (首页 > 政府信息公开 > 政府信息公开年报<title>) is no part of a name.
    name = _CHROME_RE.split(raw.strip())[-1]
    name = _LEAD_RE.sub("", name)
    name = re.sub(r"^[()（）]+|关于$", "", name).strip()
    # The site's name glued before a title that starts with the same name (a minified page's text:
    # "鼓楼区人民政府办公室鼓楼区人民政府办公室2021年…") names the agency once.
    if (twice := _TWICE_RE.match(name)) is not None:
        name = twice.group(1)
    return name if looks_like_agency(name) else None


def _strip_government(name: str) -> str:
    """In 2021年度XX局政府信息公开…, 政府 belongs to 政府信息公开; in XX区人民政府信息公开… or
    XX市政府信息公开… it is part of the name."""
    if name.endswith("政府") and not name.endswith("人民政府") and not re.search(r"[市区县州镇乡旗]政府$", name):
        return name[:-2]
    return name


def _year(printed: str | None) -> int | None:
    if not printed:
        return None
    return int(printed) if printed.isdigit() else cn_number(printed)


def _title_from(text: str, source: str, standalone: float, prose: float) -> _Title | None:
    """A title read from one piece of text; ``standalone`` confidence when the title is the whole
    piece, ``prose`` when it is quoted inside a sentence."""
    if "年" not in text:  # every title pattern holds 年 (年度, 年报): a substring test spares the patterns
        return None
    body = _DECOR_RE.sub("", text.strip())
    for rx in (_TITLE_RE, _TITLE_YEAR_LAST_RE, _TITLE_YEAR_FIRST_RE):
        for m in itertools.islice(rx.finditer(body), 4):
            t = _title_at(body, m, source, standalone, prose)
            if t:
                return t
    return None


def _title_at(body: str, m: re.Match, source: str, standalone: float, prose: float) -> _Title | None:
    if "agency" in m.groupdict():  # year first: 2021年度XX局政府信息公开工作年度报告
        start, raw = m.start(), _strip_government(m.group("agency"))
    else:
        before = _AGENCY_BEFORE_RE.search(body, max(0, m.start() - 48), m.start())
        start = before.start() if before else m.start()
        raw = before.group(1) if before else ""
    agency = _clean_agency(raw)
    # Alone: nothing but the title on the line (a short note or a site name after _ | - may follow),
    # no words such as 公布 before it.
    tail = body[m.end():].strip()
    alone = (start <= 2 and (len(tail) <= 12 and "。" not in tail or tail[:1] in _SITE_SEPARATORS)
             and (not raw or agency == raw))
    cut = m.group("end") == ""
    if cut and not (alone and agency):
        return None  # a title cut at 工作年度 (its 报告 on a later line) only when it stands alone
    year = _year(m.group("year"))
    if agency is None and year is None:
        return None
    return _Title(agency, year, source, (standalone - 0.1 * cut) if alone else prose)


def _line_titles(lines: list[str]) -> list[_Title]:
    """Titles in the text: standalone title lines (a line wrapped onto the next one joined back)
    and titles quoted in the prose."""
    out = []
    # Lines recur (a long input's rows, a page's chrome): each pair of a line and the next is read once.
    seen: dict[tuple[str, str], tuple[_Title, bool] | None] = {}
    for i, line in enumerate(lines):
        if "信息公开" not in line and "公开工" not in line and not (i + 1 < len(lines) and "报告" in lines[i + 1]):
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (line, nxt) not in seen:
            seen[line, nxt] = _line_title(line, nxt)
        if found := seen[line, nxt]:
            t, joined = found
            out.append(dataclasses.replace(t, source=f"lines {i + 1}-{i + 2}" if joined else f"line {i + 1}"))
    return out


def _line_title(line: str, nxt: str) -> tuple[_Title, bool] | None:
    """The title of one line, or of it joined with the next (stripped) line; True when joined. The
    title's source is left for the caller to fill in."""
    t = _title_from(line, "", 0.9, 0.7)
    joined = None
    if (t is None or t.confidence < 0.9) and nxt and len(line.strip()) <= 60 and len(nxt) <= 30:
        joined = _title_from(line.strip() + nxt, "", 0.85, 0.7)
        if joined and (t is None or joined.confidence > t.confidence or (joined.year and not t.year)):
            return joined, True
    return (t, False) if t else None


def _best_title(titles: list[_Title]) -> _Title | None:
    """The most trusted title, a complete one (agency and year) before a partial one; earlier wins
    among equals."""
    if not titles:
        return None
    return max(titles, key=lambda t: t.confidence + 0.05 * (t.agency is not None and t.year is not None))


def _signature(lines: list[str]) -> tuple[int, str, str | None] | None:
    """(line index, ISO date, agency or None) of the signature: a date standing alone (or after the
    agency's name) on one of the last lines with text."""
    tail = []
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            tail.insert(0, i)
            if len(tail) == 40:
                break
    for i in reversed(tail):
        line = lines[i].strip()
        dates = find_dates(line)
        if len(dates) != 1:
            continue
        start, end, iso = dates[0]
        before = line[:start].strip(" |")
        if len(line) - end > 2 or (before and not looks_like_agency(before)):
            continue
        agency = before or None
        if agency is None:
            prev = [j for j in tail if j < i][-1:]
            if prev and looks_like_agency(lines[prev[0]].strip(" |")):
                agency = lines[prev[0]].strip(" |")
        return i, iso, agency
    return None


def _page_date(lines: list[str], year: int | None) -> tuple[int, str] | None:
    """The first date that follows a date key (发布时间, 成文日期 …), preferring keys in order. A bare
    日期 or 时间 may head other dates (时间：2021年1月1日至…): its date must fall after the report's year."""
    found: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines):
        if "日期" not in line and "时间" not in line:
            continue
        for m in _PAGE_DATE_RE.finditer(line):
            if m.group(1) in found:
                continue
            window = line[m.end():m.end() + 24]
            dates = find_dates(window)
            if not dates or dates[0][0] > 2:
                continue
            if m.group(1) in ("日期", "时间") and year and int(dates[0][2][:4]) <= year:
                continue
            found[m.group(1)] = (i, dates[0][2])
    for key in _PAGE_DATE_KEYS:
        if key in found:
            return found[key]
    return None


def _prop_date(value: str) -> str | None:
    dates = find_dates(value)
    if dates:
        return dates[0][2]
    m = _COMPACT_DATE_RE.search(value)
    return iso_date(*(int(g) for g in m.groups())) if m else None


def _props(properties: dict[str, str] | None) -> dict[str, str]:
    return {k.lower(): normalise_piece(v).strip() for k, v in (properties or {}).items() if v and v.strip()}


def _prop_source(kind: str, name: str) -> str:
    return f"{kind}:title" if name == "title" else f"{kind}:meta[{name}]"


def _props_kind(props: dict[str, str]) -> str:
    """Where properties came from, for provenance: a PDF's info dictionary has creationdate/moddate,
    DOCX core properties created/modified; anything else is a web page's."""
    if "creationdate" in props or "moddate" in props:
        return "pdf"
    return "docx" if "created" in props or "modified" in props else "html"


def _untitled_agency(props: dict[str, str], kind: str, lines: list[str], signature) -> tuple[str, str, float] | None:
    """(agency, source, confidence) when no title names it: a source property or key line (来源：XX局),
    else the name above the signature."""
    for name in _AGENCY_PROPS:
        if name in props and looks_like_agency(props[name]):
            return props[name], _prop_source(kind, name), 0.6
    for i, line in enumerate(lines):
        # Every key holds 发, 来源 or 公开主体: a substring test first spares most lines the pattern.
        if "发" not in line and "来源" not in line and "公开主体" not in line:
            continue
        m = _AGENCY_KEY_RE.search(line)
        if m and looks_like_agency(m.group(1)):
            return m.group(1), f"line {i + 1}", 0.6
    if signature and signature[2]:
        return signature[2], f"line {signature[0] + 1}", 0.5
    return None


def extract_meta(lines: list[str], properties: dict[str, str] | None = None) -> Meta:
    """Agency, year and publication date of a report from its normalised lines and its document
    properties (``InputText.properties``)."""
    props = _props(properties)
    kind = _props_kind(props)
    meta = Meta()
    titles = [t for name in _TITLE_PROPS if name in props
              for t in [_title_from(props[name], _prop_source(kind, name), 0.95, 0.8)] if t]
    titles += _line_titles(lines)

    # Agency: the title's, else the first titled agency anywhere, else a source key, else the signature.
    signature = _signature(lines)
    agency_title = _best_title([t for t in titles if t.agency])
    if agency_title:
        meta.set("agency", agency_title.agency, agency_title.source, agency_title.confidence)
    elif found := _untitled_agency(props, kind, lines, signature):
        meta.set("agency", *found)

    # Year: the title's, else the statistics period, else the prose, else a year before publication.
    year_title = _best_title([t for t in titles if t.year])
    if year_title:
        meta.set("year", year_title.year, year_title.source, year_title.confidence)
    else:
        for rx, conf in ((_PERIOD_RE, 0.8), (_YEAR_PROSE_RE, 0.6)):
            # Both patterns hold 年: a substring test first spares most lines the pattern.
            hit = next(((i, int(m.group(1))) for i, ln in enumerate(lines) if "年" in ln
                        for m in [rx.search(ln)] if m), None)
            if hit:
                meta.set("year", hit[1], f"line {hit[0] + 1}", conf)
                break

    # Publication date: the page's (properties, then a keyed date in the text), else the signature's,
    # else the file's creation date if it falls in the years after the report's.
    prop = next((n for n in _DATE_PROPS if n in props and _prop_date(props[n])), None)
    page = _page_date(lines, meta.year)
    made = next((n for n in _FILE_DATE_PROPS if n in props and _prop_date(props[n])), None)
    if prop:
        meta.set("published", _prop_date(props[prop]), _prop_source(kind, prop), 0.95, "page")
    elif page:
        meta.set("published", page[1], f"line {page[0] + 1}", 0.9, "page")
    elif signature:
        meta.set("published", signature[1], f"line {signature[0] + 1}", 0.8, "signature")
    elif made and meta.year and 0 < int(_prop_date(props[made])[:4]) - meta.year <= 2:
        meta.set("published", _prop_date(props[made]), _prop_source(kind, made), 0.5, "file")
    if signature and meta.published != signature[1]:
        meta.detail["signed"] = MetaField(signature[1], f"line {signature[0] + 1}", 0.8, "signature")
    if meta.year is None and meta.published:
        meta.set("year", int(meta.published[:4]) - 1, meta.detail["published"].source, 0.4)
    return meta
