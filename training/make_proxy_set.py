"""A second real test set from realdev's pages, flattened by tools the corpus never uses (evaluation only).

realdev's 78 cases come from the page HTML (7 HTML tools), the crawler dump and Chromium's print PDF (5
extractors); the corpus (corpora/real/, synth-tools/) learns from exactly those tools. Published reports
are more often Word files and the PDFs Word or LibreOffice made from them, so this set starts from each
page's .docx instead:

- ``word-pdf-<extractor>``: the .docx converted to PDF by LibreOffice (its own table layout, fonts and
  page breaks), read by the same 5 extractors with default settings;
- ``pandoc-docx-<format>``: the .docx through pandoc to ``plain``, ``markdown`` and ``gfm`` (grid,
  multiline and HTML tables: shapes the generator never draws);
- ``pandoc-html-plain``: the page HTML through pandoc to plain text;
- ``word-pdf2md``, ``print-pdf2md``, ``word-pdfparse``, ``print-pdfparse``: two node tools on pdf.js — the
  PDF-to-markdown converter pdf2md and the text extractor pdf-parse — on LibreOffice's PDF and on
  realdev's Chromium print (need node and ``PROXY=1 training/setup-tools.sh``; skipped otherwise);
- ``word-pdfminer``, ``print-pdfminer``: pdfminer.six's ``extract_text`` with default settings (the
  engine under many Python pipelines) on the same two PDFs: it prints text by layout boxes, a table's
  labels as one block and its numbers column by column (``EVAL_EXTRACTORS``: no training style uses it).

Nothing here is ever trained on: score it with held-out models (``leave_one_page_out.py``) or the
shipped model (whose training saw these pages' other flattenings, so its figure is flattered). Needs
LibreOffice (``soffice``) and pandoc (training/setup-tools.sh).

    PYTHONPATH=src .venv/bin/python training/make_proxy_set.py /tmp/proxy
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tablerecover.synth.tools import EVAL_EXTRACTORS, EXTRACTORS, extract, office_pdf, pandoc, pdfjs_available, pdfjs_text

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"
PANDOC_DOCX = ("plain", "markdown", "gfm")
PDFJS = ("pdf2md", "pdfparse")
FAMILIES = (tuple(f"word-pdf-{x}" for x in EXTRACTORS) + tuple(f"pandoc-docx-{f}" for f in PANDOC_DOCX)
            + ("pandoc-html-plain",)
            + tuple(f"{src}-{tool}" for tool in PDFJS + EVAL_EXTRACTORS for src in ("word", "print")))


def flatten(docx: Path, family: str, tmp: Path) -> str:
    """One proxy flattening of a realdev page (``docx`` is its Word file; the HTML sits beside it)."""
    if family.startswith("pandoc-docx-"):
        return pandoc(docx, family.removeprefix("pandoc-docx-"))
    if family.startswith("pandoc-html-"):
        return pandoc(docx.with_suffix(".html"), family.removeprefix("pandoc-html-"))
    src, _, tool = family.partition("-")
    if src == "print":
        pdf = docx.with_suffix(".print.pdf")
    elif not (pdf := tmp / (docx.stem + ".pdf")).exists():
        office_pdf(docx, tmp)
    return pdfjs_text(pdf, tool) if tool in PDFJS else extract(pdf, tool.removeprefix("pdf-"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="directory for <page>__<family>.txt and .gold.json")
    ap.add_argument("--realdev", type=Path, default=REALDEV)
    ap.add_argument("--families", nargs="+", choices=FAMILIES, default=FAMILIES, help="only these families")
    args = ap.parse_args()
    missing = [t for t in ("soffice", "pandoc") if shutil.which(t) is None]
    if missing:
        raise SystemExit(f"missing system tools: {', '.join(missing)} (run training/setup-tools.sh)")
    args.out.mkdir(parents=True, exist_ok=True)
    for page in sorted(args.realdev.glob("*.docx")):
        with tempfile.TemporaryDirectory() as tmp:
            for family in args.families:
                if (tool := family.partition("-")[2]) in PDFJS and not pdfjs_available(tool):
                    continue
                text = flatten(page, family, Path(tmp))
                stem = f"{page.stem}__{family}"
                (args.out / f"{stem}.txt").write_text(text, encoding="utf-8")
                shutil.copy(page.with_suffix(".gold.json"), args.out / f"{stem}.gold.json")
        print(page.stem)


if __name__ == "__main__":
    main()
