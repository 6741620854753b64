"""Synthetic pages through the real tools: terminal browsers, and Chromium's PDF through PDF text extractors.

The marked page (``render_html(..., marked=True)``) goes through the tool; the marks (visible
characters, kept by w3m, lynx, Chromium with fonts-noto-cjk and every extractor) give the labels back.
These tools draw tables in columns and wrap long labels inside their cell, so a piece continued on
the next line is found by column: a piece with no opening mark takes the label left open at the same
place of the line above (``segments_from_columns``).

Tools are system programs (setup: ``training/setup-tools.sh``); running them is slow (Chromium about
5 s a page), so ``training/make_synth_tools.py`` writes the samples once into corpora/synth-tools/.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import _CONTINUED, Segment, _width, read_marks

BROWSERS = ("w3m", "lynx")
EXTRACTORS = ("pdftotext", "pdftotext-layout", "pdfplumber", "pypdf", "pymupdf")
# Style names of the samples: a browser, or pdf-<extractor>.
TOOL_STYLES = BROWSERS + tuple(f"pdf-{x}" for x in EXTRACTORS)
# Extractors only evaluation sets run (training never sees them, so they measure generalisation).
EVAL_EXTRACTORS = ("pdfminer",)
CHROMIUM = ("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
_ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
_RULE_RE = re.compile(r"^[\s─━┌┐└┘├┤┬┴┼╋+=\-]+$")  # a drawn rule line: nothing continues across it


def missing_tools(style: str) -> list[str]:
    """The system programs a style needs that are not installed."""
    need = [style] if style in BROWSERS else ["chromium"] + (["pdftotext"] if style.startswith("pdf-pdftotext") else [])
    return [t for t in need if shutil.which(t) is None] + missing_extractor(style.removeprefix("pdf-"))


def missing_extractor(extractor: str) -> list[str]:
    """The Python library a PDF extractor needs, when it is not installed (the corpus extra has them)."""
    python = extractor in ("pdfplumber", "pypdf", "pymupdf", "pdfminer")  # each named as its module
    return [extractor] if python and importlib.util.find_spec(extractor) is None else []


def browse(page: str, browser: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        cmd = ["w3m", "-dump", "-T", "text/html", str(path)] if browser == "w3m" else \
            ["lynx", "-dump", "-nolist", "-display_charset=utf-8", str(path)]
        return subprocess.run(cmd, capture_output=True, text=True, env=_ENV, check=True, timeout=60).stdout


def print_pdf(page: str, out: Path) -> None:
    """The page printed to PDF by headless Chromium (as realdev's print.pdf)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        subprocess.run([*CHROMIUM, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", path.as_uri()],
                       capture_output=True, env=_ENV, check=True, timeout=120)


def extract(pdf: Path, extractor: str) -> str:
    """Text of the PDF as each extractor gives it with default settings (realdev's calls)."""
    if extractor.startswith("pdftotext"):
        cmd = ["pdftotext"] + (["-layout"] if extractor.endswith("layout") else []) + [str(pdf), "-"]
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout
    if extractor == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return "\n".join(p.extract_text() or "" for p in doc.pages)
    if extractor == "pypdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    if extractor == "pdfminer":
        import logging

        from pdfminer.high_level import extract_text

        logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a warning per glyph of a font without FontBBox
        return extract_text(pdf)
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return "".join(p.get_text() for p in doc)


# Two node tools on pdf.js, installed by ``PROXY=1 training/setup-tools.sh`` into this directory
# (node_modules inside): the PDF-to-markdown converter @opendocsg/pdf2md 0.1.32 (on pdfjs-dist
# 3.11.174) and pdf-parse 1.1.1, the text extractor most node code uses.
PDF2MD_DIR = Path(os.environ.get("TABLERECOVER_PDF2MD", Path.home() / ".cache" / "tablerecover" / "pdf2md"))
_PDFJS_TOOLS = {
    "pdf2md": ("@opendocsg/pdf2md", "require('@opendocsg/pdf2md')(data)"),
    "pdfparse": ("pdf-parse", "require('pdf-parse/lib/pdf-parse.js')(Buffer.from(data)).then(d => d.text)"),
}
_PDFJS_JS = """
console.log = console.warn = () => {};  // pdf.js's warnings (no canvas) would land in the text
const data = new Uint8Array(require('fs').readFileSync(process.argv[1]));
Promise.resolve(%s).then(t => process.stdout.write(t), e => { console.error(e); process.exit(1); });
"""


def pdfjs_available(tool: str) -> bool:
    return shutil.which("node") is not None and (PDF2MD_DIR / "node_modules" / _PDFJS_TOOLS[tool][0]).is_dir()


def pdfjs_text(pdf: Path, tool: str) -> str:
    """The PDF through a pdf.js tool with default settings: ``pdf2md`` marks most lines as markdown
    headings ("## 规章 0 0 0") and joins lines that sit close ("（一）予以公开 0 … 0 （二）部分公开（区分");
    ``pdfparse`` joins a line's text items with no space ("行政规范性文件" / "101": a row's cells glued)."""
    env = {**_ENV, "NODE_PATH": str(PDF2MD_DIR / "node_modules")}
    return subprocess.run(["node", "-e", _PDFJS_JS % _PDFJS_TOOLS[tool][1], str(pdf)], capture_output=True,
                          text=True, env=env, check=True, timeout=120).stdout


def office_pdf(docx: Path, out_dir: Path) -> Path:
    """The Word file converted to PDF by LibreOffice (its own table layout: narrow label columns wrap
    a label over 3–5 lines, where Chromium's print keeps it on one or two)."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out_dir}/lo", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx)], capture_output=True, env=_ENV, check=True, timeout=300)
    return out_dir / (docx.stem + ".pdf")


def pandoc(src: Path, fmt: str) -> str:
    """``pandoc SRC -t FMT``: plain text draws grid and simple tables (complex ones become "[TABLE]"),
    markdown/gfm pipe tables with escapes."""
    return subprocess.run(["pandoc", str(src), "-t", fmt], capture_output=True, text=True, env=_ENV,
                          check=True, timeout=120).stdout


def unruled(page: str) -> str:
    """The same page with tables drawn without rules (many reports print them so)."""
    return page.replace("td{border:1px solid}", "td{border:none}").replace("border='1'", "border='0'")


def segments_from_columns(text: str) -> list[list[Segment]]:
    """Lines of segments from marked text laid out in columns; the marks are dropped.

    Each line is cut into chunks (between │ or | rules and runs of two or more spaces). A chunk that
    starts inside a piece (no mark before its text) continues the piece left open at the same display
    column on the line above — or, if none, the piece open at the end of the line above (running
    text wrapped). Continued header and label text is ``cont``, other labels keep theirs.
    """
    lines: list[list[Segment]] = []
    above: list[tuple[int, int, str | None]] = []  # (start, end, label open at the chunk's end) on the line above
    last: str | None = None
    for raw in text.split("\n"):
        if raw.strip() and _RULE_RE.match(raw):
            lines.append([Segment(raw, None)])
            above, last = [], None
            continue
        segs: list[Segment] = []
        here: list[tuple[int, int, str | None]] = []
        for m in re.finditer(r"[│|]|[^│|]+", raw):
            part = m.group()
            col = _width(raw[:m.start()])
            if part in "│|":
                segs.append(Segment(part, None))
                continue
            for sub in re.split(r"(\s{2,})", part):
                if not sub:
                    continue
                start = col
                col += _width(sub)
                if not sub.strip():
                    segs.append(Segment(sub, None))
                    continue
                over = [lab for s, e, lab in above if s < col and start < e]
                open_label = next((lab for lab in over if lab is not None), last)
                pieces, cur = read_marks(sub, "cont" if open_label in _CONTINUED else open_label)
                segs += pieces
                here.append((start, col, cur))
                last = cur
        above = here or above
        lines.append(segs)
    return lines
