"""Training a fragment classifier from annotated samples and generated synthetic scrapes.

Reproducible: the synthetic corpus is generated from a fixed seed, samples are read in sorted
order, the classifier's solver is seeded, and the resolved config and the training-data hash are
written into the model directory.
"""
from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpus import AnnotatedDoc, data_hash, from_synthetic, read_corpus
from .evaluation.compare import score_doc, summarise
from .features import FeatureConfig
from .model import SequenceTagger, TaggerConfig
from .pipeline import analyse_text


@dataclass(frozen=True)
class TrainConfig:
    synthetic_docs: int = 300         # generated scrapes added to the annotated samples
    synthetic_seed: int = 0
    styles: tuple[str, ...] = ()      # flattening styles to generate (empty: all)
    heldout_docs: int = 40            # generated with another seed, for the scores in meta.json
    context: bool = True              # False: no neighbour features (the context-free baseline)
    decode: bool = True               # False: no transition decoding
    tagger: TaggerConfig = field(default_factory=TaggerConfig)

    def __post_init__(self) -> None:
        if self.synthetic_docs < 0 or self.heldout_docs < 0:
            raise ValueError("synthetic_docs and heldout_docs must be >= 0")

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        d = dict(d)
        tagger = d.pop("tagger", {})
        feats = tagger.pop("features", {}) if isinstance(tagger, dict) else {}
        unknown = set(d) - {f for f in cls.__dataclass_fields__}
        if unknown:
            raise ValueError(f"unknown training settings: {', '.join(sorted(unknown))}")
        return cls(tagger=TaggerConfig(features=FeatureConfig(**feats), **tagger),
                   **{k: tuple(v) if k == "styles" else v for k, v in d.items()})

    @classmethod
    def load(cls, path: Path) -> "TrainConfig":
        return cls.from_dict(tomllib.loads(path.read_text(encoding="utf-8")))

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class TrainResult:
    model_dir: Path
    n_docs: int
    n_fragments: int
    seconds: float
    data_hash: str
    scores: dict


def synthetic_samples(n: int, seed: int, styles: tuple[str, ...] = ()) -> list[AnnotatedDoc]:
    if n == 0:
        return []
    from .synth import generate_docs

    return [from_synthetic(d) for d in generate_docs(n, seed=seed, styles=list(styles) or None)]


def corpus_summary(by_corpus: dict[str, list[AnnotatedDoc]], synthetic: list[AnnotatedDoc]) -> dict:
    """What the model learnt from: samples per corpus, the real pages and tools (samples named
    PAGE__TOOL), sample counts per style of recipe samples (STYLE__N), generated documents per style."""
    out: dict = {"annotated": {}, "synthetic_per_style": {}}
    for path, docs in by_corpus.items():
        entry: dict = {"samples": len(docs)}
        pairs = [d.name.split("__", 1) for d in docs if "__" in d.name]
        if pairs and "real" in Path(path).name:
            entry["pages"] = sorted({p for p, _ in pairs})
            entry["tools"] = sorted({t for _, t in pairs})
        elif pairs:
            entry["per_style"] = {s: sum(1 for p, _ in pairs if p == s) for s in sorted({p for p, _ in pairs})}
        out["annotated"][path] = entry
    for d in synthetic:
        out["synthetic_per_style"][d.style] = out["synthetic_per_style"].get(d.style, 0) + 1
    return out


def heldout_scores(tagger, docs: list[AnnotatedDoc]) -> dict:
    """Fragment accuracy and cell accuracy of recovery on held-out documents."""
    right = total = 0
    scores = []
    for d in docs:
        analysis = analyse_text(d.text, d.name, tagger)
        for f, g in zip(analysis.fragments, d.labels):
            if g is not None:
                right += f.label == g
                total += 1
        if d.gold is not None:
            scores.append(score_doc(d.name, analysis.report.to_dict(), d.gold))
    s = summarise(scores)
    return {"fragment_accuracy": round(right / max(total, 1), 4), "cell_accuracy": round(s.cell_accuracy, 4),
            "doc_exact": round(s.doc_exact, 4), "docs": len(docs)}


def train(config: TrainConfig, corpora: list[Path], out_dir: Path,
          progress: Callable[[str], None] = lambda msg: None) -> TrainResult:
    t0 = time.perf_counter()
    progress(f"reading annotated samples from {', '.join(map(str, corpora)) or '(none)'}")
    by_corpus = {str(p): read_corpus([p]) for p in corpora}
    docs = [d for ds in by_corpus.values() for d in ds]
    progress(f"{len(docs)} annotated samples; generating {config.synthetic_docs} synthetic scrapes (seed {config.synthetic_seed})")
    synthetic = synthetic_samples(config.synthetic_docs, config.synthetic_seed, config.styles)
    docs += synthetic
    if not docs:
        raise ValueError("no training data: give annotated samples or synthetic_docs > 0")
    n_frags = sum(len(d.fragments) for d in docs)
    progress(f"training on {len(docs)} documents, {n_frags} fragments")
    tagger = SequenceTagger(config.tagger, context=config.context, decode=config.decode).fit([d.fragments for d in docs], [d.labels for d in docs])
    progress(f"fitted in {time.perf_counter() - t0:.1f} s (transition weight {tagger.transition_weight_})")
    scores = {}
    if config.heldout_docs:
        progress(f"scoring on {config.heldout_docs} held-out synthetic scrapes")
        held = synthetic_samples(config.heldout_docs, config.synthetic_seed + 10_000, config.styles)
        scores["heldout_synthetic"] = heldout_scores(tagger, held)
    seconds = time.perf_counter() - t0
    digest = data_hash(docs)
    meta = {"training_data_hash": digest, "training_docs": len(docs), "training_fragments": n_frags,
            "training_seconds": round(seconds, 1), "scores": scores,
            "corpora": [str(p) for p in corpora], "corpus": corpus_summary(by_corpus, synthetic)}
    tagger.save(out_dir, meta)
    (out_dir / "train-config.json").write_text(json.dumps(config.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return TrainResult(out_dir, len(docs), n_frags, seconds, digest, scores)
