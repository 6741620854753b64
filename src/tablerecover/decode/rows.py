"""One template row's cells from the value units after its label: blank cells against colspan
padding, glued runs, overfull and short rows, dropped repeats; readings the row cannot choose
between are kept for the column identities (columns.py) or as alternatives."""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..fragment import PAGE_NUMBER_RE
from ..result import Alternative, CellResult, cell_where, unread_cell
from ..values import parse_value
from ..vocab import CJK_RE, MONEY_UNIT_PATTERN
from .glued import MAX_ALTERNATIVES, WHOLE_NUMBER_RE, read_glued
from .glued_active import fits_columns, prose_support, read_active_run, row_log_prior
from .units import Unit

BORDER_RE = re.compile(r"^[\u2500-\u257f]+$")  # box-drawing borders left inside a cell
UNIT_HEADER_RE = re.compile(rf"\({MONEY_UNIT_PATTERN}\)")
_GLUED_AMOUNT_RE = re.compile(rf"^[+\-]?\d[\d,.]*{MONEY_UNIT_PATTERN}$")
# A bracket alone (an enumerator's, printed on a line of its own by pdftotext: "(" / "七)总计" / "(" / 509)
# neither labels nor ends a row.
LONE_BRACKET_RE = re.compile(r"^\s*[(（)）]\s*$")
# Confidence of a value whose column is a guess: below the "sure" line, so that nobody keeps it unchecked.
SHORT_ROW_CONFIDENCE = 0.4
TEXT_CELL_CONFIDENCE = 0.3
GLUED_CONFIDENCE = 0.95  # a glued run cut the one way the identities allow
GLUED_TIED_CONFIDENCE = 0.4
# A table 二 run cut the way the report's prose restates it: a coincidence (the prose counting another
# thing with the same number) would go unseen, so never sure.
PROSE_CONFIDENCE = 0.85
BLANKS_TIED_CONFIDENCE = 0.5
REPEATED_NUMBER_CONFIDENCE = 0.85  # a dump's row read the one way that adds up, by repeating a number other than 0
MAX_CELL_ALTERNATIVES = 5
MAX_EXPANSIONS = 5000  # C(14, 4) = 1001 for table 四 with 5 of 15 values


def is_label(units: list[Unit], k: int) -> bool:
    """Could unit k be a row label? The classifier says so, or its text reads as one where a value follows."""
    u = units[k]
    if u.label in ("rowlabel", "block", "cont"):
        return True
    if not CJK_RE.search(u.text) or parse_value(u.text).kind in ("zero", "number"):
        return False  # a number with its unit ("5468.84万元") is a cell, not a label
    # A header, or a short line taken for chrome, directly followed by a number inside a table is a
    # row label the classifier got wrong ("3.其他0000000", "行政确认 | 777").
    followed = k + 1 < len(units) and units[k + 1].value_like
    return u.label == "value" or (u.label in ("colhead", "meta", "heading") and len(u.key) <= 40 and followed)


def collect_values(units: list[Unit], j: int, end: int) -> list[Unit]:
    """Value and empty units after position j, up to the next text of the grid."""
    out: list[Unit] = []
    nxt = units[end] if end < len(units) else None  # the text after the row's values
    for k in range(j + 1, end):
        u = units[k]
        if ((u.label == "meta" and not CJK_RE.search(u.text)) or PAGE_NUMBER_RE.match(u.text) or BORDER_RE.match(u.text)
                or (out and UNIT_HEADER_RE.fullmatch(u.key)) or LONE_BRACKET_RE.match(u.text)):
            continue  # a page number, a box border, or the unit of a cell printed apart ("1 （元）" / "2488")
        # A run no number reads as ("2,686000002686", "3,1031197.0万元": two cells glued, the amount's
        # unit after them) is the row's for the glued readers to cut.
        if u.value_like or (u.label in ("value", "empty") and not CJK_RE.search(u.text)) or _GLUED_AMOUNT_RE.match(u.text):
            out.append(u)
        else:
            # Empty pipe cells before the next label on its line are that row's label columns (the
            # cells under a spanning group label: "|  | (二)部分公开 | …"), not blanks of this row.
            while out and not out[-1].text and out[-1].piped and out[-1].row == u.row:
                out.pop()
            nxt = u
            break
    # A page number glued to the run before it, in pieces ("…内部事务信息0000000- 7 -三、本年度…": lxml of
    # a Word page whose page footer stands inside the table) is no cell.
    if (nxt is not None and len(out) > 3 and len({u.lines[0] for u in out[-4:]}) == 1
            and PAGE_NUMBER_RE.match(" ".join(u.text for u in out[-3:]))):
        del out[-3:]
    # A space-only line right above the next text (a label, the next section's heading), set closer
    # to it than to the number before, is that text's (bs4: "0" … "　" "1.信访举报投诉类申请", the
    # label cell's indent): a row that lost a number must not take it for its blank last cell.
    if (nxt is not None and len(out) > 1 and not out[-1].text and not out[-1].piped
            and out[-1].lines[-1] + 1 == nxt.lines[0] and out[-1].lines[0] - out[-2].lines[-1] > 1):
        out.pop()
    return out


REVIEW_GROUP, REVIEW_CELLS = 5, 15  # table 四 (both formats): three groups of four results and their 总计


def row_identity(table_id: str, n: int):
    if table_id == "applications" and n == 7:
        return lambda v: v[6] == sum(v[:6])
    if table_id == "review_litigation" and n == REVIEW_CELLS:
        return lambda v: all(v[g + REVIEW_GROUP - 1] == sum(v[g:g + REVIEW_GROUP - 1])
                             for g in range(0, REVIEW_CELLS, REVIEW_GROUP))
    return None


def fits(identity, units: list[Unit]) -> bool:
    try:
        return identity([parse_value(u.text).value or 0 for u in units])
    except TypeError:
        return False


def _place_blanks(table_id: str, tokens: list[Unit], n: int,
                  padding_first: bool) -> tuple[list[Unit], bool, list[list[Unit]]]:
    """Choose which n of a row's cells are its values when padding and blank cells are both empty.

    Colspan padding sits together before or after the values; a window may only drop empty
    cells. The row identity decides (blank counts as 0); otherwise the window with fewer blanks
    (padding is more common than blank cells), then where the table's full rows put their padding.
    The second value says whether the choice was unique; the third lists the distinct tied windows,
    the chosen one first (for the column identities to decide).
    """
    windows = [tokens[i:i + n] for i in range(len(tokens) - n + 1)
               if not any(u.text for u in tokens[:i] + tokens[i + n:])]
    if not windows:  # the values spread wider than a row: keep their order, the columns are a guess
        w = ([u for u in tokens if u.text] + [u for u in tokens if not u.text])[:n]
        return w, False, [w]
    identity = row_identity(table_id, n)
    pool = [w for w in windows if identity is not None and fits(identity, w)] or windows
    blanks = [sum(not u.text for u in w) for w in pool]
    best = [w for w, b in zip(pool, blanks) if b == min(blanks)]
    chosen = best[-1] if padding_first else best[0]
    distinct = {tuple(u.text for u in chosen): chosen}
    for w in best:
        distinct.setdefault(tuple(u.text for u in w), w)
    return chosen, len(distinct) == 1, list(distinct.values())


@dataclass
class RowFill:
    cells: list[CellResult]
    complete: bool
    notes: list[str]
    # Readings the row alone cannot choose between (glued splits, blank placements), as cell lists
    # with the confidence they get when the column identities decide; ``cells`` is the first one,
    # its confidence lowered while undecided.
    alternatives: list[list[CellResult]] = field(default_factory=list)
    # How many of the last alternatives are long shots: taken only where the column identities
    # prefer them strictly, never a tie with the reading before them.
    long_shots: int = 0


def pads_first(rows: list[tuple[list[Unit], int]], header_says: bool = False) -> bool:
    """Do this table's rows print colspan padding before their values? Told by every row whose
    placement is forced (tokens, number of columns): one window of n cells only drops empty cells
    (markdown with blank cells: "| 一、… | | | 4 | 0 | 0 | | | 0 | 4 |" can only be the last seven),
    by which side its padding sits on. A row of all its values is one such row. Where no row is
    forced, ``header_says`` (the header pads its own spanning names in place)."""
    lead = trail = 0
    for tokens, n in rows:
        if len(tokens) <= n:
            continue
        starts = [i for i in range(len(tokens) - n + 1) if not any(u.text for u in tokens[:i] + tokens[i + n:])]
        if len(starts) == 1:
            lead += starts[0] > 0
            trail += starts[0] + n < len(tokens)
    return lead > trail or lead == trail == 0 and header_says


@dataclass(frozen=True)
class Spacing:
    """How a space-aligned table sets a row's numbers apart (``column_spacing``): by the gap between
    neighbouring cells' numbers (``near``) and the width each blank cell between them adds
    (``pitch``); or, where no neighbours are printed close (w3m's wide columns, ``near`` None), by the
    distance between the numbers' centres, ``pitch`` a column; or, where every column starts (or
    ends) at one place in every row, by those places (``stops``, ``_stop_spacing``), or within a
    place or two of one on each page (``paged``, ``_page_stops``)."""
    near: int | None
    pitch: float
    by_lines: bool = False  # a text of one number a line: the gaps are in lines (``line_spacing``)
    # The columns' places (first, last), where the text pads each column to one width.
    stops: tuple[tuple[int, int], ...] = ()
    edge: int = 0  # the numbers' starts (0) or ends (1) stand at the stops
    paged: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = ()  # (page, its stops) where each page has its own
    # The pages (None: every page) whose places the header's column names stand at too: there a number
    # at a place is in that column, whatever the identities would rather (``_fill_lost_blanks``).
    named: frozenset[int | None] = frozenset()

    @property
    def placed(self) -> bool:
        """Are the columns told by the places their numbers stand at?"""
        return bool(self.stops or self.paged)

    def places(self, u: Unit) -> tuple[tuple[int, int], ...]:
        """The columns' places on the unit's page."""
        if not self.paged:
            return self.stops
        return next((stops for page, stops in self.paged if page == u.page), ())

    def place(self, u: Unit) -> int | None:
        """The column a number stands at, counted among the places on its page; None off them."""
        x = u.span[self.edge]
        return next((i for i, (lo, hi) in enumerate(self.places(u)) if lo <= x <= hi), None)

    def named_at(self, u: Unit) -> bool:
        """Do the header's column names confirm the places on the unit's page?"""
        return (u.page if self.paged else None) in self.named

    def apart(self, a: Unit, b: Unit) -> int:
        """How many columns apart two numbers of a row stand."""
        if self.placed:
            return (self.place(b) or 0) - (self.place(a) or 0)
        if self.by_lines:
            return 1 + max(0, round((b.lines[0] - a.lines[-1] - self.near) / self.pitch))
        if self.near is None:
            return max(1, round(_centre_distance(a, b) / self.pitch))
        return 1 + max(0, round((b.span[0] - a.span[1] - self.near) / self.pitch))

    def blanks_before(self, lead: int, first: Unit) -> int:
        """How many blank cells a row of one number a line shows before its first number, by the lines
        between that number and the line its cells follow (its label's last; table 四's header)."""
        return max(0, round((first.lines[0] - lead - self.near) / self.pitch))

    def sets_apart(self, values: list[Unit]) -> bool:
        """Are the row's values printed the way the spacing was measured on (one line; a line each)?"""
        if self.by_lines:
            return len(_own_lines(values)) == len(values)
        return len({u.lines[0] for u in values}) == 1 and (not self.placed or all(self.place(u) is not None
                                                                                  for u in values))


def _cuts_a_printed_line(values: list[Unit], window: list[Unit]) -> bool:
    """Does the window leave out a nonzero number printed on a line with its own? A row of zeros
    always adds up: zeros across two lines' numbers ("0 2 0 0 0 0 0" / "0 0 0 0 0 0 0", the 2 left
    out) say nothing of where the row's cells are."""
    first = next(k for k, u in enumerate(values) if u is window[0])
    lines = set(window[0].lines) | set(window[-1].lines)
    return any(set(u.lines) & lines and (parse_value(u.text).value or 0) != 0
               for u in values[:first] + values[first + len(window):])


def fill_row(table_id: str, path: tuple[str, ...], cols, tokens: list[Unit], label_conf: float,
              padding_first: bool = False, label_lines: tuple[int, ...] = (),
              prose: list[tuple[str, float]] | None = None, spacing: Spacing | None = None,
              after: int | None = None, pieces: bool = False) -> RowFill:
    """One row's cells from its value tokens. ``after``: the line a row without a label of its own
    follows (table 四's header), where its gap to the first number may count blank cells. ``pieces``:
    a surplus may be numbers printed in pieces where no identity checks them (``_pieces_by_count``)."""
    n = len(cols)
    notes: list[str] = []
    nonempty = [u for u in tokens if u.text]
    if spacing is not None and spacing.by_lines and nonempty and after is None:
        after = max((line for line in label_lines if line < nonempty[0].lines[0]), default=None)
    tokens = _own_line(tokens, nonempty, n)
    texts: list[tuple[str, Unit | None, float]]
    how = "direct"
    # A dump that drops repeated lines drops repeated empty pipe cells too ("|" once for two blanks):
    # they place nothing, a short row's values may stand for repeats (_fill_repeats).
    lossy = _dump_row(nonempty) and len(nonempty) < n and all(u.piped for u in tokens)
    if len(nonempty) > n:
        # More values than columns (a neighbour's numbers, a page number, a footnote): the run of n
        # that the row identity accepts; the first n when the identity cannot tell, as a guess.
        identity = row_identity(table_id, n)
        windows = [nonempty[i:i + n] for i in range(len(nonempty) - n + 1)]
        # A token that is not a number ("1." of a label split from its row) is not a cell value
        # when a run of n numbers is there.
        numeric = [w for w in windows if all(parse_value(u.text).kind != "text" for u in w)]
        windows = numeric or windows
        fitting = [w for w in windows if identity is not None and fits(identity, w)]
        readings = {tuple(u.text for u in w) for w in fitting}
        # The surplus this expects is a neighbour's numbers or two (ptc-szf2019's pdftotext: the next
        # label lost its enumerator, two rows of zeros after one); more is a table printed another way
        # (column by column, its last label before all the numbers): a window that fits says nothing there.
        if (len(readings) == 1 and sum(parse_value(u.text).kind != "text" for u in nonempty) <= 3 * n
                and not _cuts_a_printed_line(nonempty, fitting[0])):
            # A piece a line: the surplus may be numbers' pieces as well, joined the ways that add up
            # too ("1" "1" "1" "0" "0" "0" "0" "1" "2": 1 0 0 0 0 1 2, or 11 1 0 0 0 0 12) — the column
            # identities choose.
            pieced = _joinings(table_id, n, nonempty) if _a_piece_a_line(nonempty, n) else []
            if pieced:
                notes.append(f"{len(nonempty)} values for {n} columns: a run of {n} adds up, and so do "
                             f"numbers printed in pieces joined {len(pieced)} way(s)")
                return _tied(path, cols, [fitting[0], *pieced], label_conf, "overfull", SHORT_ROW_CONFIDENCE,
                             notes, GLUED_CONFIDENCE)
            texts = [(u.text, u, u.confidence) for u in fitting[0]]
            how = "overfull"
        elif not fitting and (joined := _rejoined(table_id, path, cols, nonempty, label_conf, notes)) is not None:
            return joined
        elif pieces and identity is None and (joined := _pieces_by_count(path, cols, nonempty, label_conf, notes, prose)) is not None:
            return joined
        else:
            texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in (fitting or windows)[0]]
            how = "overfull?"
            notes.append(f"{len(nonempty)} values for {n} columns; the first {n} that fit were used")
    elif len(nonempty) == n:
        identity = row_identity(table_id, n)
        if (identity is not None and not fits(identity, nonempty)
                and _shows_glue(nonempty)
                and (joined := _rejoined(table_id, path, cols, nonempty, label_conf, notes)) is not None):
            return joined
        if (moved := _first_printed_last(table_id, path, cols, nonempty, label_conf, notes)) is not None:
            return moved
        if (across := _across_the_page(table_id, path, cols, nonempty, label_conf, notes)) is not None:
            return across
        texts = [(u.text, u, u.confidence) for u in nonempty]
    elif len(tokens) == n - 1 and all(u.piped for u in tokens) and any(not u.text for u in tokens) and not lossy:
        # One cell short in a pipe row with blank cells: a blank last cell went with the closing pipe,
        # or, when no label opens the row, a blank first cell was taken for a border.
        blank = replace(tokens[0], text="", label="empty", confidence=0.5)
        # The label opens the row when the cells follow it on one of its lines (a wrapped label's last:
        # html2text prints "二、上年结转政府信" / "息公开申请数量 | 0 | 0 | …").
        padded = tokens + [blank] if tokens[0].lines[0] in label_lines else [blank] + tokens + [blank]
        window, decided, tied = _place_blanks(table_id, padded, n, False)
        if not decided:
            notes.append("a blank cell at the start or at the end of the row was lost with a border")
            return _tied(path, cols, tied, label_conf, "blanks", BLANKS_TIED_CONFIDENCE, notes)
        how = "blanks"
        texts = [(u.text, u, u.confidence) for u in window]
    elif len(tokens) >= n and (all(u.piped for u in tokens) or any(not u.piped and not u.text for u in tokens)) and not lossy:
        # Empty cells are blank cells here (a non-piped empty is a no-break-space line: a cell too).
        window, decided, tied = _place_blanks(table_id, tokens, n, padding_first)
        if not decided:
            notes.append("blank cells and colspan padding could be told apart in more than one way")
            return _tied(path, cols, tied, label_conf, "blanks", BLANKS_TIED_CONFIDENCE, notes)
        how = "direct" if len(tokens) == n else "blanks"
        texts = [(u.text, u, u.confidence) for u in window]
    else:
        # In a one-node-per-line dump that drops repeated lines each printed number is one cell's node,
        # never cells glued together: "1810" for three cells is 1810 repeated, not 1 | 81 | 0.
        dump_row = _dump_row(nonempty)
        one_per_node = dump_row and all(not u.glued_run and WHOLE_NUMBER_RE.match(u.text.lstrip("+-")) for u in nonempty)
        # A row's only number set apart from its label ("行政事业性收费 168") in a document that glues no
        # cells is one number, like any separated token (cut only if it cannot be one: "000").
        glued = [u.glued_run or (len(nonempty) == 1 and not u.separated) for u in nonempty]
        if table_id == "active_disclosure" and nonempty and not one_per_node:
            # Table 二 has no identity: its runs are cut by cell shapes, the prose and value priors.
            fill = _fill_active_run(path, cols, nonempty, glued, label_conf, notes, prose)
            if fill is not None:
                return fill
        identity = row_identity(table_id, n)
        reading = None if one_per_node else read_glued([u.text for u in nonempty], n, identity, glued)
        # PyMuPDF glues neighbouring cells' spans without a separator: "1150" "0" "0" "0" "0115" for
        # 115 0 0 0 0 0 115, "0 0 0 0 0 4848" for … 48 48. Where the row identity fits no reading that
        # keeps separated numbers whole, they may be cut too: sure when a token no number can be ("0115")
        # shows the row glued, a guess otherwise (a coincidence of digits would go unseen).
        shown = _shows_glue(nonempty)
        cut_whole = False
        if (not one_per_node and identity is not None and (reading is None or not reading.consistent)
                and (shown or len(nonempty) < n)):
            retry = read_glued([u.text for u in nonempty], n, identity)
            if retry is not None and retry.consistent:
                reading, cut_whole = retry, not shown
            elif shown and (joined := _rejoined(table_id, path, cols, nonempty, label_conf, notes, cut_whole=True)) is not None:
                # Glued and in pieces at once (PyMuPDF: "0００" "０" "0" "２，０" "２８" "2,028", a line each).
                return joined
            elif (shown and len(nonempty) < n
                  and (cut := _cut_with_lost_blanks(table_id, path, cols, nonempty, label_conf, notes)) is not None):
                # Glued, with blank cells dropped too (PyMuPDF: "0" "0" "26" "026" for 0 0 _ 26 _ 0 26).
                return cut
            elif retry is not None and retry.candidates == 1 and shown and all(u.text.isdigit() for u in nonempty):
                # A token no number can be shows the glue, and the count leaves one cut ("10" beside
                # "00" for 15 cells in 13 tokens): the text's numbers, though they do not add up (the
                # failed identity is reported, never mended), a guess.
                notes.append(f"glued numbers cut as {' '.join(retry.parts)}: the only cut into {n} cells; "
                             "the row does not add up")
                return _cut_guess(path, cols, retry.parts, [nonempty[s] for s in retry.sources], label_conf, notes)
        if (reading is not None and not reading.consistent and identity is not None and not shown
                and table_id == "applications" and len(nonempty) < n
                and (lost := _fill_lost_blanks(table_id, path, cols, nonempty, label_conf, notes, spacing, after)
                     or _cut_with_lost_blanks(table_id, path, cols, nonempty, label_conf, notes)) is not None):
            # Separated whole numbers that add up once blanks are placed (lynx: "(一)予以公开 1 0 653 654")
            # before a cut that adds up nowhere (1 0 6 53 6 5 4).
            return lost
        if ((reading is None or not reading.consistent) and identity is not None and len(nonempty) == 1 < n
                and (nonempty[0].glued_run or not nonempty[0].separated)
                and (whole_row := _glued_row_with_lost_blanks(table_id, path, cols, nonempty[0], label_conf, notes))):
            # A row glued whole that lost blank cells too (lxml: "4,0743,0857159" for _ 4,074 3,085 _ _ _ 7159).
            return whole_row
        if reading is not None and cut_whole:
            notes.append(f"separated numbers cut as {' '.join(reading.parts)}: the only way the row adds up")
            return _cut_guess(path, cols, reading.parts, [nonempty[s] for s in reading.sources], label_conf, notes)
        if reading is not None:
            how = "glued"
            texts = [(p, nonempty[s], min(GLUED_CONFIDENCE, nonempty[s].confidence))
                     for p, s in zip(reading.parts, reading.sources)]
            # Without an identity a single possible cut only says the run has n cells' digits, which a
            # lost dash or blank belies ("——168" is not 1 6 8): sure only when every part is 0.
            unchecked = identity is None and any(p != "0" for p in reading.parts)
            if reading.ambiguous or unchecked:
                notes.append(f"glued digits read as {' '.join(reading.parts)}; "
                             f"{reading.consistent} of {reading.candidates} readings fit the identities")
                if not reading.alternatives or unchecked and reading.consistent == 1:
                    # No reading fits the identity, or none was there to check: the plausible one, unsure.
                    cells = make_cells(path, cols, texts, label_conf, "glued?")
                    return RowFill([replace(c, confidence=min(c.confidence, GLUED_TIED_CONFIDENCE)) for c in cells],
                                    True, notes)
                tied = [[(p, nonempty[s]) for p, s in zip(parts, sources)] for parts, sources in reading.alternatives]
                return _tied(path, cols, tied, label_conf, "glued", GLUED_TIED_CONFIDENCE, notes, GLUED_CONFIDENCE)
        elif dump_row and len(nonempty) < n:
            return _fill_repeats(table_id, path, cols, nonempty, label_conf, notes)
        elif (lost := _fill_lost_blanks(table_id, path, cols, nonempty, label_conf, notes, spacing, after)) is not None:
            return lost
        elif (cut := _cut_with_lost_blanks(table_id, path, cols, nonempty, label_conf, notes)) is not None:
            return cut
        else:
            # Fewer values than columns and nothing says which columns lost theirs (dropped blank
            # cells, deduplicated lines): left to right is a guess, and the rest is unread.
            texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in nonempty]
            how = "short"
            if nonempty:
                notes.append(f"{len(nonempty)} values for {n} columns; placed left to right, the rest unread")
    return RowFill(make_cells(path, cols, texts, label_conf, how), len(texts) >= n, notes)


def _shows_glue(values: list[Unit]) -> bool:
    """Is one of a row's tokens no number ("0115", "083") or one printed in two widths ("１０0"): cells
    glued where the text kept no separator?"""
    return any(u.mixed_widths or not WHOLE_NUMBER_RE.match(u.text.lstrip("+-")) for u in values)


MAX_JOINS = 6  # neighbouring pieces a row may join into numbers
MAX_JOININGS = 5000  # ways of joining them a row may try (C(13, 6) = 1716 for table 三's 7 cells in 14 pieces)


def _rejoined(table_id: str, path, cols, values: list[Unit], label_conf: float, notes: list[str],
              cut_whole: bool = False) -> RowFill | None:
    """A number printed in pieces (pypdf spaces a Word page's full-width digits, "８ ３  0 … 83" for
    83 0 … 83, and stacks them a character a line where they wrap in a narrow column, "５" "０" "３" "３"
    "０ ２ ０ ３ １" "５" "３" "９" for 503 30 2 0 3 1 539; PyMuPDF prints them on lines of their own beside a
    glued "０83"; pypdf a comma-grouped number cut after its comma, "２，０ ２８" for 2,028), where no
    reading of the printed tokens fits the row identity: neighbouring pieces
    joined (at most MAX_JOINS), and a token no number can be cut, the way the row adds up. The one
    reading that fits is taken (of several, the one joining fewest pieces within a line, if one does),
    as a guess (a coincidence of digits would go unseen); several that tie are left to the column
    identities; None when none fits. ``cut_whole``: the row shows its cells glued, so a token that can
    be one number may be cells too (PyMuPDF: "２０0" "1768" "0" "0１７７" "０" for 2 0 0 1768 0 0 1770)."""
    best = _joinings(table_id, len(cols), values, cut_whole)
    if not best:
        return None
    if len(best) > 1:
        # A tie ("1 9 0 0 1 0 0 2 0": 19 … 20, or 1 9 0 0 10 0 20): the column identities may choose.
        notes.append(f"numbers printed in pieces join {len(best)} ways that add up")
    else:
        notes.append(f"numbers printed in pieces read as {' '.join(p for p, _ in best[0])}: the only way the row adds up")
    return joined_fill(path, cols, best, label_conf, notes)


def _joinings(table_id: str, n: int, values: list[Unit], cut_whole: bool = False) -> list[list[tuple[str, Unit]]]:
    """The readings of a row's pieces joined (and cut) that fit its identity, each a list of (text,
    token), of those joining fewest pieces within a line (``_rejoined``); at most MAX_ALTERNATIVES."""
    identity = row_identity(table_id, n)
    texts = [u.text for u in values]
    if identity is None or not all(t.replace(",", "").isdigit() for t in texts) or len(texts) - n > MAX_JOINS:
        return []
    # Reading -> (joins within a line, first piece of each part): pieces stacked in a column join across
    # lines, and a line's pieces are more often cells of their own ("３" / "０ ２ ０ ３ １": 30 2 0 3 1, not 3 02 0 31).
    found: dict[tuple[str, ...], tuple[int, list[int]]] = {}
    ways = itertools.chain.from_iterable(itertools.combinations(range(1, len(texts)), k)
                                         for k in range(max(1, len(texts) - n), min(MAX_JOINS, len(texts) - 1) + 1))
    for joins in itertools.islice(ways, MAX_JOININGS):
        starts = [0] + [i for i in range(1, len(texts)) if i not in joins]
        bounds = list(zip(starts, starts[1:] + [len(texts)]))
        merged = ["".join(texts[a:b]) for a, b in bounds]
        # A number printed in two widths may be cells glued ("１０0": 10 0) whatever ``cut_whole`` says.
        glued = None if cut_whole else [any(u.mixed_widths for u in values[a:b]) for a, b in bounds]
        reading = read_glued(merged, n, identity, glued) if len(merged) <= n else None
        if reading is None or not reading.consistent:
            continue
        within = sum(values[j - 1].lines[0] == values[j].lines[0] for j in joins)
        for parts, sources in reading.alternatives:
            if parts not in found or within < found[parts][0]:
                found[parts] = (within, [starts[j] for j in sources])
    fewest = min((w for w, _ in found.values()), default=None)
    return [[(p, values[j]) for p, j in zip(parts, sources)]
            for parts, (w, sources) in found.items() if w == fewest][:MAX_ALTERNATIVES]


def _pieces_by_count(path: tuple[str, ...], cols: Sequence[tuple[str, ...]], values: list[Unit], label_conf: float,
                     notes: list[str], prose: list[tuple[str, float]] | None) -> RowFill | None:
    """A table 二 row (no identity) printing more numbers than it has cells, each alone on a line of
    its own, where a Word page typed its numbers as two spans (bs4 ``get_text("\n")`` of a minified
    page prints "2" "0" "0" "2" "6" for 20 0 26): read the ways ``piece_readings`` joins them. Never
    sure — neighbouring cells' numbers join as well as a number's pieces: one reading left is a guess;
    several are a tie. None where no reading is left."""
    readings = piece_readings(cols, values, path[-1] if path else "", prose)
    if not readings:
        return None
    shown = " ".join(p for p, _ in readings[0])
    notes.append(f"{len(values)} values for {len(cols)} columns, numbers printed in two pieces: read as {shown}"
                 + (f", {len(readings)} ways join" if len(readings) > 1 else ", the only way they join"))
    return joined_fill(path, cols, readings[:MAX_ALTERNATIVES], label_conf, notes)


def _a_piece_a_line(values: list[Unit], n: int) -> bool:
    """Could a row's values, more than its n cells, be its numbers printed in two pieces at most, each
    piece alone on a line of its own?"""
    return n < len(values) <= 2 * n and len(_own_lines(values)) == len(values)


def piece_readings(cols: Sequence[tuple[str, ...]], values: list[Unit], label: str = "",
                   prose: list[tuple[str, float]] | None = None) -> list[list[tuple[str, Unit]]]:
    """The ways a row's values, more than its cells and each alone on a line of its own, join into
    exactly its cells as numbers printed in two pieces: pieces on consecutive lines, at most two to a
    number, each join a whole number ("0" "8" is no 08), in shapes the columns allow. The one the
    prose restates first, then the value priors' likeliest."""
    n, m = len(cols), len(values)
    if not _a_piece_a_line(values, n):
        return []
    joinable = [re.fullmatch(r"-?\d+", a.text) is not None and b.text.isdigit() and b.lines[0] == a.lines[0] + 1
                and WHOLE_NUMBER_RE.match((a.text + b.text).lstrip("-")) is not None
                for a, b in itertools.pairwise(values)]
    readings = []
    for joins in itertools.combinations([i for i, ok in enumerate(joinable) if ok], m - n):
        if any(b - a == 1 for a, b in itertools.pairwise(joins)):
            continue  # three pieces to one number: no span split does that
        starts = [i for i in range(m) if i - 1 not in joins]
        parts = [values[i].text + (values[i + 1].text if i in joins else "") for i in starts]
        if fits_columns(parts, list(cols)):
            readings.append([(p, values[i]) for p, i in zip(parts, starts)])
    readings.sort(key=lambda r: (-prose_support(tuple(p for p, _ in r), label, prose or []),
                                 -row_log_prior([p for p, _ in r], list(cols))))
    return readings


def joined_fill(path, cols, readings: list[list[tuple[str, Unit]]], label_conf: float, notes: list[str]) -> RowFill:
    """A row read from numbers joined (and cut) the ways that add up, each a list of (text, token): one
    reading is a guess (a coincidence of digits would go unseen); several go to the column identities,
    the chosen one a guess all the same."""
    if len(readings) == 1:
        parts, units = zip(*readings[0])
        return _cut_guess(path, cols, list(parts), list(units), label_conf, notes)
    fill = _tied(path, cols, readings, label_conf, "glued", GLUED_TIED_CONFIDENCE, notes, GLUED_TIED_CONFIDENCE)
    fill.alternatives = [[replace(c, read="glued?") for c in alt] for alt in fill.alternatives]
    return fill


def _cut_guess(path, cols, parts, units: list[Unit], label_conf: float, notes: list[str]) -> RowFill:
    """A row read from numbers cut or joined in the one way left (``units``: each part's token), a guess:
    a coincidence of digits would go unseen."""
    texts = [(p, u, min(GLUED_TIED_CONFIDENCE, u.confidence)) for p, u in zip(parts, units)]
    return RowFill(make_cells(path, cols, texts, label_conf, "glued?"), True, notes)


# A row's pieces on more lines than this, or merging more ways (table 四's fifteen cells), are read by
# column only.
MAX_MERGED_LINES = 3
MAX_MERGES = 2000


def _across_the_page(table_id: str, path, cols, values: list[Unit], label_conf: float,
                     notes: list[str]) -> RowFill | None:
    """A table 三 row whose numbers stand on several lines in another order across the page
    (``Unit.column``) than the text's: pdftotext -layout prints a wrapped row's pieces a line each
    ("…另行 ０ 0 0 1" / "０ １" far right / "制作  0" between them, for 0 0 0 1 0 0 1). A wide character
    before a piece shifts it by a place or less, depending on the fonts: the order is read with the
    whole shift, half of it and none. Where the text does not set its words in columns (pdfplumber
    prints a row's full-width digits on a line of their own, one space apart: "1.属于国家秘密 0 0 2 0 2"
    over "０ ０" for 0 0 0 2 0 0 2), any merge of the lines that keeps each line's order may be the row:
    those that add up come after. Where only such an order adds up, they go to the column identities,
    the whole shift's first; where the printed order adds up too ("０ 0 7" over "息  0 0 0 7"), the
    printed order first and the others long shots. None otherwise."""
    identity = row_identity(table_id, len(cols))
    if identity is None or len({u.lines[0] for u in values}) < 2:
        return None
    seen = {tuple(u.key for u in values)}
    orders: list[list[Unit]] = []

    def add(order: list[Unit]) -> None:
        if (key := tuple(u.key for u in order)) not in seen and fits(identity, order):
            seen.add(key)
            orders.append(order)

    for kept in (0, 1, 2):  # halves of the wide characters' shift put back
        places = sorted((2 * u.column + kept * u.wide_before, i) for i, u in enumerate(values))
        if len({p for p, _ in places}) == len(places):  # two numbers in one place: this shift cannot tell
            add([values[i] for _, i in places])
    by_line: dict[int, list[Unit]] = {}
    for u in values:
        by_line.setdefault(u.lines[0], []).append(u)
    runs = list(by_line.values())
    if (len(runs) <= MAX_MERGED_LINES
            and math.factorial(len(values)) // math.prod(math.factorial(len(run)) for run in runs) <= MAX_MERGES):
        for order in merges(runs):
            add(order)
    if not orders:
        return None
    notes.append("the row's numbers stand on several lines, in another order across the page")
    return _printed_or_moved(path, cols, values, orders, identity, label_conf, notes)


def merges(runs: list[list[Unit]]) -> Iterator[list[Unit]]:
    """Every interleaving of ``runs`` that keeps each run's order."""
    if not any(runs):
        yield []
        return
    for i, run in enumerate(runs):
        if run:
            for rest in merges(runs[:i] + [run[1:]] + runs[i + 1:]):
                yield [run[0], *rest]


def _printed_or_moved(path, cols, values: list[Unit], moved: list[list[Unit]], identity, label_conf: float,
                      notes: list[str]) -> RowFill:
    """A row's printed order and others that add up, all for the column identities: the others first
    where the printed one does not add up, else the printed first and the others long shots."""
    if not fits(identity, values):
        return _tied(path, cols, [*moved, values], label_conf, "moved", SHORT_ROW_CONFIDENCE, notes, GLUED_CONFIDENCE)
    printed = make_cells(path, cols, [(u.text, u, u.confidence) for u in values], label_conf)
    others = [make_cells(path, cols, [(u.text, u, min(u.confidence, GLUED_CONFIDENCE)) for u in m], label_conf, "moved")
              for m in moved]
    return RowFill(printed, True, notes, [printed, *others], long_shots=len(others))


def _first_printed_last(table_id: str, path, cols, values: list[Unit], label_conf: float,
                        notes: list[str]) -> RowFill | None:
    """A table 三 row printed one number a line whose first cell may come last: pdftotext's reading
    order puts a Word PDF's 自然人 cell after the rest of its row when the label's line sits lower
    ("3.危 / 及“三 …" then "0 0 0 0 38 39 1" for 1 0 0 0 0 38 39). Where the row identity fits that
    reading, both go to the column identities: the printed order first when it fits too ("0 … 0 2 2"
    for 2 0 … 0 2; the moved reading then a long shot, or a report whose every applicant is 其他
    would tie with every row's number moved to 自然人), else the moved one. None otherwise."""
    identity = row_identity(table_id, len(cols))
    if (table_id != "applications" or identity is None
            or len({u.lines[0] for u in values}) < len(values)):  # a row on one line keeps its order
        return None
    rotated = values[-1:] + values[:-1]
    if not fits(identity, rotated) or [u.key for u in rotated] == [u.key for u in values]:
        return None
    notes.append("the row's first cell may be printed after the rest of the row (PDF reading order)")
    return _printed_or_moved(path, cols, values, [rotated], identity, label_conf, notes)


def _own_line(tokens: list[Unit], values: list[Unit], n: int) -> list[Unit]:
    """The cells of the one drawn line that holds all of a row's values when it has exactly n
    (w3m's table 四: the empty cells of the header's last lines come before "|0 | | … |0 |0 | |");
    otherwise every token."""
    if len(tokens) <= n or not values or not all(u.piped for u in tokens) or len({u.row for u in values}) > 1:
        return tokens
    own = [u for u in tokens if u.row == values[0].row]
    return own if len(own) == n else tokens


def _dump_row(values: list[Unit]) -> bool:
    """Values printed as a dump that drops repeated lines prints them: in a document read as one, one
    value a line. A line of several values ("0 0 0 0 0 0", in a PDF text that looks like such a dump
    elsewhere) repeats nothing back."""
    return bool(values) and values[0].repeats_dropped and len({u.lines[0] for u in values}) == len(values)


def _fill_active_run(path, cols, values: list[Unit], glued: list[bool], label_conf: float, notes: list[str],
                     prose: list[tuple[str, float]] | None) -> RowFill | None:
    """A table 二 row whose cells were glued into runs (glued_active.py). Sure only when the shapes
    leave one reading that cuts no number (marks and signs set the cells apart: "3104—3,734") or
    makes every cell 0; likely when the prose restates the row's numbers one way; a single cut
    otherwise stays unsure (a lost dash or blank belies it: "——168" is not 1 6 8); several cuts are
    a tie, the most plausible first, the others as alternatives."""
    reading = read_active_run([u.text for u in values], list(cols), path[-1] if path else "", glued, prose)
    if reading is None:
        return None
    texts = [(p, values[s], min(GLUED_CONFIDENCE, values[s].confidence)) for p, s in zip(reading.parts, reading.sources)]
    if reading.decided and (all(p == "0" for p in reading.parts) or reading.uncut and len(reading.alternatives) == 1):
        return RowFill(make_cells(path, cols, texts, label_conf, "glued"), True, notes)
    if reading.decided and reading.by_prose:  # the prose picked the cut: evidence from outside the table, likely but not sure
        notes.append(f"glued digits read as {' '.join(reading.parts)}: the prose restates them")
        cells = make_cells(path, cols, texts, label_conf, "glued")
        return RowFill([replace(c, confidence=min(c.confidence, PROSE_CONFIDENCE)) for c in cells], True, notes)
    notes.append(f"glued digits read as {' '.join(reading.parts)}; {len(reading.alternatives)} readings "
                 f"fit the cells' shapes{', the prose restates one' if reading.by_prose else ''}")
    if len(reading.alternatives) == 1:
        cells = make_cells(path, cols, texts, label_conf, "glued?")
        return RowFill([replace(c, confidence=min(c.confidence, GLUED_TIED_CONFIDENCE)) for c in cells], True, notes)
    tied = [[(p, values[s]) for p, s in zip(parts, sources)] for parts, sources in reading.alternatives[:MAX_ALTERNATIVES]]
    return _tied(path, cols, tied, label_conf, "glued", GLUED_TIED_CONFIDENCE, notes, GLUED_CONFIDENCE)


def _compositions_of(n: int, k: int):
    """Ways to give n cells to k printed values, each value at least one cell, in order."""
    if k == 1:
        yield (n,)
        return
    for first in range(1, n - k + 2):
        for rest in _compositions_of(n - first, k - 1):
            yield (first,) + rest


def _fill_repeats(table_id: str, path, cols, values: list[Unit], label_conf: float, notes: list[str]) -> RowFill:
    """A short row of a dump that drops repeated lines: each printed value stands for one or more
    equal cells in a row. The row identity keeps the expansions it allows; one left is the reading,
    several go to the column identities and otherwise stay as alternatives. Never sure without an
    identity, nor in a dump printing too few numbers to show it drops repeats (``Unit.repeats_shown``:
    its blank cells may be what it lost, a misprint what the one expansion mends)."""
    n = len(cols)
    identity = row_identity(table_id, n)
    expansions, seen = [], set()
    for comp in itertools.islice(_compositions_of(n, len(values)), MAX_EXPANSIONS):
        units = [u for u, r in zip(values, comp) for _ in range(r)]
        # Printed values that differ only as printed ("0" "０" "0": the crawler kept both) expand alike.
        if (identity is None or fits(identity, units)) and (key := tuple(u.key for u in units)) not in seen:
            seen.add(key)
            expansions.append(units)
    # Most cells are 0: of the expansions that tie, the one repeating zeros comes first ("0" "135"
    # for three cells reads 0 0 135 before 0 135 135); the others stay as alternatives.
    expansions.sort(key=lambda units: -sum(parse_value(u.text).value == 0 for u in units))
    notes.append(f"{len(values)} values for {n} columns in a dump that drops repeated lines; "
                 f"{len(expansions)} ways to repeat them fit the identities")
    if not expansions:
        texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in values]
        return RowFill(make_cells(path, cols, texts, label_conf, "short"), False, notes)
    if len(expansions) == 1 and identity is not None and values[0].repeats_shown:
        notes.pop()
        copies = Counter(id(u) for u in expansions[0])
        # In table 四 the one way that adds up may repeat a number other than 0 ("0" "1" for 0 0 0 1 1):
        # a report whose total is one off, as published reports' totals now and then are, prints 0 0 0 0 1
        # the same way, and no other identity checks the group. Its copies are likely, never sure; the
        # cells the misprint would not move stay sure. (Table 三's column identities check every cell
        # again: a misprint there fails one, and its cells are capped.)
        doubted = {id(u) for u in values if copies[id(u)] > 1 and parse_value(u.text).value} \
            if table_id == "review_litigation" else set()
        texts = [(u.text, u, min(u.confidence, REPEATED_NUMBER_CONFIDENCE if id(u) in doubted else GLUED_CONFIDENCE))
                 for u in expansions[0]]
        cells = make_cells(path, cols, texts, label_conf, "repeats")
        if doubted:
            notes.append(f"{len(values)} values for {n} columns in a dump that drops repeated lines; the one "
                         "way that adds up repeats a number other than 0, as a misprinted total would not")
            cells = [replace(c, read="repeats?") if id(u) in doubted else c for c, u in zip(cells, expansions[0])]
        return RowFill(cells, True, notes)
    ceiling = GLUED_CONFIDENCE if values[0].repeats_shown else SHORT_ROW_CONFIDENCE  # what the columns may decide
    return _tied(path, cols, expansions, label_conf, "repeats", SHORT_ROW_CONFIDENCE, notes, ceiling)


def _fill_lost_blanks(table_id: str, path, cols, values: list[Unit], label_conf: float,
                      notes: list[str], spacing: Spacing | None = None, after: int | None = None,
                      glued: frozenset[int] = frozenset()) -> RowFill | None:
    """A row of any table short of values in a text that drops blank cells (issue 10, class 1: a tool
    that prints no empty or &nbsp; cell, "0 … 0" for seven columns): each printed value is one cell, in
    order. In table 三 the row identity (an unprinted cell counts 0) keeps the placements it allows and
    the column identities choose among them; the first is the one the gaps between the numbers fit
    best in a space-aligned text (``spacing``, from ``column_spacing``; in a text of one number a
    line, the blank lines before the first number too, from the line ``after``), then the total in its column
    and the rest from the left (most applicants are 自然人). Table 二 has no identity: its value priors
    rank the placements (a lone 2470 under 规章 is the documents in force, not the year's new ones)
    and a number's shape keeps it to its columns (a separated "4484.128元" is an amount).
    Table 四's group totals keep its placements, the leftmost first (`1 1` is a result and its 总计, in
    any of the three groups: a tie). Never sure, and the cells no value went to stay unread: the text
    does not show whether they were blank or lost a 0. None when no placement fits: then the row lost
    more than blanks. ``glued``: values that stand glued to the next in the text, so in the next cell
    (``_cut_with_lost_blanks``)."""
    n = len(cols)
    identity = row_identity(table_id, n)
    if not values or identity is None and table_id != "active_disclosure":
        return None
    whole = all(WHOLE_NUMBER_RE.match(u.text) for u in values)
    if identity is None and not whole and not (all(u.separated for u in values)
                                                and all(parse_value(u.text).kind == "number" for u in values)):
        return None  # a sign, a decimal or a unit in a run is the glued-run reader's (its shapes cut it)
    blank = replace(values[0], text="", label="empty")
    spaced = spacing if spacing is not None and spacing.sets_apart(values) else None
    lead = spaced.blanks_before(after, values[0]) if spaced and spaced.by_lines and after is not None else None
    misfit_of = _misfit(values, spaced, n) if spaced else None
    placements = []
    numbers = [parse_value(u.text).value or 0 for u in values]  # parsed once: table 四 tries thousands of placements
    for at in itertools.islice(itertools.combinations(range(n), len(values)), MAX_EXPANSIONS):
        row = [0] * n
        for k, x in zip(at, numbers):
            row[k] = x
        if identity is not None and not identity(row) or any(at[j + 1] != at[j] + 1 for j in glued):
            continue
        units = [blank] * n
        for k, u in zip(at, values):
            units[k] = u
        if not whole and not fits_columns([u.text for u in values], [cols[k] for k in at]):
            continue  # a decimal or a money unit only in an amount, a sign only in 本年增/减
        misfit = misfit_of(at) if misfit_of else 0
        if lead is not None:
            misfit += abs(lead - at[0])  # the blank lines before the first
        # Table 三: the total in its column; table 四: the order of its groups, left first.
        rank = (-row_log_prior([u.text for u in units], list(cols)) if identity is None
                else at[-1] != n - 1 if table_id == "applications" else 0)
        placements.append((misfit, rank, at, tuple(row), units))
    if not placements and misfit_of and (table_id == "applications" or table_id == "review_litigation" and lead is not None):
        # A row that adds up nowhere (a misprint; the failed identity is reported, never mended): where
        # the gaps place its numbers one way only — table 三's total in its column; table 四's first
        # number after as many blank lines as blank cells before it — that way, a guess all the same.
        fitting = [at for at in itertools.combinations(range(n), len(values))
                   if (at[-1] == n - 1 if table_id == "applications" else at[0] == lead)
                   and not misfit_of(at)]
        if len(fitting) == 1:
            units = [blank] * n
            for k, u in zip(fitting[0], values):
                units[k] = u
            notes.append(f"{len(values)} values for {n} columns in a text that drops blank cells; none "
                         "adds up: placed by the gaps between them")
            placements.append((0, 0, fitting[0], (), units))
    if not placements:
        return None
    placements.sort(key=lambda p: p[:3])
    if spaced is not None and spaced.placed and spaced.named_at(values[0]) and placements[0][0] == 0:
        # Every number stands at its column's place, where the header's names stand too: the placements
        # that put one elsewhere are not readings of the row, for the column identities either. (Places
        # alone may mislead: a first column drifting against a wrapped label looks like a column of its own.)
        placements = [p for p in placements if p[0] == 0]
    # Placements with the same numbers in every column (zeros moved among unprinted cells) are one
    # reading to the identities: the first stands for them (the column pass would weigh each alike).
    seen: set[tuple] = set()
    placements = [p for p in placements if p[3] not in seen and not seen.add(p[3])]
    if placements[0][3]:  # not the misprinted row placed by its gaps (noted above)
        notes.append(f"{len(values)} values for {n} columns in a text that drops blank cells; "
                     f"{len(placements)} placements fit the row identity")
    fill = _tied(path, cols, [p[-1] for p in placements], label_conf, "short", SHORT_ROW_CONFIDENCE,
                 notes, SHORT_ROW_CONFIDENCE)

    def short(cells: list[CellResult]) -> list[CellResult]:  # read "short": calibration never raises it
        return [unread_cell(path, c.col) if not c.raw else replace(c, read="short") for c in cells]
    fill.cells = short(fill.cells)
    fill.alternatives = [short(alt) for alt in fill.alternatives]
    fill.complete = False
    return fill


MAX_GLUED_CUTS = 200  # ways to cut a short row's glued tokens before placing blanks
MAX_CUT_CHARS = 12  # a token cut every way has 2^(length - 1) cuts: no two glued cells of table 三 are longer


_DIGIT_RUN_RE = re.compile(r"^[\d,]+$")


def _whole_cuts(text: str) -> list[tuple[str, ...]]:
    """Every way to cut a digit run into two or more whole numbers ("018": 0 18, 0 1 8; "16951,698":
    1695 1,698)."""
    out: list[tuple[str, ...]] = []
    for at in range(1, len(text)):
        head, tail = text[:at], text[at:]
        if WHOLE_NUMBER_RE.match(head):
            out += [(head, tail)] * bool(WHOLE_NUMBER_RE.match(tail)) + [(head, *rest) for rest in _whole_cuts(tail)]
    return out


def _cut_with_lost_blanks(table_id: str, path, cols, values: list[Unit], label_conf: float,
                          notes: list[str]) -> RowFill | None:
    """A short row of table 三 that adds up with neither its numbers as printed nor any placement of
    them, in a text that both drops blank cells and glues neighbouring cells (PyMuPDF prints a narrow
    cell's 24 and the next one's 0 as "240": "240" "24" for 24 0 … 24; the first two cells against the
    label, "…申请数量1344538" "0" "4,672" for 134 4538 … 0 … 4,672): one number cut in two whole
    numbers, then the blanks placed (``_fill_lost_blanks``). Where tokens no number can be show the
    glue ("0" "0" "26" "026" for 0 0 _ 26 _ 0 26; pdfplumber's "45414,551"), those are cut, every way
    into whole numbers, and nothing else. A token's pieces stand in neighbouring cells ("061" is 0
    beside 61, the total). Every cut that adds up is a reading, for the column identities to choose
    among; never sure, as the placements are not. None when no cut adds up."""
    if (table_id != "applications" or len(values) >= len(cols)
            or not all(_DIGIT_RUN_RE.match(u.text) and len(u.text) <= MAX_CUT_CHARS for u in values)):
        return None  # a longer run is a whole row glued: the glued-run reader's
    glued = [i for i, u in enumerate(values) if not WHOLE_NUMBER_RE.match(u.text)]
    if glued:
        cuts_of = itertools.product(*[[{i: parts} for parts in _whole_cuts(values[i].text)] for i in glued])
        ways = (dict(kv for part in way for kv in part.items()) for way in cuts_of)
    else:
        ways = ({i: (u.text[:at], u.text[at:])} for i, u in enumerate(values)
                for at in range(1, len(u.text) if u.text.isdigit() else 0)
                if WHOLE_NUMBER_RE.match(u.text[:at]) and WHOLE_NUMBER_RE.match(u.text[at:]))
    readings: list[list[CellResult]] = []
    cuts: list[str] = []
    for way in itertools.islice(ways, MAX_GLUED_CUTS):
        pieces = [replace(u, text=p) for k, u in enumerate(values) for p in way.get(k, (u.text,))]
        if len(pieces) > len(cols):
            continue
        # Glue joins neighbouring cells only: a token's pieces stand in consecutive columns.
        starts = list(itertools.accumulate((len(way.get(k, (u.text,))) for k, u in enumerate(values)), initial=0))
        glued = frozenset(j for k in way for j in range(starts[k], starts[k + 1] - 1))
        if _add_placements(readings, _fill_lost_blanks(table_id, path, cols, pieces, label_conf, [], glued=glued)):
            cuts.append(" ".join(" ".join(parts) for parts in way.values()))
    if not readings:
        return None
    notes.append(f"{len(values)} values for {len(cols)} columns add up nowhere as printed; cut as "
                 f"{' or '.join(cuts)} (cells glued) with blank cells dropped, they do")
    return _short_tie(readings, notes)


def _add_placements(readings: list[list[CellResult]], fill: RowFill | None) -> bool:
    """Add a cut's placements (``_fill_lost_blanks``) to the readings, those with the same numbers in
    every column once; whether the cut placed at all."""
    if fill is None:
        return False
    readings += [r for r in fill.alternatives or [fill.cells]
                 if [c.value for c in r] not in ([c.value for c in s] for s in readings)]
    return True


def _short_tie(readings: list[list[CellResult]], notes: list[str]) -> RowFill:
    """A short row's cut-and-placed readings: the first, below sure, the others for the column identities."""
    cells = [replace(c, confidence=min(c.confidence, SHORT_ROW_CONFIDENCE)) for c in readings[0]]
    return RowFill(cells, False, notes, readings if len(readings) > 1 else [])


MAX_TOTAL_CUTS = 20  # cuts of a row glued whole whose parts add up to its last, before the rest are left
MAX_CUT_STEPS = 20000  # steps the search for such cuts may take in a row


def _glued_row_with_lost_blanks(table_id: str, path: tuple[str, ...], cols: Sequence[tuple[str, ...]], run: Unit,
                                label_conf: float, notes: list[str]) -> RowFill | None:
    """A table 三 row glued into one run in a text that drops blank cells as well (lxml's
    ``text_content`` of a page leaving its zeros blank: "4,0743,0857159" for _ 4,074 3,085 _ _ _ 7159),
    which no cut into the row's n cells adds up: its digits cut into fewer whole numbers, the last the
    sum of the others — the total, which a row printing any number prints — and the blanks placed
    (``_fill_lost_blanks``: the total in its column, the rest from the left first). Every cut that adds
    up (MAX_TOTAL_CUTS at most) and every placement is a reading, for the column identities to choose
    among; never sure. None when no cut adds up."""
    if table_id != "applications" or not _DIGIT_RUN_RE.match(run.text):
        return None
    cuts: list[tuple[str, ...]] = []
    budget = [MAX_CUT_STEPS]
    for at in range(1, len(run.text)):
        total = run.text[at:]
        if WHOLE_NUMBER_RE.match(total):
            cuts += [(*parts, total) for parts in itertools.islice(
                _summing_cuts(run.text[:at], int(total.replace(",", "")), len(cols) - 2, budget),
                MAX_TOTAL_CUTS - len(cuts))]
    readings: list[list[CellResult]] = []
    for parts in cuts:
        _add_placements(readings, _fill_lost_blanks(table_id, path, cols, [replace(run, text=p) for p in parts],
                                                    label_conf, []))
    if not readings:
        return None
    shown = " or ".join(" ".join(c) for c in cuts[:3]) + (" …" if len(cuts) > 3 else "")
    notes.append(f"one glued run for {len(cols)} columns adds up nowhere cut into {len(cols)} numbers; cut "
                 f"into fewer, the last their sum ({shown}), with blank cells dropped, it does")
    return _short_tie(readings, notes)


def _summing_cuts(text: str, target: int, most: int, budget: list[int]) -> Iterator[tuple[str, ...]]:
    """Every way to cut a digit run into at most ``most`` whole numbers that sum to ``target``, within
    ``budget`` (steps left, shared by the calls)."""
    budget[0] -= 1
    if most <= 0 or budget[0] < 0:
        return
    if WHOLE_NUMBER_RE.match(text) and int(text.replace(",", "")) == target:
        yield (text,)
    for at in range(1, len(text)):
        head = text[:at]
        if not WHOLE_NUMBER_RE.match(head):
            continue
        value = int(head.replace(",", ""))
        if value > target:
            break  # a longer head is larger still
        for rest in _summing_cuts(text[at:], target - value, most - 1, budget):
            yield (head, *rest)


def into_the_gap(tokens: list[Unit], n: int, identity, text_lines: frozenset[int]) -> list[Unit]:
    """A row's n numbers, n - 1 on one line with one gap wider than every other by more than a number,
    and one alone on a line above or below (no text there: a number beside a label is its row's first):
    pdftotext -layout prints a narrow cell's full-width digit a line off ("０" over "作 1 0 0 0     0 1" is
    1 0 0 0 0 0 1; read in the text's order the 0 went to 自然人, the row adding up all the same) and
    leaves its place in the row's line empty. The lone number goes into the gap where the row still adds
    up; a text that sets its numbers evenly apart (lynx, pdfplumber) shows no such gap. A lone number
    beside text goes there only if it stands within the gap (``Unit.column``)."""
    if len(tokens) != n or identity is None:
        return tokens
    lines = Counter(u.lines[0] for u in tokens)
    if len(lines) != 2 or min(lines.values()) != 1:
        return tokens
    lone = next(u for u in tokens if lines[u.lines[0]] == 1)
    main = [u for u in tokens if u is not lone]
    gaps = [b.span[0] - a.span[1] for a, b in itertools.pairwise(main)]
    widest = max(range(len(gaps)), key=gaps.__getitem__)
    # A number beside text is its row's first, unless it stands within the gap across the lines
    # ("０ 0 0      ０ ０ 2" over "公开                  2").
    in_gap = main[widest].column + len(main[widest].text) <= lone.column < main[widest + 1].column
    if ((lone.lines[0] in text_lines and not in_gap)
            or any(gaps[widest] <= g + len(lone.text) + 1 for k, g in enumerate(gaps) if k != widest)):
        return tokens
    ordered = main[:widest + 1] + [lone] + main[widest + 1:]
    return ordered if fits(identity, ordered) else tokens


def _misfit(values: list[Unit], spacing: Spacing, n: int) -> Callable[[tuple[int, ...]], int]:
    """How badly a row's numbers (on one line) fit a placement in columns ``at`` of n (measured once
    for the row, applied to each placement): how far, summed, the columns their spacing sets them
    apart are from the placement's — where the columns have places (``Spacing.stops``), how far each
    number's place is from its column's, the row set on by the shift that fits best (a row whose line
    holds a group label's cell sits one column on)."""
    if spacing.placed:
        places = [spacing.place(u) or 0 for u in values]
        shifts = range(max(1, len(spacing.places(values[0])) - n + 1))
        return lambda at: min(sum(abs(p - shift - a) for p, a in zip(places, at)) for shift in shifts)
    apart = [spacing.apart(u, v) for u, v in itertools.pairwise(values)]
    return lambda at: sum(abs(d - (b - a)) for d, a, b in zip(apart, at, at[1:]))


NEIGHBOURS_GAP = 2  # at most this many spaces between neighbouring cells' numbers, where no whole row shows it
MIN_NEIGHBOUR_PAIRS = 3  # pairs that close in the short rows before their gap is taken for neighbours'


CENTRE_TOLERANCE = 0.2  # of a column: how far a distance between centres may be from a whole number of columns


def column_spacing(rows: list[tuple[list[Unit], int]]) -> Spacing | None:
    """How a space-aligned table (pdftotext -layout) sets its numbers apart: the widest gap between
    neighbouring cells' numbers, and how much wider a gap gets for each blank cell between them
    ("0 0 0 0 3671 0 3671" beside "5     0     0     5" and "2 0     0         2": 1, and 4). The
    neighbours' gap comes from the rows printed whole on one line when at least two are, else from
    the short rows' pairs as close as neighbours' ever are (a space or two), when there are several
    (an inscriptis table may set every printed pair columns apart); a column's width from the commonest
    wider gap. Where no rows show the neighbours' gap, the distances between centres (``_centre_spacing``).
    None unless some short row sets numbers apart wider than neighbours (a text that collapses spaces,
    lynx, says nothing by its gaps)."""
    if (stops := _stop_spacing(rows)) is not None:
        return stops
    whole, short = [], []
    for tokens, n in rows:
        values = _spaced_line(tokens)
        gaps = [b.span[0] - a.span[1] for a, b in itertools.pairwise(values)]
        if gaps and min(gaps) > 0:
            if len(gaps) + 1 == n == len(tokens):
                whole.append(max(gaps))
            elif len(gaps) + 1 < n:
                short += gaps
    if not short:
        return None
    close = [g for g in short if g <= NEIGHBOURS_GAP]
    if len(whole) < 2 and len(close) < MIN_NEIGHBOUR_PAIRS:
        # Too few pairs as close as neighbouring cells are printed: the centres, where columns are wide.
        return _centre_spacing(rows)
    near = max(whole) if len(whole) >= 2 else max(close)
    wide = Counter(g - near for g in short if g > near + 1)
    # The commonest step wider than neighbours' is one blank cell's width (two, three make 2×, 3×).
    return Spacing(near, max(wide, key=lambda step: (wide[step], -step))) if wide else None


MIN_STOP_ROWS = 5  # rows printing two numbers or more on a line before their places are taken for columns
MAX_SHIFTED_STOPS = 2  # places beyond the columns: rows with a group label's cell printed in their line
MIN_STOP_GAP = 3  # a digit and two spaces: places closer are one column's drifting (pdftotext -layout)


def _stop_spacing(rows: list[tuple[list[Unit], int]]) -> Spacing | None:
    """Columns at fixed places (inscriptis pads every column to its widest cell, so a blank cell leaves
    its width of spaces and every number starts at its column's place: `503` at 81, `30` at 97 … `539` at
    128, and `8` at 81, `8` at 128 for 8 _ _ _ _ _ 8). A row whose line holds a group label's cell too
    (`三、本年度办理结果 (一)予以公开 287 …`) is set one column on (287 at 97, 315 at 133), so the places are
    the columns' and up to MAX_SHIFTED_STOPS more. Taken where the rows' cells are as many, at least
    MIN_STOP_ROWS rows print two numbers or more on a line, the numbers' starts (else their ends) stand
    at no more places than that, MIN_STOP_GAP apart or more, and every row's numbers fit within one
    run of its columns' count of places. Else each page's places (``_page_stops``)."""
    widths = {n for _, n in rows}
    lines = [values for values in (_spaced_line(tokens) for tokens, _ in rows) if values]
    if len(widths) != 1:
        return None
    n = widths.pop()
    for edge in (0, 1) if len(lines) >= MIN_STOP_ROWS else ():
        stops = sorted({u.span[edge] for values in lines for u in values})
        if (n <= len(stops) <= n + MAX_SHIFTED_STOPS and all(b - a >= MIN_STOP_GAP for a, b in itertools.pairwise(stops))
                and all(stops.index(v[-1].span[edge]) - stops.index(v[0].span[edge]) < n for v in lines)):
            return Spacing(None, 0, stops=tuple((s, s) for s in stops), edge=edge)
    return _page_stops(lines, n)


MIN_PAGE_STOP_ROWS = 4  # a page's rows printing two numbers or more on a line before its places are taken for columns


def place_groups(places: Iterable[int], n: int) -> tuple[tuple[int, int], ...] | None:
    """Places where a text sets n columns, a place or two of drift in each: the places grouped where
    closer than MIN_STOP_GAP, as (first, last) — where they fall in exactly n groups, each narrower
    than MIN_STOP_GAP. None otherwise."""
    groups: list[list[int]] = []
    for p in sorted(set(places)):
        if groups and p - groups[-1][-1] < MIN_STOP_GAP:
            groups[-1].append(p)
        else:
            groups.append([p])
    if len(groups) != n or any(g[-1] - g[0] >= MIN_STOP_GAP for g in groups):
        return None
    return tuple((g[0], g[-1]) for g in groups)


def _increasing(places: list[int | None]) -> bool:
    return all(a is not None and b is not None and a < b for a, b in itertools.pairwise(places))


def _page_stops(lines: list[list[Unit]], n: int) -> Spacing | None:
    """Columns at places of their own on each page (pdftotext -layout of a Word PDF: a table over two
    pages, its label column narrower on the second, sets 自然人 … 总计 at 16 20 25 30 35 42 46 on the
    first and 9 13 17 21 25 31 35 on the second), each within a place or two of one (the first column,
    against the wrapped labels, drifts: 14, 16). A page's places are taken where at least
    MIN_PAGE_STOP_ROWS rows print two numbers or more on a line, their starts (else ends) fall in
    exactly n groups each narrower than MIN_STOP_GAP and MIN_STOP_GAP apart or more, and every row
    stands in increasing groups. A page that does not show its places leaves its rows unplaced.
    None unless some page shows them."""
    by_page: dict[int, list[list[Unit]]] = {}
    for values in lines:
        if values[0].page is not None:
            by_page.setdefault(values[0].page, []).append(values)
    for edge in (0, 1):
        paged = []
        for page, rows in by_page.items():
            if len(rows) < MIN_PAGE_STOP_ROWS:
                continue
            stops = place_groups([u.span[edge] for values in rows for u in values], n)
            if stops is None:
                continue
            spacing = Spacing(None, 0, stops=stops, edge=edge)
            if all(_increasing([spacing.place(u) for u in values]) for values in rows):
                paged.append((page, stops))
        if paged:
            return Spacing(None, 0, edge=edge, paged=tuple(paged))
    return None


PIECES_GAP = 1  # spaces between two pieces of one number (inscriptis: "5 03", a Word page's two spans)
MIN_APART_LINES = 3  # lines of numbers set two spaces apart or more before a text is taken to set cells so
MIN_BLANK_PAIRS = 20  # neighbouring numbers a blank line apart before a one-a-line text is taken to part cells so


def piece_layout(units: list[Unit]) -> str | None:
    """How the text sets one cell's numbers apart from the next, where a number typed as two spans
    (a Word page's "<span>5</span><span>03</span>") prints in two pieces closer than cells ever are:
    "spaces" where its lines of three numbers or more set every gap two spaces or wider and none sets
    every gap one (inscriptis pads each column and puts two spaces between: "8  0  0  0  0  0  8"; a
    piece is one space off: "5 03"); "lines" where numbers standing alone on their lines are a blank
    line apart, a piece on the next line (bs4 get_text("\n") of a page with whitespace between its
    cells: "5" / "03"), at least four times as often as not; else None (pdftotext -layout and PyMuPDF
    print neighbouring cells one space apart, lynx every cell; PDF text and crawler dumps print one
    number a line with no blank line between)."""
    apart = adjacent = blank = 0
    close = False  # a line sets every cell one space apart
    line: list[Unit] = []
    alone: list[tuple[Unit, int]] = []  # numbers alone on their lines, with their index
    for k, u in enumerate([*units, None]):
        number = u is not None and u.value_like and bool(u.text) and not u.piped
        if number and line and u.lines[0] == line[-1].lines[0]:
            line.append(u)
            continue
        if len(line) >= 3:
            gaps = [b.span[0] - a.span[1] for a, b in itertools.pairwise(line)]
            close |= max(gaps) <= PIECES_GAP
            apart += min(gaps) > PIECES_GAP
        elif len(line) == 1:
            if alone and k - 1 == alone[-1][1] + 1:
                step = line[0].lines[0] - alone[-1][0].lines[0]
                adjacent += step == 1
                blank += step > 1
            alone.append((line[0], k - 1))
        line = [u] if number else []
    if apart >= MIN_APART_LINES and not close:
        return "spaces"
    return "lines" if blank >= MIN_BLANK_PAIRS and 4 * adjacent <= blank else None


def joined_pieces(rows: list[tuple[list[Unit], int]], layout: str | None
                  ) -> tuple[list[list[Unit]], set[int], dict[int, list[Unit]]]:
    """Where the text sets cells apart more than a number's pieces (``piece_layout``), a row printing
    more numbers than it has cells joins the neighbouring digit pieces that stand closer ("5 03
    3 0       2 …" for 503 30 2 …; "5" / "03" on consecutive lines), when the join is one (no
    leading zero). A row printing as many numbers as cells keeps them (pdftotext -layout may set two
    cells a space apart too: "503 30     2"), but one with such a pair is in doubt ("1 68" for 168 and
    a blank). The rows' tokens, the ids of the units joined or in doubt (no identity checks them in
    table 二: the caller keeps them unsure there), and each doubted row's tokens joined (by row index)."""
    doubtful: set[int] = set()
    doubted: dict[int, list[Unit]] = {}
    if layout is None:
        return [tokens for tokens, _n in rows], doubtful, doubted
    out = []
    for r, (tokens, n) in enumerate(rows):
        merged: list[Unit] = []
        pairs = 0
        for u in tokens:
            prev = merged[-1] if merged else None
            if (prev is not None and prev.text.isdigit() and u.text.isdigit() and not u.piped and not prev.piped
                    and (layout == "spaces" and prev.lines[0] == u.lines[0] and u.span[0] - prev.span[1] == PIECES_GAP
                         or layout == "lines" and u.lines[0] == prev.lines[-1] + 1 and _alone(tokens, prev)
                         and _alone(tokens, u))
                    and WHOLE_NUMBER_RE.match(prev.text + u.text)):
                pairs += 1
                # One number, set apart from its neighbours: never cut again.
                merged[-1] = replace(prev, text=prev.text + u.text, frags=prev.frags + u.frags,
                                     pieces=prev.pieces + u.pieces, span=(prev.span[0], u.span[1]),
                                     lines=sorted({*prev.lines, *u.lines}), glued_run=False, separated=True)
            else:
                merged.append(u)
        if pairs and sum(bool(u.text) for u in tokens) > n:
            out.append(merged)
            doubtful |= {id(u) for u in merged}
        else:
            out.append(tokens)
            if pairs:
                doubtful |= {id(u) for u in tokens}
                doubted[r] = merged
    return out, doubtful, doubted


def _alone(tokens: list[Unit], u: Unit) -> bool:
    return all(t is u or u.lines[0] not in t.lines for t in tokens)


def _spaced_line(tokens: list[Unit]) -> list[Unit]:
    """A row's values when it prints two or more on one line set apart by spaces (no pipes), else []."""
    values = [u for u in tokens if u.text]
    if len(values) < 2 or any(u.piped for u in values) or len({u.lines[0] for u in values}) > 1:
        return []
    return values


MIN_LINE_GAPS = 12  # gaps between a row's numbers, a line each, before a text's blank lines are read as blank cells


def _own_lines(values: list[Unit]) -> list[Unit]:
    """The values when each stands alone on a line of its own, in order (no pipes), else []."""
    lines = [u.lines for u in values]
    if any(u.piped or len(u.lines) != 1 for u in values) or len({n for ls in lines for n in ls}) < len(values) \
            or any(a[0] >= b[0] for a, b in itertools.pairwise(lines)):
        return []
    return values


def line_spacing(rows: list[tuple[list[Unit], int]]) -> Spacing | None:
    """How a text of one number a line sets a row's cells apart (lynx, a table too wide for the screen:
    a cell a line, a blank line between neighbours and one more for each blank cell it left out — "2"
    three blank lines "93" two "2698" one "2793" for 2 _ _ 93 _ 2698 2793): the neighbours' gap in lines
    is the smallest a row shows, seen at least MIN_NEIGHBOUR_PAIRS times and at least two lines (a blank
    line between), and each blank cell adds the smallest step beyond it, which every wider gap is a whole
    multiple of. None where the rows show too few gaps, or any breaks the pattern: a row showing more
    blank cells between its numbers than it lacks (PDF text and dumps set blank lines anywhere)."""
    per_row = [([b.lines[0] - a.lines[-1] for a, b in itertools.pairwise(values)], n - len(values))
               for values, n in ((_own_lines([u for u in tokens if u.text]), n) for tokens, n in rows) if values]
    gaps = [g for row, _lost in per_row for g in row]
    if len(gaps) < MIN_LINE_GAPS:
        return None
    near = min(gaps)
    steps = sorted({g - near for g in gaps if g > near})
    if near < 2 or gaps.count(near) < MIN_NEIGHBOUR_PAIRS or not steps or any(g % steps[0] for g in steps):
        return None
    # No row shows more blank cells between its numbers than it lost (a row printed whole, none).
    if any(sum(g - near for g in row) // steps[0] > lost for row, lost in per_row):
        return None
    return Spacing(near, steps[0], by_lines=True)


def _centre_distance(a: Unit, b: Unit) -> float:
    """How far apart, in characters, the centres of two numbers of one line stand."""
    return (sum(b.span) - sum(a.span)) / 2


def _centre_spacing(rows: list[tuple[list[Unit], int]]) -> Spacing | None:
    """A grid of wide columns (w3m without borders: "503       30         2                     3 …"):
    the distance between neighbouring cells' numbers' centres is one column (the closest distances,
    seen at least MIN_NEIGHBOUR_PAIRS times, twice in a row on some line: three neighbours), and every
    distance a row shows is a whole number of columns, or the text is not such a grid (inscriptis sets
    columns apart unevenly, and by its labels' lengths where a row prints two numbers): None."""
    lines = [[_centre_distance(a, b) for a, b in itertools.pairwise(values)]
             for values in (_spaced_line(tokens) for tokens, _n in rows) if values]
    distances = [d for line in lines for d in line]
    if not distances or min(distances) <= 0:
        return None
    neighbours = sorted(d for d in distances if d <= 1.4 * min(distances))
    pitch = neighbours[len(neighbours) // 2]
    if (len(neighbours) < MIN_NEIGHBOUR_PAIRS or not any(d > 1.6 * pitch for d in distances)
            or not any(max(a, b) <= 1.4 * min(distances) for line in lines for a, b in itertools.pairwise(line))
            or any(abs(d / pitch - round(d / pitch)) > CENTRE_TOLERANCE for d in distances)):
        return None
    return Spacing(None, pitch)


def _tied(path, cols, readings: list, label_conf: float, how: str, cap: float, notes: list[str],
          ceiling: float = 1.0) -> RowFill:
    """A row whose readings (lists of units, or of (text, unit) pairs) the row alone cannot choose
    between: the first, with its confidence capped at ``cap`` and read ``how + "?"``, and all of them
    at full confidence for the column identities to decide."""
    def texts(reading) -> list[tuple[str, Unit | None, float]]:
        pairs = [(u.text, u) if isinstance(u, Unit) else u for u in reading]
        return [(t, u, min(ceiling, u.confidence)) for t, u in pairs]

    alternatives = [make_cells(path, cols, texts(r), label_conf, how) for r in readings]
    chosen = [replace(c, confidence=min(c.confidence, cap), read=c.read if c.read == "text" else how + "?")
              for c in alternatives[0]]
    return RowFill(chosen, len(readings[0]) >= len(cols), notes, alternatives if len(alternatives) > 1 else [])


def make_cells(path, cols, texts: list[tuple[str, Unit | None, float]], label_conf: float,
           how: str = "direct") -> list[CellResult]:
    cells = []
    for k, col in enumerate(cols):
        if k < len(texts):
            raw, unit, conf = texts[k]
            v = parse_value(raw)
            lines = tuple(unit.lines) if unit is not None else ()
            read = how
            if v.kind == "text":  # every cell of these tables is a number or a blank: text here is a misread
                conf, read = min(conf, TEXT_CELL_CONFIDENCE), "text"
            cells.append(CellResult(path, col, v.value, raw, v.kind, conf * label_conf, lines, read=read))
        else:
            cells.append(unread_cell(path, col))
    return cells


def ambiguity_notes(table_id: str, path: tuple[str, ...], fill: RowFill) -> list[tuple[str, str]]:
    """(where, detail) of each ambiguity in a row. Where readings still tie, every cell they
    disagree on keeps the other values as alternatives, and ``where`` names those cells."""
    if len(fill.alternatives) > 1:
        for k, cell in enumerate(fill.cells):
            others: dict[str, Alternative] = {}
            for alt in fill.alternatives:
                raw = alt[k].raw if k < len(alt) else ""
                if raw != cell.raw and raw not in others and len(others) < MAX_CELL_ALTERNATIVES:
                    others[raw] = Alternative(alt[k].value, raw)
            if others:
                fill.cells[k] = replace(cell, alternatives=tuple(others.values()),
                                        confidence=min(cell.confidence, SHORT_ROW_CONFIDENCE))
    tied = [c for c in fill.cells if c.alternatives]
    where = "; ".join(cell_where(table_id, c.row, c.col) for c in tied) or f"{table_id}: {'/'.join(path)}"
    return [(where, f"{'/'.join(path) or table_id}: {n}") for n in fill.notes]
