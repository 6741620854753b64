"""Scoring extracted metadata against gold: per field right / wrong / missing, and whether the input
text contains the gold value at all (a field the text does not print cannot be read from it)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..normalise import normalise_piece
from .agency import agency_key
from .dates import contains_date

FIELDS = ("agency", "year", "published")


def contains(text: str, name: str, gold) -> bool:
    """Whether ``text`` prints the gold value of field ``name``: the agency's name (ignoring white
    space, full/half width and script), the year as "2021年", the date in any printed form."""
    if gold is None:
        return False
    if name == "agency":
        return agency_key(gold) in re.sub(r"\s+", "", normalise_piece(text))
    if name == "year":
        return re.search(rf"(?<!\d){int(gold)}\s*年", text) is not None
    if name == "published":
        return contains_date(normalise_piece(text), str(gold))
    raise ValueError(f"unknown metadata field {name!r}")


def outcome(name: str, got, gold) -> str:
    """"right", "wrong" or "missing" (nothing extracted); agencies compare by ``agency_key``."""
    if got is None:
        return "missing"
    if name == "agency":
        return "right" if agency_key(got) == agency_key(gold) else "wrong"
    return "right" if str(got) == str(gold) else "wrong"


@dataclass
class FieldScore:
    """Outcomes of one field over documents; ``in_text`` counts only documents whose text prints the gold."""

    all: Counter = field(default_factory=Counter)
    in_text: Counter = field(default_factory=Counter)

    def add(self, result: str, printed: bool) -> None:
        self.all[result] += 1
        if printed:
            self.in_text[result] += 1

    @property
    def rate_in_text(self) -> float | None:
        n = sum(self.in_text.values())
        return self.in_text["right"] / n if n else None

    def to_dict(self) -> dict:
        return {"right": self.all["right"], "wrong": self.all["wrong"], "missing": self.all["missing"],
                "in_text": sum(self.in_text.values()), "right_in_text": self.in_text["right"],
                "rate_in_text": None if self.rate_in_text is None else round(self.rate_in_text, 4)}


def score_meta(meta: dict, gold_meta: dict, text: str) -> dict[str, tuple[str, bool]]:
    """Per field with a gold value: (outcome, whether the text prints the gold value)."""
    return {f: (outcome(f, meta.get(f), gold_meta[f]), contains(text, f, gold_meta[f]))
            for f in FIELDS if gold_meta.get(f) is not None}


def aggregate(scored: list[tuple[str, dict[str, tuple[str, bool]]]]) -> dict[str, dict[str, FieldScore]]:
    """{group: {field: FieldScore}} over (group, score_meta result) pairs, plus the group "all"."""
    out: dict[str, dict[str, FieldScore]] = {}
    for group, fields in scored:
        for g in (group, "all"):
            for f, (result, printed) in fields.items():
                out.setdefault(g, {}).setdefault(f, FieldScore()).add(result, printed)
    return out


def family(path: str) -> str:
    """The flattening family of an input: the tool after "__" in realdev's case names
    (``pta-cg2021__bs4.txt`` → bs4), else the page kind (``.html``, ``.page.txt`` → crawler-page)."""
    name = path.rsplit("/", 1)[-1]
    if "__" in name:
        return name.split("__", 1)[1].rsplit(".", 1)[0]
    return "page.txt" if name.endswith(".page.txt") else name.rsplit(".", 1)[-1]


def measure_files(pairs: list[tuple[str, dict]]) -> dict[str, dict[str, FieldScore]]:
    """Read each input (path, gold meta), extract its metadata and score it, grouped by ``family``."""
    from ..io import read_input
    from ..normalise import normalise_text
    from .extract import extract_meta

    scored = []
    for path, gold_meta in pairs:
        inp = read_input(path)
        meta = extract_meta(normalise_text(inp.text), inp.properties)
        raw = open(path, encoding="utf-8", errors="replace").read()  # what the input prints, tags and all
        got = {"agency": meta.agency, "year": meta.year, "published": meta.published}
        scored.append((family(path), score_meta(got, gold_meta, raw)))
    return aggregate(scored)


def markdown(scores: dict[str, dict[str, FieldScore]]) -> str:
    """One row per family: per field right/in-text (rate), and right / wrong / missing over all."""
    head = "| family | " + " | ".join(f"{f} right where printed | {f} r/w/m" for f in FIELDS) + " |"
    rows = [head, "|" + "---|" * (1 + 2 * len(FIELDS))]
    for g in sorted(scores, key=lambda g: (g == "all", g)):
        cells = []
        for f in FIELDS:
            s = scores[g].get(f, FieldScore())
            d = s.to_dict()
            rate = "–" if s.rate_in_text is None else f"{100 * s.rate_in_text:.0f}%"
            cells += [f"{d['right_in_text']}/{d['in_text']} ({rate})", f"{d['right']}/{d['wrong']}/{d['missing']}"]
        rows.append(f"| {g} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":  # python -m tablerecover.metadata.score FILE… (gold beside: X.gold.json)
    import json
    import sys

    def gold_path(p: str) -> str:
        for suffix in (".page.txt", ".html", ".txt"):
            if p.endswith(suffix):
                return p[: -len(suffix)] + ".gold.json"
        return p + ".gold.json"

    pairs = [(p, json.load(open(gold_path(p), encoding="utf-8"))["meta"]) for p in sys.argv[1:]]
    print(markdown(measure_files(pairs)))
