"""Reading digit runs whose cell separators were lost ("630020469" for seven cells).

Every reading cuts the runs at character boundaries only, so each value it yields stands in the
text; the template's identities (and then plausibility) choose among the readings, and the caller
is told how many readings the identities left standing.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MAX_READINGS = 20000
MAX_ALTERNATIVES = 64
_SIGNED_RUN_RE = re.compile(r"^[+\-]?\d+(?:[+\-]\d+)+$")
_DECIMAL_RUN_RE = re.compile(r"^[+\-]?\d+\.\d+$")
WHOLE_NUMBER_RE = re.compile(r"^(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)$")


@dataclass(frozen=True)
class Reading:
    parts: tuple[str, ...]        # the cell texts, in order
    sources: tuple[int, ...]      # index of the token each part came from
    consistent: int               # readings satisfying the identity (0 when none does)
    candidates: int               # readings considered
    # Other readings that fit the identity as well as this one (up to MAX_ALTERNATIVES), with their
    # sources, for the caller to choose among with identities across rows.
    alternatives: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.consistent != 1


def _cuts(run: str, k: int) -> Iterator[tuple[str, ...]]:
    """All ways to cut a digit run into k numbers without leading zeros ("0" itself is fine); a
    leading sign stays with the first number ("-13189" → "-13", "189")."""
    sign, digits = (run[0], run[1:]) if run[:1] in "+-" and len(run) > 1 else ("", run)
    # A decimal part ends the run: it stays with the last number ("08415.993" → "0", "8415.993").
    digits, dot, frac = digits.partition(".")
    for parts in _digit_cuts(digits, k):
        yield (sign + parts[0],) + parts[1:-1] + (parts[-1] + dot + frac,) if k > 1 else (sign + parts[0] + dot + frac,)


def _digit_cuts(digits: str, k: int) -> Iterator[tuple[str, ...]]:
    # Thousands separators bind: "2,686000002686" may cut after "2,686", never inside it.
    if k == 1:
        if WHOLE_NUMBER_RE.match(digits):
            yield (digits,)
        return
    for i in range(1, len(digits)):
        head, rest = digits[:i], digits[i:]
        if head != "0" and head.startswith("0"):
            break
        if WHOLE_NUMBER_RE.match(head) and not rest.startswith(","):
            for tail in _digit_cuts(rest, k - 1):
                yield (head,) + tail


def _compositions(extra: int, slots: list[int], room: list[int]) -> Iterator[dict[int, int]]:
    """Ways to give ``extra`` additional parts to the splittable tokens, within their length."""
    if not slots:
        if extra == 0:
            yield {}
        return
    first, rest = slots[0], slots[1:]
    for take in range(min(extra, room[0]) + 1):
        for tail in _compositions(extra - take, rest, room[1:]):
            yield {first: take, **tail}


def _plausibility(parts: tuple[str, ...]) -> tuple[int, int]:
    # Most cells are small counts: prefer readings without one huge number, then with more zeros.
    return (-max(len(p) for p in parts), sum(p == "0" for p in parts))


def _digits(token: str) -> str:
    """The digits a token may be cut between: no sign, no separators, no decimal part."""
    digits = token.lstrip("+-").replace(",", "")
    return digits.split(".")[0] if _DECIMAL_RUN_RE.match(token) else digits


def read_glued(tokens: list[str], n: int, identity: Callable[[list[int]], bool] | None,
               glued: list[bool] | None = None) -> Reading | None:
    """Split digit-run tokens so that there are exactly ``n`` cells; None when impossible.

    A token with a separator on both sides (``glued`` False) among other tokens is cut only when it
    cannot be one number ("0000000", "01"): where the row's cells are separated, "123291" is one
    number, never 12 + 3291. A row that is one token may have lost all its separators and may be cut,
    unless the caller says it has a separator on both sides (``glued`` False: "行政事业性收费 168")."""
    glued = glued if glued is not None else [True] * len(tokens)
    # A sign inside a run starts a new number: "0-13189" is "0" then "-13189…".
    pieces = [re.findall(r"[+\-]?\d+", t) if _SIGNED_RUN_RE.match(t) else [t] for t in tokens]
    origin = [i for i, ps in enumerate(pieces) for _ in ps]
    tokens = [p for ps in pieces for p in ps]
    splittable = [i for i, t in enumerate(tokens) if _digits(t).isdigit() and len(_digits(t)) > 1
                  and (glued[origin[i]] or not WHOLE_NUMBER_RE.match(t.lstrip("+-").split(".")[0]))]
    extra = n - len(tokens)
    # The signs alone may cut the run into the n numbers ("0-12" → "0", "-12"): that is the reading.
    if extra < 0 or (not splittable if extra else len(tokens) == len(pieces)):
        return None
    room = [len(_digits(tokens[i])) - 1 for i in splittable]
    readings: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
    for comp in _compositions(extra, splittable, room):
        options = [list(_cuts(t, comp.get(i, 0) + 1)) if i in comp else [(t,)] for i, t in enumerate(tokens)]
        for combo in itertools.product(*options):
            parts = tuple(p for group in combo for p in group)
            sources = tuple(i for i, group in enumerate(combo) for _ in group)
            readings.append((parts, sources))
            if len(readings) >= MAX_READINGS:
                break
    if not readings:
        return None

    def fits(parts: tuple[str, ...]) -> bool:
        if identity is None:
            return True
        try:
            return identity([int(p.replace(",", "")) for p in parts])
        except ValueError:
            return False

    good = [r for r in readings if fits(r[0])]
    pool = good or readings
    ranked = sorted(pool, key=lambda r: _plausibility(r[0]), reverse=True)
    best = ranked[0]
    alternatives = tuple((p, tuple(origin[i] for i in s)) for p, s in ranked[:MAX_ALTERNATIVES]) if good else ()
    return Reading(best[0], tuple(origin[i] for i in best[1]), len(good) if identity is not None else len(readings),
                   len(readings), alternatives)
