"""Glued digit runs in table 二 (issue 10, class 3), where no identity checks a row.

A crawler that drops cell separators prints `行政许可8-51682` or `政府集中采购1307847.74万元`. Every
way to cut the run into the row's cells at character boundaries is a candidate (so every value
stands in the text). What the text itself says then separates them:

* the shape of a cell (hard): a count never starts with a leading zero, never carries a sign or
  decimals; a sign (`+15`, `-5`) starts a number, and only 本年增/减 is signed; decimals and a money
  unit (`万元`) belong to an amount (金额) column;
* the report's prose (evidence): a number the text restates beside the row's name (`制发规范性文件62件`,
  `行政许可…1682件`) votes for the readings that put it in that row;
* value priors (soft, never enough to be sure): most cells are 0 and most counts are short; 本年增/减
  is 0 or a small change; 现行有效 (对外公开总数量) is rarely below 本年制发 (本年新公开数量), and 本年新公开
  mostly equals 本年新制作; last year's items plus the change are not
  negative; an amount and a count in the same row give a plausible amount per purchase.

A reading is sure only when the shapes leave one, or the prose picks one; otherwise the most
plausible reading is kept with the others as alternatives (a tie, never a sure guess).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..values import parse_value
from ..vocab import CJK_RE, NA_MARKS, PROSE_UNIT_PATTERN

MAX_ACTIVE_READINGS = 5000
MAX_RUN_CHARS = 64
_PIECE_RE = re.compile(r"[+\-]?[^+\-]+")
_MONEY_SUFFIX_RE = re.compile(r"(\(?万?元\)?)$")  # "1307847.74万元", "12488（元）" (pdf-parse glues the unit cell)
_PART_RE = re.compile(r"^[+\-]?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?$")

# Value priors (probability of the number of digits of a cell, by column kind; of the value itself for
# 本年增/减). Shaped after the tables of real reports (realdev, seeds) — most cells 0, counts short,
# decisions with a long tail, changes of a few items — and deliberately flat: they rank readings,
# they never decide one.
_ZERO = {"count": 0.55, "decision": 0.5, "change": 0.55, "amount": 0.4}
_DIGITS = {
    "count": {1: 0.45, 2: 0.3, 3: 0.17, 4: 0.06, 5: 0.015},
    "decision": {1: 0.3, 2: 0.25, 3: 0.2, 4: 0.13, 5: 0.07, 6: 0.05},
    "amount": {d: 0.1 for d in range(1, 10)},
}
_FLOOR = 0.002
CHANGE_SCALE = 30
STOCK_BELOW_FLOW = 0.5        # 现行有效 < 本年制发, 对外公开总数量 < 本年新公开数量: rare, not impossible
PUBLISHED_AS_MADE = 5.0       # 2019 format: what a body publishes in the year is mostly what it made (3 3, 1810 1810)
ITEMS_BELOW_ZERO = 0.2        # 上一年项目数量 + 本年增/减 < 0
PER_PURCHASE_LOG10_YUAN = (5.0, 1.5)  # amount per 政府集中采购 project: 10万元 give or take 30×
# Decisions per item of 许可/处罚/强制 (2019 format): about 3, from 1/70 to 150 in real reports
# (20 26, 71 1, 629 2012, 2876 123291) — so 6 292012 (48,000 per item) is the long shot.
DECISIONS_PER_ITEM_LOG10 = (0.5, 1.5)
PROSE_SUPPORT = 50.0
NA_DASH = 0.0005              # a dash standing for a blank cell inside a run (rarer than a sign)
SIGNED_COUNT = 0.001          # a sign ("+40", "-12") on a count, a decision or an amount: only 本年增/减 prints one


@dataclass(frozen=True)
class ActiveReading:
    parts: tuple[str, ...]
    sources: tuple[int, ...]
    decided: bool                 # the shapes left one reading, or the prose picked one
    by_prose: bool
    # No number was cut: marks and signs alone set the cells apart ("3104—3,734", "0/190"), so no lost
    # blank can hide in it (n printed pieces fill n cells).
    uncut: bool
    alternatives: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]  # best first (this one included)


def column_kind(col: tuple[str, ...]) -> str:
    name = "".join(col)
    if "金额" in name:
        return "amount"
    if "增" in name and "减" in name:
        return "change"
    if "处理决定" in name:
        return "decision"
    return "count"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _piece_cuts(piece: str, k: int, money: bool) -> Iterator[tuple[str, ...]]:
    """Ways to cut one signed piece ("-51682", "1307847.74万元") into k numbers: the sign stays with
    the first, a decimal part and a unit with the number they end. A not-applicable mark is one
    cell; a doubled dash ("——") may be two."""
    if piece in NA_MARKS:
        if k == 1:
            yield (piece,)
        elif k == 2 and piece in ("——", "--"):
            yield (piece[0], piece[1])
        return
    sign, body = (piece[0], piece[1:]) if piece[:1] in "+-" else ("", piece)
    unit = ""
    if money:
        m = _MONEY_SUFFIX_RE.search(body)
        if m:
            unit, body = m.group(1), body[:m.start()]
    if not body or not re.fullmatch(r"[\d,]+(?:\.\d+)?", body):
        return
    if sign == "-" and k > 1:
        # "0-572" may be 0, a dash for a blank cell, 572.
        for parts in _cut(body, k - 1):
            yield ("-",) + parts[:-1] + (parts[-1] + unit,)
    for parts in _cut(body, k):
        parts = (sign + parts[0],) + parts[1:]
        yield parts[:-1] + (parts[-1] + unit,)


def _cut(body: str, k: int) -> Iterator[tuple[str, ...]]:
    if k == 1:
        if _PART_RE.match(body):
            yield (body,)
        return
    dot = body.find(".")
    limit = dot if dot >= 0 else len(body)  # never cut inside or after a decimal point's number
    for i in range(1, limit):
        head, rest = body[:i], body[i:]
        if not _PART_RE.match(head) or rest.startswith(","):
            if head != "0" and head.startswith("0"):
                return
            continue
        for tail in _cut(rest, k - 1):
            yield (head,) + tail


def _splits(counts: list[int], n: int) -> Iterator[list[int]]:
    """Numbers of cells per piece (each ≥ 1) adding up to n."""
    if len(counts) == 1:
        yield [n]
        return
    for first in range(1, n - len(counts) + 2):
        for rest in _splits(counts[1:], n - first):
            yield [first] + rest


def _candidates(tokens: list[str], n: int, glued: list[bool]) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
    pieces: list[tuple[str, int, bool]] = []  # (text, token, may be cut)
    for t, (raw, g) in enumerate(zip(tokens, glued)):
        text = _ascii(raw)
        parts = _PIECE_RE.findall(text) or [text]
        if "".join(parts) != text:
            return []
        for p in parts:
            # The caller says which tokens are runs (a lone token set apart from its label is not:
            # "行政事业性收费 168" is one number); one that cannot be one number is cut anyway.
            pieces.append((p, t, g or len(parts) > 1 or not _PART_RE.match(_MONEY_SUFFIX_RE.sub("", p))))
    if len(pieces) > n:
        return []
    out = []
    for split in _splits([1] * len(pieces), n):
        if any(k > 1 and not cuttable for k, (_, _, cuttable) in zip(split, pieces)):
            continue
        options = [list(_piece_cuts(p, k, True)) for k, (p, _, _) in zip(split, pieces)]
        if any(not o for o in options):
            continue
        combos: list[tuple[tuple[str, ...], tuple[int, ...]]] = [((), ())]
        for (p, t, _), opts in zip(pieces, options):
            combos = [(parts + o, src + (t,) * len(o)) for parts, src in combos for o in opts]
            if len(combos) > MAX_ACTIVE_READINGS:
                combos = combos[:MAX_ACTIVE_READINGS]
        out += combos
        if len(out) >= MAX_ACTIVE_READINGS:
            break
    return out[:MAX_ACTIVE_READINGS]


def _is_number(p: str) -> bool:
    return any(c.isdigit() for c in p)


def _is_mark(p: str) -> bool:
    return p in NA_MARKS and p != "-"


def _fits_shape(parts: tuple[str, ...], kinds: list[str]) -> bool:
    """A sign only in 本年增/减; decimals and a money unit only in an amount."""
    for p, kind in zip(parts, kinds):
        if p[:1] in "+-" and p != "-" and kind != "change":
            return False
        if ("." in p or _MONEY_SUFFIX_RE.search(p)) and kind != "amount":
            return False
    return True


def fits_columns(texts: list[str], cols: list[tuple[str, ...]]) -> bool:
    """Can these numbers stand in these table 二 columns by their shape alone (a sign only in 本年增/减,
    decimals and a money unit only in an amount)?"""
    return _fits_shape(tuple(texts), [column_kind(c) for c in cols])


def _value(p: str) -> float:
    v = parse_value(p).value
    return float(v) if v is not None else 0.0


def _log_prior(parts: tuple[str, ...], cols: list[tuple[str, ...]], kinds: list[str]) -> float:
    score = 0.0
    values = [_value(p) for p in parts]
    for p, kind, v in zip(parts, kinds, values):
        if p == "-":
            score += math.log(NA_DASH)
            continue
        if v == 0:
            score += math.log(_ZERO[kind])
            continue
        if kind != "change" and p.lstrip()[:1] in "+-＋－":
            score += math.log(SIGNED_COUNT)
        if kind == "change":
            # A change is a few items either way: flat up to CHANGE_SCALE, then falling off (+9 119, not +91 19).
            score += math.log((1 - _ZERO[kind]) / (4 * CHANGE_SCALE) * min(1.0, (CHANGE_SCALE / abs(v)) ** 2))
            continue
        digits = len(str(int(abs(v)))) if abs(v) >= 1 else 1
        table = _DIGITS[kind]
        # Beyond the longest usual count, each digit more is ten times less likely (no 10-digit count).
        p = table.get(digits) or _FLOOR * 0.1 ** max(0, digits - max(table))
        score += math.log((1 - _ZERO[kind]) * p)
    names = ["".join(c) for c in cols]
    # The documents in force (or public in all) include the year's own.
    for flow, stock in (("制发", "现行有效"), ("新公开", "对外公开总数")):
        i, j = (next((k for k, c in enumerate(names) if word in c), None) for word in (flow, stock))
        if i is not None and j is not None and values[j] < values[i]:
            score += math.log(STOCK_BELOW_FLOW)
    made, published = (next((k for k, c in enumerate(names) if word in c), None) for word in ("新制作", "新公开"))
    if made is not None and published is not None and values[made] == values[published]:
        score += math.log(PUBLISHED_AS_MADE)
    change = next((i for i, k in enumerate(kinds) if k == "change"), None)
    if change is not None and change > 0 and values[change - 1] + values[change] < 0:
        score += math.log(ITEMS_BELOW_ZERO)
    amount = next((i for i, k in enumerate(kinds) if k == "amount"), None)
    counts = [i for i, k in enumerate(kinds) if k == "count"]
    decision = next((i for i, k in enumerate(kinds) if k == "decision"), None)
    if decision is not None and counts and values[decision] > 0:
        items = values[counts[0]] + (values[change] if change is not None else 0)
        if items > 0:
            score += _log_normal_z(math.log10(values[decision] / items), DECISIONS_PER_ITEM_LOG10)
    if amount is not None and counts and values[amount] > 0 and values[counts[0]] > 0:
        yuan = values[amount] * (10000 if "万" in parts[amount] else 1)
        score += _log_normal_z(math.log10(yuan / values[counts[0]]), PER_PURCHASE_LOG10_YUAN)
    return score


def _log_normal_z(x: float, mean_sd: tuple[float, float]) -> float:
    z = (x - mean_sd[0]) / mean_sd[1]
    return -z * z / 2


def row_log_prior(texts: list[str], cols: list[tuple[str, ...]]) -> float:
    """How likely a row of table 二 reads so, by the value priors alone (log; for choosing between
    orders of printed numbers, never enough to be sure)."""
    return _log_prior(tuple(texts), cols, [column_kind(c) for c in cols])


_ROW_NAMES = (("规范性文件", "规范性"), ("规章",), ("行政许可", "许可"), ("行政处罚", "处罚"), ("行政强制", "强制"),
              ("行政事业性收费", "收费"), ("政府集中采购", "采购"), ("其他对外管理服务事项", "对外管理服务"))
_PROSE_NUMBER_RE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*{PROSE_UNIT_PATTERN}")


def prose_numbers(texts: list[str]) -> list[tuple[str, float]]:
    """(clause, number) for each counted number the prose states ("制发规范性文件62件"): the clause
    is the text around it up to the nearest punctuation, where a row's name would stand."""
    out = []
    for text in texts:
        text = _ascii(text)
        if not CJK_RE.search(text):
            continue
        for clause in re.split(r"[，。；、：,;:（）()]", text):
            for m in _PROSE_NUMBER_RE.finditer(clause):
                try:
                    value = float(m.group(1).replace(",", ""))
                except ValueError:
                    continue
                if value:
                    out.append((clause[:m.start()], value))
    return out


def _row_keywords(label: str) -> tuple[str, ...]:
    label = _ascii(label)
    for names in _ROW_NAMES:
        if names[0] in label or (names[0] == "规范性文件" and "规范性" in label):
            return names
    return ()


def prose_support(parts: tuple[str, ...], label: str, prose: list[tuple[str, float]]) -> int:
    """How many non-zero cells of a reading the prose restates beside the row's name."""
    keys = _row_keywords(label)
    if not keys:
        return 0
    stated = {v for before, v in prose if any(k in before[-12:] for k in keys)}
    return sum(1 for p in parts if _value(p) and abs(_value(p)) in stated)


def read_active_run(tokens: list[str], cols: list[tuple[str, ...]], label: str, glued: list[bool],
                    prose: list[tuple[str, float]] | None = None) -> ActiveReading | None:
    """Cut table 二's digit runs into the row's ``len(cols)`` cells; None when no cut gives them."""
    n = len(cols)
    if sum(len(t) for t in tokens) > MAX_RUN_CHARS:
        return None  # no row of table 二 holds that many digits; the cuts would grow quadratically
    kinds = [column_kind(c) for c in cols]
    readings = _candidates(tokens, n, glued)
    if not readings:
        return None
    shaped = [r for r in readings if _fits_shape(r[0], kinds)]
    pool = shaped or readings
    supports = [prose_support(r[0], label, prose or []) for r in pool]
    top = max(supports)
    by_prose = top > 0 and supports.count(top) == 1
    scored = sorted(((math.log(PROSE_SUPPORT) * s + _log_prior(r[0], cols, kinds), -i, r)
                     for i, (r, s) in enumerate(zip(pool, supports))), reverse=True)
    ranked = [r for _, _, r in scored]
    best = ranked[0]
    decided = bool(shaped) and (len(pool) == 1 or by_prose)
    # Uncut: as many numbers and marks (a sign's dash aside) as the tokens print; a "——" read as two is a cut.
    printed = [p for t in tokens for p in (_PIECE_RE.findall(_ascii(t)) or [_ascii(t)])]
    uncut = all(sum(map(kind, best[0])) == sum(map(kind, printed)) for kind in (_is_number, _is_mark))
    return ActiveReading(best[0], best[1], decided, by_prose, uncut, tuple(ranked))
