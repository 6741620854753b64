"""Fit the cell-confidence calibration (src/tablerecover/cell_calibration.json) on real flattenings
with gold, and measure it leave-one-page-out (fit on the other pages, score the held-out one).

usage: PYTHONPATH=src .venv/bin/python training/fit_calibration.py CASES_DIR [CASES_DIR …] [--models DIR] [--write]
Pages are told by the file stem before "__" (realdev: `<page>__<tool>.txt`); a stem without "__" is
its own page. The shipped model is trained on realdev's pages, so its confidence there is in-sample:
``--models DIR`` reads each page with the model that never saw it (DIR/<page>, written by
`training/leave_one_page_out.py lopo --save-models DIR`), the classifier as unseen reports meet it. Comparison as in ../shared/tools/score.py (NFKC labels, values as numbers).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from tablerecover.calibration import TABLE_FILE, calibrated, cell_evidence, fit
from tablerecover.cli import _labeller
from tablerecover.evaluation.calibration import SURE
from tablerecover.evaluation.compare import as_number, norm_label, same_value
from tablerecover.io import read_input
from tablerecover.pipeline import analyse_text
from tablerecover.template import get_template


def _norm(path) -> tuple[str, ...]:
    return tuple(norm_label(p) for p in path)


def collect(dirs: list[Path], models: Path | None = None):
    """Per page: (evidence classes, raw confidence, right) for every gold cell; unplaced cells have None."""
    from tablerecover.model import load_model

    shipped = _labeller(None, False)
    pages: dict[str, list] = defaultdict(list)
    for d in dirs:
        for gf in sorted(d.glob("*.gold.json")):
            stem = gf.name[: -len(".gold.json")]
            src = next((p for p in d.glob(stem + ".*") if not p.name.endswith(".json")), None)
            if src is None:
                continue
            gold = json.loads(gf.read_text(encoding="utf-8"))
            inp = read_input(src)
            held_out = models / stem.split("__")[0] if models is not None else None
            labeller = load_model(str(held_out)) if held_out is not None and held_out.is_dir() else shipped
            report = analyse_text(inp.text, inp.source, labeller, calibrated=False).report
            template = get_template(report.template) if report.template else None
            got = {}
            if template is not None:
                for tid, cell, keys in cell_evidence(report.tables, template):
                    got[(tid, _norm(cell.row), _norm(cell.col))] = (keys, cell.confidence, cell.value)
            for tid, table in gold["tables"].items():
                for c in table.get("cells") or []:
                    g = got.get((tid, _norm(c["row"]), _norm(c["col"])))
                    right = g is not None and same_value(as_number(g[2]), as_number(c["value"]))
                    pages[stem.split("__")[0]].append((stem, g[0] if g else None, g[1] if g else 0.0, right))
    return pages


def measure(pages, counts_for) -> dict:
    n = sure = silent = right = 0
    for page, cells in pages.items():
        counts = counts_for(page)
        for _, keys, raw, ok in cells:
            conf = calibrated(counts, keys, raw) if keys is not None else 0.0
            n += 1
            right += ok
            sure += conf >= SURE
            silent += conf >= SURE and not ok
    return {"cells": n, "accuracy": round(right / n, 4), "silent_rate": round(silent / n, 5),
            "silent": silent, "sure_share": round(sure / n, 4)}


def main(argv: list[str]) -> None:
    models = Path(argv[argv.index("--models") + 1]) if "--models" in argv else None
    dirs = [Path(a) for a in argv if not a.startswith("--") and Path(a) != models]
    pages = collect(dirs, models)
    samples = {p: [(keys, ok) for _, keys, _, ok in cells if keys is not None] for p, cells in pages.items()}
    everything = fit([s for v in samples.values() for s in v])
    print("uncalibrated:", measure(pages, lambda p: {}))
    print("leave-one-page-out:", measure(pages, lambda p: fit([s for q, v in samples.items() if q != p for s in v])))
    print("fitted on all (in-sample):", measure(pages, lambda p: everything))
    if "--write" in argv:
        rows = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(everything.items())]
        TABLE_FILE.write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
        print("wrote", TABLE_FILE)


if __name__ == "__main__":
    main(sys.argv[1:])
