"""One document evaluated: its comparison with gold, identities, fragments and metadata scores."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..result import Check
from .compare import Comparison, DocScore, doc_score, compare_reports
from .identities import identity_checks
from .samples import GoldLabels

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
            "name": self.name, "source": self.source, "cells": s.cells, "right": s.right, "extra": s.extra,
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
            "problems": self.problems,
            "errors": s.errors[:max_errors],
        }


def evaluate_report(name: str, pred: dict | None, gold: dict, *, source: str = "", lines: Sequence[str] = (),
                    fragments: Sequence[FragmentView] = (), labels_known: bool = False,
                    problems: Sequence[str] = ()) -> DocEvaluation:
    """Evaluate one output (a dict in the output contract) against its gold."""
    cmp = compare_reports(pred, gold)
    pred = pred if isinstance(pred, dict) else {}
    return DocEvaluation(name, source or name, gold.get("template"), pred.get("template"), cmp, doc_score(name, cmp),
                         identity_checks(gold), identity_checks(pred), list(lines), list(fragments), labels_known,
                         list(problems), pred)
