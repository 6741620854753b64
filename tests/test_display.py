"""The terminal view: readable at 100 columns, rows of table 三 told apart, marks for unread and
low-confidence cells, table 四 in its groups when narrow, one line for failed checks."""
from __future__ import annotations

import dataclasses

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from tablerecover.cli import app
from tablerecover.display import print_report, row_label
from tablerecover.pipeline import recover_file
from tablerecover.result import Check
from tablerecover.template import get_template

from conftest import SEEDS

SEED_003 = next(SEEDS.glob("003_*.txt"))


@pytest.fixture(scope="module")
def report_003(shipped_model):
    return recover_file(SEED_003, shipped_model)


def _render(report, width: int) -> str:
    console = Console(width=width, record=True, color_system=None, force_terminal=False)
    print_report(report, console)
    return console.export_text()


def test_seed_003_at_100_columns_shows_every_row_of_table_3_distinguishably():
    res = CliRunner().invoke(app, ["recover", str(SEED_003)], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= 100
    rows = [r.path for r in get_template("2021").table("applications").rows]
    labels = [row_label(r) for r in rows]
    assert len(set(labels)) == len(labels) == 25
    assert not any("…" in label for label in labels)
    # Each row label starts a line of the table, followed by its seven numbers (never cut off).
    for label in labels:
        hits = [line for line in lines if line.startswith(label + " ")]
        assert len(hits) == 1, (label, hits)
        assert len(hits[0][len(label):].split()) == 7, hits[0]
    for name in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"):
        assert name in res.output
    for label in ("（三）1 国家秘密", "（六）2 逾期未缴费", "一 本年新收", "四 结转下年度"):
        assert label in labels


def test_table_4_in_three_groups_when_narrow_one_row_when_wide(report_003):
    narrow = _render(report_003, 100)
    for group in ("行政复议 ", "行政诉讼·未经复议直接起诉 ", "行政诉讼·复议后起诉 "):
        assert any(line.startswith(group) for line in narrow.splitlines()), group
    wide = _render(report_003, 240)
    assert not any(line.startswith("行政复议 ") for line in wide.splitlines())
    assert "未经复议直接起诉" in wide and max(cell_len(x) for x in wide.splitlines()) <= 240


def test_unread_and_low_confidence_cells_are_marked_and_failed_checks_fit_one_line(report_003):
    report = dataclasses.replace(report_003, tables=dict(report_003.tables))
    table = report.tables["applications"]
    cells = list(table.cells)
    first_row = cells[0].row  # 一、本年新收: 30 for 自然人 in the source
    cells[0] = dataclasses.replace(cells[0], value=None, raw="", kind="unread", confidence=0.0, lines=())
    cells[1] = dataclasses.replace(cells[1], confidence=0.3)
    report.tables["applications"] = dataclasses.replace(table, cells=cells)
    report.checks = [Check("applications.balance", f"申请人情况/总计 {i}", False, "30+1 ≠ 21+9") for i in range(12)]
    out = _render(report, 100)
    line = next(x for x in out.splitlines() if x.startswith(row_label(first_row) + " "))
    assert line[len(row_label(first_row)):].split()[:2] == ["?", f"{cells[1].value}*"], line
    assert "not read from the text" in out
    summary = [x for x in out.splitlines() if x.startswith("checks:")]
    assert len(summary) == 1 and "12 failed" in summary[0] and cell_len(summary[0]) <= 100
    assert out.rstrip().splitlines()[-1] == summary[0]
