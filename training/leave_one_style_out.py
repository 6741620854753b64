"""Leave-one-style-out: how well the classifier reads a flattening style it never saw in training.

For every style S of the synthetic generator, a model is trained on the seeds plus synthetic scrapes
of all the other styles and scored on held-out scrapes of style S (another seed); a model trained on
all styles is scored on the same documents, so the table shows the cost of never having seen S.

    .venv/bin/python training/leave_one_style_out.py            # ~15 min on 2 cores
    .venv/bin/python training/leave_one_style_out.py --docs-per-style 10 --test-docs-per-style 6
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from dataclasses import replace
from pathlib import Path

from tablerecover.corpus import read_corpus
from tablerecover.model import SequenceTagger
from tablerecover.synth import STYLES
from tablerecover.train import TrainConfig, heldout_scores, synthetic_samples

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs-per-style", type=int, default=20)
    ap.add_argument("--test-docs-per-style", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "default.toml")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "leave-one-style-out.md")
    ap.add_argument("--no-seeds", action="store_true", help="train on synthetic scrapes only")
    args = ap.parse_args()

    config = TrainConfig.load(args.config)
    tagger_config = replace(config.tagger, max_iter=args.max_iter)
    seeds = [] if args.no_seeds else read_corpus([ROOT / "corpora" / "seeds"])
    n_train = args.docs_per_style * len(STYLES)
    train_docs = {s: synthetic_samples(args.docs_per_style, args.seed, (s,)) for s in STYLES}
    test_docs = {s: synthetic_samples(args.test_docs_per_style, args.seed + 50_000, (s,)) for s in STYLES}

    def fit(styles: list[str]) -> SequenceTagger:
        docs = seeds + [d for s in styles for d in train_docs[s]]
        return SequenceTagger(tagger_config, context=config.context, decode=config.decode).fit(
            [d.fragments for d in docs], [d.labels for d in docs])

    t0 = time.perf_counter()
    print(f"all styles: training on {len(seeds)} seeds + {n_train} synthetic scrapes", flush=True)
    everything = fit(list(STYLES))
    rows = []
    for style in STYLES:
        t = time.perf_counter()
        left_out = fit([s for s in STYLES if s != style])
        held = heldout_scores(left_out, test_docs[style])
        ref = heldout_scores(everything, test_docs[style])
        rows.append({"style": style, "train_docs": len(seeds) + n_train - args.docs_per_style,
                     "test_docs": len(test_docs[style]), "fragment_accuracy": held["fragment_accuracy"],
                     "cell_accuracy": held["cell_accuracy"], "doc_exact": held["doc_exact"],
                     "all_styles_fragment_accuracy": ref["fragment_accuracy"],
                     "all_styles_cell_accuracy": ref["cell_accuracy"]})
        print(f"{style:12s} held-out-style cell acc {held['cell_accuracy']:.4f} "
              f"(all styles {ref['cell_accuracy']:.4f}) in {time.perf_counter() - t:.0f} s", flush=True)
    seconds = time.perf_counter() - t0

    lines = [
        "# Leave-one-style-out evaluation",
        "",
        "Each row: a model trained on the seeds plus synthetic scrapes of every *other* flattening style,",
        "scored on held-out scrapes of the style left out (generator seed "
        f"{args.seed + 50_000}); beside it, a model trained on all styles scored on the same documents.",
        "",
        f"Command: `.venv/bin/python training/leave_one_style_out.py --docs-per-style {args.docs_per_style} "
        f"--test-docs-per-style {args.test_docs_per_style} --seed {args.seed} --max-iter {args.max_iter}`"
        f"{' --no-seeds' if args.no_seeds else ''}; {seconds / 60:.1f} min on {platform.machine()} with 2 cores.",
        "",
        "| style left out | train docs | test docs | fragment acc (style unseen) | cell acc (style unseen) "
        "| doc exact (style unseen) | fragment acc (all styles) | cell acc (all styles) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['style']} | {r['train_docs']} | {r['test_docs']} | {r['fragment_accuracy']:.4f} | "
                     f"{r['cell_accuracy']:.4f} | {r['doc_exact']:.3f} | {r['all_styles_fragment_accuracy']:.4f} | "
                     f"{r['all_styles_cell_accuracy']:.4f} |")
    mean = sum(r["cell_accuracy"] for r in rows) / len(rows)
    lines += ["", f"Mean cell accuracy with the style unseen: {mean:.4f}.", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                                          "seconds": round(seconds, 1), "rows": rows}, indent=1) + "\n")
    print(f"written {args.out} ({seconds / 60:.1f} min)")


if __name__ == "__main__":
    main()
