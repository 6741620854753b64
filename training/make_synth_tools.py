"""Recipe for corpora/synth-tools/: synthetic report pages through the real browsers and PDF tools.

For document i (generator seed ``--seed``): the report's marked HTML page goes through
- ``w3m -dump`` and ``lynx -dump`` (samples ``w3m__NNN``, ``lynx__NNN``);
- headless Chromium's print to PDF — even i with ruled tables, odd i without rules — then pdftotext
  (default and ``-layout``), pdfplumber, pypdf and PyMuPDF (samples ``pdf-EXTRACTOR__NNN``).
Labels come back from the marks (``synth.tools.segments_from_columns``); each sample is written
with its gold in the annotated-sample format. The output is deterministic given the tool versions
(recorded in corpora/synth-tools/tools.tsv). Needs the system tools of training/setup-tools.sh.

    PYTHONPATH=src .venv/bin/python training/make_synth_tools.py --docs 12     # ~3 min (Chromium)
"""
from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

from tablerecover.corpus import from_synthetic, write_sample
from tablerecover.synth import SyntheticDoc, generate_doc, render_html
from tablerecover.synth.tools import BROWSERS, EXTRACTORS, browse, extract, missing_tools, print_pdf, \
    segments_from_columns, unruled

ROOT = Path(__file__).resolve().parents[1]


def _tool_versions() -> list[str]:
    def first_line(cmd: list[str]) -> str:
        out = subprocess.run(cmd, capture_output=True, text=True)
        return (out.stdout or out.stderr).strip().splitlines()[0]

    return [f"w3m\t{first_line(['w3m', '-version'])}", f"lynx\t{first_line(['lynx', '-version'])}",
            f"chromium\t{first_line(['chromium', '--version'])}", f"pdftotext\t{first_line(['pdftotext', '-v'])}",
            f"pdfplumber\t{version('pdfplumber')}", f"pypdf\t{version('pypdf')}", f"pymupdf\t{version('pymupdf')}"]


def flatten(i: int, seed: int, styles: tuple[str, ...] = BROWSERS + tuple(f"pdf-{x}" for x in EXTRACTORS)
            ) -> tuple[SyntheticDoc, dict[str, str]]:
    """Document i of the seed and its page through the tools of ``styles`` (marked text)."""
    base = generate_doc(i, seed, "pipe")  # the report as data; the tools flatten its page
    layout = random.Random(f"{seed}:{i}:layout").choice(("minified", "pretty", "word"))
    page = render_html(base.blocks, base.gold["meta"]["agency"] or "", layout, marked=True)
    texts = {b: browse(page, b) for b in BROWSERS if b in styles}
    pdfs = [x for x in EXTRACTORS if f"pdf-{x}" in styles]
    if pdfs:
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "page.pdf"
            print_pdf(page if i % 2 == 0 else unruled(page), pdf)
            texts.update({f"pdf-{x}": extract(pdf, x) for x in pdfs})
    return base, texts


def make(docs: int, seed: int, out: Path) -> None:
    missing = sorted({t for s in ("w3m", "lynx", "pdf-pdftotext") for t in missing_tools(s)})
    if missing:
        raise SystemExit(f"missing system tools: {', '.join(missing)} (run training/setup-tools.sh)")
    out.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        base, texts = flatten(i, seed)
        for style, text in texts.items():
            name = f"{style}__{i:03d}"
            gold = dict(base.gold, source=f"{name}.txt")
            doc = SyntheticDoc(name, style, base.template, segments_from_columns(text), gold)
            sample = from_synthetic(doc)
            write_sample(sample, out)
            unlabelled = sum(lab is None for lab in sample.labels)
            print(f"{name}: {len(sample.labels)} fragments, {unlabelled} unlabelled")
    (out / "tools.tsv").write_text("tool\tversion\n" + "\n".join(_tool_versions()) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "synth-tools")
    args = ap.parse_args()
    make(args.docs, args.seed, args.out)


if __name__ == "__main__":
    main()
