"""The official annual-report tables (2019 and 2021 formats) as data.

Every canonical cell is a (row path, column path) pair in the template's own wording, exactly as in
``reference/annual-report-template.md``. The reconstructor aligns source fragments to these rows;
the classifier uses the label lexicon as a feature; the checks read the identities off the same data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

TABLE_IDS = ("active_disclosure", "applications", "review_litigation")
FORMATS = ("2019", "2021")

APPLICANT_COLS: tuple[tuple[str, ...], ...] = (
    ("申请人情况", "自然人"),
    ("申请人情况", "法人或其他组织", "商业企业"),
    ("申请人情况", "法人或其他组织", "科研机构"),
    ("申请人情况", "法人或其他组织", "社会公益组织"),
    ("申请人情况", "法人或其他组织", "法律服务机构"),
    ("申请人情况", "法人或其他组织", "其他"),
    ("申请人情况", "总计"),
)

_R3 = "三、本年度办理结果"
_APP_HEAD = (
    ("一、本年新收政府信息公开申请数量",),
    ("二、上年结转政府信息公开申请数量",),
    (_R3, "（一）予以公开"),
    (_R3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (_R3, "（三）不予公开", "1.属于国家秘密"),
    (_R3, "（三）不予公开", "2.其他法律行政法规禁止公开"),
    (_R3, "（三）不予公开", "3.危及“三安全一稳定”"),
    (_R3, "（三）不予公开", "4.保护第三方合法权益"),
    (_R3, "（三）不予公开", "5.属于三类内部事务信息"),
    (_R3, "（三）不予公开", "6.属于四类过程性信息"),
    (_R3, "（三）不予公开", "7.属于行政执法案卷"),
    (_R3, "（三）不予公开", "8.属于行政查询事项"),
    (_R3, "（四）无法提供", "1.本机关不掌握相关政府信息"),
    (_R3, "（四）无法提供", "2.没有现成信息需要另行制作"),
    (_R3, "（四）无法提供", "3.补正后申请内容仍不明确"),
    (_R3, "（五）不予处理", "1.信访举报投诉类申请"),
    (_R3, "（五）不予处理", "2.重复申请"),
    (_R3, "（五）不予处理", "3.要求提供公开出版物"),
    (_R3, "（五）不予处理", "4.无正当理由大量反复申请"),
    (_R3, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
)
_APP_OTHER = {
    "2019": ((_R3, "（六）其他处理"),),
    "2021": (
        (_R3, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        (_R3, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        (_R3, "（六）其他处理", "3.其他"),
    ),
}
_APP_TAIL = ((_R3, "（七）总计"), ("四、结转下年度继续办理",))

_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_COLS: tuple[tuple[str, ...], ...] = (
    tuple(("行政复议", c) for c in _RESULTS)
    + tuple(("行政诉讼", "未经复议直接起诉", c) for c in _RESULTS)
    + tuple(("行政诉讼", "复议后起诉", c) for c in _RESULTS)
)

# active_disclosure blocks: (block title, row labels, column labels)
_ACTIVE = {
    "2021": (
        ("第二十条第（一）项", ("规章", "行政规范性文件"), ("本年制发件数", "本年废止件数", "现行有效件数")),
        ("第二十条第（五）项", ("行政许可",), ("本年处理决定数量",)),
        ("第二十条第（六）项", ("行政处罚", "行政强制"), ("本年处理决定数量",)),
        ("第二十条第（八）项", ("行政事业性收费",), ("本年收费金额（单位：万元）",)),
    ),
    "2019": (
        ("第二十条第（一）项", ("规章", "规范性文件"), ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
        ("第二十条第（五）项", ("行政许可", "其他对外管理服务事项"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("第二十条第（六）项", ("行政处罚", "行政强制"), ("上一年项目数量", "本年增/减", "处理决定数量")),
        ("第二十条第（八）项", ("行政事业性收费",), ("上一年项目数量", "本年增/减")),
        ("第二十条第（九）项", ("政府集中采购",), ("采购项目数量", "采购总金额")),
    ),
}

# Section headings of the report skeleton, matched by keyword (wording varies between reports).
HEADING_KEYWORDS = {
    "active_disclosure": ("主动公开政府信息情况", "主动公开政府信息"),
    "applications": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"),
    "review_litigation": ("政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼情况", "被申请行政复议、提起行政诉讼"),
    "problems": ("存在的主要问题及改进情况", "存在的主要问题"),
    "other": ("其他需要报告的事项",),
    "overview": ("总体情况",),
}

TABLE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class RowSpec:
    """One canonical row: its label path and the column paths of its cells."""

    path: tuple[str, ...]
    cols: tuple[tuple[str, ...], ...]

    @property
    def label(self) -> str:
        """The leaf label, the text of the row's own label cell (empty for table 四)."""
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class TableSpec:
    id: str
    rows: tuple[RowSpec, ...]
    # Labels that head a group of rows but own no numbers (block titles, 三、本年度办理结果, （三）不予公开 …).
    group_labels: tuple[str, ...]
    column_labels: tuple[str, ...]

    def cells(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        return [(r.path, c) for r in self.rows for c in r.cols]

    @property
    def n_cells(self) -> int:
        return sum(len(r.cols) for r in self.rows)


@dataclass(frozen=True)
class Template:
    name: str
    tables: dict[str, TableSpec]

    def table(self, table_id: str) -> TableSpec:
        return self.tables[table_id]


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@lru_cache(maxsize=None)
def get_template(name: str) -> Template:
    if name not in FORMATS:
        raise ValueError(f"unknown template format {name!r}; expected one of {FORMATS}")
    blocks = _ACTIVE[name]
    active_rows = tuple(RowSpec((block, label), tuple((c,) for c in cols)) for block, labels, cols in blocks for label in labels)
    active = TableSpec(
        "active_disclosure",
        active_rows,
        group_labels=tuple(b for b, _, _ in blocks),
        column_labels=_unique(["信息内容"] + [c for _, _, cols in blocks for c in cols]),
    )
    app_paths = _APP_HEAD + _APP_OTHER[name] + _APP_TAIL
    apps = TableSpec(
        "applications",
        tuple(RowSpec(p, APPLICANT_COLS) for p in app_paths),
        group_labels=_unique(x for p in app_paths for x in p[:-1]),
        column_labels=_unique(["申请人情况", "法人或其他组织"] + [c[-1] for c in APPLICANT_COLS]),
    )
    review = TableSpec(
        "review_litigation",
        (RowSpec((), REVIEW_COLS),),
        group_labels=(),
        column_labels=_unique(x for c in REVIEW_COLS for x in c),
    )
    return Template(name, {t.id: t for t in (active, apps, review)})


# Text that only one format prints. Compared on text with all white space removed, after normalisation.
_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
             "逾期不补正", "未按收费通知", "缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
             "政府集中采购", "其他对外管理服务事项", "采购项目数量"),
}


def detect_format(text: str) -> str | None:
    """Tell the 2019 format from the 2021 format by the header words only one of them prints.

    Returns None when neither format's words are present (a page without tables).
    """
    flat = re.sub(r"[\s|]+", "", text)
    score = {name: sum(flat.count(m) for m in markers) for name, markers in _MARKERS.items()}
    if score["2021"] == score["2019"] == 0:
        return None
    return "2021" if score["2021"] >= score["2019"] else "2019"


def format_for_year(year: int | None) -> str | None:
    """The format a report on ``year`` uses: reports on 2019 and 2020 the 2019 format, on 2021 and
    later the 2021 format (国办公开办函〔2021〕30号). None for no year, or one before the formats."""
    if year is None or year < 2019:
        return None
    return "2021" if year >= 2021 else "2019"


@lru_cache(maxsize=1)
def lexicon() -> MappingProxyType:
    """Template wording by the role it plays, across both formats (a feature for the classifier;
    cached and shared, so read-only)."""
    rows, groups, cols = [], [], []
    for name in FORMATS:
        for t in get_template(name).tables.values():
            rows += [r.label for r in t.rows if r.label]
            groups += list(t.group_labels)
            cols += list(t.column_labels)
    headings = [kw for kws in HEADING_KEYWORDS.values() for kw in kws]
    return MappingProxyType({
        "rowlabel": _unique(rows),
        "block": _unique(groups),
        "colhead": _unique(cols),
        "heading": _unique(headings),
        "note": (TABLE_NOTE,),
    })
