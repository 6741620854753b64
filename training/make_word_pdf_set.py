"""A fresh draw of generated reports as published PDFs: each report (``generate_doc(i, SEED, "pipe")``)
laid out as a Word-exported page in the official layout (``synth.office.word_page``; table 四's column
names whole, in two paragraphs or a character a paragraph, drawn per report), turned into a
.docx by pandoc, printed by LibreOffice and read by every PDF tool of the corpus (``EXTRACTORS``), or
by the ones named (``--extractors``; pdfminer, which no training style uses, only so):
cases ``wpNNN__word-pdf-TOOL.txt`` with their gold. An evaluation set only (docs/evaluation.md, fifth
round); nothing trains on it. Needs pandoc, LibreOffice and pdftotext (``PROXY=1 training/setup-tools.sh``).

    PYTHONPATH=src .venv/bin/python training/make_word_pdf_set.py --seed 556 --docs 40 --out /tmp/wp556   # ~2 min
    PYTHONPATH=src .venv/bin/python training/make_word_pdf_set.py --seed 555 --docs 20 --extractors pdfminer --out /tmp/wpm555
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from tablerecover.synth import generate_doc
from tablerecover.synth.office import (
    REVIEW_HEADERS,
    word_page,
    word_page_text,
    word_pdf,
)
from tablerecover.synth.tools import EVAL_EXTRACTORS, EXTRACTORS, extract


def make(seed: int, docs: int, out: Path, extractors: tuple[str, ...] = EXTRACTORS,
         review_headers: tuple[str, ...] = REVIEW_HEADERS) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        doc = generate_doc(i, seed=seed, style="pipe")
        if doc.gold.get("template") is None:
            continue  # a page without the tables: nothing to print
        header = review_headers[random.Random(f"{seed}:{i}").randrange(len(review_headers))]
        with tempfile.TemporaryDirectory() as tmp:
            pdf = word_pdf(word_page(word_page_text(doc), doc.gold, header), Path(tmp))
            for x in extractors:
                name = f"wp{i:03d}__word-pdf-{x}"
                (out / f"{name}.txt").write_text(extract(pdf, x), encoding="utf-8")
                gold = dict(doc.gold, source=f"{name}.txt")
                (out / f"{name}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        print(f"wp{i:03d}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=556)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--extractors", nargs="+", choices=EXTRACTORS + EVAL_EXTRACTORS, default=EXTRACTORS)
    ap.add_argument("--review-headers", nargs="+", choices=REVIEW_HEADERS, default=REVIEW_HEADERS,
                    help="how table 四 sets its column names, one drawn per report (draws before the "
                         "thirty-third round: whole only)")
    args = ap.parse_args()
    make(args.seed, args.docs, args.out, tuple(args.extractors), tuple(args.review_headers))


if __name__ == "__main__":
    main()
