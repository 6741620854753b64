"""normalise.py on hand-made lines: NFKC, Unicode spaces, Traditional script, pinyin glosses,
box drawing, empty-cell lines, and one output line per input line."""
from __future__ import annotations

import unicodedata

import pytest

from tablerecover.normalise import EMPTY_CELL_MARK, compact, normalise_line, normalise_piece, normalise_text
from tablerecover.template import FORMATS, get_template, lexicon


@pytest.mark.parametrize("raw, expected", [
    ("（七）总计６３０", "(七)总计630"),                       # full-width parentheses and digits
    ("１２，３４５", "12,345"),                                # full-width comma stays a thousands separator
    ("本年增／减 －８ ＋１０３６", "本年增/减 -8 +1036"),        # full-width slash and signs
    ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),      # full-width colon
    ("第二十条第（一）项", "第二十条第(一)项"),
    ("⑴予以公开", "(1)予以公开"),                               # enclosed numerals decompose
])
def test_nfkc_full_width_forms(raw, expected):
    assert normalise_line(raw) == expected


SPACES = ["\u00a0", "\u1680", *[chr(c) for c in range(0x2000, 0x200B)], "\u202f", "\u205f", "\u3000", "\t"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("space", SPACES, ids=[f"U+{ord(c):04X}" for c in SPACES])
def test_every_unicode_space_becomes_one_ascii_space(space):
    # Two in a row stay two spaces: the fragmenter reads 2+ spaces as a column gap.
    assert normalise_line(f"规章{space}0{space}{space}7") == "规章 0  7"
    assert normalise_line(f"{space}规章{space}") == " 规章"  # leading kept, trailing stripped


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_zero_width_characters_vanish(mark):
    assert normalise_line(f"行政{mark}许可{mark} 1{mark}2") == "行政许可 12"


@pytest.mark.parametrize("raw, expected", [
    ("行政規範性檔案", "行政规范性文件"),               # 檔案 is the Taiwan term for 文件, inside a label
    ("本機關不掌握相關政府資訊", "本机关不掌握相关政府信息"),  # 資訊 → 信息, the rest by character
    ("結轉下年度繼續辦理", "结转下年度继续办理"),
    ("（三）不予公開 | 1.屬於國家秘密", "(三)不予公开 | 1.属于国家秘密"),
    ("規章 | 0 | 0 | 0 |", "规章 | 0 | 0 | 0 |"),
    ("档案管理", "档案管理"),                         # Simplified 档案 is left alone (it means archives)
    ("行政规范性文件", "行政规范性文件"),
    ("pdf", "pdf"),
])
def test_traditional_to_simplified(raw, expected):
    assert normalise_line(raw) == expected


def test_template_wording_is_a_fixed_point():
    # Simplified template text must come out as its NFKC form (no t2s over-conversion of 着/干/发 …),
    # or row labels would stop matching the template.
    words = {w for name in FORMATS for t in get_template(name).tables.values()
             for path, col in t.cells() for w in path + col}
    words |= {w for ws in lexicon().values() for w in ws}
    changed = {w: normalise_piece(w) for w in words if normalise_piece(w) != unicodedata.normalize("NFKC", w)}
    assert changed == {}
    assert len(words) > 80


def test_archive_agency_name_is_not_turned_into_file():
    assert normalise_line("衢州市檔案館2023年政府信息公開工作年度報告") == "衢州市档案馆2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("raw, expected", [
    ("區(qū)", "区"),
    ("區（qū）人民政府", "区人民政府"),             # full-width parentheses: NFKC runs first
    ("应(yīng)当依法公开", "应当依法公开"),
    ("第(dì)二十条", "第二十条"),
    ("绿(lǜ)色", "绿色"),
    # Not glosses: enumerators, notes and ASCII asides have no toned vowel, or follow no CJK character.
    ("（一）予以公开", "(一)予以公开"),
    ("(单位:万元)", "(单位:万元)"),
    ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
    ("附件下载(pdf)", "附件下载(pdf)"),
    ("区(a)", "区(a)"),
    ("abc(qū)", "abc(qū)"),
    ("(yī)", "(yī)"),
])
def test_pinyin_gloss_removed_only_after_a_character(raw, expected):
    assert normalise_line(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    # pdf.js's pdf2md marks text off the baseline as superscript (pta-kjj2020's print): the numbers stay apart.
    ("其他对外管理服 务事项^7 -7^0", "其他对外管理服 务事项 7 -7 0"),
    ("政府集中采购 (^5 142512) 元", "政府集中采购  5 142512  元"),
    ("信息内容 上一年项目数量 (^) 本年增/减", "信息内容 上一年项目数量    本年增/减"),
])
def test_superscript_marks_of_a_pdf_to_markdown_converter_go(raw, expected):
    assert normalise_line(raw) == expected


@pytest.mark.parametrize("text, expected", [
    # bs4 on a Word page's spans (generated): the gloss of 請 cut by a line break; its tail "ǐng)" was
    # read as the row's first cell and the row lost its 0.
    ("2.重複申請(q\nǐng)\n0", ["2.重复申请", "", "0"]),
    ("申請(\nqǐng)人", ["申请", "人"]),
    # No toned syllable, or no character before the bracket: not a gloss.
    ("(一)予以公开(\nabc)", ["(一)予以公开(", "abc)"]),
    ("申请(\n2)", ["申请(", "2)"]),
])
def test_pinyin_gloss_cut_by_a_line_break_goes_from_both_lines(text, expected):
    assert normalise_text(text) == expected


@pytest.mark.parametrize("raw, expected", [
    ("│ 规章 │ 0 │ 0 │", "| 规章 | 0 | 0 |"),
    ("┃ 行政许可 ┃ 5 ┃", "| 行政许可 | 5 |"),
    ("║ 行政处罚 ║ 7 ║", "| 行政处罚 | 7 |"),
    ("┌──────┬───┐", ""),
    ("├──────┼───┤", ""),
    ("└──────┴───┘", ""),
    ("╔══╦══╗", ""),
    ("+------+---+", ""),
    ("|:-----|--:|", ""),
    ("|  |  |", "|  |  |"),   # a row of empty cells is not a rule
    ("- 3 -", "- 3 -"),       # a page number is not a rule
    ("--", "--"),             # nor a "not applicable" cell
    ("—", "—"),
])
def test_box_drawing_to_pipes_and_blank_rules(raw, expected):
    assert normalise_line(raw) == expected


@pytest.mark.parametrize("raw", ["\u00a0", "\u00a0\u00a0 ", "\u3000", " \u3000 ", "\u2009", "\u00a0\t"])
def test_line_of_only_nbsp_or_ideographic_space_is_an_empty_cell(raw):
    assert normalise_line(raw) == EMPTY_CELL_MARK


@pytest.mark.parametrize("raw", ["", "   ", "\t", " \t ", "\u200b"])
def test_truly_blank_line_stays_blank(raw):
    assert normalise_line(raw) == ""


def test_one_output_line_per_input_line():
    src = [
        "\ufeff二、主动公开政府信息情况",      # 1: BOM at the start of the file
        "┌────┬───┐",                        # 2: rule → blank
        "│ 規章 │ ０ │",                     # 3
        "\u00a0\u00a0",                      # 4: empty cell
        "",                                  # 5: blank
        "區(qū)政府\u3000\u3000",              # 6
        "├────┼───┤",                        # 7
        "（七）总计\u200b６３００２０４６９",   # 8
    ]
    expected = ["二、主动公开政府信息情况", "", "| 规章 | 0 |", EMPTY_CELL_MARK, "", "区政府", "", "(七)总计630020469"]
    for newline in ("\n", "\r\n", "\r"):
        out = normalise_text(newline.join(src) + newline)
        assert out == expected, repr(newline)
    # No trailing newline: same lines.
    assert normalise_text("\n".join(src)) == expected


@pytest.mark.parametrize("sep", ["\x0c", "\x0b", "\u2028", "\x85"], ids=["FF", "VT", "LS", "NEL"])
def test_page_break_characters_do_not_add_lines(sep):
    out = normalise_text(f"规章 0 0 0\n{sep}行政规范性文件 1 2 3\n行政许可 5\n")
    assert len(out) == 3 and out[2] == "行政许可 5"


def test_compact_is_the_label_comparison_key():
    assert compact("“三安全 一稳定” | （一）") == "三安全一稳定(一)"
    assert compact("商 业\u3000企 业") == "商业企业"


@pytest.mark.parametrize("raw, expected", [
    (r"| 政府集中采购 | 929 | 120190475\.34元 |", "| 政府集中采购 | 929 | 120190475.34元 |"),  # pandoc -t gfm
    (r"1\. 属于国家秘密", r"1\. 属于国家秘密"),  # an escaped list marker is no number: left alone
    (r"C:\.cfg", r"C:\.cfg"),
])
def test_markdown_escaped_decimal_point(raw, expected):
    assert normalise_line(raw) == expected


def test_heading_marks_go_only_where_a_converter_marked_every_line():
    # pdf.js's pdf2md marks most lines as headings ("## 规章 0 0 0"): the marks hide the rows.
    rows = [f"## 第{i}行 {i} 0 0" for i in range(30)]
    assert normalise_text("\n".join(["## 二、主动公开政府信息情况", *rows, ""]))[:2] == \
        ["二、主动公开政府信息情况", "第0行 0 0 0"]
    # A report's own few headings keep theirs (html2text, pandoc markdown).
    own = ["## 二、主动公开政府信息情况", *[f"第{i}行 {i} 0 0" for i in range(30)]]
    assert normalise_text("\n".join(own))[0] == "## 二、主动公开政府信息情况"
