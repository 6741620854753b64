"""fragment.py on hand-made normalised scrapes: pipe cells, lone pipes, blank lines, space-aligned
columns, numbers split off labels (and the digits that must not be), spans and source lines."""
from __future__ import annotations

import pytest

from tablerecover.fragment import _split_cell, fragment_lines
from tablerecover.normalise import normalise_text
from tablerecover.values import parse_value


def frags_of(text: str):
    lines = normalise_text(text)
    frags = fragment_lines(lines, printed=text.split("\n"))
    for f in frags:  # every fragment is the exact text of its span in its own normalised line
        assert len(f.lines) == 1
        assert lines[f.lines[0] - 1][f.start:f.end] == f.text, f
    return frags


def table(frags):
    return [(f.text, f.lines[0], f.row, f.cell, f.n_cells, f.piped, f.blank_before, f.glued) for f in frags]


def test_pipe_rows_keep_padding_cells_as_empty_fragments():
    frags = frags_of("第二十条第（五）项 | | | |\n"
                     "信息内容 | 本年处理决定数量 | ||\n"
                     "行政许可 | | 0 | / |\n")
    assert table(frags) == [
        ("第二十条第(五)项", 1, 0, 0, 4, True, False, False),
        ("", 1, 0, 1, 4, True, False, False),
        ("", 1, 0, 2, 4, True, False, False),
        ("", 1, 0, 3, 4, True, False, False),
        ("信息内容", 2, 1, 0, 4, True, False, False),
        ("本年处理决定数量", 2, 1, 1, 4, True, False, False),
        ("", 2, 1, 2, 4, True, False, False),
        ("", 2, 1, 3, 4, True, False, False),
        ("行政许可", 3, 2, 0, 4, True, False, False),
        ("", 3, 2, 1, 4, True, False, False),
        ("0", 3, 2, 2, 4, True, False, False),
        ("/", 3, 2, 3, 4, True, False, False),
    ]
    # An empty cell sits at the position of its padding, with an empty span there.
    assert [(f.start, f.end) for f in frags[:4]] == [(0, 9), (11, 11), (13, 13), (15, 15)]


@pytest.mark.parametrize("line, cells", [
    ("| 规章 | 0 | 7 |", ["规章", "0", "7"]),
    ("规章 | 0 | 7", ["规章", "0", "7"]),
    ("| 规章 | 0 | 7", ["规章", "0", "7"]),
    ("规章 | 0 | 7 |", ["规章", "0", "7"]),
    ("  | 规章 | 0 | 7 |  ", ["规章", "0", "7"]),
    ("|| 0 | 7 |", ["", "0", "7"]),      # an empty first cell survives the leading pipe
    ("| 规章 | 0 | 7 ||", ["规章", "0", "7", ""]),
    ("| |", [""]),
    ("│ 规章 │ 0 │ 7 │", ["规章", "0", "7"]),  # box drawing verticals are pipes
])
def test_leading_and_trailing_pipes(line, cells):
    frags = frags_of(line)
    assert [f.text for f in frags] == cells
    assert all(f.piped and f.n_cells == len(cells) for f in frags)


def test_one_cell_per_line_with_lone_pipes_as_row_boundaries():
    text = "规章\n0\n0\n|\n行政规范性文件\n10\n|\n \n|\n行政许可\n"
    frags = frags_of(text)
    assert [(f.text, f.lines[0], f.row, f.blank_before, f.piped) for f in frags] == [
        ("规章", 1, 0, False, False),
        ("0", 2, 1, False, False),
        ("0", 3, 2, False, False),
        ("行政规范性文件", 5, 3, True, False),   # the "|" on line 4 is a boundary, not a row
        ("10", 6, 4, False, False),
        ("行政许可", 10, 5, True, False),
    ]
    assert all(f.n_cells == 1 and f.cell == 0 for f in frags)


def test_blank_before_is_set_by_blank_lines_and_rules_on_the_first_cell_only():
    text = ("信息内容 | 本年处理决定数量 |\n"
            "\n"
            "\n"
            "行政处罚 | 35 |\n"
            "├──────┼───┤\n"
            "行政强制 | 2 |\n"
            "行政许可 | 7 |\n"
            "\u3000\n"             # an empty cell (not a separator) ...
            "\n"
            "\u00a0\n")            # ... and one after a blank line
    frags = frags_of(text)
    assert [(f.text, f.lines[0], f.blank_before) for f in frags] == [
        ("信息内容", 1, False), ("本年处理决定数量", 1, False),
        ("行政处罚", 4, True), ("35", 4, False),
        ("行政强制", 6, True), ("2", 6, False),
        ("行政许可", 7, False), ("7", 7, False),
        ("", 8, False),
        ("", 10, True),
    ]
    assert [f.row for f in frags] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 5]
    empty_cells = frags[-2:]
    assert all(f.empty and not f.piped and f.n_cells == 1 for f in empty_cells)


def test_a_rule_drawn_after_a_group_labels_piece_is_a_border():
    # w3m draws the rule under a row beside the piece of a vertical group label on that line.
    text = ("|  |(五|3.要求提供公开出版物 | |0 |\n"
            "|  |处理 ├─────────┼───┼───┤\n"
            "|  |  |4.无正当理由大量反复申请 |0 | |\n")
    frags = frags_of(text)
    assert [(f.text, f.row, f.ruled, f.blank_before) for f in frags if f.text or f.cell == 0] == [
        ("", 0, False, False), ("(五", 0, False, False), ("3.要求提供公开出版物", 0, False, False), ("0", 0, False, False),
        ("", 1, True, False), ("处理", 1, True, False),
        ("", 2, False, True), ("4.无正当理由大量反复申请", 2, False, False), ("0", 2, False, False)]


def test_space_aligned_columns():
    rows = ["信息内容      本年制发件数   本年废止件数  现行有效件数",
            "规章          0              /             12",
            "商业 企业   科研机构"]
    frags = frags_of("\n".join(rows) + "\n")
    assert [(f.text, f.row, f.cell, f.n_cells) for f in frags] == [
        ("信息内容", 0, 0, 4), ("本年制发件数", 0, 1, 4), ("本年废止件数", 0, 2, 4), ("现行有效件数", 0, 3, 4),
        ("规章", 1, 0, 4), ("0", 1, 1, 4), ("/", 1, 2, 4), ("12", 1, 3, 4),
        ("商业 企业", 2, 0, 2), ("科研机构", 2, 1, 2),   # one space does not split a label
    ]
    assert [f.start for f in frags] == [rows[f.row].index(f.text) for f in frags]
    assert not any(f.piped or f.glued for f in frags)


@pytest.mark.parametrize("line, texts, glued", [
    ("规章 0 0 0", ["规章", "0", "0", "0"], [False] * 4),
    ("（七）总计630020469", ["(七)总计", "630020469"], [False, True]),
    ("3.其他0000000", ["3.其他", "0000000"], [False, True]),
    ("采购总金额251000元", ["采购总金额", "251000元"], [False, True]),
    ("本年增/减 -8", ["本年增/减", "-8"], [False, False]),
    ("本年增／减 ＋１０３６", ["本年增/减", "+1036"], [False, False]),
    ("行政许可 1,024", ["行政许可", "1,024"], [False, False]),
    ("本年收费金额（单位：万元） 4068.208", ["本年收费金额(单位:万元)", "4068.208"], [False, False]),
    ("规章 / - 无", ["规章", "/", "-", "无"], [False] * 4),
    ("一、本年新收政府信息公开申请数量 30 0 0 0 0 0 30", ["一、本年新收政府信息公开申请数量", "30", "0", "0", "0", "0", "0", "30"],
     [False] * 8),
    ("0 0 0", ["0", "0", "0"], [False] * 3),
    # A label cut at its comma (pdftotext -layout), the numbers after a space.
    ("年度办理 （二）部分公开（区分处理的， 0 0 369", ["年度办理 (二)部分公开(区分处理的,", "0", "0", "369"], [False] * 4),
    # A blank cell's dash printed against its label (PyMuPDF): a mark, never glued digits; "无" and a
    # slash against text stay words ("申请人无…", a header wrapped at "本年增/").
    ("行政规范性文件— 4", ["行政规范性文件", "—", "4"], [False] * 3),
    # ... a hyphen too (a full-width one normalises to it): "行政规范性文件- 0 /" was one label; a
    # hyphen before digits is a sign, glued ("规章-3": a change of −3); after other text it joins words
    # (a breadcrumb).
    ("行政规范性文件- 0 /", ["行政规范性文件", "-", "0", "/"], [False] * 4),
    ("行政规范性文件－", ["行政规范性文件", "-"], [False] * 2),
    ("规章-3", ["规章", "-3"], [False, True]),
    # ... and a slash: "其他对外管理服务事项/" was one label, its 0 0 read into the wrong columns.
    ("其他对外管理服务事项/", ["其他对外管理服务事项", "/"], [False] * 2),
    ("政府信息公开-政府信息公开年报-", ["政府信息公开-政府信息公开年报-"], [False]),
    ("申请人无", ["申请人无"], [False]),
    ("申请人无 正当理由", ["申请人无 正当理由"], [False]),
    # Numbers set apart after a word ending in 无 are cells all the same (pdfplumber: a group label's
    # first piece beside the upper pieces of stacked full-width numbers).
    ("(四)⽆ ３ ３", ["(四)无", "3", "3"], [False] * 3),
    ("本年增/", ["本年增/"], [False]),
    # A vertical group label's piece ending in 本年 on a row's line (pdfplumber): 本年 is no date.
    ("三、本年 0 0 0 0 0 0 0", ["三、本年"] + ["0"] * 7, [False] * 8),
    # Beside a label, "— 158 -" is a blank, 158 and a blank (pypdf), not a page number "- 3 -".
    (" 规章  — 158 -", ["规章", "—", "158", "-"], [False] * 4),
    # A row's enumerator on its numbers' line, one space before them (pdftotext -layout): a label's piece.
    ("2. 0 0 4 0", ["2.", "0", "0", "4", "0"], [False] * 5),
    # ... or after the label's words (a wrapped "2.重复申请"): the enumerator stays with the label.
    ("重复申请 2. 0 68", ["重复申请 2.", "0", "68"], [False] * 3),
])
def test_numeric_tail_split_off_the_label(line, texts, glued):
    frags = frags_of(line)
    assert [f.text for f in frags] == texts
    assert [f.glued for f in frags] == glued
    assert all(f.n_cells == len(texts) and f.row == 0 and not f.piped for f in frags)
    assert [f.cell for f in frags] == list(range(len(texts)))


@pytest.mark.parametrize("line", [
    "2024-01-29",
    "成文日期:2024-01-29",
    "发布日期： 2024-01-29",
    "发布时间:2024-01-29 19:12",
    "电话:88830222",
    "联系电话 88830222",
    "联系电话：0570-8830222",
    "邮编 324000",
    "- 3 -",
    "-3-",
    "— 12 —",
    "第 3 页",
    "第3页",
    "统计时限为2023年1月1日至2023年12月31日",
    "2023年 12",
    "二〇二三年 12",
])
def test_dates_phones_and_page_numbers_are_not_split(line):
    frags = frags_of(line)
    assert len(frags) == 1
    assert frags[0].text == normalise_text(line)[0]
    assert not frags[0].glued


def test_source_line_numbers_survive_blank_and_dropped_lines():
    text = ("三、收到和处理政府信息公开申请情况\n"   # 1
            "\n"                                    # 2
            "┌───┬───┐\n"                           # 3: rule → blank
            "│ (七)总计 │ 21 │\n"                  # 4
            "|\n"                                   # 5: boundary
            "四、结转下年度继续办理  10\n"            # 6
            "\n"                                    # 7
            "- 3 -\n")                              # 8
    frags = frags_of(text.replace("\n", "\r\n"))
    assert [(f.text, f.lines) for f in frags] == [
        ("三、收到和处理政府信息公开申请情况", (1,)),
        ("(七)总计", (4,)), ("21", (4,)),
        ("四、结转下年度继续办理", (6,)), ("10", (6,)),
        ("- 3 -", (8,)),
    ]
    assert [f.blank_before for f in frags] == [False, True, False, True, False, True]


def test_a_bracketed_unit_after_a_space_stays_with_its_number():
    from tablerecover.fragment import fragment_lines
    from tablerecover.normalise import normalise_text

    texts = [f.text for f in fragment_lines(normalise_text("政府集中采购 1 2488 （元）"))]
    assert texts == ["政府集中采购", "1", "2488 (元)"]
    # pypdf spaces the bracket's CJK; pdftotext -layout spreads it over what looks like a column gap.
    for printed in ("政府集中采购 1 2488( 元 )", "      政府集中采购            1                 2488(   元)"):
        frags = fragment_lines(normalise_text(printed))
        assert [parse_value(f.text).value for f in frags] == [None, 1, 2488]


@pytest.mark.parametrize("line, texts", [
    # A label with a typo is no template word: its row's run was glued to the next enumerator.
    (("2.重复申请00000003.其他0000000(六)其他处理1.申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请30030062.申请人预期未按收费通知要求缴纳费用"
      "、行政机关不再处理其政府信息公开申请7002009"),
     ["2.重复申请", "0000000", "3.其他", "0000000", "(六)其他处理", "1.申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请", "3003006",
      "2.申请人预期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "7002009"]),
    # A short group label ("（六）其他" for （六）其他处理) and a page number after a row's run.
    (("5.要求行政机关确认或重新出具已获取信息1000001（六）其他1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000第9页"
      "三、本年度办理结果"),
     ["5.要求行政机关确认或重新出具已获取信息", "1000001", "(六)", "其他", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "0000000", "第9页", "三、本年度办理结果"]),
    # A page's number between dashes after a row's run, the table's header again after it (lxml of a
    # Word-exported page): not a blank mark, a 2 and a blank mark — after a label no template word
    # matches (预期, a typo) too.
    ("7.属于行政执法案卷00000008.属于行政查询事项1000001—2—三、本年度办理结果(四)无法提供",
     ["7.属于行政执法案卷", "0000000", "8.属于行政查询事项", "1000001", "—2—", "三、本年度办理结果", "(四)无法提供"]),
    ("4.无正当理由大量反复申请10000015.要求行政机关确认或重新出具已获取信息0000000(六)其他处理"
     "1.申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请6000006—5—申请人情况",
     ["4.无正当理由大量反复申请", "1000001", "5.要求行政机关确认或重新出具已获取信息", "0000000", "(六)其他处理",
      "1.申请人无正当理由预期不补正、行政机关不再处理其政府信息公开申请", "6000006", "—5—", "申请人情况"]),
])
def test_glued_line_cuts_a_run_before_the_next_opener(line, texts):
    frags = frags_of(line)
    assert [f.text for f in frags] == texts
    assert [f.glued for f in frags] == [t.isdigit() for t in texts]


def test_a_rows_numbers_before_the_next_rows_label_on_one_line_are_cut_out():
    # pdf.js's pdf2md joins lines that sit close: a row's numbers, then the next row's label.
    pieces = [p[0] for p in _split_cell("1.属于国家 秘密 0 0 0 0 0 0 0 2.其他法律 行政法规禁 止公开")]
    assert pieces == ["1.属于国家 秘密", *["0"] * 7, "2.其他法律 行政法规禁 止公开"]
    assert not any(g for *_, g in _split_cell("(一)予以公开 2 0 0 0 0 0 2 (二)部分公开(区分"))  # set apart: no run to cut
    # Numbers in a sentence, or not followed by an enumerated label, stay where they are.
    assert [p[0] for p in _split_cell("共收到 3 5 7 件")] == ["共收到 3 5 7 件"]
    assert [p[0] for p in _split_cell("规章 0 0 0")] == ["规章", "0", "0", "0"]


def test_a_glued_run_is_cut_before_a_top_level_row_no_template_word_matches():
    # bs4 of a minified page (generated): "（七）总计00000195195四、结转下一年度继续办理0000000" — the typo
    # (下一年度) hides the label from the template words; the run still ends where "四、" opens a row.
    line = ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000553.其他0000033(七)总计"
            "00000195195四、结转下一年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况")
    pieces = [p[0] for p in _split_cell(line)]
    assert pieces[pieces.index("(七)总计") + 1:][:3] == ["00000195195", "四、结转下一年度继续办理", "0000000"]


def test_a_glued_header_run_cuts_a_prose_line_whose_only_numbers_are_its_tables():
    # lxml of a minified page (generated) whose tables 二 and 三 print no number: table 四's header glued
    # word to word, its run after it, all in one line of prose — the words cover little of the line and
    # one gap holds numbers, yet the header's run of words is a table's.
    line = ("本年度共收到政府信息公开申请1件，均已按时答复。四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持"
            "结果纠正其他结果尚未审结总计0000五、存在的主要问题及改进情况部分栏目信息更新不够及时，政策解读形式较为单一。")
    pieces = [p[0] for p in _split_cell(line)]
    assert pieces[pieces.index("总计") + 1] == "0000"
    # Prose naming two of the words, a number after one of them, stays whole.
    prose = "本年度发生行政复议3件，行政诉讼情况良好，无结果纠正。" * 3
    assert [p[0] for p in _split_cell(prose)] == [prose]


def test_a_pipe_before_a_rows_first_cell_is_a_blank_cell_where_tables_draw_inner_pipes_only():
    # html2text: "a | b", its rule "---|---" (normalised away). A row whose first and last cells are
    # blank starts and ends with a pipe: both are cells. Pipes drawn around rows (markdown, "|---|")
    # are borders; a link list's lone trailing pipe is no table row.
    html2text = "结果维持 | 结果纠正 | 尚未审结 | 总计\n---|---|---|---\n|  1 |  1 |  \n[联系我们](/a)|"
    assert [f.text for f in frags_of(html2text) if f.lines[0] == 3] == ["", "1", "1", ""]
    assert [f.text for f in frags_of(html2text) if f.lines[0] == 4] == ["[联系我们](/a)"]
    markdown = "| 结果维持 | 结果纠正 | 尚未审结 | 总计 |\n|---|---|---|---|\n|  | 1 | 1 |  |"
    assert [f.text for f in frags_of(markdown) if f.lines[0] == 3] == ["", "1", "1", ""]
