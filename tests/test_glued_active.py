"""Table 二's glued runs (issue 10, class 3): cut by cell shapes, the prose and value priors; ties flagged."""
from __future__ import annotations

from pathlib import Path

from tablerecover.decode.glued_active import prose_numbers, read_active_run, row_log_prior
from tablerecover.decode.piles import ORDER_PRIOR_MARGIN
from tablerecover.fragment import _split_cell
from tablerecover.pipeline import recover_file

FIXTURES = Path(__file__).parent / "fixtures" / "regressions"
Y2019_5 = [("上一年项目数量",), ("本年增/减",), ("处理决定数量",)]
Y2019_9 = [("采购项目数量",), ("采购总金额",)]
Y2021_1 = [("本年制发件数",), ("本年废止件数",), ("现行有效件数",)]
Y2019_1 = [("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)]


def _read(run, cols, label="行政许可", prose=None):
    return read_active_run([run], cols, label, [True], prose)


def test_a_signed_run_after_a_row_label_is_split_off_the_label():
    assert _split_cell("行政许可8-51682") == (("行政许可", 0, 4, False), ("8-51682", 4, 11, True))
    assert _split_cell("行政事业性收费0+15")[1][0] == "0+15"
    # A date after other text is not a run of cells.
    assert len(_split_cell("发布时间2020-01-03")) == 1


def test_shapes_place_signs_decimals_and_units():
    # Only 本年增/减 is signed; last year's 8 items cannot lose 51.
    r = _read("8-51682", Y2019_5)
    assert r.parts == ("8", "-5", "1682") and not r.decided
    # A sign makes the cells: "0+15" is two cells, no cut needed.
    r = _read("0+15", Y2019_5[:2], "行政事业性收费")
    assert r.parts == ("0", "+15") and len(r.alternatives) == 1
    # A count never starts with a zero: 0 and an amount with its unit, the only reading.
    r = _read("03027.831万元", Y2019_9, "政府集中采购")
    assert r.parts == ("0", "3027.831万元") and len(r.alternatives) == 1
    # An amount glued to its count: the amount per purchase decides the most plausible cut.
    assert _read("1307847.74万元", Y2019_9, "政府集中采购").parts == ("130", "7847.74万元")
    assert _read("13575394432.52", Y2019_9, "政府集中采购").parts == ("135", "75394432.52")
    # A dash for a blank cell where no sign may stand.
    assert _read("0-572", Y2021_1, "规章").parts == ("0", "-", "572")


def test_stock_and_flow_priors_rank_the_2019_first_block():
    # 本年新制作 = 本年新公开 in the 2019 format's first block (realdev: 3 3 6, 1810 1810 1810), and the
    # documents public in all include the year's: "11222" reads 1 1 222 first (by digits alone 1 12 22),
    # and "3366" puts 3 36 6 (6 < 36) last. Priors rank; the row stays a tie.
    r = _read("11222", Y2019_1, "规范性文件")
    assert r.parts == ("1", "1", "222") and not r.decided
    assert [parts for parts, _ in _read("3366", Y2019_1, "规范性文件").alternatives][-1] == ("3", "36", "6")


def test_a_signed_number_is_a_change():
    # Only 本年增/减 prints a sign: pdftotext's column-by-column block "0 0 0 +40" read by row put +40
    # under 上一年项目数量 (seed 803). The prior now prefers the sign in the change column, either sign, by
    # more than the margin that lets a pile's order be chosen without keeping the other (a fall of 18
    # items from none last year costs its own: 上一年 + 本年增/减 < 0).
    for sign in ("+40", "-18"):
        assert row_log_prior(["0", sign, "0"], Y2019_5) - row_log_prior([sign, "0", "0"], Y2019_5) > 2
        assert row_log_prior(["0", sign, "0"], Y2019_5) - row_log_prior(["0", "0", sign], Y2019_5) > ORDER_PRIOR_MARGIN


def test_decisions_per_item_rank_a_glued_items_and_decisions_row():
    # pdf-parse glues ptc-szf2019's 行政强制 row (2019年项目数量 | 处理决定数量) into "6292012": by digits
    # alone 6 292012 and 629 2012 tie; 48,000 decisions per item is the long shot. Priors rank; still a tie.
    cols = [Y2019_5[0], Y2019_5[2]]
    r = _read("6292012", cols, "行政强制")
    assert r.parts == ("629", "2012") and not r.decided
    assert ("6", "292012") in [parts for parts, _ in r.alternatives]


def test_prose_restating_a_number_decides_the_cut():
    run = "6205"  # 6 20 5 or 62 0 5
    tied = _read(run, Y2021_1, "行政规范性文件")
    assert not tied.decided and len(tied.alternatives) == 2
    prose = prose_numbers(["2023年，本机关制发行政规范性文件62件，均已按要求公开。"])
    sure = _read(run, Y2021_1, "行政规范性文件", prose)
    assert sure.parts == ("62", "0", "5") and sure.decided and sure.by_prose
    # The same number said of another row is no evidence for this one.
    assert not _read(run, Y2021_1, "行政许可", prose).by_prose


def test_glued_table2_runs_are_read_and_ties_flagged(shipped_model):
    report = recover_file(FIXTURES / "crawler_glued_table2_signed_amount_runs.txt", shipped_model)
    cells = {(c.row[-1], c.col[-1]): c for c in report.tables["active_disclosure"].cells}
    assert [cells[("行政处罚", c[0])].value for c in Y2019_5] == [0, 9, 119]
    assert [cells[("政府集中采购", c[0])].value for c in Y2019_9] == [6, 2544.269]
    # No identity decides them: never sure, the other cuts kept as alternatives, and a check names them.
    for row in ("行政处罚", "政府集中采购"):
        row_cells = [c for (r, _), c in cells.items() if r == row]
        assert all(c.confidence < 0.5 for c in row_cells)
        assert any(c.alternatives for c in row_cells)
    flagged = " ".join(c.where for c in report.checks if c.rule == "reading.ambiguous")
    assert "行政处罚 | 本年增/减" in flagged and "政府集中采购 | 采购总金额" in flagged
    assert {a.value for a in cells[("行政处罚", "本年增/减")].alternatives} >= {91}


def test_real_table2_rows_glued_read_the_printed_numbers():
    # ptc-szf2019's table 二 (realdev, own header 2019年项目数量 | 处理决定数量) with its cells glued:
    # a 10-digit count is never the plausible reading, and the amount per purchase places the cut.
    own = [("2019年项目数量",), ("处理决定数量",)]
    assert _read("2876123291", own).parts == ("2876", "123291")
    assert _read("181018101810", [("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)],
                 "规范性文件").parts == ("1810", "1810", "1810")
    assert _read("929120190475.34元", Y2019_9, "政府集中采购").parts == ("929", "120190475.34元")


def test_marks_inside_a_run_are_cells_of_their_own():
    # A minified page's get_text() glues "—" and "/" blanks into the runs: the fragmenter sets each
    # mark apart (a "-" before a digit stays a sign) and the reader gives it one cell.
    assert [p[0] for p in _split_cell("行政规范性文件3104—3,734第二十条第(五)项")][:4] == ["行政规范性文件", "3104", "—", "3,734"]
    assert [p[0] for p in _split_cell("行政强制—+7-行政事业性收费0-15")] == ["行政强制", "—", "+7", "-", "行政事业性收费", "0-15"]
    r = read_active_run(["3104", "—", "3,734"], Y2021_1, "行政规范性文件", [True] * 3)
    # Marks and signs alone make the three cells: no number cut, nothing a lost blank could hide in.
    assert r.parts == ("3104", "—", "3,734") and r.decided and r.uncut
    r = read_active_run(["0", "/", "190"], Y2019_5, "行政处罚", [True] * 3)
    assert r.parts == ("0", "/", "190") and r.decided and r.uncut
    # "90" must be cut for three cells (9 0, or 90 with a blank lost): not uncut, so never sure.
    r = read_active_run(["90", "-"], Y2019_5, "行政许可", [True] * 2)
    assert r.parts == ("9", "0", "-") and not r.uncut
    # "——" may be one blank or two: read as two it is a cut too.
    r = read_active_run(["——", "0"], Y2019_5, "行政许可", [True] * 2)
    assert r.parts == ("—", "—", "0") and not r.uncut


def test_marks_glued_in_a_minified_page_are_read_and_sure_only_where_uncut(shipped_model):
    report = recover_file(FIXTURES / "minified_bs4_marks_in_glued_runs.txt", shipped_model)
    cells = {(c.row[-1], c.col[-1]): c for c in report.tables["active_disclosure"].cells}
    row = [cells[("行政强制", c[0])] for c in Y2019_5]  # "—+7-"
    assert [c.value for c in row] == [None, 7, None] and min(c.confidence for c in row) > 0.9
    row = [cells[("其他对外管理服务事项", c[0])] for c in Y2019_5]  # "30/": 3 0 or 30 and a lost blank
    assert [c.value for c in row] == [3, 0, None] and max(c.confidence for c in row) < 0.5
