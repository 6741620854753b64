"""A report in long form, one row per cell: the shape CSV output and pandas use."""
from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from .template import TABLE_IDS

if TYPE_CHECKING:  # the report's own to_frame imports this module: no import back at run time
    import pandas

    from .result import Report

COLUMNS = ("source", "table", "row", "col", "value", "raw", "kind", "confidence", "lines")
PATH_SEP = "/"  # row and column paths joined, here and in `tablerecover dataset`


def cell_records(report: Report) -> list[dict[str, Any]]:
    """One dict per canonical cell, in template order: table id, joined paths, and ``lines`` as
    space-separated 1-based source line numbers."""
    return [{"source": report.source, "table": tid, "row": PATH_SEP.join(c.row), "col": PATH_SEP.join(c.col),
             "value": c.value, "raw": c.raw, "kind": c.kind, "confidence": round(float(c.confidence), 4),
             "lines": " ".join(map(str, c.lines))}
            for tid in TABLE_IDS if tid in report.tables for c in report.tables[tid].cells]


def write_csv(report: Report, out: TextIO) -> int:
    """The long form as CSV with a header row; returns the number of cells written."""
    w = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    w.writeheader()
    records = cell_records(report)
    w.writerows(records)
    return len(records)


def to_frame(report: Report) -> pandas.DataFrame:
    from .extras import require

    require("Report.to_frame()", "pandas")
    import pandas as pd

    return pd.DataFrame(cell_records(report), columns=list(COLUMNS))
