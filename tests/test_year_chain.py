"""The year chain (issue 10, class 3): in a batch, one agency's consecutive years decide cells a single
report leaves tied — only where the chain singles out one of the values the report read, never
against its identities, never from an unrelated report that shares the agency's name."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import tablerecover
from tablerecover.batch import BatchSettings, plan, run_batch
from tablerecover.pipeline import recover_file
from tablerecover.year_chain import HARD_CONFIDENCE, SOFT_CONFIDENCE, apply_to_dict, decide

FIXTURES = Path(__file__).parent / "fixtures" / "regressions"
CARRIED = ("applications", ("二、上年结转政府信息公开申请数量",))
TIED_COLS = [("申请人情况", "法人或其他组织", k) for k in ("商业企业", "科研机构", "社会公益组织", "法律服务机构")]


def _pair(name: str) -> list[Path]:
    return [FIXTURES / f"{name}_{year}.txt" for year in (2020, 2021)]


def _gold(path: Path) -> dict:
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    return {(t, tuple(c["row"]), tuple(c["col"])): c["value"] for t, table in gold["tables"].items()
            for c in table["cells"]}


def _cells(doc: dict) -> dict:
    return {(t, tuple(c["row"]), tuple(c["col"])): c for t, table in doc["tables"].items() for c in table["cells"]}


def _ambiguous(doc: dict) -> str:
    return "; ".join(c["where"] for c in doc["checks"] if c["rule"] == "reading.ambiguous")


def _failed_identities(doc: dict) -> set:
    return {(c["rule"], c["where"]) for c in doc["checks"] if c["rule"].startswith("applications.") and not c["ok"]}



def test_carried_over_tie_is_decided_by_last_years_report_in_a_batch(tmp_path, shipped_model):
    last, this = _pair("crawler_carried_over_tie")
    gold = _gold(this)
    alone = recover_file(this, shipped_model).to_dict()
    for col in TIED_COLS:  # the report alone cannot tell 2 from 0
        cell = _cells(alone)[(*CARRIED, col)]
        assert cell["alternatives"] and cell["confidence"] < 0.5 and "/".join(col) in _ambiguous(alone)

    out = tmp_path / "out"
    inputs = [str(last), str(this), str(tmp_path / "missing.txt")]  # a failed input takes no part
    result = run_batch(plan(inputs, out), BatchSettings(out))
    assert (result.written, result.chain_decided, result.chain_reports) == (3, 4, 1)
    doc = json.loads((out / f"{this.stem}.json").read_text(encoding="utf-8"))
    for col in TIED_COLS:
        cell = _cells(doc)[(*CARRIED, col)]
        assert cell["value"] == gold[(*CARRIED, col)] and cell["confidence"] == HARD_CONFIDENCE
        assert {a["value"] for a in cell["alternatives"]} == {0, 2} - {cell["value"]}  # the other reading stays
        assert f"applications: {CARRIED[1][0]} | {'/'.join(col)}" not in _ambiguous(doc).split("; ")
    decided = [c for c in doc["checks"] if c["rule"] == "year_chain.decided"]
    assert len(decided) == 4 and all(last.name in c["detail"] for c in decided)
    assert _failed_identities(doc) == _failed_identities(alone)  # no identity newly fails
    # Last year's report is not rewritten; a resumed batch changes nothing.
    assert json.loads((out / f"{last.stem}.json").read_text(encoding="utf-8")) == recover_file(last, shipped_model).to_dict()
    before = {p.name: p.read_bytes() for p in out.glob("*.json")}
    again = run_batch(plan(inputs, out), BatchSettings(out, resume=True))
    assert again.chain_reports == 0 and {p.name: p.read_bytes() for p in out.glob("*.json")} == before


def test_in_force_soft_rule_decides_a_glued_run_but_never_makes_it_sure(shipped_model):
    reports = [recover_file(p, shipped_model) for p in _pair("glued_in_force_tie")]
    row = ("active_disclosure", ("第二十条第（一）项", "行政规范性文件"))
    assert all(c.alternatives and c.confidence < 0.5 for c in reports[1].tables["active_disclosure"].cells
               if c.row == row[1])
    decisions = tablerecover.chain_years(reports)  # the Python API on a batch's reports
    assert {d.report for d in decisions} == {1}
    gold = _gold(_pair("glued_in_force_tie")[1])
    cells = [c for c in reports[1].tables["active_disclosure"].cells if c.row == row[1]]
    assert [c.value for c in cells] == [gold[(*row, c.col)] for c in cells]
    assert all(c.confidence == SOFT_CONFIDENCE and c.alternatives and c.read == "chain" for c in cells)
    assert "行政规范性文件" not in " ".join(c.where for c in reports[1].checks if c.rule == "reading.ambiguous")


def test_an_unsure_neighbour_only_puts_the_chains_reading_first(shipped_model):
    reports = [recover_file(p, shipped_model) for p in _pair("glued_in_force_tie_unsure_neighbour")]
    row = ("第二十条第（一）项", "规章")
    before = [c.value for c in reports[1].tables["active_disclosure"].cells if c.row == row]
    tablerecover.chain_years(reports)
    gold = _gold(_pair("glued_in_force_tie_unsure_neighbour")[1])
    cells = [c for c in reports[1].tables["active_disclosure"].cells if c.row == row]
    assert [c.value for c in cells] == [gold[("active_disclosure", row, c.col)] for c in cells] != before
    assert all(c.confidence < 0.5 and c.alternatives for c in cells)  # still a tie, and said so
    assert any(c.rule == "reading.ambiguous" and "规章" in c.where for c in reports[1].checks)
    assert sum(c.rule == "year_chain.preferred" for c in reports[1].checks) == 2  # the two cells it changed


@pytest.fixture(scope="module")
def carried_docs(shipped_model) -> list[dict]:
    return [recover_file(p, shipped_model).to_dict() for p in _pair("crawler_carried_over_tie")]


def _set(doc: dict, row: str, col: str, value: int) -> None:
    cell = _cells(doc)[("applications", (row,), ("申请人情况", *col.split("/")))]
    cell.update(value=value, raw=str(value), kind="number" if value else "zero")


def test_a_contradicting_neighbour_changes_nothing(carried_docs):
    assert decide(carried_docs)  # as read, last year decides
    last, this = copy.deepcopy(carried_docs)
    # Last year's 结转下年度 differs where this year's 上年结转 is read sure: the two do not chain.
    _set(last, "四、结转下年度继续办理", "自然人", 5)
    assert decide([last, this]) == []
    # Last year's value for a tied cell is none of the values this year read: nothing to choose.
    last, this = copy.deepcopy(carried_docs)
    _set(last, "四、结转下年度继续办理", "法人或其他组织/商业企业", 7)
    assert all(d.key[2][-1] != "商业企业" for d in decide([last, this]))


def test_a_report_of_the_same_name_that_does_not_chain_is_not_used(carried_docs):
    last, this = copy.deepcopy(carried_docs)
    # A namesake (two towns of one name): every cell a sure 0 but 2 for 商业企业 of 结转下年度, whose 总计 was
    # not read. Nothing contradicts this year's report, and its picks would break no identity, but only
    # zeros agree where both are read: no chain is seen.
    for c in _cells(last).values():
        c.update(value=0, raw="0", kind="zero", alternatives=[])
    _set(last, "四、结转下年度继续办理", "法人或其他组织/商业企业", 2)
    _cells(last)[("applications", ("四、结转下年度继续办理",), ("申请人情况", "总计"))].update(value=None, raw="",
                                                                                       kind="unread")
    assert decide([last, this]) == []


def test_a_decision_that_breaks_an_identity_is_dropped(carried_docs):
    last, this = copy.deepcopy(carried_docs)
    # Last year (its own row total broken) says 2 for 商业企业 and for 科研机构: this year's 总计 of 上年结转,
    # read sure as 2, would no longer be the sum of its row. The pair still chains (总计 2 = 2), but none
    # of the picks the broken identity involves is taken.
    _set(last, "四、结转下年度继续办理", "法人或其他组织/科研机构", 2)
    assert decide([last, this]) == []
    assert _failed_identities(apply_to_dict(this, [])) == _failed_identities(this)


def test_a_neighbour_table_read_with_a_tie_or_a_failed_identity_is_no_evidence(carried_docs):
    # Its rows hang together by the column identities: a row read sure there may be shifted with the tied
    # ones (a crawler dump of 2020 read 四、结转 as 0 1 0 0 0 0 1 for 0 0 1 0 0 0 1, sure, beside tied rows).
    for shake in ("tie", "identity"):
        last, this = copy.deepcopy(carried_docs)
        if shake == "tie":
            _cells(last)[("applications", ("一、本年新收政府信息公开申请数量",), ("申请人情况", "自然人"))]["alternatives"] = \
                [{"value": 9, "raw": "9"}]
        else:
            last["checks"].append({"rule": "applications.results_total", "where": "申请人情况/自然人", "ok": False,
                                   "detail": "0 ≠ 1"})
        assert [d for d in decide([last, this]) if d.rule == "carried_over"] == []


def test_a_pair_seen_to_chain_by_small_numbers_only_decides_but_never_surely(carried_docs):
    # As read, the pair holds 现行有效 69806 + 2 − 0 = 69808: no namesake matches that by chance, and
    # 上年结转's ties are decided sure. Without it the pair shows only 总计 2 = 2 — two towns of one name
    # may carry two applications over alike: the same decisions, below sure.
    assert {d.confidence for d in decide(carried_docs)} == {HARD_CONFIDENCE}
    last, this = copy.deepcopy(carried_docs)
    for key, cell in _cells(this).items():
        if key[0] == "active_disclosure" and key[2] == ("现行有效件数",):
            cell.update(value=None, raw="", kind="unread")
    weak = decide([last, this])
    assert [(d.key, d.value) for d in weak] == [(d.key, d.value) for d in decide(carried_docs)]
    assert {d.confidence for d in weak} == {SOFT_CONFIDENCE}


def test_a_chain_never_decides_half_of_a_tied_row(shipped_model):
    # Namesakes a year apart: this year's 上年结转 reads 1 under 自然人 or under any other column (total 1),
    # last year's 结转下年度 carries 1 under 其他. The 自然人 blank it implies breaks this year's 自然人
    # balance and is dropped; 其他 = 1 alone would leave 自然人 1 + 其他 1 against the row's total of 1.
    this, last = (FIXTURES / f"year_chain_namesake_decides_half_a_tied_row_{y}.txt" for y in (2023, 2022))
    docs = [recover_file(p, shipped_model).to_dict() for p in (last, this)]
    assert [d for d in decide(docs) if d.report == 1 and d.key[1] == CARRIED[1]] == []
    row = [c for k, c in _cells(apply_to_dict(docs[1], decide(docs))).items() if k[:2] == CARRIED]
    assert [c["value"] for c in row] == [_gold(this)[(*CARRIED, tuple(c["col"]))] for c in row]


def test_the_batch_pass_skips_what_it_cannot_read(tmp_path, carried_docs):
    from tablerecover.year_chain import chain_outputs

    paths = []
    for i, doc in enumerate(carried_docs):
        paths.append(tmp_path / f"r{i}.json")
        paths[-1].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    odd = dict(carried_docs[0], tables={"applications": {"cells": [{"value": 1}]}})  # no row or column
    (tmp_path / "odd.json").write_text(json.dumps(odd, ensure_ascii=False), encoding="utf-8")
    before = paths[0].read_bytes()
    outcome = chain_outputs([*paths, tmp_path / "bad.json", tmp_path / "missing.json"])
    assert (outcome.decided, outcome.reports, outcome.errors) == (4, 1, ())
    assert paths[0].read_bytes() == before  # only the report it changed is rewritten
    outcome = chain_outputs([tmp_path / "odd.json", *paths])  # a malformed report: its agency is skipped
    assert outcome.reports == 0 and len(outcome.errors) == 3
