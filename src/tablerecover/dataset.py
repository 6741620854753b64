"""Dataset files from a batch's reports: long CSV, wide CSV, SQLite, Parquet, cross-year checks.

Reports are read back from the batch's output directory (every *.json in the output contract), so a
dataset can be rebuilt at any time without recovering again.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .template import FORMATS, TABLE_IDS, get_template

LONG_COLUMNS = ("source", "agency", "year", "template", "table", "row", "col", "value", "kind", "confidence")
_SEP = "/"
_CARRIED_IN = ("二、上年结转政府信息公开申请数量",)
_CARRIED_OUT = ("四、结转下年度继续办理",)


@dataclass(frozen=True)
class CellRow:
    source: str
    agency: str | None
    year: int | None
    template: str | None
    table: str
    row: str
    col: str
    value: float | int | None
    kind: str
    confidence: float

    def as_tuple(self) -> tuple:
        return tuple(getattr(self, c) for c in LONG_COLUMNS)


@dataclass(frozen=True)
class CrossYearCheck:
    agency: str
    year: int
    col: str
    carried_in: float | None     # this year's 二、上年结转
    carried_out: float | None    # last year's 四、结转下年度继续办理
    ok: bool


def read_reports(out_dir: Path) -> Iterator[dict]:
    """Every report JSON below a batch's output directory (sorted), skipping anything else."""
    for path in sorted(out_dir.rglob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict) and "tables" in doc:
            yield doc


def cell_rows(report: dict) -> Iterator[CellRow]:
    meta = report.get("meta") or {}
    for table in TABLE_IDS:
        for c in report["tables"].get(table, {}).get("cells", []):
            yield CellRow(report.get("source", ""), meta.get("agency"), meta.get("year"), report.get("template"),
                          table, _SEP.join(c["row"]), _SEP.join(c["col"]), c.get("value"), c.get("kind", ""),
                          c.get("confidence", 0.0))


def wide_columns() -> list[str]:
    """One column per canonical cell of both formats: table|row path|column path."""
    cols: dict[str, None] = {}
    for name in FORMATS:
        for t in get_template(name).tables.values():
            for row, col in t.cells():
                cols[f"{t.id}|{_SEP.join(row)}|{_SEP.join(col)}"] = None
    return list(cols)


def write_long_csv(reports: list[dict], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(LONG_COLUMNS)
        n = 0
        for r in reports:
            for row in cell_rows(r):
                w.writerow(row.as_tuple())
                n += 1
    return n


def write_wide_csv(reports: list[dict], path: Path) -> int:
    cols = wide_columns()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "agency", "year", "template", *cols])
        for r in reports:
            values = {f"{c.table}|{c.row}|{c.col}": c.value for c in cell_rows(r)}
            meta = r.get("meta") or {}
            w.writerow([r.get("source"), meta.get("agency"), meta.get("year"), r.get("template"),
                        *[values.get(c, "") if values.get(c) is not None else "" for c in cols]])
    return len(reports)


def cross_year_checks(reports: list[dict]) -> list[CrossYearCheck]:
    """This year's 二、上年结转 against last year's 四、结转下年度继续办理, per agency and column."""
    by_key: dict[tuple[str, int], dict[str, float | None]] = {}
    for r in reports:
        meta = r.get("meta") or {}
        if not meta.get("agency") or not meta.get("year"):
            continue
        cells = {(c.row, c.col): c.value for c in cell_rows(r) if c.table == "applications"}
        by_key[(meta["agency"], int(meta["year"]))] = cells
    out = []
    for (agency, year), cells in sorted(by_key.items()):
        last = by_key.get((agency, year - 1))
        if last is None:
            continue
        for (row, col), value in cells.items():
            if row.split(_SEP) != list(_CARRIED_IN):
                continue
            prev = last.get((_SEP.join(_CARRIED_OUT), col))
            ok = value is not None and prev is not None and float(value) == float(prev)
            out.append(CrossYearCheck(agency, year, col, value, prev, ok))
    return out


def write_cross_year_csv(reports: list[dict], path: Path) -> int:
    checks = cross_year_checks(reports)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(("agency", "year", "col", "carried_in", "last_year_carried_out", "ok"))
        w.writerows((c.agency, c.year, c.col, c.carried_in, c.carried_out, c.ok) for c in checks)
    return len(checks)


def write_sqlite(reports: list[dict], path: Path) -> int:
    """Tables reports, cells, checks and cross_year in one SQLite file (replaced if it exists)."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript("""
            CREATE TABLE reports (source TEXT PRIMARY KEY, agency TEXT, year INTEGER, published TEXT,
                                  template TEXT, problems TEXT);
            CREATE TABLE cells (source TEXT, agency TEXT, year INTEGER, template TEXT, "table" TEXT,
                                row TEXT, col TEXT, value REAL, kind TEXT, confidence REAL);
            CREATE TABLE checks (source TEXT, rule TEXT, "where" TEXT, ok INTEGER, detail TEXT);
            CREATE TABLE cross_year (agency TEXT, year INTEGER, col TEXT, carried_in REAL,
                                     last_year_carried_out REAL, ok INTEGER);
        """)
        for r in reports:
            meta = r.get("meta") or {}
            con.execute("INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?)",
                        (r.get("source"), meta.get("agency"), meta.get("year"), meta.get("published"),
                         r.get("template"), "; ".join(r.get("problems") or [])))
            con.executemany("INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?)", (c.as_tuple() for c in cell_rows(r)))
            con.executemany("INSERT INTO checks VALUES (?,?,?,?,?)",
                            ((r.get("source"), c["rule"], c["where"], int(c["ok"]), c.get("detail", ""))
                             for c in r.get("checks", [])))
        con.executemany("INSERT INTO cross_year VALUES (?,?,?,?,?,?)",
                        ((c.agency, c.year, c.col, c.carried_in, c.carried_out, int(c.ok)) for c in cross_year_checks(reports)))
        con.commit()
    finally:
        con.close()
    return len(reports)


def write_parquet(reports: list[dict], path: Path) -> int:
    """The long table as Parquet; needs pyarrow (``pip install tablerecover[parquet]``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise RuntimeError("Parquet output needs pyarrow: pip install 'tablerecover[parquet]'") from e
    rows = [c for r in reports for c in cell_rows(r)]
    columns = {name: [getattr(c, name) for c in rows] for name in LONG_COLUMNS}
    columns["value"] = [None if v is None else float(v) for v in columns["value"]]
    pq.write_table(pa.table(columns), path)
    return len(rows)
