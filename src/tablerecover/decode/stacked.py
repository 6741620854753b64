"""A number wrapped in a narrow cell, its pieces stacked above and below its row's line.

A Word page sets full-width digits (two columns wide each) in cells one column wide; printed to PDF,
a long number wraps, and pdfplumber prints its first piece on the line above the row and its last
on the line below, the row's other numbers between (`９` / `一、本年新收… 7 0 88 ０ ０ 0` / `５` for
7 0 88 0 0 0 95; `２，０` / `… 0 ０ ０ ０ 0 2,028` / `２８`). Read in the text's order, the row takes
the lower piece for a cell and the upper one goes to no row (or to the wrong place), and the row fails
its identity. Where the row's identity holds with the pieces joined, each into one number in one of
its cells, that is the reading — a guess, as every joined reading is (`rows._rejoined`); where it
holds in several, the column identities choose. Two numbers may wrap in one row (`３，７ ３７８` /
`… 2 0 0 ０ 0` / `８５ ７` for 3,785 and 3787), and a short number may be printed a line below its row
mid-row (`０ ０ ０ ７７ ０ 77` / `定” ０`): it goes to each place where the row adds up.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations

from ..values import parse_value
from .glued import MAX_ALTERNATIVES
from .rows import RowFill, fits, joined_fill, row_identity
from .units import Unit

_PIECE_RE = re.compile(r"^\d+[,，]?\d*$")  # "９", "２，０" (a comma-grouped number cut after its comma)
_WHOLE_RE = re.compile(r"^(?:[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)$")
MAX_PIECES = 3  # long numbers wrapped in one row: its 其他 and 总计 ("３，７ ３７８" / "８５ ７")
MAX_LOW = 2  # numbers of a row, no piece among them, printed on the line below it


def rejoin_stacked(table_id: str, widths: list[int], units: list[Unit], labels: list[int | None],
                   row_tokens: list[list[Unit]]) -> dict[int, list[list[Unit]]]:
    """The rows of ``row_tokens`` (label unit index per row, or None) whose numbers were stacked over
    lines, each with its readings that add up (the joined numbers in each set of cells where the row's
    identity holds, one per set of values; ``row_tokens[r]`` set to the first: the columns the table's
    whole rows fill first, then the later columns). Only a row whose numbers stand on one line and the
    next printed line: the lower pieces first there (pdftotext -layout prints the numbers after them
    there too: `２８ 2,028`) or, where the row adds up no way so, anywhere on it in line order (a cell
    printed low before them), the upper ones alone on the line above — the row's own, ones no row
    holds, or the last of the row before when that row adds up without them (`3.其他 0 0 1 0 0 0 1` over `９`);
    without upper pieces, up to MAX_LOW numbers below a row that fails its identity. Numbers the row
    took past its lower line are the next row's upper pieces (`… 194` / `４` / `１１ １１` over
    `2.重复申请`). A row that adds up as printed is read joined only with upper pieces no row holds, and
    keeps its printed reading as the last."""
    by_line: dict[int, list[int]] = {}
    for i in sorted({i for k in labels if k is not None for i in range(max(0, k - 3), min(len(units), k + 4))}):
        by_line.setdefault(units[i].lines[-1], []).append(i)
    # The columns the table's whole rows (printed complete, adding up) put numbers in.
    filled = Counter(c for k, tokens, n in zip(labels, row_tokens, widths)
                     if k is not None and len(tokens) == n and (identity := row_identity(table_id, n))
                     and fits(identity, tokens) for c, u in enumerate(tokens[:-1]) if parse_value(u.text).value)
    printed_lines = sorted({n for u in units for n in u.lines})
    done: dict[int, list[list[Unit]]] = {}

    def readings_at(r: int, tokens: list[Unit], main: int, identity: Callable[[Sequence], bool]
                    ) -> tuple[dict[tuple, list[Unit]], list[Unit] | None, int | None, int] | None:
        """Row r's readings with its pieces joined, its numbers' line taken to be ``main``: those that add
        up, the row as printed where it adds up so, the row that gave up the upper pieces, their count."""
        n = widths[r]
        # The lines next to the row's, blank lines aside (pdftotext -layout prints some between).
        at = bisect_left(printed_lines, main)
        up, down = printed_lines[max(0, at - 1)], printed_lines[min(len(printed_lines) - 1, at + 1)]
        own = tokens[:next((i for i, u in enumerate(tokens) if u.lines[0] > down), len(tokens))]
        above = [u for u in own if u.lines[0] == up < main]
        below = [u for u in own if u.lines[0] == down > main]
        printed = own if len(own) == n and fits(identity, own) else None
        if not below and not above and len(own) == n - 1:
            # Both pieces beside a group label's pieces, apart from the row's tokens ("(五)不 １" /
            # "1.信访举报投诉类申请 ０ 0 ０ 14 ０ 0" / "予处理 ４", pdfplumber): the lower one no row holds.
            below = [units[i] for i in (by_line.get(down, ()) if down > main else ())
                     if _PIECE_RE.match(units[i].text) and not any(units[i] is u for t in row_tokens for u in t)][:1]
            own = own + below
        if not below or len(own) != n + len(above) or (above and printed):
            return None
        giver = None
        if not above:
            above = [p for p in map(_upper_piece, (units[i] for i in (by_line.get(up, ()) if up < main else ()))) if p]
            holders = {g for g, t in enumerate(row_tokens) for u in t if any(u is a for a in above)}
            if holders:
                giver = holders.pop() if len(holders) == 1 and not printed else None
                rest = row_tokens[giver][:-len(above)] if giver is not None else []
                if (giver is None or any(a is not b for a, b in zip(above, row_tokens[giver][-len(above):]))
                        or len(rest) != widths[giver] or not fits(row_identity(table_id, widths[giver]), rest)):
                    above, giver = [], None
        if len(above) > min(MAX_PIECES, len(below)):
            above, giver = [], None
        m = len(above)
        row = [u for u in own if u.lines[0] == main]
        # Numbers on the lower line past the pieces: the row's later numbers (pdftotext -layout), or a cell
        # its line printed lower (`3.危及“三安全⼀稳` / `０ ０ ０ ７７ ０ 77` / `定” ０`), in any column.
        if (m == 0 and (printed or len(below) > MAX_LOW)) or len(row) + len(below) != n:
            return None
        # Places that read alike are one reading (0 … 0 2,028 and the piece 2,028 beside it); among the
        # table's filled columns, later columns first: a long number wraps in the narrow 总计 column.
        fitting: dict[tuple, list[Unit]] = {}
        # The lower pieces are the lower line's first numbers; where the row adds up no way so, others
        # there in line order: a cell printed low may come first (`２８３` / `(七)总计 2 ０ 0 0 2828` /
        # `０ ０` for … 2828 0 2830).
        for pick in combinations(range(len(below)), m):
            if fitting:
                break
            joined: dict[int, Unit] = {}
            for upper, i in zip(above, pick):
                lower = below[i]
                text = upper.text + lower.text  # units are normalised: "2,0" "28" is 2,028
                if not (_PIECE_RE.match(upper.text) and lower.text.isdigit() and _WHOLE_RE.match(text)):
                    break
                joined[i] = replace(lower, text=text, frags=upper.frags + lower.frags,
                                    pieces=upper.pieces + lower.pieces, lines=sorted({*upper.lines, *lower.lines}),
                                    glued_run=False, separated=True)
            if len(joined) != m:
                continue
            loose = [joined.get(i, u) for i, u in enumerate(below)]
            for places in reversed(list(combinations(range(n), len(loose)))):
                js, rs = iter(loose), iter(row)
                t = [next(js) if c in places else next(rs) for c in range(n)]
                if fits(identity, t):
                    fitting.setdefault(tuple(parse_value(u.text).value for u in t), t)
        return fitting, printed, giver, m

    for r, (k, tokens) in enumerate(zip(labels, row_tokens)):
        identity = row_identity(table_id, widths[r])
        if k is None or identity is None or len(tokens) < widths[r] - 1:
            continue
        on_line = Counter(u.lines[0] for u in tokens)
        mains = [on_line.most_common(1)[0][0]]
        # The label's own line, where it holds numbers too: a row's lower pieces and a cell printed low may
        # outnumber them on the line below (`１１６ １３ １３３` / `一、本年新收… 0 0 32` / `２ ８ ０ ２`).
        if on_line[label_line := units[k].lines[-1]] and label_line != mains[0]:
            mains.append(label_line)
        for main in mains:
            if (found := readings_at(r, tokens, main, identity)) is None or not found[0]:
                continue
            fitting, printed, giver, m = found
            # Where the other rows put numbers is where the column identities' search starts: it moves
            # one row at a time, and every tied row shifted to another column at once is a trap it
            # cannot leave.
            readings = sorted(fitting.items(), key=lambda kv: -sum(filled[c] for c, v in enumerate(kv[0][:-1]) if v))
            if printed:
                readings.append((None, printed))
            done[r] = [t for _, t in readings][:MAX_ALTERNATIVES]
            row_tokens[r] = done[r][0]
            if giver is not None:
                row_tokens[giver] = row_tokens[giver][:-m]
            break
    return done


def _upper_piece(u: Unit) -> Unit | None:
    """An upper piece on its own, or merged into the header above as its last piece ("合计" "业 构 织 构"
    "２，０", or "… 其他企业 机构织 构3,7" before "378")."""
    if _PIECE_RE.match(u.text):
        return u
    if u.pieces and u.pieces[-1][1] == u.lines[-1] and _PIECE_RE.match(u.pieces[-1][0]):
        return replace(u, text=u.pieces[-1][0], frags=[], lines=[u.lines[-1]])
    return None


def stacked_fill(path, cols, readings: list[list[Unit]], label_conf: float) -> RowFill:
    """A rejoined row: a guess, as every joined reading is; several readings go to the column identities."""
    notes = [f"a number stacked over the lines above and below its row, joined: {len(readings)} way(s) add up"]
    return joined_fill(path, cols, [[(u.text, u) for u in t] for t in readings], label_conf, notes)
