"""Honest scores on real pages: the classifier never trains on the page (or the family) it is scored on.

Modes (each fit uses training/default.toml's tagger; ``--max-iter`` overrides the solver's iterations):
- ``lopo`` (leave-one-page-out): for each of the realdev pages, train on the seeds, the synthetic corpus
  and the real samples (corpora/real) of the OTHER pages, and score every case of the left-out page;
- ``synthetic``: one fit on the seeds and the synthetic corpus only (no real sample), scored on every case;
- ``lofo`` (leave-one-family-out): for each flattening family F, train without F — neither its real
  samples nor the synthetic styles that imitate it (FAMILY_STYLES) — and score the cases of F. With
  ``--lopo`` too, each family fit also leaves the scored page out (one fit per family and page).

Scores per family: cell accuracy and exact documents (``score_doc`` on the full recovery, as
score.py), and fragment accuracy against the real annotations. Results go to ``--out`` (JSON) and a
markdown table on stdout.

    PYTHONPATH=src .venv/bin/python training/leave_one_page_out.py lopo --jobs 2        # ~6 min
    PYTHONPATH=src .venv/bin/python training/leave_one_page_out.py synthetic
    PYTHONPATH=src .venv/bin/python training/leave_one_page_out.py lofo --jobs 2
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from tablerecover.corpus import AnnotatedDoc, read_corpus
from tablerecover.model import SequenceTagger
from tablerecover.pipeline import analyse_text
from tablerecover.train import score_doc  # via train.py, which follows the scorer when evaluate.py moves
from tablerecover.train import TrainConfig, synthetic_samples

ROOT = Path(__file__).resolve().parents[1]

# The synthetic styles that imitate each real family (left out with it in ``lofo``).
FAMILY_STYLES = {
    "bs4": ("bs4",), "html2text": ("html2text",), "inscriptis": ("inscriptis",), "lxml": ("lxml",),
    "trafilatura": ("trafilatura",), "w3m": ("box", "w3m"), "lynx": ("box", "lynx"),
    "crawler": ("glued", "crawler"),
    "print-pdftotext": ("pdf-pdftotext",), "print-pdftotext-layout": ("pdf-pdftotext-layout",),
    "print-pdfplumber": ("pdf-pdfplumber",), "print-pypdf": ("pdf-pypdf",), "print-pymupdf": ("pdf-pymupdf",),
}

_DATA: dict = {}


def page_of(doc: AnnotatedDoc) -> str:
    return doc.name.split("__")[0]


def family_of(doc: AnnotatedDoc) -> str:
    return doc.name.split("__")[1] if "__" in doc.name else doc.style


def load_data(args) -> dict:
    config = TrainConfig.load(args.config)
    synth = synthetic_samples(config.synthetic_docs, config.synthetic_seed, config.styles)
    synth += read_corpus([args.synth_tools]) if args.synth_tools.exists() else []
    for d in synth:  # recipe samples are named STYLE__N
        d.style = d.name.split("__")[0] if "__" in d.name else d.style
    return {"tagger": replace(config.tagger, max_iter=args.max_iter or config.tagger.max_iter),
            "config": config, "seeds": read_corpus([args.seeds]), "synth": synth,
            "real": read_corpus([args.real])}


def training_docs(data: dict, page: str | None, family: str | None, use_real: bool) -> list[AnnotatedDoc]:
    """Seeds, synthetic documents of every style but those imitating `family`, and (if `use_real`) the
    real samples of neither `page` nor `family`."""
    left_styles = set(FAMILY_STYLES.get(family, ())) if family else set()
    docs = data["seeds"] + [s for s in data["synth"] if s.style not in left_styles]
    if use_real:
        docs += [r for r in data["real"] if page_of(r) != page and family_of(r) != family]
    return docs


def run_fold(fold: tuple[str | None, str | None, bool]) -> list[dict]:
    """Fit without page `page` / family `family` (and without real data if not `use_real`); score."""
    page, family, use_real = fold
    d = _DATA
    train = training_docs(d, page, family, use_real)
    config = d["config"]
    tagger = SequenceTagger(d["tagger"], context=config.context, decode=config.decode)
    tagger.fit([x.fragments for x in train], [x.labels for x in train])
    if d.get("save_models") and use_real:  # lopo folds: the held-out models calibration is fitted with
        name = page if not family else f"without-{family}" + (f"--{page}" if page else "")
        tagger.save(d["save_models"] / name, {"left_out_page": page, "left_out_family": family, "docs": len(train)})
    return score_fold(tagger, d["real"], page, family)


def score_fold(tagger, real: list[AnnotatedDoc], page: str | None, family: str | None) -> list[dict]:
    """The real samples of the left-out page and/or family, read with ``tagger`` by today's decoder."""
    out = []
    for r in real:
        if (page and page_of(r) != page) or (family and family_of(r) != family):
            continue
        a = analyse_text(r.text, r.name, tagger)
        s = score_doc(r.name, a.report.to_dict(), r.gold)
        right = sum(f.label == g for f, g in zip(a.fragments, r.labels) if g is not None)
        total = sum(g is not None for g in r.labels)
        out.append({"case": r.name, "page": page_of(r), "family": family_of(r), "cells": s.cells,
                    "right": s.right, "exact": bool(s.exact), "frag_right": right, "frags": total})
    return out


def table(rows: list[dict]) -> tuple[str, dict]:
    by = defaultdict(list)
    for r in rows:
        by[r["family"]].append(r)
    lines = ["| family | cases | cell acc | exact | fragment acc |", "|---|---:|---:|---:|---:|"]
    summary = {}
    for fam in sorted(by) + ["all", "all but crawler"]:
        rs = rows if fam == "all" else [r for r in rows if r["family"] != "crawler"] if fam == "all but crawler" else by[fam]
        cell = sum(r["right"] for r in rs) / max(sum(r["cells"] for r in rs), 1)
        frag = sum(r["frag_right"] for r in rs) / max(sum(r["frags"] for r in rs), 1)
        exact = sum(r["exact"] for r in rs)
        summary[fam] = {"cases": len(rs), "cell_accuracy": round(cell, 4), "exact": exact, "fragment_accuracy": round(frag, 4)}
        name = f"**{fam}**" if fam.startswith("all") else fam
        lines.append(f"| {name} | {len(rs)} | {cell:.4f} | {exact}/{len(rs)} | {frag:.4f} |")
    return "\n".join(lines), summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=("lopo", "synthetic", "lofo", "rescore"),
                    help="rescore: read the held-out cases again with the models --save-models kept (no fit)")
    ap.add_argument("--lopo", action="store_true", help="lofo: also leave the scored page out (one fit per family and page)")
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "default.toml")
    ap.add_argument("--seeds", type=Path, default=ROOT / "corpora" / "seeds")
    ap.add_argument("--real", type=Path, default=ROOT / "corpora" / "real")
    ap.add_argument("--synth-tools", type=Path, default=ROOT / "corpora" / "synth-tools")
    ap.add_argument("--max-iter", type=int, default=0, help="solver iterations (default: the config's)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="write the per-case results here (JSON)")
    ap.add_argument("--save-models", type=Path, default=None,
                    help="keep each fold's model as DIR/<left-out page> (lopo; for training/fit_calibration.py "
                         "--models) or DIR/without-<family>[--<page>] (lofo); rescore reads them from DIR")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.mode == "rescore":
        rescore(args)
        return
    _DATA.update(load_data(args))
    _DATA["save_models"] = args.save_models
    pages = sorted({page_of(r) for r in _DATA["real"]})
    families = sorted({family_of(r) for r in _DATA["real"]})
    if args.mode == "lopo":
        folds = [(p, None, True) for p in pages]
    elif args.mode == "synthetic":
        folds = [(None, None, False)]
    else:
        folds = [(p, f, True) for f in families for p in pages] if args.lopo else [(None, f, True) for f in families]
    with ProcessPoolExecutor(args.jobs) as pool:  # forked workers share _DATA
        rows = [r for part in pool.map(run_fold, folds) for r in part]
    text, summary = table(rows)
    minutes = (time.perf_counter() - t0) / 60
    print(f"mode {args.mode}{' + lopo' if args.lopo else ''}: {len(folds)} fits, {len(rows)} cases, {minutes:.1f} min")
    print(text)
    if args.out:
        args.out.write_text(json.dumps({"mode": args.mode, "lopo": args.lopo, "max_iter": _DATA["tagger"].max_iter,
                                        "summary": summary, "cases": rows}, ensure_ascii=False, indent=1) + "\n")


def rescore(args) -> None:
    """Today's decoder on every held-out case, with the fold models kept by an earlier run."""
    from tablerecover.model import load_model

    real = read_corpus([args.real])
    rows = []
    for model_dir in sorted(p for p in args.save_models.iterdir() if (p / "meta.json").exists()):
        meta = json.loads((model_dir / "meta.json").read_text())
        rows += score_fold(load_model(model_dir), real, meta.get("left_out_page"), meta.get("left_out_family"))
    print(table(rows)[0])
    if args.out:
        args.out.write_text(json.dumps({"mode": "rescore", "models": str(args.save_models), "summary": table(rows)[1],
                                        "cases": rows}, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
