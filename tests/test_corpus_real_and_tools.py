"""Training corpus v2: real pages (corpora/real), generator v2 families, and the real-tool samples."""
from __future__ import annotations

import importlib.util
import random

import pytest

from tablerecover.corpus import from_synthetic, read_corpus, read_sample, write_sample
from tablerecover.labels import LABELS
from tablerecover.normalise import normalise_text
from tablerecover.synth import SHAPE_STYLES, generate_doc, render_html
from tablerecover.synth.tools import BROWSERS, TOOL_STYLES, browse, missing_tools, segments_from_columns

from conftest import ROOT, SHARED

REAL = ROOT / "corpora" / "real"
SYNTH_TOOLS = ROOT / "corpora" / "synth-tools"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "training" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_realdev_case_is_an_annotated_sample_with_provenance():
    samples = {d.name: d for d in read_corpus([REAL])}
    assert len(samples) == 78
    rows = [r.split("\t") for r in (REAL / "provenance.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    prov = {r[0]: r for r in rows}
    assert set(prov) == set(samples)
    assert {r[4] for r in rows} == set(_load_script("build_real_corpus").TOOLS)  # 13 tools
    assert len({r[1] for r in rows}) == 6 and all(r[5] for r in rows)  # 6 pages, a version for every tool
    for name, doc in samples.items():
        assert doc.gold is not None and doc.gold["source"].startswith(name.split("__")[0])
        labelled = [lab for lab in doc.labels if lab is not None]
        assert len(labelled) >= 0.95 * len(doc.labels)
        # the table region has cells: every page's numbers are labelled as values somewhere
        assert labelled.count("value") >= 30 or "crawler" in name


def test_alignment_labels_template_wording_and_numbers_inside_the_tables_only():
    build = _load_script("build_real_corpus")
    doc = read_sample(REAL / "ptc-cg2023__html2text.labels.tsv")
    start, end = build.table_region(doc.fragments)
    assert 0 < start < end < len(doc.fragments)
    inside = list(zip(doc.fragments[start:end], doc.labels[start:end]))
    assert all(lab == "value" for f, lab in inside if build._number(f))
    assert {lab for f, lab in inside if build.key_of(f.text) == "行政规范性文件"} == {"rowlabel"}
    # the report's running text keeps its numbers as prose
    outside = [lab for f, lab in zip(doc.fragments[:start], doc.labels[:start]) if build._number(f)]
    assert "value" not in outside


@pytest.mark.skipif(not (SHARED / "realdev" / "cases").is_dir(), reason="../shared/realdev is not available")
def test_the_real_samples_hold_the_realdev_texts_unchanged():
    for case in sorted((SHARED / "realdev" / "cases").glob("*__*.txt"))[:13]:
        assert (REAL / case.name).read_text(encoding="utf-8") == case.read_text(encoding="utf-8")


def test_leave_one_page_out_never_trains_on_the_scored_page():
    lopo = _load_script("leave_one_page_out")
    real = read_corpus([REAL / "ptn-slj2020__w3m.labels.tsv", REAL / "ptc-cg2023__w3m.labels.tsv",
                        REAL / "ptc-cg2023__lynx.labels.tsv"])
    data = {"seeds": [], "synth": [], "real": real}
    names = [d.name for d in lopo.training_docs(data, "ptc-cg2023", None, True)]
    assert names == ["ptn-slj2020__w3m"]
    names = [d.name for d in lopo.training_docs(data, None, "w3m", True)]
    assert names == ["ptc-cg2023__lynx"]


@pytest.mark.parametrize("style", SHAPE_STYLES)
def test_v2_family_generates_and_reads_back(style, tmp_path):
    doc = generate_doc(3, seed=2, style=style)
    sample = from_synthetic(doc)
    assert sum(lab is not None for lab in sample.labels) >= 0.98 * len(sample.labels)
    write_sample(sample, tmp_path)
    back = read_sample(tmp_path / f"{doc.name}.labels.tsv")
    assert back.labels == sample.labels and back.gold == doc.gold


def test_word_pages_carry_the_word_phenomena():
    from tablerecover.synth.word import _runs, render_word_html, word_blocks

    # "142512" and "元" in runs of their own, the unit continuing the value
    assert _runs(random.Random(0), "142512元", "value").count("<span") == 2
    seen = {"blank_legal": False, "vertical": False, "split_table": False}
    for i in range(30):
        doc = generate_doc(i, seed=4, style="word")
        cells = {(tuple(c["row"]), tuple(c["col"])): c for t in doc.gold["tables"].values() for c in t["cells"]}
        seen["blank_legal"] |= any(c["kind"] == "empty" and "法人或其他组织" in c["col"] for c in cells.values())
        seen["vertical"] |= any(len(lab_line) == 1 and lab_line[0].text in ("三、", "三、本")
                                for lab_line in doc.lines)
        rng = random.Random(i)
        blocks = word_blocks(rng, doc.blocks)
        seen["split_table"] |= sum(getattr(b, "table_id", "") == "applications" for b in blocks) == 2
        page = render_word_html(rng, blocks, "t")
        assert "mso-" in page and "MsoNormal" in page
    assert all(seen.values()), seen


def test_pdfmd_and_crawler_shapes():
    md = generate_doc(1, seed=3, style="pdfmd").text
    assert "| 数据1 | 数据2 |" in md
    crawler = generate_doc(1, seed=3, style="crawler")
    lines = crawler.text.splitlines()
    assert lines[0].startswith("标题:") and "正文:" in lines
    assert all(a != b for a, b in zip(lines, lines[1:]))  # consecutive repeats dropped


def test_column_reader_continues_a_wrapped_cell_in_its_own_column():
    marked = ("│⑦规章⟧ │⑦(二)部分公开(区分处理的│⑧0⟧ │\n"
              "│     │只计这一情形)⟧         │   │\n")
    lines = segments_from_columns(marked)
    assert [(s.text.strip(), s.label) for s in lines[1] if s.label] == [("只计这一情形)", "cont")]


@pytest.mark.parametrize("style", TOOL_STYLES)
def test_tool_samples_read_back_labelled(style):
    samples = [d for d in read_corpus([SYNTH_TOOLS]) if d.name.startswith(style + "__")]
    assert samples, f"no {style} samples in corpora/synth-tools (run training/make_synth_tools.py)"
    for d in samples:
        assert sum(lab is not None for lab in d.labels) >= 0.9 * len(d.labels)
        assert {lab for lab in d.labels if lab} <= set(LABELS) and d.labels.count("value") >= 20


@pytest.mark.parametrize("browser", BROWSERS)
def test_real_browser_keeps_the_label_marks(browser):
    if missing_tools(browser):
        pytest.skip(f"{browser} is not installed (run training/setup-tools.sh)")
    doc = generate_doc(0, seed=9, style="pipe", template="2021")
    text = browse(render_html(doc.blocks, "t", "pretty", marked=True), browser)
    lines = segments_from_columns(text)
    values = [s.text.strip() for segs in lines for s in segs if s.label == "value" and s.text.strip()]
    assert len(values) >= 100 and all(not any(ch in v for ch in "①⑧⟧") for v in values)
    assert "".join(normalise_text("\n".join("".join(s.text for s in segs) for segs in lines)))


def test_a_labels_file_survives_a_normalisation_change_but_not_a_text_change(tmp_path):
    from tablerecover.corpus import AnnotationError

    sample = read_sample(REAL / "ptn-sjj2024__lynx.labels.tsv")
    rows = (REAL / "ptn-sjj2024__lynx.labels.tsv").read_text(encoding="utf-8").splitlines()
    k = next(i for i, r in enumerate(rows) if r.endswith("\t0") and "\tvalue\t" in r)
    (tmp_path / "s.txt").write_text(sample.text, encoding="utf-8")
    # the text column as an older normaliser wrote it (a full-width digit): still fits
    (tmp_path / "s.labels.tsv").write_text("\n".join(rows[:k] + [rows[k][:-1] + "０"] + rows[k + 1:]) + "\n", encoding="utf-8")
    assert read_sample(tmp_path / "s.labels.tsv").labels == sample.labels
    # another text: the labels no longer fit
    (tmp_path / "s.labels.tsv").write_text("\n".join(rows[:k] + [rows[k][:-1] + "9"] + rows[k + 1:]) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="re-run annotate"):
        read_sample(tmp_path / "s.labels.tsv")
