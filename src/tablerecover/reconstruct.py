"""Rebuild the canonical grid from labelled fragments.

1. Continuations are merged into the label they continue; the result is a list of units.
2. Section headings split the units into one span per table.
3. In each span, row-label units are aligned to the template's rows by a monotonic alignment that
   maximises fuzzy label similarity (typos, split labels, filling notes, Traditional variants).
4. The value units after each matched label fill that row's columns in order; empty pipe cells count
   as blank cells only where the row needs them, the rest is colspan padding.
5. Digit runs glued together are split by the identities (see glued.py); values are never altered.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .fragment import PAGE_NUMBER_RE, Fragment
from .glued import read_glued
from .normalise import compact
from .result import Alternative, CellResult, Check, Extra, TableResult, unread_cell
from .template import HEADING_KEYWORDS, TABLE_IDS, TableSpec, Template, lexicon
from .values import parse_value
from .vocab import CJK_RE as _CJK_RE
from .vocab import MONEY_UNIT_PATTERN

_ENUM_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")
_BORDER_RE = re.compile(r"^[\u2500-\u257f]+$")  # box-drawing borders left inside a cell
_UNIT_HEADER_RE = re.compile(rf"\({MONEY_UNIT_PATTERN}\)")
_GROUP_PREFIX_RE = re.compile(r"^\([一二三四五六七八九十]+\)[^\d()]{0,4}(?=\d+[.、])")
_SECTION_NUMERAL_RE = re.compile(r"^[一二三四五六七八九十]+[、.]")
# Sections in report order; tables are delimited by the headings around them.
SECTION_ORDER = ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other")
MIN_ROW_SIM = 0.62
HEADING_SIM = 85
# Confidence of a value whose column is a guess: below the "sure" line, so that nobody keeps it unchecked.
SHORT_ROW_CONFIDENCE = 0.4
TEXT_CELL_CONFIDENCE = 0.3
GLUED_CONFIDENCE = 0.95  # a glued run cut the one way the identities allow
GLUED_TIED_CONFIDENCE = 0.4
BLANKS_TIED_CONFIDENCE = 0.5
MAX_CELL_ALTERNATIVES = 5
VALUES_FOLLOW_BONUS = 0.05
MAX_EXPANSIONS = 5000  # C(14, 4) = 1001 for table 四 with 5 of 15 values
# A template column the table's own header prints (partial_ratio ≥ PRINTED) or clearly leaves out (≤ ABSENT).
HEADER_PRINTED, HEADER_ABSENT = 65, 50


@dataclass
class Unit:
    """A fragment, or a fragment with its continuations merged in."""

    text: str
    label: str
    frags: list[int]
    lines: list[int]
    row: int
    piped: bool
    confidence: float
    value_like: bool = field(default=False)
    # Its digits ran into the text before them with no separator (a crawler's glued cells): the only
    # kind of number that may be cut into several cells. Set by ``reconstruct`` from the fragments.
    glued_run: bool = field(default=False)
    # The text is a dump that drops consecutive repeated lines ("0 0 0" printed once): a short row's
    # missing values may be repeats of its neighbours. Set by ``reconstruct`` for the whole document.
    repeats_dropped: bool = field(default=False)

    @property
    def key(self) -> str:
        return compact(self.text)


@lru_cache(maxsize=1)
def _row_label_keys() -> frozenset[str]:
    return frozenset(compact(w) for w in lexicon()["rowlabel"])


def merge_units(frags: list[Fragment]) -> list[Unit]:
    """Units in order: each fragment, with continuations appended to the last unit they can extend.

    Linear in the fragments however long a chain grows: a unit's text pieces and lines are collected
    (with a set for the lines already seen) and joined once at the end.
    """
    units: list[Unit] = []
    pieces: dict[int, tuple[list[str], set[int]]] = {}  # id(unit) -> its texts, its lines seen
    owner: Unit | None = None  # the last unit a continuation can extend
    for i, f in enumerate(frags):
        label = f.label or "prose"
        if label == "cont" and compact(f.text) in _row_label_keys():
            label = "rowlabel"  # a whole template row label ("规章") does not continue anything
        if label == "cont" and owner is not None:
            if id(owner) not in pieces:
                pieces[id(owner)] = ([owner.text], set(owner.lines))
            texts, seen = pieces[id(owner)]
            texts.append(f.text)
            owner.frags.append(i)
            for n in f.lines:
                if n not in seen:
                    seen.add(n)
                    owner.lines.append(n)
            owner.confidence = min(owner.confidence, f.confidence)
            continue
        if label == "cont":
            label = "rowlabel"
        kind = parse_value(f.text).kind
        u = Unit(f.text, label, [i], list(f.lines), f.row, f.piped, f.confidence,
                 value_like=kind not in ("text", "empty"))  # units allowed: "251000元", "282.29万元"
        units.append(u)
        if label not in ("value", "empty"):
            owner = u
    for u in units:
        if id(u) in pieces:
            u.text = "".join(pieces[id(u)][0])
    return units


def _source_rows(units: list[Unit]) -> list[list[int]]:
    """Unit indices grouped by source row, in order."""
    rows: list[list[int]] = []
    for i, u in enumerate(units):
        if rows and units[rows[-1][0]].row == u.row:
            rows[-1].append(i)
        else:
            rows.append([i])
    return rows


def split_enumerated_continuations(units: list[Unit], frags: list[Fragment]) -> list[Unit]:
    """A continuation that opens with its own enumerator after other text came in between
    ("(一)予以公开 287 … 315" then "(二)部分公开…" taken for more of (一)'s label) starts a row of
    its own: split it off where it stands."""
    out: list[Unit] = []
    moved = False
    for u in units:
        cut = next((k for k in range(1, len(u.frags)) if u.frags[k] != u.frags[k - 1] + 1
                    and _ENUM_RE.match(compact("".join(frags[i].text for i in u.frags[k:k + 3])))), None)
        if cut is None:
            out.append(u)
            continue
        head, tail = u.frags[:cut], u.frags[cut:]
        out.append(replace(u, text="".join(frags[i].text for i in head), frags=head,
                           lines=sorted({n for i in head for n in frags[i].lines})))
        first = frags[tail[0]]
        out.append(replace(u, text="".join(frags[i].text for i in tail), frags=tail, label="rowlabel",
                           lines=sorted({n for i in tail for n in frags[i].lines}), row=first.row,
                           piped=first.piped, confidence=min(frags[i].confidence for i in tail)))
        moved = True
    return sorted(out, key=lambda u: u.frags[0]) if moved else out


MAX_SPLIT_FRAGS = 48  # a label merged from more pieces than this is not searched for two rows (bounds the cost)


def split_merged_rows(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """Two rows' labels merged into one (pdftotext prints each label line apart from its numbers):
    - a "continuation" after a row's numbers printed on lines of their own ("本机关不掌握相关政府信息"
      1 0 0 0 0 0 1 "没有现成信息需要另行制作") is the next row's label when it reads as a template row
      other than the one the head reads as, and better than the whole does; numbers beside label text
      (pdfplumber prints "于行政 11 1 0 0 0 0 12" then "执法案" "卷") leave the label whole;
    - consecutive label lines that read as two consecutive-in-order template rows, each well and
      better than joined ("2.其他法律行政法规禁止公开" "危及“三安全一稳定”"), are two labels.
    Every piece left is cut again, so three merged rows come apart too."""
    text_lines = {n for f in frags if _CJK_RE.search(f.text) for n in f.lines}

    def text_of(idx: list[int]) -> str:
        return "".join(frags[i].text for i in idx)

    def bare_gap(k: int, idx: list[int]) -> bool:
        return idx[k] != idx[k - 1] + 1 and all(
            frags[i].label in ("value", "empty") and not _CJK_RE.search(frags[i].text)
            and not text_lines.intersection(frags[i].lines) for i in range(idx[k - 1] + 1, idx[k]))

    def cut_of(u: Unit) -> int | None:
        whole = float(label_similarities(u.key, row_keys).max())
        best, where = None, None
        for k in range(1, len(u.frags)):
            bare = bare_gap(k, u.frags)
            if not bare and u.frags[k] != u.frags[k - 1] + 1:
                continue
            head, tail = compact(text_of(u.frags[:k])), compact(text_of(u.frags[k:]))
            if len(tail) < 4:
                continue
            hs, ts = label_similarities(head, row_keys), label_similarities(tail, row_keys)
            own, other = int(hs.argmax()), int(ts.argmax())
            if ts[other] < 0.8 or ts[other] <= whole or ts[other] - ts[own] < 0.15 or hs[own] < MIN_ROW_SIM:
                continue
            if not bare and (other <= own or min(hs[own], ts[other]) < 0.85 or hs[own] < whole):
                continue
            score = (bare, min(hs[own], ts[other]))  # where the numbers fall between is the likelier cut
            if best is None or score > best:
                best, where = score, k
        return where

    out: list[Unit] = []
    moved = False
    todo = list(reversed(units))
    while todo:
        u = todo.pop()
        cut = cut_of(u) if 1 < len(u.frags) <= MAX_SPLIT_FRAGS else None
        if cut is None:
            out.append(u)
            continue
        head, tail = u.frags[:cut], u.frags[cut:]
        first = frags[tail[0]]
        todo.append(replace(u, text=text_of(tail), frags=tail, label="rowlabel",
                            lines=sorted({n for i in tail for n in frags[i].lines}), row=first.row,
                            piped=first.piped, confidence=min(frags[i].confidence for i in tail)))
        todo.append(replace(u, text=text_of(head), frags=head, lines=sorted({n for i in head for n in frags[i].lines})))
        moved = True
    return sorted(out, key=lambda u: u.frags[0]) if moved else out


def join_around_enumerators(units: list[Unit], row_keys: tuple[str, ...]) -> list[Unit]:
    """A label printed in two pieces around its enumerator line (pdftotext -layout centres "1." on
    the label: "申请人无正当理由逾期" / "1." / "不补正、行政机关不再处理其政府信息公开申请 0 0 …") is
    one label, enumerator first, when joined it reads as a template row clearly better than either
    piece."""
    def best(key: str) -> float:
        return float(label_similarities(key, row_keys).max()) if key else 0.0

    def label_text(u: Unit) -> bool:
        return u.label in ("rowlabel", "cont", "block") and not u.value_like and bool(_CJK_RE.search(u.text))

    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if (i + 2 < len(units) and label_text(u) and label_text(units[i + 2]) and not _CJK_RE.search(units[i + 1].text)
                and _ENUM_RE.fullmatch(units[i + 1].key)):
            e, v = units[i + 1], units[i + 2]
            joined = e.key + u.key + v.key
            if best(joined) >= 0.9 and best(joined) > max(best(u.key), best(v.key)) + 0.05:
                out.append(replace(u, text=e.text + u.text + v.text, frags=sorted(u.frags + e.frags + v.frags),
                                   lines=sorted(set(u.lines + e.lines + v.lines)), label="rowlabel",
                                   confidence=min(u.confidence, v.confidence)))
                i += 3
                continue
        # The label's text on the line above its lone enumerator ("其他" / "3. 0 0 …"); a short word
        # like 其他 may have been taken for a column header.
        if (i + 1 < len(units) and (label_text(u) or u.label == "colhead") and not u.value_like
                and _CJK_RE.search(u.text) and _ENUM_RE.fullmatch(units[i + 1].key)):
            e = units[i + 1]
            joined = e.key + u.key
            if best(joined) >= 0.9 and best(joined) >= best(u.key) and best(e.key) < MIN_ROW_SIM:
                out.append(replace(e, text=e.text + u.text, frags=sorted(u.frags + e.frags),
                                   lines=sorted(set(u.lines + e.lines)), label="rowlabel",
                                   confidence=min(u.confidence, e.confidence)))
                i += 2
                continue
        out.append(u)
        i += 1
    return out


def join_wrapped_rows(units: list[Unit], frags: list[Fragment], row_keys: tuple[str, ...]) -> list[Unit]:
    """Join the lines of one box-table row whose label wrapped over several lines (w3m, terminal
    browsers): the numbers sit on the 2nd or 3rd line, the 1st shows the label's start over empty
    cells. A next line is the same row when it follows without a border, has label text in the same
    cell that does not open a row of its own (no enumerator) and reads as a template label better
    joined than apart, and the lines before it have no values (the numbers' line ends the row)."""
    def label_at(idx: list[int]) -> tuple[int, int] | None:
        texts = [(frags[units[i].frags[0]].cell, i) for i in idx if _CJK_RE.search(units[i].text)]
        return texts[-1] if texts else None

    def values_of(idx: list[int], cell: int) -> list[int]:
        return [i for i in idx if frags[units[i].frags[0]].cell > cell]

    def best(key: str) -> float:
        return float(label_similarities(key, row_keys).max()) if key else 0.0

    rows = _source_rows(units)
    drop: set[int] = set()
    replace_values: dict[int, list[int]] = {}  # label unit -> the value units that now follow it
    a = 0
    while a < len(rows):
        head = rows[a]
        if not all(units[i].piped for i in head) or (lab := label_at(head)) is None:
            a += 1
            continue
        cell, li = lab
        vals = values_of(head, cell)
        if any(units[i].text for i in vals):
            a += 1
            continue
        b = a + 1
        while b < len(rows):
            nxt = rows[b]
            first = frags[units[nxt[0]].frags[0]]
            nlab = label_at(nxt)
            if (first.blank_before or not all(units[i].piped for i in nxt) or nlab is None or nlab[0] != cell
                    or units[nxt[0]].row != units[rows[b - 1][0]].row + 1):
                break
            nli = nlab[1]
            nvals = values_of(nxt, cell)
            next_values = any(units[i].text for i in nvals)
            joined = units[li].key + units[nli].key
            if (_ENUM_RE.match(units[nli].key) or units[nli].label in ("block", "heading")
                    or best(joined) < max(MIN_ROW_SIM, best(units[li].key), best(units[nli].key))):
                break
            u = units[li]
            units[li] = replace(u, text=u.text + units[nli].text, frags=u.frags + units[nli].frags,
                                lines=u.lines + [n for n in units[nli].lines if n not in u.lines],
                                confidence=max(u.confidence, units[nli].confidence))
            drop.add(nli)
            b += 1
            if next_values:  # the numbers' line ends the row
                replace_values[li] = nvals
                drop.update(vals)
                break
            drop.update(nvals)
        a = b
    if not drop:
        return units
    moved = {i for v in replace_values.values() for i in v}
    out = []
    for i, u in enumerate(units):
        if i in drop or i in moved:
            continue
        out.append(u)
        out += [units[j] for j in replace_values.get(i, [])]
    return out


def _split_enum(key: str) -> tuple[str, str]:
    m = _ENUM_RE.match(key)
    return (m.group(0), key[m.end():]) if m else ("", key)


@lru_cache(maxsize=256)
def _split_targets(template_keys: tuple[str, ...]) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    parts = [_split_enum(k) for k in template_keys]
    enums = [e.rstrip("、.") for e, _ in parts]
    return enums, np.array([bool(e) for e in enums]), [c for _, c in parts], np.array([len(c) for _, c in parts])


@lru_cache(maxsize=1 << 13)  # a table's labels recur across a batch's reports
def label_similarities(source_key: str, template_keys: tuple[str, ...]) -> np.ndarray:
    """0..1 for each template label: how well a source label reads as it, tolerant of enumerator
    and notes. Read-only (cached); one rapidfuzz call scores the source against all labels."""
    # A vertical group label's first characters before the row's own enumerator ("(六)其2.申请人…",
    # pdftotext interleaves "（六）其" / "他处理" with the row label) say nothing of the row.
    source_key = _GROUP_PREFIX_RE.sub("", source_key)
    se, sc = _split_enum(source_key)
    enums, has_enum, contents, lens = _split_targets(template_keys)
    if not sc:
        score = np.zeros(len(template_keys))
    else:
        score = process.cdist([sc], contents, scorer=fuzz.ratio, dtype=np.float64)[0]
        if len(sc) >= 2:
            # Filling notes and extra words around the label: "规章(设区的市…应提供相关数据)".
            partial = 0.93 * process.cdist([sc], contents, scorer=fuzz.partial_ratio, dtype=np.float64)[0]
            score = np.where(lens >= 2, np.maximum(score, partial), score)
        if se:
            same = np.array([e == se.rstrip("、.") for e in enums])
            score = np.where(has_enum, score + np.where(same, 4, -12), score)
        score = np.where(lens == 0, 0.0, np.clip(score, 0.0, 100.0)) / 100.0
    score.flags.writeable = False
    return score


def _align(row_keys: list[str], units: list[Unit], bonus: list[float] | None = None) -> list[int | None]:
    """Monotonic alignment of template rows to units maximising total similarity (plus each unit's
    ``bonus`` when it is matched)."""
    R, U = len(row_keys), len(units)
    bonus = bonus or [0.0] * U
    keys = tuple(row_keys)
    sim = np.array([label_similarities(u.key, keys) for u in units]).reshape(U, R).T.tolist()
    dp = [[0.0] * (U + 1) for _ in range(R + 1)]
    for i in range(1, R + 1):
        for j in range(1, U + 1):
            best = max(dp[i - 1][j], dp[i][j - 1])
            s = sim[i - 1][j - 1]
            if s >= MIN_ROW_SIM:
                best = max(best, dp[i - 1][j - 1] + s + bonus[j - 1])
            dp[i][j] = best
    match: list[int | None] = [None] * R
    i, j = R, U
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= MIN_ROW_SIM and abs(dp[i][j] - (dp[i - 1][j - 1] + s + bonus[j - 1])) < 1e-12:
            match[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif dp[i][j] == dp[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return [(m, sim[r][m]) if m is not None else None for r, m in enumerate(match)]  # type: ignore[misc]


def find_sections(units: list[Unit]) -> dict[str, int]:
    """Index of each section heading, in report order (a missing heading is simply absent)."""
    found: dict[str, int] = {}
    start = 0
    for section in SECTION_ORDER:
        keys = [compact(k) for k in HEADING_KEYWORDS[section]]
        for idx in range(start, len(units)):
            u = units[idx]
            k = u.key
            if not k or len(k) > 40:
                continue
            if u.label != "heading" and not _SECTION_NUMERAL_RE.match(k):
                continue
            if max(fuzz.partial_ratio(kw, k) for kw in keys) >= HEADING_SIM and len(k) >= 4:
                found[section] = idx
                start = idx + 1
                break
    return found


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    headed: bool  # the table's own heading was found (its start is certain)


def table_spans(units: list[Unit]) -> dict[str, Span]:
    found = find_sections(units)
    spans = {}
    for t in TABLE_IDS:
        pos = SECTION_ORDER.index(t)
        before = [found[s] for s in SECTION_ORDER[:pos + 1] if s in found]
        after = [found[s] for s in SECTION_ORDER[pos + 1:] if s in found]
        start = before[-1] + 1 if before else 0
        end = after[0] if after else len(units)
        spans[t] = Span(start, max(start, end), t in found)
    return spans


def _is_label(units: list[Unit], k: int) -> bool:
    """Could unit k be a row label? The classifier says so, or its text reads as one where a value follows."""
    u = units[k]
    if u.label in ("rowlabel", "block", "cont"):
        return True
    if not _CJK_RE.search(u.text):
        return False
    # A header, or a short line taken for chrome, directly followed by a number inside a table is a
    # row label the classifier got wrong ("3.其他0000000", "行政确认 | 777").
    followed = k + 1 < len(units) and units[k + 1].value_like
    return u.label == "value" or (u.label in ("colhead", "meta", "heading") and len(u.key) <= 40 and followed)


def _collect(units: list[Unit], j: int, end: int) -> list[Unit]:
    """Value and empty units after position j, up to the next text of the grid."""
    out = []
    for k in range(j + 1, end):
        u = units[k]
        if ((u.label == "meta" and not _CJK_RE.search(u.text)) or PAGE_NUMBER_RE.match(u.text) or _BORDER_RE.match(u.text)
                or (out and _UNIT_HEADER_RE.fullmatch(u.key))):
            continue  # a page number, a box border, or the unit of a cell printed apart ("1 （元）" / "2488")
        if u.value_like or (u.label in ("value", "empty") and not _CJK_RE.search(u.text)):
            out.append(u)
        else:
            break
    return out


def _row_identity(table_id: str, n: int):
    if table_id == "applications" and n == 7:
        return lambda v: v[6] == sum(v[:6])
    if table_id == "review_litigation" and n == 15:
        return lambda v: all(v[g + 4] == sum(v[g:g + 4]) for g in (0, 5, 10))
    return None


def _fits(identity, units: list[Unit]) -> bool:
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
    identity = _row_identity(table_id, n)
    pool = [w for w in windows if identity is not None and _fits(identity, w)] or windows
    blanks = [sum(not u.text for u in w) for w in pool]
    best = [w for w, b in zip(pool, blanks) if b == min(blanks)]
    chosen = best[-1] if padding_first else best[0]
    distinct = {tuple(u.text for u in chosen): chosen}
    for w in best:
        distinct.setdefault(tuple(u.text for u in w), w)
    return chosen, len(distinct) == 1, list(distinct.values())


@dataclass
class _RowFill:
    cells: list[CellResult]
    complete: bool
    notes: list[str]
    # Readings the row alone cannot choose between (glued splits, blank placements), as cell lists
    # with the confidence they get when the column identities decide; ``cells`` is the first one,
    # its confidence lowered while undecided.
    alternatives: list[list[CellResult]] = field(default_factory=list)


def _padding_first(rows: list[tuple[list[Unit], int]]) -> bool:
    """Do this table's rows print colspan padding before their values? Told by the rows whose values
    are all present (tokens, number of columns), by where their empty cells sit."""
    lead = trail = 0
    for tokens, n in rows:
        if len(tokens) > n and sum(bool(u.text) for u in tokens) == n:
            lead += not tokens[0].text
            trail += not tokens[-1].text
    return lead > trail


def _fill_row(table_id: str, path: tuple[str, ...], cols, tokens: list[Unit], label_conf: float,
              padding_first: bool = False, label_row: int | None = None) -> _RowFill:
    n = len(cols)
    notes: list[str] = []
    nonempty = [u for u in tokens if u.text]
    texts: list[tuple[str, Unit | None, float]]
    how = "direct"
    if len(nonempty) > n:
        # More values than columns (a neighbour's numbers, a page number, a footnote): the run of n
        # that the row identity accepts; the first n when the identity cannot tell, as a guess.
        identity = _row_identity(table_id, n)
        windows = [nonempty[i:i + n] for i in range(len(nonempty) - n + 1)]
        # A token that is not a number ("1." of a label split from its row) is not a cell value
        # when a run of n numbers is there.
        numeric = [w for w in windows if all(parse_value(u.text).kind != "text" for u in w)]
        windows = numeric or windows
        fitting = [w for w in windows if identity is not None and _fits(identity, w)]
        readings = {tuple(u.text for u in w) for w in fitting}
        if len(readings) == 1:
            texts = [(u.text, u, u.confidence) for u in fitting[0]]
            how = "overfull"
        else:
            texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in (fitting or windows)[0]]
            how = "overfull?"
            notes.append(f"{len(nonempty)} values for {n} columns; the first {n} that fit were used")
    elif len(nonempty) == n:
        texts = [(u.text, u, u.confidence) for u in nonempty]
    elif len(tokens) == n - 1 and all(u.piped for u in tokens) and any(not u.text for u in tokens):
        # One cell short in a pipe row with blank cells: a blank last cell went with the closing pipe,
        # or, when no label opens the row, a blank first cell was taken for a border.
        blank = replace(tokens[0], text="", label="empty", confidence=0.5)
        padded = tokens + [blank] if tokens[0].row == label_row else [blank] + tokens + [blank]
        window, decided, tied = _place_blanks(table_id, padded, n, False)
        if not decided:
            notes.append("a blank cell at the start or at the end of the row was lost with a border")
            return _tied(path, cols, tied, label_conf, "blanks", BLANKS_TIED_CONFIDENCE, notes)
        how = "blanks"
        texts = [(u.text, u, u.confidence) for u in window]
    elif len(tokens) >= n and (all(u.piped for u in tokens) or any(not u.piped and not u.text for u in tokens)):
        # Empty cells are blank cells here (a non-piped empty is a no-break-space line: a cell too).
        window, decided, tied = _place_blanks(table_id, tokens, n, padding_first)
        if not decided:
            notes.append("blank cells and colspan padding could be told apart in more than one way")
            return _tied(path, cols, tied, label_conf, "blanks", BLANKS_TIED_CONFIDENCE, notes)
        how = "direct" if len(tokens) == n else "blanks"
        texts = [(u.text, u, u.confidence) for u in window]
    else:
        reading = read_glued([u.text for u in nonempty], n, _row_identity(table_id, n),
                             [u.glued_run for u in nonempty])
        if reading is not None:
            how = "glued"
            texts = [(p, nonempty[s], min(GLUED_CONFIDENCE, nonempty[s].confidence))
                     for p, s in zip(reading.parts, reading.sources)]
            # Without an identity a single possible cut only says the run has n cells' digits, which a
            # lost dash or blank belies ("——168" is not 1 6 8): sure only when every part is 0.
            unchecked = _row_identity(table_id, n) is None and any(p != "0" for p in reading.parts)
            if reading.ambiguous or unchecked:
                notes.append(f"glued digits read as {' '.join(reading.parts)}; "
                             f"{reading.consistent} of {reading.candidates} readings fit the identities")
                if not reading.alternatives or unchecked and reading.consistent == 1:
                    # No reading fits the identity, or none was there to check: the plausible one, unsure.
                    cells = _cells(path, cols, texts, label_conf, "glued?")
                    return _RowFill([replace(c, confidence=min(c.confidence, GLUED_TIED_CONFIDENCE)) for c in cells],
                                    True, notes)
                tied = [[(p, nonempty[s]) for p, s in zip(parts, sources)] for parts, sources in reading.alternatives]
                return _tied(path, cols, tied, label_conf, "glued", GLUED_TIED_CONFIDENCE, notes, GLUED_CONFIDENCE)
        elif nonempty and nonempty[0].repeats_dropped and len(nonempty) < n:
            return _fill_repeats(table_id, path, cols, nonempty, label_conf, notes)
        else:
            # Fewer values than columns and nothing says which columns lost theirs (dropped blank
            # cells, deduplicated lines): left to right is a guess, and the rest is unread.
            texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in nonempty]
            how = "short"
            if nonempty:
                notes.append(f"{len(nonempty)} values for {n} columns; placed left to right, the rest unread")
    return _RowFill(_cells(path, cols, texts, label_conf, how), len(texts) >= n, notes)


MIN_DUMP_LINES = 100


def repeats_dropped(frags: list[Fragment]) -> bool:
    """Is this a one-text-node-per-line dump that drops consecutive repeated lines (a crawler's
    page.txt)? Many one-fragment lines, and never the same line twice in a row — which a table of
    zeros printed one cell per line would show at once."""
    single = {}
    for f in frags:
        single[f.row] = None if f.row in single else f
    rows = [f for f in single.values() if f is not None]
    if len(rows) < MIN_DUMP_LINES or len(rows) < 0.8 * len(single):
        return False
    return not any(a.text == b.text and a.row + 1 == b.row and a.text for a, b in zip(rows, rows[1:]))


def _compositions_of(n: int, k: int):
    """Ways to give n cells to k printed values, each value at least one cell, in order."""
    if k == 1:
        yield (n,)
        return
    for first in range(1, n - k + 2):
        for rest in _compositions_of(n - first, k - 1):
            yield (first,) + rest


def _fill_repeats(table_id: str, path, cols, values: list[Unit], label_conf: float, notes: list[str]) -> _RowFill:
    """A short row of a dump that drops repeated lines: each printed value stands for one or more
    equal cells in a row. The row identity keeps the expansions it allows; one left is the reading,
    several go to the column identities and otherwise stay as alternatives. Never sure without an
    identity."""
    n = len(cols)
    identity = _row_identity(table_id, n)
    expansions = []
    for comp in itertools.islice(_compositions_of(n, len(values)), MAX_EXPANSIONS):
        units = [u for u, r in zip(values, comp) for _ in range(r)]
        if identity is None or _fits(identity, units):
            expansions.append(units)
    notes.append(f"{len(values)} values for {n} columns in a dump that drops repeated lines; "
                 f"{len(expansions)} ways to repeat them fit the identities")
    if not expansions:
        texts = [(u.text, u, min(u.confidence, SHORT_ROW_CONFIDENCE)) for u in values]
        return _RowFill(_cells(path, cols, texts, label_conf, "short"), False, notes)
    if len(expansions) == 1 and identity is not None:
        notes.pop()
        texts = [(u.text, u, min(u.confidence, GLUED_CONFIDENCE)) for u in expansions[0]]
        return _RowFill(_cells(path, cols, texts, label_conf, "repeats"), True, notes)
    return _tied(path, cols, expansions, label_conf, "repeats", SHORT_ROW_CONFIDENCE, notes, GLUED_CONFIDENCE)


def _tied(path, cols, readings: list, label_conf: float, how: str, cap: float, notes: list[str],
          ceiling: float = 1.0) -> _RowFill:
    """A row whose readings (lists of units, or of (text, unit) pairs) the row alone cannot choose
    between: the first, with its confidence capped at ``cap`` and read ``how + "?"``, and all of them
    at full confidence for the column identities to decide."""
    def texts(reading) -> list[tuple[str, Unit | None, float]]:
        pairs = [(u.text, u) if isinstance(u, Unit) else u for u in reading]
        return [(t, u, min(ceiling, u.confidence)) for t, u in pairs]

    alternatives = [_cells(path, cols, texts(r), label_conf, how) for r in readings]
    chosen = [replace(c, confidence=min(c.confidence, cap), read=c.read if c.read == "text" else how + "?")
              for c in alternatives[0]]
    return _RowFill(chosen, len(readings[0]) >= len(cols), notes, alternatives if len(alternatives) > 1 else [])


def _cells(path, cols, texts: list[tuple[str, Unit | None, float]], label_conf: float,
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


def _column_score(rows: list[list[CellResult]]) -> int:
    """How many of table 三's column identities hold: 一+二 = （七）+四 and （七） = the results' sum."""
    def v(c: CellResult) -> float:
        return c.value if isinstance(c.value, (int, float)) else 0

    score = 0
    for k in range(len(rows[0])):
        col = [v(r[k]) for r in rows]
        score += col[0] + col[1] == col[-2] + col[-1]
        score += col[-2] == sum(col[2:-2])
    return score


MAX_SCORINGS = 20000  # column-identity evaluations a table may spend on ties; beyond, ties stay open


def _resolve_with_columns(fills: list[_RowFill]) -> None:
    """Choose among the tied readings of table 三's rows (glued splits, blank placements, repeats) by
    the column identities: coordinate ascent, row by row until nothing changes. A row is decided only
    if no other reading of it reaches the same score when the other rows may follow (several rows
    shifted together can satisfy the columns equally); decided rows get their reading's confidence."""
    open_rows = [i for i, f in enumerate(fills) if len(f.alternatives) > 1]
    if not open_rows:
        return
    budget = [MAX_SCORINGS]

    def score(choice: dict[int, int]) -> int:
        budget[0] -= 1
        return _column_score([fills[j].alternatives[choice[j]] if j in choice else fills[j].cells
                              for j in range(len(fills))])

    def ascend(choice: dict[int, int], fixed: int | None = None) -> int:
        best = score(choice)
        for _ in range(3):
            changed = False
            for i in open_rows:
                if i == fixed or budget[0] <= 0:
                    continue
                for a in range(len(fills[i].alternatives)):
                    if a != choice[i]:
                        trial = {**choice, i: a}
                        sc = score(trial)
                        if sc > best:
                            choice[i], best, changed = a, sc, True
            if not changed:
                break
        return best

    choice = {i: 0 for i in open_rows}
    best = ascend(choice)
    undecided: set[int] = set()
    for i in open_rows:
        for a in range(len(fills[i].alternatives)):
            if a == choice[i] or i in undecided:
                continue
            other = {**choice, i: a}
            if ascend(other, fixed=i) >= best:
                undecided |= {j for j in open_rows if other[j] != choice[j]}
    undecided |= _column_swaps(fills, open_rows, choice)
    if budget[0] <= 0:
        undecided = set(open_rows)
    for i in open_rows:
        f = fills[i]
        if i not in undecided:
            f.cells, f.notes, f.alternatives = f.alternatives[choice[i]], [], []
        elif choice[i]:
            caps = [(c.confidence, c.read) for c in f.cells]
            f.cells = [replace(c, confidence=min(c.confidence, cap), read=read)
                       for c, (cap, read) in zip(f.alternatives[choice[i]], caps)]
            f.alternatives.insert(0, f.alternatives.pop(choice[i]))


def _column_swaps(fills: list[_RowFill], open_rows: list[int], choice: dict[int, int]) -> set[int]:
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
            if not any(values(alt) == w for alt in fills[i].alternatives):
                break
            moved.add(i)
        else:
            tied |= moved
    return tied


def _ambiguity_notes(table_id: str, path: tuple[str, ...], fill: _RowFill) -> list[tuple[str, str]]:
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
    where = "; ".join(f"{table_id}: {'/'.join(c.row)} | {'/'.join(c.col)}" for c in tied) or f"{table_id}: {'/'.join(path)}"
    return [(where, f"{'/'.join(path) or table_id}: {n}") for n in fill.notes]


@dataclass
class TableReading:
    table: TableResult
    matched_rows: int
    notes: list[tuple[str, str]]  # (where, detail) of each reading the text did not decide
    last_unit: int = -1  # the last unit the table's rows used (where the next table can begin)
    flags: list[Check] = field(default_factory=list)


def _is_other_format_row(spec: TableSpec, units: list[Unit], k: int) -> bool:
    """A label that heads a group of rows in this template (2021's （六）其他处理) printed with numbers
    of its own: the row of the other format ("（六）其他处理 | 1 | 0 …" in a 2021 report)."""
    key = units[k].key
    own = {compact(r.label) for r in spec.rows}
    return (key not in own and any(fuzz.ratio(key, compact(g)) >= 90 for g in spec.group_labels)
            and k + 1 < len(units) and units[k + 1].value_like)


def _printed_columns(cols, units: list[Unit], lo: int, hi: int) -> tuple[list[int], tuple[int, ...]] | None:
    """The template columns that the table's own header, printed between units lo and hi, shows —
    when it clearly leaves some out (a city's table 二 printing （五） as `2019年项目数量 | 处理决定数量`,
    without 本年增/减). None when there is no header there or it does not tell clearly."""
    words = [u for u in units[lo:hi] if u.label in ("colhead", "cont") and not u.value_like and _CJK_RE.search(u.text)]
    header = "".join(u.key for u in words).replace("信息内容", "")
    if len(header) < 4:
        return None
    scores = [fuzz.partial_ratio(compact(c[-1]), header) for c in cols]
    if any(HEADER_ABSENT < sc < HEADER_PRINTED for sc in scores):
        return None
    printed = [i for i, sc in enumerate(scores) if sc >= HEADER_PRINTED]
    if not printed or len(printed) == len(cols):
        return None
    return printed, tuple(n for u in words for n in u.lines)


def _fill_printed(table_id: str, row, tokens: list[Unit], label_conf: float, padding_first: bool,
                  label_row: int, printed: list[int], header_lines: tuple[int, ...]) -> _RowFill:
    """Fill only the columns the table's header prints; the others are not in the table (kind "na")."""
    fill = _fill_row(table_id, row.path, tuple(row.cols[i] for i in printed), tokens, label_conf,
                     padding_first, label_row)
    got = dict(zip(printed, fill.cells))
    # The header's reading is confirmed only when the row fills the columns it prints; otherwise the
    # "missing" column may just be printed elsewhere (pdftotext puts 采购总金额 after the row label).
    confirmed = fill.complete and all(c.placed for c in fill.cells)
    cells = [got[i] if i in got else CellResult(row.path, c, None, "", "na",
                                                (0.95 if confirmed else 0.45) * label_conf, header_lines,
                                                read="header" if confirmed else "header?")
             for i, c in enumerate(row.cols)]
    return _RowFill(cells, fill.complete, fill.notes, [])


def _run_through_enumerators(units: list[Unit], j: int, end: int, labels: frozenset[int],
                             pos: dict[int, int]) -> list[Unit]:
    """The values after unit j, read on past enumerators that label nothing ("1." of a label that
    pdftotext printed elsewhere), which are kept among them as text tokens."""
    out = _collect(units, j, end)
    while True:
        k = pos[id(out[-1])] + 1 if out else j + 1
        if k >= end or k in labels or _CJK_RE.search(units[k].text) or not _ENUM_RE.fullmatch(units[k].key):
            return out
        out.append(units[k])
        out += _collect(units, k, end)
        j = k


def _past_own_header(units: list[Unit], j: int, end: int, cols) -> int:
    """Past the block's column header printed between a row label and its numbers (pdftotext:
    "行政事业性收费" "上一年项目数量" "本年增/减" 4 0): the last header word, or j."""
    names = [compact(c[-1]) for c in cols]
    k = j
    while k + 1 < end and not units[k + 1].value_like and (
            # "采购总金额（元）": the classifier may merge the unit into the header word as its continuation
            (units[k + 1].label == "colhead"
             and max(fuzz.ratio(_UNIT_HEADER_RE.sub("", units[k + 1].key), n) for n in names) >= 85)
            or (k > j and _UNIT_HEADER_RE.fullmatch(units[k + 1].key))):  # "采购总金额" "（元）"
        k += 1
    return k


def _numbers(tokens: list[Unit]) -> list[Unit]:
    return [u for u in tokens if u.text and parse_value(u.text).kind != "text"]


def spread_unlabelled_rows(rows, row_tokens: list[list[Unit]], runs: list[list[Unit]],
                           text_lines: frozenset[int] = frozenset()) -> tuple[list[list[Unit]], dict[int, int]]:
    """Value rows without a label (pdftotext and PDF-to-markdown print a run of labels apart from
    their numbers): a row followed by whole extra rows of numbers gives them, in template order, to
    the rows after it that have no numbers of their own — only when there are exactly as many extra
    rows as such rows up to the next row with numbers (value rows still come in template order, and
    the labelled rows anchor the sequence). An extra row whose numbers share a source line with text
    (``text_lines``: pdfplumber prints a piece of a vertical label beside them) has a label of its
    own somewhere, and the anchor is not to be trusted. ``runs`` are the rows' values read on past
    enumerators that label nothing. Returns the tokens of every row and, for each row that got its
    numbers this way, the row whose label anchored them."""
    out = list(row_tokens)
    given: dict[int, int] = {}
    for r, tokens in enumerate(runs):
        n = len(rows[r].cols)
        nums = _numbers(tokens)
        if len(nums) <= n or len(nums) % n or any(not u.text for u in tokens):
            continue
        # A stray enumerator ("1." of a label printed elsewhere) may stand between whole rows only.
        seen, whole = 0, True
        for u in tokens:
            if parse_value(u.text).kind == "text":
                whole &= seen % n == 0
            else:
                seen += 1
        gap = list(itertools.takewhile(lambda s: not _numbers(row_tokens[s]), range(r + 1, len(rows))))
        if (not whole or len(gap) != len(nums) // n - 1 or any(len(rows[s].cols) != n for s in gap)
                or any(line in text_lines for u in nums[n:] for line in u.lines)):
            continue
        out[r] = nums[:n]
        for i, s in enumerate(gap):
            out[s] = nums[(i + 1) * n:(i + 2) * n]
            given[s] = r
    return out, given


def _uniform_cells(spec: TableSpec, units: list[Unit], start: int, end: int) -> list[CellResult] | None:
    """The table's cells when all its numbers are one value (a table of zeros) and the text holds
    exactly one number per cell: whatever order they are printed in, each cell is that value."""
    values = [u for u in units[start:end] if u.value_like and not PAGE_NUMBER_RE.match(u.text)]
    n = sum(len(r.cols) for r in spec.rows)
    if len(values) != n or len({parse_value(u.text) for u in values}) != 1 or parse_value(values[0].text).kind not in ("zero", "number"):
        return None
    it = iter(values)
    return [CellResult(r.path, c, parse_value(u.text).value, u.text, parse_value(u.text).kind, u.confidence,
                       tuple(u.lines), read="uniform")
            for r in spec.rows for c, u in zip(r.cols, it)]


def _read_rows(spec: TableSpec, units: list[Unit], span: Span) -> TableReading:
    start, end = span.start, span.end
    own_labels = {compact(r.label) for r in spec.rows} if spec.id == "active_disclosure" else set()
    # Table 二's row label printed as a header over its block's column names (pdftotext: "行政事业性收费"
    # "上一年项目数量" "本年增/减" 4 0) is a row label all the same.
    labels = [k for k in range(start, end) if _is_label(units, k) or (units[k].label == "colhead" and units[k].key in own_labels)]
    # Rows of the other format are kept out of the alignment and reported, not forced into cells.
    foreign = [k for k in labels if _is_other_format_row(spec, units, k)]
    span_ids = [k for k in labels if k not in foreign]
    cands = [units[k] for k in span_ids]
    # A label its numbers follow anchors a row better than one printed among other labels
    # (pdftotext prints a pile of labels apart from the numbers they belong to).
    followed = [VALUES_FOLLOW_BONUS * bool(_collect(units, k, end)) for k in span_ids]
    alignment = _align([compact(r.label) for r in spec.rows], cands, followed)
    row_tokens = [_collect(units, span_ids[m[0]], end) if m else [] for m in alignment]
    if spec.id == "active_disclosure":
        row_tokens = [t or (_collect(units, _past_own_header(units, span_ids[m[0]], end, r.cols), end) if m else [])
                      for t, m, r in zip(row_tokens, alignment, spec.rows)]
    pos = {id(u): i for i, u in enumerate(units[start:end], start)}

    def fill_rows(row_tokens: list[list[Unit]], unlabelled: dict[int, int]):
        padding_first = _padding_first([(t, len(r.cols)) for t, r in zip(row_tokens, spec.rows)])
        fills: list[_RowFill] = []
        matched, matched_ids, last_unit = 0, set(), -1
        prev_label, header = start, None  # header: (block, printed columns, header lines) read for the block
        for r, (row, m, tokens) in enumerate(zip(spec.rows, alignment, row_tokens)):
            if r in unlabelled:
                # Its numbers, not its label, placed it: as sure as the label that anchored them.
                anchor_m = alignment[unlabelled[r]]
                label_conf = min(1.0, anchor_m[1] + 0.05) * units[span_ids[anchor_m[0]]].confidence
                fill = _fill_row(spec.id, row.path, row.cols, tokens, label_conf)
                fill.cells = [replace(c, read="unlabelled") if c.read == "direct" else c for c in fill.cells]
                fills.append(fill)
                last_unit = max(last_unit, pos[id(tokens[-1])])
                if m is not None:
                    matched_ids.add(span_ids[m[0]])
                matched += 1
                continue
            if m is None:
                fills.append(_fill_row(spec.id, row.path, row.cols, [], 0.0))
                continue
            cand, sim = m
            k = span_ids[cand]
            matched_ids.add(k)
            last_unit = max(last_unit, pos.get(id(tokens[-1]), k) if tokens else k)
            label_conf = min(1.0, sim + 0.05) * units[k].confidence
            if spec.id == "active_disclosure":
                own = _printed_columns(row.cols, units, prev_label, k)
                if own is not None:
                    header = (row.path[0], *own)
                elif header is not None and header[0] != row.path[0]:
                    header = None
            prev_label = k
            if (spec.id == "active_disclosure" and header is not None
                    and sum(bool(u.text) for u in tokens) <= len(header[1])):
                fills.append(_fill_printed(spec.id, row, tokens, label_conf, padding_first, units[k].row,
                                           header[1], header[2]))
            else:
                fills.append(_fill_row(spec.id, row.path, row.cols, tokens, label_conf, padding_first, units[k].row))
            matched += bool(tokens)
        return fills, matched, matched_ids, last_unit

    # Unlabelled value rows: on lines of their own, they are placed by order; beside text (a label
    # the alignment missed, or one it matched to the wrong row), only when table 三's column
    # identities then all hold.
    text_lines = frozenset(n for u in units[start:end] if not u.value_like and _CJK_RE.search(u.text) for n in u.lines)
    labelled = frozenset(span_ids[m[0]] for m in alignment if m)
    runs = [_run_through_enumerators(units, span_ids[m[0]], end, labelled, pos) if m else [] for m in alignment]
    bare = spread_unlabelled_rows(spec.rows, row_tokens, runs, text_lines)
    fills, matched, matched_ids, last_unit = fill_rows(*bare)
    loose = spread_unlabelled_rows(spec.rows, row_tokens, runs)
    if spec.id == "applications" and loose[1] != bare[1]:
        trial = fill_rows(*loose)
        if _column_score([f.cells for f in trial[0]]) == 2 * len(spec.rows[0].cols):
            fills, matched, matched_ids, last_unit = trial
    cells: list[CellResult] = []
    notes: list[tuple[str, str]] = []
    complete = True
    if spec.id == "applications":
        _resolve_with_columns(fills)
    for row, fill in zip(spec.rows, fills):
        notes += _ambiguity_notes(spec.id, row.path, fill)
        complete &= fill.complete
        cells += fill.cells
    uniform = None if complete and matched == len(spec.rows) else _uniform_cells(spec, units, start, end)
    if uniform is not None:
        # Every number of the table is the same and there are exactly as many as cells: the order the
        # text prints them in (pdftotext's column order) no longer matters.
        cells, notes, complete, matched = uniform, [], True, len(spec.rows)
        last_unit = max(last_unit, max(pos[id(u)] for u in units[start:end] if u.value_like))
    extras = []
    flags = [Check("format.mixed", units[k].text, False,
                   f"{units[k].text} has numbers of its own, as in the other format; its sub-rows are "
                   f"not in the source, so their cells are left empty and the row is listed in extras")
             for k in foreign]
    for k in sorted(span_ids + foreign) if uniform is None else []:
        if k in matched_ids or units[k].label == "block":
            continue
        tokens = [u for u in _collect(units, k, end) if u.text]
        if tokens:
            extras.append(Extra(units[k].text, [u.text for u in tokens], tuple(units[k].lines)))
    status = "missing" if matched == 0 else ("recovered" if complete and matched == len(spec.rows) else "partial")
    return TableReading(TableResult(spec.id, status, cells if status != "missing" else [], extras), matched, notes,
                        last_unit if matched else -1, flags)


def _read_review(spec: TableSpec, units: list[Unit], span: Span) -> TableReading:
    """Table 四 has no row labels: its 15 values follow its own header words (or its heading)."""
    start, end = span.start, span.end
    # Only words of this table's own header anchor it (总计 and 其他 head table 三 too), compared
    # whole: "3.其他" must not pass for 其他结果.
    keys = [compact(x) for x in spec.column_labels if x != "总计"]
    anchor = None
    for k in range(start, end):
        u = units[k]
        if u.label in ("colhead", "rowlabel", "block", "cont") and max(fuzz.ratio(u.key, ck) for ck in keys) >= 85:
            anchor = k
    if anchor is None and not span.headed:
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    k = anchor if anchor is not None else start - 1
    header_rows = {units[k].row} if k >= start else set()
    def header_word(u: Unit) -> bool:
        return not u.value_like and u.label in ("colhead", "cont", "rowlabel", "block") and bool(_CJK_RE.search(u.text))

    while k + 1 < end:  # the header words after the anchor (总计, split words) and their padding
        nxt = units[k + 1]
        if header_word(nxt):
            header_rows.add(nxt.row)
        elif not ((nxt.text == "" and nxt.row in header_rows) or _BORDER_RE.match(nxt.text)):
            # Empty cells of a box table's header lines ("│ │ │ 总计 │", a line of empty cells between
            # the characters of vertical header words): header, while header words follow them.
            ahead = next((u for u in units[k + 1:end] if u.text and not _BORDER_RE.match(u.text)), None)
            if not (nxt.text == "" and nxt.piped and ahead is not None and header_word(ahead)):
                break
        k += 1
    tokens = _collect(units, k, end)
    row = spec.rows[0]
    got = sum(bool(u.text) for u in tokens)
    if 0 < got < len(row.cols) and end < len(units) and units[end - 1] is tokens[-1]:
        # The rest of the row printed after the next section's heading (pdftotext places the heading
        # at its height on the page, among the table's columns): taken only when it completes the row.
        more = _collect(units, end, len(units))
        if got + sum(bool(u.text) for u in more) == len(row.cols):
            tokens = tokens + more
    if not [u for u in tokens if u.text]:
        return TableReading(TableResult(spec.id, "missing"), 0, [])
    fill = _fill_row(spec.id, row.path, row.cols, tokens, 1.0)
    status = "recovered" if fill.complete else "partial"
    return TableReading(TableResult(spec.id, status, fill.cells), 1, _ambiguity_notes(spec.id, row.path, fill))


def reconstruct(frags: list[Fragment], template: Template) -> tuple[dict[str, TableResult], list[Check]]:
    """Tables of one template from labelled fragments, with checks on ambiguous readings and on rows
    of the other format."""
    row_keys = tuple(compact(r.label) for t in TABLE_IDS for r in template.table(t).rows)
    units = split_enumerated_continuations(merge_units(frags), frags)
    units = join_wrapped_rows(split_merged_rows(units, frags, row_keys), frags, row_keys)
    units = join_around_enumerators(units, row_keys)
    dropped = repeats_dropped(frags)
    for u in units:
        u.glued_run = any(frags[i].glued for i in u.frags)
        u.repeats_dropped = dropped
    spans = table_spans(units)
    tables: dict[str, TableResult] = {}
    flags: list[Check] = []
    floor = 0  # a table without its own heading begins after the rows the table before it used
    for tid in TABLE_IDS:
        spec = template.table(tid)
        read = _read_review if tid == "review_litigation" else _read_rows
        span = spans[tid]
        if not span.headed and floor > span.start:
            span = Span(min(floor, span.end), span.end, False)
        reading = read(spec, units, span)
        tables[tid] = reading.table
        flags += [Check("reading.ambiguous", where, False, detail) for where, detail in reading.notes] + reading.flags
        floor = max(floor, reading.last_unit + 1)
    return tables, flags
