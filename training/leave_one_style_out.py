"""Leave-one-style-out: how well the classifier reads a flattening style it never saw in training.

For every style S of the synthetic generator (``tablerecover.synth.STYLES``, read at run time), a
SequenceTagger is trained on the annotated seeds plus synthetic scrapes of all the OTHER styles and
scored on held-out scrapes of style S (generated with another seed): fragment accuracy, cell
accuracy and exact documents, through the normal recovery (``analyse_text`` + ``score_doc`` /
``summarise``, as ``train.heldout_scores`` does). A model trained on every style is scored on the
same documents, so the table shows the generalisation gap.

The tagger config is training/default.toml's, except ``max_iter`` (``--max-iter``). The fits run in
``--jobs`` worker processes (one fit is single-threaded); results do not depend on the number of jobs.

    .venv/bin/python training/leave_one_style_out.py            # about 8 min on 2 cores
    .venv/bin/python training/leave_one_style_out.py --docs-per-style 6 --test-docs-per-style 4
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

from tablerecover import __version__
from tablerecover.corpus import AnnotatedDoc, read_corpus
from tablerecover.model import SequenceTagger
from tablerecover.synth import STYLES
from tablerecover.train import TrainConfig, heldout_scores, synthetic_samples

ROOT = Path(__file__).resolve().parents[1]
TEST_SEED_OFFSET = 50_000  # train.py's held-out scrapes use +10_000; these are disjoint from both

# Filled in by the parent before the workers fork (and rebuilt by _init under another start method).
_DATA: dict = {}


def _by_style(docs: list[AnnotatedDoc], styles: tuple[str, ...]) -> dict[str, list[AnnotatedDoc]]:
    out: dict[str, list[AnnotatedDoc]] = {s: [] for s in styles}
    for d in docs:
        out[d.style].append(d)
    return out


def build_data(args, styles: tuple[str, ...]) -> dict:
    """Seeds, and the training and test scrapes of each style (generated as `train` does: cycling styles)."""
    config = TrainConfig.load(args.config)
    seeds = [] if args.no_seeds else read_corpus([args.seeds])
    train = synthetic_samples(args.docs_per_style * len(styles), args.seed, styles)
    test = synthetic_samples(args.test_docs_per_style * len(styles), args.seed + TEST_SEED_OFFSET, styles)
    return {"config": config, "tagger": replace(config.tagger, max_iter=args.max_iter), "seeds": seeds,
            "styles": styles, "train": _by_style(train, styles), "test": _by_style(test, styles)}


def _init(args, styles) -> None:
    if not _DATA:
        _DATA.update(build_data(args, styles))


def run_task(left_out: str | None) -> tuple[str | None, int, float, dict]:
    """Fit without `left_out` (None: on every style) and score on the test scrapes it concerns."""
    t0 = time.perf_counter()
    d = _DATA
    docs = d["seeds"] + [doc for s in d["styles"] if s != left_out for doc in d["train"][s]]
    cfg = d["config"]
    tagger = SequenceTagger(d["tagger"], context=cfg.context, decode=cfg.decode).fit(
        [x.fragments for x in docs], [x.labels for x in docs])
    styles = d["styles"] if left_out is None else (left_out,)
    scores = {s: heldout_scores(tagger, d["test"][s]) for s in styles}
    return left_out, len(docs), time.perf_counter() - t0, scores


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def markdown(result: dict) -> str:
    rows = result["rows"]
    a = result["args"]
    lines = [
        "# Leave-one-style-out evaluation",
        "",
        "How well the fragment classifier reads a flattening style it never saw in training. For each",
        "style, a model is trained on the annotated seeds plus synthetic scrapes of every *other* style,",
        f"and scored on held-out synthetic scrapes of the left-out style (generator seed {a['seed'] + TEST_SEED_OFFSET};",
        f"training scrapes use seed {a['seed']}). The *all-styles* model is trained on the seeds plus the",
        "scrapes of every style (including the left-out one) and scored on the same test documents, so",
        "`gap` = cell accuracy (all styles) − cell accuracy (style unseen) is the cost of never having seen",
        "the style. Cell accuracy and exact documents are the scorer's (`evaluation.compare.score_doc`/`summarise`) on",
        "the full recovery (`pipeline.analyse_text`); fragment accuracy is over fragments whose label is known",
        "by construction. The tagger config is `training/default.toml`'s except `max_iter`.",
        "",
        f"Command: `{result['command']}`",
        f"(docs per style {a['docs_per_style']}, test docs per style {a['test_docs_per_style']}, seed {a['seed']}, "
        f"max_iter {a['max_iter']}, seeds {'not used' if a['no_seeds'] else 'used'}, jobs {a['jobs']}).",
        "",
        f"Machine: {result['machine']}. Run time {result['seconds'] / 60:.1f} min; tablerecover {result['tablerecover']}.",
        "",
        "| style left out | train docs | test docs | fragment acc (style unseen) | cell acc (style unseen) "
        "| cell acc (all-styles model) | gap | doc exact (style unseen) | doc exact (all-styles model) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['style']} | {r['train_docs']} | {r['test_docs']} | {r['fragment_accuracy']:.4f} "
                     f"| {r['cell_accuracy']:.4f} | {r['all_styles_cell_accuracy']:.4f} | {r['gap']:+.4f} "
                     f"| {r['doc_exact']:.3f} | {r['all_styles_doc_exact']:.3f} |")
    m = result["mean"]
    lines.append(f"| **mean** | | {sum(r['test_docs'] for r in rows)} | {m['fragment_accuracy']:.4f} "
                 f"| {m['cell_accuracy']:.4f} | {m['all_styles_cell_accuracy']:.4f} | {m['gap']:+.4f} "
                 f"| {m['doc_exact']:.3f} | {m['all_styles_doc_exact']:.3f} |")
    lines += ["", f"All-styles model: {result['all_styles']['train_docs']} training documents. "
              "Means are unweighted over styles. The same numbers are in "
              f"`{Path(result['out']).with_suffix('.json').name}`.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs-per-style", type=int, default=20, help="training scrapes per style (default 20)")
    ap.add_argument("--test-docs-per-style", type=int, default=15, help="held-out scrapes per style (default 15)")
    ap.add_argument("--seed", type=int, default=0, help=f"generator seed of the training scrapes; tests use seed + {TEST_SEED_OFFSET}")
    ap.add_argument("--max-iter", type=int, default=150, help="LogisticRegression max_iter (default 150; default.toml has 300)")
    ap.add_argument("--config", type=Path, default=ROOT / "training" / "default.toml", help="training config (TOML) for the tagger")
    ap.add_argument("--seeds", type=Path, default=ROOT / "corpora" / "seeds", help="annotated samples added to every training set")
    ap.add_argument("--no-seeds", action="store_true", help="train on synthetic scrapes only")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes (default: 2, or fewer cores)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "leave-one-style-out.md", help="Markdown table; the JSON goes beside it")
    args = ap.parse_args(argv)
    if args.docs_per_style < 1 or args.test_docs_per_style < 1:
        ap.error("--docs-per-style and --test-docs-per-style must be >= 1")

    t0 = time.perf_counter()
    styles = tuple(STYLES)
    print(f"{len(styles)} styles: {', '.join(styles)}", flush=True)
    print(f"generating {args.docs_per_style} training and {args.test_docs_per_style} test scrapes per style", flush=True)
    _DATA.update(build_data(args, styles))
    print(f"{len(_DATA['seeds'])} seeds; data ready in {time.perf_counter() - t0:.0f} s; "
          f"{len(styles) + 1} fits in {args.jobs} process(es)", flush=True)

    tasks: list[str | None] = [None, *styles]  # the all-styles fit is the largest: start it first
    results: dict[str | None, tuple[int, dict]] = {}

    def record(res) -> None:
        left_out, n_docs, secs, scores = res
        results[left_out] = (n_docs, scores)
        what = "all styles" if left_out is None else f"without {left_out}"
        summary = " ".join(f"{s}={v['cell_accuracy']:.3f}" for s, v in scores.items())
        print(f"[{len(results)}/{len(tasks)}] {what}: {n_docs} docs, {secs:.0f} s; cell acc {summary}", flush=True)

    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs, initializer=_init, initargs=(args, styles)) as pool:
            for fut in as_completed([pool.submit(run_task, t) for t in tasks]):
                record(fut.result())
    else:
        for t in tasks:
            record(run_task(t))
    seconds = time.perf_counter() - t0

    all_docs, all_scores = results[None]
    rows = []
    for s in styles:
        n_docs, sc = results[s]
        held, ref = sc[s], all_scores[s]
        rows.append({"style": s, "train_docs": n_docs, "test_docs": held["docs"],
                     "fragment_accuracy": held["fragment_accuracy"], "cell_accuracy": held["cell_accuracy"],
                     "doc_exact": held["doc_exact"],
                     "all_styles_fragment_accuracy": ref["fragment_accuracy"],
                     "all_styles_cell_accuracy": ref["cell_accuracy"], "all_styles_doc_exact": ref["doc_exact"],
                     "gap": round(ref["cell_accuracy"] - held["cell_accuracy"], 4)})
    keys = ("fragment_accuracy", "cell_accuracy", "doc_exact", "all_styles_fragment_accuracy",
            "all_styles_cell_accuracy", "all_styles_doc_exact", "gap")
    mean = {k: round(sum(r[k] for r in rows) / len(rows), 4) for k in keys}
    command = " ".join([".venv/bin/python", "training/leave_one_style_out.py", *map(shlex.quote, sys.argv[1:] if argv is None else argv)])
    result = {"command": command, "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
              "styles": list(styles), "test_seed": args.seed + TEST_SEED_OFFSET, "tagger": _DATA["tagger"].to_dict(),
              "seeds": len(_DATA["seeds"]), "machine": machine(), "tablerecover": __version__,
              "seconds": round(seconds, 1), "out": str(args.out),
              "all_styles": {"train_docs": all_docs, "scores": all_scores}, "rows": rows, "mean": mean}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(result), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(markdown(result))
    print(f"written {args.out} and {args.out.with_suffix('.json')} in {seconds / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
