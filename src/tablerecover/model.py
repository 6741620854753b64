"""The sequence classifier: a linear model over context features, decoded with label transitions.

Emission scores are a multinomial logistic regression's log-probabilities over the features of a
fragment and its neighbours; transition scores are log-probabilities of label bigrams learned from
the training sequences; Viterbi finds the best label sequence under their weighted sum. The weight
of the transitions is chosen on held-out documents during ``fit``.

A model is saved as a directory: ``config.json`` (how to rebuild it), ``meta.json`` (versions,
label set, training-data hash, scores), ``weights.npz``, ``sentencepiece.model`` and ``jieba.dict``
(the entries of jieba's dictionary the training texts use).
"""
from __future__ import annotations

import bisect
import json
import logging
import random
import threading
import warnings
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import __version__
from .features import FeatureConfig, Featurizer, Group, jieba_dictionary, text_key, train_sentencepiece
from .fragment import Fragment
from .labels import LABELS
from .result import Provenance

log = logging.getLogger(__name__)
FORMAT_VERSION = 2  # 2: CRC-32 feature hashing, jieba.dict


@lru_cache(maxsize=None)
def shipped_model_dir(name: str = "default") -> Path:
    """The directory of a model shipped as package data, found with ``importlib.resources``.

    From a zip (a zipapp or an unextracted egg) the files are not on disk: they are copied once
    into a temporary directory, since the loader reads files by path.
    """
    import atexit
    import shutil
    import tempfile
    from importlib.resources import files

    res = files(__package__) / "models" / name
    if isinstance(res, Path):
        return res
    dest = Path(tempfile.mkdtemp(prefix=f"tablerecover-model-{name}-"))
    atexit.register(shutil.rmtree, dest, True)
    for f in res.iterdir():
        (dest / f.name).write_bytes(f.read_bytes())
    return dest


_INIT_LOCK = threading.Lock()


class ModelVersionError(RuntimeError):
    """The model directory cannot be used: missing, damaged, or written by an incompatible version."""


def _release(version: str) -> tuple[int, ...]:
    """(major, minor, patch) of a release; () when it is not one."""
    try:
        return tuple(int(p) for p in version.split(".")[:3])
    except ValueError:
        return ()


def check_compatible(meta: dict, path: Path) -> None:
    """Raise ModelVersionError unless this tablerecover can read a model with ``meta`` (meta.json)."""
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelVersionError(f"model format {meta.get('format_version')} in {path}; this tablerecover reads {FORMAT_VERSION}")
    if tuple(meta.get("labels", ())) != LABELS:
        raise ModelVersionError(f"model in {path} has labels {meta.get('labels')}, expected {list(LABELS)}")
    made_by, this = str(meta.get("tablerecover", "")), _release(__version__)
    # Another major release, or a newer one than this, may mean features this code does not compute.
    if not _release(made_by) or _release(made_by)[0] != this[0] or _release(made_by) > this:
        raise ModelVersionError(f"model in {path} was trained by tablerecover {made_by or '(unknown)'}; "
                                f"this is {__version__} (retrain it, or use a matching tablerecover)")
    if _release(made_by)[:2] != this[:2]:
        log.warning("model %s was trained with tablerecover %s, this is %s", path, made_by, __version__)


@dataclass(frozen=True)
class TaggerConfig:
    C: float = 4.0
    max_iter: int = 400
    transition_weight: float | None = None  # None: chosen on held-out documents
    sp_vocab: int = 1200
    seed: int = 0
    features: FeatureConfig = field(default_factory=FeatureConfig)

    @classmethod
    def from_dict(cls, d: dict) -> "TaggerConfig":
        d = dict(d)
        feats = FeatureConfig(**d.pop("features", {}))
        return cls(features=feats, **d)

    def to_dict(self) -> dict:
        return asdict(self)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def viterbi(emission: np.ndarray, transitions: np.ndarray, start: np.ndarray, weight: float) -> np.ndarray:
    """Best label sequence for (n, L) emission log-scores under weighted transition log-scores.

    The same path, float for float, as the textbook recursion (``_viterbi_steps``), with most of the
    work done by NumPy over the whole sequence (a step-by-step loop cost ~10 µs a fragment: seconds
    on a hostile input). At a step where one label's score leads every other by more than any
    transition can make up — most steps, where the classifier is sure — that label is every label's
    best predecessor, so the step needs no (labels × labels) comparison; which label leads after such
    a step follows from the emissions alone (with a margin far above the rounding), so a run of such
    steps is walked on a table of small integers, and the leader's score along the run is one
    cumulative sum, in the recursion's order of additions. The other steps go through the recursion.
    """
    n, L = emission.shape
    if n == 0:
        return np.zeros(0, dtype=int)
    if weight == 0:
        return emission.argmax(axis=1)
    wt = weight * transitions
    score = emission[0] + weight * start
    if (n < 3 or L > 100 or np.result_type(emission, wt, score) != np.float64
            or not (np.isfinite(emission).all() and np.isfinite(wt).all() and np.isfinite(score).all())):
        return _viterbi_steps(emission, wt, score)
    # lead[t, p]: how far label t's score must lead label p's for t to be every label's best predecessor.
    lead = (wt[None, :, :] - wt[:, None, :]).max(axis=2)
    np.fill_diagonal(lead, -np.inf)
    # A margin far above the rounding of scores as large as the sequence can make them.
    bound = n * (float(np.abs(emission).max()) + float(np.abs(wt).max())) + float(np.abs(score).max())
    tol = 1e-6 + 64 * float(np.finfo(np.float64).eps) * bound
    code, easy, top = _leaders(emission, wt, lead, tol)
    hard = np.flatnonzero(~easy).tolist()
    table, easy = code.tobytes(), easy.tolist()  # read one item at a time: Python's own types
    labels = np.arange(L)
    pred = np.zeros(n, dtype=np.intp)   # a sure step's predecessor, the same for every label
    sure = np.zeros(n, dtype=bool)
    backs: dict[int, np.ndarray] = {}   # the other steps' predecessor of each label
    i = 1
    while i < n:
        # Here ``score`` is the exact score vector of step i - 1.
        q = int(score.argmax())
        if not ((score[q] - score) > lead[q] + tol).all():
            cand = score[:, None] + wt  # (prev, cur)
            backs[i] = best = cand.argmax(axis=0)
            score = cand[best, labels] + emission[i]
            i += 1
            continue
        first = i
        while True:  # step i is sure, with predecessor q
            pred[i] = q
            if i == n - 1:
                break
            if easy[i]:  # so are the steps up to the next hard one, each led by its emission's top
                h = bisect.bisect_right(hard, i)
                h = min(hard[h] if h < len(hard) else n - 1, n - 1)
                pred[i + 1:h + 1] = top[i:h]
                i, q = h, int(top[h - 1])
                continue
            c = table[i * L + q]
            if c >= L:
                break
            i, q = i + 1, c
        steps = np.arange(first, i + 1)
        preds = pred[first:i + 1]
        sure[first:i + 1] = True
        # The leader's score along the run, ((score + transition) + emission) step after step: a
        # cumulative sum adds in that order.
        adds = np.empty(2 * len(steps) - 1)
        adds[0] = score[preds[0]]
        adds[1::2] = wt[preds[:-1], preds[1:]]
        adds[2::2] = emission[steps[:-1], preds[1:]]
        score = (np.cumsum(adds)[-1] + wt[preds[-1]]) + emission[i]
        i += 1
    path = np.zeros(n, dtype=np.intp)
    path[-1] = int(score.argmax())
    path[:-1][sure[1:]] = pred[1:][sure[1:]]
    for i in sorted(backs, reverse=True):
        path[i - 1] = backs[i][path[i]]
    return path


def _leaders(emission: np.ndarray, wt: np.ndarray, lead: np.ndarray, tol: float,
             chunk: int = 1 << 15) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a step i made sure by predecessor q: ``code[i, q]``, the label that leads after it, plus L
    when its lead is not enough to make step i + 1 sure. ``easy[i]``: the emission alone decides it,
    whatever q (then ``code[i, q] == top[i]``, the emission's top label). In chunks (bounded memory)."""
    n, L = emission.shape
    code = np.empty((n, L), dtype=np.uint8)
    easy = np.empty(n, dtype=bool)
    top = emission.argmax(axis=1)
    # swing[t, p] = max over q of wt[q, p] - wt[q, t]: what a predecessor can add to p against t.
    swing = (wt[:, None, :] - wt[:, :, None]).max(axis=0)
    need = lead + swing
    for a in range(0, n, chunk):
        em = emission[a:a + chunk].astype(np.float64)
        t0 = top[a:a + len(em)]
        gap = em[np.arange(len(em)), t0][:, None] - em
        ez = easy[a:a + len(em)]
        ez[:] = (gap > need[t0] + tol).all(axis=1)
        block = code[a:a + len(em)]
        block[ez] = t0[ez, None]
        hard = np.flatnonzero(~ez)
        if len(hard):
            e, r = em[hard], np.arange(len(hard))
            for q in range(L):
                v = wt[q] + e
                t = v.argmax(axis=1)
                ok = (v[r, t][:, None] - v > lead[t] + tol).all(axis=1)
                block[hard, q] = t + L * ~ok
    return code, easy, top


def _viterbi_steps(emission: np.ndarray, wt: np.ndarray, score: np.ndarray) -> np.ndarray:
    """The textbook recursion, step by step."""
    n, L = emission.shape
    back = np.zeros((n, L), dtype=np.intp)
    labels = np.arange(L)
    for i in range(1, n):
        cand = score[:, None] + wt  # (prev, cur)
        back[i] = best = cand.argmax(axis=0)
        score = cand[best, labels] + emission[i]
    path = np.zeros(n, dtype=np.intp)
    path[-1] = int(score.argmax())
    for i in range(n - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


_SUM_BLOCK = 8192  # fragments whose group scores are summed together (see GroupScores.scores)


class GroupScores:
    """Linear scores of feature groups under fixed weights, cached in a bounded table.

    A fragment's emission score is the sum of its groups' scores, and most groups (a template label,
    "0", "bias", a neighbour's shape) recur in every report: scoring them once per process turns
    per-fragment featurisation into a table lookup. When the table is full, groups used only once
    (a report's prose) are dropped and the recurring ones kept, so memory stays flat.

    Thread-safe: one lock guards the table (threads of a Dask worker share one model). A cached score
    is the same float32 product whichever row holds it, so results never depend on the table's state
    or on other threads. One lock costs less than a table per thread (docs/performance.md).
    """

    def __init__(self, featurizer: Featurizer, weights: np.ndarray, capacity: int = 1 << 15) -> None:
        self.featurizer = featurizer
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)  # (n_features, n_labels)
        self.table = np.zeros((capacity, weights.shape[1]), dtype=np.float32)  # row 0 stays zero: padding
        self.uses = np.zeros(capacity, dtype=np.int64)
        self.rows: dict[Group, int] = {}
        self._lock = threading.Lock()

    def _vector(self, group: Group) -> np.ndarray:
        idx, val = self.featurizer.hashed(group)
        return val @ self.weights[idx]

    def _row(self, group: Group) -> int:
        r = self.rows[group] = len(self.rows) + 1
        self.table[r] = self._vector(group)
        return r

    def _evict(self, room: int) -> None:
        """Keep the groups used more than once (all of them if they leave ``room`` rows free)."""
        keep = [(g, r) for g, r in self.rows.items() if self.uses[r] > 1]
        if len(keep) + room >= len(self.table):
            keep = []
        old = np.array([r for _, r in keep], dtype=np.intp)
        self.table[1:len(keep) + 1] = self.table[old]
        self.uses[:] = 0
        self.rows = {g: i + 1 for i, (g, _) in enumerate(keep)}

    def scores(self, frags: list[Fragment]) -> np.ndarray:
        """(fragments × labels) sums of group scores.

        Each distinct group of the document is looked up (or scored and kept) once, into a table of
        the document's own; a document with more new groups than the shared table holds scores the
        rest without keeping them. Then each fragment's groups are summed in order, with NumPy.
        """
        codes, groups = self.featurizer.group_codes(frags)
        if not len(codes):
            return np.zeros((0, self.table.shape[1]), dtype=np.float32)
        # The groups used and how often (a count per group, in linear time: no sort of the codes);
        # code -1 (past the end of a shorter row) is counted at 0 and dropped.
        counts = np.bincount(codes.ravel(order="K") + 1, minlength=len(groups) + 1)[1:]
        used = np.flatnonzero(counts)
        counts = counts[used]
        local = np.zeros((len(used) + 1, self.table.shape[1]), dtype=np.float32)  # row 0: padding
        with self._lock:
            rows = [self.rows.get(groups[c], 0) for c in used]
            new = [k for k, r in enumerate(rows) if not r]
            room = len({groups[used[k]] for k in new})
            if room and len(self.rows) + room >= len(self.table):
                self._evict(room)
                rows = [self.rows.get(groups[c], 0) for c in used]
                new = [k for k, r in enumerate(rows) if not r]
            for k in new:
                g = groups[used[k]]
                if g in self.rows:  # equal to a group met earlier in this document
                    rows[k] = self.rows[g]
                elif len(self.rows) + 1 < len(self.table):
                    rows[k] = self._row(g)
                else:
                    local[k + 1] = self._vector(g)
            at = np.array(rows, dtype=np.intp)
            kept = at > 0
            local[1:][kept] = self.table[at[kept]]
            np.add.at(self.uses, at[kept], counts[kept])
        where = np.zeros(len(groups) + 1, dtype=np.intp)  # code -1 reads the last entry: row 0
        where[used] = np.arange(1, len(used) + 1)
        idx = where[codes]
        # Each fragment's groups summed in order, one after the other in float32 (as a sum over the
        # groups axis adds them), a column of groups at a time, over blocks of fragments small
        # enough for the partial sums to stay in the CPU cache (twice as fast as whole columns).
        out = np.empty((len(idx), local.shape[1]), dtype=np.float32)
        group = np.empty((min(len(idx), _SUM_BLOCK), local.shape[1]), dtype=np.float32)
        for a in range(0, len(idx), _SUM_BLOCK):
            part, block = out[a:a + _SUM_BLOCK], idx[a:a + _SUM_BLOCK]
            np.take(local, block[:, 0], axis=0, out=part)
            for k in range(1, idx.shape[1]):
                np.take(local, block[:, k], axis=0, out=group[:len(part)])
                part += group[:len(part)]
        return out


class SequenceTagger:
    """Labels a document's fragments as a sequence.

    Follows the scikit-learn estimator contract (parameters in ``__init__``, ``get_params``/
    ``set_params``, ``fit`` returns self, learned attributes end in ``_``) without inheriting from
    ``BaseEstimator``: importing scikit-learn costs a second, and recovery never needs it.
    """

    def __init__(self, config: TaggerConfig | None = None, context: bool = True, decode: bool = True) -> None:
        self.config = config
        self.context = context  # False: no neighbour features (the context-free baseline)
        self.decode = decode    # False: no transition decoding

    def get_params(self, deep: bool = True) -> dict:
        return {"config": self.config, "context": self.context, "decode": self.decode}

    def set_params(self, **params) -> "SequenceTagger":
        for name, value in params.items():
            if name not in self.get_params():
                raise ValueError(f"invalid parameter {name!r} for SequenceTagger")
            setattr(self, name, value)
        return self

    # -- training ---------------------------------------------------------------------------
    def _cfg(self) -> TaggerConfig:
        cfg = self.config or TaggerConfig()
        if not self.context:
            cfg = TaggerConfig(**{**asdict(cfg), "features": FeatureConfig(**{**asdict(cfg.features), "context": 0})})
        return cfg

    def _fit_emissions(self, featurizer: Featurizer, docs, labels):
        from sklearn.linear_model import LogisticRegression

        X, y = self._stack(featurizer, docs, labels)
        cfg = self._cfg()
        clf = LogisticRegression(C=cfg.C, max_iter=cfg.max_iter, random_state=cfg.seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings: max_iter is a budget here
            clf.fit(X, y)
        return clf

    @staticmethod
    def _stack(featurizer: Featurizer, docs, labels):
        from scipy import sparse

        Xs, ys = [], []
        for frags, labs in zip(docs, labels):
            keep = [i for i, lab in enumerate(labs) if lab is not None]
            if not keep:
                continue
            X = featurizer.transform(frags)
            Xs.append(X[keep])
            ys += [LABELS.index(labs[i]) for i in keep]
        return sparse.vstack(Xs).tocsr(), np.array(ys)

    @staticmethod
    def _transitions(labels) -> tuple[np.ndarray, np.ndarray]:
        L = len(LABELS)
        counts = np.ones((L, L))
        starts = np.ones(L)
        for labs in labels:
            prev = None
            for lab in labs:
                if lab is None:
                    prev = None
                    continue
                cur = LABELS.index(lab)
                if prev is None:
                    starts[cur] += 1
                else:
                    counts[prev, cur] += 1
                prev = cur
        return np.log(counts / counts.sum(axis=1, keepdims=True)), np.log(starts / starts.sum())

    def fit(self, docs: list[list[Fragment]], labels: list[list[str | None]]) -> "SequenceTagger":
        cfg = self._cfg()
        texts = [f.text for frags in docs for f in frags]
        self.sp_model_ = train_sentencepiece(texts, cfg.sp_vocab) if cfg.features.sentencepiece else b""
        if cfg.features.jieba:
            self.jieba_dict_ = jieba_dictionary(text_key(t, cfg.features.max_chars) for t in texts)
        else:
            self.jieba_dict_ = b""
        self.featurizer_ = Featurizer(cfg.features, self.sp_model_ or None, self.jieba_dict_ or None)
        self.transitions_, self.start_ = self._transitions(labels)
        weight = cfg.transition_weight
        if not self.decode:
            weight = 0.0
        elif weight is None:
            weight = self._choose_weight(docs, labels)
        self.transition_weight_ = weight
        clf = self._fit_emissions(self.featurizer_, docs, labels)
        self._set_weights(clf)
        return self

    def _choose_weight(self, docs, labels, grid=(0.0, 0.25, 0.5, 1.0)) -> float:
        """Pick the transition weight that labels held-out documents best."""
        order = list(range(len(docs)))
        random.Random(self._cfg().seed).shuffle(order)
        n_dev = max(1, len(docs) // 5)
        dev, train = order[:n_dev], order[n_dev:]
        if not train:
            return 0.5
        clf = self._fit_emissions(self.featurizer_, [docs[i] for i in train], [labels[i] for i in train])
        self._set_weights(clf)
        best, best_acc = 0.5, -1.0
        for w in grid:
            right = total = 0
            for i in dev:
                pred = self._decode(docs[i], w)[0]
                for p, g in zip(pred, labels[i]):
                    if g is not None:
                        right += p == g
                        total += 1
            acc = right / max(total, 1)
            log.info("transition weight %.2f: held-out fragment accuracy %.4f", w, acc)
            if acc > best_acc + 1e-9:
                best, best_acc = w, acc
        return best

    def _set_weights(self, clf) -> None:
        L = len(LABELS)
        coef = np.zeros((L, clf.coef_.shape[1]), dtype=np.float32)
        intercept = np.full(L, -30.0, dtype=np.float32)  # labels never seen in training
        for k, c in enumerate(clf.classes_):
            coef[c] = clf.coef_[k] if len(clf.classes_) > 2 else (clf.coef_[0] if k == 1 else -clf.coef_[0])
            intercept[c] = clf.intercept_[k] if len(clf.classes_) > 2 else 0.0
        self.coef_ = coef
        self.intercept_ = intercept
        self.classes_ = np.array(LABELS)
        self._scores = None

    # -- prediction -------------------------------------------------------------------------
    def _scores_for(self, frags: list[Fragment]) -> np.ndarray:
        """X @ coef_.T for the fragments' features, through the group score cache."""
        scores = getattr(self, "_scores", None)
        if scores is None:
            with _INIT_LOCK:  # two threads must not each build (and half-fill) a table
                scores = getattr(self, "_scores", None)
                if scores is None:
                    scores = self._scores = GroupScores(self.featurizer_, self.coef_.T)
        return scores.scores(frags)

    def discard_caches(self) -> None:
        """Drop the group-score table (rebuilt on the next document): after a stage was interrupted."""
        with _INIT_LOCK:
            self._scores = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_scores", None)  # a cache with a lock: rebuilt where the tagger is unpickled
        return state

    def emission_log_proba(self, frags: list[Fragment]) -> np.ndarray:
        return _log_softmax(self._scores_for(frags) + self.intercept_)

    def _decode(self, frags: list[Fragment], weight: float) -> tuple[list[str], np.ndarray]:
        em = self.emission_log_proba(frags)
        path = viterbi(em, self.transitions_, self.start_, weight)
        conf = np.exp(em[np.arange(len(path)), path])
        return [LABELS[k] for k in path.tolist()], conf

    def predict(self, docs: list[list[Fragment]]) -> list[list[str]]:
        return [self._decode(frags, self.transition_weight_)[0] for frags in docs]

    def label(self, frags: list[Fragment]) -> None:
        """Set ``label`` and ``confidence`` on each fragment (the pipeline's labeller protocol)."""
        labels, conf = self._decode(frags, self.transition_weight_)
        for f, lab, c in zip(frags, labels, conf.tolist()):
            f.label, f.confidence = lab, c

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path, meta: dict | None = None) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        cfg = self._cfg()
        config = {"tagger": cfg.to_dict(), "context": self.context, "decode": self.decode}
        (path / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2) + "\n")
        used = np.flatnonzero(np.any(self.coef_ != 0, axis=0))  # hashed buckets never hit stay zero
        np.savez_compressed(path / "weights.npz", coef=self.coef_[:, used], used=used.astype(np.int64),
                            intercept=self.intercept_, transitions=self.transitions_, start=self.start_,
                            transition_weight=np.array(self.transition_weight_))
        (path / "sentencepiece.model").write_bytes(self.sp_model_ or b"")
        (path / "jieba.dict").write_bytes(self.jieba_dict_ or b"")
        full_meta = {"format_version": FORMAT_VERSION, "labels": list(LABELS), **versions(), **(meta or {})}
        (path / "meta.json").write_text(json.dumps(full_meta, ensure_ascii=False, indent=2) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> "SequenceTagger":
        path = Path(path)
        try:
            meta = json.loads((path / "meta.json").read_text())
            config = json.loads((path / "config.json").read_text())
            if not isinstance(meta, dict) or not isinstance(config, dict):
                raise ValueError("meta.json and config.json must hold JSON objects")
        except (OSError, ValueError) as e:
            raise ModelVersionError(f"{path} is not a tablerecover model directory: {e}") from e
        check_compatible(meta, path)
        try:  # an unknown or missing key is a model from another version, not a crash
            self = cls(TaggerConfig.from_dict(config["tagger"]), context=config["context"], decode=config["decode"])
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ModelVersionError(f"model configuration in {path}/config.json is not one this tablerecover "
                                    f"{__version__} reads: {type(e).__name__}: {e}") from e
        cfg = self._cfg()
        try:
            w = np.load(path / "weights.npz")
            coef = np.zeros((len(LABELS), cfg.features.n_features), dtype=np.float32)
            coef[:, w["used"]] = w["coef"]
            self.coef_, self.intercept_ = coef, w["intercept"]
            self.transitions_, self.start_ = w["transitions"], w["start"]
            self.transition_weight_ = float(w["transition_weight"])
            self.sp_model_ = (path / "sentencepiece.model").read_bytes()
            self.jieba_dict_ = (path / "jieba.dict").read_bytes()
            self.featurizer_ = Featurizer(cfg.features, self.sp_model_ or None, self.jieba_dict_ or None)
        except (OSError, KeyError, ValueError, IndexError, RuntimeError) as e:
            raise ModelVersionError(f"model directory {path} is incomplete or damaged: {e}") from e
        self.classes_ = np.array(LABELS)
        self.provenance_ = _provenance(path, meta)
        return self

    def provenance(self) -> Provenance:
        """What made a report labelled by this model (see ``Report.provenance``)."""
        return getattr(self, "provenance_", None) or Provenance(__version__, "unsaved", None)


def _provenance(path: Path, meta: dict) -> Provenance:
    return Provenance(__version__, path.name, meta.get("training_data_hash"))


def model_provenance(path: str | Path | None = None) -> Provenance:
    """The provenance reports made with the model at ``path`` will carry (reads meta.json only)."""
    path = model_path(path)
    try:
        meta = json.loads((path / "meta.json").read_text())
    except (OSError, ValueError) as e:
        raise ModelVersionError(f"{path} is not a tablerecover model directory: {e}") from e
    return _provenance(path, meta if isinstance(meta, dict) else {})


def versions() -> dict[str, str]:
    import jieba
    import sentencepiece
    import sklearn  # the version that trained the model (recovery itself does not import it)

    return {"tablerecover": __version__, "numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "sentencepiece": sentencepiece.__version__, "jieba": jieba.__version__}


def model_path(path: str | Path | None = None) -> Path:
    """The model directory to use: ``path``, else $TABLERECOVER_MODEL (read now, every call), else the shipped one."""
    import os

    return Path(path or os.environ.get("TABLERECOVER_MODEL") or shipped_model_dir()).expanduser().resolve()


def load_model(path: str | Path | None = None) -> SequenceTagger:
    """Load a model once per process and directory (the default is the shipped model)."""
    return _load_cached(model_path(path))


@lru_cache(maxsize=4)  # keyed by the resolved directory, never by None: a changed variable is honoured
def _load_cached(path: Path) -> SequenceTagger:
    return SequenceTagger.load(path)
