"""Scoring recovered reports against gold (both in the output contract).

Cell accuracy follows the independent scorer (shared/tools/score.py): a gold cell is right when the
output has the same (row path, column path) after label normalisation and the same value; an
absent cell is wrong; a document is exact when every cell, every table status and the template match
and there is no extra cell.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .normalise import compact
from .template import TABLE_IDS


def _key(cell: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(compact(x) for x in cell.get("row") or []), tuple(compact(x) for x in cell.get("col") or [])


def _num(v):
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(str(v).replace(",", "")) if not isinstance(v, (int, float)) else float(v)
    except ValueError:
        return "bad"


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return False
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


@dataclass
class DocScore:
    name: str
    cells: int = 0
    right: int = 0
    extra: int = 0
    status_ok: int = 0
    template_ok: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.right == self.cells and self.extra == 0 and self.status_ok == len(TABLE_IDS) and self.template_ok


def score_doc(name: str, pred: dict | None, gold: dict) -> DocScore:
    s = DocScore(name)
    pred = pred or {}
    s.template_ok = str(pred.get("template")) == str(gold.get("template"))
    for t in TABLE_IDS:
        g = gold["tables"].get(t, {"status": "missing", "cells": []})
        p = (pred.get("tables") or {}).get(t) or {}
        if (g.get("status") == "missing") == (p.get("status") == "missing"):
            s.status_ok += 1
        else:
            s.errors.append(f"{t}: status {p.get('status')!r}, gold {g.get('status')!r}")
        pc = {_key(c): _num(c.get("value")) for c in p.get("cells") or []}
        for c in g.get("cells") or []:
            k = _key(c)
            s.cells += 1
            if k in pc and _same(pc[k], _num(c.get("value"))):
                s.right += 1
            else:
                s.errors.append(f"{t}: {'/'.join(k[0])} | {'/'.join(k[1])}: got {pc.get(k, 'absent')}, gold {c.get('value')}")
        gk = {_key(c) for c in g.get("cells") or []}
        s.extra += sum(1 for k in pc if k not in gk)
    return s


@dataclass
class Summary:
    docs: int
    exact: int
    cells: int
    right: int
    cell_accuracy: float
    doc_exact: float

    def to_dict(self) -> dict:
        return asdict(self)


def summarise(scores: list[DocScore]) -> Summary:
    cells = sum(s.cells for s in scores)
    right = sum(s.right for s in scores)
    exact = sum(s.exact for s in scores)
    n = max(len(scores), 1)
    return Summary(len(scores), exact, cells, right, right / max(cells, 1), exact / n)


def find_gold_pairs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(scrape, gold) pairs: X.txt beside X.gold.json, in the given files or directories."""
    pairs = []
    for p in paths:
        gold_files = sorted(p.rglob("*.gold.json")) if p.is_dir() else ([p] if p.name.endswith(".gold.json") else [])
        if p.is_file() and not p.name.endswith(".gold.json"):
            g = p.with_name(p.stem + ".gold.json")
            if g.exists():
                pairs.append((p, g))
            continue
        for g in gold_files:
            stem = g.name[: -len(".gold.json")]
            for ext in (".txt", ".html", ".htm"):
                src = g.with_name(stem + ext)
                if src.exists():
                    pairs.append((src, g))
                    break
    return pairs
