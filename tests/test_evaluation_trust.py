"""Trust metrics (silent errors, sure share), flattening families and ambiguous cells: the counts agree
with the independent tools (shared/tools/trust.py, score.py) on real outputs, and alternatives never
make a cell right."""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys

import pytest

from tablerecover.evaluation.calibration import SURE, trust_counts
from tablerecover.evaluation.document import evaluate_report
from tablerecover.evaluation.html import render_html
from tablerecover.evaluation.markdown import format_markdown
from tablerecover.evaluation.metrics import aggregate
from tablerecover.evaluation.samples import family_of, find_samples, load_sample
from tablerecover.evaluation.systems import EvaluationReport, SystemEvaluation, evaluate_system, model_system

from conftest import SHARED

TOOLS = SHARED / "tools"
CASES = SHARED / "realdev" / "cases"


def test_family_of_names():
    assert family_of("pta-cg2021__print-pdftotext-layout") == "print-pdftotext-layout"
    assert family_of("ptc-szf2019__w3m") == "w3m"
    assert family_of("synth_1_00003_blank_lines") == "blank_lines"
    assert family_of("synth_1_00003_not-a-style") == "other"
    assert family_of("003_9d9fab9795ea34ed") == "other"


def _tool_lines(tool: str, out_dir, gold_dir) -> list[str]:
    res = subprocess.run([sys.executable, str(TOOLS / tool), str(out_dir), str(gold_dir)], check=True,
                         capture_output=True, text=True)
    return res.stdout.strip().splitlines()


@pytest.fixture(scope="module")
def realdev_run(shipped_model, tmp_path_factory):
    """The shipped model on the 13 flattenings of one real page (and one of another), outputs on disk."""
    if not (TOOLS / "trust.py").exists() or not CASES.is_dir():
        pytest.skip("shared/tools/trust.py or shared/realdev/cases not beside the checkout")
    samples, _ = find_samples(sorted(CASES.glob("pta-cg2021__*.txt")) + [CASES / "ptc-szf2019__w3m.txt"])
    run = evaluate_system([load_sample(s) for s in samples], model_system(shipped_model, CASES))
    out = tmp_path_factory.mktemp("realdev_out")
    for d in run.documents:
        (out / f"{d.name}.json").write_text(json.dumps(d.output, ensure_ascii=False), encoding="utf-8")
    return run, out, samples


def _last(lines: list[str]) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in lines[-1].split())


def test_silent_errors_and_sure_share_equal_trust_py_overall_and_per_family(realdev_run, tmp_path):
    run, out, samples = realdev_run
    m = run.metrics
    assert len(m.families) == 13 and sum(f.docs for f in m.families) == m.docs == 14
    checks = [("all", m.trust, m.cell_accuracy, m.doc_exact, m.docs)]
    checks += [(f.family, f.trust, f.cell_accuracy, f.exact_docs / f.docs, f.docs) for f in m.families]
    for family, t, acc, exact, docs in checks:
        gold = tmp_path / family
        gold.mkdir()
        for s in samples:
            if family in ("all", s.family):
                shutil.copy(s.gold, gold / s.gold.name)
        trust = _last(_tool_lines("trust.py", out, gold))
        assert (int(trust["silent"]), trust["silent_rate"], trust["sure_share"]) == \
            (t.silent, f"{t.silent_rate:.4f}", f"{t.sure_share:.4f}"), family
        assert trust["flagged_wrong"] == f"{t.wrong - t.silent}/{t.wrong}", family
        score = _last(_tool_lines("score.py", out, gold))
        assert score == {"cell_acc": f"{acc:.4f}", "doc_exact": f"{exact:.4f}", "n": str(docs)}, family
    # The comparison is not between zeros nor ones: the sure share (these 14 pages are now all read
    # exactly, without a silent error).
    assert 0 < m.trust.sure_share < 1
    md = format_markdown(EvaluationReport([run]))
    assert "| w3m | 2 |" in md and f"silent errors (wrong or absent gold cells with confidence ≥ {SURE})" in md
    d = EvaluationReport([run]).to_dict()
    assert d["silent_errors"] == m.trust.silent and set(d["per_family"]) == {f.family for f in m.families}
    w3m = next(f for f in m.families if f.family == "w3m")
    assert d["per_family"]["w3m"]["silent_error_rate"] == round(w3m.trust.silent_rate, 6)


# -- ambiguous and unread cells (interfaces.md), on a constructed report --------------------------------

def _gold() -> dict:
    cols = [["申请人情况", "自然人"], ["申请人情况", "总计"]]
    cells = [{"row": ["一、本年新收政府信息公开申请数量"], "col": c, "value": v} for c, v in zip(cols, (12, 21))]
    cells.append({"row": ["二、上年结转政府信息公开申请数量"], "col": cols[0], "value": 3})
    return {"template": "2021", "meta": {"agency": "莆田市审计局", "year": 2024, "published": "2025-01-06"},
            "tables": {"applications": {"status": "recovered", "cells": cells}}}


def _ambiguous_output() -> dict:
    out = copy.deepcopy(_gold())
    a, b, c = out["tables"]["applications"]["cells"]
    # a: chose 21, the right 12 is an alternative; b: chose the right 21, 12 kept as an alternative;
    # c: not read at all.
    a.update(value=21, raw="21", kind="number", confidence=0.4, lines=[5], alternatives=[{"value": 12, "raw": "12"}])
    b.update(raw="21", kind="number", confidence=0.45, lines=[5], alternatives=[{"value": 12, "raw": "12"}])
    c.update(value=None, raw="", kind="unread", confidence=0.0, lines=[])
    out["checks"] = [{"rule": "reading.ambiguous", "where": "applications: 一… | 自然人; 总计", "ok": False, "detail": ""}]
    return out


def test_alternatives_never_make_a_cell_right_and_are_counted():
    doc = evaluate_report("x__w3m", _ambiguous_output(), _gold(), lines=["", "", "", "", "一、本年新收 21 12"])
    assert doc.family == "w3m" and doc.score.right == 1 and doc.flagged
    a, b, c = doc.comparison.cells
    assert a.alternatives == (12.0,) and not a.right and a.gold_in_alternatives
    assert b.right and not b.gold_in_alternatives
    assert c.kind == "unread" and not c.right
    t = trust_counts(doc.comparison.cells)
    assert (t.cells, t.wrong, t.silent, t.sure, t.ambiguous, t.ambiguous_right, t.ambiguous_rescued, t.unread) == \
        (3, 2, 0, 0, 2, 1, 1, 1)
    m = aggregate([doc])
    d = m.to_dict()
    assert d["ambiguous"] == {"cells": 2, "right": 1, "gold_in_alternatives": 1} and d["unread_cells"] == 1
    report = EvaluationReport([SystemEvaluation("decoder", "constructed", [doc], m)])
    md = format_markdown(report)
    assert "ambiguous cells (with alternatives): 2; chosen value right: 1; right value among the alternatives: 1" in md
    html = render_html(report)
    # The wrong ambiguous cell shows its alternative and gold; the unread cell is marked as such.
    assert re.search(r'<td class="wrong low"[^>]*>21<span class="gold">gold: 12</span><span class="alt">or: 12</span>', html)
    assert re.search(r'<td class="wrong low unread"[^>]*>unread<', html)
    assert re.search(r'<td class="right low"[^>]*>21<span class="alt">or: 12</span>', html)
