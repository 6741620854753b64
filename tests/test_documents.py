"""PDF and Word reports: the test documents made by real tools from synthetic reports
(tests/fixtures/documents/make_documents.py) recovered exactly, and bad documents giving clear problems."""
from __future__ import annotations

import json
import shutil
import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tablerecover.batch import expand_inputs
from tablerecover.cli import app
from tablerecover.evaluation.compare import score_doc
from tablerecover.io import read_bytes, read_input
from tablerecover.pipeline import recover_file
from tablerecover.template import TABLE_IDS

DOCS = Path(__file__).parent / "fixtures" / "documents"
CASES = sorted(p for p in DOCS.iterdir() if p.suffix in (".pdf", ".docx") and p.with_name(p.stem + ".gold.json").exists())


def _gold(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


def _table_lines(text: str) -> list[str]:
    return [unicodedata.normalize("NFKC", s) for s in text.splitlines() if s.endswith(" |")]


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_document_recovers_exactly(path, shipped_model):
    report = recover_file(path, shipped_model)
    score = score_doc(path.stem, report.to_dict(), _gold(path))
    assert score.exact, score.errors[:5]
    # Title, agency and date come from the paragraphs (a PDF's wrapped lines joined back).
    assert report.to_dict()["meta"] == _gold(path)["meta"]
    if path.suffix == ".pdf":
        # Ruled tables are read from their rulings; a table with no rules from the page text.
        assert report.reading == ("pdf-text" if path.stem.startswith("borderless") else "pdf-ruled")


def test_ruled_pdf_tables_read_as_the_word_file_of_the_same_report():
    """The structured path: a PDF's ruled tables give the pipe rows the DOCX of the same report
    gives (merged cells once, in their first row), even for table 三 printed over a page break
    with its header rows repeated on the next page."""
    pdf, docx = read_input(DOCS / "ruled_2021.pdf"), read_input(DOCS / "python_docx_2021.docx")
    assert _table_lines(pdf.text) == _table_lines(docx.text)
    assert sum("申请人情况" in s for s in _table_lines(pdf.text)) == 1
    pages = {c.page for line, cells in pdf.cells.items() for c in cells if "结转下年度" in pdf.text.splitlines()[line - 1]}
    first = {c.page for line, cells in pdf.cells.items() for c in cells if "本年新收" in pdf.text.splitlines()[line - 1]}
    assert pages and first and min(pages) > max(first)  # table 三 runs over a page break


def test_vertical_labels_are_one_cell():
    text = read_input(DOCS / "ruled_2019.pdf").text
    assert any(s.startswith("三、本年度办理结果 | ") for s in _table_lines(text))


def test_pdf_cells_carry_page_and_box_of_their_text(shipped_model):
    import pypdfium2 as pdfium

    report = recover_file(DOCS / "ruled_2021.pdf", shipped_model)
    cells = [c for t in report.tables.values() for c in t.cells]
    placed = [c for c in cells if c.page is not None]
    assert len(placed) == len(cells)
    d = placed[-1].to_dict()
    assert d["page"] >= 1 and len(d["bbox"]) == 4
    pdf = pdfium.PdfDocument(DOCS / "ruled_2021.pdf")
    for c in placed[::7]:
        page = pdf[c.page - 1]
        width, height = page.get_size()
        x0, top, x1, bottom = c.bbox
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
        inside = page.get_textpage().get_text_bounded(x0, height - bottom, x1, height - top)
        assert c.raw == unicodedata.normalize("NFKC", "".join(inside.split()))
    pdf.close()


def test_document_properties():
    pdf = read_input(DOCS / "ruled_2021.pdf")
    assert pdf.properties["title"].endswith("年政府信息公开工作年度报告") and "creationdate" in pdf.properties
    docx = read_input(DOCS / "python_docx_2021.docx")
    assert docx.properties["title"] == pdf.properties["title"] and docx.properties["author"]


def test_scanned_pdf_has_no_text_layer(shipped_model):
    report = recover_file(DOCS / "scanned.pdf", shipped_model).to_dict()
    assert report["problems"] == ["no text layer (scanned PDF)"]
    assert all(report["tables"][t]["status"] == "missing" for t in TABLE_IDS)


def _problems(data: bytes, name: str, shipped_model, tmp_path) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    report = recover_file(path, shipped_model).to_dict()
    assert all(report["tables"][t]["status"] == "missing" for t in TABLE_IDS)
    return report["problems"]


def test_encrypted_broken_and_corrupt_documents_give_clear_problems(shipped_model, tmp_path, monkeypatch):
    pdf = (DOCS / "ruled_2021.pdf").read_bytes()
    docx = (DOCS / "python_docx_2021.docx").read_bytes()
    assert "encrypted" in _problems((DOCS / "encrypted.pdf").read_bytes(), "e.pdf", shipped_model, tmp_path)[0]
    for cut in (200, len(pdf) // 2):
        assert "damaged or truncated" in _problems(pdf[:cut], f"t{cut}.pdf", shipped_model, tmp_path)[0]
    assert "Word file cannot be read" in _problems(docx[: len(docx) // 2], "c.docx", shipped_model, tmp_path)[0]
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    assert "ZIP archive" in _problems(buf.getvalue(), "a.docx", shipped_model, tmp_path)[0]
    # A legacy .doc (an OLE compound file) needs LibreOffice to convert it.
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"WordDocument" * 40
    assert "LibreOffice" in _problems(ole, "old.doc", shipped_model, tmp_path)[0]
    # A password-protected .docx is an OLE file holding an EncryptedPackage stream.
    locked = ole + "EncryptedPackage".encode("utf-16-le")
    assert "encrypted" in _problems(locked, "locked.docx", shipped_model, tmp_path)[0]


def test_format_is_recognised_by_content_not_extension(tmp_path):
    pdf = read_bytes((DOCS / "ruled_2021.pdf").read_bytes(), "download.bin")
    docx = read_bytes((DOCS / "pandoc_2019.docx").read_bytes(), "attachment")
    assert pdf.reading == "pdf-ruled" and "申请人情况" in unicodedata.normalize("NFKC", pdf.text)
    assert "申请人情况" in docx.text and docx.text.count(" |\n") > 40


def test_batch_picks_documents_in_directories_and_keeps_going(tmp_path):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for name in ("ruled_2019.pdf", "pandoc_2019.docx", "scanned.pdf"):
        shutil.copy(DOCS / name, crawl / name)
    (crawl / "broken.pdf").write_bytes(b"%PDF-1.7\n")
    assert sorted(Path(s).name for s, _ in expand_inputs([str(crawl)])) == [
        "broken.pdf", "pandoc_2019.docx", "ruled_2019.pdf", "scanned.pdf"]
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["recover", str(crawl), "--out", str(out), "-q", "--rules"])
    assert result.exit_code == 0, result.output
    for stem in ("ruled_2019", "pandoc_2019"):
        report = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert all(report["tables"][t]["status"] == "recovered" for t in TABLE_IDS)
    errors = {json.loads(s)["source"].rsplit("/", 1)[-1]: json.loads(s)["reason"]
              for s in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()}
    assert errors["scanned.pdf"] == "no text layer (scanned PDF)" and "damaged" in errors["broken.pdf"]


def test_chromium_print_to_pdf_is_recovered(shipped_model, tmp_path):
    """Regenerate a document with the real tool: a synthetic report printed by headless Chromium."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_documents", DOCS / "make_documents.py")
    make_documents = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_documents)
    if make_documents.chromium() is None:
        pytest.skip("chromium is not installed (the committed documents are tested without it)")
    from tablerecover.synth import generate_doc

    doc = generate_doc(7, seed=31, style="pipe", template="2021")
    make_documents.print_pdf(make_documents.page_html(doc, "table{border-collapse:collapse} td{border:1px solid}", thead=True),
                             tmp_path / "printed.pdf")
    report = recover_file(tmp_path / "printed.pdf", shipped_model)
    assert report.reading == "pdf-ruled"
    assert score_doc("printed", report.to_dict(), doc.gold).exact


def test_evaluate_and_annotate_take_documents(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(DOCS), "--rules", "--no-baselines", "--json", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    metrics = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert "docs=5" in result.output and metrics  # the five documents beside gold files, by content
    result = runner.invoke(app, ["annotate", str(DOCS / "borderless_2021.pdf"), str(DOCS / "scanned.pdf"),
                                 "--out", str(tmp_path / "ann")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ann" / "borderless_2021.txt").read_text(encoding="utf-8")
    assert "申请人情况" in unicodedata.normalize("NFKC", text)  # the page text, the reading recovery used
    assert (tmp_path / "ann" / "borderless_2021.labels.tsv").exists()
    assert not (tmp_path / "ann" / "scanned.txt").exists() and "no text layer" in result.output


def _stroked_table_pdf() -> bytes:
    """A PDF drawn by hand as office suites draw tables: an outline rectangle (``re``) and stroked
    lines, one of them spanning only the right column (a merged cell on the left)."""
    text = "".join(f"BT /F1 10 Tf {x} {y} Td ({s}) Tj ET\n" for s, x, y in
                   [("Report", 20, 175), ("item", 30, 140), ("count", 170, 140), ("total", 30, 100),
                    ("3", 170, 110), ("4", 170, 90), ("5", 170, 60)])
    lines = ("0.5 w 20 50 260 110 re S\n20 130 m 280 130 l S\n150 50 m 150 160 l S\n"
             "150 105 m 280 105 l S\n20 80 m 280 80 l S\n")
    content = (lines + text).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_stroked_rulings_and_merged_cells_are_read():
    inp = read_bytes(_stroked_table_pdf(), "drawn.pdf")
    assert inp.text.splitlines() == ["Report", "item | count |", "total | 3 |", "4 |", " | 5 |"]
    assert [c.page for c in inp.cells[3]] == [1, 1] and inp.cells[3][0].bbox == (20.0, 70.0, 150.0, 120.0)


def test_the_reading_the_identities_support_is_kept(shipped_model):
    """Of a PDF's two readings, the one whose identities pass more checks wins, whichever it is."""
    from tablerecover.io import InputText
    from tablerecover.pipeline import analyse_input

    seed = sorted((Path(__file__).parents[1] / "corpora" / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    cut = "\n".join(seed.splitlines()[: len(seed.splitlines()) * 2 // 3]) + "\n"  # table 三 cut short
    for ruled, flat, used in ((cut, seed, "pdf-text"), (seed, cut, "pdf-ruled")):
        report = analyse_input(InputText("x.pdf", ruled, reading="pdf-ruled", flat=flat), shipped_model).report
        assert report.reading == used and report.to_dict()["reading"] == used


REALDEV = Path(__file__).parents[2] / "shared" / "realdev"


@pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev is not checked out beside the repository")
@pytest.mark.parametrize("stem", ["pta-cg2021", "pta-kjj2020", "ptc-cg2023", "ptc-szf2019", "ptn-sjj2024", "ptn-slj2020"])
def test_real_printed_pdf_and_word_file_give_the_rows_of_their_html_page(stem):
    """Real report pages printed by Chromium and converted by pandoc: their tables read into the
    same rows as the page's own HTML tables (white space aside: a PDF cannot tell a wrapped line
    from a paragraph break inside a cell)."""

    def rows(path: Path) -> list[str]:
        lines = ["".join(unicodedata.normalize("NFKC", s).split()) for s in read_input(path).text.splitlines() if s.endswith(" |")]
        return lines[next(i for i, s in enumerate(lines) if s.startswith("第二十条")):]

    html = rows(REALDEV / f"{stem}.html")
    assert len(html) > 40
    assert rows(REALDEV / f"{stem}.print.pdf") == html
    assert rows(REALDEV / f"{stem}.docx") == html
    # The metadata read from the paragraphs is the page's.
    from tablerecover.pipeline import RuleLabeller, analyse_input

    metas = [analyse_input(read_input(REALDEV / f"{stem}{ext}"), RuleLabeller()).report.meta for ext in (".html", ".print.pdf", ".docx")]
    meta = [(m.agency, m.year, m.published) for m in metas]  # the values; their sources differ by format
    assert meta[1] == meta[0] and meta[2] == meta[0] and meta[0][0]


def test_documents_have_a_larger_size_limit_than_text(tmp_path, monkeypatch, shipped_model):
    """A PDF carries fonts and images: the 20 MiB limit for a text page would refuse real reports."""
    import tablerecover.io as tio

    pdf = (DOCS / "ruled_2019.pdf").read_bytes()
    monkeypatch.setattr(tio, "MAX_BYTES", len(pdf) // 4)
    (tmp_path / "big.pdf").write_bytes(pdf)
    assert recover_file(tmp_path / "big.pdf", shipped_model).tables["applications"].status == "recovered"
    monkeypatch.setattr(tio, "MAX_DOCUMENT_BYTES", len(pdf) // 2)
    assert "limit for one report" in recover_file(tmp_path / "big.pdf", shipped_model).problems[0]
