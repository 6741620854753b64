"""template.py against the reference document (../shared/reference/annual-report-template.md), which
is parsed here so that the code and the spec cannot drift apart; and format detection."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tablerecover.normalise import normalise_text
from tablerecover.template import (APPLICANT_COLS, FORMATS, REVIEW_COLS, TABLE_IDS, detect_format, format_for_year,
                                   get_template, lexicon)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "annual-report-template.md"


@pytest.fixture(scope="module")
def ref() -> str:
    if not REFERENCE.exists():
        pytest.skip(f"reference document not found at {REFERENCE}")
    return REFERENCE.read_text(encoding="utf-8")


def _section(doc: str, start: str, end: str) -> str:
    i = doc.index(start)
    return doc[i:doc.index(end, i)]


def _active_from_doc(doc: str) -> dict[str, list]:
    """Table 二 per format: [(block, [row labels], [column labels])] from the markdown tables."""
    sec = _section(doc, "## Table 二", "## Table 三")
    parts = {"2021": _section(sec, "2021 format", "2019 format"), "2019": sec[sec.index("2019 format"):]}
    out = {}
    for fmt, part in parts.items():
        rows = []
        for line in part.splitlines():
            if line.startswith("| 第二十条"):
                block, labels, cols = [c.strip() for c in line.strip("|").split("|")]
                rows.append((block, labels.split("; "), cols.split(" · ")))
        out[fmt] = rows
    return out


def _app_cols_from_doc(doc: str) -> list[tuple[str, ...]]:
    text = _section(doc, "Column paths, in order", "Row paths")
    text = " ".join(text.splitlines()[1:]).strip().rstrip(".")
    cols: list[tuple[str, ...]] = []
    for item in text.split(" · "):
        item = item.strip()
        if item.startswith("…/"):
            cols.append(cols[-1][:-1] + (item[2:],))
        else:
            cols.append(tuple(item.split("/")))
    return cols


def _app_rows_from_doc(doc: str) -> dict[str, list[tuple[str, ...]]]:
    start = doc.index("Row paths, in order:")
    text = doc[start:re.compile(r"^\d+ data rows \(", re.M).search(doc, start).start()]
    items: list[str] = []
    for line in text.splitlines()[1:]:
        if line.startswith("  ") and items:
            items[-1] += " " + line.strip()
        elif line.strip():
            items.append(line.strip())
    rows = {fmt: [] for fmt in FORMATS}
    for item in items:
        m = re.match(r"^then (.+), and (.+)\.$", item)
        if m:
            for fmt in FORMATS:
                rows[fmt] += [tuple(m.group(1).split(" / ")), tuple(m.group(2).split(" / "))]
            continue
        m = re.match(r"^(\d+)(?:–(\d+))?\. (?:(2019|2021): )?(.+)$", item)
        assert m, item
        first, last, only, body = int(m.group(1)), int(m.group(2) or m.group(1)), m.group(3), m.group(4)
        body = body.replace(" (one row)", "")
        *prefix, leaves = body.split(" / ")
        paths = [tuple(prefix) + (leaf.strip(),) for leaf in leaves.split(" · ")]
        assert len(paths) == last - first + 1, item
        for fmt in ([only] if only else FORMATS):
            assert len(rows[fmt]) + 1 == first, (fmt, item)
            rows[fmt] += paths
    return rows


def _review_cols_from_doc(doc: str) -> list[tuple[str, ...]]:
    sec = _section(doc, "## Table 四", "## Arithmetic identities")
    results = re.search(r"under each litigation group: (.+)", sec).group(1).split(" · ")
    spec = re.search(r"Column paths: (.+)\.", sec).group(1)
    return [tuple(group.split("/")[:-1]) + (r,) for group in spec.split(", ") for r in results]


def test_reference_parser_reads_what_the_doc_says(ref):
    # Guards the parsers above: if the doc's layout changes they must not silently read nothing.
    active = _active_from_doc(ref)
    assert [len(active[f]) for f in ("2021", "2019")] == [4, 5]
    assert active["2019"][1] == ("第二十条第（五）项", ["行政许可", "其他对外管理服务事项"], ["上一年项目数量", "本年增/减", "处理决定数量"])
    rows = _app_rows_from_doc(ref)
    assert rows["2019"][20] == ("三、本年度办理结果", "（六）其他处理")
    assert rows["2021"][22] == ("三、本年度办理结果", "（六）其他处理", "3.其他")


@pytest.mark.parametrize("fmt", FORMATS)
def test_active_disclosure_matches_reference(ref, fmt):
    spec = get_template(fmt).table("active_disclosure")
    doc = _active_from_doc(ref)[fmt]
    expected = [((block, label), (col,)) for block, labels, cols in doc for label in labels for col in cols]
    assert spec.cells() == expected
    # "10 cells. The fee …" (2021) and "22 cells. 本年增/减 …" (2019), in that order in the doc.
    stated = dict(zip(("2021", "2019"), map(int, re.findall(r"^(\d+) cells\.", ref, re.M))))
    assert spec.n_cells == stated[fmt] == len(expected)
    assert spec.group_labels == tuple(b for b, _, _ in doc)


@pytest.mark.parametrize("fmt", FORMATS)
def test_applications_matches_reference(ref, fmt):
    spec = get_template(fmt).table("applications")
    rows = _app_rows_from_doc(ref)[fmt]
    cols = _app_cols_from_doc(ref)
    assert list(APPLICANT_COLS) == cols and len(cols) == 7
    assert [r.path for r in spec.rows] == rows
    m = re.search(r"(\d+) data rows \((\d+) cells\) in 2019, (\d+) \((\d+) cells\) in 2021", ref)
    n_rows, n_cells = {"2019": (int(m.group(1)), int(m.group(2))), "2021": (int(m.group(3)), int(m.group(4)))}[fmt]
    assert len(spec.rows) == n_rows and spec.n_cells == n_cells == len(rows) * 7
    assert spec.cells() == [(r, c) for r in rows for c in cols]
    # Row-spanning labels own no numbers of their own but are group labels.
    for group in ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"):
        assert group in spec.group_labels and all(r.label != group for r in spec.rows)
    assert (("（六）其他处理" in spec.group_labels) == (fmt == "2021"))


def test_review_litigation_matches_reference(ref):
    cols = _review_cols_from_doc(ref)
    assert len(cols) == 15
    for fmt in FORMATS:
        spec = get_template(fmt).table("review_litigation")
        assert [r.path for r in spec.rows] == [()]
        assert spec.cells() == [((), c) for c in cols]
    assert list(REVIEW_COLS) == cols


@pytest.mark.parametrize("fmt, table_id, index, row, col", [
    ("2021", "active_disclosure", 0, ("第二十条第（一）项", "规章"), ("本年制发件数",)),
    ("2021", "active_disclosure", 9, ("第二十条第（八）项", "行政事业性收费"), ("本年收费金额（单位：万元）",)),
    ("2019", "active_disclosure", 21, ("第二十条第（九）项", "政府集中采购"), ("采购总金额",)),
    ("2019", "active_disclosure", 19, ("第二十条第（八）项", "行政事业性收费"), ("本年增/减",)),
    ("2021", "applications", 29, ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"),
     ("申请人情况", "法人或其他组织", "商业企业")),
    ("2021", "applications", 174, ("四、结转下年度继续办理",), ("申请人情况", "总计")),
    ("2019", "applications", 140, ("三、本年度办理结果", "（六）其他处理"), ("申请人情况", "自然人")),
    ("2019", "applications", 147, ("三、本年度办理结果", "（七）总计"), ("申请人情况", "自然人")),
    ("2021", "applications", 154, ("三、本年度办理结果", "（六）其他处理", "3.其他"), ("申请人情况", "自然人")),
    ("2021", "review_litigation", 9, (), ("行政诉讼", "未经复议直接起诉", "总计")),
    ("2019", "review_litigation", 10, (), ("行政诉讼", "复议后起诉", "结果维持")),
])
def test_exact_paths_of_single_cells(fmt, table_id, index, row, col):
    assert get_template(fmt).table(table_id).cells()[index] == (row, col)


def test_tables_and_formats():
    for fmt in FORMATS:
        t = get_template(fmt)
        assert t.name == fmt and tuple(t.tables) == TABLE_IDS
        cells = [c for spec in t.tables.values() for c in spec.cells()]
        assert len(cells) == len(set(cells))  # every canonical cell exactly once
    assert [get_template(f).table(t).n_cells for f in FORMATS for t in TABLE_IDS] == [22, 161, 15, 10, 175, 15]
    assert get_template("2021") is get_template("2021")
    with pytest.raises(ValueError, match="2020"):
        get_template("2020")
    lex = lexicon()
    assert "行政规范性文件" in lex["rowlabel"] and "规范性文件" in lex["rowlabel"]
    assert "本年制发件数" in lex["colhead"] and "本年新制作数量" in lex["colhead"]
    assert "第二十条第（九）项" in lex["block"] and "" not in lex["rowlabel"]


HEADER_2021 = "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
HEADER_2019 = "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |"


@pytest.mark.parametrize("text, expected", [
    (HEADER_2021, "2021"),
    (HEADER_2019, "2019"),
    ("信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |", "2019"),
    ("政府集中采购 | 12 | 251000元 |", "2019"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 |", "2021"),
    ("本年\n制发\n件数", "2021"),                         # header word split over lines
    ("本年 | 新制作 | 数量", "2019"),                       # ... or over pipe cells
    ("本年制发件数 本年新制作数量", "2021"),                 # a tie goes to the newer format
    # 2021 tables whose prose mentions 政府集中采购 once: the table header outweighs it.
    ("本年通过政府集中采购平台采购办公用品。\n" + HEADER_2021 + "\n本年处理决定数量", "2021"),
    ("一、总体情况\n本年度我局认真贯彻落实《条例》,全年主动公开政府信息1200条。", None),
    ("", None),
    ("(七)总计 | 21 | 0 | 0 | 0 | 0 | 0 | 21 |", None),     # table 三 alone is the same in both formats
])
def test_detect_format(text, expected):
    assert detect_format(text) == expected


@pytest.mark.parametrize("year, expected", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021"),
                                            (2018, None), (None, None)])
def test_the_reports_year_tells_its_format_where_the_text_does_not(year, expected):
    # Reports on 2019 and 2020 use the 2019 format, on 2021 and later the 2021 format (国办公开办函〔2021〕30号);
    # the pipeline asks only where no header word of either format is printed (table 四 alone).
    assert format_for_year(year) == expected


def test_detect_format_after_normalisation_of_traditional_full_width_text():
    raw = "資訊內容 | 本年製發件數 | 本年廢止件數 | 現行有效件數 |\n本年增／減"
    assert detect_format(raw) is None  # detection expects normalised text ...
    assert detect_format("\n".join(normalise_text(raw))) == "2021"  # ... which reads as 2021
    assert detect_format("\n".join(normalise_text("上一年項目數量 | 本年增／減"))) == "2019"
