"""A fresh draw of generated report pages through the HTML tools people use: each report
(``generate_doc(i, SEED, "pipe")``), laid out as ``make_synth_tools`` lays it out, flattened by
inscriptis, bs4 ``get_text("\\n")``, html2text, lxml ``text_content()`` and trafilatura with their default
settings (``make_variant_set.flatten``): cases ``TOOL__NNN.txt`` with their gold. The tool draws print
pages through w3m and lynx only; this set covers the other HTML families. An evaluation set only
(docs/evaluation.md, twenty-eighth round); nothing trains on it.

    PYTHONPATH=src .venv/bin/python training/make_html_tools_set.py --seed 863 --docs 40 --out /tmp/hf863   # ~1 min
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
from functools import lru_cache
from pathlib import Path

from tablerecover.synth import generate_doc, render_html

TOOLS = ("inscriptis", "bs4", "html2text", "lxml", "trafilatura")
VARIANT_SCRIPT = Path(__file__).resolve().parent / "make_variant_set.py"


@lru_cache(maxsize=1)
def _flatten():
    """``make_variant_set.flatten``, loaded once."""
    spec = importlib.util.spec_from_file_location("make_variant_set", VARIANT_SCRIPT)
    variants = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(variants)
    return variants.flatten


def page(index: int, seed: int) -> tuple[str, dict]:
    """Report ``index`` of ``seed``'s page and its gold."""
    base = generate_doc(index, seed, "pipe")
    layout = random.Random(f"{seed}:{index}:layout").choice(("minified", "pretty", "word"))
    return render_html(base.blocks, base.gold["meta"]["agency"] or "", layout), base.gold


def page_text(index: int, seed: int, tool: str) -> tuple[str, dict]:
    """Report ``index`` of ``seed``'s page as ``tool`` prints it, and its gold."""
    html, gold = page(index, seed)
    return _flatten()(html, tool), gold


def make(seed: int, docs: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        html, gold = page(i, seed)  # generated once, flattened by every tool
        for tool in TOOLS:
            name = f"{tool}__{i:03d}"
            (out / f"{name}.txt").write_text(_flatten()(html, tool), encoding="utf-8")
            (out / f"{name}.gold.json").write_text(json.dumps(dict(gold, source=f"{name}.txt"), ensure_ascii=False),
                                                   encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=863)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    make(args.seed, args.docs, args.out)


if __name__ == "__main__":
    main()
