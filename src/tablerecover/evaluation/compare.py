"""One recovered report against its gold, cell by cell, exactly as the independent scorer counts.

A gold cell is right when the output has the same (row path, column path) after label
normalisation (NFKC, white space and quote marks removed) and the same value as a number; an
absent cell is wrong; a document is exact when every cell, every table status (missing or not) and
the template match and there is no extra cell (shared/tools/score.py). Each table is also rendered
as a canonical grid and scored with GriTS-Con.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from ..template import TABLE_IDS
from .grits import GritsScore, grits_con

Key = tuple[tuple[str, ...], tuple[str, ...]]
Value = float | str | None  # a number, None for a blank / "/" / "无" cell, "bad:<text>" for a value that is no number

_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "「": "", "」": "", "‘": "", "’": "", "'": ""})
_SPACE_RE = re.compile(r"\s+")


# -- comparing one output with its gold, cell by cell ------------------------------------------------

def norm_label(label: str) -> str:
    """A label as the scorer compares it: NFKC, no white space, no quote marks."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", label)).translate(_QUOTES)


def _key(cell: dict) -> Key:
    return tuple(norm_label(x) for x in cell.get("row") or []), tuple(norm_label(x) for x in cell.get("col") or [])


def as_number(v) -> Value:
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(v) if isinstance(v, (int, float)) else float(str(v).replace(",", ""))
    except (ValueError, OverflowError):
        return "bad:" + str(v)


def same_value(a: Value, b: Value) -> bool:
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


def cells_by_key(table) -> dict[Key, tuple[dict, Value]]:
    """Cells by normalised key (a later duplicate wins, as in the scorer); unreadable cells are skipped."""
    out: dict[Key, tuple[dict, Value]] = {}
    if not isinstance(table, dict):
        return out
    for c in table.get("cells") or []:
        try:
            key = _key(c)
        except Exception:  # noqa: BLE001 - the scorer skips any cell whose labels cannot be read
            continue
        out[key] = (c, as_number(c.get("value")))
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
    alternatives: tuple[Value, ...] = ()  # the other readings the output kept for an ambiguous cell

    @property
    def right(self) -> bool:
        """Right by the chosen value only; alternatives never make a cell right."""
        return self.present and self.in_gold and same_value(self.output, self.gold)

    @property
    def gold_in_alternatives(self) -> bool:
        """A wrong cell whose gold value is among the alternatives the output kept."""
        return self.in_gold and not self.right and any(same_value(a, self.gold) for a in self.alternatives)

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


def as_float(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _output_fields(cell: dict) -> dict:
    lines = cell.get("lines") or []
    return {"confidence": as_float(cell.get("confidence")),
            "raw": cell.get("raw") if isinstance(cell.get("raw"), str) else None,
            "kind": cell.get("kind") if isinstance(cell.get("kind"), str) else None,
            "lines": tuple(n for n in lines if isinstance(n, int)) if isinstance(lines, list) else (),
            "alternatives": _alternatives(cell.get("alternatives"))}


def _alternatives(alts) -> tuple[Value, ...]:
    if not isinstance(alts, list):
        return ()
    return tuple(as_number(a.get("value")) for a in alts if isinstance(a, dict))


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
        gc, pc = cells_by_key(g), cells_by_key(p)
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


def doc_score(name: str, cmp: Comparison) -> DocScore:
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
    return doc_score(name, compare_reports(pred, gold))


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

