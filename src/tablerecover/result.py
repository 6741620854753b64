"""Typed results of a recovery, and their JSON form (reference/output-contract.md)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .template import TABLE_IDS


@dataclass(frozen=True)
class Alternative:
    """Another reading of a cell that the evidence could not rule out."""

    value: int | float | None
    raw: str

    def to_dict(self) -> dict:
        return {"value": self.value, "raw": self.raw}


@dataclass
class CellResult:
    row: tuple[str, ...]
    col: tuple[str, ...]
    value: int | float | None
    raw: str
    kind: str
    confidence: float
    lines: tuple[int, ...]
    # Whether the reader found this cell in the text at all; an unplaced cell is kind "unread",
    # never "empty" (a number we could not read is not a blank).
    placed: bool = True
    alternatives: tuple[Alternative, ...] = ()  # best first, after the chosen value
    # How the cell was read (the evidence its confidence is calibrated on; see decoding docs):
    # "direct", "blanks" / "blanks?" (blank cells told from padding, decided / not), "glued" / "glued?",
    # "overfull" / "overfull?" (more values than columns, the identity picks them / a guess),
    # "repeats" / "repeats?" (values repeated back into a dump that drops repeated lines),
    # "short", "header" (a column the table's own header leaves out), "text" (not a number), "unread".
    read: str = "direct"

    def to_dict(self) -> dict:
        d = {
            "row": list(self.row), "col": list(self.col), "value": self.value, "raw": self.raw,
            "kind": self.kind, "confidence": round(float(self.confidence), 4), "lines": list(self.lines),
        }
        if self.alternatives:
            d["alternatives"] = [a.to_dict() for a in self.alternatives]
        return d


def unread_cell(row: tuple[str, ...], col: tuple[str, ...]) -> CellResult:
    """A cell of the template the reader did not find in the text."""
    return CellResult(row, col, None, "", "unread", 0.0, (), placed=False, read="unread")


@dataclass
class Extra:
    """A source row that is not part of the template (e.g. 其他主动公开文件), kept aside."""

    label: str
    values: list[str]
    lines: tuple[int, ...]

    def to_dict(self) -> dict:
        return {"label": self.label, "values": self.values, "lines": list(self.lines)}


@dataclass
class TableResult:
    id: str
    status: str  # "recovered", "partial" or "missing"
    cells: list[CellResult] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)

    def to_dict(self) -> dict:
        d: dict = {"status": self.status, "cells": [c.to_dict() for c in self.cells]}
        if self.extras:
            d["extras"] = [e.to_dict() for e in self.extras]
        return d

    def value_map(self) -> dict[tuple[tuple[str, ...], tuple[str, ...]], CellResult]:
        return {(c.row, c.col): c for c in self.cells}


@dataclass
class Check:
    rule: str
    where: str
    ok: bool
    detail: str

    def to_dict(self) -> dict:
        return {"rule": self.rule, "where": self.where, "ok": self.ok, "detail": self.detail}


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    published: str | None = None


@dataclass
class Report:
    source: str
    template: str | None
    meta: Meta
    tables: dict[str, TableResult]
    checks: list[Check] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why input was unreadable or partly read

    def to_dict(self) -> dict:
        d = {
            "source": self.source,
            "template": self.template,
            "meta": {"agency": self.meta.agency, "year": self.meta.year, "published": self.meta.published},
            "tables": {t: self.tables[t].to_dict() if t in self.tables else {"status": "missing", "cells": []}
                       for t in TABLE_IDS},
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.problems:
            d["problems"] = self.problems
        return d
