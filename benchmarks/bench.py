"""Batch benchmark: reports per second with 1 and 2 jobs, memory over a long run, cold start.

    .venv/bin/python benchmarks/bench.py --reports 2000          # writes docs/performance.md

Reports are synthetic scrapes from the corpus generator (all flattening styles, ~10 KB each).
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tablerecover.batch import BatchSettings, plan, run_batch
from tablerecover.synth import generate_docs

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cold_start(path: Path, runs: int = 3) -> float:
    exe = Path(sys.executable).with_name("tablerecover")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(exe), "recover", str(path), "--format", "json"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tablerecover-bench-"))
    t = time.perf_counter()
    for d in generate_docs(args.reports, seed=4242):
        (work / "in" / d.style).mkdir(parents=True, exist_ok=True)
        (work / "in" / d.style / f"{d.name}.txt").write_text(d.text, encoding="utf-8")
    sizes = [p.stat().st_size for p in (work / "in").rglob("*.txt")]
    print(f"generated {args.reports} reports (median {statistics.median(sizes) / 1024:.1f} KB) "
          f"in {time.perf_counter() - t:.0f} s", flush=True)

    one = next((work / "in").rglob("*.txt"))
    cold = cold_start(one)
    print(f"cold start {cold:.2f} s", flush=True)

    rows = []
    samples: list[tuple[int, float]] = []
    for jobs in (1, 2):
        out = work / f"out{jobs}"
        items = plan([str(work / "in")], out)

        def progress(done: int, total: int) -> None:
            if jobs == 1 and (not samples or done - samples[-1][0] >= 250):
                samples.append((done, rss_mb()))

        result = run_batch(items, BatchSettings(out, jobs=jobs), progress)
        rows.append((jobs, result))
        print(f"jobs={jobs}: {result.written} reports in {result.seconds:.1f} s = {result.rate:.1f} reports/s", flush=True)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    load = os.getloadavg()
    lines = [
        "# Performance",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load[0]:.1f} when the run ended. Command: `.venv/bin/python benchmarks/bench.py --reports {args.reports}`.",
        f"Inputs: {args.reports} synthetic scrapes, all 13 flattening styles, median {statistics.median(sizes) / 1024:.1f} KB.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| cold start (`tablerecover recover one.txt --format json`, median of 3) | {cold:.2f} s |",
    ]
    for jobs, r in rows:
        lines.append(f"| throughput, `--jobs {jobs}` | {r.rate:.1f} reports/s ({r.written} in {r.seconds:.0f} s) |")
    lines += [
        f"| peak memory, one process (`--jobs 1`) | {peak_self:.0f} MB |",
        f"| peak memory, one worker (`--jobs 2`) | {peak_children:.0f} MB |",
        "",
        "Resident memory of the single process during the `--jobs 1` run (reports done → MB):",
        "",
        " · ".join(f"{n}: {mb:.0f}" for n, mb in samples),
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
