"""Scoring recovered reports against gold (both in the output contract), and the evaluation report.

Cell accuracy follows the independent scorer (shared/tools/score.py) exactly: a gold cell is right
when the output has the same (row path, column path) after label normalisation (NFKC, white space
and quote marks removed) and the same value as a number; an absent cell is wrong; a document is exact
when every cell, every table status (missing or not) and the template match and there is no extra
cell. On top of that, ``evaluate_system`` measures per output: tuple precision/recall/F1, exact
tables, status and template accuracy, GriTS-Con of the rendered grids (``grits.py``), the template's
arithmetic identities on gold and on output, per-label fragment scores and the confusion matrix where
fragment labels are known, and confidence calibration. Every metric is defined in docs/evaluation.md.
Results are typed dataclasses; ``to_dict`` turns them into JSON at the edge.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .grits import GritsScore, grits_con
from .labels import LABELS
from .result import CellResult, Check, TableResult
from .template import FORMATS, TABLE_IDS, get_template

if TYPE_CHECKING:
    from .pipeline import Labeller

Key = tuple[tuple[str, ...], tuple[str, ...]]
Value = float | str | None  # a number, None for a blank / "/" / "无" cell, "bad:<text>" for a value that is no number

_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "「": "", "」": "", "‘": "", "’": "", "'": ""})
_SPACE_RE = re.compile(r"\s+")
N_CALIBRATION_BINS = 10


# -- comparing one output with its gold, cell by cell ------------------------------------------------

def norm_label(label: str) -> str:
    """A label as the scorer compares it: NFKC, no white space, no quote marks."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", label)).translate(_QUOTES)


def _key(cell: dict) -> Key:
    return tuple(norm_label(x) for x in cell.get("row") or []), tuple(norm_label(x) for x in cell.get("col") or [])


def _num(v) -> Value:
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(v) if isinstance(v, (int, float)) else float(str(v).replace(",", ""))
    except (ValueError, OverflowError):
        return "bad:" + str(v)


def _same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return False
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def value_text(v: Value) -> str:
    """A value as grid text: '' for blank, integers without '.0', decimals as written."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v[4:] if v.startswith("bad:") else v
    if math.isfinite(v) and v.is_integer():
        return str(int(v))
    return f"{v:.12g}"


def _cells_of(table) -> dict[Key, tuple[dict, Value]]:
    """Cells by normalised key (a later duplicate wins, as in the scorer); unreadable cells are skipped."""
    out: dict[Key, tuple[dict, Value]] = {}
    if not isinstance(table, dict):
        return out
    for c in table.get("cells") or []:
        try:
            key = _key(c)
        except Exception:  # noqa: BLE001 - the scorer skips any cell whose labels cannot be read
            continue
        out[key] = (c, _num(c.get("value")))
    return out


@dataclass(frozen=True)
class CellComparison:
    """One gold cell with what the output has there, or one output cell that gold does not have."""

    table: str
    row: tuple[str, ...]            # the label path as written in gold (in the output, for an extra cell)
    col: tuple[str, ...]
    gold: Value
    output: Value
    present: bool                   # the output has this cell
    in_gold: bool                   # gold has this cell (False: an extra cell)
    confidence: float | None = None
    raw: str | None = None
    kind: str | None = None
    lines: tuple[int, ...] = ()

    @property
    def right(self) -> bool:
        return self.present and self.in_gold and _same(self.output, self.gold)

    @property
    def outcome(self) -> str:
        """'right', 'wrong' (another value), 'absent' (not in the output) or 'extra' (not in gold)."""
        if not self.in_gold:
            return "extra"
        if not self.present:
            return "absent"
        return "right" if self.right else "wrong"


@dataclass(frozen=True)
class TableScore:
    table: str
    gold_status: str | None
    output_status: str | None
    cells: int          # gold cells
    right: int
    extra: int          # output cells gold does not have
    output_cells: int   # distinct output cells
    grits: GritsScore | None  # None when neither gold nor output has a cell
    gold_grid: tuple[tuple[str, ...], ...] = ()
    output_grid: tuple[tuple[str, ...], ...] = ()

    @property
    def status_ok(self) -> bool:
        return (self.gold_status == "missing") == (self.output_status == "missing")

    @property
    def exact(self) -> bool:
        return self.status_ok and self.right == self.cells and self.extra == 0


@dataclass(frozen=True)
class Comparison:
    template_ok: bool
    tables: tuple[TableScore, ...]
    cells: tuple[CellComparison, ...]


def canonical_grid(cells: Iterable[tuple[Key, Value]]) -> tuple[tuple[str, ...], ...]:
    """A table's cells as a 2D grid of text: a header row of column paths, then one row per row path
    (its label, then its values); rows and columns in order of first appearance (template order)."""
    cells = list(cells)
    rows = list(dict.fromkeys(k[0] for k, _ in cells))
    cols = list(dict.fromkeys(k[1] for k, _ in cells))
    if not cells:
        return ()
    at = {k: v for k, v in cells}
    grid = [("",) + tuple("/".join(c) for c in cols)]
    for r in rows:
        grid.append(("/".join(r),) + tuple(value_text(at[(r, c)]) if (r, c) in at else "" for c in cols))
    return tuple(grid)


def _float_or_none(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _output_fields(cell: dict) -> dict:
    lines = cell.get("lines") or []
    return {"confidence": _float_or_none(cell.get("confidence")),
            "raw": cell.get("raw") if isinstance(cell.get("raw"), str) else None,
            "kind": cell.get("kind") if isinstance(cell.get("kind"), str) else None,
            "lines": tuple(n for n in lines if isinstance(n, int)) if isinstance(lines, list) else ()}


def _path(cell: dict, field_name: str) -> tuple[str, ...]:
    return tuple(str(x) for x in cell.get(field_name) or [])


def compare_reports(pred: dict | None, gold: dict) -> Comparison:
    """Every gold cell against the output, the output's extra cells, and per-table scores."""
    pred = pred if isinstance(pred, dict) else {}
    gold_tables = gold.get("tables") or {}
    pred_tables = pred.get("tables") or {}
    tables: list[TableScore] = []
    cells: list[CellComparison] = []
    for t in TABLE_IDS:
        g = gold_tables.get(t) or {"status": "missing", "cells": []}
        p = pred_tables.get(t) if isinstance(pred_tables, dict) else None
        p = p if isinstance(p, dict) else {}
        gc, pc = _cells_of(g), _cells_of(p)
        right = 0
        for key, (gcell, gv) in gc.items():
            if key in pc:
                pcell, pv = pc[key]
                cmp = CellComparison(t, _path(gcell, "row"), _path(gcell, "col"), gv, pv, True, True, **_output_fields(pcell))
            else:
                cmp = CellComparison(t, _path(gcell, "row"), _path(gcell, "col"), gv, None, False, True)
            right += cmp.right
            cells.append(cmp)
        extra = 0
        for key, (pcell, pv) in pc.items():
            if key not in gc:
                extra += 1
                cells.append(CellComparison(t, _path(pcell, "row"), _path(pcell, "col"), None, pv, True, False,
                                            **_output_fields(pcell)))
        ggrid = canonical_grid((k, v) for k, (_, v) in gc.items())
        pgrid = canonical_grid((k, v) for k, (_, v) in pc.items())
        score = grits_con(ggrid, pgrid) if (ggrid or pgrid) else None
        tables.append(TableScore(t, g.get("status"), p.get("status"), len(gc), right, extra, len(pc), score, ggrid, pgrid))
    template_ok = str(pred.get("template")) == str(gold.get("template"))
    return Comparison(template_ok, tuple(tables), tuple(cells))


@dataclass
class DocScore:
    name: str
    cells: int = 0
    right: int = 0
    extra: int = 0
    status_ok: int = 0
    template_ok: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.right == self.cells and self.extra == 0 and self.status_ok == len(TABLE_IDS) and self.template_ok


def _doc_score(name: str, cmp: Comparison) -> DocScore:
    s = DocScore(name, template_ok=cmp.template_ok)
    for t in cmp.tables:
        s.cells += t.cells
        s.right += t.right
        s.extra += t.extra
        s.status_ok += t.status_ok
        if not t.status_ok:
            s.errors.append(f"{t.table}: status {t.output_status!r}, gold {t.gold_status!r}")
        for c in cmp.cells:
            if c.table == t.table and c.in_gold and not c.right:
                got = value_text(c.output) if c.present else "absent"
                s.errors.append(f"{t.table}: {'/'.join(c.row)} | {'/'.join(c.col)}: got {got}, gold {value_text(c.gold) or None}")
    return s


def score_doc(name: str, pred: dict | None, gold: dict) -> DocScore:
    """Cells right, extra cells, statuses and template of one output against its gold (as score.py)."""
    return _doc_score(name, compare_reports(pred, gold))


@dataclass
class Summary:
    docs: int
    exact: int
    cells: int
    right: int
    cell_accuracy: float
    doc_exact: float

    def to_dict(self) -> dict:
        return asdict(self)


def summarise(scores: list[DocScore]) -> Summary:
    cells = sum(s.cells for s in scores)
    right = sum(s.right for s in scores)
    exact = sum(s.exact for s in scores)
    n = max(len(scores), 1)
    return Summary(len(scores), exact, cells, right, right / max(cells, 1), exact / n)


# -- the template's identities, on gold and on output ------------------------------------------------

def identity_checks(report: dict) -> list[Check]:
    """The arithmetic identities of the report's own template, evaluated on its values.

    Cells are matched to the template by normalised labels. A gold cell has no ``kind``: a null value
    counts as blank (0), as in the checks on output; a cell without a template format is not checked.
    """
    from .checks import evaluate_checks

    name = report.get("template")
    if str(name) not in FORMATS:
        return []
    template = get_template(str(name))
    tables: dict[str, TableResult] = {}
    for tid in TABLE_IDS:
        t = (report.get("tables") or {}).get(tid) or {}
        canon = {(tuple(map(norm_label, r)), tuple(map(norm_label, c))): (r, c) for r, c in template.table(tid).cells()}
        cells = []
        for key, (c, v) in _cells_of(t).items():
            if key not in canon:
                continue
            kind = c.get("kind") if isinstance(c.get("kind"), str) else None
            if isinstance(v, str):
                kind, v = "text", None
            kind = kind or ("empty" if v is None else "zero" if v == 0 else "number")
            conf = _float_or_none(c.get("confidence"))
            cells.append(CellResult(*canon[key], v, str(c.get("raw") or ""), kind, 1.0 if conf is None else conf, ()))
        tables[tid] = TableResult(tid, str(t.get("status") or "missing"), cells)
    return evaluate_checks(tables, template)


# -- fragments and their labels ----------------------------------------------------------------------

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


GoldLabels = dict[tuple[int, int], tuple[str, str | None]]  # (line, cell) -> (fragment text, label)


def read_gold_labels(labels_path: Path) -> GoldLabels:
    """Labels of an annotated sample by (line, cell); raises corpus.AnnotationError when they drifted."""
    from .corpus import read_sample

    doc = read_sample(labels_path)
    return {(f.lines[0], f.cell): (f.text, lab) for f, lab in zip(doc.fragments, doc.labels)}


def fragment_views(fragments: Sequence, gold_labels: GoldLabels | None) -> list[FragmentView]:
    out = []
    for f in fragments:
        gold = None
        if gold_labels is not None:
            text, lab = gold_labels.get((f.lines[0], f.cell), (None, None))
            gold = lab if text == f.text else None
        out.append(FragmentView(f.lines[0], f.cell, f.start, f.end, f.text, f.label, float(f.confidence), gold))
    return out


# -- one document ------------------------------------------------------------------------------------

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
    return DocEvaluation(name, source or name, gold.get("template"), pred.get("template"), cmp, _doc_score(name, cmp),
                         identity_checks(gold), identity_checks(pred), list(lines), list(fragments), labels_known,
                         list(problems), pred)


# -- aggregates ------------------------------------------------------------------------------------

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
class CalibrationBin:
    lo: float
    hi: float
    cells: int
    right: int
    confidence_sum: float

    @property
    def accuracy(self) -> float | None:
        return self.right / self.cells if self.cells else None

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.cells if self.cells else None


def calibration_bins(points: Iterable[tuple[float, bool]], n_bins: int = N_CALIBRATION_BINS) -> list[CalibrationBin]:
    """Equal-width confidence bins [k/n, (k+1)/n), the last one closed, with the share right in each."""
    counts = [[0, 0, 0.0] for _ in range(n_bins)]
    for conf, right in points:
        conf = min(max(conf, 0.0), 1.0)
        k = min(int(conf * n_bins), n_bins - 1)
        counts[k][0] += 1
        counts[k][1] += right
        counts[k][2] += conf
    return [CalibrationBin(k / n_bins, (k + 1) / n_bins, int(c[0]), int(c[1]), float(c[2])) for k, c in enumerate(counts)]


def expected_calibration_error(bins: Sequence[CalibrationBin]) -> float | None:
    n = sum(b.cells for b in bins)
    if not n:
        return None
    return sum(b.cells / n * abs(b.accuracy - b.mean_confidence) for b in bins if b.cells)  # type: ignore[operator]


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
    )


# -- finding data and running systems --------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """One document to evaluate: a scrape, its gold output, and (for annotated samples) its labels."""

    name: str
    source: Path
    gold: Path
    labels: Path | None = None


def find_gold_pairs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(scrape, gold) pairs: X.txt beside X.gold.json, in the given files or directories."""
    pairs = []
    for p in paths:
        gold_files = sorted(p.rglob("*.gold.json")) if p.is_dir() else ([p] if p.name.endswith(".gold.json") else [])
        if p.is_file() and not p.name.endswith(".gold.json"):
            g = p.with_name(p.stem + ".gold.json")
            if g.exists():
                pairs.append((p, g))
            continue
        for g in gold_files:
            stem = g.name[: -len(".gold.json")]
            for ext in (".txt", ".html", ".htm", ".pdf", ".docx", ".doc"):
                src = g.with_name(stem + ext)
                if src.exists():
                    pairs.append((src, g))
                    break
    return pairs


def find_samples(paths: Sequence[Path]) -> tuple[list[Sample], list[str]]:
    """Samples in files and directories, and notes on what was skipped and why.

    Accepts annotated samples (NAME.labels.tsv beside NAME.txt and NAME.gold.json), scrapes beside
    gold files (X.txt with X.gold.json; .html too), gold files, and directories of any of these.
    """
    samples: dict[Path, Sample] = {}
    notes: list[str] = []
    for p in map(Path, paths):
        if not p.exists():
            notes.append(f"{p}: does not exist")
            continue
        found = []
        if p.is_file() and p.name.endswith(".labels.tsv"):
            name = p.name[: -len(".labels.tsv")]
            src, gold = p.with_name(name + ".txt"), p.with_name(name + ".gold.json")
            if src.exists() and gold.exists():
                found.append((src, gold))
            else:
                notes.append(f"{p}: skipped, needs {src.name} and {gold.name} beside it")
        else:
            found = find_gold_pairs([p])
            if p.is_dir():
                for lab in sorted(p.rglob("*.labels.tsv")):
                    if not lab.with_name(lab.name[: -len(".labels.tsv")] + ".gold.json").exists():
                        notes.append(f"{lab}: skipped, no gold file beside it")
            elif not found:
                notes.append(f"{p}: skipped, no gold file (X.gold.json) beside it")
        for src, gold in found:
            stem = gold.name[: -len(".gold.json")]
            lab = gold.with_name(stem + ".labels.tsv")
            key = src.resolve()
            if key not in samples:
                samples[key] = Sample(src.stem, src, gold, lab if lab.exists() and src.suffix == ".txt" else None)
    return list(samples.values()), notes


def analyse_file(path: Path, labeller):
    """As pipeline.recover_file, but keeping what recovery saw (lines and labelled fragments)."""
    from .io import read_input
    from .pipeline import analyse_input

    return analyse_input(read_input(path), labeller)


@dataclass(frozen=True)
class LoadedSample:
    sample: Sample
    gold: dict
    gold_labels: GoldLabels | None
    notes: tuple[str, ...] = ()


def load_sample(sample: Sample) -> LoadedSample:
    from .corpus import AnnotationError

    gold = json.loads(sample.gold.read_text(encoding="utf-8"))
    if sample.labels is None:
        return LoadedSample(sample, gold, None)
    try:
        return LoadedSample(sample, gold, read_gold_labels(sample.labels))
    except (AnnotationError, OSError, ValueError) as e:
        return LoadedSample(sample, gold, None, (f"labels not used: {e}",))


@dataclass(frozen=True)
class System:
    """A way of recovering reports that evaluation scores: a name, what it is, and its labeller."""

    name: str
    description: str
    labeller: Labeller


@dataclass
class SystemEvaluation:
    name: str
    description: str
    documents: list[DocEvaluation]
    metrics: Metrics

    def to_dict(self, documents: bool = True) -> dict:
        d = {"system": self.name, "description": self.description, **self.metrics.to_dict()}
        if documents:
            d["documents"] = [doc.to_dict() for doc in self.documents]
        return d


def evaluate_system(samples: Sequence[LoadedSample], system: System,
                    progress: Callable[[str], None] = lambda msg: None) -> SystemEvaluation:
    """Recover every sample with the system's labeller and evaluate each output against its gold."""
    docs = []
    for ls in samples:
        s = ls.sample
        analysis = analyse_file(s.source, system.labeller)
        pred = analysis.report.to_dict()
        frags = fragment_views(analysis.fragments, ls.gold_labels)
        docs.append(evaluate_report(s.name, pred, ls.gold, source=str(s.source), lines=analysis.lines, fragments=frags,
                                    labels_known=ls.gold_labels is not None,
                                    problems=list(ls.notes) + list(analysis.report.problems)))
        progress(f"{system.name}: {s.name}")
    return SystemEvaluation(system.name, system.description, docs, aggregate(docs))


@dataclass
class EvaluationReport:
    """The main system, the baselines evaluated in the same run, and notes (skipped data or baselines)."""

    systems: list[SystemEvaluation]
    notes: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)

    @property
    def main(self) -> SystemEvaluation:
        return self.systems[0]

    @property
    def baselines(self) -> list[SystemEvaluation]:
        return self.systems[1:]

    def to_dict(self) -> dict:
        from . import __version__

        return {**self.main.to_dict(),
                "baselines": {b.name: b.to_dict() for b in self.baselines},
                "notes": self.notes, "data": self.data, "tablerecover": __version__}


def run_evaluation(samples: Sequence[Sample], systems: Sequence[System], notes: Sequence[str] = (),
                   data: Sequence[str] = (), progress: Callable[[str], None] = lambda msg: None) -> EvaluationReport:
    """Evaluate each system (the first is the main one, the rest baselines) on the same samples."""
    loaded = [load_sample(s) for s in samples]
    return EvaluationReport([evaluate_system(loaded, sys, progress) for sys in systems], list(notes), list(data))


def default_baseline_dir() -> Path:
    """Where the context-free baseline model lives: models/baseline-nocontext beside the shipped model."""
    from .model import DEFAULT_MODEL_DIR

    return DEFAULT_MODEL_DIR.parent / "baseline-nocontext"


def model_dir_in_use(path: Path | None) -> Path:
    """The model directory ``load_model(path)`` reads: the given one, $TABLERECOVER_MODEL, or the shipped one."""
    import os

    from .model import DEFAULT_MODEL_DIR

    return Path(path or os.environ.get("TABLERECOVER_MODEL") or DEFAULT_MODEL_DIR)


RULES_NAME, MODEL_NAME, NOCONTEXT_NAME = "rules-only", "model", "context-free"


def rules_system() -> System:
    from .pipeline import RuleLabeller

    return System(RULES_NAME, "hand-written rules label the fragments (rules.py), no classifier", RuleLabeller())


def model_system(labeller: Labeller, model_dir: Path, name: str = MODEL_NAME) -> System:
    return System(name, f"sequence model in {model_dir}", labeller)


def baseline_systems(main: System, main_model_dir: Path | None = None, nocontext_dir: Path | None = None,
                     enabled: bool = True) -> tuple[list[System], list[str]]:
    """The baselines to run beside ``main``, and notes on the ones skipped.

    Rules-only (unless main is that already) and the context-free model from ``nocontext_dir``
    (default: ``default_baseline_dir()``), skipped with a note when it is absent or unreadable.
    """
    from .model import ModelVersionError, SequenceTagger

    if not enabled:
        return [], ["baselines skipped (--no-baselines)"]
    systems, notes = [], []
    if main.name == RULES_NAME:
        notes.append("rules-only baseline: it is the main system of this run")
    else:
        systems.append(rules_system())
    path = Path(nocontext_dir) if nocontext_dir else default_baseline_dir()
    if main_model_dir is not None and path.resolve() == Path(main_model_dir).resolve():
        notes.append(f"context-free baseline: {path} is the main model of this run")
    elif not (path / "meta.json").exists():
        notes.append(f"context-free baseline skipped: no model in {path} (make one with `tablerecover train "
                     f"corpora/seeds --config training/nocontext.toml --out {path}`)")
    else:
        try:
            systems.append(System(NOCONTEXT_NAME, f"context-free classifier in {path} (no neighbour features, "
                                                  "no transition decoding)", SequenceTagger.load(path)))
        except (ModelVersionError, OSError, ValueError, KeyError) as e:
            notes.append(f"context-free baseline skipped: cannot load {path}: {e}")
    return systems, notes


def write_outputs(system: SystemEvaluation, out_dir: Path) -> list[Path]:
    """Each recovered report as OUT_DIR/<name>.json (for another scorer, e.g. shared/tools/score.py)."""
    from .io import write_json_atomic

    paths = []
    for d in system.documents:
        dest = Path(out_dir) / f"{d.name}.json"
        write_json_atomic(dest, d.output)
        paths.append(dest)
    return paths


# -- the Markdown summary ----------------------------------------------------------------------------

def _f(x: float | None, nd: int = 4) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def format_markdown(report: EvaluationReport) -> str:
    """The summary printed by ``tablerecover evaluate``: systems side by side, documents, labels, calibration."""
    main = report.main
    m = main.metrics
    out = [f"# Evaluation: {m.docs} documents, {m.cells} gold cells", ""]
    out += ["| system | cell acc | tuple P | tuple R | tuple F1 | doc exact | table exact | status acc | "
            "template acc | GriTS-Con | identities out (gold) | fragment acc |",
            "|---|" + "---:|" * 11]
    for s in report.systems:
        x = s.metrics
        frag = _f(x.labels.accuracy) if x.labels else "–"
        out.append(f"| {s.name} | {_f(x.cell_accuracy)} | {_f(x.tuple_precision)} | {_f(x.tuple_recall)} | "
                   f"{_f(x.tuple_f1)} | {_f(x.doc_exact)} | {_f(x.table_exact)} | {_f(x.status_accuracy)} | "
                   f"{_f(x.template_accuracy)} | {_f(x.grits_f)} | {_f(x.identity_pass_rate_output, 3)} "
                   f"({_f(x.identity_pass_rate_gold, 3)}) | {frag} |")
    out += ["", *(f"- {s.name}: {s.description}" for s in report.systems)]
    out += ["", "## Documents", "", "| document | " + " | ".join(f"{s.name} cells right" for s in report.systems)
            + f" | {main.name} extra | {main.name} template | {main.name} GriTS-Con |",
            "|---|" + "---:|" * (len(report.systems) + 3)]
    for i, d in enumerate(main.documents):
        per = []
        for s in report.systems:
            x = s.documents[i]
            per.append(f"{x.score.right}/{x.score.cells}{' ✓' if x.exact else ''}")
        grits = [t.grits.f for t in d.comparison.tables if t.grits is not None]
        tmpl = "ok" if d.score.template_ok else f"{d.output_template} (gold {d.gold_template})"
        out.append(f"| {d.name} | {' | '.join(per)} | {d.score.extra} | {tmpl} | {_f(sum(grits) / len(grits) if grits else None)} |")
    out.append("")
    out.append("✓ = exact document (every cell, status and the template right, no extra cell).")
    if m.labels:
        lab = m.labels
        out += ["", f"## Fragment labels ({main.name}; {lab.docs} annotated documents, {lab.fragments} fragments, "
                f"accuracy {_f(lab.accuracy)}, macro F1 {_f(lab.macro_f1)})", "",
                "| label | precision | recall | F1 | support | predicted |", "|---|---:|---:|---:|---:|---:|"]
        out += [f"| {s.label} | {_f(s.precision, 3)} | {_f(s.recall, 3)} | {_f(s.f1, 3)} | {s.support} | {s.predicted} |"
                for s in lab.scores()]
    else:
        out += ["", "Fragment labels: no annotated sample (NAME.labels.tsv) among the data, so no per-label scores."]
    out += ["", f"## Calibration ({main.name}; cell confidence vs share right, ECE {_f(m.expected_calibration_error)})", "",
            "| confidence | cells | right | accuracy | mean confidence |", "|---|---:|---:|---:|---:|"]
    out += [f"| {b.lo:.1f}–{b.hi:.1f} | {b.cells} | {b.right} | {_f(b.accuracy, 3)} | {_f(b.mean_confidence, 3)} |"
            for b in m.calibration if b.cells]
    if report.notes:
        out += ["", "Notes:", *(f"- {n}" for n in report.notes)]
    out += ["", f"cell_accuracy={m.cell_accuracy:.4f} doc_exact={m.doc_exact:.4f} docs={m.docs}"]
    return "\n".join(out)
