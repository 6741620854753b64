"""Row labels printed one after another with no number between, then their numbers (pdfminer's boxes,
pdftotext's default order; table 二's, and table 三's after a row's first cell): which numbers after the
pile are whose."""
from __future__ import annotations

import itertools

from ..normalise import compact
from ..template import TableSpec
from ..values import parse_value
from .glued_active import row_log_prior
from .grid import blank_mark, cell_number
from .rows import fits, row_identity
from .units import Unit

# Log-likelihood by which the value priors must prefer one order of a block of piled labels' numbers
# (by row, by column) for the other to be dropped rather than kept as a tie (现行有效 below 本年制发 alone
# costs 0.69: rare, not impossible).
ORDER_PRIOR_MARGIN = 1.0


def piled_labels(spec: TableSpec, units: list[Unit], span_ids: list[int], alignment, row_tokens: list[list[Unit]],
                 end: int) -> tuple[set[int], dict[int, list[Unit]], list[tuple[Unit, list[Unit]]]]:
    """Table 二's row labels printed one after another with no number between, then their numbers
    (pdfminer prints a block's labels as one box, then its numbers column by column: "规章"
    "行政规范性文件" 0 1 0 7 0 16 is 规章 0 0 0, 规范性文件 1 7 16; the labels of several blocks may
    pile before their block names: "行政许可" "行政处罚" "行政强制" "第二十条第（五）项" 74 … 11 2).
    The numbers after the pile's last label, past block names and column names up to the next row's
    label, are the pile's when they count exactly its cells — each block's read column by column — or,
    in one block, a whole number of columns per row (a header that prints fewer columns). Table 二 has
    no identity to check the order by: the caller keeps these rows below sure. Fills ``row_tokens`` in
    place; returns the rows read so, and the other order's numbers of the rows whose values it changes
    where the value priors hardly tell the orders apart (a tie, for the caller to report), and the rows
    the template lacks: each one's label and numbers."""
    if row_identity(spec.id, len(spec.rows[0].cols)) is not None:
        return set(), {}, []
    others: dict[int, list[Unit]] = {}
    aside: list[tuple[Unit, list[Unit]]] = []
    at = {r: span_ids[m[0]] for r, m in enumerate(alignment) if m}
    aligned = sorted(at.values())
    out: set[int] = set()
    r = 0
    while r < len(spec.rows):
        pile = [r] if r in at else []
        while pile and pile[-1] + 1 in at and not any(
                cell_number(units, i) for i in range(at[pile[-1]] + 1, at[pile[-1] + 1])):
            pile.append(pile[-1] + 1)
        r = pile[-1] + 1 if pile else r + 1
        if len(pile) < 2:
            continue
        last = at[pile[-1]]
        stop = next((k for k in aligned if k > last), end)
        stream = [units[i] for i in range(last + 1, stop) if cell_number(units, i)]
        # A row of no template piled right after the last label ("规章" "行政规范性文件" "其他主动公开文件",
        # a report's extra row) takes its share of the block's numbers too (-1: a row the template lacks).
        extra = next((e for e, i in enumerate(range(last + 1, stop)) if units[i].label != "rowlabel"
                      or units[i].value_like or i in at.values()), stop - last - 1)
        n_last = len(spec.rows[pile[-1]].cols)
        widths = [len(spec.rows[q].cols) for q in pile]
        if len(stream) < sum(widths) and (front := _front_before_labels(spec, units, at, pile, widths, len(stream),
                                                                         row_tokens)):
            out.update(pile[:front])
            pile, widths = pile[front:], widths[front:]
        inside = _rows_inside(units, at, pile)
        if extra and len(stream) == sum(widths) + extra * n_last:
            pile, widths = pile + [-1] * extra, widths + [n_last] * extra
        elif inside and len(stream) == sum(widths) + sum(w * inside.get(q, 0) for q, w in zip(pile, widths)):
            # The same among the pile's labels ("规章" "行政规范性文件" "其他主动公开文件" "行政许可" …).
            pile, widths = (list(t) for t in zip(*[(q2, w) for q, w in zip(pile, widths)
                                                    for q2 in [q] + [-1] * inside.get(q, 0)]))
        elif len(stream) > sum(widths):
            # The next block's numbers before its labels ("规章" "规范性文件" … 0 0 625 0 0 0 "第二十条第（五）项"
            # … 0 0 0 "行政许可"): the pile's end at the first block name — or column name, the next block's
            # header printed after the pile's numbers (pdftotext: … 51 51 51 "上一年项目数量 本年增/减" 118
            # +39 "行政许可") — after its numbers, where its cells are exactly those before it (pdfminer
            # prints a box's last column past that name). A row of no template after the last label counts
            # there too (pdftotext: "规章" "规范性文件" "其他主动公开文件" "第二十条第(五)项" … 9 numbers
            # "上一年项目数量 本年增/减").
            first = next(i for i in range(last + 1, stop) if cell_number(units, i))
            cut = next((i for i in range(first, stop) if units[i].label in ("block", "colhead")), stop)
            held = sum(cell_number(units, i) for i in range(last + 1, cut))
            if held in (sum(widths), sum(widths) + extra * n_last):
                if held > sum(widths):
                    pile, widths = pile + [-1] * extra, widths + [n_last] * extra
                stop = cut
                stream = stream[:held]
        marked = [units[i] for i in range(last + 1, stop) if cell_number(units, i) or blank_mark(units[i])]
        if len(marked) == sum(widths) > len(stream) and not any(u.glued_run for u in marked):
            stream = marked  # blank cells printed as marks ("-" 3 4125 "-" "-" 0), exactly the pile's cells
        # Only a pile of clean numbers, more than the last row holds: a blank cell printed ("", "-",
        # "／") or a glued run says the labels without numbers are rows left blank.
        elif len(stream) <= n_last or any(
                (u.value_like or u.label in ("value", "empty")) and (not cell_number(units, i) or u.glued_run)
                for i, u in enumerate(units[at[pile[0]] + 1:stop], at[pile[0]] + 1)):
            continue
        # Each place of the pile as a template row: a row the template lacks (-1) is like the row before it.
        row_at = [spec.rows[q] for q in itertools.accumulate(pile, lambda before, q: q if q >= 0 else before)]
        blocks = [[j for j, row in enumerate(row_at) if row.path[0] == b] for b in dict.fromkeys(r.path[0] for r in row_at)]
        if len(stream) == sum(widths):
            shares: list[list[Unit]] = []
            for block in blocks:
                n, k, taken = len(row_at[block[0]].cols), len(block), sum(len(s) for s in shares)
                by_columns = [[stream[taken + c * k + i] for c in range(n)] for i in range(k)]
                by_rows = [[stream[taken + i * n + c] for c in range(n)] for i in range(k)]
                # pdfminer prints a box column by column, pdftotext a Chromium print's row by row: the
                # value priors choose where they differ (现行有效 below 本年制发 is rare), else the header
                # does — pdftotext prints the block's column names on one line, pdfminer a box each.
                prior = [sum(row_log_prior([u.text for u in share], row_at[j].cols) for j, share in zip(block, order))
                         for order in (by_columns, by_rows)]
                rows_first = prior[1] > prior[0] or prior[1] == prior[0] and _names_on_one_line(
                    row_at[block[0]].cols, units[max((i for i in aligned if i < at[pile[0]]), default=0):stop])
                chosen, other = (by_rows, by_columns) if rows_first else (by_columns, by_rows)
                shares += chosen
                if abs(prior[1] - prior[0]) < ORDER_PRIOR_MARGIN:
                    others.update({pile[j]: o for j, c, o in zip(block, chosen, other)
                                   if pile[j] >= 0 and [u.text for u in c] != [u.text for u in o]})
        elif len(blocks) == 1 and len(stream) % len(pile) == 0 and 0 < len(stream) // len(pile) < widths[0]:
            m, k = len(stream) // len(pile), len(pile)
            shares = [[stream[c * k + i] for c in range(m)] for i in range(k)]
        else:
            continue
        extra_label = last
        for q, share in zip(pile, shares):
            if q >= 0:
                row_tokens[q] = share
                extra_label = at[q]
            else:  # a row the template lacks: its label the next after the row before it
                extra_label += 1
                aside.append((units[extra_label], share))
        out.update(q for q in pile if q >= 0)
    return out, {q: o for q, o in others.items() if q in out}, aside


def _names_on_one_line(cols, units: list[Unit]) -> bool:
    """Do two or more of a block's column names stand on one line?"""
    names = [compact(c[-1]) for c in cols]
    per_line: dict[int, int] = {}
    for u in units:
        if u.label == "colhead":
            per_line[u.lines[0]] = per_line.get(u.lines[0], 0) + sum(name in u.key for name in names)
    return any(n >= 2 for n in per_line.values())


def _rows_inside(units: list[Unit], at: dict[int, int], pile: list[int]) -> dict[int, int]:
    """Rows the template lacks among a pile's labels (a report's extra row, "其他主动公开文件" after
    行政规范性文件): how many row labels no template row took stand right after each pile row's."""
    out = {}
    for a, b in zip(pile, pile[1:]):
        run = itertools.takewhile(lambda i: units[i].label == "rowlabel" and not units[i].value_like,
                                  range(at[a] + 1, at[b]))
        if count := sum(1 for _ in run):
            out[a] = count
    return out


def _front_before_labels(spec: TableSpec, units: list[Unit], at: dict[int, int], pile: list[int], widths: list[int],
                         numbers: int, row_tokens: list[list[Unit]]) -> int:
    """How many of a pile's first rows printed their numbers before their labels (pdftotext centres
    them in the row's height: "规章（…数" 0 0 0 "据）" 0 0 0 "行政规范性文件" … "行政事业性收费" 0 …): the k
    whose rows' cells are exactly the numbers between the row above's and the pile's first label that
    the row above leaves (its surplus, and those it did not take), while the rest of the pile (two rows
    at least) counts exactly the ``numbers`` after it. Those rows take them, in order, and the row above
    keeps its first cells (``row_tokens`` changed in place); 0 when no k fits."""
    above = pile[0] - 1
    if above not in at:
        return 0
    held = [u for u in row_tokens[above] if u.text]
    n = len(spec.rows[above].cols)
    taken = {id(u) for u in held}
    last = max([i for i in range(at[above], at[pile[0]]) if id(units[i]) in taken], default=at[above])
    left = held[n:] + [units[i] for i in range(last + 1, at[pile[0]]) if cell_number(units, i)]
    k = next((k for k in range(1, len(pile) - 1) if sum(widths[k:]) == numbers), 0)
    if not k or len(held) < n or len(left) != sum(widths[:k]):
        return 0
    row_tokens[above] = held[:n]
    for q, w in zip(pile[:k], widths[:k]):
        row_tokens[q], left = left[:w], left[w:]
    return k


def piled_rows_by_order(spec: TableSpec, units: list[Unit], span_ids: list[int],
                        alignment: list[tuple[int, float] | None], row_tokens: list[list[Unit]]) -> set[int]:
    """Table 三's rows whose labels pile with no number between but the few beside a label, then the
    rest of their numbers (pdftotext's default order of a Word table's last rows: "3.其他 2" "（七）总计"
    "四、结转下年度继续办理" 0 2 0 0 0 4 … — 3.其他's first cell on its label's line, the other six
    and the next rows' fourteen after the pile). Where the numbers after the pile count exactly what
    its rows lack, each row takes its own then the next ones in order, if every row then adds up
    (``row_tokens`` changed in place). Returns the rows read so: by order, not by their labels."""
    identity = row_identity(spec.id, len(spec.rows[0].cols))
    if identity is None:
        return set()
    at = {r: span_ids[m[0]] for r, m in enumerate(alignment) if m}
    after = dict(itertools.pairwise(span_ids))  # each label's next
    out: set[int] = set()
    r = 0
    while r < len(spec.rows):
        pile = [r] if r in at else []
        # A label followed by fewer numbers than cells, all on its own line, then the next row's label.
        while (pile and pile[-1] + 1 in at and at[pile[-1] + 1] == after.get(at[pile[-1]])
               and len(row_tokens[pile[-1]]) < len(spec.rows[pile[-1]].cols)
               and all(u.lines[0] in units[at[pile[-1]]].lines for u in row_tokens[pile[-1]])):
            pile.append(pile[-1] + 1)
        r = pile[-1] + 1 if pile else r + 1
        # The first row's cell beside its label shows the rows print their numbers after their labels;
        # labels piled bare may be rows whose numbers stand before them (pdftotext centres a row's
        # numbers in its height: "4 0 0 0 0 0 4" "三、本年 (一)予以公开" "度办理结果 (二)部分公开" …).
        if len(pile) < 2 or not row_tokens[pile[0]]:
            continue
        last = pile[-1]
        stream = [u for u in row_tokens[last] if u.lines[0] not in units[at[last]].lines]
        lacking = [len(spec.rows[q].cols) - len(row_tokens[q]) for q in pile[:-1]]
        own_last = [u for u in row_tokens[last] if u.lines[0] in units[at[last]].lines]
        lacking.append(len(spec.rows[last].cols) - len(own_last))
        if len(stream) != sum(lacking) or not all(parse_value(u.text).kind in ("zero", "number") for u in stream):
            continue
        # By order only where the numbers' lines start at the margin: a text that sets them by their
        # places (pdftotext -layout) sets a row's lower pieces under their columns, rows interleaved.
        if any(u.span[0] > 0 for i, u in enumerate(stream) if not i or stream[i - 1].lines[0] != u.lines[0]):
            continue
        shares, taken = [], 0
        for q, k in zip(pile, lacking):
            own = own_last if q == last else row_tokens[q]
            shares.append(own + stream[taken:taken + k])
            taken += k
        if all(fits(identity, s) for s in shares):
            for q, s in zip(pile, shares):
                row_tokens[q] = s
            out.update(pile)
    return out
