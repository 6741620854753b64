"""The fragment label set (documented with examples in docs/labels.md)."""
from __future__ import annotations

LABELS: tuple[str, ...] = (
    "prose",     # running text of the report: paragraphs, sentences
    "heading",   # section headings: 一、总体情况, 二、主动公开政府信息情况, （一）主动公开方面
    "meta",      # metadata and page chrome: 索引号, 发布机构, title bar, 打印此页, page numbers
    "note",      # table notes: （本列数据的勾稽关系为：…）, 单位：件
    "block",     # block titles of table 二: 第二十条第（一）项
    "colhead",   # column headers: 信息内容, 本年制发件数, 自然人, 行政复议, 结果维持
    "rowlabel",  # row labels, including group labels: 规章, （三）不予公开, 1.属于国家秘密
    "value",     # a cell value: 0, 12, 251000元, -8, /, 无
    "empty",     # an empty cell or colspan padding
    "cont",      # continuation of the previous fragment (a header or label split over lines)
)
LABEL_INDEX = {label: i for i, label in enumerate(LABELS)}

# Labels whose fragments are the text of the table grid (used to delimit a row's values).
TABLE_TEXT = frozenset({"block", "colhead", "rowlabel", "note"})
CELL_LABELS = frozenset({"value", "empty"})
