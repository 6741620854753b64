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


def profile(paths: list[Path], top: int = 8) -> tuple[float, float, list[str]]:
    """Model load time, warm seconds per report, and the functions that take the most time."""
    import cProfile
    import pstats

    from tablerecover.model import load_model
    from tablerecover.pipeline import recover_file

    t = time.perf_counter()
    model = load_model()
    recover_file(paths[0], model)  # first use: jieba dictionary, sentencepiece, OpenCC
    first = time.perf_counter() - t
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for p in paths:
        recover_file(p, model)
    prof.disable()
    per_report = (time.perf_counter() - t) / len(paths)
    stats = pstats.Stats(prof).sort_stats("tottime")
    rows = []
    for (file, line, func), (_cc, _nc, tottime, cumtime, _callers) in list(stats.stats.items()):
        rows.append((tottime, cumtime, f"{Path(file).name}:{line}({func})"))
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    return first, per_report, [f"| `{name}` | {tt / total:.0%} | {ct / len(paths) * 1000:.1f} ms |"
                               for tt, ct, name in rows[:top]]


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
    first, warm, hot = profile(sorted((work / "in").rglob("*.txt"))[:100])
    print(f"model load + first report {first:.2f} s; warm {warm * 1000:.0f} ms/report", flush=True)

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
        "## Where the time goes",
        "",
        f"In one process: loading the model and recovering the first report takes {first:.2f} s (imports of",
        "scikit-learn and numpy, the jieba dictionary, sentencepiece and OpenCC set-up); every later report",
        f"takes {warm * 1000:.0f} ms. Hottest functions over 100 warm reports (share of own time, cumulative per report):",
        "",
        "| function | own time | cumulative per report |",
        "|---|---:|---:|",
        *hot,
        "",
        "## Against the targets",
        "",
        f"- cold start under 1.5 s: {'met' if cold < 1.5 else 'not met'} ({cold:.2f} s). Importing scikit-learn (which",
        "  also imports pandas when installed) and initialising jieba's dictionary dominate; the model",
        "  files themselves load in milliseconds.",
        f"- 200 reports/s with 2 jobs: {'met' if rows[-1][1].rate >= 200 else 'not met'} ({rows[-1][1].rate:.1f}/s). Feature",
        "  extraction (character n-grams, sentencepiece and jieba per fragment, hashed per document) and",
        "  fuzzy label matching cost about 60 ms per report in pure Python; reaching the target needs",
        "  vectorised featurisation and a cheaper label matcher.",
        "- memory flat: the similarity caches are bounded (2^18 and 2^17 entries, 50,000 fragment",
        "  feature sets), so resident memory grows while they fill and then stays put.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
