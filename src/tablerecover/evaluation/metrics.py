"""Metrics pooled over documents: cells, tuples, tables, GriTS, identities, fragment labels, calibration,
trust (silent errors, sure share) and metadata, overall and per flattening family."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..labels import LABELS
from ..result import Check
from ..template import TABLE_IDS
from .calibration import CalibrationBin, TrustCounts, calibration_bins, expected_calibration_error
from .document import DocEvaluation
from .metadata import FieldTally, tally_meta

@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int     # fragments with this gold label
    predicted: int   # fragments predicted with this label
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        n = self.support + self.predicted
        return 2 * self.correct / n if n else None


@dataclass(frozen=True)
class LabelMetrics:
    """Fragment labels against gold labels, over the documents whose labels are known."""

    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]  # confusion[gold][predicted], in ``labels`` order
    docs: int

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], docs: int, labels: Sequence[str] = LABELS) -> "LabelMetrics":
        index = {lab: i for i, lab in enumerate(labels)}
        m = [[0] * len(labels) for _ in labels]
        for gold, pred in pairs:
            if gold in index and pred in index:
                m[index[gold]][index[pred]] += 1
        return cls(tuple(labels), tuple(tuple(r) for r in m), docs)

    @property
    def fragments(self) -> int:
        return sum(map(sum, self.confusion))

    @property
    def accuracy(self) -> float:
        return sum(self.confusion[i][i] for i in range(len(self.labels))) / max(self.fragments, 1)

    def scores(self) -> list[LabelScore]:
        n = len(self.labels)
        return [LabelScore(lab, sum(self.confusion[i]), sum(self.confusion[g][i] for g in range(n)), self.confusion[i][i])
                for i, lab in enumerate(self.labels)]

    @property
    def macro_f1(self) -> float | None:
        f1s = [s.f1 for s in self.scores() if s.support > 0]
        return sum(f1s) / len(f1s) if f1s else None  # type: ignore[arg-type]


@dataclass(frozen=True)
class RuleTally:
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def _tally(checks: Iterable[Check]) -> dict[str, RuleTally]:
    passed, total = Counter(), Counter()
    for c in checks:
        total[c.rule] += 1
        passed[c.rule] += c.ok
    return {r: RuleTally(passed[r], total[r]) for r in sorted(total)}


@dataclass(frozen=True)
class TableMetrics:
    table: str
    tables: int      # documents (one table of this kind each)
    exact: int
    status_ok: int
    cells: int
    right: int
    extra: int
    grits: float | None

    @property
    def cell_accuracy(self) -> float:
        return self.right / max(self.cells, 1)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(x, nd)


@dataclass(frozen=True)
class FamilyMetrics:
    """The documents of one flattening family: cells, exact documents, trust and metadata."""

    family: str
    docs: int
    exact_docs: int
    cells: int
    right: int
    trust: TrustCounts
    meta: dict[str, FieldTally]

    @property
    def cell_accuracy(self) -> float:
        return self.right / max(self.cells, 1)

    def to_dict(self) -> dict:
        return {"docs": self.docs, "exact": self.exact_docs, "cells": self.cells, "right": self.right,
                "cell_accuracy": round(self.cell_accuracy, 6), **self.trust.to_dict(),
                "meta": {f: t.to_dict() for f, t in self.meta.items()}}


def per_family(docs: Sequence[DocEvaluation]) -> tuple[FamilyMetrics, ...]:
    """One entry per family, in order of name."""
    out = []
    for fam in sorted({d.family for d in docs}):
        ds = [d for d in docs if d.family == fam]
        out.append(FamilyMetrics(fam, len(ds), sum(d.exact for d in ds), sum(d.score.cells for d in ds),
                                 sum(d.score.right for d in ds), sum((d.trust for d in ds), TrustCounts()),
                                 tally_meta(d.meta for d in ds)))
    return tuple(out)


@dataclass(frozen=True)
class Metrics:
    docs: int
    exact_docs: int
    cells: int
    right: int
    extra: int
    output_cells: int
    tables: int
    tables_exact: int
    status_ok: int
    template_ok: int
    grits_tables: int
    grits_f: float | None
    grits_precision: float | None
    grits_recall: float | None
    identities_gold: dict[str, RuleTally]
    identities_output: dict[str, RuleTally]
    labels: LabelMetrics | None
    calibration: tuple[CalibrationBin, ...]
    per_table: tuple[TableMetrics, ...]
    status_pairs: tuple[tuple[str, str, int], ...]  # (gold status, output status, tables)
    trust: TrustCounts = TrustCounts()
    families: tuple[FamilyMetrics, ...] = ()
    meta: dict[str, FieldTally] | None = None

    @property
    def cell_accuracy(self) -> float:
        return self.right / max(self.cells, 1)  # as score.py

    @property
    def tuple_precision(self) -> float:
        return _ratio(self.right, self.output_cells)

    @property
    def tuple_recall(self) -> float:
        return _ratio(self.right, self.cells)

    @property
    def tuple_f1(self) -> float:
        return _ratio(2 * self.right, self.cells + self.output_cells)

    @property
    def doc_exact(self) -> float:
        return self.exact_docs / max(self.docs, 1)

    @property
    def table_exact(self) -> float:
        return _ratio(self.tables_exact, self.tables)

    @property
    def status_accuracy(self) -> float:
        return _ratio(self.status_ok, self.tables)

    @property
    def template_accuracy(self) -> float:
        return _ratio(self.template_ok, self.docs)

    @staticmethod
    def _pass_rate(t: dict[str, RuleTally]) -> float | None:
        total = sum(x.total for x in t.values())
        return sum(x.passed for x in t.values()) / total if total else None

    @property
    def identity_pass_rate_gold(self) -> float | None:
        return self._pass_rate(self.identities_gold)

    @property
    def identity_pass_rate_output(self) -> float | None:
        return self._pass_rate(self.identities_output)

    @property
    def expected_calibration_error(self) -> float | None:
        return expected_calibration_error(self.calibration)

    def to_dict(self) -> dict:
        lab = self.labels
        d = {
            "docs": self.docs, "exact": self.exact_docs, "cells": self.cells, "right": self.right,
            "extra": self.extra, "output_cells": self.output_cells,
            "cell_accuracy": round(self.cell_accuracy, 6),
            "tuple_precision": round(self.tuple_precision, 6), "tuple_recall": round(self.tuple_recall, 6),
            "tuple_f1": round(self.tuple_f1, 6),
            "doc_exact": round(self.doc_exact, 6), "table_exact": round(self.table_exact, 6),
            "status_accuracy": round(self.status_accuracy, 6), "template_accuracy": round(self.template_accuracy, 6),
            "grits_con": _r(self.grits_f), "grits_con_precision": _r(self.grits_precision),
            "grits_con_recall": _r(self.grits_recall), "grits_tables": self.grits_tables,
            "identity_pass_rate_gold": _r(self.identity_pass_rate_gold),
            "identity_pass_rate_output": _r(self.identity_pass_rate_output),
            "identities": {which: {r: {"passed": t.passed, "total": t.total} for r, t in tally.items()}
                           for which, tally in (("gold", self.identities_gold), ("output", self.identities_output))},
            "fragment_accuracy": _r(lab.accuracy) if lab else None,
            "label_docs": lab.docs if lab else 0,
            "label_fragments": lab.fragments if lab else 0,
            "label_macro_f1": _r(lab.macro_f1) if lab else None,
            "labels": {s.label: {"precision": _r(s.precision), "recall": _r(s.recall), "f1": _r(s.f1),
                                 "support": s.support, "predicted": s.predicted} for s in lab.scores()} if lab else None,
            "confusion": {"labels": list(lab.labels), "matrix": [list(r) for r in lab.confusion]} if lab else None,
            "calibration": [{"lo": b.lo, "hi": b.hi, "cells": b.cells, "right": b.right,
                             "accuracy": _r(b.accuracy), "mean_confidence": _r(b.mean_confidence)} for b in self.calibration],
            "expected_calibration_error": _r(self.expected_calibration_error),
            "per_table": {t.table: {"tables": t.tables, "exact": t.exact, "status_ok": t.status_ok, "cells": t.cells,
                                    "right": t.right, "extra": t.extra, "cell_accuracy": round(t.cell_accuracy, 6),
                                    "grits_con": _r(t.grits)} for t in self.per_table},
            "status_pairs": [{"gold": g, "output": o, "tables": n} for g, o, n in self.status_pairs],
            **self.trust.to_dict(),
            "per_family": {f.family: f.to_dict() for f in self.families},
            "meta": {f: t.to_dict() for f, t in (self.meta or {}).items()},
        }
        return d


def aggregate(docs: Sequence[DocEvaluation]) -> Metrics:
    """Micro-averaged metrics over documents (cells, tuples, tables pooled; GriTS averaged over tables)."""
    tables = [t for d in docs for t in d.comparison.tables]
    grits = [t.grits for t in tables if t.grits is not None]
    labelled = [d for d in docs if d.labels_known]
    labels = (LabelMetrics.from_pairs(((f.gold, f.predicted) for d in labelled for f in d.labelled_fragments()),  # type: ignore[misc]
                                      len(labelled)) if labelled else None)
    points = [(c.confidence, c.right) for d in docs for c in d.comparison.cells if c.present and c.confidence is not None]
    per_table = []
    for tid in TABLE_IDS:
        ts = [t for t in tables if t.table == tid]
        tg = [t.grits.f for t in ts if t.grits is not None]
        per_table.append(TableMetrics(tid, len(ts), sum(t.exact for t in ts), sum(t.status_ok for t in ts),
                                      sum(t.cells for t in ts), sum(t.right for t in ts), sum(t.extra for t in ts),
                                      sum(tg) / len(tg) if tg else None))
    pairs = Counter((str(t.gold_status), str(t.output_status)) for t in tables)
    return Metrics(
        docs=len(docs), exact_docs=sum(d.exact for d in docs),
        cells=sum(d.score.cells for d in docs), right=sum(d.score.right for d in docs),
        extra=sum(d.score.extra for d in docs), output_cells=sum(d.output_cells for d in docs),
        tables=len(tables), tables_exact=sum(t.exact for t in tables), status_ok=sum(t.status_ok for t in tables),
        template_ok=sum(d.score.template_ok for d in docs), grits_tables=len(grits),
        grits_f=sum(g.f for g in grits) / len(grits) if grits else None,
        grits_precision=sum(g.precision for g in grits) / len(grits) if grits else None,
        grits_recall=sum(g.recall for g in grits) / len(grits) if grits else None,
        identities_gold=_tally(c for d in docs for c in d.identities_gold),
        identities_output=_tally(c for d in docs for c in d.identities_output),
        labels=labels, calibration=tuple(calibration_bins(points)), per_table=tuple(per_table),
        status_pairs=tuple((g, o, n) for (g, o), n in sorted(pairs.items())),
        trust=sum((d.trust for d in docs), TrustCounts()), families=per_family(docs),
        meta=tally_meta(d.meta for d in docs),
    )
