"""Dataset files from a batch's reports: long CSV, wide CSV, SQLite, Parquet, cross-year checks.

Reports are read back from the batch's output directory (every *.json in the output contract), so a
dataset can be rebuilt at any time without recovering again. Reports group by ``agency_key`` (the
agency's name normalised: ``metadata/agency.py``) and year.

Cross-year checks, where one agency has reports for consecutive years:
- ``carried_over`` (hard): this year's 二、上年结转政府信息公开申请数量 = last year's 四、结转下年度继续办理,
  column by column of table 三;
- ``in_force`` (soft: agencies revise their counts, so a mismatch is a flag, not an error): in the 2021
  format's table 二, last year's 现行有效件数 + this year's 本年制发件数 − 本年废止件数 = this year's
  现行有效件数, for 规章 and 行政规范性文件.
When one agency and year has several reports (the same report from several sources), each is checked
against the first of last year's, by source. (``recover --out`` already used these rules to decide tied
cells: ``year_chain``.)
"""
from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .longform import PATH_SEP
from .metadata import agency_key
from .template import FORMATS, TABLE_IDS, get_template
from .year_chain import chain_equations

LONG_COLUMNS = ("source", "agency", "agency_key", "year", "template", "table", "row", "col", "value", "kind",
                "confidence")
CROSS_YEAR_COLUMNS = ("agency_key", "agency", "year", "source", "rule", "soft", "row", "col", "value",
                      "expected", "ok", "detail")


@dataclass(frozen=True)
class CellRow:
    source: str
    agency: str | None
    agency_key: str | None
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
    agency_key: str
    agency: str | None       # as this year's report prints it
    year: int
    source: str              # this year's report
    rule: str                # "carried_over" or "in_force"
    soft: bool               # a soft rule's mismatch is a flag: reports revise earlier counts
    row: str
    col: str
    value: float | None      # this year's cell
    expected: float | None   # what last year's report implies for it (None: a cell is missing)
    ok: bool
    detail: str

    def as_tuple(self) -> tuple:
        return tuple(getattr(self, c) for c in CROSS_YEAR_COLUMNS)


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
            yield CellRow(report.get("source", ""), meta.get("agency"), agency_key(meta.get("agency")), meta.get("year"),
                          report.get("template"),
                          table, PATH_SEP.join(c["row"]), PATH_SEP.join(c["col"]), c.get("value"), c.get("kind", ""),
                          c.get("confidence", 0.0))


def wide_columns() -> list[str]:
    """One column per canonical cell of both formats: table|row path|column path."""
    cols: dict[str, None] = {}
    for name in FORMATS:
        for t in get_template(name).tables.values():
            for row, col in t.cells():
                cols[f"{t.id}|{PATH_SEP.join(row)}|{PATH_SEP.join(col)}"] = None
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
        w.writerow(["source", "agency", "agency_key", "year", "template", *cols])
        for r in reports:
            values = {f"{c.table}|{c.row}|{c.col}": c.value for c in cell_rows(r)}
            meta = r.get("meta") or {}
            w.writerow([r.get("source"), meta.get("agency"), agency_key(meta.get("agency")), meta.get("year"),
                        r.get("template"),
                        *[values.get(c, "") if values.get(c) is not None else "" for c in cols]])
    return len(reports)


def _number(v) -> float | None:
    return None if v is None else float(v)


def _pair_checks(this: dict, last: dict) -> list[tuple[str, bool, str, str, float | None, float | None, str]]:
    """(rule, soft, row, col, value, expected, detail) between one report and last year's, by the year
    chain's rules (``year_chain.chain_equations``); expected is None where a cell it needs is missing."""
    cells = [{(c.table, c.row, c.col): _number(c.value) for c in cell_rows(r)} for r in (this, last)]
    out = []
    for eq in chain_equations(0, 1, (this.get("template"), last.get("template")), "last year's"):
        keys = [(t.key[0], PATH_SEP.join(t.key[1]), PATH_SEP.join(t.key[2])) for t in eq.terms]
        if keys[eq.checked] not in cells[0]:
            continue  # the table is missing from this year's report
        values = [cells[t.report].get(k) for k, t in zip(keys, eq.terms)]
        others = [(t.coef, v) for i, (t, v) in enumerate(zip(eq.terms, values)) if i != eq.checked]
        expected = (None if any(v is None for _, v in others)
                    else -sum(c * v for c, v in others) / eq.terms[eq.checked].coef)
        detail = eq.numbers.format(*("?" if v is None else f"{v:g}" for v in values))
        _, row, col = keys[eq.checked]
        out.append((eq.rule, eq.soft, row, col, values[eq.checked], expected, f"{eq.shown}: {detail}"))
    return out


def cross_year_checks(reports: list[dict]) -> list[CrossYearCheck]:
    """Every cross-year check between reports of one agency (by ``agency_key``) in consecutive years."""
    by_key: dict[tuple[str, int], list[dict]] = {}
    for r in sorted(reports, key=lambda r: str(r.get("source"))):
        meta = r.get("meta") or {}
        key = agency_key(meta.get("agency"))
        if key and meta.get("year"):
            by_key.setdefault((key, int(meta["year"])), []).append(r)
    out = []
    for (key, year), group in sorted(by_key.items()):
        last = by_key.get((key, year - 1))
        if not last:
            continue
        for r in group:
            for rule, soft, row, col, value, expected, detail in _pair_checks(r, last[0]):
                ok = value is not None and expected is not None and value == expected
                out.append(CrossYearCheck(key, r["meta"].get("agency"), year, str(r.get("source")), rule, soft, row,
                                          col, value, expected, ok, detail))
    return out


def cross_year_summary(reports: list[dict], checks: list[CrossYearCheck] | None = None) -> str:
    """One line: agencies, consecutive-year pairs, and the checks that failed (hard) or are flagged (soft)."""
    keys = {(agency_key((r.get("meta") or {}).get("agency")), (r.get("meta") or {}).get("year")) for r in reports}
    agencies = {k for k, y in keys if k}
    checks = cross_year_checks(reports) if checks is None else checks
    hard = [c for c in checks if not c.soft]
    soft = [c for c in checks if c.soft]
    pairs = len({(c.agency_key, c.year) for c in checks})
    return (f"cross-year: {len(agencies)} agencies, {pairs} consecutive-year pairs; {len(hard)} hard checks "
            f"({sum(not c.ok for c in hard)} failed), {len(soft)} soft checks ({sum(not c.ok for c in soft)} flagged)")


def write_cross_year_csv(reports: list[dict], path: Path, checks: list[CrossYearCheck] | None = None) -> int:
    checks = cross_year_checks(reports) if checks is None else checks
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CROSS_YEAR_COLUMNS)
        w.writerows(c.as_tuple() for c in checks)
    return len(checks)


def write_sqlite(reports: list[dict], path: Path, checks: list[CrossYearCheck] | None = None) -> int:
    """Tables reports, cells, checks and cross_year in one SQLite file (replaced if it exists)."""
    checks = cross_year_checks(reports) if checks is None else checks
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        con.executescript("""
            CREATE TABLE reports (source TEXT PRIMARY KEY, agency TEXT, agency_key TEXT, year INTEGER,
                                  published TEXT, template TEXT, problems TEXT);
            CREATE TABLE cells (source TEXT, agency TEXT, agency_key TEXT, year INTEGER, template TEXT,
                                "table" TEXT, row TEXT, col TEXT, value REAL, kind TEXT, confidence REAL);
            CREATE TABLE checks (source TEXT, rule TEXT, "where" TEXT, ok INTEGER, detail TEXT);
            CREATE TABLE cross_year (agency_key TEXT, agency TEXT, year INTEGER, source TEXT, rule TEXT,
                                     soft INTEGER, row TEXT, col TEXT, value REAL, expected REAL, ok INTEGER,
                                     detail TEXT);
        """)
        for r in reports:
            meta = r.get("meta") or {}
            con.execute("INSERT OR REPLACE INTO reports VALUES (?,?,?,?,?,?,?)",
                        (r.get("source"), meta.get("agency"), agency_key(meta.get("agency")), meta.get("year"),
                         meta.get("published"),
                         r.get("template"), "; ".join(r.get("problems") or [])))
            con.executemany("INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?)", (c.as_tuple() for c in cell_rows(r)))
            con.executemany("INSERT INTO checks VALUES (?,?,?,?,?)",
                            ((r.get("source"), c["rule"], c["where"], int(c["ok"]), c.get("detail", ""))
                             for c in r.get("checks", [])))
        con.executemany("INSERT INTO cross_year VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (c.as_tuple() for c in checks))
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
