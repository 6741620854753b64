"""A number wrapped in a narrow cell, its pieces stacked above and below its row's line.

A Word page sets full-width digits (two columns wide each) in cells one column wide; printed to PDF,
a long number wraps, and pdfplumber prints its first piece on the line above the row and its last
on the line below, the row's other numbers between (`９` / `一、本年新收… 7 0 88 ０ ０ 0` / `５` for
7 0 88 0 0 0 95; `２，０` / `… 0 ０ ０ ０ 0 2,028` / `２８`). Read in the text's order, the row takes
the lower piece for a cell and the upper one goes to no row (or to the wrong place), and the row fails
its identity. Where the row's identity holds with the two pieces joined into one number in one of its
cells, that is the reading — a guess, as every joined reading is (`rows._rejoined`); where it holds in
several, the column identities choose.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..values import parse_value
from .glued import MAX_ALTERNATIVES
from .rows import RowFill, fits, joined_fill, row_identity
from .units import Unit

_PIECE_RE = re.compile(r"^\d+[,，]?\d*$")  # "９", "２，０" (a comma-grouped number cut after its comma)
_WHOLE_RE = re.compile(r"^(?:[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)$")


def rejoin_stacked(table_id: str, widths: list[int], units: list[Unit], labels: list[int | None],
                   row_tokens: list[list[Unit]]) -> dict[int, list[list[Unit]]]:
    """The rows of ``row_tokens`` (label unit index per row, or None) whose number was stacked over
    lines, each with its readings that add up (the joined piece in each cell where the row's identity
    holds, one per set of values; ``row_tokens[r]`` set to the first, the later column first). Only a row
    whose numbers stand on one line and the next, printed as read failing its identity: the lower piece
    first on the next line (pdftotext -layout prints the numbers after it there too: `２８ 2,028`), the
    upper alone on the line above — the row's own, one no row took, or the last of the row before when
    that row adds up without it (`3.其他 0 0 1 0 0 0 1` over `９`)."""
    taken = {id(u): r for r, tokens in enumerate(row_tokens) for u in tokens}
    by_line: dict[int, list[int]] = {}
    for i in {i for k in labels if k is not None for i in range(max(0, k - 3), min(len(units), k + 4))}:
        by_line.setdefault(units[i].lines[0], []).append(i)
    done: dict[int, list[list[Unit]]] = {}
    for r, (k, tokens) in enumerate(zip(labels, row_tokens)):
        n = widths[r]
        identity = row_identity(table_id, n)
        if k is None or identity is None or len(tokens) < n or len(tokens) == n and fits(identity, tokens):
            continue
        main = Counter(u.lines[0] for u in tokens).most_common(1)[0][0]
        above = [u for u in tokens if u.lines[0] == main - 1]
        below = [u for u in tokens if u.lines[0] == main + 1]
        if len(tokens) != n + len(above) or not below or len(above) > 1:
            continue
        # The lower piece first on its line; the row's other numbers around it, in order.
        row = [u for u in tokens if u.lines[0] == main] + below[1:]
        if len(row) != n - 1:
            continue
        giver = None
        if not above:
            above = [units[i] for i in by_line.get(main - 1, ()) if _PIECE_RE.match(units[i].text)]
            if not above:  # merged into the header above as its last piece ("合计" "业 构 织 构" "２，０")
                above = [replace(u, text=u.pieces[-1][0], frags=[], lines=[main - 1])
                         for u in units[max(0, k - 3):k] if u.pieces
                         and u.pieces[-1][1] == main - 1 and _PIECE_RE.match(u.pieces[-1][0])]
            if len(above) != 1:
                continue
            giver = taken.get(id(above[0]))
            if giver is not None:
                rest = row_tokens[giver][:-1]
                if (row_tokens[giver][-1] is not above[0] or len(rest) != widths[giver]
                        or not fits(row_identity(table_id, widths[giver]), rest)):
                    continue
        upper, lower = above[0], below[0]
        text = upper.text + lower.text  # units are normalised: "2,0" "28" is 2,028
        if not (_PIECE_RE.match(upper.text) and lower.text.isdigit() and _WHOLE_RE.match(text)):
            continue
        joined = replace(lower, text=text, frags=upper.frags + lower.frags, pieces=upper.pieces + lower.pieces,
                         lines=sorted({*upper.lines, *lower.lines}), glued_run=False, separated=True)
        # Later columns first: a long number wraps in the narrow 总计 column. Places that read alike
        # are one reading (0 … 0 2,028 and the piece 2,028 beside it).
        fitting = {tuple(parse_value(u.text).value for u in t): t
                   for t in (row[:c] + [joined] + row[c:] for c in range(n - 1, -1, -1)) if fits(identity, t)}
        if fitting:
            done[r] = list(fitting.values())[:MAX_ALTERNATIVES]
            row_tokens[r] = done[r][0]
            if giver is not None:
                row_tokens[giver] = row_tokens[giver][:-1]
    return done


def stacked_fill(path, cols, readings: list[list[Unit]], label_conf: float) -> RowFill:
    """A rejoined row: a guess, as every joined reading is; several readings go to the column identities."""
    notes = [f"a number stacked over the lines above and below its row, joined: {len(readings)} way(s) add up"]
    return joined_fill(path, cols, [[(u.text, u) for u in t] for t in readings], label_conf, notes)
