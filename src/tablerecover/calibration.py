"""Cell confidence calibrated on real flattenings: what share of cells read with the same evidence
were right.

A cell's evidence is how it was read (``CellResult.read``: direct, blank cells placed, glued digits
split, short row …), whether the identities it takes part in hold, fail or say nothing, and the
reader's own confidence (classifier probabilities × label similarity), in three bins. The table maps
each evidence class to its observed accuracy (Laplace-smoothed, backing off to coarser classes when a
class has few cells) and is fitted on real pages with gold by ``fit`` — leave-one-page-out for the
figures in docs/evaluation.md, all pages for the shipped ``cell_calibration.json``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .checks import identity_support
from .result import CellResult, TableResult
from .template import Template

TABLE_FILE = Path(__file__).with_name("cell_calibration.json")
MIN_CELLS = 30  # fewer cells than this in a class: back off to the coarser class
# Readings the reader knows it guessed (a tie, more or fewer values than columns): calibration may
# lower their confidence but never raise it, whatever the pages it was fitted on happened to show.
GUESSES = frozenset({"short", "overfull?", "blanks?", "glued?", "repeats?", "header?", "text", "counted?",
                     "unlabelled?", "split?", "transposed?", "moved?", "blank?", "joined?"})


def _bin(conf: float) -> str:
    return "hi" if conf >= 0.9 else "mid" if conf >= 0.5 else "lo"


def evidence(read: str, support: str, conf: float) -> tuple[str, ...]:
    """Evidence classes of one cell, finest first."""
    # Backing off pools the ways of reading, never the reader's own doubt (the bin) nor what the
    # identities say: a cell no identity vouches for is not made sure by cells that one did.
    # Nor do guesses stand in for the other ways of reading: that a left-to-right guess or a repeated
    # value happened to be right says nothing of a direct read the reader itself doubted.
    b = _bin(conf)
    return (f"{read}|{support}|{b}",) if read in GUESSES else (f"{read}|{support}|{b}", f"*|{support}|{b}")


def fit(samples: list[tuple[tuple[str, ...], bool]]) -> dict[str, list[int]]:
    """Right and total cells per evidence class, for every class level."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for keys, right in samples:
        for k in keys:
            counts[k][0] += right
            counts[k][1] += 1
    return dict(counts)


def calibrated(counts: dict[str, list[int]], keys: tuple[str, ...], conf: float) -> float:
    """The observed accuracy of the finest class with enough cells, never above the reader's own
    confidence when the reader had a reason to doubt (a tie, a guess) that the class does not show."""
    for k in keys:
        right, n = counts.get(k, (0, 0))
        if n >= MIN_CELLS:
            p = (right + 1) / (n + 2)
            return min(p, conf) if keys[0].split("|")[0] in GUESSES else p
    return conf


@lru_cache(maxsize=1)
def shipped_table() -> dict[str, list[int]]:
    return json.loads(TABLE_FILE.read_text(encoding="utf-8")) if TABLE_FILE.exists() else {}


def calibrate(tables: dict[str, TableResult], template: Template, counts: dict[str, list[int]] | None = None) -> None:
    """Replace every placed cell's confidence by the calibrated one (in place)."""
    counts = shipped_table() if counts is None else counts
    if not counts:
        return
    # A cell whose readings tie (it keeps the others as alternatives) is never raised, whatever its class.
    new = {id(c): min(p, c.confidence) if c.alternatives else p
           for _, c, keys in cell_evidence(tables, template) for p in (calibrated(counts, keys, c.confidence),)}
    for table in tables.values():
        table.cells = [replace(c, confidence=new[id(c)]) if id(c) in new else c for c in table.cells]


def cell_evidence(tables: dict[str, TableResult], template: Template) -> list[tuple[str, CellResult, tuple[str, ...]]]:
    """(table, cell, evidence classes) of every placed cell, for fitting and calibrating."""
    support = identity_support(tables, template)
    return [(tid, c, evidence(c.read, support.get((tid, c.row, c.col), "none"), c.confidence))
            for tid, t in tables.items() for c in t.cells if c.placed]
