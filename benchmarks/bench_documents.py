"""What a PDF or Word report costs: reading alone, and the whole recovery, per document and per page.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_documents.py ../shared/realdev/*.print.pdf ../shared/realdev/*.docx tests/fixtures/documents/*.pdf

Prints a Markdown table (the numbers in docs/performance.md): pages, reading time (PDFium, or
pdfplumber for comparison with ``--pdfplumber``), recovery time with the shipped model (both PDF
readings recovered), median of 3 runs after one warm-up.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tablerecover.io import read_bytes
from tablerecover.model import load_model
from tablerecover.pipeline import analyse_input


def _median_time(fn, runs: int = 3) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _pdfplumber_chars(data: bytes) -> None:
    import io
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.chars, page.edges  # noqa: B018  (what the ruled reading needs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--pdfplumber", action="store_true", help="also time pdfplumber extracting the same characters and rulings")
    args = ap.parse_args()
    model = load_model()
    print("| document | pages | read (s) | per page (ms) | recover (s) | per page (ms) |" + (" pdfplumber read (s) |" if args.pdfplumber else ""))
    print("|---|---:|---:|---:|---:|---:|" + ("---:|" if args.pdfplumber else ""))
    for path in args.files:
        data = path.read_bytes()
        pages = 0
        if data.startswith(b"%PDF"):
            import pypdfium2 as pdfium

            try:
                pages = len(pdfium.PdfDocument(data))
            except pdfium.PdfiumError:
                pass  # encrypted or damaged: timed all the same (the problem is the report)
        read = _median_time(lambda: read_bytes(data, str(path)))
        inp = read_bytes(data, str(path))
        whole = _median_time(lambda: analyse_input(read_bytes(data, str(path)), model))
        per = (lambda s: f"{1000 * s / pages:.0f}") if pages else (lambda s: "–")
        row = f"| {path.name} | {pages or '–'} | {read:.2f} | {per(read)} | {whole:.2f} | {per(whole)} |"
        if args.pdfplumber and pages:
            row += f" {_median_time(lambda: _pdfplumber_chars(data), runs=1):.2f} |"
        print(row + ("" if inp.text or inp.flat else " (no text)"))


if __name__ == "__main__":
    main()
