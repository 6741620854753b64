"""Typed results of a recovery, and their JSON form (reference/output-contract.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .template import TABLE_IDS

if TYPE_CHECKING:
    import pandas


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
    page: int | None = None  # PDF only: 1-based page and [x0, top, x1, bottom] in points of the cell read
    bbox: tuple[float, float, float, float] | None = None
    alternatives: tuple[Alternative, ...] = ()  # best first, after the chosen value
    # How the cell was read (the evidence its confidence is calibrated on; see decoding docs):
    # "direct", "blanks" / "blanks?" (blank cells told from padding, decided / not), "glued" / "glued?",
    # "overfull" / "overfull?" (more values than columns, the identity picks them / a guess),
    # "repeats" / "repeats?" (values repeated back into a dump that drops repeated lines),
    # "short", "header" / "header?" (a column the table's own header leaves out, confirmed by the row's values / not), "text" (not a number),
    # "unlabelled" (a value row without a label, or printed apart from it, placed in template order by the labelled rows),
    # "uniform" (a table whose numbers are all one value, one per cell), "transposed" / "transposed?"
    # (table 三 printed column by column, read so where every identity holds that way / where all but
    # one misprinted cell's do), "split" / "split?" (table 三 cut in two between its columns, read as
    # segments of rows every identity confirms / a tie of such readings, or one passing but for a
    # misprinted cell), "moved" / "moved?" (a row printed one number a line with its first cell last, PDF
    # reading order: read so where the column identities prefer it / where they cannot tell; also table
    # 二's rows whose numbers straddle lines, or mix full-width and ASCII digits a line each in pdftotext's
    # text, the order unchecked), "blank?" (a table printed with its
    # header or labels and no number: every cell read blank, a guess), "counted?" (placed by counting a
    # row's numbers in a table that lost blank cells and was read only in part), "chain" (a tie the same agency's neighbouring year decided or ranked:
    # year_chain.py), "unread".
    read: str = "direct"

    @property
    def placed(self) -> bool:
        """Whether the reader found this cell in the text at all: an unplaced cell is kind "unread",
        never "empty" (a number we could not read is not a blank)."""
        return self.kind != "unread"

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "row": list(self.row), "col": list(self.col), "value": self.value, "raw": self.raw,
            "kind": self.kind, "confidence": round(float(self.confidence), 4), "lines": list(self.lines),
        }
        if self.alternatives:
            d["alternatives"] = [a.to_dict() for a in self.alternatives]
        if self.page is not None:
            d["page"], d["bbox"] = self.page, list(self.bbox or ())
        return d


def cell_where(table_id: str, row: tuple[str, ...], col: tuple[str, ...]) -> str:
    """A cell's address in a check's ``where`` ("applications: 一、… | 申请人情况/自然人"); the
    ``reading.ambiguous`` check joins several with "; ", and the year chain finds its cells by it."""
    return f"{table_id}: {'/'.join(row)} | {'/'.join(col)}"


def unread_cell(row: tuple[str, ...], col: tuple[str, ...]) -> CellResult:
    """A cell of the template the reader did not find in the text."""
    return CellResult(row, col, None, "", "unread", 0.0, (), read="unread")


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
class MetaField:
    """Where one metadata value came from: ``source`` is a line ("line 3", "lines 44-45") or a
    document property ("html:title", "html:meta[pubdate]"); ``kind`` tells a publication date's
    origin: "page" (the page's date), "signature" (the date under the signature) or "file" (a
    document's creation date)."""

    value: str | int
    source: str
    confidence: float
    kind: str | None = None

    def to_dict(self) -> dict:
        d = {"value": self.value, "source": self.source, "confidence": round(float(self.confidence), 4)}
        if self.kind:
            d["kind"] = self.kind
        return d


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    detail: dict[str, MetaField] = field(default_factory=dict)  # per field, plus "signed" when it differs

    def set(self, name: str, value: str | int, source: str, confidence: float, kind: str | None = None) -> None:
        setattr(self, name, value)
        self.detail[name] = MetaField(value, source, confidence, kind)


@dataclass(frozen=True)
class Provenance:
    """What made a report: tablerecover's version and the labeller (model name and training-data hash,
    or "rules"). ``recover --resume`` redoes a report whose provenance differs from the current one."""

    tablerecover: str
    model: str
    model_hash: str | None = None

    def to_dict(self) -> dict:
        return {"tablerecover": self.tablerecover, "model": self.model, "model_hash": self.model_hash}


@dataclass
class Report:
    source: str
    template: str | None
    meta: Meta
    tables: dict[str, TableResult]
    checks: list[Check] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why input was unreadable or partly read
    reading: str | None = None  # PDF: "pdf-ruled" (tables from the rulings) or "pdf-text" (page text)
    provenance: Provenance | None = None

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "source": self.source,
            "template": self.template,
            "meta": {"agency": self.meta.agency, "year": self.meta.year, "published": self.meta.published},
            "meta_detail": {k: v.to_dict() for k, v in self.meta.detail.items()},
            "tables": {t: self.tables[t].to_dict() if t in self.tables else {"status": "missing", "cells": []}
                       for t in TABLE_IDS},
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.reading:
            d["reading"] = self.reading
        if self.problems:
            d["problems"] = self.problems
        if self.provenance is not None:
            d["provenance"] = self.provenance.to_dict()
        return d

    def to_json(self) -> str:
        """The output contract as JSON text (one cell, one check per line)."""
        from .io import format_json

        return format_json(self.to_dict())

    def to_frame(self) -> "pandas.DataFrame":
        """One row per cell (source, table, row, col, value, raw, kind, confidence, lines); needs pandas."""
        from .longform import to_frame

        return to_frame(self)
