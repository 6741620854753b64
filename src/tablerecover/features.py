"""Fragment features: the fragment itself and its neighbours, as groups of named, hashed features.

Own features: character n-grams, sentencepiece pieces (a model trained on our corpus), jieba words,
shape (digits, enumerators, length, pipes, position in the row, blank line before), similarity to
the template's wording by role, and the report section the fragment sits in. Neighbour features:
shape and template similarity of the fragments up to ``context`` positions away, so the classifier
sees that "其他" after "社会公益组织" is a header and "3.其他" before seven numbers is a row label.

Features come in *groups*: everything a fragment's text contributes (one group per distinct text),
everything a neighbour's text contributes at one offset, and single position features. The groups
recur across fragments and reports, so their hashed features (for training) and their scores under
a model (for prediction, see ``model.GroupScores``) are computed once per group, not per fragment.
"""
from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import repeat
from types import MappingProxyType

import numpy as np

from .fragment import NUMBER, Fragment
from .normalise import compact
from .rules import best_match
from .values import parse_value
from .vocab import CJK_RE as _CJK_RE

_ENUMS = (
    ("num_dun", re.compile(r"^[一二三四五六七八九十]+、")),
    ("paren_num", re.compile(r"^\([一二三四五六七八九十]+\)")),
    ("digit_dot", re.compile(r"^\d+[.、]")),
    ("article", re.compile(r"^第[一二三四五六七八九十\d]+条")),
)
_SECTION_RE = re.compile(r"^(?:[一二三四五六七八九十]+、)")
_SECTION_WORDS = (("overview", "总体情况"), ("active", "主动公开"), ("apps", "收到和处理"),
                  ("review", "行政复议"), ("problems", "存在的主要问题"), ("other", "其他需要报告"))
_LEN_EDGES = (1, 2, 3, 5, 9, 17, 33, 65)
_SIM_EDGES = (0.6, 0.75, 0.9)
_NCELL_EDGES = (2, 3, 5, 9)

_PLAIN_NUMBER_RE = re.compile(rf"^\s*{NUMBER}\s*$")
_FOLD_DIGITS = str.maketrans("123456789", "555555555")

# A group: a str is one binary feature; ("own", text, glued) and ("nb", offset, text, glued) stand
# for all the features a fragment's text contributes to itself and to a neighbour.
Group = Hashable


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
    return sum(n >= e for e in edges)


def jieba_dictionary(texts: Iterable[str]) -> bytes:
    """The entries of jieba's dictionary that occur in ``texts``, and one unused entry that carries the
    rest of the frequency mass: it segments every one of these texts exactly as the full dictionary
    does (same candidate words, same total), and loads in milliseconds instead of a second."""
    import jieba

    with jieba.get_dict_file() as fh:
        entries = [line.split() for line in fh.read().decode("utf-8").splitlines() if line.strip()]
    freq = {e[0]: e for e in entries}
    total = sum(int(e[1]) for e in entries)
    longest = max(len(w) for w in freq)
    used: set[str] = set()
    for text in set(texts):
        for i in range(len(text)):
            used.update(w for w in (text[i:j] for j in range(i + 1, min(len(text), i + longest) + 1)) if w in freq)
    kept = sorted(used)
    rest = total - sum(int(freq[w][1]) for w in kept)
    lines = [" ".join(freq[w]) for w in kept] + [f"\ue000 {rest} x"]  # U+E000 never occurs in a scrape
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jieba_tokenizer(dictionary: bytes):
    import io

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    # What Tokenizer.initialize() does, minus reading the full dictionary and its cache file in /tmp.
    tok.FREQ, tok.total = tok.gen_pfdict(io.BytesIO(dictionary))
    tok.initialized = True
    return tok


@lru_cache(maxsize=1 << 13)  # only while a document's groups are scored: GroupScores keeps the rest
def _shape(text: str, glued: bool) -> MappingProxyType:
    """Shape and template-likeness: what neighbours contribute too (cached, so read-only: threads share it)."""
    key = compact(text)
    d: dict[str, float] = {}
    d[f"kind={parse_value(text).kind}"] = 1
    d[f"len={_bucket(len(key), _LEN_EDGES)}"] = 1
    has_cjk = bool(_CJK_RE.search(key))
    d[f"cjk={has_cjk}"] = 1
    if glued:
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
            d[f"sim_{role}>{_bucket(s, _SIM_EDGES)}"] = 1
    return MappingProxyType(d)


@lru_cache(maxsize=1 << 13)
def _fold_number(text: str) -> str:
    # Digits 1-9 of a number fold to one (word shape, as in NER): which number a cell holds says
    # nothing about its role, and folded numbers share their groups across reports.
    return text.translate(_FOLD_DIGITS) if _PLAIN_NUMBER_RE.match(text) else text


# Single features by position, interned: the same few hundred strings for every fragment.
@lru_cache(maxsize=4096)
def _position(section: str, cell: int, n_cells: int, piped: bool, blank_before: bool) -> tuple[str, ...]:
    return ("bias", f"section={section}", f"cell={min(cell, 3)}", f"ncells={_bucket(n_cells, _NCELL_EDGES)}",
            f"last_cell={cell == n_cells - 1}", f"piped={piped}", f"blank_before={blank_before}")


@lru_cache(maxsize=None)
def _same_row(off: int, same: bool) -> str:
    return f"{off}:same_row={same}"


@lru_cache(maxsize=None)
def _edge(off: int) -> str:
    return f"{off}:edge"


@lru_cache(maxsize=1 << 14)
def _first_char(off: int, ch: str) -> str:
    return f"{off}:first=" + (ch or "_")


def text_key(text: str, max_chars: int) -> str:
    """What the text features read: the compact text, or the head and tail of a long one (prose)."""
    key = compact(text)
    return key[: max_chars - 8] + "…" + key[-8:] if len(key) > max_chars else key


@lru_cache(maxsize=1 << 15)
def feature_index(name: str, n_features: int) -> int:
    """The hashed column of a named feature (CRC-32: stable across runs and platforms)."""
    return zlib.crc32(name.encode("utf-8")) % n_features


class Featurizer:
    """Turns a document's fragments into feature groups, and groups into hashed sparse features."""

    def __init__(self, config: FeatureConfig, sp_model: bytes | None = None, jieba_dict: bytes | None = None) -> None:
        self.config = config
        self._sp = None
        if config.sentencepiece and sp_model:
            import sentencepiece as spm

            self._sp = spm.SentencePieceProcessor(model_proto=sp_model)
        self._jieba = _jieba_tokenizer(jieba_dict) if config.jieba and jieba_dict else None
        self._hashed_cache: dict[Group, tuple[np.ndarray, np.ndarray]] = {}

    def _text_features(self, text: str) -> dict[str, float]:
        key = text_key(text, self.config.max_chars)
        d: dict[str, float] = {"long": 1} if len(key) > self.config.max_chars else {}  # truncated
        padded = f"^{key}$"
        for n in range(1, self.config.ngram_max + 1):
            for i in range(len(padded) - n + 1):
                d["c:" + padded[i:i + n]] = 1
        if self._sp is not None and key:
            for piece in self._sp.encode(key, out_type=str):
                d["sp:" + piece] = 1
        if self._jieba is not None and _CJK_RE.search(key):
            for w in self._jieba.lcut(key):
                d["jb:" + w] = 1
        return d

    def groups(self, frags: list[Fragment]) -> list[list[Group]]:
        """Per fragment, the feature groups it has (in a fixed order)."""
        n = len(frags)
        keys = [compact(f.text) for f in frags]
        texts = [_fold_number(f.text) for f in frags]
        offsets = [o for o in range(-self.config.context, self.config.context + 1) if o]
        # Each fragment's group as a neighbour at each offset, built once rather than once per use.
        as_neighbour = {off: [("nb", off, t, f.glued) for t, f in zip(texts, frags)] for off in offsets}
        firsts = {off: [_first_char(off, k[:1]) for k in keys] for off in (-1, 1) if off in offsets}
        section = "none"
        out = []
        for i, f in enumerate(frags):
            k = keys[i]
            if len(k) <= 40 and _SECTION_RE.match(k):
                section = next((name for name, word in reversed(_SECTION_WORDS) if word in k), section)
            gs: list[Group] = [("own", texts[i], f.glued),
                               *_position(section, f.cell, f.n_cells, f.piped, f.blank_before)]
            for off in offsets:
                j = i + off
                if 0 <= j < n:
                    gs.append(as_neighbour[off][j])
                    gs.append(_same_row(off, frags[j].row == f.row))
                    if off in firsts:
                        gs.append(firsts[off][j])
                else:
                    gs.append(_edge(off))
            out.append(gs)
        return out

    def group_codes(self, frags: list[Fragment]) -> tuple[np.ndarray, list[Group]]:
        """``groups(frags)`` as a (fragments × width) matrix of indices into a list of groups, -1 past
        a row's end: the same groups in the same order, built per distinct fragment text and with
        NumPy over the positions (a Python list of groups per fragment cost ~10 µs a fragment)."""
        n = len(frags)
        if not n:
            return np.zeros((0, 0), dtype=np.intp), []
        offsets = [o for o in range(-self.config.context, self.config.context + 1) if o]
        groups: list[Group] = []

        def block(items: Iterable[Group]) -> int:
            base = len(groups)
            groups.extend(items)
            return base

        # Distinct (text, glued): what a fragment's own and neighbour groups are made of.
        ids: dict[tuple[str, bool], int] = {}
        tid = np.fromiter((ids.setdefault((f.text, f.glued), len(ids)) for f in frags), dtype=np.intp, count=n)
        distinct = list(ids)
        keys = [compact(t) for t, _ in distinct]
        # Numbers that fold to one shape ("12", "35") share their groups.
        fids: dict[tuple[str, bool], int] = {}
        fid = np.array([fids.setdefault((_fold_number(t), g), len(fids)) for t, g in distinct], dtype=np.intp)[tid]
        folded = list(fids)
        chars: dict[str, int] = {}
        cid = np.array([chars.setdefault(k[:1], len(chars)) for k in keys], dtype=np.intp)[tid]
        own = block(("own", t, g) for t, g in folded)
        # The report section each fragment sits in: set by section headings, carried forward.
        names = ("none", *(name for name, _ in _SECTION_WORDS))
        sets = np.array([next((names.index(name) for name, word in reversed(_SECTION_WORDS) if word in k), -1)
                         if len(k) <= 40 and _SECTION_RE.match(k) else -1 for k in keys], dtype=np.intp)[tid]
        last_set = np.maximum.accumulate(np.where(sets >= 0, np.arange(n), -1))
        section = np.where(last_set >= 0, sets[np.maximum(last_set, 0)], 0)
        # Position features: one block of seven per distinct combination of what they read.
        cell = np.fromiter((f.cell for f in frags), dtype=np.intp, count=n)
        n_cells = np.fromiter((f.n_cells for f in frags), dtype=np.intp, count=n)
        piped = np.fromiter((f.piped for f in frags), dtype=bool, count=n)
        blank = np.fromiter((f.blank_before for f in frags), dtype=bool, count=n)
        pos_key = (((((section * 4 + np.minimum(cell, 3)) * 5 + np.searchsorted(_NCELL_EDGES, n_cells, side="right"))
                     * 2 + (cell == n_cells - 1)) * 2 + piped) * 2 + blank)
        pos_keys, first_at, pos_id = np.unique(pos_key, return_index=True, return_inverse=True)
        width_pos = len(_position("none", 0, 1, False, False))
        pos_base = block(g for r in first_at.tolist() for g in _position(
            names[section[r]], frags[r].cell, frags[r].n_cells, frags[r].piped, frags[r].blank_before))
        cols = [own + fid] + [pos_base + width_pos * pos_id.reshape(-1) + k for k in range(width_pos)]
        row = np.fromiter((f.row for f in frags), dtype=np.intp, count=n)
        ends: dict[int, int] = {}
        for off in offsets:
            j = np.clip(np.arange(n) + off, 0, n - 1)
            cols.append(block(("nb", off, t, g) for t, g in folded) + fid[j])
            cols.append(block((_same_row(off, False), _same_row(off, True))) + (row[j] == row))
            if abs(off) == 1:
                cols.append(block(_first_char(off, ch) for ch in chars) + cid[j])
            ends[off] = block((_edge(off),))
        # Stacked as (width × fragments) and read transposed: each column of groups is contiguous, as
        # the scores read them, and stacking writes no strided rows.
        codes = np.stack(cols).T
        # Fragments within ``context`` of an end have an edge group in place of each missing neighbour.
        edge_rows = sorted({i for i in range(min(n, self.config.context))} |
                           {i for i in range(max(0, n - self.config.context), n)})
        if edge_rows:
            fixed = []
            for i in edge_rows:
                gs, c = list(codes[i, :1 + width_pos]), 1 + width_pos
                for off in offsets:
                    k = 3 if abs(off) == 1 else 2
                    gs += list(codes[i, c:c + k]) if 0 <= i + off < n else [ends[off]]
                    c += k
                fixed.append(gs)
            if len(edge_rows) == n:  # every fragment is near an end: rows may all be shorter
                codes = codes[:, :max(len(gs) for gs in fixed)].copy()
            width = codes.shape[1]
            for i, gs in zip(edge_rows, fixed):
                codes[i] = gs + [-1] * (width - len(gs))
        return codes, groups

    def group_features(self, group: Group) -> dict[str, float]:
        """The named features a group stands for."""
        if isinstance(group, str):
            return {group: 1.0}
        if group[0] == "own":
            _, text, glued = group
            d = self._text_features(text)
            d.update(_shape(text, glued))
            return d
        _, off, text, glued = group
        return {f"{off}:{name}": v for name, v in _shape(text, glued).items()}

    def hashed(self, group: Group) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of a group's features."""
        feats = self.group_features(group)
        n = self.config.n_features
        idx = np.fromiter(map(feature_index, feats, repeat(n)), dtype=np.int64, count=len(feats))  # a C loop
        return idx, np.fromiter(feats.values(), dtype=np.float32, count=len(feats))

    def transform(self, frags: list[Fragment]):
        """The (fragments × n_features) sparse matrix the classifier is trained on."""
        from scipy import sparse

        cache = self._hashed_cache
        if len(cache) > 200_000:  # bounded: a training corpus has far fewer distinct groups
            cache.clear()
        if not frags:
            return sparse.csr_matrix((0, self.config.n_features), dtype=np.float32)
        rows_idx, rows_val, indptr = [], [], [0]
        for gs in self.groups(frags):
            nnz = indptr[-1]
            for g in gs:
                if g not in cache:
                    cache[g] = self.hashed(g)
                idx, val = cache[g]
                rows_idx.append(idx)
                rows_val.append(val)
                nnz += len(idx)
            indptr.append(nnz)
        X = sparse.csr_matrix((np.concatenate(rows_val), np.concatenate(rows_idx), np.array(indptr)),
                              shape=(len(frags), self.config.n_features))
        X.sum_duplicates()  # colliding hashes add up
        return X


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
