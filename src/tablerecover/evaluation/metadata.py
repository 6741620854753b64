"""Report metadata (agency, year, publication date) against gold, and whether the text printed it at all.

A field is *right* when the output's value equals gold's, *wrong* when it is another value, *missing*
when the output has none; a field gold leaves null is not scored. Values compare after the character
normalisation report text gets (``normalise_piece``: NFKC, Traditional to Simplified, …):
- agency *as written* (the output contract's rule), white space ignored: another spelling of the same
  body — 福建省莆田市城市管理局 for 莆田市城市管理局, 莆田市政府 for 莆田市人民政府, XX局（本级） for XX局 —
  is wrong (``metadata.agency_key`` groups such spellings for the dataset; it does not score);
- year as an integer; date as a calendar date, whatever its printed form (``metadata.dates``).
*In text* says whether the gold value appears in the input text in some printed form, so that "right
where the text contains it" separates extraction misses from values no reader could find: the agency
as its name (white space ignored), the year as 2020年 or 二〇二〇年, the date in any form
``metadata.dates`` reads (2020-01-20, 2020/1/20, 2020.1.20, 2020年1月20日, 二〇二〇年一月二十日, across
line breaks too).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..metadata.dates import contains_date, contains_year, find_dates
from ..normalise import normalise_piece

META_FIELDS = ("agency", "year", "published")
_SPACE_RE = re.compile(r"\s+")


def _flat(text: str) -> str:
    """Normalised as report text is, with all white space removed."""
    return _SPACE_RE.sub("", normalise_piece(text))


def _year(v: object) -> int | None:
    if isinstance(v, bool):
        return None
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def _date(v: object) -> str | None:
    """The ISO form of the first date printed in ``v``."""
    dates = find_dates(normalise_piece(str(v))) if v is not None else []
    return dates[0][2] if dates else None


def in_text(field: str, gold: object, text: str) -> bool:
    """Whether the gold value of a metadata field appears in the text in one of its printed forms."""
    if field == "agency":
        name = _flat(str(gold))
        return bool(name) and name in _flat(text)
    if field == "year":
        y = _year(gold)
        return y is not None and contains_year(normalise_piece(text), y)
    if field == "published":
        d = _date(gold)
        return d is not None and contains_date(normalise_piece(text), d)
    raise ValueError(f"unknown metadata field {field!r}; fields are {', '.join(META_FIELDS)}")


def _same(field: str, output: object, gold: object) -> bool:
    if field == "agency":
        return _flat(str(output)) == _flat(str(gold))
    if field == "year":
        return _year(output) is not None and _year(output) == _year(gold)
    return _date(output) is not None and _date(output) == _date(gold)


@dataclass(frozen=True)
class FieldScore:
    """One metadata field of one document."""

    field: str
    gold: str | int | None
    output: str | int | None
    outcome: str        # "right", "wrong", "missing" (the output has no value) or "unscored" (gold has none)
    in_text: bool       # the gold value appears in the text


def score_meta(report_meta: dict, gold_meta: dict, text: str) -> dict[str, FieldScore]:
    """Each metadata field of an output against gold, and whether the text printed the gold value."""
    report_meta = report_meta if isinstance(report_meta, dict) else {}
    gold_meta = gold_meta if isinstance(gold_meta, dict) else {}
    out = {}
    for f in META_FIELDS:
        gold, got = gold_meta.get(f), report_meta.get(f)
        if gold is None or gold == "":
            out[f] = FieldScore(f, None, got, "unscored", False)
            continue
        outcome = "missing" if got is None or got == "" else "right" if _same(f, got, gold) else "wrong"
        out[f] = FieldScore(f, gold, got, outcome, in_text(f, gold, text))
    return out


@dataclass(frozen=True)
class FieldTally:
    """One field over many documents: outcomes, and the right ones among those whose text printed the value."""

    field: str
    right: int = 0
    wrong: int = 0
    missing: int = 0
    in_text: int = 0
    right_in_text: int = 0

    @property
    def scored(self) -> int:
        return self.right + self.wrong + self.missing

    @property
    def accuracy(self) -> float | None:
        return self.right / self.scored if self.scored else None

    @property
    def accuracy_in_text(self) -> float | None:
        return self.right_in_text / self.in_text if self.in_text else None

    def to_dict(self) -> dict:
        return {"right": self.right, "wrong": self.wrong, "missing": self.missing, "scored": self.scored,
                "in_text": self.in_text, "right_in_text": self.right_in_text}


def tally_meta(scores: Iterable[dict[str, FieldScore]]) -> dict[str, FieldTally]:
    """Per field, pooled over documents (unscored fields are left out)."""
    counts = {f: [0, 0, 0, 0, 0] for f in META_FIELDS}
    for doc in scores:
        for f, s in doc.items():
            if s.outcome == "unscored":
                continue
            c = counts[f]
            c[("right", "wrong", "missing").index(s.outcome)] += 1
            c[3] += s.in_text
            c[4] += s.in_text and s.outcome == "right"
    return {f: FieldTally(f, *c) for f, c in counts.items()}
