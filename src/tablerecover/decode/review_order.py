"""Table 四 printed in an order that is not its columns' (pdftotext's default order of a Word PDF whose
narrow columns print their names one character a line): some columns' numbers come later, after the
pieces of their taller header cells — each group's 总计 spans both header lines, and a group's 结果维持
may stand apart from its group's name ("结" "果" … "8" "0" "1" … "维" "持" "3" "12" "2" "1" for
3 8 0 1 12 · 0 1 0 1 2 · 1 0 0 0 1). The three group totals choose the order."""
from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..result import Alternative, CellResult, cell_where
from ..template import TableSpec
from ..values import parse_value
from .orders import TIED_CONFIDENCE
from .rows import REVIEW_CELLS, REVIEW_GROUP, row_identity
from .units import Unit

# Columns whose header cells stand apart from their group's: each group's 结果维持 and 总计.
MOVABLE = tuple(g + i for g in range(0, REVIEW_CELLS, REVIEW_GROUP) for i in (0, REVIEW_GROUP - 1))
MAX_MOVED = 4  # columns printed late, at most (all the readings up to it: ~30k orders)
MOVED_CONFIDENCE = 0.85  # an order chosen by the group totals alone: a guess, below sure
MOVED_NOTE = ("table 四's numbers stand among its header's pieces in an order that fails a group total as "
              "printed: read with some columns printed later (each group's 结果维持 or 总计), the fewest "
              "that make every group add up")


def _orders(values: Sequence[float]) -> dict[tuple[float, ...], tuple[int, ...]]:
    """The rows (each with the printed place of each column) that pass every group total with the
    fewest movable columns printed later than in column order, the others in column order."""
    identity = row_identity("review_litigation", REVIEW_CELLS)
    n = len(values)
    for k in range(1, MAX_MOVED + 1):
        found: dict[tuple[float, ...], tuple[int, ...]] = {}
        for moved in itertools.combinations(MOVABLE, k):
            stay = [c for c in range(n) if c not in moved]
            for at in itertools.combinations(range(n), k):
                if any(p <= c for c, p in zip(moved, at)):
                    continue  # a moved column is printed later than its place
                places = [0] * n
                for c, p in zip(moved, at):
                    places[c] = p
                for c, p in zip(stay, (p for p in range(n) if p not in at)):
                    places[c] = p
                row = tuple(values[p] for p in places)
                if identity(row):
                    found.setdefault(row, tuple(places))
        if found:
            return found
    return {}


def _likeliest(places: tuple[int, ...]) -> tuple[int, int]:
    """Orders of the same columns' count, likeliest first: the late columns printed together (one run
    of places: a taller header's cells end lower, all at once), then the fewest places moved."""
    late = sorted(p for c, p in enumerate(places) if p > c)
    return sum(i == 0 or p != late[i - 1] + 1 for i, p in enumerate(late)), sum(abs(p - c) for c, p in enumerate(places))


def moved_columns_cells(spec: TableSpec, numbers: list[Unit], plain: list[CellResult]
                        ) -> tuple[list[CellResult], list[tuple[str, str]]] | None:
    """Table 四's cells read with some columns printed late, where its 15 numbers (standing among its
    header's pieces: the caller looks) fail a group total in the order printed. One row of values
    from the fewest columns moved: each cell at MOVED_CONFIDENCE — but a cell every order reads from
    its own place keeps the row reader's confidence (``plain``: the cells read in the order printed);
    several rows: the likeliest first (``_likeliest``) with the others' values as alternatives where
    they differ, below 0.5, and a note naming those cells. None where the text does not read so."""
    row = spec.rows[0]
    parsed = [parse_value(u.text) for u in numbers]
    if (len(numbers) != REVIEW_CELLS or len(row.cols) != REVIEW_CELLS
            or any(v.kind not in ("zero", "number") for v in parsed)):
        return None
    values = [v.value or 0 for v in parsed]
    identity = row_identity(spec.id, REVIEW_CELLS)
    if identity(values) or not (found := _orders(values)):
        return None
    orders = sorted(found.values(), key=_likeliest)
    cells, tied = [], []
    for c, col in enumerate(row.cols):
        u, v = numbers[orders[0][c]], parsed[orders[0][c]]
        others = tuple(dict.fromkeys(Alternative(parsed[o[c]].value, numbers[o[c]].text)
                                     for o in orders[1:] if parsed[o[c]].value != v.value))
        in_place = all(o[c] == c for o in orders) and plain[c].raw == u.text
        confidence = min(u.confidence, TIED_CONFIDENCE if others else MOVED_CONFIDENCE)
        cells.append(plain[c] if in_place else CellResult(row.path, col, v.value, u.text, v.kind, confidence,
                                                          tuple(u.lines), alternatives=others, read="moved?"))
        if others:
            tied.append(cell_where(spec.id, row.path, col))
    notes = [(spec.id, MOVED_NOTE)]
    if tied:
        notes.append(("; ".join(tied), (f"{spec.id}: {len(orders)} orders of the late columns make every group "
                                        "add up; the cells they differ in keep the others as alternatives")))
    return cells, notes
