"""Reading inputs: bad files give a report with problems and all tables missing (never an exception);
Chinese encodings and HTML tables are read, with line numbers of the decoded text."""
from __future__ import annotations

import codecs
import json

import pytest

import tablerecover.io as tio
from tablerecover.io import read_input
from tablerecover.pipeline import RuleLabeller, recover_file
from tablerecover.template import TABLE_IDS, TABLE_NOTE, get_template

SIMPLIFIED = [
    "某某区应急管理局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "本年度我局认真贯彻落实条例，主动公开政府信息。",
    "二、主动公开政府信息情况",
    "第二十条第（一）项 | | | |",
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "规章 | 0 | 0 | 0 |",
    "行政规范性文件 | 12 | 3 | 57 |",
    "三、收到和处理政府信息公开申请情况",
]
TRADITIONAL = [
    "某某區應急管理局2023年政府資訊公開工作年度報告",
    "一、總體情況",
    "本年度我局認真貫徹落實條例，主動公開政府資訊。",
    "二、主動公開政府資訊情況",
    "第二十條第（一）項 | | | |",
    "信息內容 | 本年製發件數 | 本年廢止件數 | 現行有效件數 |",
    "規章 | 0 | 0 | 0 |",
    "行政規範性檔案 | 12 | 3 | 57 |",
    "三、收到和處理政府資訊公開申請情況",
]
NO_TABLES = "某某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度我局主动公开政府信息120条。\n"


def assert_all_missing(report, problem: str):
    assert report.template is None
    assert {t: r.status for t, r in report.tables.items()} == dict.fromkeys(TABLE_IDS, "missing")
    assert all(r.cells == [] for r in report.tables.values())
    assert report.checks == []
    assert len(report.problems) == 1 and problem in report.problems[0], report.problems
    d = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert d["tables"] == {t: {"status": "missing", "cells": []} for t in TABLE_IDS}
    assert d["problems"] == report.problems


BAD_INPUTS = [
    ("empty.txt", b"", "input is empty"),
    ("blank.txt", b"  \r\n\n\t \n", "input is empty"),
    ("random.bin", bytes((i * 7919 + 13) % 251 for i in range(6000)), "binary"),
    ("archive.gz", b"\x1f\x8b\x08\x00" + bytes((i * 31) % 256 for i in range(3000)), "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
]


@pytest.mark.parametrize("name, data, problem", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_unreadable_content_gives_a_problem_and_missing_tables(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    inp = read_input(path)
    assert inp.source == str(path) and inp.text == ""
    assert len(inp.problems) == 1 and problem in inp.problems[0]
    report = recover_file(path, RuleLabeller())
    assert report.source == str(path)
    assert_all_missing(report, problem)


def test_directory_and_missing_path(tmp_path):
    report = recover_file(tmp_path, RuleLabeller())
    assert_all_missing(report, "is a directory, not a file")
    assert report.problems == [f"{tmp_path} is a directory, not a file"]
    missing = tmp_path / "nope" / "report.txt"
    report = recover_file(missing, RuleLabeller())
    assert_all_missing(report, "No such file or directory")
    assert report.problems[0].startswith(f"cannot read {missing}:")


def test_input_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tio, "MAX_BYTES", 64)
    path = tmp_path / "big.txt"
    path.write_text(NO_TABLES * 3, encoding="utf-8")
    assert read_input(path).text == ""
    assert_all_missing(recover_file(path, RuleLabeller()), "limit for one report")


@pytest.mark.parametrize("text", [NO_TABLES, "<html><body><p>一、总体情况</p><table><tr><td colspan='x'>附件</td></tr></table>"])
def test_file_without_tables(tmp_path, text):
    path = tmp_path / "prose.html"
    path.write_text(text, encoding="utf-8")
    assert read_input(path).problems == []
    report = recover_file(path, RuleLabeller())
    assert_all_missing(report, "no table of the annual-report template was found in the input")


def test_nul_heavy_binary_that_happens_to_be_valid_utf8_is_reported_as_binary(tmp_path):
    path = tmp_path / "tool"
    path.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 600 + bytes(range(1, 32)) * 20)
    report = recover_file(path, RuleLabeller())
    assert any("binary" in p for p in report.problems), report.problems


ENCODED = [
    ("gbk", SIMPLIFIED, lambda s: s.encode("gbk"), "gb18030"),
    ("gb2312", SIMPLIFIED, lambda s: s.encode("gb2312"), "gb18030"),
    ("big5", TRADITIONAL, lambda s: s.encode("big5"), "big5"),
    ("utf-16-le-bom", SIMPLIFIED, lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
    ("utf-16-be-bom", TRADITIONAL, lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
    ("utf-8-bom", SIMPLIFIED, lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le-no-bom", SIMPLIFIED, lambda s: s.encode("utf-16-le"), "utf-16-le"),
]


@pytest.mark.parametrize("name, lines, encode, encoding", ENCODED, ids=[e[0] for e in ENCODED])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_chinese_encodings_are_decoded_and_recovered(tmp_path, name, lines, encode, encoding, newline):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(newline.join(lines) + newline))
    inp = read_input(path)
    assert (inp.encoding, inp.problems) == (encoding, [])
    assert inp.text.splitlines() == lines  # no BOM left, nothing mis-decoded
    report = recover_file(path, RuleLabeller())
    assert report.problems == [] and report.template == "2021"
    assert report.meta.agency == "某某区应急管理局" and report.meta.year == 2023
    act = report.tables["active_disclosure"]
    assert act.status == "partial"  # only block 第二十条第（一）项 is in the file
    placed = [(c.row[-1], c.col[0], c.value, c.lines) for c in act.cells if c.lines]
    assert placed == [("规章", "本年制发件数", 0, (7,)), ("规章", "本年废止件数", 0, (7,)), ("规章", "现行有效件数", 0, (7,)),
                      ("行政规范性文件", "本年制发件数", 12, (8,)), ("行政规范性文件", "本年废止件数", 3, (8,)),
                      ("行政规范性文件", "现行有效件数", 57, (8,))]
    assert report.tables["applications"].status == report.tables["review_litigation"].status == "missing"


def test_line_numbers_after_a_page_break_refer_to_the_file(tmp_path):
    lines = list(SIMPLIFIED)
    lines[6] = "\x0c" + lines[6]  # page 2 starts at 规章
    path = tmp_path / "pdftotext.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = recover_file(path, RuleLabeller())
    assert [c.lines for c in report.tables["active_disclosure"].cells[3:6]] == [(8,)] * 3


ACTIVE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>页面标题</title><style>td { border: 1px solid; }</style>
<script>var t = "<table><tr><td>规章</td><td>999</td></tr></table>";</script></head><body>
<h2>某某区应急管理局2023年政府信息公开工作年度报告</h2>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>&nbsp;</td><td>/</td></tr>
<tr><td>行政规范性<br>文件</td><td>12</td><td>3</td><td>5&#55;</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1,024</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">88</td></tr>
<tr><td>行政强制</td><td colspan="3">0</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">4068.208</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
<td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>2</td><td>1</td><td>0</td><td>0</td><td>3</td><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>无。</p>
</body></html>"""


def test_html_with_colspan_and_rowspan_is_read(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(ACTIVE_HTML, encoding="utf-8")
    inp = read_input(path)
    lines = inp.text.splitlines()
    # Rows become pipe lines, a colspan cell is followed by its padding, script and head text are gone.
    assert "第二十条第（一）项 |" in lines  # no colspan padding: a blank cell is the only empty cell
    assert "行政许可 | 1,024 |" in lines
    assert "规章 | 0 |  | / |" in lines
    assert "行政规范性 文件 | 12 | 3 | 57 |" in lines
    assert '行政复议 | 行政诉讼 |' in lines  # spanning headers printed once
    assert "999" not in inp.text and "页面标题" not in inp.text and "border" not in inp.text

    report = recover_file(path, RuleLabeller())
    assert report.problems == [] and report.template == "2021"
    assert {t: r.status for t, r in report.tables.items()} == {
        "active_disclosure": "recovered", "applications": "missing", "review_litigation": "recovered"}
    act = report.tables["active_disclosure"]
    assert [(c.value, c.kind) for c in act.cells] == [
        (0, "zero"), (None, "empty"), (None, "na"), (12, "number"), (3, "number"), (57, "number"),
        (1024, "number"), (88, "number"), (0, "zero"), (4068.208, "number")]
    assert act.cells[3].lines == (lines.index("行政规范性 文件 | 12 | 3 | 57 |") + 1,)
    assert [c.value for c in report.tables["review_litigation"].cells] == [2, 1, 0, 0, 3, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]
    assert [c.ok for c in report.checks] == [True, True, True]


def _applications_html(values: dict) -> str:
    """Table 三 as real pages print it: a 3-row header with rowspans/colspans, row-spanning group labels."""
    spec = get_template("2021").table("applications")
    out = ["<table border='1'>",
           f"<tr><td colspan='3' rowspan='3'>{TABLE_NOTE}</td><td colspan='7'>申请人情况</td></tr>",
           "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>",
           "<tr>" + "".join(f"<td>{w}</td>" for w in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
           + "</tr>"]
    spans: dict[str, int] = {}
    for r in spec.rows:
        for g in r.path[:-1]:
            spans[g] = spans.get(g, 0) + 1
    seen: set[str] = set()
    for r in spec.rows:
        tds = [f"<td rowspan='{spans[g]}'>{g}</td>" for g in r.path[:-1] if g not in seen]
        seen.update(r.path[:-1])
        width = 4 - len(r.path)
        tds.append(f"<td colspan='{width}'>{r.label}</td>" if width > 1 else f"<td>{r.label}</td>")
        tds += [f"<td>{values[(r.path, c)]}</td>" for c in r.cols]
        out.append("<tr>" + "".join(tds) + "</tr>")
    return "\n".join(out + ["</table>"])


def test_gbk_html_applications_table_with_row_spanning_labels(tmp_path):
    spec = get_template("2021").table("applications")
    values = {cell: str(200 + i) for i, cell in enumerate(spec.cells())}
    html = ("<html><head><meta charset='gbk'></head><body><h1>某某区应急管理局2023年政府信息公开工作年度报告</h1>"
            "<p>三、收到和处理政府信息公开申请情况</p>" + _applications_html(values)
            + "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>本年度未发生行政复议、行政诉讼。</p></body></html>")
    path = tmp_path / "apps.htm"
    path.write_bytes(html.encode("gbk"))
    inp = read_input(path)
    assert inp.encoding == "gbk" and inp.problems == []
    assert "三、本年度办理结果 | （一）予以公开 | 214 |" in inp.text  # no colspan padding after the label
    report = recover_file(path, RuleLabeller())
    assert report.meta.agency == "某某区应急管理局" and report.template == "2021"
    apps = report.tables["applications"]
    assert apps.status == "recovered"
    assert [(c.row, c.col) for c in apps.cells] == spec.cells()
    assert [c.raw for c in apps.cells] == [values[(c.row, c.col)] for c in apps.cells]
    assert report.tables["review_litigation"].status == "missing"


def test_report_json_has_one_cell_per_line_and_parses_back(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("\n".join(["二、主动公开政府信息情况", "第二十条第（一）项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
                              "规章 | 1 | 0 | 5", "三、收到和处理政府信息公开申请情况"]), encoding="utf-8")
    report = recover_file(src, RuleLabeller()).to_dict()
    dest = tmp_path / "out" / "r.json"
    tio.write_json_atomic(dest, report)
    text = dest.read_text(encoding="utf-8")
    assert json.loads(text) == report
    cell_lines = [line for line in text.splitlines() if line.lstrip().startswith('{"row"')]
    cells = [c for t in report["tables"].values() for c in t["cells"]]
    assert len(cell_lines) == len(cells) > 0
    assert [json.loads(line.strip().rstrip(",")) for line in cell_lines] == cells
    assert not list(dest.parent.glob(".*.tmp"))  # no temporary file left behind
