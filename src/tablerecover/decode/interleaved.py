"""Two rows whose lines pdftotext -layout interleaved.

pdftotext -layout sets each word on the line of its baseline. Where a wrapped label makes two rows
tall and their cells sit centred in them, the cells of the upper row and of the lower one stand at
nearly the same heights, and the two rows come out line by line in turn: the upper row's first
numbers on the lower row's enumerator line, the lower row's on its label's line, then the rest of
each column's two cells on lines of their own, the upper one first (`4.保护第三方合法权益` /
`予公开 5.  4 0 0` / `属于三类内部事务信息 2 0 0` / `0` / `0` / … / `0 4` / `0 2` for 4 0 0 0 0 0 4 and
2 0 0 0 0 0 2). Read in text order, the upper row is short and the lower one overfull.

Each line's numbers belong to one of the two rows; in every column the upper row's number comes
first. Where exactly one share of the lines gives both rows their count and both rows' identities,
that is the reading: a guess by the text's order, below sure (the two rows' zeros may swap alike).
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import product

from ..values import parse_value
from .rows import fits, row_identity
from .units import Unit

MAX_LINES = 12  # the two rows' lines: 2**11 shares at most (the first line is the upper row's)


def split_interleaved(table_id: str, widths: list[int], units: list[Unit], pos: dict[int, int],
                      labels: list[int | None], row_tokens: list[list[Unit]]) -> set[int]:
    """Rows whose numbers were shared out again between two interleaved rows (a short row, then an
    overfull one), ``row_tokens`` set in place; ``labels`` is each row's label unit index or None,
    ``pos`` the index of each of the table's units by ``id``."""
    claimed = {id(u): r for r, t in enumerate(row_tokens) for u in t}
    out: set[int] = set()
    for r in range(len(widths) - 1):
        n, upper, lower, label = widths[r], row_tokens[r], row_tokens[r + 1], labels[r]
        identity = row_identity(table_id, n)
        if (identity is None or widths[r + 1] != n or label is None or labels[r + 1] is None
                or not len(upper) < n < len(lower) or r in out):
            continue
        stream = [u for u in units[label + 1:pos[id(lower[-1])] + 1] if u.value_like]
        if (len(stream) != 2 * n or any(claimed.get(id(u), r) not in (r, r + 1) for u in stream)
                or any(not u.text or parse_value(u.text).kind == "text" for u in stream)):
            continue
        reading = _one_share(stream, n, identity)
        if reading is None:
            continue
        # Lines in turn only: one row's lines after the other's are the text's order, read elsewhere.
        at = {id(u): i for i, u in enumerate(stream)}
        if at[id(reading[0][-1])] > at[id(reading[1][0])]:
            row_tokens[r], row_tokens[r + 1] = reading
            out |= {r, r + 1}
    return out


def _one_share(stream: list[Unit], n: int, identity: Callable[[list], bool]) -> tuple[list[Unit], list[Unit]] | None:
    """The one share of the stream's lines between an upper and a lower row that gives each ``n``
    numbers, the upper row's first in every column, both rows adding up — None where none or
    several (by their values) do."""
    lines: list[list[Unit]] = []
    for u in stream:
        if lines and lines[-1][0].lines[0] == u.lines[0]:
            lines[-1].append(u)
        else:
            lines.append([u])
    if len(lines) > MAX_LINES:
        return None
    found: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[list[Unit], list[Unit]]] = {}
    order = {id(u): i for i, u in enumerate(stream)}
    for share in product((True, False), repeat=len(lines) - 1):
        upper = lines[0] + [u for up, line in zip(share, lines[1:]) if up for u in line]
        lower = [u for up, line in zip(share, lines[1:]) if not up for u in line]
        if (len(upper) != n or len(lower) != n
                or any(order[id(a)] > order[id(b)] for a, b in zip(upper, lower))
                or not fits(identity, upper) or not fits(identity, lower)):
            continue
        found.setdefault((tuple(u.text for u in upper), tuple(u.text for u in lower)), (upper, lower))
    return next(iter(found.values())) if len(found) == 1 else None
