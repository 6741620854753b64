"""Table 三's column identities (一+二 = （七）+四, （七） = the results' sum) choose among the
readings its rows could not decide alone."""
from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..result import CellResult
from .rows import RowFill


def _numbers(row) -> list[float]:
    return [v if isinstance(v, (int, float)) else 0 for v in row]  # a blank counts 0


def _gaps(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column, how far 一+二 = （七）+四 and （七） = the results' sum are from holding."""
    return grid[0] + grid[1] - grid[-2] - grid[-1], grid[-2] - grid[2:-2].sum(axis=0)


def _holding(grid: np.ndarray) -> np.ndarray:
    """How many of each column's two identities hold."""
    first, second = _gaps(grid)
    return (first == 0).astype(int) + (second == 0)


def value_score(grid) -> int:
    """How many of table 三's column identities hold in a grid of values (rows of numbers)."""
    return int(_holding(np.array([_numbers(r) for r in grid], dtype=float)).sum())


def column_score(rows: list[list[CellResult]]) -> int:
    """How many of table 三's column identities hold."""
    return value_score([[c.value for c in r] for r in rows])


MAX_SCORINGS = 20000  # column-identity evaluations a table may spend on ties; beyond, ties stay open


def resolve_with_columns(fills: list[RowFill]) -> None:
    """Choose among the tied readings of table 三's rows (glued splits, blank placements, repeats) by
    the column identities: coordinate ascent, row by row until nothing changes; where it stalls short
    of every identity, an exact search for a choice that holds them all (``_exact_choice``). A row is
    decided only if no other reading of it reaches the same score when the other rows may follow
    (several rows shifted together can satisfy the columns equally); decided rows get their reading's
    confidence."""
    open_rows = [i for i, f in enumerate(fills) if len(f.alternatives) > 1]
    if not open_rows:
        return
    budget = [MAX_SCORINGS]
    # Every row's readings in one matrix (a fixed row has one): a choice of readings picks its rows.
    n = len(fills[open_rows[0]].alternatives[0])
    first_row: list[int] = []
    matrix: list[list[float]] = []
    for j, f in enumerate(fills):
        first_row.append(len(matrix))
        rows = f.alternatives if j in open_rows else [f.cells]
        matrix += [_numbers(c.value for c in r) if len(r) == n else [0] * n for r in rows]
    values = np.array(matrix, dtype=float)

    def score(choice: dict[int, int]) -> tuple[int, float]:
        # The identities that hold, then how near the others are: a column's lone numbers may have to
        # move row by row into it (a lynx table whose blanks vanished: 653, 176, 22, … all under 法律服务
        # 机构), and no single move makes one more identity hold, but each brings the column nearer.
        budget[0] -= 1
        first, second = _gaps(values[[first_row[j] + choice.get(j, 0) for j in range(len(fills))]])
        return (int((first == 0).sum() + (second == 0).sum()),
                -float(np.abs(first).sum() + np.abs(second).sum()))

    def ascend(choice: dict[int, int], fixed: int | None = None) -> tuple[int, float]:
        best = score(choice)
        free = [i for i in open_rows if i != fixed]
        # Pairs only among 一, 二, （七）, 四 (bounded: at most 6 pairs, whatever the table).
        ends = [i for i in free if i in (0, 1, len(fills) - 2, len(fills) - 1)]
        for _ in range(3):
            changed = False
            for i in free:
                for a in range(len(fills[i].alternatives)):
                    if a != choice[i] and budget[0] > 0:
                        trial = {**choice, i: a}
                        sc = score(trial)
                        if sc > best:
                            choice[i], best, changed = a, sc, True
            if not changed:
                # Two rows tied by 一+二 = （七）+四 (一 and （七）glued alike, "503302031539") move only
                # together: either alone breaks the identity the pair keeps.
                for i, j in itertools.combinations(ends, 2):
                    for a, b in itertools.product(range(len(fills[i].alternatives)), range(len(fills[j].alternatives))):
                        if (a, b) != (choice[i], choice[j]) and budget[0] > 0:
                            trial = {**choice, i: a, j: b}
                            sc = score(trial)
                            if sc > best:
                                choice[i], choice[j], best, changed = a, b, sc, True
            if not changed:
                break
        return best

    choice = {i: 0 for i in open_rows}
    best = ascend(choice)
    if best[0] < 2 * n and (exact := _exact_choice(fills, open_rows, first_row, values)) is not None:
        # The ascent stalled short of every identity, which some choice of readings holds.
        chosen, tied = exact
        _settle(fills, open_rows, chosen, tied | _unvouched(fills, open_rows, chosen))
        return
    undecided: set[int] = set()
    for i in open_rows:
        for a in _contenders(fills[i], choice[i]):
            if a == choice[i] or i in undecided:
                continue
            other = {**choice, i: a}
            # Ties are counted by the identities that hold alone: nearness guides the search, never decides.
            if ascend(other, fixed=i)[0] >= best[0]:
                undecided |= {j for j in open_rows if other[j] != choice[j]}
    undecided |= _column_swaps(fills, open_rows, choice)
    undecided |= _unvouched(fills, open_rows, choice)
    if best[0] == 2 * n and undecided != set(open_rows):
        # Every identity holds: rows shifted together (several at once, which the ascent's moves of
        # one or two rows cannot find) may hold them all as well; the integer program finds any.
        exact = _exact_choice(fills, open_rows, first_row, values, found=dict(choice))
        undecided |= exact[1] if exact is not None else set(open_rows)
    if budget[0] <= 0:
        undecided = set(open_rows)
    _settle(fills, open_rows, choice, undecided)


def _settle(fills: list[RowFill], open_rows: list[int], choice: dict[int, int], undecided: set[int]) -> None:
    """Each open row takes its chosen reading: whole where the identities decided it, else capped."""
    for i in open_rows:
        f = fills[i]
        if i not in undecided:
            f.cells, f.notes, f.alternatives = f.alternatives[choice[i]], [], []
        elif choice[i]:
            # The chosen reading capped as the first was, cell by cell; a cell the first left unread
            # takes the cap of the row's placed cells (its own "unread" would read as no guess at all).
            tie = next(((c.confidence, c.read) for c in f.cells if c.placed), (0.0, "short"))
            f.cells = [c if not c.placed else replace(c, confidence=min(c.confidence, cap), read=read)
                       for c, (cap, read) in zip(f.alternatives[choice[i]],
                                                 ((o.confidence, o.read) if o.placed else tie for o in f.cells))]
            f.alternatives.insert(0, f.alternatives.pop(choice[i]))


MAX_SOLVES = 40  # integer programs a table may spend proving its rows decided; beyond, the ascent's answer


def _exact_choice(fills: list[RowFill], open_rows: list[int], first_row: list[int], values: np.ndarray,
                  found: dict[int, int] | None = None) -> tuple[dict[int, int], set[int]] | None:
    """Every identity holding at once, found exactly: an integer program (HiGHS, through scipy's milp)
    picks one reading per open row so that both of each column's identities hold, preferring each
    row's earlier readings. A row is decided when no such choice gives it other numbers. Moves of one
    row or two cannot find a whole column's worth of rows shifted together (a blank-heavy report
    printed a row a line: every row's one big number under 社会公益组织, told only by the zeros each
    row prints before or after it). None where no choice makes every identity hold (a misprint: the
    ascent then finds the nearest) or the solver gives up. ``found``: a choice holding every identity
    already (the ascent's), only to be proved decided."""
    rows = len(fills)
    # Per row, its weight in 一+二 = （七）+四 and in （七） = the results' sum.
    first = np.zeros(rows)
    first[[0, 1]], first[[-2, -1]] = 1, -1
    second = np.zeros(rows)
    second[2:-2], second[-2] = -1, 1
    opened = set(open_rows)
    variables = [(i, a) for i in open_rows for a in range(len(fills[i].alternatives))]
    # Each variable's numbers, weighted into both identities; the fixed rows' on the right-hand side.
    columns = np.array([np.concatenate([first[i] * values[first_row[i] + a], second[i] * values[first_row[i] + a]])
                        for i, a in variables]).T
    fixed = [i for i in range(rows) if i not in opened]
    rhs = -sum((np.concatenate([first[i] * values[first_row[i]], second[i] * values[first_row[i]]]) for i in fixed),
               np.zeros(columns.shape[0]))
    one_each = np.array([[1.0 if i == r else 0.0 for i, _a in variables] for r in open_rows])
    cost = np.array([a for _i, a in variables], dtype=float)
    solves = [0]

    def solve(lower: np.ndarray, upper: np.ndarray) -> dict[int, int] | None:
        solves[0] += 1
        res = milp(cost, integrality=np.ones(len(variables)), bounds=Bounds(lower, upper),
                   constraints=[LinearConstraint(columns, rhs, rhs), LinearConstraint(one_each, 1, 1)])
        if res.status != 0 or res.x is None:
            return None
        return {i: a for (i, a), x in zip(variables, res.x) if x > 0.5}

    zeros, ones = np.zeros(len(variables)), np.ones(len(variables))
    choice = found if found is not None else solve(zeros, ones)
    if choice is None:
        return None
    undecided: set[int] = set()
    for i in open_rows:
        if i in undecided:
            continue
        if solves[0] >= MAX_SOLVES:
            return None
        # Forbid the chosen numbers in this row (and its long shots, which never tie): any choice left
        # that still holds every identity ties.
        chosen = values[first_row[i] + choice[i]]
        contenders = _contenders(fills[i], choice[i])
        upper = ones.copy()
        for k, (r, a) in enumerate(variables):
            if r == i and (a not in contenders or np.array_equal(values[first_row[i] + a], chosen)):
                upper[k] = 0
        other = solve(zeros, upper)
        if other is not None:
            undecided |= {r for r in open_rows
                          if not np.array_equal(values[first_row[r] + other[r]], values[first_row[r] + choice[r]])}
    return choice, undecided


def _contenders(fill: RowFill, chosen: int) -> list[int]:
    """The readings of a row that can tie with the chosen one: all but its long shots (RowFill), or
    all of them where a long shot was chosen (the others may be as good)."""
    strong = len(fill.alternatives) - fill.long_shots
    return list(range(strong if chosen < strong else len(fill.alternatives)))


def _column_swaps(fills: list[RowFill], open_rows: list[int], choice: dict[int, int]) -> set[int]:
    """Rows whose reading ties with two columns exchanged in every row at once: the column identities
    hold either way, and single-row moves (the ascent above) cannot find such a joint shift (a lossy
    dump's "0 16 0 16" puts 16 under 科研机构 or under 社会公益组织 in every row alike)."""
    def values(cells: list[CellResult]) -> list:
        return [c.value for c in cells]

    chosen = {i: values(fills[i].alternatives[choice[i]]) for i in open_rows}
    n = len(fills[open_rows[0]].alternatives[0])
    tied: set[int] = set()
    for a, b in itertools.combinations(range(n), 2):
        if any(values(f.cells)[a] != values(f.cells)[b] for j, f in enumerate(fills) if j not in chosen and f.cells):
            continue  # a fixed row would change: the exchange is not a reading of the text
        moved = set()
        for i, v in chosen.items():
            if v[a] == v[b]:
                continue
            w = list(v)
            w[a], w[b] = w[b], w[a]
            if not any(values(fills[i].alternatives[a]) == w for a in _contenders(fills[i], choice[i])):
                break
            moved.add(i)
        else:
            tied |= moved
    return tied


def _unvouched(fills: list[RowFill], open_rows: list[int], choice: dict[int, int]) -> set[int]:
    """Rows whose readings differ in a column whose identities fail at the best reading found, or
    hold only by counting a cell no reading placed as 0: those identities vouch for none of them.
    Moves of one or two rows stall where a whole column's worth of rows must shift together (a dump that drops repeats prints "7 0 3,378 0 3385" for seven cells, and
    every row's lone number may sit under 科研机构 or 法律服务机构 alike): the reading found is a local
    best, and a row held only by an identity that now holds between two rows shifted alike (一 and
    （七）) is no more decided than the rest."""
    rows = [fills[j].alternatives[choice[j]] if j in choice else fills[j].cells for j in range(len(fills))]
    grid = np.array([_numbers(c.value for c in r) for r in rows], dtype=float)
    failing = [k for k, holding in enumerate(_holding(grid)) if holding < 2]
    # A column with a cell no reading placed holds by counting it 0: its identities vouch for nothing.
    failing += [k for k in range(grid.shape[1]) if k not in failing
                and any(not r[k].placed for j, r in enumerate(rows) if j not in choice and len(r) > k)]
    # A long shot counts here too: an identity that fails vouches for the printed order no more than for it.
    return {i for i in open_rows
            if any(len({alt[k].value for alt in fills[i].alternatives}) > 1 for k in failing)}
