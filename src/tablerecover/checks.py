"""The template's arithmetic identities (勾稽关系), evaluated on recovered values, never enforced.

Blank cells count as 0 (reports leave zeros blank); a check that involves a "na" or "text" cell, or
a cell that was not placed (kind "unread"), is not evaluated. A failed identity is reported, and it
lowers the confidence of the cells it involves (one of them is misread or misprinted), never a value.
"""
from __future__ import annotations

from dataclasses import replace

from .result import CellResult, Check, TableResult
from .template import APPLICANT_COLS, REVIEW_COLS, Template

_R3 = "三、本年度办理结果"
# Confidence of a cell in an identity that does not hold: below "sure", above a coin toss.
FAILED_IDENTITY_CONFIDENCE = 0.6

Key = tuple[str, tuple[str, ...], tuple[str, ...]]  # (table, row, col)
# Readings that place a row's values together, its identity choosing which cell each one fills.
JOINT_READS = frozenset({"repeats", "blanks", "overfull", "glued"})


def _num(cell) -> float | None:
    if cell is None or not cell.placed or cell.kind in ("na", "text"):
        return None
    return cell.value if cell.value is not None else 0


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _check(rule: str, where: str, left: list, right: list) -> Check | None:
    if any(v is None for v in left + right):
        return None
    ls, rs = sum(left), sum(right)
    detail = f"{'+'.join(map(_fmt, left))} = {'+'.join(map(_fmt, right))}"
    if abs(ls - rs) > 1e-6:
        detail = f"{'+'.join(map(_fmt, left))} ≠ {'+'.join(map(_fmt, right))} ({_fmt(ls)} vs {_fmt(rs)})"
    return Check(rule, where, abs(ls - rs) <= 1e-6, detail)


def identities(tables: dict[str, TableResult], template: Template) -> list[tuple[Check, list[Key]]]:
    """Every identity that can be evaluated, with the cells it involves."""
    out: list[tuple[Check | None, list[Key]]] = []
    apps = tables.get("applications")
    if apps is not None and apps.status != "missing":
        cells = apps.value_map()
        rows = [r.path for r in template.table("applications").rows]
        first, second = rows[0], rows[1]
        total, carry = (_R3, "（七）总计"), rows[-1]
        results = [r for r in rows if r[0] == _R3 and r != total]
        for col in APPLICANT_COLS:
            where = "/".join(col)
            get = lambda r: _num(cells.get((r, col)))  # noqa: E731
            keys = lambda rs: [("applications", r, col) for r in rs]  # noqa: E731
            out.append((_check("applications.balance", where, [get(first), get(second)], [get(total), get(carry)]),
                        keys([first, second, total, carry])))
            out.append((_check("applications.results_total", where, [get(total)], [get(r) for r in results]),
                        keys([total] + results)))
        for r in rows:
            vals = [_num(cells.get((r, c))) for c in APPLICANT_COLS]
            out.append((_check("applications.row_total", "/".join(r), [vals[-1]], vals[:-1]),
                        [("applications", r, c) for c in APPLICANT_COLS]))
    review = tables.get("review_litigation")
    if review is not None and review.status != "missing":
        cells = review.value_map()
        vals = [_num(cells.get(((), c))) for c in REVIEW_COLS]
        for g in range(3):
            group = vals[5 * g:5 * g + 5]
            where = "/".join(REVIEW_COLS[5 * g][:-1])
            out.append((_check("review_litigation.group_total", where, [group[4]], group[:4]),
                        [("review_litigation", (), c) for c in REVIEW_COLS[5 * g:5 * g + 5]]))
    return [(c, k) for c, k in out if c is not None]


def evaluate_checks(tables: dict[str, TableResult], template: Template) -> list[Check]:
    return [c for c, _ in identities(tables, template)]


def identity_support(tables: dict[str, TableResult], template: Template) -> dict[Key, str]:
    """Per cell: "failed" when an identity it takes part in does not hold, or its row was placed as a
    whole with its numbers in two failing columns (``_misplaced_rows``); "held" when every one that
    could be evaluated holds (cells in none are absent)."""
    out: dict[Key, str] = {}
    for check, keys in identities(tables, template):
        for k in keys:
            if not check.ok:
                out[k] = "failed"
            else:
                out.setdefault(k, "held")
    out.update(dict.fromkeys(_misplaced_rows(tables, {k for k, s in out.items() if s == "failed"}), "failed"))
    return out


def discount_failed_identities(tables: dict[str, TableResult], template: Template) -> None:
    """Cap the confidence of every cell whose identities fail (``identity_support``), in place."""
    failed = {k for k, s in identity_support(tables, template).items() if s == "failed"}
    if not failed:
        return
    for tid, table in tables.items():
        table.cells = [replace(c, confidence=min(c.confidence, FAILED_IDENTITY_CONFIDENCE))
                       if (tid, c.row, c.col) in failed else c for c in table.cells]


def _misplaced_rows(tables: dict[str, TableResult], failed: set[Key]) -> set[Key]:
    """The cells of rows placed as a whole (``JOINT_READS``) whose own numbers stand in two failing
    columns or more, totals aside: a value placed one cell off breaks its column, so a row whose
    values sit where the columns fail is in doubt in every cell (a dump that drops repeats and lost a
    line besides: "0 1 0 4" repeated as 0 1 1 1 1 0 4, three of its 1s in failing columns and
    科研机构's, its column held only by another row's tie, sure). Zeros move nothing, and a column
    failing for another row's misprint fails in every row: a row with one value there stays as it was."""
    out: set[Key] = set()
    for tid, table in tables.items():
        rows: dict[tuple[str, ...], list[CellResult]] = {}
        for c in table.cells:
            if c.placed and c.read in JOINT_READS:
                rows.setdefault(c.row, []).append(c)
        for cells in rows.values():
            keys = [(tid, c.row, c.col) for c in cells]
            if sum(k in failed and bool(c.value) and c.col[-1] != "总计" for k, c in zip(keys, cells)) >= 2:
                out.update(keys)
    return out
