"""Evaluation: every metric on small hand-made cases with known answers, GriTS-Con on tiny grids,
agreement with the independent scorer, the HTML report, and the CLI."""
from __future__ import annotations

import copy
import importlib.util
import json
import math
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tablerecover.cli import app
from tablerecover.evaluation.calibration import calibration_bins, expected_calibration_error
from tablerecover.evaluation.compare import canonical_grid, score_doc, summarise
from tablerecover.evaluation.document import evaluate_report
from tablerecover.evaluation.grits import align_1d, grits_con, lcs_similarity
from tablerecover.evaluation.html import render_html
from tablerecover.evaluation.identities import identity_checks
from tablerecover.evaluation.metrics import LabelMetrics, aggregate
from tablerecover.evaluation.samples import find_samples, load_sample
from tablerecover.evaluation.systems import EvaluationReport, SystemEvaluation, evaluate_system, rules_system

from conftest import ROOT, SEEDS, SHARED

SCORER = SHARED / "tools" / "score.py"
runner = CliRunner()


# -- hand-made reports -----------------------------------------------------------------------------

def _cell(row, col, value, **kw) -> dict:
    return {"row": list(row), "col": list(col), "value": value, **kw}


def _gold() -> dict:
    """Five cells in two tables, the applications table missing."""
    return {
        "template": "2021",
        "tables": {
            "active_disclosure": {"status": "recovered", "cells": [
                _cell(["第二十条第（一）项", "规章"], ["本年制发件数"], 3),
                _cell(["第二十条第（八）项", "行政事业性收费"], ["本年收费金额（单位：万元）"], 4068.208),
            ]},
            "applications": {"status": "missing", "cells": []},
            "review_litigation": {"status": "recovered", "cells": [
                _cell([], ["行政复议", "结果维持"], 1),
                _cell([], ["行政复议", "结果纠正"], None),
                _cell([], ["行政复议", "总计"], 1),
            ]},
        },
    }


def _output(gold: dict) -> dict:
    out = copy.deepcopy(gold)
    for t in out["tables"].values():
        for c in t["cells"]:
            c.update(raw=str(c["value"] or ""), kind="number", confidence=0.95, lines=[7])
    return out


def _all_wrong(gold: dict) -> dict:
    out = _output(gold)
    for t in out["tables"].values():
        for c in t["cells"]:
            c["value"] = 99 if c["value"] is None else None
    return out


def _partly_right(gold: dict) -> dict:
    out = _output(gold)
    out["tables"]["active_disclosure"]["cells"][1]["value"] = 4068.2  # one decimal lost
    return out


def _missing_table(gold: dict) -> dict:
    out = _output(gold)
    out["tables"]["review_litigation"] = {"status": "missing", "cells": []}
    return out


def _extra_cell(gold: dict) -> dict:
    out = _output(gold)
    out["tables"]["active_disclosure"]["cells"].append(_cell(["第二十条第（一）项", "其他主动公开文件"], ["本年制发件数"], 5,
                                                                   confidence=0.5, lines=[9]))
    return out


def _template_wrong(gold: dict) -> dict:
    out = _output(gold)
    out["template"] = "2019"
    return out


def _metrics(pred: dict, gold: dict):
    return aggregate([evaluate_report("doc", pred, gold)])


# name: (output, cell_accuracy, tuple P, R, F1, doc_exact, table_exact, status_accuracy, template_accuracy)
CASES = {
    "all right": (_output, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
    "all wrong": (_all_wrong, 0.0, 0.0, 0.0, 0.0, 0.0, 1 / 3, 1.0, 1.0),
    "partly right": (_partly_right, 0.8, 0.8, 0.8, 0.8, 0.0, 2 / 3, 1.0, 1.0),
    "missing table": (_missing_table, 0.4, 1.0, 0.4, 4 / 7, 0.0, 2 / 3, 2 / 3, 1.0),
    "extra cell": (_extra_cell, 1.0, 5 / 6, 1.0, 10 / 11, 0.0, 2 / 3, 1.0, 1.0),
    "template wrong": (_template_wrong, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_metrics_on_hand_made_cases(case):
    make, acc, p, r, f1, doc_exact, table_exact, status, template = CASES[case]
    m = _metrics(make(_gold()), _gold())
    got = (m.cell_accuracy, m.tuple_precision, m.tuple_recall, m.tuple_f1, m.doc_exact, m.table_exact,
           m.status_accuracy, m.template_accuracy)
    assert got == pytest.approx((acc, p, r, f1, doc_exact, table_exact, status, template)), case
    d = m.to_dict()
    for key in ("cell_accuracy", "tuple_f1", "tuple_precision", "tuple_recall", "doc_exact", "table_exact",
                "status_accuracy", "template_accuracy"):
        assert key in d
    assert d["cells"] == 5


def test_cell_details_of_a_missing_table_and_an_extra_cell():
    gold = _gold()
    doc = evaluate_report("doc", _missing_table(gold), gold)
    outcomes = [c.outcome for c in doc.comparison.cells]
    assert outcomes == ["right", "right", "absent", "absent", "absent"]
    review = doc.comparison.tables[2]
    assert (review.gold_status, review.output_status, review.status_ok, review.exact) == ("recovered", "missing", False, False)
    assert review.grits is not None and review.grits.f == 0.0  # an empty output grid against a gold grid
    # The applications table is missing in both: exact, and no GriTS (nothing to compare).
    apps = doc.comparison.tables[1]
    assert apps.exact and apps.grits is None
    doc = evaluate_report("doc", _extra_cell(gold), gold)
    extra = [c for c in doc.comparison.cells if c.outcome == "extra"]
    assert len(extra) == 1 and extra[0].row == ("第二十条第（一）项", "其他主动公开文件") and extra[0].output == 5
    assert doc.score.extra == 1 and not doc.exact


def test_labels_compare_after_normalisation_and_values_as_numbers():
    gold = _gold()
    out = _output(gold)
    c = out["tables"]["active_disclosure"]["cells"][0]
    c["row"] = ["第二十条 第(一)项", " 规 章"]       # full width, spaces
    c["value"] = "3"                                  # a number as text is still the number
    out["tables"]["review_litigation"]["cells"][0]["value"] = 1.0
    assert _metrics(out, gold).cell_accuracy == 1.0
    out["tables"]["review_litigation"]["cells"][0]["value"] = "one"
    assert _metrics(out, gold).right == 4


def test_no_output_at_all_scores_zero_but_keeps_the_cell_count():
    m = _metrics(None, _gold())
    assert (m.cells, m.right, m.cell_accuracy, m.doc_exact, m.template_accuracy) == (5, 0, 0.0, 0.0, 0.0)
    # As in score.py, an output without a table has no status, which is not "missing": the two recovered
    # gold tables agree on status, the missing applications table does not.
    assert m.status_accuracy == pytest.approx(2 / 3)


def test_aggregates_are_micro_averages_over_documents():
    gold = _gold()
    docs = [evaluate_report("a", _output(gold), gold), evaluate_report("b", _all_wrong(gold), gold),
            evaluate_report("c", _extra_cell(gold), gold)]
    m = aggregate(docs)
    assert (m.docs, m.cells, m.right, m.extra, m.output_cells) == (3, 15, 10, 1, 16)
    assert m.cell_accuracy == pytest.approx(10 / 15) and m.tuple_precision == pytest.approx(10 / 16)
    assert m.doc_exact == pytest.approx(1 / 3) and m.table_exact == pytest.approx((3 + 1 + 2) / 9)
    # Backward compatible: score_doc and summarise agree with the document evaluations.
    s = summarise([score_doc(d.name, d.output, gold) for d in docs])
    assert (s.cells, s.right, s.exact) == (15, 10, 1)
    per = {t.table: t for t in m.per_table}
    assert per["active_disclosure"].cells == 6 and per["active_disclosure"].right == 4


def test_grits_is_one_on_identical_grids_and_lower_with_wrong_cells():
    gold = _gold()
    m = _metrics(_output(gold), gold)
    assert m.grits_f == pytest.approx(1.0) and m.grits_tables == 2
    doc = evaluate_report("doc", _partly_right(gold), gold)
    active = doc.comparison.tables[0]
    # Grid: header row + 2 rows, 3 columns (label + 2 value columns); one cell differs: "4068.2" vs "4068.208".
    assert active.gold_grid == (("", "本年制发件数", "本年收费金额(单位:万元)"),
                                ("第二十条第(一)项/规章", "3", ""),
                                ("第二十条第(八)项/行政事业性收费", "", "4068.208"))
    sim = 2 * 6 / (8 + 6)
    assert active.grits.f == pytest.approx((8 + sim) / 9)


def test_grits_con_on_tiny_grids():
    assert lcs_similarity("abcde", "ace") == pytest.approx(0.75)
    assert lcs_similarity("", "") == 1.0 and lcs_similarity("", "a") == 0.0
    a = [["a", "b"], ["c", "d"]]
    assert grits_con(a, a).f == 1.0
    # A grid that lost its second row: precision 1, recall 1/2, GriTS 2*2/(4+2).
    g = grits_con(a, [["a", "b"]])
    assert (g.f, g.precision, g.recall) == pytest.approx((2 / 3, 1.0, 0.5))
    # Content similarity inside a cell: "12" vs "13" share one character of two.
    assert grits_con([["12", "0"]], [["13", "0"]]).f == pytest.approx(0.75)
    # Rows and columns must keep their order: only one cell of a reversed grid can be aligned.
    assert grits_con(a, [["d", "c"], ["b", "a"]]).f == pytest.approx(0.25)
    # An inserted column is skipped, not penalised beyond its own cells: 2*4/(4+6).
    assert grits_con(a, [["a", "x", "b"], ["c", "y", "d"]]).f == pytest.approx(0.8)
    assert grits_con([], []).f == 1.0 and grits_con(a, []).f == 0.0
    score, pairs = align_1d(__import__("numpy").array([[1.0, 0.0], [0.0, 1.0]]))
    assert score == 2.0 and pairs == [(0, 0), (1, 1)]
    assert canonical_grid([((("r",), ("c1",)), 1.0), ((("r",), ("c2",)), None)]) == (("", "c1", "c2"), ("r", "1", ""))


def test_label_metrics_and_confusion():
    pairs = [("value", "value")] * 3 + [("value", "empty"), ("rowlabel", "rowlabel"), ("colhead", "rowlabel")]
    m = LabelMetrics.from_pairs(pairs, docs=1)
    scores = {s.label: s for s in m.scores()}
    assert m.fragments == 6 and m.accuracy == pytest.approx(4 / 6)
    assert (scores["value"].precision, scores["value"].recall, scores["value"].f1) == pytest.approx((1.0, 0.75, 6 / 7))
    assert (scores["rowlabel"].precision, scores["rowlabel"].recall) == pytest.approx((0.5, 1.0))
    assert scores["colhead"].precision is None and scores["colhead"].recall == 0.0 and scores["colhead"].f1 == 0.0
    assert scores["empty"].precision == 0.0 and scores["empty"].recall is None
    assert scores["prose"].f1 is None
    labels = list(m.labels)
    assert m.confusion[labels.index("value")][labels.index("empty")] == 1
    assert m.confusion[labels.index("colhead")][labels.index("rowlabel")] == 1
    assert m.macro_f1 == pytest.approx((6 / 7 + 2 / 3 + 0.0) / 3)


def test_calibration_bins_and_error():
    bins = calibration_bins([(0.95, True), (0.95, True), (0.99, False), (0.15, False), (1.0, True), (0.0, False)])
    by = {round(b.lo, 1): b for b in bins if b.cells}
    assert set(by) == {0.0, 0.1, 0.9}
    assert (by[0.9].cells, by[0.9].right) == (4, 3) and by[0.9].mean_confidence == pytest.approx(0.9725)
    assert by[0.1].accuracy == 0.0
    ece = (4 / 6) * abs(0.75 - 0.9725) + (1 / 6) * 0.15 + (1 / 6) * 0.0
    assert expected_calibration_error(bins) == pytest.approx(ece)
    # Confidence of the output cells, an extra cell counting as wrong.
    gold = _gold()
    m = _metrics(_extra_cell(gold), gold)
    assert sum(b.cells for b in m.calibration) == 6 and sum(b.right for b in m.calibration) == 5


def test_identity_checks_on_gold_and_on_output():
    gold = json.loads(next(SEEDS.glob("003_*.gold.json")).read_text(encoding="utf-8"))
    checks = identity_checks(gold)
    assert len(checks) > 20 and all(c.ok for c in checks)
    out = copy.deepcopy(gold)
    for c in out["tables"]["review_litigation"]["cells"]:
        if c["col"] == ["行政复议", "总计"]:
            c["value"] = (c["value"] or 0) + 1
    doc = evaluate_report("003", out, gold)
    assert sum(not c.ok for c in doc.identities_output) == 1 and all(c.ok for c in doc.identities_gold)
    m = aggregate([doc])
    assert m.identity_pass_rate_gold == 1.0 and m.identity_pass_rate_output == pytest.approx(1 - 1 / len(checks))
    assert identity_checks({"template": None, "tables": {}}) == []


# -- real data: the seeds ------------------------------------------------------------------------------

def test_find_samples_reads_annotated_samples_and_plain_pairs(tmp_path):
    samples, notes = find_samples([SEEDS])
    assert len(samples) == 5 and all(s.labels is not None for s in samples) and not notes
    lab = next(SEEDS.glob("001_*.labels.tsv"))
    txt = next(SEEDS.glob("002_*.txt"))
    (tmp_path / "lonely.txt").write_text("x", encoding="utf-8")
    samples, notes = find_samples([lab, txt, txt, tmp_path / "lonely.txt", tmp_path / "nope"])
    assert [s.name[:3] for s in samples] == ["001", "002"]
    assert len(notes) == 2 and "lonely.txt" in notes[0] and "does not exist" in notes[1]


@pytest.fixture(scope="module")
def rules_run() -> SystemEvaluation:
    samples, _ = find_samples([SEEDS])
    return evaluate_system([load_sample(s) for s in samples], rules_system())


def _perturbed(doc) -> dict:
    """An output with a wrong value, an absent cell, an extra cell and (for 002) a lost table."""
    out = copy.deepcopy(doc.output)
    apps = out["tables"]["applications"]["cells"]
    apps[0]["value"] = (apps[0]["value"] or 0) + 7
    del apps[5]
    out["tables"]["active_disclosure"]["cells"].append(_cell(["第二十条第（一）项", "其他文件"], ["本年制发件数"], 1))
    if doc.name.startswith("002"):
        out["tables"]["review_litigation"] = {"status": "missing", "cells": []}
    if doc.name.startswith("004"):
        out["template"] = "2021"
    return out


def _perturbed_system(run: SystemEvaluation) -> SystemEvaluation:
    docs = [evaluate_report(d.name, _perturbed(d), json.loads(Path(d.source).with_suffix(".gold.json").read_text(encoding="utf-8")),
                            source=d.source, lines=d.lines, fragments=d.fragments, labels_known=d.labels_known)
            for d in run.documents]
    return SystemEvaluation("perturbed", "the rules-only outputs, damaged by hand", docs, aggregate(docs))


def test_evaluation_outputs_are_what_recover_writes(rules_run):
    from tablerecover.pipeline import RuleLabeller, recover_file

    doc = rules_run.documents[2]
    assert doc.output == recover_file(SEEDS / f"{doc.name}.txt", RuleLabeller()).to_dict()
    assert not Path(doc.source).is_absolute()  # paths are shown relative to the working directory
    m = rules_run.metrics
    assert m.docs == 5 and m.cells == sum(d.score.cells for d in rules_run.documents)
    assert m.labels is not None and m.labels.docs == 5 and m.labels.fragments > 1000
    assert m.identity_pass_rate_gold is not None


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/score.py not beside the checkout")
def test_cell_accuracy_equals_the_independent_scorer(rules_run, tmp_path):
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SCORER.parent))
    spec.loader.exec_module(scorer)
    gold = _gold()
    for name, (make, *_) in CASES.items():
        r, d = scorer.score_doc(make(gold), gold), evaluate_report(name, make(gold), gold).score
        assert (r["cells"], r["right"], r["extra"], r["status_ok"], r["template_ok"]) == \
            (d.cells, d.right, d.extra, d.status_ok, d.template_ok), name
    for system in (rules_run, _perturbed_system(rules_run)):
        out = tmp_path / system.name
        out.mkdir()
        for d in system.documents:
            (out / f"{d.name}.json").write_text(json.dumps(d.output, ensure_ascii=False), encoding="utf-8")
        last = subprocess.run([sys.executable, str(SCORER), str(out), str(SEEDS)], check=True, capture_output=True,
                              text=True).stdout.strip().splitlines()[-1]
        m = system.metrics
        assert last == f"cell_acc={m.cell_accuracy:.4f} doc_exact={m.doc_exact:.4f} n={m.docs}", system.name
    assert _perturbed_system(rules_run).metrics.cell_accuracy < 1.0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_report_is_self_contained_and_shows_the_grids(rules_run):
    bad = _perturbed_system(rules_run)
    html = render_html(EvaluationReport([bad, rules_run], ["a note"], [str(SEEDS)]))
    p = _Collector()
    p.feed(html)
    p.close()
    tags = p.tags
    imgs = [a["src"] for t, a in tags if t == "img"]
    assert len(imgs) == 3 and all(s.startswith("data:image/png;base64,") for s in imgs)
    refs = [v for _, a in tags for k, v in a.items() if k in ("src", "href") and v]
    assert not [r for r in refs if re.match(r"(?i)(https?:)?//", r)]
    assert not [t for t, a in tags if t in ("link", "script", "iframe", "object", "embed")]
    assert "url(" not in html and "@import" not in html  # (URLs quoted in the scrapes' prose are only text)
    grids = [a for t, a in tags if t == "table" and a.get("class") == "grid"]
    recovered = sum(t.cells > 0 for d in bad.documents for t in d.comparison.tables)
    assert len(grids) >= recovered
    text = "".join(p.text)
    assert "gold: " in text and "a note" in text and "收到和处理政府信息公开申请情况" in text
    # Every wrong cell is highlighted and the source lines it names are anchors in the page.
    wrong = [a for t, a in tags if t == "td" and "wrong" in a.get("class", "").split()]
    n_wrong = sum(c.outcome == "wrong" for d in bad.documents for c in d.comparison.cells)
    assert len(wrong) == n_wrong > 0
    ids = {a["id"] for _, a in tags if "id" in a}
    links = [a["href"][1:] for t, a in tags if t == "a" and a.get("href", "").startswith("#")]
    assert links and all(link in ids for link in links)
    # Every fragment is coloured by its label's class (long prose lines are shortened: at least the rest).
    frags = [a for t, a in tags if t == "b" and re.fullmatch(r"l\d+( miss)?", a.get("class", ""))]
    assert len(frags) >= 0.9 * sum(len(d.fragments) for d in bad.documents)
    # Paths are relative to the working directory: no absolute path of the data or the model.
    assert str(SEEDS.resolve()) not in html and str(ROOT.resolve()) not in html


# -- the command line --------------------------------------------------------------------------------

def test_cli_evaluate_writes_json_and_html(tmp_path):
    metrics, report, outs = tmp_path / "m.json", tmp_path / "r.html", tmp_path / "out"
    res = runner.invoke(app, ["evaluate", str(SEEDS), "--rules", "--json", str(metrics), "--html", str(report),
                              "--baseline-model", str(tmp_path / "absent"), "--outputs", str(outs)])
    assert res.exit_code == 0, res.output
    assert "| system |" in res.output and "context-free baseline skipped" in res.output
    assert res.output.strip().splitlines()[-1].startswith("cell_accuracy=")
    m = json.loads(metrics.read_text(encoding="utf-8"))
    for key in ("cell_accuracy", "tuple_f1", "tuple_precision", "tuple_recall", "doc_exact", "table_exact",
                "status_accuracy", "template_accuracy", "labels", "confusion", "identity_pass_rate_gold",
                "identity_pass_rate_output", "grits_con", "calibration", "baselines", "documents"):
        assert key in m, key
    assert m["system"] == "rules-only" and m["docs"] == 5 and m["baselines"] == {}
    assert len(m["confusion"]["matrix"]) == len(m["confusion"]["labels"]) == 10
    assert math.isclose(sum(map(sum, m["confusion"]["matrix"])), m["label_fragments"])
    assert len(list(outs.glob("*.json"))) == 5
    assert "data:image/png;base64," in report.read_text(encoding="utf-8")


def test_cli_evaluate_runs_the_context_free_baseline(tmp_path):
    from tablerecover.corpus import read_corpus
    from tablerecover.features import FeatureConfig
    from tablerecover.model import SequenceTagger, TaggerConfig

    docs = read_corpus([SEEDS])[:2]
    cfg = TaggerConfig(max_iter=40, features=FeatureConfig(n_features=2**14, sentencepiece=False, jieba=False))
    tagger = SequenceTagger(cfg, context=False, decode=False).fit([d.fragments for d in docs], [d.labels for d in docs])
    tagger.save(tmp_path / "nocontext")
    metrics = tmp_path / "m.json"
    res = runner.invoke(app, ["evaluate", *map(str, sorted(SEEDS.glob("00[12]_*.labels.tsv"))), "--rules",
                              "--baseline-model", str(tmp_path / "nocontext"), "--json", str(metrics)])
    assert res.exit_code == 0, res.output
    m = json.loads(metrics.read_text(encoding="utf-8"))
    assert m["docs"] == 2 and set(m["baselines"]) == {"context-free"}
    assert m["baselines"]["context-free"]["docs"] == 2 and m["baselines"]["context-free"]["fragment_accuracy"] > 0.5
    res = runner.invoke(app, ["evaluate", str(SEEDS), "--rules", "--no-baselines"])
    assert res.exit_code == 0 and "baselines skipped" in res.output
    res = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert res.exit_code == 2


# -- the page fits the window (issue 13) ---------------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
_PROBE = ('<script>document.querySelectorAll("details").forEach(d => d.open = true);'
          'document.body.setAttribute("data-scroll-width", document.documentElement.scrollWidth);'
          'document.body.setAttribute("data-client-width", document.documentElement.clientWidth);</script>')


def page_widths(html: str, tmp_path: Path, window: int = 1400) -> tuple[int, int]:
    """(scroll width, window width) of the page in headless Chromium with every document opened."""
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={window},900", "--dump-dom",
                          page.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r'<body data-scroll-width="(\d+)" data-client-width="(\d+)"', res.stdout)
    assert m, res.stderr[-2000:]
    return int(m[1]), int(m[2])


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (apt-get install chromium) to measure the page")
def test_html_report_fits_a_1400_pixel_window(rules_run, tmp_path):
    bad = _perturbed_system(rules_run)
    html = render_html(EvaluationReport([bad, rules_run], ["a note"], [str(SEEDS)]))
    scroll, client = page_widths(html, tmp_path)
    assert 1300 < client <= 1400 and scroll <= client
    # The probe does see overflow: a page with one element wider than the window.
    wide = html.replace("<h1>", '<div style="width:2400px">x</div><h1>', 1)
    assert page_widths(wide, tmp_path)[0] > client


def test_html_details_only_documents_not_exact_or_flagged():
    gold = _gold()
    flagged = _output(gold)
    flagged["tables"]["active_disclosure"]["cells"][0]["confidence"] = 0.3   # right but unsure
    docs = [evaluate_report(n, make, gold) for n, make in
            (("exact", _output(gold)), ("wrong", _all_wrong(gold)), ("flagged", flagged))]
    html = render_html(EvaluationReport([SystemEvaluation("m", "hand-made", docs, aggregate(docs))]))
    details = re.findall(r'<details id="(doc\d+)">', html)
    assert details == ["doc1", "doc2"]
    assert '<a href="#doc0">' not in html and '<a href="#doc1">wrong</a>' in html
