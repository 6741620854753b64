"""The template's arithmetic identities, evaluated on a gold file or an output (both in the output contract)."""
from __future__ import annotations

from ..checks import evaluate_checks
from ..result import CellResult, Check, TableResult
from ..template import FORMATS, TABLE_IDS, get_template
from .compare import cells_by_key, as_float, norm_label


def identity_checks(report: dict) -> list[Check]:
    """The arithmetic identities of the report's own template, evaluated on its values.

    Cells are matched to the template by normalised labels. A gold cell has no ``kind``: a null value
    counts as blank (0), as in the checks on output; a cell without a template format is not checked.
    """
    name = report.get("template")
    if str(name) not in FORMATS:
        return []
    template = get_template(str(name))
    tables: dict[str, TableResult] = {}
    for tid in TABLE_IDS:
        t = (report.get("tables") or {}).get(tid) or {}
        canon = {(tuple(map(norm_label, r)), tuple(map(norm_label, c))): (r, c) for r, c in template.table(tid).cells()}
        cells = []
        for key, (c, v) in cells_by_key(t).items():
            if key not in canon:
                continue
            kind = c.get("kind") if isinstance(c.get("kind"), str) else None
            if isinstance(v, str):
                kind, v = "text", None
            kind = kind or ("empty" if v is None else "zero" if v == 0 else "number")
            conf = as_float(c.get("confidence"))
            cells.append(CellResult(*canon[key], v, str(c.get("raw") or ""), kind, 1.0 if conf is None else conf, ()))
        tables[tid] = TableResult(tid, str(t.get("status") or "missing"), cells)
    return evaluate_checks(tables, template)
