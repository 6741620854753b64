"""Synthetic scrapes of annual reports, every piece of text labelled by construction.

A report is generated as data first (metadata, prose, the three tables as HTML-like grids with the
official rowspan/colspan layout, values that mostly satisfy the identities), then laid out as
blocks, then flattened the way users' tools flatten real pages (``STYLES``). Each output line is a
list of ``Segment``s, so the label of every character is known; ``corpus.from_synthetic`` turns that
into fragment labels. ``render_html`` writes the same layout as an HTML page.

Everything is drawn from ``random.Random(seed)``: the same (index, seed, style) gives the same document.
"""
from __future__ import annotations

import html as html_lib
import random
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..labels import LABEL_INDEX, LABELS
from ..normalise import normalise_piece
from ..template import TABLE_IDS, TABLE_NOTE, Template, get_template
from ..values import parse_value

# Text styles written directly from the layout (seed-like, terminal browser, crawler), then HTML
# pages run through real HTML-to-text libraries with their default settings.
TEXT_STYLES = ("pipe", "pipe_cells", "blank_lines", "lines", "markdown", "box", "spaced", "glued")
LIBRARY_STYLES = ("bs4", "html2text", "inscriptis", "lxml", "trafilatura")
# Real shapes (v2): Word-exported pages through a library (synth/word.py), PDF-to-markdown output and
# the crawler's one-node-a-line dump (synth/shapes.py). The real browsers and PDF tools are too slow to
# run on demand: synth/tools.py makes those samples once (training/make_synth_tools.py).
SHAPE_STYLES = ("word", "pdfmd", "crawler")
# Styles whose text loses values by nature (the crawler drops repeated lines; the gold is the page's).
LOSSY_STYLES = ("crawler",)
STYLES = TEXT_STYLES + LIBRARY_STYLES + SHAPE_STYLES
# Styles whose text keeps a blank cell visible (as empty pipe cells or a no-break-space line); in
# pipe_cells a blank cell would print as the lone "|" that also opens a row, so it cannot be told.
_KEEPS_BLANKS = {"pipe", "blank_lines", "markdown", "box", "html2text", "trafilatura"}


@dataclass(frozen=True)
class Segment:
    """A piece of one output line; ``label`` None for separators and layout characters."""

    text: str
    label: str | None


@dataclass
class GridCell:
    text: str
    label: str
    rowspan: int = 1
    colspan: int = 1
    # The cell's text broken over lines (<br> in HTML, one line each in one-cell-per-line styles):
    # the first piece keeps the label, the rest are continuations.
    parts: tuple[tuple[str, str], ...] = ()

    def pieces(self) -> tuple[tuple[str, str], ...]:
        return self.parts or ((self.text, self.label),)


@dataclass
class Para:
    text: str
    label: str  # prose, heading, meta or note


@dataclass
class Table:
    table_id: str
    rows: list[list[GridCell]]


@dataclass
class SyntheticDoc:
    name: str
    style: str
    template: str
    lines: list[list[Segment]]
    gold: dict
    blocks: list = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "\n".join("".join(s.text for s in segs) for segs in self.lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Vocabulary

_PLACES = ("椒江区", "张店区", "金川区", "柯城区", "江汉区", "武侯区", "鼓楼区", "西湖区", "南山区", "天河区",
           "浦东新区", "海淀区", "雁塔区", "岳麓区", "新城区", "城关镇", "滨海县", "临安市", "衢州市", "淄博市")
_BODIES = ("人民政府", "人民政府办公室", "应急管理局", "机关事务中心", "民政局", "财政局", "自然资源和规划局",
           "市场监督管理局", "卫生健康委员会", "教育局", "生态环境局", "交通运输局", "街道办事处", "住房和城乡建设局")
_CHROME = ("打印此页 关闭窗口", "【打印】【关闭】", "字号:大 中 小", "扫一扫在手机打开当前页", "分享到:",
           "当前位置:首页 > 政府信息公开 > 政府信息公开年报", "访问次数:", "【字体:大 中 小】", "返回顶部",
           "网站地图 | 联系我们", "主办单位:{agency}", "信息来源:{agency}")
_SUBHEADS = ("（一）主动公开方面", "（二）依申请公开方面", "（三）政府信息管理方面", "（四）平台建设方面",
             "（五）监督保障方面", "（一）存在问题", "（二）改进措施")
_SENTENCES = (
    "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进决策、执行、管理、服务、结果公开。",
    "全年主动公开政府信息{n}条，其中政策解读{m}条。",
    "严格落实依申请公开登记、审核、办理、答复、归档闭环管理制度。",
    "进一步加强保密审查，确保发布信息合法合规，提高政务公开时效性。",
    "通过门户网站、政务新媒体等渠道及时发布各类政策信息{n}条。",
    "组织开展政务公开专题培训{m}次，工作人员业务能力进一步提升。",
    "部分栏目信息更新不够及时，政策解读形式较为单一。",
    "下一步将加强栏目日常维护，丰富政策解读形式，提升公开质量。",
    "本年度共收到政府信息公开申请{m}件，均已按时答复。",
    "按照《政府信息公开信息处理费管理办法》规定，本年度未收取信息处理费。",
    "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "如对本报告有疑问，请与{agency}办公室联系（电话：0{tel}）。",
)
# Variants and typos seen in real reports (reference: "How real scrapes deviate").
_ROW_VARIANTS = {
    "（七）总计": ("（七）合计", "(七)总计"),
    "四、结转下年度继续办理": ("四、结转下一年度继续办理",),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ("（二）部分公开",),
    "规章": ("规章（设区的市、自治州人民政府应提供相关数据）",),
    "（六）其他处理": ("（六）其他",),
}
_COL_VARIANTS = {"行政复议": ("行政法复议",), "总计": ("合计",)}
# A few pinyin glosses, as some sites print after Traditional characters: 區(qū).
_PINYIN = {"區": "qū", "應": "yīng", "號": "hào", "報": "bào", "開": "kāi", "請": "qǐng", "轉": "zhuǎn",
           "計": "jì", "辦": "bàn", "結": "jié", "數": "shù", "項": "xiàng", "條": "tiáo", "規": "guī",
           "費": "fèi", "處": "chǔ", "務": "wù", "關": "guān", "機": "jī", "構": "gòu", "現": "xiàn",
           "內": "nèi", "資": "zī", "訊": "xùn", "確": "què", "認": "rèn", "執": "zhí", "歲": "suì",
           "單": "dān", "體": "tǐ", "維": "wéi", "審": "shěn", "訴": "sù", "護": "hù"}


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


# ---------------------------------------------------------------------------------------------
# Values


@dataclass
class _Style:
    """Document-level rendering choices."""

    traditional: bool
    glosses: bool
    blank_zero: bool      # zeros printed as blank cells
    na_marks: bool        # some table 二 cells printed "/" or "-"
    fullwidth: bool
    typos: float          # chance a label is replaced by a variant
    split_headers: bool   # long header words split over two lines ("本年新" / "制作数量")
    vertical: bool        # group labels one character per line
    spaced_letters: bool  # "商 业 企 业"
    stray_header: bool    # a page-split table repeats its header rows
    padding_at_end: bool  # colspan padding after the row (html2text) rather than after the cell
    page_break: bool
    extra_row: bool
    paren_ascii: bool
    blank_legal: bool = False  # zeros of the legal-person columns printed as blank cells (Word tables)


def _count(rng: random.Random, scale: float = 1.0) -> int:
    r = rng.random()
    if r < 0.55 / scale:
        return 0
    if r < 0.85:
        return rng.randint(1, 9)
    if r < 0.97:
        return rng.randint(10, 200)
    return rng.randint(200, 6000)


def _applications(rng: random.Random, template: Template) -> dict[tuple, int]:
    """Table 三 values: per column, received + carried = handled + carried on, results summing up."""
    spec = template.table("applications")
    rows = [r.path for r in spec.rows]
    result_rows = rows[2:-2]
    out: dict[tuple, int] = {}
    for ci, col in enumerate(spec.rows[0].cols[:-1]):
        scale = 1.6 if ci == 0 else 0.6
        new = _count(rng, scale)
        carried = rng.choice((0, 0, 0, 1, 2)) if new else 0
        onward = rng.randint(0, min(3, new + carried)) if rng.random() < 0.3 else 0
        handled = new + carried - onward
        weights = [8, 2] + [0.3] * 8 + [3, 1, 0.5] + [1, 0.5, 0.3, 0.2, 0.2] + [0.5] * (len(result_rows) - 18)
        counts = [0] * len(result_rows)
        for _ in range(handled):
            counts[rng.choices(range(len(result_rows)), weights)[0]] += 1
        out[(rows[0], col)], out[(rows[1], col)] = new, carried
        for r, n in zip(result_rows, counts):
            out[(r, col)] = n
        out[(rows[-2], col)], out[(rows[-1], col)] = handled, onward
    total_col = spec.rows[0].cols[-1]
    for r in rows:
        out[(r, total_col)] = sum(out[(r, c)] for c in spec.rows[0].cols[:-1])
    if rng.random() < 0.12:  # published reports do break the identities
        key = rng.choice(list(out))
        out[key] = max(0, out[key] + rng.choice((-1, 1, 2)))
    return out


def _review(rng: random.Random, template: Template) -> dict[tuple, int]:
    spec = template.table("review_litigation")
    cols = spec.rows[0].cols
    out: dict[tuple, int] = {}
    for g in range(3):
        parts = [_count(rng, 0.4) if rng.random() < 0.3 else 0 for _ in range(4)]
        for c, v in zip(cols[g * 5: g * 5 + 4], parts):
            out[((), c)] = v
        out[((), cols[g * 5 + 4])] = sum(parts) + (1 if rng.random() < 0.04 else 0)
    return out


def _active(rng: random.Random, template: Template) -> dict[tuple, str]:
    """Table 二 values as printed: counts, signed changes, amounts with decimals or units."""
    out: dict[tuple, str] = {}
    for row in template.table("active_disclosure").rows:
        for col in row.cols:
            name = col[0]
            if "金额" in name:
                v = rng.choice((0, 0, round(rng.uniform(1, 9000), rng.choice((0, 2, 3)))))
                text = str(v) if v else "0"
                if v and template.name == "2019" and rng.random() < 0.4:
                    text += rng.choice(("元", "万元"))
                out[(row.path, col)] = text
            elif "增/减" in name:
                d = rng.choice((0, 0, 0, rng.randint(-20, 40)))
                out[(row.path, col)] = f"+{d}" if d > 0 and rng.random() < 0.6 else str(d)
            else:
                out[(row.path, col)] = str(_count(rng, 0.8))
        _stock_after_flow(rng, row, out)
    return out


def _stock_after_flow(rng: random.Random, row, out: dict[tuple, str]) -> None:
    """Table 二's （一） rows as real reports print them: the documents public or in force (对外公开总数量,
    现行有效件数) include this year's (本年新公开数量, 本年制发件数), and what a body publishes this year is
    mostly what it made (本年新制作 = 本年新公开). A few reports still print a stock below the year's flow."""
    names = [c[0] for c in row.cols]
    if "对外公开总数量" in names:
        flow = row.cols[names.index("本年新公开数量")]
        if rng.random() < 0.6:
            out[(row.path, flow)] = out[(row.path, row.cols[names.index("本年新制作数量")])]
    elif "现行有效件数" in names:
        flow = row.cols[names.index("本年制发件数")]
    else:
        return
    stock = row.cols[-1]
    if rng.random() < 0.97:
        out[(row.path, stock)] = str(int(out[(row.path, flow)]) + _count(rng, 0.8) * rng.randint(1, 30))


def _print_number(rng: random.Random, st: _Style, text: str, table_id: str) -> str:
    """How a cell prints a value: blank or "/" for zero sometimes, separators, full-width digits."""
    if text in ("0",):
        if st.blank_zero and rng.random() < 0.7:
            return ""
        if st.na_marks and table_id == "active_disclosure" and rng.random() < 0.5:
            return rng.choice(("/", "-", "—"))
    if text.isdigit() and int(text) >= 1000 and rng.random() < 0.3:
        text = f"{int(text):,}"
    if st.fullwidth and rng.random() < 0.5:
        text = text.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    return text


# ---------------------------------------------------------------------------------------------
# Tables as HTML-like grids (official layouts)


def _label(rng: random.Random, st: _Style, text: str, variants: dict) -> str:
    if text in variants and rng.random() < st.typos:
        text = rng.choice(variants[text])
    if "逾期" in text and rng.random() < st.typos:
        text = text.replace("逾期", "预期")
    if st.paren_ascii:
        text = text.replace("（", "(").replace("）", ")")
    return text


def _active_grid(rng, st: _Style, template: Template, printed: dict) -> Table:
    rows: list[list[GridCell]] = []
    spec = template.table("active_disclosure")
    blocks: dict[str, list] = {}
    for r in spec.rows:
        blocks.setdefault(r.path[0], []).append(r)
    for block, brows in blocks.items():
        cols = brows[0].cols
        spans = [1] * len(cols)
        spans[-1] += 3 - len(cols)
        rows.append([GridCell(_label(rng, st, block, {}), "block", colspan=4)])
        rows.append([GridCell("信息内容", "colhead")] + [GridCell(c[0], "colhead", colspan=s) for c, s in zip(cols, spans)])
        for r in brows:
            rows.append([GridCell(_label(rng, st, r.label, _ROW_VARIANTS), "rowlabel")]
                        + [GridCell(printed[(r.path, c)], "value", colspan=s) for c, s in zip(cols, spans)])
        if st.extra_row and block.endswith("（一）项"):
            rows.append([GridCell("其他主动公开文件", "rowlabel")] + [GridCell(str(_count(rng)), "value", colspan=s) for s in spans])
    return Table("active_disclosure", rows)


def _apps_grid(rng, st: _Style, template: Template, printed: dict) -> Table:
    spec = template.table("applications")
    note = TABLE_NOTE if rng.random() < 0.8 else ""
    rows = [
        [GridCell(note, "note" if note else "empty", rowspan=3, colspan=3), GridCell("申请人情况", "colhead", colspan=7)],
        [GridCell("自然人", "colhead", rowspan=2), GridCell("法人或其他组织", "colhead", colspan=5),
         GridCell(_label(rng, st, "总计", _COL_VARIANTS), "colhead", rowspan=2)],
        [GridCell(c[-1], "colhead") for c in spec.rows[0].cols[1:6]],
    ]
    seen: set[str] = set()
    for r in spec.rows:
        cells: list[GridCell] = []
        depth = len(r.path)
        for level, name in enumerate(r.path[:-1]):
            if name in seen:
                continue
            seen.add(name)
            n = sum(1 for x in spec.rows if len(x.path) > level and x.path[level] == name)
            cells.append(GridCell(_label(rng, st, name, _ROW_VARIANTS), "rowlabel", rowspan=n))
        cells.append(GridCell(_label(rng, st, r.label, _ROW_VARIANTS), "rowlabel", colspan=4 - depth if depth < 3 else 1))
        cells += [GridCell(printed[(r.path, c)], "value") for c in r.cols]
        rows.append(cells)
    return Table("applications", rows)


def _review_grid(rng, st: _Style, template: Template, printed: dict) -> Table:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [
        [GridCell(_label(rng, st, "行政复议", _COL_VARIANTS), "colhead", colspan=5), GridCell("行政诉讼", "colhead", colspan=10)],
        [GridCell(c, "colhead", rowspan=2) for c in results]
        + [GridCell("未经复议直接起诉", "colhead", colspan=5), GridCell("复议后起诉", "colhead", colspan=5)],
        [GridCell(c, "colhead") for c in results * 2],
        [GridCell(printed[((), c)], "value") for c in template.table("review_litigation").rows[0].cols],
    ]
    return Table("review_litigation", rows)


# ---------------------------------------------------------------------------------------------
# The report as blocks

_TITLES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
           "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}


def _prose(rng: random.Random, agency: str, year: int, k: int) -> list[Para]:
    return [Para("".join(rng.choice(_SENTENCES).format(agency=agency, year=year, n=rng.randint(10, 30000),
                                                       m=rng.randint(1, 60), tel=rng.randint(10**9, 10**10 - 1))
                         for _ in range(rng.randint(1, 3))), "prose") for _ in range(k)]


def _build(rng: random.Random, template_name: str, name: str, st: _Style, agency: str | None = None,
           year: int | None = None, last_year: dict | None = None) -> tuple[list, dict]:
    """The report as blocks, and its gold; ``agency``/``year`` fix those, ``last_year`` (the gold of
    the same agency's previous report) makes the tables continue it (``_continue``)."""
    template = get_template(template_name)
    # Reports on 2019 and 2020 use the 2019 format, later ones the 2021 format, though some keep
    # the 2019 format for years (detect the format from the text, not from the year).
    late_2019 = template_name == "2019" and rng.random() < 0.15
    drawn_year = rng.randint(2019, 2020) if template_name == "2019" and not late_2019 else rng.randint(2021, 2025)
    drawn_agency = rng.choice(_PLACES) + rng.choice(_BODIES)
    year, agency = year or drawn_year, agency or drawn_agency
    published = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    title = f"{agency}{year}年政府信息公开工作年度报告"
    blocks: list = []
    if rng.random() < 0.7:
        blocks.append(Para(rng.choice(_CHROME).format(agency=agency), "meta"))
    blocks += [Para(title, "meta" if rng.random() < 0.5 else "heading")]
    for key, value in rng.sample([("索引号:", f"{rng.randint(10**8, 10**9)}/{year + 1}-{rng.randint(1000, 99999)}"),
                                  ("发布机构:", agency), ("发文日期:", published), ("公开方式:", "主动公开"),
                                  ("发布时间:", f"{published} {rng.randint(8, 18)}:{rng.randint(10, 59)}")], rng.randint(2, 5)):
        blocks.append(Para(key + ("" if rng.random() < 0.5 else " ") + value, "meta"))
    blocks += _prose(rng, agency, year, 1)
    blocks.append(Para("一、总体情况", "heading"))
    for sub in rng.sample(_SUBHEADS[:5], rng.randint(1, 4)):
        blocks += [Para(sub, "heading")] + _prose(rng, agency, year, rng.randint(1, 2))

    printed_active = _active(rng, template)
    numbers = {"applications": _applications(rng, template), "review_litigation": _review(rng, template)}
    if last_year:
        _continue(template, last_year, numbers["applications"], printed_active)
    gold_tables = {}
    no_tables = rng.random() < 0.03
    for tid in TABLE_IDS:
        blocks.append(Para(_TITLES[tid], "heading"))
        if no_tables or rng.random() < 0.06:
            gold_tables[tid] = {"status": "missing", "cells": []}
            if rng.random() < 0.5:
                blocks.append(Para("（表格见附件）" if rng.random() < 0.5 else "[图片]", "meta"))
            continue
        source = printed_active if tid == "active_disclosure" else {k: str(v) for k, v in numbers[tid].items()}
        printed = {k: _print_number(rng, st, v, tid) for k, v in source.items()}
        if st.blank_legal and tid == "applications":
            legal = {c for c in template.table(tid).rows[0].cols if "法人或其他组织" in c}
            printed = {k: "" if k[1] in legal and v == "0" else v for k, v in printed.items()}
        grid = {"active_disclosure": _active_grid, "applications": _apps_grid, "review_litigation": _review_grid}[tid](
            rng, st, template, printed)
        _break_cells(rng, st, grid)
        if rng.random() < 0.3:
            blocks.append(Para("单位：件", "note"))
        blocks += _page_split(rng, grid, st.stray_header) if st.page_break and tid == "applications" else [grid]
        cells = []
        for path, col in template.table(tid).cells():
            v = parse_value(normalise_piece(printed[(path, col)]))
            cells.append({"row": list(path), "col": list(col), "value": v.value, "kind": v.kind})
        gold_tables[tid] = {"status": "recovered", "cells": cells}
    blocks.append(Para("五、存在的主要问题及改进情况", "heading"))
    blocks += _prose(rng, agency, year, rng.randint(1, 2))
    blocks.append(Para("六、其他需要报告的事项", "heading"))
    blocks += _prose(rng, agency, year, 1) if rng.random() < 0.5 else [Para("无。", "prose")]
    if rng.random() < 0.5:
        blocks.append(Para(rng.choice(_CHROME).format(agency=agency), "meta"))
    # With no table on the page the format cannot be told (the contract's null).
    told = any(t["status"] == "recovered" for t in gold_tables.values())
    gold = {"source": f"{name}.txt", "template": template_name if told else None,
            "meta": {"agency": agency, "year": year, "published": published}, "tables": gold_tables}
    return blocks, gold


def _continue(template: Template, last_year: dict, apps: dict[tuple, int], active: dict[tuple, str]) -> None:
    """Make this year's values continue last year's report as real reports do: table 三's 上年结转 is
    last year's 结转下年度继续办理 per column (四、结转下年度 or 一、本年新收 absorbs the difference, so
    一+二 = 三+四 still holds), and in the 2021 format table 二's 现行有效件数 is last year's plus
    本年制发 minus 本年废止 for 规章 and 行政规范性文件."""
    last = {(t, tuple(c["row"]), tuple(c["col"])): c["value"] for t, table in last_year["tables"].items()
            for c in table["cells"]}
    spec = template.table("applications")
    new, carried, onward = (r.path for r in (spec.rows[0], spec.rows[1], spec.rows[-1]))
    for col in spec.rows[0].cols[:-1]:
        delta = int(last.get(("applications", onward, col)) or 0) - apps[(carried, col)]
        apps[(carried, col)] += delta
        if apps[(onward, col)] + delta >= 0:
            apps[(onward, col)] += delta
        else:
            apps[(new, col)] -= delta
    total = spec.rows[0].cols[-1]
    for r in spec.rows:
        apps[(r.path, total)] = sum(apps[(r.path, c)] for c in spec.rows[0].cols[:-1])
    if template.name != "2021":
        return
    for r in template.table("active_disclosure").rows[:2]:
        made, repealed, in_force = r.cols
        before = int(last.get(("active_disclosure", r.path, in_force)) or 0)
        gone = min(int(active[(r.path, repealed)]), before + int(active[(r.path, made)]))
        active[(r.path, repealed)] = str(gone)
        active[(r.path, in_force)] = str(before + int(active[(r.path, made)]) - gone)


def _page_split(rng: random.Random, grid: Table, repeat_header: bool) -> list:
    """Split table 三 across two pages: a page number, the group labels repeated, and maybe the
    header rows printed again (stray header rows)."""
    at = rng.randint(6, len(grid.rows) - 3)
    head, tail = grid.rows[:at], [list(r) for r in grid.rows[at:]]
    # Rowspans that crossed the break are cut, and the group label printed again on the new page.
    repeated = []
    for start, row in enumerate(head):
        for c in row:
            crossing = start + c.rowspan - at
            if crossing > 0:
                c.rowspan -= crossing
                repeated.append(GridCell(c.text, c.label, rowspan=crossing))
    tail[0] = repeated + tail[0]
    if repeat_header:
        tail = [[GridCell(c.text, c.label, c.rowspan, c.colspan, c.parts) for c in row] for row in grid.rows[:3]] + tail
    page = Para(rng.choice((f"- {rng.randint(2, 9)} -", f"第{rng.randint(2, 9)}页", f"—{rng.randint(2, 9)}—")), "meta")
    return [Table(grid.table_id, head), page, Table(grid.table_id, tail)]


# ---------------------------------------------------------------------------------------------
# Flattening


def _script(rng: random.Random, st: _Style, text: str) -> str:
    """Traditional script, 檔案 for 文件, and pinyin glosses, applied piece by piece."""
    if not st.traditional or not text:
        return text
    text = _s2t().convert(text).replace("文件", "檔案")
    if st.glosses:
        text = "".join(ch + (f"({_PINYIN[ch]})" if ch in _PINYIN and rng.random() < 0.7 else "") for ch in text)
    return text


def _break_cells(rng: random.Random, st: _Style, table: Table) -> None:
    """Header words and long labels split over lines ("本年新" / "制作数量"), vertical group labels
    one character per line ("三、" / "本" / "年" …), header words with spaced letters ("商 业 企 业")."""
    for row in table.rows:
        for cell in row:
            n = len(cell.text)
            if st.vertical and cell.label == "rowlabel" and cell.rowspan > 4 and cell.text[:2] in ("三、", "（三", "(三"):
                head = 2 if cell.text[:2] == "三、" else 4
                cell.parts = ((cell.text[:head], cell.label),) + tuple((ch, "cont") for ch in cell.text[head:])
            elif st.split_headers and rng.random() < 0.5 and (
                    (cell.label == "colhead" and 4 <= n <= 14) or (cell.label == "rowlabel" and n >= 10)):
                # Narrow columns wrap header words anywhere, long row labels after a few characters.
                cut = rng.randint(2, n - 2) if cell.label == "colhead" else rng.randint(6, n - 3)
                cell.parts = ((cell.text[:cut], cell.label), (cell.text[cut:], "cont"))
            elif st.spaced_letters and cell.label == "colhead" and 2 < n <= 6 and rng.random() < 0.5:
                cell.text = " ".join(cell.text)


def _para_line(rng, st, p: Para, indent: str = "") -> list[Segment]:
    segs = [Segment(indent, None)]
    for i, piece in enumerate(p.text.split(" | ")):  # chrome such as "网站地图 | 联系我们"
        segs += [Segment(" | ", None)] * (i > 0) + [Segment(_script(rng, st, piece), p.label)]
    return segs


def _cell_segments(rng, st, text: str, label: str) -> Segment:
    return Segment(_script(rng, st, text), label if text else "empty")


def _flatten(rng: random.Random, st: _Style, style: str, blocks: list) -> list[list[Segment]]:
    lines: list[list[Segment]] = []
    for b in blocks:
        if isinstance(b, Para):
            indent = rng.choice(("", "  ", "\u3000\u3000")) if b.label == "prose" and style in ("blank_lines", "lines", "spaced") else ""
            lines.append(_para_line(rng, st, b, indent))
            if style in ("blank_lines", "lines") or (b.label == "heading" and rng.random() < 0.3):
                lines.append([])
            continue
        lines += _FLATTENERS[style](rng, st, b)
    return lines


def _pipe(rng, st, t: Table, md: bool = False) -> list[list[Segment]]:
    out = []
    for i, row in enumerate(t.rows):
        segs: list[Segment] = [Segment("| ", None)] if md or rng.random() < 0.2 else []
        cells: list[Segment] = []
        padding = 0
        for c in row:
            cells.append(_cell_segments(rng, st, c.text, c.label))
            if st.padding_at_end and not md:
                padding += c.colspan - 1
            else:
                cells += [Segment("", "empty")] * (c.colspan - 1)
        cells += [Segment("", "empty")] * padding
        for j, c in enumerate(cells):
            if j:
                segs.append(Segment(" | " if c.text else " |", None))
            segs.append(c)
        segs.append(Segment(" |", None))
        out.append(segs)
        if md and i == 0:
            out.append([Segment("|" + "---|" * len(cells), None)])
    return out


def _pipe_cells(rng, st, t: Table) -> list[list[Segment]]:
    """One cell per line ending in " |", a lone "|" line opening each row, padding as "||" lines."""
    out: list[list[Segment]] = []
    for row in t.rows:
        out.append([Segment("|", None)])
        for c in row:
            for text, label in c.pieces():
                out.append([_cell_segments(rng, st, text, label), Segment(" |", None)])
            if c.colspan > 1:
                out.append([Segment("|" * (c.colspan - 1), None)])
    return out


def _cell_lines(rng, st, t: Table, blank_between: bool) -> list[list[Segment]]:
    """One cell per line, as HTML-to-text tools without table support write them."""
    out: list[list[Segment]] = []
    for row in t.rows:
        for c in row:
            for text, label in c.pieces():
                if not text:
                    if label == "value":  # a blank cell: Word exports it as a no-break space
                        out.append([Segment("\u00a0", None)])
                else:
                    lead = rng.choice(("", " ", "  ", "   ")) if blank_between else ""
                    out.append([Segment(lead, None), _cell_segments(rng, st, text, label),
                                Segment(" " if rng.random() < 0.3 else "", None)])
                if blank_between:
                    out.append([])
    return out


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in s)


def _wrap(s: str, width: int) -> list[str]:
    parts, cur = [], ""
    for ch in s:
        if cur and _width(cur + ch) > width:
            parts.append(cur)
            cur = ""
        cur += ch
    return parts + [cur] if cur or not parts else parts


def _grid_positions(t: Table) -> list[list[tuple[int, GridCell]]]:
    """(grid column, cell) per row, rowspans taken into account."""
    taken: dict[tuple[int, int], bool] = {}
    out = []
    for r, row in enumerate(t.rows):
        col, placed = 0, []
        for c in row:
            while taken.get((r, col)):
                col += 1
            placed.append((col, c))
            for dr in range(c.rowspan):
                for dc in range(c.colspan):
                    taken[(r + dr, col + dc)] = True
            col += c.colspan
        out.append(placed)
    return out


def _box(rng, st, t: Table) -> list[list[Segment]]:
    """A terminal browser's drawing: │ between cells, rules between rows, long cells wrapped, and a
    cell spanning rows drawn as one blank cell per row with its text in the first or (valign=middle,
    as w3m draws Word tables) the middle row of its span."""
    wrap = 16 if rng.random() < 0.5 else 200
    middle = rng.random() < 0.5
    spans = [(r, col, c) for r, placed in enumerate(_grid_positions(t)) for col, c in placed]
    out: list[list[Segment]] = [[Segment("┌" + "─" * 20 + "┐", None)]]
    for r in range(len(t.rows)):
        slots = []
        for r0, col, c in sorted((x for x in spans if x[0] <= r < x[0] + x[2].rowspan), key=lambda x: x[1]):
            shown = r == (r0 + (c.rowspan - 1) // 2 if middle else r0)
            slots.append((c, _wrap(_script(rng, st, c.text), wrap) if shown else [""]))
        for k in range(max((len(w) for _, w in slots), default=1)):
            segs: list[Segment] = [Segment("│", None)]
            for c, w in slots:
                piece = w[k] if k < len(w) else ""
                label = (c.label if k == 0 else "cont") if piece else "empty"
                segs += [Segment(" ", None), Segment(piece, label), Segment(" │", None)]
            out.append(segs)
        out.append([Segment("├" + "─" * 20 + "┤", None)])
    out[-1] = [Segment("└" + "─" * 20 + "┘", None)]
    return out


def _spaced(rng, st, t: Table) -> list[list[Segment]]:
    """Space-aligned columns (inscriptis-like): blank cells vanish into the padding."""
    out = []
    for row in t.rows:
        segs: list[Segment] = [Segment(" " * rng.randint(0, 2), None)]
        for c in row:
            if not c.text:
                continue
            if len(segs) > 1:
                segs.append(Segment(" " * rng.randint(2, 6), None))
            segs.append(_cell_segments(rng, st, c.text, c.label))
        out.append(segs)
    return out


def _glued(rng, st, t: Table) -> list[list[Segment]]:
    """A crawler that strips tags with nothing in their place: one line per row, cells glued."""
    out = []
    for row in t.rows:
        segs = [_cell_segments(rng, st, c.text, c.label) for c in row if c.text]
        # Some crawlers keep a space between the label and the numbers, or inside the run ("230 000023").
        if len(segs) > 2 and segs[0].label == "rowlabel" and rng.random() < 0.2:
            segs.insert(1, Segment(" ", None))
        out.append(segs)
    return out


_FLATTENERS = {
    "pipe": _pipe,
    "markdown": lambda rng, st, t: _pipe(rng, st, t, md=True),
    "pipe_cells": _pipe_cells,
    "blank_lines": lambda rng, st, t: _cell_lines(rng, st, t, True),
    "lines": lambda rng, st, t: _cell_lines(rng, st, t, False),
    "box": _box,
    "spaced": _spaced,
    "glued": _glued,
}


# ---------------------------------------------------------------------------------------------
# HTML


_LAYOUTS = ("minified", "pretty", "word")
# Marks around every labelled piece: ① … ⑩ name the label, ⟧ closes it. Visible characters, since
# some libraries drop private-use ones; the generated text never contains them otherwise.
_MARK0, _END = 0x2460, "\u27e7"


def _mark(text: str, label: str, marked: bool) -> str:
    body = html_lib.escape(text)
    return f"{chr(_MARK0 + LABEL_INDEX[label])}{body}{_END}" if marked and text else body


def render_html(blocks: list, title: str = "", layout: str = "pretty", marked: bool = False) -> str:
    """The report as an HTML page in the official rowspan/colspan layout.

    ``layout``: "minified" (no white space between tags, as many CMSs serve it), "pretty" (one tag
    per line) or "word" (Word-exported cells: <p><span> inside every cell, &nbsp; for blanks,
    indentation). ``marked`` wraps each text piece in marks naming its label, so the
    output of any HTML-to-text tool can be labelled afterwards (``segments_from_marked``).
    """
    nl = "" if layout == "minified" else "\n"
    parts = [f"<html><head><meta charset='utf-8'><title>{html_lib.escape(title)}</title>"
             "<style>td{border:1px solid}</style></head><body><div class='content'>"]
    for b in blocks:
        if isinstance(b, Para):
            tag = "h3" if b.label == "heading" else "div" if b.label == "meta" else "p"
            text = " | ".join(_mark(piece, b.label, marked) for piece in b.text.split(" | "))
            parts.append(f"<{tag}>{text}</{tag}>")
            continue
        parts.append("<table border='1' cellspacing='0'><tbody>")
        for row in b.rows:
            tds = []
            for c in row:
                span = (f" rowspan='{c.rowspan}'" if c.rowspan > 1 else "") + (f" colspan='{c.colspan}'" if c.colspan > 1 else "")
                text = "<br>".join(_mark(t, lab, marked) for t, lab in c.pieces())
                if layout == "word":
                    tds.append(f"  <td{span} valign='center'>\n    <p class='MsoNormal' align='center'><span>{text or '&nbsp;'}</span></p>\n  </td>")
                else:
                    tds.append(f"<td{span}>{text}</td>")
            parts.append("<tr>" + nl + nl.join(tds) + nl + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</div></body></html>")
    return nl.join(parts) + "\n"


def _bs4(page: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "html.parser").get_text()


def _html2text(page: str) -> str:
    import html2text

    return html2text.html2text(page)


def _inscriptis(page: str) -> str:
    import inscriptis

    return inscriptis.get_text(page)


def _lxml(page: str) -> str:
    import lxml.html

    return lxml.html.fromstring(page).text_content()


def _trafilatura(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page) or ""


# HTML-to-text libraries, each with its default settings, as users run them on report pages.
LIBRARY_FLATTENERS = {"bs4": _bs4, "html2text": _html2text, "inscriptis": _inscriptis, "lxml": _lxml,
                      "trafilatura": _trafilatura}
_CONTINUED = {"colhead", "rowlabel", "block", "note"}


def segments_from_marked(text: str) -> list[list[Segment]]:
    """Lines of segments from text carrying the label marks; the marks are dropped.

    A labelled piece that a tool wrapped onto the next line continues there: as ``cont`` for
    header and label text, with its own label for prose.
    """
    lines: list[list[Segment]] = []
    label: str | None = None  # the piece open at the current position
    for raw in text.split("\n"):
        segs, label = read_marks(raw, "cont" if label in _CONTINUED else label)
        lines.append(segs)
    return lines


def read_marks(piece: str, label: str | None) -> tuple[list[Segment], str | None]:
    """The segments of a piece of marked text that starts inside ``label``, and the label open at its end."""
    segs: list[Segment] = []
    buf = ""
    for ch in piece:
        code = ord(ch)
        if ch == _END or _MARK0 <= code < _MARK0 + len(LABELS):
            if buf:
                segs.append(Segment(buf, label))
            buf = ""
            label = None if ch == _END else LABELS[code - _MARK0]
            continue
        buf += ch
    if buf:
        segs.append(Segment(buf, label))
    return segs, label


# ---------------------------------------------------------------------------------------------
# Entry points


def _style_choices(rng: random.Random, style: str, layout: str) -> _Style:
    traditional = rng.random() < 0.12
    keeps_blanks = style in _KEEPS_BLANKS or (style in ("bs4", "lxml") and layout == "word")
    multiline = style in ("pipe_cells", "blank_lines", "lines", "word", "crawler") or style in LIBRARY_STYLES
    return _Style(
        traditional=traditional,
        glosses=traditional and rng.random() < 0.5,
        blank_zero=keeps_blanks and rng.random() < 0.12,
        na_marks=rng.random() < 0.1,
        fullwidth=rng.random() < 0.05,
        typos=rng.choice((0.0, 0.0, 0.1, 0.3)),
        split_headers=multiline and rng.random() < 0.35,
        vertical=multiline and rng.random() < (0.5 if style == "word" else 0.12),
        spaced_letters=rng.random() < 0.08,
        stray_header=rng.random() < 0.5,
        padding_at_end=rng.random() < 0.5,
        page_break=style not in ("glued", "word") and rng.random() < 0.12,  # word splits its own
        extra_row=rng.random() < 0.06,
        paren_ascii=rng.random() < 0.4,
        blank_legal=style == "word" and rng.random() < 0.4,
    )


def generate_doc(index: int, seed: int = 0, style: str | None = None, template: str | None = None) -> SyntheticDoc:
    """One synthetic scrape; deterministic in (index, seed, style, template)."""
    rng = random.Random(f"{seed}:{index}")
    style = style or rng.choice(STYLES)
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; styles are {', '.join(STYLES)}")
    template = template or rng.choice(("2019", "2021", "2021"))
    layout = rng.choice(_LAYOUTS)
    st = _style_choices(rng, style, layout)
    name = f"synth_{seed}_{index:05d}_{style}"
    blocks, gold = _build(rng, template, name, st)
    return _flattened(rng, st, style, layout, name, template, blocks, gold)


def _flattened(rng: random.Random, st: _Style, style: str, layout: str, name: str, template: str, blocks: list,
               gold: dict) -> SyntheticDoc:
    if style == "word":
        from .word import WORD_TOOLS, word_blocks, word_lines

        tool = rng.choice(WORD_TOOLS)
        _convert_script(rng, st, blocks)
        lines = word_lines(rng, word_blocks(rng, blocks), gold["meta"]["agency"] or "", tool)
        name = f"{name}_{tool}"
        gold["source"] = f"{name}.txt"
    elif style in ("pdfmd", "crawler"):
        from .shapes import crawler_lines, pdfmd_lines

        lines = pdfmd_lines(rng, st, blocks) if style == "pdfmd" else crawler_lines(rng, st, blocks, gold)
    elif style in LIBRARY_FLATTENERS:
        _convert_script(rng, st, blocks)
        page = render_html(blocks, gold["meta"]["agency"] or "", layout, marked=True)
        lines = segments_from_marked(LIBRARY_FLATTENERS[style](page))
        name = f"{name}_{layout}"
        gold["source"] = f"{name}.txt"
    else:
        lines = _flatten(rng, st, style, blocks)
    return SyntheticDoc(name, style, template, lines, gold, blocks)


def generate_series(n: int, first_year: int = 2021, seed: int = 0, style: str = "pipe",
                    agency: str | None = None) -> list[SyntheticDoc]:
    """One agency's reports for ``n`` consecutive years (2021 format), each continuing the last
    (``_continue``), with all three tables and every number printed (no blank or "/" zeros), so
    every cross-year chain can be checked. Deterministic in its arguments."""
    pick = random.Random(f"series:{seed}")
    agency = agency or pick.choice(_PLACES) + pick.choice(_BODIES)
    docs: list[SyntheticDoc] = []
    for year in range(first_year, first_year + n):
        attempt = 0
        while True:  # redraw a year whose page left out a table
            rng = random.Random(f"series:{seed}:{year}:{attempt}")
            layout = rng.choice(_LAYOUTS)
            st = replace(_style_choices(rng, style, layout), blank_zero=False, na_marks=False)
            name = f"series_{seed}_{year}_{style}"
            blocks, gold = _build(rng, "2021", name, st, agency, year, docs[-1].gold if docs else None)
            if all(t["status"] == "recovered" for t in gold["tables"].values()):
                break
            attempt += 1
        docs.append(_flattened(rng, st, style, layout, name, "2021", blocks, gold))
    return docs


def _convert_script(rng: random.Random, st: _Style, blocks: list) -> None:
    """Traditional script and glosses on the page itself (text styles convert while flattening)."""
    for b in blocks:
        if isinstance(b, Para):
            b.text = _script(rng, st, b.text)
        else:
            for row in b.rows:
                for c in row:
                    c.text = _script(rng, st, c.text)
                    c.parts = tuple((_script(rng, st, t), lab) for t, lab in c.parts)


def generate_docs(n: int, seed: int = 0, styles: list[str] | None = None) -> list[SyntheticDoc]:
    """n documents cycling through the styles (all of them by default), both formats."""
    styles = list(styles or STYLES)
    return [generate_doc(i, seed, styles[i % len(styles)]) for i in range(n)]
