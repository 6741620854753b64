"""One document evaluated: its comparison with gold, identities, fragments and metadata scores."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..result import Check
from .calibration import FLAG_BELOW, TrustCounts, trust_counts
from .compare import Comparison, DocScore, compare_reports, doc_score
from .identities import identity_checks
from .metadata import FieldScore, score_meta
from .samples import GoldLabels, family_of

@dataclass(frozen=True)
class FragmentView:
    """A fragment as evaluation shows it: where it is, its predicted label and (if known) its gold label."""

    line: int       # 1-based source line
    cell: int
    start: int      # span in the normalised line
    end: int
    text: str
    predicted: str | None
    confidence: float
    gold: str | None = None



def fragment_views(fragments: Sequence, gold_labels: GoldLabels | None) -> list[FragmentView]:
    out = []
    for f in fragments:
        gold = None
        if gold_labels is not None:
            text, lab = gold_labels.get((f.lines[0], f.cell), (None, None))
            gold = lab if text == f.text else None
        out.append(FragmentView(f.lines[0], f.cell, f.start, f.end, f.text, f.label, float(f.confidence), gold))
    return out


@dataclass
class DocEvaluation:
    name: str
    source: str
    gold_template: str | None
    output_template: str | None
    comparison: Comparison
    score: DocScore
    identities_gold: list[Check]
    identities_output: list[Check]
    lines: list[str] = field(default_factory=list)          # normalised source lines (line n is lines[n-1])
    fragments: list[FragmentView] = field(default_factory=list)
    labels_known: bool = False
    problems: list[str] = field(default_factory=list)
    output: dict | None = field(default=None, repr=False)   # the recovered report, in the output contract
    family: str = "other"                                   # the flattening family (samples.family_of)
    meta: dict[str, FieldScore] = field(default_factory=dict)

    @cached_property  # read by the aggregates, the per-family table, the JSON and the HTML
    def trust(self) -> TrustCounts:
        return trust_counts(self.comparison.cells)

    @property
    def flagged(self) -> bool:
        """The output asks for a review: a cell below FLAG_BELOW confidence, unread, or with alternatives."""
        return any(c.present and ((c.confidence is not None and c.confidence < FLAG_BELOW) or c.kind == "unread"
                                  or c.alternatives) for c in self.comparison.cells)

    @property
    def exact(self) -> bool:
        return self.score.exact

    @property
    def cell_accuracy(self) -> float:
        return self.score.right / max(self.score.cells, 1)

    @property
    def output_cells(self) -> int:
        return sum(t.output_cells for t in self.comparison.tables)

    def labelled_fragments(self) -> list[FragmentView]:
        return [f for f in self.fragments if f.gold is not None and f.predicted is not None]

    def to_dict(self, max_errors: int = 50) -> dict:
        s = self.score
        lab = self.labelled_fragments()
        grits = [t.grits.f for t in self.comparison.tables if t.grits is not None]
        return {
            "name": self.name, "source": self.source, "family": self.family, "cells": s.cells, "right": s.right,
            "extra": s.extra,
            "output_cells": self.output_cells, "exact": s.exact, "cell_accuracy": round(self.cell_accuracy, 6),
            "tuple_precision": round(s.right / max(self.output_cells, 1), 6),
            "status_ok": s.status_ok, "template_ok": s.template_ok,
            "gold_template": self.gold_template, "output_template": self.output_template,
            "grits_con": round(sum(grits) / len(grits), 6) if grits else None,
            "tables": {t.table: {"gold_status": t.gold_status, "output_status": t.output_status, "cells": t.cells,
                                 "right": t.right, "extra": t.extra, "exact": t.exact,
                                 "grits_con": t.grits.to_dict() if t.grits else None} for t in self.comparison.tables},
            "identities_gold": {"passed": sum(c.ok for c in self.identities_gold), "total": len(self.identities_gold)},
            "identities_output": {"passed": sum(c.ok for c in self.identities_output), "total": len(self.identities_output)},
            "labels_known": self.labels_known,
            "fragment_accuracy": round(sum(f.predicted == f.gold for f in lab) / len(lab), 6) if lab else None,
            **self.trust.to_dict(),
            "meta": {f: {"gold": m.gold, "output": m.output, "outcome": m.outcome, "in_text": m.in_text}
                     for f, m in self.meta.items()},
            "problems": self.problems,
            "errors": s.errors[:max_errors],
        }


def evaluate_report(name: str, pred: dict | None, gold: dict, *, source: str = "", lines: Sequence[str] = (),
                    fragments: Sequence[FragmentView] = (), labels_known: bool = False,
                    problems: Sequence[str] = (), family: str | None = None) -> DocEvaluation:
    """Evaluate one output (a dict in the output contract) against its gold; the family defaults to the
    one its name says (``samples.family_of``), the metadata is looked for in ``lines``."""
    cmp = compare_reports(pred, gold)
    pred = pred if isinstance(pred, dict) else {}
    meta = score_meta(pred.get("meta") or {}, gold.get("meta") or {}, "\n".join(lines))
    return DocEvaluation(name, source or name, gold.get("template"), pred.get("template"), cmp, doc_score(name, cmp),
                         identity_checks(gold), identity_checks(pred), list(lines), list(fragments), labels_known,
                         list(problems), pred, family or family_of(name), meta)
