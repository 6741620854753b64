"""Fragment features: the fragment itself and its neighbours, hashed into one sparse matrix.

Own features: character n-grams, sentencepiece pieces (a model trained on our corpus), jieba words,
shape (digits, enumerators, length, pipes, position in the row, blank line before), similarity to
the template's wording by role, and the report section the fragment sits in. Neighbour features:
shape and template similarity of the fragments up to ``context`` positions away, so the classifier
sees that "其他" after "社会公益组织" is a header and "3.其他" before seven numbers is a row label.
"""
from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher

from .fragment import Fragment
from .normalise import compact
from .rules import best_match
from .values import parse_value

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_ENUMS = (
    ("num_dun", re.compile(r"^[一二三四五六七八九十]+、")),
    ("paren_num", re.compile(r"^\([一二三四五六七八九十]+\)")),
    ("digit_dot", re.compile(r"^\d+[.、]")),
    ("article", re.compile(r"^第[一二三四五六七八九十\d]+条")),
)
_SECTION_RE = re.compile(r"^(?:[一二三四五六七八九十]+、)")
_SECTION_WORDS = (("overview", "总体情况"), ("active", "主动公开"), ("apps", "收到和处理"),
                  ("review", "行政复议"), ("problems", "存在的主要问题"), ("other", "其他需要报告"))


@dataclass(frozen=True)
class FeatureConfig:
    n_features: int = 2**18
    ngram_max: int = 3
    context: int = 2
    sentencepiece: bool = True
    jieba: bool = True
    max_chars: int = 24  # long fragments (prose) contribute only their head and tail

    def to_dict(self) -> dict:
        return asdict(self)


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return int(np.searchsorted(edges, n, side="right"))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _shape(f: Fragment, key: str) -> dict[str, float]:
    """Shape and template-likeness: what neighbours contribute too."""
    d: dict[str, float] = {}
    v = parse_value(f.text)
    d[f"kind={v.kind}"] = 1
    d[f"len={_bucket(len(key), (1, 2, 3, 5, 9, 17, 33, 65))}"] = 1
    has_cjk = bool(_CJK_RE.search(key))
    d[f"cjk={has_cjk}"] = 1
    if f.glued:
        d["glued"] = 1
    for name, rx in _ENUMS:
        if rx.match(key):
            d[f"enum={name}"] = 1
    if key.endswith("。") or key.endswith("."):
        d["end=stop"] = 1
    if ":" in key:
        d["colon"] = 1
    if has_cjk and len(key) <= 60:
        for role in ("rowlabel", "colhead", "block", "heading", "note"):
            s = best_match(key, role)
            d[f"sim_{role}"] = s
            d[f"sim_{role}>{_bucket(s, (0.6, 0.75, 0.9))}"] = 1
    return d


class Featurizer:
    """Turns a document's fragments into a sparse feature matrix (stateless but for the sp model)."""

    def __init__(self, config: FeatureConfig, sp_model: bytes | None = None) -> None:
        self.config = config
        self.sp_model = sp_model
        self._sp = None
        if config.sentencepiece and sp_model:
            import sentencepiece as spm

            self._sp = spm.SentencePieceProcessor(model_proto=sp_model)
        self._hasher = FeatureHasher(n_features=config.n_features, input_type="dict", alternate_sign=False)
        self._own_cache: dict[tuple, dict[str, float]] = {}

    def _text_features(self, key: str) -> dict[str, float]:
        cfg = self.config
        d: dict[str, float] = {}
        if len(key) > cfg.max_chars:
            key = key[: cfg.max_chars - 8] + "…" + key[-8:]
            d["long"] = 1
        padded = f"^{key}$"
        for n in range(1, cfg.ngram_max + 1):
            for i in range(len(padded) - n + 1):
                d["c:" + padded[i:i + n]] = 1
        if self._sp is not None and key:
            for piece in self._sp.encode(key, out_type=str):
                d["sp:" + piece] = 1
        if cfg.jieba and _CJK_RE.search(key):
            for w in _jieba().lcut(key):
                d["jb:" + w] = 1
        return d

    def _own(self, f: Fragment, key: str) -> tuple[dict[str, float], dict[str, float]]:
        ck = (key, f.glued)
        if ck not in self._own_cache:
            if len(self._own_cache) > 50000:
                self._own_cache.clear()
            self._own_cache[ck] = (self._text_features(key), _shape(f, key))
        return self._own_cache[ck]

    def dicts(self, frags: list[Fragment]) -> list[dict[str, float]]:
        keys = [compact(f.text) for f in frags]
        owns = [self._own(f, k) for f, k in zip(frags, keys)]
        section = "none"
        out = []
        n = len(frags)
        for i, f in enumerate(frags):
            k = keys[i]
            if _SECTION_RE.match(k) and len(k) <= 40:
                for name, word in _SECTION_WORDS:
                    if word in k:
                        section = name
            text_f, shape_f = owns[i]
            d = dict(text_f)
            d.update(shape_f)
            d[f"section={section}"] = 1
            d[f"cell={min(f.cell, 3)}"] = 1
            d[f"ncells={_bucket(f.n_cells, (2, 3, 5, 9))}"] = 1
            d[f"last_cell={f.cell == f.n_cells - 1}"] = 1
            d[f"piped={f.piped}"] = 1
            d[f"blank_before={f.blank_before}"] = 1
            d["bias"] = 1
            for off in range(-self.config.context, self.config.context + 1):
                if off == 0:
                    continue
                j = i + off
                if not 0 <= j < n:
                    d[f"{off}:edge"] = 1
                    continue
                for name, val in owns[j][1].items():
                    d[f"{off}:{name}"] = val
                d[f"{off}:same_row={frags[j].row == f.row}"] = 1
                if abs(off) == 1:
                    d[f"{off}:first=" + (keys[j][:1] or "_")] = 1
            out.append(d)
        return out

    def transform(self, frags: list[Fragment]) -> sparse.csr_matrix:
        if not frags:
            return sparse.csr_matrix((0, self.config.n_features), dtype=np.float32)
        return self._hasher.transform(self.dicts(frags)).astype(np.float32).tocsr()


def train_sentencepiece(texts: list[str], vocab_size: int) -> bytes:
    """A unigram sentencepiece model of the corpus's fragment texts, as bytes (deterministic: one thread)."""
    import io as _io

    import sentencepiece as spm

    model = _io.BytesIO()
    sentences = sorted({compact(t) for t in texts if t and _CJK_RE.search(t)})
    # Every character that reaches the coverage needs a piece of its own, on top of the merges.
    vocab_size = max(vocab_size, len(set("".join(sentences))) + 64)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", character_coverage=0.9995, hard_vocab_limit=False,
        minloglevel=2, num_threads=1,
    )
    return model.getvalue()
