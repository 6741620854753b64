"""Batches: inputs expanded, failures recorded not fatal, resume, datasets, and a Dask cluster."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from tablerecover.batch import BatchSettings, plan, run_batch
from tablerecover.cli import app
from tablerecover.dataset import cross_year_checks, read_reports

from conftest import SEEDS

runner = CliRunner()


@pytest.fixture()
def crawl(tmp_path):
    """A crawl as users keep it: agencies in directories, a bad file, the same stem twice."""
    seeds = sorted(SEEDS.glob("*.txt"))
    (tmp_path / "crawl" / "a" / "2023").mkdir(parents=True)
    (tmp_path / "crawl" / "b").mkdir(parents=True)
    for i, s in enumerate(seeds):
        (tmp_path / "crawl" / ("a/2023" if i % 2 else "b") / s.name).write_bytes(s.read_bytes())
    (tmp_path / "crawl" / "b" / "report.txt").write_bytes(bytes(range(256)) * 20)  # binary
    (tmp_path / "crawl" / "a" / "report.txt").write_text("一、总体情况\n无。\n", encoding="utf-8")
    (tmp_path / "crawl" / "notes.json").write_text("{}")  # not a scrape: ignored
    return tmp_path / "crawl"


def test_batch_recovers_a_tree_records_failures_and_resumes(crawl, tmp_path):
    out = tmp_path / "out"
    res = runner.invoke(app, ["recover", str(crawl), "--out", str(out), "--jobs", "2", "--quiet"])
    assert res.exit_code == 0, res.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert len(written) == 7 and "a/report.json" in written and "b/report.json" in written
    assert "notes.json" not in written  # only scrapes are inputs
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert {e["source"].split("crawl/")[1]: e["reason"].split(" ")[0] for e in errors} == {
        "a/report.txt": "no", "b/report.txt": "input"}
    good = json.loads((out / "b" / (sorted(SEEDS.glob("*.txt"))[0].stem + ".json")).read_text())
    assert good["tables"]["applications"]["status"] == "recovered"

    # An interrupted batch: one output lost, one half-written; --resume redoes exactly those.
    victims = [out / w for w in written[:2]]
    victims[0].unlink()
    victims[1].write_text('{"tables": {"appl')
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p not in victims}
    res = runner.invoke(app, ["recover", str(crawl), "--out", str(out), "--resume", "--quiet"])
    assert res.exit_code == 0 and "2 reports written" in res.output and "5 already current" in res.output, res.output
    assert all(json.loads(v.read_text())["tables"] for v in victims)
    assert all(p.stat().st_mtime_ns == t for p, t in stamp.items())


def test_batch_killed_midway_resumes_with_whole_outputs_only(tmp_path):
    # A real kill (SIGKILL, no clean-up) of a real batch process while it writes.
    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(300):
        (inputs / f"r{i:03d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "tablerecover.cli", "recover", str(inputs), "--out", str(out), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("r*.json"))) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = sorted(out.glob("r*.json"))
    assert 20 <= len(done) < 300, "the batch was killed midway"
    assert all(json.loads(p.read_text(encoding="utf-8"))["tables"] for p in done)  # no half-written JSON
    (out / ".r299.json.abc123.tmp").write_text('{"tabl')  # what a kill inside a write leaves

    res = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"{300 - len(done)} reports written" in res.stdout and f"{len(done)} already current" in res.stdout
    assert len(list(out.glob("r*.json"))) == 300 and not list(out.glob(".*.tmp"))
    assert all(json.loads(p.read_text(encoding="utf-8"))["tables"] for p in out.glob("r*.json"))


def test_same_stems_do_not_collide_and_globs_expand(tmp_path):
    seed = next(SEEDS.glob("003_*.txt"))
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "r.txt").write_bytes(seed.read_bytes())
    items = plan([str(tmp_path / "*" / "r.txt"), str(tmp_path / "missing.txt")], tmp_path / "out")
    assert [i.dest.name for i in items] == ["r.json", "r-2.json", "missing.json"]
    result = run_batch(items, BatchSettings(tmp_path / "out", rules=True))
    assert (result.written, result.flagged, result.failed) == (3, 1, 0)
    assert "cannot read" in json.loads((tmp_path / "out" / "missing.json").read_text())["problems"][0]


def test_datasets_load_in_csv_sqlite_and_dataframes(crawl, tmp_path):
    out = tmp_path / "out"
    run_batch(plan([str(crawl)], out), BatchSettings(out, rules=True))
    files = {k: tmp_path / f"d.{k}" for k in ("long.csv", "wide.csv", "sqlite", "parquet", "cross.csv")}
    res = runner.invoke(app, ["dataset", str(out), "--long", str(files["long.csv"]), "--wide", str(files["wide.csv"]),
                              "--sqlite", str(files["sqlite"]), "--parquet", str(files["parquet"]),
                              "--cross-year", str(files["cross.csv"])])
    assert res.exit_code == 0, res.output
    reports = list(read_reports(out))
    n_cells = sum(len(t["cells"]) for r in reports for t in r["tables"].values())
    with files["long.csv"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n_cells == 986 and rows[0]["table"] == "active_disclosure"
    with files["wide.csv"].open(encoding="utf-8") as fh:
        wide = list(csv.reader(fh))
    # Both formats' cells: 2021 二 10 + 2019 二 22, 三 the 154 shared cells + 7 (2019 （六）) + 21 (2021 （六）), 四 15.
    assert len(wide) == 1 + len(reports) and len(wide[0]) == 5 + 32 + 182 + 15
    con = sqlite3.connect(files["sqlite"])
    assert con.execute("select count(*) from cells").fetchone()[0] == n_cells
    assert con.execute("select count(*) from reports").fetchone()[0] == len(reports)
    assert con.execute("select count(*) from checks where rule = 'applications.balance'").fetchone()[0] > 0
    pd = pytest.importorskip("pandas")
    assert len(pd.read_csv(files["long.csv"])) == n_cells
    assert len(pd.read_parquet(files["parquet"])) == n_cells
    duckdb = pytest.importorskip("duckdb")
    assert duckdb.sql(f"select count(*) from read_csv_auto('{files['long.csv']}')").fetchall() == [(n_cells,)]


def test_cross_year_checks_compare_carried_cases():
    def report(year, carried_in, carried_out):
        cells = [{"row": ["二、上年结转政府信息公开申请数量"], "col": ["申请人情况", "自然人"], "value": carried_in},
                 {"row": ["四、结转下年度继续办理"], "col": ["申请人情况", "自然人"], "value": carried_out}]
        return {"source": f"{year}.txt", "template": "2021", "meta": {"agency": "某局", "year": year},
                "tables": {"applications": {"status": "recovered", "cells": cells}}}

    checks = cross_year_checks([report(2021, 0, 4), report(2022, 4, 1), report(2023, 2, 0)])
    assert [(c.year, c.value, c.expected, c.ok) for c in checks] == [(2022, 4, 4, True), (2023, 2, 1, False)]


def test_batch_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        settings = BatchSettings(tmp_path / "out", rules=True, backend="dask", scheduler=cluster.scheduler_address)
        result = run_batch(plan([str(s) for s in seeds], tmp_path / "out"), settings)
    assert result.written == 3 and result.failed == 0
    for s in seeds:
        doc = json.loads((tmp_path / "out" / f"{s.stem}.json").read_text())
        assert doc["tables"]["applications"]["status"] == "recovered"
    assert os.path.getsize(tmp_path / "out" / "errors.jsonl") == 0
