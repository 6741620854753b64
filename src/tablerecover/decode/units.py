"""Units: fragments with their continuations merged in, then the label repairs that need the
fragments' lines (merged rows cut, wrapped box rows joined, labels around an enumerator joined)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..fragment import Fragment
from ..normalise import compact
from ..template import lexicon
from ..values import parse_value
from ..vocab import CJK_RE
from .labels import ENUM_RE, MIN_ROW_SIM, best_similarity, label_similarities


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
                 kind not in ("text", "empty"))  # value_like; units allowed: "251000元", "282.29万元"
        units.append(u)
        if label not in ("value", "empty"):
            owner = u
    for u in units:
        if id(u) in pieces:
            u.text = "".join(pieces[id(u)][0])
    return units


def source_rows(units: list[Unit]) -> list[list[int]]:
    """Unit indices grouped by source row, in order."""
    rows: list[list[int]] = []
    last = None
    for i, u in enumerate(units):
        if u.row == last:
            rows[-1].append(i)
        else:
            rows.append([i])
            last = u.row
    return rows


def split_enumerated_continuations(units: list[Unit], frags: list[Fragment]) -> list[Unit]:
    """A continuation that opens with its own enumerator after other text came in between
    ("(一)予以公开 287 … 315" then "(二)部分公开…" taken for more of (一)'s label) starts a row of
    its own: split it off where it stands."""
    out: list[Unit] = []
    moved = False
    for u in units:
        if len(u.frags) == 1:
            out.append(u)
            continue
        cut = next((k for k in range(1, len(u.frags)) if u.frags[k] != u.frags[k - 1] + 1
                    and ENUM_RE.match(compact("".join(frags[i].text for i in u.frags[k:k + 3])))), None)
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
    text_lines: set[int] = set()
    if any(1 < len(u.frags) <= MAX_SPLIT_FRAGS for u in units):  # only a searched unit reads them
        text_lines = {n for f in frags if CJK_RE.search(f.text) for n in f.lines}

    def text_of(idx: list[int]) -> str:
        return "".join(frags[i].text for i in idx)

    def bare_gap(k: int, idx: list[int]) -> bool:
        return idx[k] != idx[k - 1] + 1 and all(
            frags[i].label in ("value", "empty") and not CJK_RE.search(frags[i].text)
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
    def label_text(u: Unit) -> bool:
        return u.label in ("rowlabel", "cont", "block") and not u.value_like and bool(CJK_RE.search(u.text))

    # Both joins need an enumerator next: the loop jumps from one such place to the next (each
    # distinct text tested once: a long input repeats its lines).
    texts = [u.text for u in units]
    enums = {t for t in set(texts) if ENUM_RE.fullmatch(compact(t))}
    before_enum = [j - 1 for j, t in enumerate(texts) if t in enums and j]
    out: list[Unit] = []
    i = 0
    while i < len(units):
        nxt = bisect.bisect_left(before_enum, i)
        nxt = before_enum[nxt] if nxt < len(before_enum) else len(units)
        if nxt > i:
            out += units[i:nxt]
            i = nxt
            continue
        u = units[i]
        if (i + 2 < len(units) and label_text(u) and label_text(units[i + 2]) and not CJK_RE.search(units[i + 1].text)
                and ENUM_RE.fullmatch(units[i + 1].key)):
            e, v = units[i + 1], units[i + 2]
            joined = e.key + u.key + v.key
            score = best_similarity(joined, row_keys)
            if score >= 0.9 and score > max(best_similarity(u.key, row_keys), best_similarity(v.key, row_keys)) + 0.05:
                out.append(replace(u, text=e.text + u.text + v.text, frags=sorted(u.frags + e.frags + v.frags),
                                   lines=sorted(set(u.lines + e.lines + v.lines)), label="rowlabel",
                                   confidence=min(u.confidence, v.confidence)))
                i += 3
                continue
        # The label's text on the line above its lone enumerator ("其他" / "3. 0 0 …"); a short word
        # like 其他 may have been taken for a column header.
        if (i + 1 < len(units) and (label_text(u) or u.label == "colhead") and not u.value_like
                and CJK_RE.search(u.text) and ENUM_RE.fullmatch(units[i + 1].key)):
            e = units[i + 1]
            joined = e.key + u.key
            score = best_similarity(joined, row_keys)
            if score >= 0.9 and score >= best_similarity(u.key, row_keys) and best_similarity(e.key, row_keys) < MIN_ROW_SIM:
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
        texts = [(frags[units[i].frags[0]].cell, i) for i in idx if CJK_RE.search(units[i].text)]
        return texts[-1] if texts else None

    def values_of(idx: list[int], cell: int) -> list[int]:
        return [i for i in idx if frags[units[i].frags[0]].cell > cell]

    rows = source_rows(units)
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
            if (ENUM_RE.match(units[nli].key) or units[nli].label in ("block", "heading")
                    or best_similarity(joined, row_keys) < max(MIN_ROW_SIM, best_similarity(units[li].key, row_keys),
                                                               best_similarity(units[nli].key, row_keys))):
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
