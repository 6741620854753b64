"""Whole-table reading (issue 10): explicit placement, wrapped box rows, ambiguity, header reading."""
from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tablerecover.fragment import Fragment, fragment_lines
from tablerecover.normalise import compact, normalise_text
from tablerecover.pipeline import recover_file, recover_text
from tablerecover.decode.interleaved import _one_share
from tablerecover.decode.labels import label_similarities
from tablerecover.decode.rows import collect_values, row_identity
from tablerecover.decode.tables import _tails_after_numbers
from tablerecover.decode.units import Unit, join_filling_notes, merge_units, split_merged_rows
from tablerecover.template import TABLE_IDS, get_template

FIXTURES = Path(__file__).parent / "fixtures" / "regressions"


def _cells(report, table, row_last):
    return [c for c in report.tables[table].cells if c.row and c.row[-1] == row_last]


def _gold_cells(name: str, table: str = "applications") -> dict:
    """A fixture's gold values of one table by (row, column)."""
    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))
    return {(tuple(c["row"]), tuple(c["col"])): c["value"] for c in gold["tables"][table]["cells"]}


def _generated(name: str, tools: str = "Chromium and pdftotext") -> Path:
    path = FIXTURES / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"built only where these are installed: {tools}")
    return path


def _rows_as_gold(name: str, labels, model):
    """A generated fixture recovered, the rows named by their last label read as its gold; the report."""
    report, gold = recover_file(_generated(name), model), _gold_cells(name)
    for label in labels:
        got = _cells(report, "applications", label)
        assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got], label
    return report


def test_wrapped_box_row_takes_the_numbers_of_its_last_line(shipped_model):
    # w3m prints "1.申请人无正当理由逾期不补正" over empty cells, the zeros on the next line.
    report = recover_file(FIXTURES / "w3m_wrapped_box_rows_cg2021.txt", shipped_model)
    row = _cells(report, "applications", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert [(c.value, c.kind) for c in row] == [(0, "zero")] * 7
    assert all(c.placed and c.confidence > 0.9 for c in row)
    review = report.tables["review_litigation"]
    assert review.status == "recovered" and [c.value for c in review.cells] == [0] * 15


def test_a_drawn_cell_is_its_pieces_on_every_line_of_its_row(shipped_model):
    # w3m wraps 5314 as "53" over "14" and 2,092 as "2," "09" "2", the first piece above the label's
    # line: between the rules every line of the row is one row, and a cell's pieces are one number.
    path = _generated("w3m_number_wrapped_in_its_cell_generated", "w3m")
    report = recover_file(path, shipped_model)
    assert [c.value for c in _cells(report, "applications", "一、本年新收政府信息公开申请数量")] == [5314, 0, 0, 0, 0, 0, 5314]
    published = _cells(report, "applications", "（一）予以公开")
    assert [(c.value, c.raw) for c in published[::6]] == [(2092, "2092"), (2092, "2,092")]
    assert not [c for c in report.checks if not c.ok]
    # A group label's piece in its own column on the wrap's line ("│三、本│ … │７│") is no end of the row.
    report = recover_file(_generated("w3m_number_wrapped_beside_a_group_label_piece_generated", "w3m"), shipped_model)
    row = _cells(report, "applications", "1.本机关不掌握相关政府信息")
    assert [c.value for c in row] == [17, 0, 0, 0, 0, 0, 17] and all(c.confidence > 0.9 for c in row)
    assert not [c for c in report.checks if not c.ok]


def test_blank_cells_of_drawn_rows_sit_where_the_drawing_puts_them(shipped_model):
    # A report leaving many cells blank, through w3m: a row's numbers on the middle line of its wrapped
    # label, rules drawn beside a group label's pieces, table 四's one row under header lines of empty
    # cells. Each value is in the cell it is drawn in, and the drawn empty cells are blank, sure.
    path = _generated("w3m_blank_cells_in_wrapped_rows_generated", "w3m")
    report = recover_file(path, shipped_model)
    row = _cells(report, "applications", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert [c.value for c in row] == [None, None, None, None, 0, 0, None]
    assert all(c.placed and c.confidence >= 0.9 for c in row)
    review = report.tables["review_litigation"].cells
    assert [k for k, c in enumerate(review) if c.value == 0] == [0, 11, 12]
    assert all(c.confidence >= 0.9 for c in review)
    assert not [c for c in report.checks if c.rule == "reading.ambiguous"]


def test_cells_past_the_end_of_the_text_are_unread_not_blank(shipped_model):
    text = (FIXTURES / "w3m_wrapped_box_rows_cg2021.txt").read_text(encoding="utf-8")
    cut = text.index("（二）部分公开")
    report = recover_text(text[:cut], "cut.txt", shipped_model)
    total = _cells(report, "applications", "（七）总计")
    assert total and all((c.kind, c.value, c.confidence, c.placed) == ("unread", None, 0.0, False) for c in total)
    assert all(c.to_dict()["kind"] == "unread" for c in total)
    # Checks never use an unread cell as a blank (0).
    assert not [c for c in report.checks if c.rule == "applications.results_total"]


def test_table4_that_the_report_puts_in_an_attachment_takes_no_numbers(shipped_model):
    # pdftotext's default order runs table 三's columns on past table 四's heading and its "（表格见附件）":
    # read as table 四 without a header word, they were 15 cells of a table the report does not print.
    numbers = ["0", "1", "0", "2", "0", "2", "0", "7", "0", "0", "0", "2", "0", "0", "0", "2", "0", "1"]
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", "（表格见附件）", *numbers, "五、存在的主要问题及改进情况", "无。"])
    assert recover_text(text, "elsewhere.txt", shipped_model).tables["review_litigation"].status == "missing"
    # Without the note the numbers under the heading are the table's, read by order and unsure.
    table = recover_text(text.replace("（表格见附件）\n", ""), "bare.txt", shipped_model).tables["review_litigation"]
    assert table.status != "missing" and [c.raw for c in table.cells][:4] == ["0", "1", "0", "2"]


def test_the_gaps_of_a_space_aligned_row_place_its_numbers(shipped_model):
    # pdftotext -layout of a report leaving many cells blank: "5     0     0     5" has a blank cell in
    # each wide gap, "2 0     0         2" none in the narrow one, one in the next and two in the last.
    # Blank or a lost 0 the text cannot say: the cells stay guesses, and those no number went to unread.
    path = _generated("pdftotext_layout_blank_cells_in_the_gaps_generated")
    report = recover_file(path, shipped_model)
    new = _cells(report, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in new] == [5, None, 0, None, 0, None, 5]
    published = _cells(report, "applications", "（一）予以公开")
    assert [c.value for c in published] == [2, 0, None, 0, None, None, 2]
    assert all(c.confidence < 0.5 for c in new + published)
    assert [c.kind for c in new[1::2]] == ["unread"] * 3


def test_neighbour_cells_glued_by_pymupdf_are_cut_where_the_row_adds_up(shipped_model):
    # "1150" "0" "0" "0" "0115" for seven cells: "0115" can be no number, so the row's cells were glued
    # without a separator and 1150 may be two cells too; one cut adds up, and it is the reading.
    marked = _generated("pymupdf_neighbour_cells_glued_generated", "Chromium and PyMuPDF")
    unmarked = _generated("pymupdf_last_cells_glued_unmarked_generated", "Chromium and PyMuPDF")
    row = _cells(recover_file(marked, shipped_model), "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in row] == [115, 0, 0, 0, 0, 0, 115]
    assert all(c.confidence >= 0.9 for c in row)
    # "0 0 0 0 0 4848": no token shows the glue; cut the one way the row adds up, but only as a guess.
    row = _cells(recover_file(unmarked, shipped_model), "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in row] == [0, 0, 0, 0, 0, 48, 48]
    assert [c.read for c in row[-2:]] == ["glued?"] * 2 and max(c.confidence for c in row[-2:]) < 0.5
    # A page's foot ("—4—", then a no-break space line) after "0" … "0" "00": the space is no cell, and
    # "00" is cut. Without the page number the space reads as a blank cell, and a row that keeps "00"
    # as one number is a guess, its blank too.
    path = _generated("pymupdf_page_foot_space_read_as_a_blank_cell_generated", "Chromium and PyMuPDF")
    label = "1.属于国家秘密"
    row = _cells(recover_file(path, shipped_model), "applications", label)
    assert [c.value for c in row] == [0] * 7 and all(c.confidence >= 0.9 for c in row)
    lines = path.read_text(encoding="utf-8").split("\n")
    foot = next(i for i, line in enumerate(lines) if line.strip("—-") == "4" and lines[i + 1].strip() == "")
    report = recover_text("\n".join(lines[:foot] + lines[foot + 1:]), "no_page_number.txt", shipped_model)
    row = _cells(report, "applications", label)
    assert any(c.raw == "00" for c in row) and max(c.confidence for c in row) < 0.9


def test_a_number_printed_in_pieces_is_joined_where_the_row_adds_up(shipped_model):
    # pypdf spaces a Word page's full-width digits: "８ ３  0  ０  0  ０   ０  83", eight numbers for seven
    # cells. Joined the one way the row adds up (83 … 83), as a guess: the text keeps the pieces apart.
    path = _generated("pypdf_number_in_spaced_pieces_generated", "Chromium and pypdf")
    report = recover_file(path, shipped_model)
    for label, value in (("一、本年新收政府信息公开申请数量", 83), ("（一）予以公开", 35)):
        row = _cells(report, "applications", label)
        assert [c.value for c in row] == [value, 0, 0, 0, 0, 0, value]
        assert all(c.read == "glued?" and c.confidence < 0.5 for c in row)


def test_a_table_cut_in_two_between_its_columns_is_read_by_its_identities(shipped_model):
    # pdftotext prints the left four columns beside the labels, the right three as a block after each
    # page's rows ("2 0 0 0" "一、本年新收…" … "0" "0 2"). One merge of the two streams makes every row
    # and column identity hold: sure, and read so.
    path = _generated("pdftotext_table_cut_in_two_between_columns_generated")
    report = recover_file(path, shipped_model)
    cells = report.tables["applications"].cells
    assert {c.read for c in cells} == {"split"} and min(c.confidence for c in cells) >= 0.9
    assert [c.value for c in _cells(report, "applications", "一、本年新收政府信息公开申请数量")] == [2, 0, 0, 0, 0, 0, 2]
    assert [c.value for c in _cells(report, "applications", "2.重复申请")] == [1, 0, 0, 0, 0, 0, 1]
    # One number changed in the right block breaks the identities: no cut reading, nothing sure there.
    text = path.read_text(encoding="utf-8")
    at = text.index("\n0 2\n")
    broken = recover_text(text[:at] + "\n0 3\n" + text[at + 5:], "broken.txt", shipped_model)
    cells = broken.tables["applications"].cells
    assert "split" not in {c.read for c in cells}
    assert not [c for c in cells if c.confidence >= 0.9 and c.value == 3]


def test_a_cut_table_with_one_misprinted_cell_is_read_as_a_guess(shipped_model, monkeypatch):
    # The report misprints one results cell: its row's total and its column's （七） fail by the same
    # amount. The one cut reading that passes every other identity is the table, below sure; the two
    # failed checks are reported, and only they.
    for name, failing in (("pdftotext_cut_table_with_a_misprinted_cell_generated", ["results_total", "row_total"]),
                          ("pdftotext_cut_table_misprint_in_carried_over_generated", ["balance", "row_total"]),
                          # cut rows run straight on from whole rows (the layout tried last), and a misprint
                          ("pdftotext_cut_rows_straight_after_whole_rows_with_a_misprint_generated",
                           ["results_total", "row_total"])):
        report = recover_file(_generated(name), shipped_model)
        want = _gold_cells(name)
        cells = report.tables["applications"].cells
        assert {(c.row, c.col): c.value for c in cells} == want
        assert {c.read for c in cells} == {"split?"} and max(c.confidence for c in cells) <= 0.6
        failed = sorted(c.rule for c in report.checks if c.rule.startswith("applications.") and not c.ok)
        assert failed == [f"applications.{rule}" for rule in failing]
    # Seven such readings, all but one giving the numbers of a label's whole line to two rows: the one
    # left is the table, a guess.
    name = "pdftotext_cut_table_misprint_readings_tie_generated"
    report = recover_file(_generated(name), shipped_model)
    want = _gold_cells(name)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want and {c.read for c in cells} == {"split?"}
    assert not any(c.alternatives for c in cells) and max(c.confidence for c in cells) <= 0.6
    # Read without the whole lines, the seven tie: the reading nearest the text's order first (here the
    # table), the cells they differ in at 0.4 with the others as alternatives, a check naming them.
    from tablerecover.decode import orders
    monkeypatch.setattr(orders, "_whole_lines", lambda *args: {})
    report = recover_file(_generated(name), shipped_model)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want and {c.read for c in cells} == {"split?"}
    tied = [c for c in cells if c.alternatives]
    assert tied and all(c.confidence <= 0.4 for c in tied) and max(c.confidence for c in cells) <= 0.6
    check = next(c for c in report.checks if c.rule == "reading.ambiguous" and "misprinted" in c.detail)
    assert check.where.count("applications:") == len(tied)


def test_numbers_before_the_tables_header_are_not_its_own(shipped_model):
    # Four of table 二's numbers stand between table 三's heading and its header: the cut reading counts
    # from the header, and one reading passes — the table, sure.
    name = "pdftotext_last_tables_numbers_before_the_header_generated"
    report = recover_file(_generated(name), shipped_model)
    want = _gold_cells(name)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    assert {c.read for c in cells} == {"split"} and min(c.confidence for c in cells) >= 0.9


def test_a_cut_tables_last_block_past_the_next_headings_is_its_own(shipped_model):
    # Fourteen numbers short; the first run after two headings (past table 四's span) is exactly them.
    name = "pdftotext_cut_tables_last_block_past_the_next_headings_generated"
    report = recover_file(_generated(name), shipped_model)
    want = _gold_cells(name)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want and {c.read for c in cells} == {"split"}
    # Past one heading only, the run would be table 四's: not taken.
    text = _generated(name).read_text(encoding="utf-8").replace("五、存在的主要问题及改进情况", "", 1)
    cells = recover_text(text, "one_heading.txt", shipped_model).tables["applications"].cells
    assert "split" not in {c.read for c in cells}


def test_a_cut_table_whose_readings_tie_says_so(shipped_model):
    # The 自然人 and 其他 columns swap alike under every identity (no row has numbers in both): the cells
    # they differ in keep the other value as an alternative, below 0.5, the reading nearest the text's
    # order first, and a check names them; every other cell of the table is sure.
    report = recover_file(_generated("pdftotext_table2_column_names_between_the_numbers_generated"), shipped_model)
    cells = report.tables["applications"].cells
    tied = [c for c in cells if c.alternatives]
    assert {c.col[-1] for c in tied} == {"自然人", "其他"} and len(tied) == 14
    assert all(c.read == "split?" and c.confidence < 0.5 for c in tied)
    assert all(c.read == "split" and c.confidence >= 0.9 for c in cells if not c.alternatives)
    check = next(c for c in report.checks if c.rule == "reading.ambiguous" and "cut in two" in c.detail)
    assert check.where.count("applications:") == len(tied)
    # Rows (二) and 1.属于国家秘密 swapped alike where (二)'s numbers, on its label's line before its tail,
    # were read after the numbers that follow the tail: read first, as its line prints them, one reading.
    name = "pdftotext_cut_table_results_rows_tie_generated"
    cells = recover_file(_generated(name), shipped_model).tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == _gold_cells(name)
    assert all(c.read == "split" and c.confidence >= 0.9 for c in cells)


def test_a_label_piece_with_another_enumerator_after_numbers_is_the_next_row(shipped_model):
    # "1.本机关不掌握相关" 2 200 0 0 0 0 202 "政府信息" "（四）" "2.没有现成信息需要" "无法提 1 54 0 0 0 0 55"
    # "另行制作": the pieces after the numbers were all taken for (四)1's label; "2." opens (四)2.
    report = recover_file(_generated("pdfplumber_next_rows_label_taken_for_a_tail_generated", "Chromium and pdfplumber"),
                          shipped_model)
    first = _cells(report, "applications", "1.本机关不掌握相关政府信息")
    second = _cells(report, "applications", "2.没有现成信息需要另行制作")
    assert [c.value for c in first] == [2, 200, 0, 0, 0, 0, 202]
    assert [c.value for c in second] == [1, 54, 0, 0, 0, 0, 55]
    assert all(c.read == "direct" for c in first + second)


def test_group_label_pieces_on_the_rows_lines_leave_the_rows_readable(shipped_model):
    # pdfplumber prints 三、本年度办理结果 a piece a line beside the rows: "年度办 (二)部分公开 1 19 … 573"
    # is (二)'s row, and "三、本年 0 0 0 0 0 0 0" a label piece with 3.危及…'s numbers (本年 is no date).
    pieces = recover_file(_generated("pdfplumber_group_label_pieces_on_row_lines_generated", "Chromium and pdfplumber"),
                          shipped_model)
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    row = _cells(pieces, "applications", label)
    assert [c.value for c in row] == [1, 19, 0, 0, 555, 0, 573] and all(c.read == "direct" for c in row)
    # The report's own total misprints (1+19+555 is 575): said, and the row below sure.
    assert [c.where for c in pieces.checks if c.rule == "applications.row_total" and not c.ok] == [f"三、本年度办理结果/{label}"]
    assert all(c.confidence < 0.9 for c in row)
    nian = recover_file(_generated("pdfplumber_group_label_piece_ending_in_nian_generated", "Chromium and pdfplumber"),
                        shipped_model)
    row = _cells(nian, "applications", "3.危及“三安全一稳定”")
    assert [c.value for c in row] == [0] * 7 and all(c.placed and c.confidence > 0.9 for c in row)
    for report in (pieces, nian):
        assert report.tables["applications"].status == "recovered"
        assert not [c for c in report.tables["applications"].cells if not c.placed]


def test_table4_row_past_the_next_sections_first_lines_is_a_guess(shipped_model):
    # Six of table 四's cells before "五、存在的主要问题…", seven after it, two after its prose: the first
    # nine numbers standing alone after the heading complete the row, below sure (nothing checks them).
    path = _generated("pdftotext_table4_row_past_the_next_sections_prose_generated")
    report = recover_file(path, shipped_model)
    cells = report.tables["review_litigation"].cells
    assert [c.value for c in cells] == [0] * 15
    assert all(c.read == "unlabelled?" and c.confidence < 0.9 for c in cells)
    # Numbers of the section's sentences, a node each (a crawler's dump: "19448" "条。本年度…"), are
    # the prose's: the row stays short, its last cells unread.
    text = path.read_text(encoding="utf-8")
    head = text.index("五、存在的主要问题及改进情况")
    prose = "通过门户网站及时发布各类政策信息\n19448\n条。本年度共收到政府信息公开申请\n42\n件，均已按时答复。\n" * 5
    cells = recover_text(text[:head] + "五、存在的主要问题及改进情况\n" + prose, "dump.txt", shipped_model
                         ).tables["review_litigation"].cells
    assert not {19448, 42} & {c.value for c in cells} and [c.kind for c in cells].count("unread") == 9


def test_a_first_column_printed_after_the_others_is_read_first(shipped_model):
    # "0 0 0" "3.危及“三安全一稳定” 2": the first column stands on the label's line, after the rest.
    report = recover_file(_generated("pdftotext_first_column_after_the_others_generated"), shipped_model)
    row = _cells(report, "applications", "3.危及“三安全一稳定”")
    assert [c.value for c in row] == [2, 0, 0, 0, 0, 0, 2] and all(c.read == "split" for c in row)


def test_table2_block_read_column_by_column_after_its_row_label(shipped_model):
    # pdftotext: "政府集中采购" "第二十条第（九）项" "采购项目数量" 0 "采购总金额" "701.805元": each column
    # name stands before its own number; the row reads on past the second name.
    name = "pdftotext_table2_column_names_between_the_numbers_generated"
    report = recover_file(_generated(name), shipped_model)
    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))["tables"]["active_disclosure"]
    want = [c["value"] for c in gold["cells"] if c["row"][-1] == "政府集中采购"]
    row = _cells(report, "active_disclosure", "政府集中采购")
    assert [c.value for c in row] == want == [0, 701.805] and all(c.confidence >= 0.9 for c in row)
    # A number no row took after the last row's label (its block's column name between) speaks against
    # that row's reading: "行政事业性收费" 6 "本年收费金额" 0 — 收费's is the 0, the 6 is 行政强制's, as the
    # text's order reads them (every cell printed once), a guess; the piled 规章 block's tie stays a tie.
    report = recover_file(_generated("pdftotext_table2_number_after_its_block_header_untaken_generated"),
                          shipped_model)
    fee, force = (_cells(report, "active_disclosure", label)[0] for label in ("行政事业性收费", "行政强制"))
    assert (fee.value, force.value) == (0, 6) and {fee.read, force.read} == {"order?"}
    assert max(fee.confidence, force.confidence) < 0.9
    assert any("行政事业性收费" in c.where and "no row took" in c.detail for c in report.checks if not c.ok)
    tied = [c for c in report.tables["active_disclosure"].cells if c.alternatives]
    assert len(tied) == 4 and all(c.confidence < 0.5 for c in tied)


def test_a_number_stacked_over_its_rows_lines_is_joined_where_the_row_adds_up(shipped_model):
    # A Word page's full-width 2,028 wrapped in the narrow 总计 cell: pdftotext -layout merges the upper
    # piece "２，０" into the header's last line and prints "２８ 2,028" under the row's zeros; the row took
    # 28 as a cell and lost its total. Joined, 2,028 sits in 总计 or beside 其他's 2,028 printed whole —
    # the same values either way; a joined reading stays a guess.
    report = recover_file(_generated("pdftotext_layout_upper_piece_merged_into_the_header_generated"), shipped_model)
    row = _cells(report, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in row] == [0, 0, 0, 0, 0, 2028, 2028] and "2,028" in {c.raw for c in row}
    assert all(c.confidence < 0.9 for c in row)
    # pdfplumber: "９" over "一、本年新收… 7 0 88 ０ ０ 0" over "５" (95); "４" over "(一)予以公开 4 ０ ４０ 0 0 ０"
    # over "４" (44), the upper piece after a piece of the group label; (七)总计's upper piece taken by the
    # row above as a number too many.
    name = "pdfplumber_total_stacked_above_and_below_its_row_generated"
    report = recover_file(_generated(name), shipped_model)
    gold = _gold_cells(name)
    for label in ("一、本年新收政府信息公开申请数量", "（一）予以公开", "（七）总计", "3.其他"):
        got = _cells(report, "applications", label)
        assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got]


def test_two_numbers_stacked_a_zero_printed_low_and_a_cut_label_are_read_back(shipped_model):
    # Two numbers of a row wrapped: "３，７ ３７８" (the first merged into the header's last line) over
    # "一、本年新收… 2 0 0 ０ 0" over "８５ ７" is 3,785 and 3787; 2.重复申请's upper pieces "１１ １１" were
    # taken by the row above, after its own lower piece.
    name = "pdfplumber_two_numbers_stacked_over_their_row_generated"
    _rows_as_gold(name, ("一、本年新收政府信息公开申请数量", "1.信访举报投诉类申请", "2.重复申请"), shipped_model)
    # A zero printed a line below its row, mid-row ("０ ０ ０ ７７ ０ 77" / "定” ０"), goes where the row and
    # the columns add up; a label cut off, its rest merged with the group label's pieces ("2.没有现成信息
    # 需要另 １９" / "⽆法提 0 0 ０ ０ 0 １９９" / "⾏制作 ９"), keeps its numbers after the rest.
    name = "pdfplumber_zero_below_its_row_and_a_label_cut_by_its_group_generated"
    report = _rows_as_gold(name, ("3.危及“三安全一稳定”", "2.没有现成信息需要另行制作",
                                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), shipped_model)
    assert all(c.confidence < 0.9 for c in _cells(report, "applications", "3.危及“三安全一稳定”"))
    # pdftotext -layout prints a blank line between the row's line and its lower pieces.
    name = "pdftotext_layout_blank_line_between_a_row_and_its_lower_pieces_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    got = _cells(report, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got] and all(c.confidence < 0.9 for c in got)


@pytest.mark.parametrize("name", ["pdftotext_layout_two_rows_interleaved_generated",
                                  "pdftotext_layout_two_rows_interleaved_from_the_label_line_generated"])
def test_two_rows_interleaved_line_by_line_are_shared_out_by_their_identities(name, shipped_model):
    # pdftotext -layout prints two tall rows' cells line by line in turn (the upper row's numbers on the
    # lower's enumerator line or its own label's, then "0" / "0" / … / "0 4" / "0 2"): the upper row read
    # short, the lower overfull. One share of the lines fits both identities: a guess, below sure.
    labels = ("4.保护第三方合法权益", "5.属于三类内部事务信息")
    report = _rows_as_gold(name, labels, shipped_model)
    cells = [c for label in labels for c in _cells(report, "applications", label)]
    assert len(cells) == 14 and all(c.confidence < 0.9 and c.read == "unlabelled?" for c in cells)


def test_interleaved_rows_whose_lines_share_out_two_ways_are_left_alone():
    # The upper row may take the lower's label line as well as its own (0 0 1 2 2 0 5 and 0 0 2 2 2 0 6) or
    # only its own and the lines after (0 0 1 0 2 2 5 and 2 2 0 0 2 0 6): both add up, so neither is read.
    ident = row_identity("applications", 7)
    units = [Unit(t, "value", [], [i], i, False, 1.0, value_like=True)
             for i, line in enumerate(["0 0 1", "2 2 0", "0", "0", "2", "2", "2", "0", "5", "6"]) for t in line.split()]
    assert _one_share(units, 7, ident) is None
    # Once the lower label line's numbers cannot make the upper row add up, one share is left.
    units[5], units[-1] = replace(units[5], text="1"), replace(units[-1], text="7")
    upper, lower = _one_share(units, 7, ident)
    assert [u.text for u in upper] == ["0", "0", "1", "0", "2", "2", "5"]
    assert [u.text for u in lower] == ["2", "2", "1", "0", "2", "0", "7"]


@pytest.mark.parametrize("tail, after, is_tail", [
    # pdfplumber: the rest of (六)1's label under the group label's pieces, after (六)1's numbers.
    ("其他处理其政府信息公开申请", [], True),
    # ... numbers after it: its own row's label, the numbers before it another row's.
    ("其他处理其政府信息公开申请", ["0"] * 7, False),
    # ... no group pieces: the rest alone is left to the rules for a label's own tail.
    ("其政府信息公开申请", [], False),
])
def test_a_labels_rest_after_its_numbers_under_group_pieces_is_no_rows_label(tail, after, is_tail):
    spec = get_template("2021").table("applications")

    def unit(text, label="value"):
        return Unit(text, label, [], [0], 0, False, 1.0, value_like=label == "value")
    units = ([unit("1.申请人无正当理由逾期(六)不补正、行政机关不再处理", "rowlabel")] + [unit("0") for _ in range(7)]
             + [unit(tail, "rowlabel")] + [unit(t) for t in after]
             + [unit("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "rowlabel")])
    values_after = {k: collect_values(units, k, len(units)) for k, u in enumerate(units) if u.label == "rowlabel"}
    assert _tails_after_numbers(spec, units, values_after) == ({8} if is_tail else set())


def test_a_cut_pages_right_parts_straight_after_its_whole_rows_are_read_by_its_identities(shipped_model):
    # The second page's cut rows print their right parts first, straight after the page's last whole row
    # with no label between ("属于行政查询事 1" 0 27 0 3 "0 31" "14" "0 324" …), their left parts by their
    # labels after: a segment of the split search ended only where text followed its last number. One
    # reading passes every identity: the table, sure.
    name = "pdftotext_cut_rows_right_parts_straight_after_whole_rows_generated"
    report = recover_file(_generated(name), shipped_model)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == _gold_cells(name)
    assert {c.read for c in cells} == {"split"} and min(c.confidence for c in cells) >= 0.9


def test_rows_printed_whole_between_a_cut_tables_parts_and_cells_glued_in_a_short_row(shipped_model):
    # pdftotext's default order: the left parts of seven rows ("信访举报投诉类申请 0 0 0 0 0" …), the page's
    # last three rows whole ("3.其他 1 0 0 0 0 0 1" …), then the seven rows' 其他 and 总计 ("0 0" … "0 3").
    # One reading passes every identity: sure.
    name = "pdftotext_last_rows_whole_between_a_cut_tables_parts_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    for label in ("1.信访举报投诉类申请", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（七）总计"):
        got = _cells(report, "applications", label)
        assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got]
        assert all(c.confidence >= 0.9 for c in got)
    # PyMuPDF drops blank cells and glues 24 and 0 ("240" "24" for 24 0 … 24): cut once, the row adds
    # up with its blanks placed; never sure (which cells were blank is the text's to say, and it does not).
    name = "pymupdf_two_cells_glued_in_a_row_that_drops_blanks_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    got = _cells(report, "applications", "（一）予以公开")
    assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got] == [24, 0, None, None, None, None, 24]
    assert all(c.confidence < 0.9 for c in got) and {c.raw for c in got} >= {"24", "0"}
    # The first two cells glued to the label ("…申请数量1344538" " " "0" " " " " "4,672"): cut into five the
    # run adds up nowhere; cut in two, 134 and 4538, it does.
    name = "pymupdf_label_glued_to_two_cells_in_a_row_that_drops_blanks_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    got = _cells(report, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in got][:2] == [134, 4538] and got[-1].value == 4672
    assert all(c.confidence < 0.9 for c in got)


def test_cells_glued_and_a_total_in_pieces_in_one_row_are_read_back(shipped_model):
    # PyMuPDF: "２０0" "1768" "0" "0１７７" "０" is 2 0 0 1768 0 0 1770 — three cells glued, 其他's 0 glued to
    # the total's upper piece, its lower piece a line below. A guess: below sure.
    name = "pymupdf_glued_cells_and_a_total_in_pieces_generated"
    report = _rows_as_gold(name, ("（一）予以公开",), shipped_model)
    assert all(c.confidence < 0.9 for c in _cells(report, "applications", "（一）予以公开"))


def test_blank_cells_printed_as_blank_lines_place_a_rows_numbers(shipped_model):
    # lynx, a table too wide for its screen: a cell a line, a blank line between neighbours and one
    # more for each blank cell. Every row of table 三 lost blanks; the lines place them, and the table
    # holds every identity. Which cells were blank the text shows only by its blank lines: below sure.
    name = "lynx_blank_cells_as_blank_lines_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    table = report.tables["applications"].cells
    assert [c.value for c in table] == [gold[(c.row, c.col)] for c in table]
    assert all(c.confidence < 0.9 for c in table if c.read == "short")
    assert sum(c.read == "short" for c in table) > 50
    # A number alone on its line there is one cell's text: table 二's lone "588.0" is not 5 and 88.0.
    bought = _cells(report, "active_disclosure", "政府集中采购")
    assert [c.raw for c in bought] == ["", "588.0"] and bought[1].value == _gold_cells(name, "active_disclosure")[
        (bought[1].row, bought[1].col)]


def test_blank_lines_before_a_rows_first_number_count_its_blank_cells(shipped_model):
    # lynx, a cell a line: "四、结转下年度继续办理" · one blank line · "0" · three · "0" · one · "0" is 0 _ _ 0 0 _ _,
    # all zeros, so no identity places them: the blank lines between the label and the first number count
    # the blank cells before it (none). Table 四's cells follow its header: "总计" · five blank lines · "0"
    # is four blank cells first. A guess all the same: below sure.
    name = "lynx_misprinted_row_placed_by_its_blank_lines_generated"
    report = _rows_as_gold(name, ("四、结转下年度继续办理",), shipped_model)
    review, gold = report.tables["review_litigation"].cells, _gold_cells(name, "review_litigation")
    assert [c.value for c in review] == [gold[(c.row, c.col)] for c in review]
    assert all(c.confidence < 0.9 for c in review)


def test_blank_heavy_rows_are_placed_by_the_whole_tables_identities(shipped_model):
    # pypdf of a report whose requests all come from one kind of applicant, blank cells dropped: "0 0 1653
    # 1653", "0 644 644", … Alone, a row's number may stand under 科研机构 or 社会公益组织; the zeros some rows
    # print before and after it ("0 0 0 18 0 18", "0 0 242 0 0 242") allow one column only, and the column
    # identities hold only with every row's number there. No move of one row or two gets there from the
    # first placements: an integer program finds the choice that holds every identity. Which cells the
    # zeros stand in no identity tells: below sure.
    name = "pypdf_blank_heavy_rows_placed_by_the_whole_table_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    table = report.tables["applications"].cells
    numbers = [c for c in table if c.value]
    assert len(numbers) > 40 and all(c.value == gold[(c.row, c.col)] for c in numbers)
    assert not [k for k in report.checks if not k.ok and k.rule.startswith("applications.")]
    assert all(c.confidence < 0.9 for c in table if c.read == "short")


def test_glued_cells_in_rows_that_drop_blanks_are_cut_beside_each_other(shipped_model):
    # PyMuPDF glues neighbouring cells and drops blank ones: "0" "0" "1" "01" is 0 _ 0 1 _ 0 1, the glued
    # "01" a 0 beside the total. Cut into single digits, the rows added up nowhere and went left to
    # right; a glued token's pieces cut into whole numbers and kept in neighbouring cells, with the
    # blanks placed, they add up, and the whole table's identities put every row's numbers in their
    # columns. Only (二)'s "0" "507" "508", a misprint, stays as printed; every cell a guess.
    name = "pymupdf_glued_cells_in_a_blank_heavy_report_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    table = report.tables["applications"].cells
    numbers = [c for c in table if c.value and not c.row[-1].startswith("（二）部分公开")]
    assert len(numbers) > 40 and all(c.value == gold[(c.row, c.col)] for c in numbers)
    row = _cells(report, "applications", "二、上年结转政府信息公开申请数量")
    # Its glued "01" is 其他's 0 beside the total; which two of the first three cells hold its zeros, a tie.
    assert [c.value for c in row][3:] == [gold[(c.row, c.col)] for c in row][3:] == [1, None, 0, 1]
    assert all(c.confidence < 0.9 for c in table if c.read == "short")
    # pdfplumber glues a number to its comma-grouped neighbour: "（七）总计 10 0 0 45414,551" is 4541 beside
    # 4,551, the total, and the whole table's identities place its numbers.
    name = "pdfplumber_comma_number_glued_in_a_blank_heavy_report_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    total = _cells(report, "applications", "（七）总计")
    assert [c.value for c in total if c.value] == [gold[(c.row, c.col)] for c in total if c.value] == [10, 4541, 4551]
    assert [c.raw for c in total if c.value][1:] == ["4541", "4,551"] and all(c.confidence < 0.9 for c in total)


def test_a_misprinted_row_is_placed_by_its_blank_lines(shipped_model):
    # "3" · three blank lines · "2" · two · "1695" · one · "1,698": 3 + 2 + 1695 is not 1698, so no
    # placement adds up; the blank lines place it one way only, total in its column. A guess, the
    # failed identity reported and nothing mended.
    name = "lynx_misprinted_row_placed_by_its_blank_lines_generated"
    report = _rows_as_gold(name, ("（一）予以公开",), shipped_model)
    row = _cells(report, "applications", "（一）予以公开")
    assert [c.raw for c in row if c.raw] == ["3", "2", "1695", "1,698"] and all(c.confidence < 0.9 for c in row)
    assert any(not k.ok and "予以公开" in k.where for k in report.checks)


def test_table2_and_table4_blank_cells_are_placed_by_table3s_blank_lines(shipped_model):
    # lynx, a cell a line: table 二's "规章" · two blank lines · "0" is _ 0 _, one blank line more than
    # neighbours stand apart for its blank cell. Its few whole rows show too few gaps to measure the
    # lines by; table 三's rows, set apart alike, measure them (near 2, a blank cell 1 more).
    name = "lynx_table2_blank_cells_by_table_threes_blank_lines_generated"
    report, gold = recover_file(_generated(name, "lynx"), shipped_model), _gold_cells(name, "active_disclosure")
    for label in ("规章", "行政许可", "其他对外管理服务事项", "行政处罚"):
        row = _cells(report, "active_disclosure", label)
        assert [c.value for c in row] == [gold[(c.row, c.col)] for c in row], label
        assert any(c.value is None for c in row) and all(c.confidence < 0.9 for c in row), label
    # Table 四's 复议后起诉 prints 0 under 结果纠正 and 1 as its 总计: no placement holds the group totals.
    # "总计" · five blank lines · "0" · three · "0" · two · "0" · two · "0" · three · "1" places its five
    # numbers one way only, four blank cells first: a guess, said so, nothing mended.
    name = "lynx_table4_misprinted_row_placed_by_its_blank_lines_generated"
    report, gold = recover_file(_generated(name, "lynx"), shipped_model), _gold_cells(name, "review_litigation")
    review = report.tables["review_litigation"].cells
    assert [c.value for c in review] == [gold[(c.row, c.col)] for c in review]
    assert [c.raw for c in review if c.raw] == ["0", "0", "0", "0", "1"] and all(c.confidence < 0.9 for c in review)
    assert any(k.where.startswith("review_litigation") and "none adds up" in k.detail for k in report.checks)


def test_rows_padded_in_place_as_their_header_pads_where_no_row_is_full(shipped_model):
    # trafilatura pads a spanning cell in place: "| 一、本年新收… | | | | | 0 | | | | |" is the label, two
    # cells of its colspan, then 自然人 … 总计 (0 under 科研机构). A report leaving most cells blank has
    # no row full enough to show where the padding sits; its header pads "法人或其他组织" so, right after it.
    name = "trafilatura_blank_heavy_rows_padded_as_the_header_pads_generated"
    path = _generated(name, "trafilatura")
    report, gold = recover_file(path, shipped_model), _gold_cells(name)
    first = _cells(report, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in first] == [gold[(c.row, c.col)] for c in first] == [None, None, 0, None, None, None, None]
    # The same header without its padding says nothing: the row's cells stay a tie, the first window first.
    text = path.read_text(encoding="utf-8")
    assert "| 法人或其他组织 |  |  |  |  | 合计 |" in text
    bare = recover_text(text.replace("| 法人或其他组织 |  |  |  |  | 合计 |", "| 法人或其他组织 | 合计 |"), "bare.txt",
                        shipped_model)
    first = _cells(bare, "applications", "一、本年新收政府信息公开申请数量")
    assert [c.value for c in first] != [gold[(c.row, c.col)] for c in first] and all(c.confidence < 0.9 for c in first)


def test_a_number_a_line_off_its_row_goes_into_the_gap_it_left(shipped_model):
    # pdftotext -layout: "０" alone over "作 1 0 0 0     0 1". Read in the text's order the row adds up
    # with the 0 under 自然人; the gap in the row's line is where it stands. A guess: below sure.
    name = "pdftotext_layout_number_a_line_above_its_gap_generated"
    report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name)
    got = _cells(report, "applications", "2.没有现成信息需要另行制作")
    assert [c.value for c in got] == [gold[(c.row, c.col)] for c in got] == [1, 0, 0, 0, 0, 0, 1]
    assert all(c.confidence < 0.9 for c in got)
    # A first number beside its wrapped label a line above ("6. 属于四类过程性信 3" / "息" / "0   27   0   0
    # 0 30", gaps uneven with the columns' widths) stays first: no gap stands out for it.
    name = "pdftotext_layout_first_number_beside_its_label_above_the_row_generated"
    _rows_as_gold(name, ("6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"), shipped_model)


def test_table2_numbers_printed_past_the_next_heading_are_table2s(shipped_model):
    # pdftotext prints table 二's last blocks where they stand on the page, past table 三's heading and
    # before its header: "三、收到和处理…" "本年处理决定数量" 0 "本年处理决定数量" 161 0 "本年收费金额…" 0
    # "申请人情况"; or only the last amount there ("三、…" 5162.024 "申请人情况").
    for name in ("pdftotext_last_tables_numbers_before_the_header_generated",
                 "pdftotext_table2_last_amount_past_the_next_heading_generated"):
        report, gold = recover_file(_generated(name), shipped_model), _gold_cells(name, "active_disclosure")
        cells = report.tables["active_disclosure"].cells
        assert [c.value for c in cells] == [gold[(c.row, c.col)] for c in cells]
        # Table 三 starts at its header: none of those numbers is counted in its cells.
        assert report.tables["applications"].status == "recovered"


def test_table2_numbers_after_piled_labels_and_below_the_last_label(shipped_model):
    # An amount with its unit is a cell, never a row label: "0" "政府集中采购" "5468.84万元" is the last
    # row's two cells (the second wrapped below its label), not a glued run "5 468.84".
    report = recover_file(_generated("pdftotext_table2_last_cell_below_its_label_generated"), shipped_model)
    row = _cells(report, "active_disclosure", "政府集中采购")
    assert [c.value for c in row] == [0, 5468.84] and all(c.confidence < 0.9 for c in row)
    # Labels piled before numbers that mark blank cells "-": the marks are the blank cells, each block
    # read row by row where the value priors say so (现行有效 4125, not 0 below 本年制发 3).
    report = recover_file(_generated("pdftotext_table2_blank_marks_after_piled_labels_generated"), shipped_model)
    assert [c.value for c in _cells(report, "active_disclosure", "规章")] == [None, 3, 4125]
    assert [c.value for c in _cells(report, "active_disclosure", "行政规范性文件")] == [None, None, 0]
    assert all(c.confidence < 0.9 for c in report.tables["active_disclosure"].cells)
    # The priors hardly tell the orders apart here: the by-column reading stays as alternatives.
    tied = [c for c in report.tables["active_disclosure"].cells if c.alternatives]
    assert [(c.value, c.alternatives[0].value) for c in tied] == [(3, 4125), (4125, None), (None, 3)]
    assert all(c.confidence < 0.5 for c in tied)
    assert any("reads by row or by column alike" in c.detail for c in report.checks if c.rule == "reading.ambiguous")
    # The last blocks' labels, then all their numbers: each row its count, in order.
    report = recover_file(_generated("pdftotext_table2_last_blocks_numbers_after_their_labels_generated"), shipped_model)
    assert [c.value for c in _cells(report, "active_disclosure", "行政事业性收费")] == [23, 0]
    assert [c.value for c in _cells(report, "active_disclosure", "政府集中采购")] == [1, 0]
    # The next block's numbers before its labels ("规章" "规范性文件" … 0 0 625 0 0 0 "第二十条第（五）项" …
    # 0 0 0 "行政许可"): the pile's numbers end at that block's name.
    report = recover_file(_generated("pdftotext_table2_next_blocks_numbers_before_its_labels_generated"), shipped_model)
    assert [c.value for c in _cells(report, "active_disclosure", "规章")] == [0, 0, 625]
    assert [c.value for c in _cells(report, "active_disclosure", "规范性文件")] == [0, 0, 0]
    assert all(c.confidence < 0.9 for c in report.tables["active_disclosure"].cells if c.placed)
    # Read backwards, a wrapped label's numbers between its lines are its own ("规章（…相" 4 0 4 "关数据）"
    # 0 0 0 "行政规范性文件" … "181" "行政强制").
    report = recover_file(_generated("pdftotext_table2_numbers_between_a_wrapped_labels_lines_generated"), shipped_model)
    assert [c.value for c in _cells(report, "active_disclosure", "规章")] == [4, 0, 4]
    assert [c.value for c in _cells(report, "active_disclosure", "行政规范性文件")] == [0, 0, 0]
    assert [c.value for c in _cells(report, "active_disclosure", "行政强制")] == [181]
    assert all(c.confidence < 0.9 for c in report.tables["active_disclosure"].cells if c.placed)
    # A report's extra row piled after the template's takes its share: 规章 0 0 32, 规范性文件 0 0 0.
    report = recover_file(_generated("pdftotext_table2_extra_row_in_the_pile_generated"), shipped_model)
    assert [c.value for c in _cells(report, "active_disclosure", "规章")] == [0, 0, 32]
    assert [c.value for c in _cells(report, "active_disclosure", "行政规范性文件")] == [0, 0, 0]
    assert all(c.confidence < 0.9 for c in report.tables["active_disclosure"].cells if c.placed)


def test_a_short_row_is_never_sure(shipped_model):
    # Two numbers for seven columns, no blank cells printed: which columns they belong to is a guess.
    text = (FIXTURES / "w3m_wrapped_box_rows_cg2021.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    k = next(i for i, ln in enumerate(lines) if "（七）总计" in ln)
    lines[k] = "（七）总计 1 1"
    report = recover_text("\n".join(lines), "short.txt", shipped_model)
    total = _cells(report, "applications", "（七）总计")
    assert max(c.confidence for c in total) < 0.5
    # The row identity puts the second 1 in 总计 (the gold's), the column identities the first under
    # 自然人; the cells no value went to are unread, not blank.
    assert [c.value for c in total] == [1, None, None, None, None, None, 1]
    assert [c.kind for c in total[1:6]] == ["unread"] * 5


def test_table_read_by_its_own_printed_header(shipped_model):
    # （五） prints `2019年项目数量 | 处理决定数量`: 123291 is the 处理决定数量, 本年增/减 is not in the table.
    report = recover_file(FIXTURES / "own_header_table2_szf2019.txt", shipped_model)
    row = {c.col[-1]: c for c in _cells(report, "active_disclosure", "行政许可")}
    assert (row["上一年项目数量"].value, row["处理决定数量"].value) == (2876, 123291)
    assert (row["本年增/减"].value, row["本年增/减"].kind) == (None, "na")
    fee = {c.col[-1]: c for c in _cells(report, "active_disclosure", "行政事业性收费")}
    assert (fee["上一年项目数量"].value, fee["本年增/减"].kind) == (168, "na")


def test_a_separated_number_is_never_cut_into_cells(shipped_model):
    # One cell per line (bs4): "123291" has separators on both sides; it is one number, never 12 + 3291.
    text = (FIXTURES / "own_header_table2_szf2019.txt").read_text(encoding="utf-8")
    text = text.replace("| 行政许可 | 2876 | 123291 |  | ", "行政许可\n2876\n123291")
    report = recover_text(text, "no_header.txt", shipped_model)
    values = {c.value for c in _cells(report, "active_disclosure", "行政许可")}
    assert 12 not in values and 3291 not in values and 123291 in values


def test_a_row_s_only_number_apart_from_its_label_is_never_cut(shipped_model):
    # pdfplumber (ptc-szf2019): "行政事业性收费 168", a space before it and the line's end after it; read
    # without the header that leaves 本年增/减 out, it is still one number, never 1 + 68 or 16 + 8.
    text = (FIXTURES / "own_header_table2_szf2019.txt").read_text(encoding="utf-8")
    text = text.replace("| 信息内容 | 2019年项目数量 |  |  | \n", "", 1)
    text = text.replace("| 行政事业性收费 | 168 |  |  | ", "行政事业性收费 168")
    report = recover_text(text, "separated_single_number.txt", shipped_model)
    row = _cells(report, "active_disclosure", "行政事业性收费")
    assert [c.value for c in row if c.value is not None] == [168]
    assert all(c.confidence < 0.9 for c in row if c.value is not None)  # its column is a guess


def test_a_number_alone_in_a_dump_that_drops_repeats_is_repeated_not_cut(shipped_model):
    # ptc-szf2019's page.txt: "规范性文件" / "1810" for 1810 1810 1810; each line is one cell's text node.
    report = recover_file(FIXTURES / "crawler_repeated_number_szf2019.txt", shipped_model)
    row = _cells(report, "active_disclosure", "规范性文件")
    assert [c.value for c in row] == [1810] * 3
    assert all(c.confidence < 0.9 for c in row)  # no identity vouches for the repeats


def test_table3_printed_column_by_column_is_read_transposed(shipped_model):
    # pdftotext's default order: the labels, then each column's values top to bottom (issue 10, class 5).
    report = recover_file(FIXTURES / "pdftotext_column_order_003.txt", shipped_model)
    apps = report.tables["applications"]
    assert apps.status == "recovered" and all(c.read == "transposed" for c in apps.cells)
    assert [c.value for c in _cells(report, "applications", "（七）总计")] == [21, 0, 0, 0, 0, 0, 21]
    # Numbers that do not fit every identity read column by column are not taken that way.
    text = (FIXTURES / "pdftotext_column_order_003.txt").read_text(encoding="utf-8").replace("\n21\n", "\n12\n", 1)
    report = recover_text(text, "column_order_broken.txt", shipped_model)
    assert not any(c.read == "transposed" for c in report.tables["applications"].cells)


def test_table3_column_by_column_with_a_misprinted_cell_is_a_guess_never_sure(shipped_model):
    # A report misprints one results cell (信访 自然人 3 where its row's total and （七） say 2): read
    # column by column it passes every identity but those two, which fail by the same amount — the
    # reading, as a guess, the misprint as printed and both failures reported.
    path = FIXTURES / "pdftotext_column_order_003.txt"
    label = "1.信访举报投诉类申请"
    cell = _cells(recover_file(path, shipped_model), "applications", label)[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = cell.lines[0] - 1
    assert (cell.value, lines[at]) == (2, "2")
    misprinted = lines[:at] + ["3"] + lines[at + 1:]
    report = recover_text("\n".join(misprinted), "misprinted.txt", shipped_model)
    cells = report.tables["applications"].cells
    assert {c.read for c in cells} == {"transposed?"} and max(c.confidence for c in cells) <= 0.6
    assert [c.value for c in _cells(report, "applications", label)] == [3, 0, 0, 0, 0, 0, 2]
    assert [c.value for c in _cells(report, "applications", "四、结转下年度继续办理")] == [10, 0, 0, 0, 0, 0, 10]
    failed = sorted((c.rule, c.where.split("/")[-1]) for c in report.checks if not c.ok)
    assert failed == [("applications.results_total", "自然人"), ("applications.row_total", label)]
    # A misprint in 一, （七） or 四 leaves its own pattern (its row and 一+二 = （七）+四 in its column;
    # （七） also fails the results): read alike, only the misprinted cell differs from the table.
    clean = recover_file(path, shipped_model).tables["applications"].cells
    for row, col, failing in (("一、本年新收政府信息公开申请数量", 0, {"row_total", "balance"}),
                              ("（七）总计", 6, {"row_total", "balance", "results_total"}),
                              ("四、结转下年度继续办理", 0, {"row_total", "balance"})):
        cell = next(c for c in clean if c.row[-1] == row and c.col == clean[col].col)
        at = cell.lines[0] - 1
        text = "\n".join(lines[:at] + [str(cell.value + 1)] + lines[at + 1:])
        report = recover_text(text, "misprinted.txt", shipped_model)
        cells = report.tables["applications"].cells
        assert {c.read for c in cells} == {"transposed?"}
        assert [(c.row, c.col) for c, k in zip(cells, clean) if c.value != k.value] == [(cell.row, cell.col)]
        assert {c.rule.split(".")[-1] for c in report.checks if not c.ok} == failing
    # A second misprint and no reading passes: the last row took every number after its label, and a
    # window of zeros that fits its identity said nothing of where its own numbers are — never sure.
    second = next(i for i in range(at + 2, len(lines)) if lines[i] == "1")
    twice = misprinted[:second] + ["2"] + misprinted[second + 1:]
    report = recover_text("\n".join(twice), "misprinted_twice.txt", shipped_model)
    assert all(c.confidence < 0.9 for c in report.tables["applications"].cells if c.value not in (None,))


def _gold_rows(name, table):
    import json

    gold = json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))
    rows: dict[str, list] = {}
    for c in gold["tables"][table]["cells"]:
        rows.setdefault(c["row"][-1], []).append(c["value"])
    return rows


def _rows(report, table):
    rows: dict[str, list] = {}
    for c in report.tables[table].cells:
        rows.setdefault(c.row[-1], []).append(c.value)
    return rows


def test_table3_printed_box_by_box_is_read_by_column(shipped_model):
    # pdfminer.six's extract_text prints table 三 as two layout boxes: 14 rows' labels, then their 98
    # numbers column by column; then the other 11 rows the same way. Read as rows, 7 of 175 cells.
    name = "pdfminer_table3_boxes_by_column_cg2021"
    report = recover_file(FIXTURES / f"{name}.txt", shipped_model)
    apps = report.tables["applications"]
    assert apps.status == "recovered" and all(c.read == "transposed" and c.confidence >= 0.9 for c in apps.cells)
    assert _rows(report, "applications") == _gold_rows(name, "applications")
    # One number changed: no cut into boxes passes every identity, and nothing is read sure that way.
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    cut = text.index("3.补正后申请内容仍不明")
    broken = text[:cut] + text[cut:].replace("\n1\n", "\n2\n", 1)
    report = recover_text(broken, "boxes_broken.txt", shipped_model)
    assert not any(c.read == "transposed" for c in report.tables["applications"].cells)


def test_table3_box_printed_past_the_next_tables_heading(shipped_model):
    # pdfminer places a box by its top: table 三's second box (70 numbers) after table 四's heading,
    # and table 二's last numbers after table 三's heading. 三 takes exactly the run it lacks; 四 keeps its own.
    name = "pdfminer_table3_box_past_next_heading_sjj2024"
    report = recover_file(FIXTURES / f"{name}.txt", shipped_model)
    apps = report.tables["applications"]
    assert apps.status == "recovered" and all(c.confidence >= 0.9 for c in apps.cells)
    assert _rows(report, "applications") == _gold_rows(name, "applications")
    review = report.tables["review_litigation"]
    assert review.status == "recovered" and [c.value for c in review.cells] == [0] * 15


def test_table3_first_column_beside_labels_and_table2_piled_labels(shipped_model):
    # pdfminer: table 三's 自然人 column printed among its labels (19, then 0 2 3 0 …), the six other
    # columns after them, column by column — one box order all the same. Table 二's block labels piled
    # before their numbers, column by column: "规章" "行政规范性文件" 0 1 0 7 0 16.
    name = "pdfminer_first_column_beside_labels_cg2023"
    report = recover_file(FIXTURES / f"{name}.txt", shipped_model)
    assert report.tables["applications"].status == "recovered"
    assert _rows(report, "applications") == _gold_rows(name, "applications")
    regs = _cells(report, "active_disclosure", "行政规范性文件")
    assert [c.value for c in regs] == [1, 7, 16]
    # No identity checks table 二's order: right, and below sure.
    assert all(c.confidence < 0.9 for c in regs)


def test_table2_labels_piled_across_blocks(shipped_model):
    # "行政许可" "行政处罚" "行政强制" "第二十条第（五）项" … 74 "第二十条第（六）项" … 11 2: the labels of two
    # blocks before their block names, the numbers in their order after them.
    report = recover_file(FIXTURES / "pdfminer_table3_boxes_by_column_cg2021.txt", shipped_model)
    got = {r: _cells(report, "active_disclosure", r) for r in ("行政许可", "行政处罚", "行政强制")}
    assert {r: [c.value for c in cells] for r, cells in got.items()} == {"行政许可": [74], "行政处罚": [11], "行政强制": [2]}
    assert all(c.confidence < 0.9 for cells in got.values() for c in cells)


def test_table2_piled_labels_under_a_header_of_fewer_columns(shipped_model):
    # "行政许可" "其他对外管理服务事项" 2876 5408 123291 835562 under `2019年项目数量 | 处理决定数量`: two
    # columns per row, read column by column; 本年增/减 is left out by the header.
    report = recover_file(FIXTURES / "pdfminer_piled_labels_fewer_columns_szf2019.txt", shipped_model)
    got = {r: _cells(report, "active_disclosure", r) for r in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制")}
    assert {r: [(c.value, c.kind) for c in cells] for r, cells in got.items()} == {
        "行政许可": [(2876, "number"), (None, "na"), (123291, "number")],
        "其他对外管理服务事项": [(5408, "number"), (None, "na"), (835562, "number")],
        "行政处罚": [(16250, "number"), (None, "na"), (13818, "number")],
        "行政强制": [(629, "number"), (None, "na"), (2012, "number")]}
    assert all(c.confidence < 0.9 for cells in got.values() for c in cells if c.kind == "number")


def test_cells_of_a_failed_identity_are_not_sure_and_keep_their_printed_value(shipped_model):
    text = (FIXTURES / "w3m_wrapped_box_rows_cg2021.txt").read_text(encoding="utf-8")
    k = text.index("（七）总计")
    line_end = text.index("\n", k)
    # （七）总计 prints 1 … 1; make its 总计 read 7: the row no longer adds up.
    row = text[k:line_end]
    text = text[:k] + row[::-1].replace("1", "7", 1)[::-1] + text[line_end:]
    report = recover_text(text, "failed.txt", shipped_model)
    total = _cells(report, "applications", "（七）总计")
    assert total[-1].value == 7  # never repaired
    assert all(c.confidence < 0.9 for c in total)
    assert [c.ok for c in report.checks if c.rule == "applications.row_total" and c.where.endswith("（七）总计")] == [False]


def test_a_number_with_its_unit_in_brackets_is_read(shipped_model):
    report = recover_file(FIXTURES / "unit_in_brackets_slj2020.txt", shipped_model)
    buy = {c.col[-1]: c for c in _cells(report, "active_disclosure", "政府集中采购")}
    assert (buy["采购总金额"].value, buy["采购总金额"].raw) == (2488, "2488(元)")


def test_text_in_a_number_cell_is_never_sure(shipped_model):
    # pdftotext printed a stray "1." where 结转下年度's first cell is: a misread, not a value.
    text = (FIXTURES / "unit_in_brackets_slj2020.txt").read_text(encoding="utf-8")
    k = text.index("四、结转下年度继续办理")
    line_end = text.index("\n", k)
    cells = text[k:line_end].split("|")
    cells[1] = " 1. "
    report = recover_text(text[:k] + "|".join(cells) + text[line_end:], "text_cell.txt", shipped_model)
    first = _cells(report, "applications", "四、结转下年度继续办理")[0]
    assert first.kind == "text" and first.confidence < 0.5


@pytest.mark.parametrize("read, doubted", [("direct", 3), ("blanks", 7), ("repeats", 7)])
def test_a_row_placed_as_a_whole_with_its_numbers_in_failing_columns_is_in_doubt_whole(read, doubted):
    # A value placed one cell off breaks its column: a row whose identity placed its values (blank cells
    # told, repeats put back) and whose numbers stand in two failing columns is in doubt in every cell;
    # a row read as printed only in those columns.
    from tablerecover.checks import identity_support
    from tablerecover.result import CellResult, TableResult

    template = get_template("2021")
    spec = template.table("applications")
    row, cols = spec.rows[2].path, spec.rows[2].cols  # （一）予以公开
    printed = {cols[0]: 1, cols[1]: 1, cols[-1]: 2}

    def support(values):
        cells = [CellResult(r.path, c, v, str(v), "number" if v else "zero", 0.99, (1,),
                            read=read if r.path == row else "direct")
                 for r in spec.rows for c in r.cols for v in (values.get((r.path, c), 0),)]
        got = identity_support({"applications": TableResult("applications", "recovered", cells)}, template)
        return [c[-1] for c in cols if got[("applications", row, c)] == "failed"]

    assert len(support({(row, c): v for c, v in printed.items()})) == doubted
    # A column failing for another row's misprint (（七） prints a 1 under 科研机构 its total leaves out)
    # fails in every row: where this row has no number, the rest of it stays as it was.
    first, total = spec.rows[0].path, spec.rows[-2].path
    values = {(r, c): v for r in (row, first, total) for c, v in printed.items()} | {(total, cols[2]): 1}
    assert support(values) == ["科研机构"]


def test_calibration_follows_the_evidence_and_never_raises_a_guess():
    from tablerecover.calibration import calibrated, evidence, fit

    # 100 cells read directly with the identities holding were all right; 100 short-row guesses, too.
    samples = [(evidence("direct", "held", 0.6), True)] * 100
    samples += [(evidence("short", "held", 0.3), True)] * 100
    samples += [(evidence("direct", "none", 0.3), i < 50) for i in range(100)]
    counts = fit(samples)
    assert calibrated(counts, evidence("direct", "held", 0.6), 0.6) > 0.98
    assert calibrated(counts, evidence("short", "held", 0.3), 0.3) == 0.3
    assert calibrated(counts, evidence("direct", "none", 0.3), 0.3) < 0.6
    # A class never seen: the reader's own confidence stands.
    assert calibrated(counts, evidence("glued", "failed", 0.7), 0.7) == 0.7


def test_a_glued_cut_no_identity_checks_is_never_sure(shipped_model):
    # Table 二 has no identity: "——168" cut into 1 6 8 only fills the columns, a lost dash belies it.
    text = (FIXTURES / "own_header_table2_szf2019.txt").read_text(encoding="utf-8")
    text = text.replace("| 信息内容 | 2019年项目数量 | 处理决定数量 |  | \n", "", 1)
    text = text.replace("| 其他对外管理服务事项 | 5408 | 835562 |  | ", "其他对外管理服务事项——168")
    report = recover_text(text, "glued_table2.txt", shipped_model)
    row = _cells(report, "active_disclosure", "其他对外管理服务事项")
    assert all(c.confidence < 0.5 for c in row if c.value is not None)
    assert any(c.rule == "reading.ambiguous" and "其他对外管理服务事项" in c.where for c in report.checks)


def test_an_enumerated_label_after_numbers_opens_its_own_row(shipped_model):
    # bs4 prints "(一" ")" "予以公开" 287 … 315 "(二" ")" "部分公开" …: (二) is a row, not more of (一).
    report = recover_file(FIXTURES / "bs4_label_after_numbers_szf2019.txt", shipped_model)
    second = _cells(report, "applications", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert [c.value for c in second] == [28, 0, 0, 0, 0, 0, 28] and min(c.confidence for c in second) > 0.9


def test_a_dump_that_drops_repeated_lines_gets_its_repeats_back(shipped_model):
    # The archive's page.txt prints a row of seven zeros as one "0" (repeated lines dropped).
    path = FIXTURES / "crawler_repeats_dropped_cg2021.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not any(a == b and a for a, b in zip(lines, lines[1:]))
    report = recover_file(path, shipped_model)
    row = _cells(report, "applications", "1.属于国家秘密")
    assert [c.value for c in row] == [0] * 7 and all(c.read == "repeats" for c in row)
    # The same text with the repeats printed is not such a dump: short rows there stay unsure guesses.
    k = next(i for i, ln in enumerate(lines) if ln.strip() == "1.属于国家秘密")
    lines[k + 1:k + 2] = ["0", "0"]
    report = recover_text("\n".join(lines), "not_a_dump.txt", shipped_model)
    assert all(c.read != "repeats" for t in report.tables.values() for c in t.cells)
    # A text printing six number lines, none repeated (PyMuPDF's of a report leaving most cells blank),
    # shows too little to be told from a text that drops blank cells: table 四's "0" "1" may be 13 zeros
    # and two 1s, or 0, 1 and 13 blank cells with a misprinted total — the one expansion that adds up
    # is a guess, never sure.
    name = "pymupdf_few_numbers_read_as_a_dump_that_drops_repeats_generated"
    report = recover_file(_generated(name), shipped_model)
    cells = report.tables["review_litigation"].cells
    assert {c.raw for c in cells if c.placed} <= {"0", "1"}
    assert all(c.confidence < 0.5 for c in cells)


def test_a_number_repeated_to_add_up_is_likely_never_sure(shipped_model):
    """A dump that drops repeated lines prints table 四 "0" "１" "０" … for a report whose 复议 total is one
    off (0 0 0 0 1). The one way of repeating them that adds up is 0 0 0 1 1: 尚未审结's 1 mends the
    misprint. A number other than 0 repeated to add up is likely, never sure; the cells the misprint
    would not move (the zeros, the other groups) stay sure."""
    path = FIXTURES / "crawler_misprinted_total_read_by_a_repeated_number_generated.txt"
    want = _gold_cells(path.stem, "review_litigation")
    cells = recover_file(path, shipped_model).tables["review_litigation"].cells
    repeated = [c for c in cells if c.value == 1]
    assert [c.col[-1] for c in repeated] == ["尚未审结", "总计"]
    assert all(c.confidence < 0.9 and c.read == "repeats?" for c in repeated)
    assert any(c.value != want[(c.row, c.col)] for c in repeated)  # the misprint's mend: a guess
    rest = [c for c in cells if c not in repeated]
    assert all(c.confidence >= 0.9 and c.value == want[(c.row, c.col)] for c in rest)


def test_an_enumerator_left_among_the_numbers_is_not_a_value(shipped_model):
    # pdftotext -layout prints "属于国家秘密" on one line and "1.   0 0 0 0 0 0 0" on the next.
    text = (FIXTURES / "unit_in_brackets_slj2020.txt").read_text(encoding="utf-8")
    text = text.replace("（三）不予公开 |  1.属于国家秘密 |  0 |", "（三）不予公开 |  属于国家秘密 | 1. |  0 |")
    report = recover_text(text, "enumerator.txt", shipped_model)
    row = _cells(report, "applications", "1.属于国家秘密")
    assert [c.value for c in row] == [0] * 7 and row[0].raw == "0"
    # One space before the numbers ("理 重复申请" / "2. 0 0  4  0 … 5" under 信访's "请 0 0 3 0 10 0 13"):
    # still a label's piece, and each row keeps its own numbers.
    name = "pdftotext_layout_enumerator_on_its_numbers_line_generated"
    report = _rows_as_gold(name, ("1.信访举报投诉类申请", "2.重复申请"), shipped_model)
    assert [c.raw for c in _cells(report, "applications", "2.重复申请")][:2] == ["0", "0"]


def test_value_rows_without_a_label_are_placed_in_template_order(shipped_model):
    # pdftotext's default order prints 二's seven numbers, then (一)'s and (二)'s on lines of their
    # own; the labels "（一）予以公开" "（二）部分公开…" come later, with no numbers after them.
    path = FIXTURES / "pdftotext_unlabelled_rows_cg2023.txt"
    report = recover_file(path, shipped_model)
    first = _cells(report, "applications", "（一）予以公开")
    second = _cells(report, "applications", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert [c.value for c in first] == [2, 0, 0, 0, 0, 0, 2] and all(c.read == "unlabelled" for c in first)
    assert [c.value for c in second] == [3, 0, 0, 1, 0, 0, 4]
    total = _cells(report, "applications", "（七）总计")
    assert [c.value for c in total] == [19, 0, 0, 1, 0, 0, 20]
    # One extra row fewer than the rows left without numbers: nothing says which row lost its
    # numbers, so none is placed by order.
    lines = path.read_text(encoding="utf-8").splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.strip() == "二、上年结转政府信息公开申请数量")
    values = [i for i in range(k + 1, len(lines)) if lines[i].strip()][7:14]
    cut = "\n".join(ln for i, ln in enumerate(lines) if i not in values)
    report = recover_text(cut, "cut.txt", shipped_model)
    first = _cells(report, "applications", "（一）予以公开")
    assert all(c.read != "unlabelled" and c.confidence < 0.9 for c in first)


def test_an_enumerator_between_unlabelled_rows_does_not_end_them(shipped_model):
    # pdftotext prints an enumerator whose label text stands further on among the numbers.
    lines = (FIXTURES / "pdftotext_unlabelled_rows_cg2023.txt").read_text(encoding="utf-8").splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.strip() == "二、上年结转政府信息公开申请数量")
    values = [i for i in range(k + 1, len(lines)) if lines[i].strip()][:14]  # 二's and (一)'s
    lines[values[-1] + 1:values[-1] + 1] = ["", "1.", ""]
    report = recover_text("\n".join(lines), "enum.txt", shipped_model)
    second = _cells(report, "applications", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert [c.value for c in second] == [3, 0, 0, 1, 0, 0, 4] and all(c.read == "unlabelled" for c in second)


def test_a_label_after_numbers_on_bare_lines_opens_the_next_row(shipped_model):
    # pdftotext: "（四）无 1.本机关不掌握相关政府" "法提供" "信息" 1 0 0 0 0 0 1 "没有现成信息需要另行" "制作" 0 …
    report = recover_file(FIXTURES / "pdftotext_label_after_numbers_cg2021.txt", shipped_model)
    first = _cells(report, "applications", "1.本机关不掌握相关政府信息")
    second = _cells(report, "applications", "2.没有现成信息需要另行制作")
    assert [c.value for c in first] == [1, 0, 0, 0, 0, 0, 1] and [c.value for c in second] == [0] * 7
    # Numbers beside label text (pdfplumber: "于行政 11 1 0 0 0 0 12" then "执法案" "卷") keep the label whole.
    text = "\n".join(["三、收到和处理政府信息公开申请情况", "属", "8.", "于行政 11 1 0 0 0 0 12", "查询事", "项"])
    report = recover_text(text, "beside.txt", shipped_model)
    row = _cells(report, "applications", "8.属于行政查询事项")
    assert [c.value for c in row] == [11, 1, 0, 0, 0, 0, 12]


def test_two_label_lines_that_read_as_two_rows_are_two_labels():
    template = get_template("2021")
    keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    # pdftotext (ptn-slj2020): (三)2's label lines run straight into (三)3's, the numbers after both.
    texts = [("2.其他法律行", "rowlabel"), ("政法规禁止公", "cont"), ("开", "cont"), ("危及“三安全", "cont"),
             ("一稳定”", "cont")] + [("0", "value")] * 7
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab) for i, (t, lab) in enumerate(texts)]
    units = split_merged_rows(merge_units(frags), frags, keys)
    assert [u.key for u in units if u.label != "value"] == ["2.其他法律行政法规禁止公开", "危及三安全一稳定"]
    # A label wrapped over lines that reads as one row stays whole.
    texts = [("5.要求行政机关确认或重", "rowlabel"), ("新出具已获取信息", "cont")] + [("0", "value")] * 7
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab) for i, (t, lab) in enumerate(texts)]
    assert [u.key for u in split_merged_rows(merge_units(frags), frags, keys) if u.label != "value"] == [
        "5.要求行政机关确认或重新出具已获取信息"]
    # pdftotext -layout: the vertical group label's pieces before (二)'s lines, (三)1's label taken for
    # its continuation; with the pieces, (二) read best as "3.其他" (inside "不计其他情形") and stayed whole.
    texts = [("度办理结 (二)部分公开(区分处理的,", "rowlabel"), ("果 只计这一情形,不计其他情", "cont")] + [("0", "value")] * 7
    texts += [("形)", "cont"), ("1.属于国家秘", "cont"), ("密", "cont")] + [("0", "value")] * 7
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab) for i, (t, lab) in enumerate(texts)]
    labels = [u.key for u in split_merged_rows(merge_units(frags), frags, keys) if u.label != "value"]
    assert labels[-1] == "1.属于国家秘密" and len(labels) == 2


def test_labels_with_numbers_anchor_rows_before_a_pile_of_bare_labels(shipped_model):
    # pdftotext prints "属于四类过程性信息" 0 … 0, and later "(一)予以公开" "(二)部分公开…" "属于国家秘密"
    # … with no numbers: the labels the numbers follow are the rows.
    report = recover_file(FIXTURES / "pdftotext_label_pile_sjj2024.txt", shipped_model)
    first = _cells(report, "applications", "（一）予以公开")
    assert [c.value for c in first] == [1, 0, 0, 0, 0, 0, 1] and all(c.read == "unlabelled" for c in first)
    assert all(c.placed for c in report.tables["applications"].cells)
    # Table 四: five values, the heading 五、存在的主要问题及改进情况, the other ten.
    review = report.tables["review_litigation"]
    assert review.status == "recovered" and [c.value for c in review.cells] == [0] * 15


def test_a_label_around_its_enumerator_line_is_one_label(shipped_model):
    # pdftotext -layout: "申请人无正当理由逾期" / "1." / "不补正、行政机关不再处 0 0 0 0 0 0 0" / "理其政府信息公开申请".
    report = recover_file(FIXTURES / "pdftotext_layout_enumerator_line_cg2021.txt", shipped_model)
    row = _cells(report, "applications", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert [c.value for c in row] == [0] * 7 and all(c.placed for c in row)


def test_a_group_label_before_the_row_enumerator_does_not_hide_the_row():
    template = get_template("2021")
    rows = template.table("applications").rows
    keys = tuple(compact(r.label) for r in rows)
    # pdftotext interleaves the vertical group label "（六）其他处理" with the row's own label.
    sims = label_similarities(compact("（六）其2.申请人逾期未按收费通他处理知要求缴纳费用、行政机"), keys)
    assert rows[int(sims.argmax())].path[-1].startswith("2.申请人逾期未按收费通知") and sims.max() > 0.85


def test_a_two_character_label_is_no_match_inside_a_longer_label():
    rows = get_template("2021").table("applications").rows
    keys = tuple(compact(r.label) for r in rows)
    other = next(i for i, r in enumerate(rows) if r.label == "3.其他")
    # pdftotext -layout: (二)'s label with a vertical group label's piece before it ("度办理结") read best
    # as 3.其他, found inside 不计其他情形 — and the next row's label, merged into it, was never cut.
    sims = label_similarities(compact("度办理结(二)部分公开(区分处理的，只计这一情形，不计其他情"), keys)
    assert rows[int(sims.argmax())].path[-1].startswith("（二）部分公开") and sims[other] < 0.5
    # At the head of a longer text a short label still reads as itself: a filling note after it.
    assert label_similarities(compact("规章(设区的市、自治州人民政府应提供相关数据)"), (compact("规章"),))[0] > 0.9


def test_a_money_unit_after_a_space_stays_with_its_number(shipped_model):
    report = recover_file(FIXTURES / "pypdf_spaced_money_unit_szf2019.txt", shipped_model)
    row = {c.col[-1]: c.value for c in _cells(report, "active_disclosure", "政府集中采购")}
    assert row == {"采购项目数量": 929, "采购总金额": 120190475.34}


def test_table2_header_between_a_label_and_its_numbers(shipped_model):
    # pdftotext: "行政事业性收费" "上一年项目数量" "本年增/减" 4 0; "政府集中采购" "采购总金额" "（元）" 1 2488.
    report = recover_file(FIXTURES / "pdftotext_header_between_label_and_numbers_slj2020.txt", shipped_model)
    fee = {c.col[-1]: c.value for c in _cells(report, "active_disclosure", "行政事业性收费")}
    buy = {c.col[-1]: c.value for c in _cells(report, "active_disclosure", "政府集中采购")}
    assert fee == {"上一年项目数量": 4, "本年增/减": 0} and buy == {"采购项目数量": 1, "采购总金额": 2488}


def test_a_table_of_one_value_is_read_whatever_the_order(shipped_model):
    # pdftotext's column order (pta-kjj2020): 161 zeros for table 三's 161 cells, in no row order.
    path = FIXTURES / "pdftotext_column_order_zeros_kjj2020.txt"
    report = recover_file(path, shipped_model)
    apps = report.tables["applications"]
    assert apps.status == "recovered" and {(c.value, c.read) for c in apps.cells} == {(0, "uniform")}
    # One zero fewer than cells: the order matters again, and no cell is read this way.
    lines = path.read_text(encoding="utf-8").splitlines()
    k = max(i for i, ln in enumerate(lines) if ln.strip() == "0" and i < next(
        j for j, x in enumerate(lines) if x.startswith("四、政府信息公开行政复议")))
    report = recover_text("\n".join(lines[:k] + lines[k + 1:]), "short.txt", shipped_model)
    assert all(c.read != "uniform" for c in report.tables["applications"].cells)


def test_a_unit_printed_apart_from_its_number_does_not_end_the_row(shipped_model):
    report = recover_file(FIXTURES / "pdftotext_layout_unit_apart_slj2020.txt", shipped_model)
    buy = {c.col[-1]: c.value for c in _cells(report, "active_disclosure", "政府集中采购")}
    assert buy == {"采购项目数量": 1, "采购总金额": 2488}


def test_a_column_the_header_seems_to_leave_out_is_not_sure_unless_the_row_confirms_it(shipped_model):
    """pdftotext prints table 二's （九） header as `采购项目数量`, the row label, then `采购总金额 （元）`:
    the header between block and row seemed to leave 采购总金额 out, and the cell came out "na" with
    confidence 0.97 although the report prints 2488 there (a silent error). A header reading that the
    row's own values do not confirm is a guess."""
    case = Path(__file__).resolve().parents[2] / "shared" / "realdev" / "cases" / "ptn-slj2020__print-pdftotext.txt"
    if not case.exists():
        pytest.skip("shared/realdev is not beside the checkout")
    report = recover_file(case, shipped_model)
    cells = {c.col[-1]: c for c in report.tables["active_disclosure"].cells if c.row[-1] == "政府集中采购"}
    amount = cells["采购总金额"]
    assert amount.value == 2488 or amount.confidence < 0.9


def _crawler_table3(case: str):
    from tablerecover.synth import generate_doc, generate_series

    return generate_doc(111, 10000, "crawler") if case == "columns exchanged" else \
        generate_series(4, 2020, seed=1039, style="crawler")[3]


@pytest.mark.parametrize("case", ["columns exchanged", "column shifted"])
def test_a_column_moved_in_every_row_is_never_a_sure_reading(case, shipped_model):
    """Dumps that drop repeated lines, where a whole column may move in every row at once and the
    column identities hold or fail alike. *Columns exchanged*: 科研机构 all zeros and 社会公益组织 not,
    every row "0 16 0 …", the numbers under either column alike; coordinate ascent moves one row at a
    time and never saw the joint exchange (seven cells wrong at 1.0). *Column shifted*: 一 printed
    "7 0 3,378 0 3385" for seven cells, each row's lone number under 商业企业, 科研机构 or 法律服务机构;
    one- and two-row moves never reach the reading where the result columns add up, the ascent stopped
    with 一 and （七） shifted alike, and 一's cells came out sure and wrong while the result columns'
    identities failed."""
    doc = _crawler_table3(case)
    report = recover_text(doc.text, doc.name, shipped_model)
    gold = {(tuple(c["row"]), tuple(c["col"])): c["value"] for c in doc.gold["tables"]["applications"]["cells"]}
    sure_wrong = [c for c in report.tables["applications"].cells
                  if c.confidence >= 0.9 and gold.get((c.row, c.col), "absent") != c.value]
    assert not sure_wrong


def test_table4_printed_with_every_cell_blank_is_read_blank_not_missing(shipped_model):
    """A report that leaves table 四 blank (generated, pipe rows): its header, then one row of empty
    cells " | | … |" (14 pipes' worth: a row without a label opens with an empty piece that reads as
    no cell). The table came out `missing` although every cell is printed, blank."""
    from tablerecover.synth import generate_doc

    doc = generate_doc(144, 50000, "pipe")
    assert all(c["value"] is None for c in doc.gold["tables"]["review_litigation"]["cells"])
    table = recover_text(doc.text, doc.name, shipped_model).tables["review_litigation"]
    assert table.status == "recovered" and len(table.cells) == 15
    assert all(c.placed and c.value is None and c.kind == "empty" for c in table.cells)
    assert all(c.confidence >= 0.9 for c in table.cells)  # every blank cell printed
    # A line of fewer empty cells is no such row: the table printed no number, its cells blank by
    # guess only (tables._blank_table), never sure.
    cut = doc.text.replace(" | | | | | | | | | | | | | | |\n", " | | | | | |\n")
    assert cut != doc.text
    table = recover_text(cut, doc.name, shipped_model).tables["review_litigation"]
    assert all(c.value is None and c.read == "blank?" and c.confidence < 0.9 for c in table.cells)


def test_a_count_that_looks_like_a_year_is_a_cell_unless_a_header_word_lost_its_year(shipped_model):
    """pdftotext's default order prints table 二's numbers before their labels ("本年处理决定数量" "2056"
    "行政处罚"): 2056 was taken for the year cut from a header word, 行政处罚 had no number, and the
    table was not read backwards (four rows unread, one wrong). A year that follows a header word which
    lost its year ("年项目数量" … "2019" "行政许可", ptc-szf2019) is still the header's."""
    path = _generated("pdftotext_count_like_a_year_before_its_label_generated")
    want = _gold_cells(path.stem, "active_disclosure")
    cells = recover_file(path, shipped_model).tables["active_disclosure"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    assert all(c.confidence < 0.9 for c in cells)  # read backwards: no identity confirms the direction
    real = recover_file(FIXTURES / "pdftotext_row_around_label_szf2019.txt", shipped_model)
    assert all(c.value not in (2019, "2019") for t in real.tables.values() for c in t.cells)


def test_rows_glued_alike_and_tied_by_the_totals_move_together(shipped_model):
    """pdf-parse (a real page's Chromium print) glues each row's cells: 一 and （七）总计 print alike
    ("503302031539", "509302031545") and tie alike (30 2 0 3 1 or 3 0 2 0 31 …). Changing either row
    alone breaks 一+二 = （七）+四, so one-row moves never reached the reading where the result columns
    add up too; the wrong one stood, with five failed checks."""
    report = recover_file(FIXTURES / "pdfparse_glued_rows_tied_by_totals_szf2019.txt", shipped_model)
    want = _gold_cells("pdfparse_glued_rows_tied_by_totals_szf2019")
    got = {(c.row, c.col): c.value for c in report.tables["applications"].cells}
    assert got == want
    assert all(c.ok for c in report.checks if c.rule.startswith("applications."))


def test_grid_row_label_wrapped_below_its_numbers(shipped_model):
    # pandoc's grid table: "政 | 1 | | 2488（元）" over "府集中采购 | | |" between two borders. The label's
    # tail is not a row of its own whose empty cells read as sure blanks; "采" over "购项目数量" is one
    # header in its own column, not more of the header before it.
    report = recover_file(FIXTURES / "pandoc_grid_wrapped_label_slj2020.txt", shipped_model)
    row = {c.col[-1]: c for c in _cells(report, "active_disclosure", "政府集中采购")}
    assert (row["采购项目数量"].value, row["采购总金额"].value) == (1, 2488)
    assert all(c.placed and c.kind != "empty" for c in row.values())


def test_a_pipe_cell_is_never_more_of_another_cell_of_its_row():
    # pandoc -t gfm of a real page (ptc-szf2019): a held-out model called the header 2019年项目数量
    # a continuation; joined to 信息内容 the table lost its own header and 123291 went to 本年增/减.
    lines = ["| 第二十条第（一）项 |  |  |  |", "|---|---|---|---|",
             "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |", "| 规章 | 0 | 0 | 0 |",
             "| 第二十条第（五）项 |  |  |  |", "| 信息内容 | 2019年项目数量 | 处理决定数量 |  |",
             "| 行政许可 | 2876 | 123291 |  |"]
    frags = fragment_lines(normalise_text("\n".join(lines)))
    labels = {"第二十条第(一)项": "block", "第二十条第(五)项": "block", "2019年项目数量": "cont", "行政许可": "rowlabel",
              "规章": "rowlabel"}
    for f in frags:
        f.label = labels.get(f.text) or ("empty" if not f.text else "value" if f.text.isdigit() else "colhead")
    heads = [u.text for u in merge_units(frags) if u.label == "colhead" and u.lines == [6]]
    assert heads == ["信息内容", "2019年项目数量", "处理决定数量"]


def _units_of(texts):
    frags = [Fragment(t, (1,), 0, i, len(texts), False, False, glued=lab == "value", label=lab)
             for i, (t, lab) in enumerate(texts)]
    return frags, merge_units(frags)


def test_a_filling_note_printed_apart_stays_with_its_label():
    template = get_template("2021")
    keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    # lxml text_content() of a minified page: "规章(设区的市、自治州人民政府应提供相关数据)000", the note
    # taken for a label of its own would leave 规章 without its numbers.
    _, units = _units_of([("规章", "rowlabel"), ("(设区的市、自治州人民政府应提供相关数据)", "rowlabel"), ("000", "value"),
                              ("行政规范性文件", "rowlabel"), ("120", "value")])
    joined = join_filling_notes(units, keys)
    assert [u.key for u in joined] == ["规章(设区的市、自治州人民政府应提供相关数据)", "000", "行政规范性文件", "120"]
    # A group label's opener is no note: "(六)" stays a unit of its own.
    _, units = _units_of([("3.其他", "rowlabel"), ("(六)", "rowlabel"), ("其他", "rowlabel")])
    assert len(join_filling_notes(units, keys)) == 3


def test_padding_side_is_told_by_every_row_whose_placement_is_forced():
    from tablerecover.decode.rows import pads_first
    from tablerecover.decode.units import Unit

    def row(*texts):
        return [Unit(t, "value" if t else "empty", [0], [1], 0, True, 1.0, value_like=bool(t)) for t in texts]

    # Markdown with blank cells: "| 一、… | | | 4 | 0 | 0 | | | 0 | 4 |" can only be the last seven cells.
    forced = row("", "", "4", "0", "0", "", "", "0", "4")
    tied = row("", "", "", "0", "", "0", "", "0", "")
    assert pads_first([(forced, 7), (tied, 7)])
    assert not pads_first([(row("4", "0", "0", "", "", "0", "4", "", ""), 7), (tied, 7)])


def test_a_header_words_last_line_after_the_other_header_words_is_no_row():
    # pdftotext's default order of table 二's (五) block: "上一年项目数" "信息内容" "本年增/减" "处理决定数量"
    # "量" 4 -12 0 "行政许可" 0 -12 67 "其他对外管理服务事项". The wrapped header's "量", taken for a row
    # label, took 4 -12 0, and 行政许可 the next row's numbers, sure.
    texts = [("上一年项目数", "colhead"), ("信息内容", "colhead"), ("本年增/减", "colhead"), ("处理决定数量", "colhead"),
             ("量", "rowlabel"), ("4", "value"), ("行政许可", "rowlabel")]
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab) for i, (t, lab) in enumerate(texts)]
    units = merge_units(frags)
    assert [(u.key, u.label) for u in units if not u.value_like] == [
        ("上一年项目数量", "colhead"), ("信息内容", "colhead"), ("本年增/减", "colhead"), ("处理决定数量", "colhead"),
        ("行政许可", "rowlabel")]
    # A whole template row label on its line that the classifier doubts is a row label, not meta.
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab, confidence=conf)
             for i, (t, lab, conf) in enumerate([("规范性文件", "meta", 0.49), ("规范性文件", "meta", 0.8)])]
    assert [u.label for u in merge_units(frags)] == ["rowlabel", "meta"]
    # A row label after the header that completes no header word stays a row label.
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab)
             for i, (t, lab) in enumerate([("处理决定数量", "colhead"), ("行政许可", "rowlabel")])]
    assert [u.label for u in merge_units(frags)] == ["colhead", "rowlabel"]


def test_a_lone_enumerator_digit_before_its_label_is_no_value():
    # bs4 on a Word page with the enumerator in a span of its own: "3" / ".补正后申请内" / "容仍不明确".
    texts = [("2.没有现成信息需", "rowlabel"), ("要另行制作", "cont")] + [("0", "value")] * 7 + [
        ("3", "value"), (".补正后申请内", "cont"), ("容仍不明确", "cont")] + [("0", "value")] * 7
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab) for i, (t, lab) in enumerate(texts)]
    units = merge_units(frags)
    assert [u.key for u in units if not u.value_like] == ["2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
    assert sum(u.value_like for u in units) == 14
    # A number alone on its line before text that opens with no "." stays a value.
    frags = [Fragment(t, (i + 1,), i, 0, 1, False, False, label=lab)
             for i, (t, lab) in enumerate([("3", "value"), ("、行政机关不再处理", "cont")])]
    assert merge_units(frags)[0].value_like


def test_a_row_label_wrapped_around_its_group_label_is_joined():
    from tablerecover.decode.units import join_around_group_labels

    template = get_template("2021")
    keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    # inscriptis: "1.本机关不掌" / "(四)无法提供 761 0 0 0 0 0 761" / "握相关政府信息" (taken for more of the group label).
    lines = [[("1.本机关不掌", "rowlabel")], [("(四)无法提供", "rowlabel")] + [("761", "value")] + [("0", "value")] * 5
             + [("761", "value")], [("握相关政府信息", "cont")]]
    frags = [Fragment(t, (r + 1,), r, c, len(line), False, False, label=lab)
             for r, line in enumerate(lines) for c, (t, lab) in enumerate(line)]
    units = join_around_group_labels(merge_units(frags), frags, keys)
    assert [u.key for u in units][:3] == ["(四)无法提供", "1.本机关不掌握相关政府信息", "761"]
    assert units[0].label == "block"
    # pdftotext: "(四)无 1.本机关不掌握相关政府" / "法提供" / "信息" …: "法提供" is the rest of the group
    # label, not a group label's line; nothing is moved.
    lines = [[("8.", "rowlabel")], [("(四)无 1.本机关不掌握相关政府", "rowlabel")], [("法提供", "cont")], [("信息", "cont")],
             [("0", "value")]]
    frags = [Fragment(t, (r + 1,), r, c, len(line), False, False, label=lab)
             for r, line in enumerate(lines) for c, (t, lab) in enumerate(line)]
    units = merge_units(frags)
    assert [u.key for u in join_around_group_labels(units, frags, keys)] == [u.key for u in units]


def test_glued_runs_with_a_sign_or_a_decimal_are_cut():
    from tablerecover.decode.glued import read_glued

    # "行政事业性收费0-12": the sign alone makes the two cells.
    assert read_glued(["0-12"], 2, None).parts == ("0", "-12")
    # "政府集中采购08415.993": the decimal part stays with the last number.
    assert read_glued(["08415.993"], 2, None).parts == ("0", "8415.993")
    # A separated decimal is one number, never cut.
    assert read_glued(["12.5", "3"], 3, None, [False, False]) is None


def test_of_tied_repeat_expansions_the_one_repeating_zeros_comes_first():
    from tablerecover.decode.rows import fill_row
    from tablerecover.decode.units import Unit

    # A dump that drops repeated lines: "规章" "0" "135" for three cells is 0 0 135 or 0 135 135.
    values = [Unit(t, "value", [k], [k + 1], k, False, 1.0, value_like=True, repeats_dropped=True)
              for k, t in enumerate(["0", "135"])]
    fill = fill_row("active_disclosure", ("第二十条第（一）项", "规章"), ["a", "b", "c"], values, 1.0)
    assert [c.raw for c in fill.cells] == ["0", "0", "135"]
    assert [[c.raw for c in alt] for alt in fill.alternatives] == [["0", "0", "135"], ["0", "135", "135"]]
    assert all(c.confidence < 0.5 for c in fill.cells)


def test_a_table3_row_that_lost_its_blank_cells_keeps_the_placements_its_identity_allows():
    from tablerecover.decode.rows import fill_row
    from tablerecover.decode.units import Unit

    # "6 … 6" for seven columns in a text that prints no blank cell: 总计 = the six's sum puts the
    # second 6 in 总计 and the first in any of the six — a tie, 自然人 first; never 6 | 6 | unread.
    values = [Unit(t, "value", [k], [k + 1], k, False, 1.0, value_like=True) for k, t in enumerate(["6", "6"])]
    cols = [(c,) for c in "abcdefg"]
    fill = fill_row("applications", ("一、本年新收政府信息公开申请数量",), cols, values, 1.0)
    assert [c.raw for c in fill.cells] == ["6", "", "", "", "", "", "6"]
    assert len(fill.alternatives) == 6 and all(alt[-1].value == 6 for alt in fill.alternatives)
    # Never sure; the cells no value went to are unread: blank, or a 0 the text lost, it does not say.
    assert all(c.confidence < 0.5 and c.read == "short" for c in fill.cells if c.raw)
    assert [c.kind for c in fill.cells[1:6]] == ["unread"] * 5 and not fill.complete
    # Values that fit no placement did not just lose blanks: left to right, unsure, the rest unread.
    values[1].text = "5"
    fill = fill_row("applications", ("一、本年新收政府信息公开申请数量",), cols, values, 1.0)
    assert [c.raw for c in fill.cells] == ["6", "5", "", "", "", "", ""] and not fill.complete


def test_zeros_that_add_up_across_two_lines_leaving_out_a_printed_number_are_a_guess():
    from tablerecover.decode.rows import fill_row
    from tablerecover.decode.units import Unit

    # pdftotext -layout (827/010): a row's "0 2 0 0 0 0 0" and the next row's zeros in one unit, the
    # printed row not adding up. The zeros from the 3rd on add up, but leave out the 2 on their line:
    # read, unsure, never a sure 0 for a printed 2.
    texts = [(62, t) for t in "0200000"] + [(65, t) for t in "0000000"]
    values = [Unit(t, "value", [k], [line], k, False, 1.0, value_like=True) for k, (line, t) in enumerate(texts)]
    cols = [(c,) for c in "abcdefg"]
    fill = fill_row("applications", ("三、本年度办理结果", "（二）部分公开"), cols, values, 1.0)
    assert [c.raw for c in fill.cells] == ["0"] * 7 and all(c.confidence < 0.9 for c in fill.cells)
    # The same zeros after a line's numbers that all stay out (a neighbour's) are the row's, sure.
    texts[1] = (62, "0")
    values = [Unit(t, "value", [k], [line], k, False, 1.0, value_like=True) for k, (line, t) in enumerate(texts)]
    fill = fill_row("applications", ("三、本年度办理结果", "（二）部分公开"), cols, values, 1.0)
    assert all(c.confidence >= 0.9 for c in fill.cells)


PDFMD = FIXTURES / "pdfmd_labels_out_of_rows_003.txt"


def _fragments(text: str, labels: dict[str, str]) -> list[Fragment]:
    from tablerecover.fragment import fragment_lines

    frags = fragment_lines(text.split("\n"))
    for f in frags:
        f.label = labels.get(f.text, "value" if f.text[:1].isdigit() else "empty" if not f.text
                             else "meta" if set(f.text) <= set("-|:") else "rowlabel")
    return frags


def test_placeholder_header_rows_of_pdf_to_markdown_tables_are_left_out():
    from tablerecover.decode.units import placeholder_rows

    text = ("| 数据1 |\n|---|\n| 第二十条第(六)项 |\n\n行政处罚\n| 数据1 | 数据2 |\n|---|---|\n|  | 2 |\n\n"
            "| 规章 | 1 |\n| Column 1 | Column 2 | Column 3 |\n\n| 表1 |")
    frags = _fragments(text, {"数据": "meta", "1": "meta", "2": "meta"})
    rows = placeholder_rows(frags)
    # "数据1" alone, "数据1 | 数据2", "Column 1 | … | Column 3"; not a label with a number, nor a lone "表1"
    # (one cell is a placeholder only with the word the document numbers wider headers with).
    assert sorted({f.text for f in frags if f.row in rows}) == ["1", "2", "Column 1", "Column 2", "Column 3", "数据"]
    units = merge_units(frags)
    assert [u.text for u in units if u.label not in ("empty", "meta")][:4] == ["第二十条第(六)项", "行政处罚", "2", "规章"]
    # The classifier took the "2" under the placeholder header for the header's numbering: it is a value.
    assert next(u for u in units if u.text == "2").label == "value"
    # Past the blank line that ends that table, a number keeps the classifier's label.
    assert next(u for u in units if u.text == "1").label == "meta"


def test_a_label_that_fell_out_of_its_row_reaches_its_numbers(shipped_model):
    report = recover_file(PDFMD, shipped_model)
    # "行政许可" on its own line, then "| 数据1 | 数据2 |" and "|  | 0 |".
    assert [c.value for c in _cells(report, "active_disclosure", "行政许可")] == [0]
    # "1.本机关不掌握相关政府信息" / "(四" (a piece of the vertical group label) / "|  | 4 | 0 | … | 4 |".
    row = _cells(report, "applications", "1.本机关不掌握相关政府信息")
    assert [c.value for c in row] == [4, 0, 0, 0, 0, 0, 4] and min(c.confidence for c in row) >= 0.9
    assert report.tables["applications"].status == "recovered"


def test_table4_in_pieces_is_read_in_template_order(shipped_model):
    report = recover_file(PDFMD, shipped_model)
    review = report.tables["review_litigation"]
    # 行政复议 | 未经复议直接起诉 | 复议后起诉, each a small table of five: the first group's 总计 is 1.
    assert review.status == "recovered"
    assert [c.value for c in review.cells] == [1, 0, 0, 0, 1] + [0] * 10


def test_table4_pieces_whose_group_names_are_out_of_order_are_not_taken_in_order(shipped_model):
    text = PDFMD.read_text(encoding="utf-8")
    swapped = text.replace("未经复议直接起诉\n", "@\n").replace("复议后起诉\n", "未经复议直接起诉\n").replace("@\n", "复议后起诉\n")
    report = recover_text(swapped, "swapped.txt", shipped_model)
    review = report.tables["review_litigation"]
    assert review.status != "recovered" and all(c.confidence < 0.9 for c in review.cells if c.col[0] == "行政诉讼")


def _labelled_frags(lines, labels):
    frags = fragment_lines(normalise_text("\n".join(lines)))
    for f in frags:
        f.label = labels.get(f.text) or ("value" if f.text.isdigit() else "cont")
    return frags


def test_a_label_tail_printed_after_its_numbers_joins_the_label():
    # LibreOffice draws narrow label columns: the label wraps after the line that holds the numbers.
    # pdftotext's default order puts the tail between the first number and the rest, and the vertical
    # group label (（三）不予公开) is interleaved with the row's own words, its piece first on a line.
    from tablerecover.decode.units import join_label_tails

    lines = ["3.危 0 0 0 0 0 0 0", "及“三", "安全", "一稳", "定”",
             "（三） 1.属于 0", "不予公 国家", "开", "秘密", "0 0 0 0 0 0",
             "1.信 0 0 0 0 0 0 0", "（五）不 访举", "予处理 报投诉", "类申请", "2.重复申请 0 0 0 0 0 0 0"]
    labels = {"3.危": "rowlabel", "(三) 1.属于": "rowlabel", "1.信": "rowlabel", "2.重复申请": "rowlabel",
              "(五)不 访举": "rowlabel", "及“三": "rowlabel", "不予公 国家": "rowlabel"}  # as a held-out model read them
    frags = _labelled_frags(lines, labels)
    template = get_template("2021")
    keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    units = join_label_tails(merge_units(frags), frags, keys)
    read = [(u.key, len(u.lines)) for u in units if not u.value_like]
    assert [k for k, _ in read] == ["3.危及三安全一稳定", "(三)1.属于国家秘密", "1.信访举报投诉类申请", "2.重复申请"]
    # The numbers follow their whole label: the tail no longer stands between "0" and the other six.
    second = [u.text for u in units][units.index(next(u for u in units if u.key.startswith("(三)"))) + 1:][:7]
    assert second == ["0"] * 7


def test_word_pdf_rows_whose_labels_wrap_after_their_numbers(shipped_model):
    # pdfplumber of the LibreOffice PDF of a real page's Word file (ptc-cg2023): "3.危 0 0 …" over
    # "及“三" "安全" …; "度办 （二）部分公 3 0 0 1 0 0 4" after the group label's piece; "（三） 1.属于 0 …"
    # over "不予公 国家" / "开 秘密". The rows' cells were unread.
    report = recover_file(FIXTURES / "word_pdf_label_tail_after_numbers_cg2023.txt", shipped_model)
    apps = report.tables["applications"]
    got = {c.row[-1]: c for c in apps.cells if c.col[-1] == "总计"}
    assert got["3.危及“三安全一稳定”"].value == 0 and got["3.危及“三安全一稳定”"].placed
    assert [c.value for c in _cells(report, "applications", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")] == [3, 0, 0, 1, 0, 0, 4]
    assert apps.status == "recovered"


def test_own_header_word_wrapped_onto_the_next_line(shipped_model):
    # pdftotext -layout of the LibreOffice PDF (ptc-szf2019): "2019 年项目数   处理决定数量" over "量".
    # Read whole, the wrap lands after the last word ("处理决定数量量") and the header no longer said
    # which column is missing: 123291 went to 本年增/减.
    report = recover_file(FIXTURES / "word_pdf_wrapped_header_word_szf2019.txt", shipped_model)
    row = {c.col[-1]: c for c in _cells(report, "active_disclosure", "行政许可")}
    assert (row["上一年项目数量"].value, row["处理决定数量"].value) == (2876, 123291)
    assert row["本年增/减"].kind == "na"


def test_review_header_printed_one_character_a_line_is_header(shipped_model):
    # pdfplumber (ptn-slj2020): table 四's header lines "维 纠 结 审" / "持 正 果 结", which a held-out
    # model took for chrome, ended the header before its 15 numbers; the table came out missing.
    from tablerecover.decode import reconstruct

    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", "结 结 其 尚 总 未经复议直接起诉 复议后起诉",
             "果 果 他 未 计", "维 纠 结 审", "持 正 果 结", " ".join(["0"] * 15), "五、存在的主要问题及改进情况"]
    frags = fragment_lines(normalise_text("\n".join(lines)))
    for f in frags:
        f.label = ("heading" if "、" in f.text else "value" if f.text.isdigit()
                   else "meta" if f.row in (3, 4) else "colhead")
    tables, _ = reconstruct(frags, get_template("2021"))
    review = tables["review_litigation"]
    assert review.status == "recovered" and [c.value for c in review.cells] == [0] * 15
    report = recover_file(FIXTURES / "word_pdf_vertical_review_header_slj2020.txt", shipped_model)
    assert report.tables["review_litigation"].status == "recovered"


@pytest.mark.parametrize("name, tied", [
    ("word_pdf_pdftotext_review_columns_printed_late_szf2019", []),
    ("word_pdf_pdftotext_review_total_printed_late_cg2023", ["行政复议/结果维持", "行政复议/尚未审结"]),
])
def test_table4_columns_printed_after_the_others_are_read_where_the_groups_add_up(shipped_model, name, tied):
    """pdftotext's default order of a Word PDF's table 四 under a header printed one character a line
    prints some columns late: 8 0 1 · 0 1 0 1 · 1 0 0 0 · "维" "持" 3 12 2 1 is 3 8 0 1 12 · 0 1 0 1 2 ·
    1 0 0 0 1 (复议's 结果维持 and the 总计s late). Read in the order printed, every group failed its total.
    The fewest columns (a group's 结果维持 or 总计) printed late that make every group add up give the row
    — a guess, below sure (a cell every order reads from its own place keeps the row reader's confidence);
    where two such orders give other values (cg2023: 复议's 总计 late, or its 结果维持), the cells they differ
    in keep both, below 0.5, the order printing the late columns together, then moving the fewest places,
    first."""
    path = FIXTURES / f"{name}.txt"
    if not path.exists():
        pytest.skip("built only where LibreOffice and pdftotext are installed")
    want = _gold_cells(name, "review_litigation")
    report = recover_file(path, shipped_model)
    cells = report.tables["review_litigation"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    # Below sure but where every order reads a cell from its own place (its group added up as printed).
    moved = [c for c in cells if c.read == "moved?"]
    assert len(moved) >= 9 and all(c.confidence < 0.9 for c in moved)
    assert ["/".join(c.col) for c in cells if c.alternatives] == tied
    assert all(c.confidence < 0.5 for c in cells if c.alternatives)
    assert any("printed later" in k.detail for k in report.checks if k.rule == "reading.ambiguous")


@pytest.mark.parametrize("name", ["word_pdf_pdftotext_review_misprint_among_header_pieces_generated",
                                  "word_pdf_pdftotext_review_late_total_adds_up_as_printed_generated"])
def test_table4_among_its_headers_pieces_is_an_order_guess_where_late_columns_leave_it_open(shipped_model, name):
    """Generated Word PDFs whose table 四 sets its names a character a paragraph: pdftotext prints twelve
    zeros, then 复议's 总计 "1", then "复议后起诉" and the last two. The report's own 0 0 0 0 1 fails its
    group total, so no order of late columns makes every group add up (or, with 复议后起诉's 0 0 0 0 1 too,
    the order printed does: 0 0 1 0 1); read as printed, 复议's five zeros added up and were sure — its
    总计 among them. Every cell's order is in doubt: none is sure, and a note says why."""
    path = FIXTURES / f"{name}.txt"
    if not path.exists():
        pytest.skip("built only where LibreOffice and pdftotext are installed")
    report = recover_file(path, shipped_model)
    cells = report.tables["review_litigation"].cells
    assert sorted(c.value for c in cells) == sorted(_gold_cells(name, "review_litigation").values())
    assert all(c.confidence < 0.9 for c in cells)
    assert any("among the header's pieces" in k.detail for k in report.checks if k.rule == "reading.ambiguous")


def test_table4_whose_every_number_follows_its_own_columns_name_is_read_in_order_and_sure(shipped_model):
    # pdfminer of a real page's Word PDF (cg2023): "结果维持 … 总计" 0 0 0 1 1, then each column's name a
    # character a line and its number — numbers among the header's pieces, but in column order.
    name = "pdfminer_table4_each_number_after_its_name_cg2023"
    path = FIXTURES / f"{name}.txt"
    if not path.exists():
        pytest.skip("built only where LibreOffice and pdfminer.six are installed")
    cells = recover_file(path, shipped_model).tables["review_litigation"].cells
    assert {(c.row, c.col): c.value for c in cells} == _gold_cells(name, "review_litigation")
    assert all(c.confidence >= 0.9 for c in cells)


@pytest.mark.parametrize("name", ["word_pdf_pdftotext_review_groups_past_the_next_heading_generated",
                                  "word_pdf_pdftotext_review_total_past_two_headings_generated",
                                  "word_pdf_pdftotext_review_last_number_alone_past_the_heading_generated"])
def test_table4_groups_printed_past_the_next_headings_are_read_on_there_as_a_guess(shipped_model, name):
    """pdftotext's default order of a LibreOffice PDF prints table 四's groups in turn under their
    header's pieces, some after "五、…" (and "六、…"): "复议后起诉" "总" "计" 1 "结" "果" … 0 0 0 0 "总" "计" 0.
    The span held nine numbers and ten cells were unread; read on past the headings while header pieces
    lead each run, the row is whole — an order guess, below sure, with a note. So where the last piece
    ("复议后起诉") anchored the row with one number and the row's last "0" stands alone on its line past
    "五、…" and a paragraph (the classifier's prose)."""
    path = FIXTURES / f"{name}.txt"
    if not path.exists():
        pytest.skip("built only where LibreOffice and pdftotext are installed")
    report = recover_file(path, shipped_model)
    cells = report.tables["review_litigation"].cells
    assert {(c.row, c.col): c.value for c in cells} == _gold_cells(name, "review_litigation")
    assert all(c.confidence < 0.9 for c in cells)
    assert any("past the next headings" in k.detail for k in report.checks if k.rule == "reading.ambiguous")


def test_a_label_tail_merged_with_the_next_rows_label_is_cut_where_that_row_starts():
    # pdftotext's default order (ptn-sjj2024's LibreOffice PDF): "（六） 1.申请 0", the tail "其他处 人无"
    # "理" "正当" … "府信", six zeros, then "息公" "开申" "请" "2.申请 0" "人逾" … — the classifier made
    # one label of both rows' tails. (六)1 now has its label and its seven numbers; 2. keeps its own.
    from tablerecover.decode.units import join_label_tails

    tail = ["理由", "逾期", "不补", "正、", "行政", "机关", "不再", "处理", "其政", "府信"]
    lines = (["（六） 1.申请 0", "其他处 人无", "理", "正当"] + tail + ["0"] * 6 + ["息公", "开申", "请", "2.申请 0", "人逾",
             "期未", "按收", "费通", "知要", "求缴", "纳费", "用、"] + tail + ["息公", "开申", "请"] + ["0"] * 6)
    frags = _labelled_frags(lines, {"(六) 1.申请": "rowlabel", "其他处 人无": "rowlabel"})
    template = get_template("2021")
    keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    units = join_label_tails(merge_units(frags), frags, keys)
    texts = [u.key for u in units]
    first = next(k for k, u in enumerate(units) if u.key.startswith("(六)1.申请人"))
    assert texts[first + 1:first + 8] == ["0"] * 7
    second = texts[first + 8]
    assert second.startswith("2.申请人逾期未按收费通知") and texts[first + 9] == "0"


def test_review_numbers_scattered_among_its_vertical_header_all_one_value():
    # pdftotext's default order (pta-cg2021's LibreOffice PDF): table 四's 15 zeros come between the
    # vertical header's pieces ("维/持" 0 "行政诉讼" "结/果" … 0 0 0 "总/计" …), not in column order; all
    # one value and exactly 15 of them, so every cell is that value whatever the order.
    from tablerecover.decode import reconstruct

    pieces = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "结", "果", "维", "持", "0", "行政诉讼", "结", "果",
              "其", "他", "0", "0", "0", "总", "计", "未经复议直接起诉", "0", "0", "0", "0", "0", "复议后起诉", "总",
              "计", "0", "结", "果", "0", "0", "0", "0", "总", "计", "0", "五、存在的主要问题及改进情况"]
    frags = fragment_lines(normalise_text("\n".join(pieces)))
    for f in frags:
        f.label = "heading" if "、" in f.text else "value" if f.text.isdigit() else "colhead"
    tables, _ = reconstruct(frags, get_template("2021"))
    review = tables["review_litigation"]
    # (Read as one value, or as pieces in template order: with one value every order gives the same cells.)
    assert review.status == "recovered" and [c.value for c in review.cells] == [0] * 15
    # Numbers of several values scattered that way are not placed by order.
    frags[[f.text for f in frags].index("0")].text = "1"
    frags[[f.text for f in frags].index("0")].label = "value"
    tables, _ = reconstruct(frags, get_template("2021"))
    assert not any(c.read == "uniform" for c in tables["review_litigation"].cells)


def test_a_header_word_taken_for_chrome_between_header_words_is_header():
    # pdftotext's default order (ptc-szf2019's LibreOffice PDF): "信息内容" "2019 年项目数量" "处理决定数量",
    # the middle word read as chrome by a held-out model: without it the table's own header seemed to
    # print 本年增/减, and 123291 went there.
    from tablerecover.decode import reconstruct

    lines = ["二、主动公开政府信息情况", "第二十条第（五）项", "信息内容", "2019 年项目数量", "处理决定数量", "行政许可", "2876",
             "123291"]
    frags = fragment_lines(normalise_text("\n".join(lines)))
    kinds = {0: "heading", 1: "block", 3: "meta", 5: "rowlabel"}
    for f in frags:
        f.label = "value" if f.text.isdigit() else kinds.get(f.row, "colhead")
    tables, _ = reconstruct(frags, get_template("2019"))
    row = {c.col[-1]: c for c in tables["active_disclosure"].cells if c.row[-1] == "行政许可"}
    assert (row["上一年项目数量"].value, row["处理决定数量"].value) == (2876, 123291)
    assert row["本年增/减"].kind == "na"


def test_an_unsure_row_label_that_reads_as_its_open_label_continues_it(shipped_model):
    # pdftotext -layout (ptc-szf2019): "理结计这一情形,不 0 0 0 0 0 28" is a piece of the vertical group label
    # and the middle of (二)'s label. A model retrained on this round's corpus calls it a row label at
    # 0.29; it opens no row and reads as no row but (二)'s, so it continues (二) and the row keeps its numbers.
    from tablerecover.decode import reconstruct

    text = (FIXTURES / "pdftotext_layout_split_labels_szf2019.txt").read_text(encoding="utf-8")
    frags = fragment_lines(normalise_text(text))
    shipped_model.label(frags)
    piece = next(f for f in frags if f.text == "理结计这一情形,不")
    piece.label, piece.confidence = "rowlabel", 0.29
    tables, _ = reconstruct(frags, get_template("2019"))
    row = [c for c in tables["applications"].cells if c.row[-1].startswith("（二）部分公开")]
    assert [c.value for c in row] == [28, 0, 0, 0, 0, 0, 28]


def test_a_row_label_after_group_pieces_on_a_continued_line_starts_its_row():
    # pdfplumber on ptc-cg2023's LibreOffice PDF: the vertical group label 三、本年度办理结果 prints two
    # characters first on each line. A held-out model took "本年 开" and "度办 （二）部分公" for more of
    # （一）'s label, and the row （一） lost its numbers to （二）.
    from tablerecover.decode.units import merge_units, split_enumerated_continuations

    lines = ["三、 （一）予以公 2 0 0 0 0 0 2", "本年 开", "度办 （二）部分公 3 0 0 1 0 0 4", "理结 开（区分处理",
             "果 的，只计这一", "情形，不计其", "他情形）"]
    frags = fragment_lines(normalise_text("\n".join(lines)))
    for f in frags:
        f.label = "value" if f.text.isdigit() else "rowlabel" if f.row == 0 else "cont"
    units = [u for u in split_enumerated_continuations(merge_units(frags), frags) if not u.value_like]
    assert [u.text for u in units] == ["三、 (一)予以公本年 开", "度办 (二)部分公理结 开(区分处理果 的,只计这一情形,不计其他情形)"]
    assert units[1].label == "rowlabel" and units[1].row == 2


def test_rows_printed_apart_from_their_labels_are_read_in_template_order(shipped_model):
    # LibreOffice's PDF of a Word report through pdftotext's default order: (一)'s numbers after the
    # first piece of the vertical group label, before its own label ("三、" 6 0 0 0 0 0 6 "（一）予以公"
    # "本年" …); "（七）总计" "四、结转下年度继续办理" piled before both rows' numbers.
    path = FIXTURES / "word_pdf_pdftotext_numbers_apart_from_labels_003.txt"
    report = recover_file(path, shipped_model)
    first = _cells(report, "applications", "（一）予以公开")
    assert [c.value for c in first] == [6, 0, 0, 0, 0, 0, 6]
    assert all(c.read == "unlabelled" and c.confidence >= 0.9 for c in first)
    assert not report.tables["applications"].extras  # "三、" labels no row of its own: its numbers are (一)'s
    assert [c.value for c in _cells(report, "applications", "（七）总计")] == [21, 0, 0, 0, 0, 0, 21]
    assert [c.value for c in _cells(report, "applications", "四、结转下年度继续办理")] == [10, 0, 0, 0, 0, 0, 10]
    # The first rows' left block (labels and 自然人) printed before the rest of their numbers, as
    # pdftotext does when the header's right part stands beside them: "一、…" 30 "二、…" 0 … 30 1 0 … 1.
    lines = path.read_text(encoding="utf-8").split("\n")
    one, two, three = (lines.index(w) for w in ("一、本年新收政府信息", "二、上年结转政府信息", "三、"))
    nums = [ln for ln in lines[one + 2:two] + lines[two + 2:three] if ln]
    block = lines[one:one + 2] + ["", nums[0], ""] + lines[two:two + 2] + ["", "\n\n".join(nums[1:]), ""]
    moved = "\n".join(lines[:one] + block + lines[three:])
    report = recover_text(moved, "left_block.txt", shipped_model)
    assert [c.value for c in _cells(report, "applications", "一、本年新收政府信息公开申请数量")] == [30, 0, 0, 0, 0, 0, 30]
    assert [c.value for c in _cells(report, "applications", "二、上年结转政府信息公开申请数量")] == [1, 0, 0, 0, 0, 0, 1]
    # One number fewer among them: the count no longer says which row lost it, nothing is placed by order.
    cut = "\n".join(lines[:three + 2] + lines[three + 3:])
    report = recover_text(cut, "cut.txt", shipped_model)
    assert all(c.read != "unlabelled" and c.confidence < 0.9 for c in _cells(report, "applications", "（一）予以公开"))


def test_a_printed_number_never_takes_label_text_after_it():
    # pdftotext of a Word table (ptc-szf2019): "1.本 140" / "法提供 机关" / "不掌" … with "140" taken for
    # prose: the label's lines that follow are more of "1.本", not of the number.
    texts = [("(四)无", "rowlabel", 0, 0), ("1.本", "rowlabel", 1, 0), ("140", "prose", 1, 1), ("法提供 机关", "cont", 2, 0),
             ("不掌", "cont", 3, 0), ("握相关政府信息", "cont", 4, 0)] + [(v, "value", 5 + i, 0) for i, v in enumerate("500010")]
    frags = [Fragment(t, (row + 1,), row, cell, 2 if row == 1 else 1, False, False, label=lab) for t, lab, row, cell in texts]
    units = merge_units(frags)
    assert [u.text for u in units[:3]] == ["(四)无", "1.本法提供 机关不掌握相关政府信息", "140"]
    assert units[2].value_like


def test_a_group_label_of_both_formats_before_numbers_is_no_row_of_the_other_format(shipped_model):
    # pdftotext of a LibreOffice PDF whose group column is narrow (a generated Word page): "（三" "）不予公"
    # "开", (三)1's numbers, then "1.属" "于国" "家秘" "密". 其他处理 is a row in 2019; 不予公开 heads a group
    # in both formats, so it is no row "of the other format": its numbers are (三)1's.
    path = FIXTURES / "word_pdf_pdftotext_numbers_apart_from_labels_003.txt"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("（三） 1.属于 0"), text.index("2.其他 0")
    text = text[:start] + "（三\n）不予公\n开\n\n" + "\n\n".join("0" * 7) + "\n\n1.属\n于国\n家秘\n密\n\n" + text[end:]
    report = recover_text(text, "narrow_group.txt", shipped_model)
    assert not [c for c in report.checks if c.rule == "format.mixed"]
    row = _cells(report, "applications", "1.属于国家秘密")
    assert [c.value for c in row] == [0] * 7 and all(c.placed for c in row)


def test_group_pieces_passed_over_are_not_extra_rows(shipped_model):
    # PDF-to-markdown (generated): "1.本机关不掌握相关政府信息" / "(四)无" / "| | 0 | … |": the row reads its
    # numbers past the group label's piece, which then is no extra row holding those numbers.
    from tablerecover.synth import generate_doc

    doc = generate_doc(14, seed=10000, style="pdfmd")
    report = recover_text(doc.text, "pdfmd.txt", shipped_model)
    assert not report.tables["applications"].extras
    assert report.tables["applications"].status == "recovered"


def test_a_count_of_numbers_that_lost_blank_cells_places_nothing_surely(shipped_model):
    # A generated Word page (many blank cells) through LibreOffice and pdftotext's default order: the
    # blank cells vanish and rows print apart from their labels, so "3.补正后申请内容仍不明确" is followed
    # by seven zeros, three of them a neighbour's (its gold: 0 · · 0 · · ·). 47 numbers for 161 cells,
    # no blank cell marked, rows unread: a row's count of numbers does not say which are its own.
    path = _generated("word_pdf_pdftotext_blank_cells_lost_generated", "LibreOffice, pandoc and pdftotext")
    report = recover_file(path, shipped_model)
    row = _cells(report, "applications", "3.补正后申请内容仍不明确")
    assert [c.value for c in row] == [0] * 7  # the values stay as read: only the confidence says they are a guess
    assert all(c.read == "counted?" and c.confidence < 0.9 for c in row)
    assert any(c.rule == "reading.ambiguous" and c.where == "applications" and "47 numbers for 161 cells" in c.detail
               for c in report.checks)


def test_a_column_the_header_seems_to_leave_out_is_unsure_when_the_table_has_a_number_for_it(shipped_model):
    # pdftotext scatters table 二's header words: (六)'s 处理决定数量 read as left out of its header while
    # 行政强制's third number, 0, stands after the next block's header words — the table prints 22
    # numbers for its 22 cells, so no column is missing.
    path = _generated("word_pdf_pdftotext_header_word_apart_generated", "LibreOffice, pandoc and pdftotext")
    cell = _cells(recover_file(path, shipped_model), "active_disclosure", "行政强制")[2]
    assert cell.kind == "na" and cell.read == "header?" and cell.confidence < 0.9
    # A report that prints its own header (2019年项目数量 | 处理决定数量, no 本年增/减) keeps it sure, the
    # year pdftotext prints apart from 年项目数量 being no cell's number.
    real = recover_file(FIXTURES / "pdftotext_row_around_label_szf2019.txt", shipped_model)
    gone = [c for c in real.tables["active_disclosure"].cells if c.kind == "na"]
    assert len(gone) == 5 and all(c.read == "header" and c.confidence >= 0.9 for c in gone)


def test_a_labels_punctuation_printed_a_line_each_continues_it():
    # bs4 on ptc-szf2019 (a Word page): "(二" ")" "部分公开" "(" "区分处理的" "," … ")" 28 0 …; a held-out
    # model took "(" for a row label and "," ")" for values, and the row lost its numbers. An opening
    # bracket whose next line completes an enumerator ("(" / "三)不予公开") still opens a row.
    texts = [("(二", "rowlabel"), (")", "cont"), ("部分公开", "cont"), ("(", "rowlabel"), ("区分处理的", "cont"),
             (",", "value"), ("只计这一情形", "cont"), (",", "cont"), ("不计其他情形", "cont"), (")", "value"),
             ("28", "value"), ("(", "rowlabel"), ("三)不予公开", "cont")]
    frags = [Fragment(t, (row + 1,), row, 0, 1, False, False, label=lab) for row, (t, lab) in enumerate(texts)]
    units = merge_units(frags)
    assert [u.text for u in units] == ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "28", "(三)不予公开"]


def test_table2_rows_given_numbers_by_order_are_not_sure(shipped_model):
    # pdfminer prints a block's labels, then its numbers column by column ("行政许可" "其他对外管理服务事项"
    # 20 3 0 0 26 0); table 二 has no identity to tell that from row order, so such rows are guesses.
    lines = ["二、主动公开政府信息情况", "第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
             "行政许可", "其他对外管理服务事项", "20", "3", "0", "0", "26", "0", "三、收到和处理政府信息公开申请情况"]
    report = recover_text("\n".join(lines), "pdfminer.txt", shipped_model)
    for row in ("行政许可", "其他对外管理服务事项"):
        assert all(c.confidence < 0.9 for c in _cells(report, "active_disclosure", row) if c.placed)


@pytest.mark.parametrize("name", ["word_pdf_pdftotext_first_cell_printed_last_generated",
                                  "word_pdf_pdftotext_first_cell_last_row_adds_up_generated"])
def test_a_row_printed_with_its_first_cell_last_is_read_by_the_identities(name, shipped_model):
    """pdftotext prints the row under the quoted label "3.危及“三安全一稳定”" of a Word PDF with its first
    cell last: "0 0 0 0 38 39 1" for 1 0 0 0 0 38 39 (read in order the row failed, 0.6), and
    "0 0 0 0 0 2 2" for 2 0 0 0 0 0 2 (the row adds up either way; 自然人 and 其他 did not)."""
    path = _generated(name, "LibreOffice and pdftotext")
    want = _gold_cells(name)
    report = recover_file(path, shipped_model)
    row = [c for c in report.tables["applications"].cells if "危及" in c.row[-1]]
    assert [c.value for c in row] == [want[(c.row, c.col)] for c in row]
    assert all(c.confidence >= 0.9 for c in row)  # the column identities chose the reading
    assert all(c.ok for c in report.checks if c.rule.startswith("applications."))


def test_a_report_of_one_applicant_column_is_not_read_as_every_first_cell_printed_last():
    from tablerecover.decode.columns import resolve_with_columns
    from tablerecover.decode.rows import fill_row
    from tablerecover.decode.units import Unit

    # Every applicant is 其他 ("0 0 0 0 0 2 2", one number a line): each row may also be its first cell
    # printed last (2 0 0 0 0 0 2), and moving every row alike keeps every identity. The printed order
    # stands, sure; the moved reading is a long shot, taken only where the columns prefer it.
    rows = [[0, 0, 0, 0, 0, 5, 5], [0] * 7, [0, 0, 0, 0, 0, 3, 3], [0, 0, 0, 0, 0, 2, 2], [0] * 7,
            [0, 0, 0, 0, 0, 5, 5], [0] * 7]
    cols = [(c,) for c in "abcdefg"]
    fills = []
    for r, values in enumerate(rows):
        units = [Unit(str(v), "value", [10 * r + k], [10 * r + k], k, False, 1.0, value_like=True)
                 for k, v in enumerate(values)]
        fills.append(fill_row("applications", (f"row{r}",), cols, units, 1.0))
    assert [len(f.alternatives) for f in fills] == [2, 0, 2, 2, 0, 2, 0]
    resolve_with_columns(fills)
    assert [[c.value for c in f.cells] for f in fills] == rows
    assert all(c.confidence >= 0.9 and not f.alternatives for f in fills for c in f.cells)


def test_a_table_printed_with_no_number_is_read_blank_not_missing(shipped_model):
    """A report leaving every zero cell blank, through bs4 (pta-kjj2020, whose tables 三 and 四 are all
    zeros): the tables print their header and labels and not one number. They are there, every cell
    blank — a guess (numbers could stand where no reader looks), the table "partial", never "missing"; a heading whose
    table the text lacks (no header, no labels: a scrape that lost an image) stays missing."""
    path = FIXTURES / "bs4_tables_printed_blank_kjj2020.txt"
    report = recover_file(path, shipped_model)
    for tid in ("applications", "review_litigation"):
        table = report.tables[tid]
        assert table.status == "partial" and len(table.cells) == len(_gold_cells(path.stem, tid))
        assert all(c.value is None and c.kind == "empty" and c.read == "blank?" and c.confidence < 0.9
                   for c in table.cells)
    assert any(not c.ok and "no number" in c.detail for c in report.checks if c.rule == "reading.ambiguous")
    lines = path.read_text(encoding="utf-8").split("\n")
    three = next(i for i, line in enumerate(lines) if line.startswith("三、收到和处理"))
    four = next(i for i, line in enumerate(lines) if line.startswith("四、政府信息公开行政复议"))
    five = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    lost = "\n".join(lines[:three + 1] + lines[four:four + 1] + lines[five:])
    report = recover_text(lost, "lost.txt", shipped_model)
    assert report.tables["applications"].status == report.tables["review_litigation"].status == "missing"


def test_wide_columns_set_a_rows_numbers_apart_by_their_centres(shipped_model):
    """w3m sets a borderless table in wide columns ("503       30         2                     3
    1         539": 社会公益组织 blank); no two neighbours print close, so the gaps between numbers said
    nothing and short rows were placed from the left. The distance between centres is a whole number
    of columns; a text whose distances are not (inscriptis sets columns apart unevenly) says nothing."""
    from tablerecover.decode.rows import column_spacing
    from tablerecover.decode.units import Unit

    path = FIXTURES / "w3m_blank_cells_in_wide_columns_szf2019.txt"
    want = _gold_cells(path.stem)
    cells = recover_file(path, shipped_model).tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    assert all(c.confidence < 0.9 for c in cells if c.read == "short")  # placed by spacing: still a guess

    def row(line, *spans):  # a row's numbers on one line, at these character spans
        return [Unit(str(k), "value", [line], [line], k, False, 1.0, value_like=True, span=span)
                for k, span in enumerate(spans)]

    w3m = [(row(1, (39, 42), (49, 51), (60, 61), (82, 83), (93, 94), (103, 106)), 7),
           (row(2, (40, 41), (104, 105)), 7), (row(3, (39, 41), (50, 51), (104, 106)), 7)]
    spacing = column_spacing(w3m)
    assert spacing is not None and spacing.near is None and 10 <= spacing.pitch <= 11
    assert [spacing.apart(a, b) for a, b in zip(w3m[0][0], w3m[0][0][1:])] == [1, 1, 2, 1, 1]
    uneven = [(row(1, (40, 42), (90, 91), (98, 100)), 7), (row(2, (41, 42), (68, 70)), 7),
              (row(3, (40, 42), (91, 92), (98, 100)), 7), (row(4, (40, 42), (91, 92), (98, 100)), 7)]
    assert column_spacing(uneven) is None


def test_columns_padded_to_one_width_place_each_number_by_its_columns_place():
    """inscriptis pads every column to its widest cell: each number starts at its column's place, a row
    with a group label's cell in its line one column on. The places are the columns; a text whose
    numbers drift a character (pdftotext -layout) or stand at more places than the columns and one
    shift has no such places."""
    from tablerecover.decode.rows import column_spacing
    from tablerecover.decode.units import Unit

    def row(line, *starts):  # a row's numbers on one line, starting at these characters
        return [Unit(str(k), "value", [line], [line], k, False, 1.0, value_like=True, span=(start, start + 1))
                for k, start in enumerate(starts)], 7

    padded = [row(1, 81, 97, 107, 122, 125, 128), row(2, 81, 128), row(3, 97, 107, 118, 125, 128, 133),
              row(4, 81, 97, 128), row(5, 81, 122, 128), row(6, 97, 107, 125, 133)]
    spacing = column_spacing(padded)
    assert spacing is not None and spacing.stops == tuple((s, s) for s in (81, 97, 107, 118, 122, 125, 128, 133))
    assert [spacing.apart(a, b) for a, b in itertools.pairwise(padded[1][0])] == [6]  # 8 _ _ _ _ _ 8
    assert [spacing.apart(a, b) for a, b in itertools.pairwise(padded[2][0])] == [1, 1, 2, 1, 1]
    drifting = [row(k, 81 + k % 2, 97, 128 + k % 2) for k in range(6)]
    assert column_spacing(drifting) is None or not column_spacing(drifting).placed


def test_a_paged_tables_columns_are_placed_page_by_page():
    """pdftotext -layout of a Word PDF sets table 三's columns at places of its own on each page (its label
    column narrower past the break), the first column drifting a place or two against the wrapped labels:
    each page's places are its columns, a page with too few rows (or too few places) has none."""
    from tablerecover.decode.rows import column_spacing
    from tablerecover.decode.units import Unit

    def row(line, page, *starts):
        return [Unit(str(k), "value", [line], [line], line, False, 1.0, value_like=True, span=(start, start + 1),
                     page=page) for k, start in enumerate(starts)], 7

    first = [row(1, 1, 35, 46), row(2, 1, 16, 35, 46), row(3, 1, 16, 20, 35, 46), row(4, 1, 20, 25, 35, 42, 46),
             row(5, 1, 16, 25, 30, 35, 46), row(6, 1, 14, 30, 35, 46)]
    second = [row(7, 2, 17, 25, 31, 35), row(8, 2, 9, 13, 25, 35), row(9, 2, 25, 31, 35), row(10, 2, 13, 25, 35),
              row(11, 2, 21, 25, 30, 34)]
    last = [row(12, 3, 22, 38), row(13, 3, 38, 46)]
    spacing = column_spacing(first + second + last)
    assert spacing is not None and dict(spacing.paged) == {
        1: ((14, 16), (20, 20), (25, 25), (30, 30), (35, 35), (42, 42), (46, 46)),
        2: ((9, 9), (13, 13), (17, 17), (21, 21), (25, 25), (30, 31), (34, 35))}
    # 2267 at 35 and 46 on the first page: 法律服务机构 and 总计; 37 at 25 and 35 on the next: the same.
    assert [spacing.place(u) for u in first[0][0]] == [spacing.place(u) for u in second[2][0][::2]] == [4, 6]
    assert [spacing.place(u) for u in first[5][0]] == [0, 3, 4, 6]  # the drifting 14 is 自然人's
    assert spacing.sets_apart(first[5][0]) and not spacing.sets_apart(last[0][0])  # the last page: none


def test_table4_blank_cells_stand_under_its_vertical_headers_characters(shipped_model):
    """pdftotext -layout of a Word PDF prints table 四's header vertically, a character of each column's
    name a line at the column's place ("结    结   其   尚   总" over "维    纠   结   审" …): the row's five
    zeros of a report leaving most cells blank stand under 结果纠正, 尚未审结 and three of 复议后起诉's
    results, which the group totals alone cannot tell from the leftmost cells."""
    path = FIXTURES / "word_pdf_pdftotext_layout_table4_blank_cells_under_its_vertical_header_generated.txt"
    want = _gold_cells(path.stem, "review_litigation")
    cells = recover_file(path, shipped_model).tables["review_litigation"].cells
    assert [c.value for c in cells] == [want[(c.row, c.col)] for c in cells] and sum(c.value == 0 for c in cells) == 5
    assert all(c.confidence < 0.5 for c in cells)


def test_table2_numbers_stand_under_their_blocks_column_names(shipped_model):
    """pdftotext -layout of a Word PDF prints a block's column names on one line above its rows, each
    number under its name: `规章 … 6 … 92` under `本年废止件数` and `现行有效件数` is _ 6 92, which the value
    priors alone (no identity checks table 二) read 6 _ 92."""
    path = FIXTURES / "word_pdf_pdftotext_layout_table2_numbers_under_their_column_names_generated.txt"
    want = _gold_cells(path.stem, "active_disclosure")
    cells = recover_file(path, shipped_model).tables["active_disclosure"].cells
    row = [c for c in cells if c.row[-1] == "规章"]
    assert [c.value for c in row] == [want[(c.row, c.col)] for c in row] == [None, 6, 92]
    assert all(c.value == want[(c.row, c.col)] for c in cells) and all(c.confidence < 0.5 for c in row)


def test_a_wrapped_column_name_places_table2_numbers_by_its_first_line(shipped_model):
    """"本年增/减" wrapped in its cell prints "本年增" on the names' line and "减" indented under it: the wrap
    belongs to the name it stands under (not the line's last word, 处理决定数量), and the block's names
    then place each lone number — 0 under 本年增 is 本年增/减, 41 under 处理决定数量 is 处理决定数量."""
    path = FIXTURES / "word_pdf_pdftotext_layout_wrapped_column_name_under_its_first_line_generated.txt"
    want = _gold_cells(path.stem, "active_disclosure")
    cells = recover_file(path, shipped_model).tables["active_disclosure"].cells
    lone = [c for c in cells if c.row[-1] in ("其他对外管理服务事项", "行政许可", "行政处罚", "行政强制")]
    assert [c.value for c in lone if c.value is not None] == [41, 0, 0, 0]
    assert all(c.value == want[(c.row, c.col)] for c in cells)


def test_a_row_whose_numbers_stand_at_their_columns_places_keeps_that_placement(shipped_model):
    """pdftotext -layout prints table 三's first page with every number at its column's place ("9 66 75"
    under 自然人, 科研机构, 总计), where the header's names stand too; its last page without places enough
    to tell. The column identities must not move a placed row to fit the unplaced ones (66 under 商业企业):
    a placement that puts a number off its column's named place is no reading of the row. Places the
    names do not confirm stay one reading among others: a first column drifting left against its wrapped
    labels (at 14, 自然人 at 17, 商业企业 blank) looks like a column of its own and would put every 自然人
    under 商业企业."""
    for name, first_row in (("word_pdf_pdftotext_layout_placed_row_moved_by_the_column_pass_generated",
                             [9, None, 66, None, None, None, 75]),
                            ("word_pdf_pdftotext_layout_drifting_first_column_taken_for_a_column_generated",
                             [1, None, None, None, None, 0, 1])):
        path = FIXTURES / f"{name}.txt"
        want = _gold_cells(path.stem, "applications")
        cells = recover_file(path, shipped_model).tables["applications"].cells
        first = [c for c in cells if c.row[-1] == "一、本年新收政府信息公开申请数量"]
        assert [c.value for c in first] == [want[(c.row, c.col)] for c in first] == first_row
        wrong = [c for c in cells if c.value != want[(c.row, c.col)]]
        assert len(wrong) <= 22 and all(c.confidence < 0.5 for c in wrong)


def test_a_pages_columns_are_its_header_names_places_where_its_numbers_stand_there(shipped_model):
    """A report leaving three of table 三's columns blank on its first page: its numbers stand at four
    places there, too few to be the page's columns, but each under its column's name on the header's
    lines ("2 … 68 70" under 自然人, 其他 and 总计; "（一）予以公" "1 … 29 30"). The names' places are the
    page's columns (its first column's numbers up to three places left of 自然人, against wrapped labels).
    A report printing the table twice is read under the header its rows stand under, the second copy's."""
    for name, rows, most in (
            ("word_pdf_pdftotext_layout_columns_placed_by_their_names_generated",
             (("一、本年新收政府信息公开申请数量", [2, None, None, None, None, 68, 70]),
              ("（一）予以公开", [1, None, None, None, None, 29, 30])), 20),
            ("word_pdf_pdftotext_layout_table_printed_twice_read_under_its_second_header_generated",
             (("一、本年新收政府信息公开申请数量", [None, None, None, None, None, 0, None]),
              ("二、上年结转政府信息公开申请数量", [0, 0, None, None, None, None, 0])), 38)):
        path = FIXTURES / f"{name}.txt"
        want = _gold_cells(path.stem, "applications")
        cells = recover_file(path, shipped_model).tables["applications"].cells
        for label, row in rows:
            got = [c for c in cells if c.row[-1] == label]
            assert [c.value for c in got] == [want[(c.row, c.col)] for c in got] == row
        wrong = [c for c in cells if c.value != want[(c.row, c.col)]]
        assert len(wrong) <= most and all(c.confidence < 0.5 for c in wrong)


def test_a_tables_row_printed_over_two_lines_is_read_in_order_only_as_a_guess(shipped_model):
    """A Word page's full-width digits beside a half-width "-3": pdfplumber prints "⾏政许可 ６０ ５７" then
    "-3" (its baseline sits lower), and table 二, with no identity to check the order, read 60 57 -3 sure
    where the row is 60 -3 57. A row whose numbers straddle lines, two on one, is a guess."""
    path = FIXTURES / "pdfplumber_half_width_cell_after_its_row_kjj2020.txt"
    want = _gold_cells(path.stem, "active_disclosure")
    cells = recover_file(path, shipped_model).tables["active_disclosure"].cells
    straddling = [c for c in cells if c.row[-1] in ("行政许可", "其他对外管理服务事项")]
    assert len(straddling) == 6 and all(c.confidence < 0.9 for c in straddling)
    assert all(c.value == want[(c.row, c.col)] for c in cells if c.confidence >= 0.9)


def test_full_width_digits_stacked_a_character_a_line_are_joined_where_the_row_adds_up(shipped_model):
    """pypdf stacks full-width digits wrapped in a narrow column a character a line: "５" "０" "３" "３"
    "０ ２ ０ ３ １" "５" "３" "９" is 503 30 2 0 3 1 539 (twelve pieces, seven cells). Two joinings add up (3 02
    0 31 joins two pieces of one line); the one joining across lines only is read, a guess."""
    path = FIXTURES / "pypdf_full_width_digits_stacked_szf2019.txt"
    want = _gold_cells(path.stem)
    cells = recover_file(path, shipped_model).tables["applications"].cells
    row = [c for c in cells if c.row == ("一、本年新收政府信息公开申请数量",)]
    assert [c.value for c in row] == [want[(c.row, c.col)] for c in row] == [503, 30, 2, 0, 3, 1, 539]
    assert all(c.read == "glued?" and c.confidence < 0.9 for c in row)


def test_a_line_of_cells_never_continues_the_header_above_it():
    # pdftotext -layout of a page printing its zeros "—" (realdev pta-kjj2020): a held-out model took
    # the first of table 四's fifteen "—" for more of the header's last line ("持 正 果 结"); fourteen
    # cells were left, and the fifteenth came from the next section's prose ("…在202" / "0年").
    header = Fragment("持 正 果 结", (9,), 0, 0, 1, False, False, label="cont")
    marks = [Fragment("—", (10,), 1, k, 15, False, False, label="cont" if k == 0 else "value") for k in range(15)]
    units = merge_units([header] + marks)
    assert [u.text for u in units] == ["持 正 果 结"] + ["—"] * 15
    assert all(u.label == "value" and u.value_like for u in units[1:])
    # A mark alone on its line may still be the header's ("本年增" … "/" under it: 本年增/减).
    slash = merge_units([Fragment("本年增", (9,), 0, 0, 1, False, False, label="colhead"),
                         Fragment("/", (10,), 1, 0, 1, False, False, label="cont")])
    assert [u.text for u in slash] == ["本年增/"]


def test_a_pile_of_labels_whose_first_rows_printed_their_numbers_before_them(shipped_model):
    """pdftotext: 规范性文件's numbers before its label, after 规章's wrapped label ("规章(…数" 0 0 0 "据)"
    0 0 0), then 规范性文件 … 行政事业性收费 piled with block names between, their numbers after the pile
    among header words ("行政事业性收费" 0 "本年处理决定数量" 0 75 … 1224.0). 收费 read the first 0, sure (the
    one silent error of seed 784). The numbers no row took before the pile are its first rows'; the
    rest count the pile's other cells: read so, as guesses. Without them (seven numbers for ten cells)
    the table is read by count, nothing sure."""
    path = _generated("pdftotext_table2_pile_after_numbers_before_its_first_label_generated")
    want = _gold_cells(path.stem, "active_disclosure")
    cells = recover_file(path, shipped_model).tables["active_disclosure"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    assert all(c.confidence < 0.9 for c in cells if c.row[-1] != "规章")
    text = path.read_text(encoding="utf-8").replace("据)\n0\n0\n0\n", "据)\n")
    assert text != path.read_text(encoding="utf-8")
    fee = [c for c in recover_text(text, path.name, shipped_model).tables["active_disclosure"].cells
           if c.row[-1] == "行政事业性收费"]
    assert fee and all(c.confidence < 0.9 for c in fee)


def test_a_labels_tail_that_closes_its_bracket_is_the_label_whatever_the_classifier_says(shipped_model):
    """PyMuPDF wraps "规章（设区的市、自治州人民政府应提供相关数据）" after 相关; the classifier took "数据）"
    for a page's chrome and 规章's numbers (181 181 181) for prose: 规章 came out unread. A fragment
    right after an open label that closes the label's bracket is its tail; chrome that closes nothing
    stays apart."""
    path = _generated("pymupdf_label_tail_taken_for_chrome_generated", "Chromium and PyMuPDF")
    want = _gold_cells(path.stem, "active_disclosure")
    rules = [c for c in recover_file(path, shipped_model).tables["active_disclosure"].cells if c.row[-1] == "规章"]
    assert [c.value for c in rules] == [want[(c.row, c.col)] for c in rules] == [181, 181, 181]
    label = Fragment("规章(设区的市、自治州人民政府应提供相关", (1,), 0, 0, 1, False, False, label="rowlabel")
    tail = Fragment("数据)", (2,), 1, 0, 1, False, False, label="meta")
    page = Fragment("第3页", (2,), 1, 0, 1, False, False, label="meta")
    assert [u.text for u in merge_units([label, tail])] == ["规章(设区的市、自治州人民政府应提供相关数据)"]
    assert [u.text for u in merge_units([label, page])] == ["规章(设区的市、自治州人民政府应提供相关", "第3页"]


@pytest.mark.parametrize("name", ["pdftotext_table2_extra_row_among_piled_labels_generated",
                                  "pdftotext_extra_row_piled_before_the_next_blocks_name_generated"])
def test_a_reports_extra_row_among_piled_labels_takes_its_share(shipped_model, name):
    """pdftotext prints table 二's labels first, the report's extra row among them ("规章" "行政规范性文件"
    "其他主动公开文件" "行政许可" …), then each block's numbers (9 3 6066 0 0 36 3991 0 4 …): thirteen numbers
    for ten template cells, and the table came out missing. The extra row takes its share, in place — also
    where the next block's name and the first block's header stand between the pile and its numbers, and
    the numbers stop at the next header (… "其他主动公开文件" "第二十条第(五)项" "本年新制作数量 …" 0 0 4698
    113 113 113 0 0 0 "上一年项目数量 本年增/减"; there the whole table came out unread) — and is listed
    under extras with its numbers, which the blocks' late column (处理决定数量 after the table) leaves out."""
    path = _generated(name)
    want = _gold_cells(path.stem, "active_disclosure")
    table = recover_file(path, shipped_model).tables["active_disclosure"]
    assert table.status != "missing"
    assert {(c.row, c.col): c.value for c in table.cells} == want
    assert all(c.confidence < 0.9 for c in table.cells)  # no identity checks a pile's order
    (extra,) = [e for e in table.extras if e.label == "其他主动公开文件"]
    assert len(extra.values) == 3 and all(v.isdigit() for v in extra.values)


def test_split_readings_narrow_to_those_the_row_readers_sure_cells_agree_with():
    # A table cut in two whose rows 0 and 1 swap alike under every identity: the row reader, which saw
    # which numbers stand by which label, chooses — where it is sure, and only there.
    from tablerecover.decode.orders import _agreeing
    from tablerecover.result import CellResult

    first, second = ((0, 2, 2), (0, 0, 0)), ((0, 0, 0), (0, 2, 2))
    readings = {first: "first", second: "second"}

    def guide(value, confidence):  # the row reader's table: its cell 2 (row 0, column 2) as given
        cells = [CellResult(("r",), ("c",), 0, "0", "zero", 0.5, ()) for _ in range(6)]
        cells[2] = replace(cells[2], value=value, confidence=confidence)
        return cells

    assert list(_agreeing(readings, guide(2, 0.95), 3).values()) == ["first"]
    assert list(_agreeing(readings, guide(0, 0.95), 3).values()) == ["second"]
    assert len(_agreeing(readings, guide(2, 0.6), 3)) == 2  # unsure: no choice
    assert len(_agreeing(readings, guide(None, 0.95), 3)) == 2  # unread: no choice
    assert _agreeing(readings, guide(5, 0.95), 3) == {}  # sure of what no reading gives


def test_a_labels_tail_after_its_numbers_that_closes_its_bracket_is_the_label():
    # pdftotext -layout: "规章（设区的市、自治州人民政府应提供相关数" / "０    ０" / "据）        0". The tail, taken
    # for a row of its own, took the row's last number.
    rows = [[("规章(设区的市、自治州人民政府应提供相关数", "rowlabel")], [("0", "value"), ("0", "value")],
            [("据)", "rowlabel"), ("0", "value")], [("行政规范性文件", "rowlabel")]]
    frags = [Fragment(t, (r + 1,), r, c, len(row), False, False, label=lab, confidence=0.57 if t == "据)" else 1.0)
             for r, row in enumerate(rows) for c, (t, lab) in enumerate(row)]
    assert [(u.text, u.label) for u in merge_units(frags)] == [
        ("规章(设区的市、自治州人民政府应提供相关数据)", "rowlabel"), ("0", "value"), ("0", "value"), ("0", "value"),
        ("行政规范性文件", "rowlabel")]
    # Text that closes no bracket of the label stays a row of its own.
    frags[3].text = "其他"
    assert [u.text for u in merge_units(frags) if u.label == "rowlabel"] == [
        "规章(设区的市、自治州人民政府应提供相关数", "其他", "行政规范性文件"]
    # Alone on its line it stays apart: pdftotext's default order prints the next row's numbers after it
    # ("规章(…相关数" 0 0 0 "据)" 0 0 0 "行政规范性文件").
    rows = [[("规章(设区的市、自治州人民政府应提供相关数", "rowlabel")], [("0", "value")], [("据)", "rowlabel")],
            [("0", "value")], [("行政规范性文件", "rowlabel")]]
    frags = [Fragment(t, (r + 1,), r, c, len(row), False, False, label=lab)
             for r, row in enumerate(rows) for c, (t, lab) in enumerate(row)]
    assert [u.text for u in merge_units(frags) if u.label == "rowlabel"] == [
        "规章(设区的市、自治州人民政府应提供相关数", "据)", "行政规范性文件"]


def test_a_row_cut_by_the_page_foot_takes_its_rest_from_below_the_next_row(shipped_model, monkeypatch):
    """pdftotext -layout: "类申请 0 0 0 0" / "处理 2.重复申请 0 0 0 0 8 0 8" / "7 0 7" — the first row's last
    three cells printed below the next row, right of its own numbers. Read as a table cut in two between
    its columns, the first row took 8 0 8 off the next row's line; both rows' first four cells are 0, so
    every identity held the swapped way too, and four cells came out wrong and sure."""
    name = "pdftotext_layout_row_cut_by_the_page_foot_generated"
    path = _generated(name)
    report = recover_file(path, shipped_model)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == _gold_cells(name)
    first = _cells(report, "applications", "1.信访举报投诉类申请")
    assert [c.raw for c in first] == ["0", "0", "0", "0", "7", "0", "7"]
    assert len({c.lines for c in first[:4]} | {c.lines for c in first[4:]}) == 2  # its line, and the rest's below
    # Without the rest carried back, the cut-table reader still keeps the label's whole line in one row:
    # no sure cell reads across it.
    from tablerecover.decode import tables
    monkeypatch.setattr(tables, "_carry_back", lambda *args: None)
    want = _gold_cells(name)
    cells = recover_file(path, shipped_model).tables["applications"].cells
    assert not [c for c in cells if c.confidence >= 0.9 and c.value != want[(c.row, c.col)]]


def test_rows_shifting_together_under_every_identity_stay_tied(shipped_model):
    """A crawler dump dropping repeated lines and blank cells: (五)3, (五)4 and (五)5 each print "0" "1" "0" "1"
    for seven cells. The 1s under 法律服务机构, 法律服务机构, 商业企业 (the report's) and under 商业企业, 商业企业,
    法律服务机构 hold every column identity alike — three rows moving at once, which moves of one row or two
    never try; (五)3 and (五)4 came out sure the wrong way. Each such row is a tie, the report's reading among
    its cell's values, named by a reading.ambiguous check."""
    name = "crawler_rows_shifted_together_tie_2021"
    report = recover_file(FIXTURES / f"{name}.txt", shipped_model)
    want = _gold_cells(name)
    cells = report.tables["applications"].cells
    assert not [c for c in cells if c.confidence >= 0.9 and c.value != want[(c.row, c.col)]]
    ambiguous = " ".join(c.where for c in report.checks if c.rule == "reading.ambiguous")
    for row in ("3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"):
        for c in _cells(report, "applications", row):
            if c.col[-1] in ("商业企业", "法律服务机构"):
                assert c.confidence < 0.5 and want[(c.row, c.col)] in {c.value, *(a.value for a in c.alternatives)}
                assert f"{row} | {'/'.join(c.col)}" in ambiguous


def test_a_misprinted_cut_table_keeps_the_rows_its_labels_read_alike_sure(shipped_model):
    """pdftotext -layout of a report misprinting one cell: table 三 reads as cut in two between its
    columns only with the misprint, a guess (0.6) — and it read no way at all while readings giving a
    label's whole line to two rows counted (the search ran past its bound; four cells unread). Seven
    readings pass: the cells they differ in tie; a row the row reader, by its label, was sure of cell
    for cell alike stays sure."""
    name = "pdftotext_layout_misprinted_table_read_cut_in_two_generated"
    report = recover_file(_generated(name), shipped_model)
    want = _gold_cells(name)
    cells = report.tables["applications"].cells
    assert {(c.row, c.col): c.value for c in cells} == want
    tied = [c for c in cells if c.alternatives]
    assert tied and all(c.confidence <= 0.4 and c.read == "split?" for c in tied)
    rows: dict[tuple, list] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    # The misprint breaks its column's identity (商业企业's results): that column's cells stay in doubt.
    broken = {c.where for c in report.checks if c.rule == "applications.results_total" and not c.ok}
    assert broken == {"申请人情况/法人或其他组织/商业企业"}
    sure = [row for row, rc in rows.items() if any(c.confidence >= 0.9 for c in rc)]
    assert len(sure) > len(rows) // 2
    assert all(c.read == "split" and (c.confidence >= 0.9 or "/".join(c.col) in broken) for row in sure for c in rows[row])
    assert all(c.confidence <= 0.6 for row, rc in rows.items() if row not in sure for c in rc)


def test_table2_short_by_its_labels_is_read_in_the_texts_order(shipped_model):
    """pdftotext's default order: `行政处罚` `行政强制` 184 `信息内容` `行政事业性收费` 174 `第二十条第（八）项`
    `本年收费金额` 0 — (六)'s labels piled, its second number after the next block's labels, before that
    block's own header. Read by the labels, 174 went to 行政事业性收费, 0 to nothing, and 行政处罚 was left
    unread. Every cell is printed once: the text's order reads each row its numbers, an order guess
    (no identity checks table 二), and a check says so."""
    name = "pdftotext_table2_number_after_the_next_blocks_labels_generated"
    report = recover_file(_generated(name), shipped_model)
    table = report.tables["active_disclosure"]
    assert table.status == "recovered"
    assert {(c.row, c.col): c.value for c in table.cells} == _gold_cells(name, "active_disclosure")
    assert all(c.confidence <= 0.6 for c in table.cells)
    assert any(c.rule == "reading.ambiguous" and "text's order" in c.detail for c in report.checks)
