"""Batch benchmark: cold start, reports per second with 1 and 2 jobs, memory over the whole run, and a
batch killed midway and resumed.

    .venv/bin/python benchmarks/bench.py --reports 10000        # writes docs/performance.md

Reports are synthetic scrapes from the corpus generator (all flattening styles, both formats).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from joblib import Parallel, delayed

from tablerecover.batch import BatchSettings, plan, run_batch
from tablerecover.synth import STYLES, generate_doc

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("tablerecover")


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _write_docs(indices: range, out: Path, seed: int) -> None:
    for i in indices:
        d = generate_doc(i, seed, STYLES[i % len(STYLES)])
        (out / d.style).mkdir(parents=True, exist_ok=True)
        (out / d.style / f"{d.name}.txt").write_text(d.text, encoding="utf-8")


def generate(n: int, out: Path, seed: int = 4242) -> None:
    step = 250
    Parallel(n_jobs=2)(delayed(_write_docs)(range(a, min(a + step, n)), out, seed) for a in range(0, n, step))


def cold_start(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(EXE), "recover", str(path), "--format", "json"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def profile(paths: list[Path], top: int = 12) -> tuple[float, list[str]]:
    """Seconds per report once the caches are warm, and the functions that take the most time."""
    import cProfile
    import pstats

    from tablerecover.model import load_model
    from tablerecover.pipeline import recover_file

    model = load_model()
    t = time.perf_counter()
    for p in paths:
        recover_file(p, model)
    per_report = (time.perf_counter() - t) / len(paths)
    prof = cProfile.Profile()
    prof.enable()
    for p in paths:
        recover_file(p, model)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = [(tt, ct, f"{Path(file).name}:{line}({func})")
            for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items()]  # type: ignore[attr-defined]
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    return per_report, [f"| `{name}` | {tt / total:.0%} | {ct / len(paths) * 1000:.2f} ms |"
                               for tt, ct, name in rows[:top]]


@dataclass
class KillResume:
    total: int
    killed_at: int          # outputs present after the kill
    corrupt: int            # outputs that did not parse after the kill
    temp_left: int          # temporary files the kill left
    resumed_written: int
    resumed_skipped: int
    resume_seconds: float
    final_ok: int           # outputs that parse after the resume
    progress_line: str      # the progress bar's last line, as the terminal showed it


def _in_terminal(cmd: list[str]) -> subprocess.Popen:
    """Run under a pseudo-terminal (script(1)) so the progress bar is drawn as a user sees it."""
    return subprocess.Popen(["script", "-qfec", " ".join(cmd), "/dev/null"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _descendants(pid: int) -> list[int]:
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [d for c in children for d in (c, *_descendants(c))]


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _kill_tree(pid: int) -> None:
    """SIGKILL a process and every descendant (script(1) runs the command in a session of its own,
    so killing script's process group would leave the batch and its workers running)."""
    for p in [pid, *_descendants(pid)]:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def kill_and_resume(inputs: Path, out: Path, n: int) -> KillResume:
    cmd = [str(EXE), "recover", str(inputs), "--out", str(out), "--jobs", "2"]
    proc = _in_terminal(cmd)
    while len(list(out.rglob("*.json"))) < n // 2 and proc.poll() is None:
        time.sleep(0.2)
    tree = [proc.pid, *_descendants(proc.pid)]
    _kill_tree(proc.pid)
    proc.wait()
    time.sleep(1)
    assert not [p for p in tree if _alive(p)], "a process of the killed batch survived"
    outputs = list(out.rglob("*.json"))
    corrupt = 0
    for p in outputs:
        try:
            json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            corrupt += 1
    temp_left = len(list(out.rglob(".*.tmp")))
    t = time.perf_counter()
    proc = _in_terminal(cmd + ["--resume"])
    screen, _ = proc.communicate()
    seconds = time.perf_counter() - t
    plain = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen).replace("\r", "\n")
    bar = [line.strip() for line in plain.splitlines() if line.strip().startswith("recovering")]
    summary = re.search(r"(\d+) reports written .*?(\d+) already current", plain)
    final_ok = 0
    for p in out.rglob("*.json"):
        try:
            final_ok += bool(json.loads(p.read_text(encoding="utf-8"))["tables"])
        except (ValueError, KeyError):
            pass
    return KillResume(n, len(outputs), corrupt, temp_left, int(summary.group(1)) if summary else -1,
                      int(summary.group(2)) if summary else -1, seconds, final_ok, bar[-1] if bar else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = ap.parse_args()
    n = args.reports

    work = Path(tempfile.mkdtemp(prefix="tablerecover-bench-"))
    inputs = work / "in"
    t = time.perf_counter()
    generate(n, inputs)
    paths = sorted(inputs.rglob("*.txt"))
    sizes = [p.stat().st_size for p in paths]
    print(f"generated {n} reports (median {statistics.median(sizes) / 1024:.1f} KB) in {time.perf_counter() - t:.0f} s",
          flush=True)

    cold = cold_start(paths[0])
    print(f"cold start {cold:.2f} s", flush=True)

    rows = []
    samples: list[tuple[int, float]] = []
    for jobs in (1, 2):
        out = work / f"out{jobs}"

        def progress(done: int, total: int) -> None:
            if jobs == 1 and (not samples or done - samples[-1][0] >= n // 20):
                samples.append((done, rss_mb()))

        result = run_batch(plan([str(inputs)], out), BatchSettings(out, jobs=jobs), progress)
        if jobs == 1:
            samples.append((result.written, rss_mb()))
        rows.append((jobs, result))
        print(f"jobs={jobs}: {result.written} reports in {result.seconds:.1f} s = {result.rate:.1f} reports/s", flush=True)
        shutil.rmtree(out)
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    sample = paths[::max(1, len(paths) // 200)]
    warm, hot = profile(sample)
    print(f"warm {warm * 1000:.1f} ms/report", flush=True)

    kr = kill_and_resume(inputs, work / "out-killed", n)
    print(kr, flush=True)
    shutil.rmtree(work)

    load = os.getloadavg()
    jobs1, jobs2 = rows[0][1], rows[1][1]
    mem_first_half = [mb for done, mb in samples if done <= n // 2]
    lines = [
        "# Performance",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; load average {load[0]:.1f} when the run ended.",
        f"Command: `.venv/bin/python benchmarks/bench.py --reports {n}`. Inputs: {n} synthetic scrapes from the corpus",
        f"generator, all {len(STYLES)} flattening styles, both formats, median {statistics.median(sizes) / 1024:.1f} KB "
        f"(largest {max(sizes) / 1024:.0f} KB).",
        "",
        "| measure | value | target |",
        "|---|---:|---:|",
        f"| cold start (`tablerecover recover one.txt --format json`, median of 5) | {cold:.2f} s | < 1.5 s |",
        f"| throughput, `--jobs 1` | {jobs1.rate:.1f} reports/s ({jobs1.written} in {jobs1.seconds:.0f} s) | |",
        f"| throughput, `--jobs 2` | {jobs2.rate:.1f} reports/s ({jobs2.written} in {jobs2.seconds:.0f} s) | ≥ 200 reports/s |",
        f"| peak memory, one process (`--jobs 1`) | {peak_self:.0f} MB | flat |",
        f"| peak memory, one worker (`--jobs 2`) | {peak_children:.0f} MB | |",
        "",
        "Resident memory of the single process during the `--jobs 1` run (reports done → MB); it grows while",
        "the bounded caches fill and then stays put:",
        "",
        " · ".join(f"{d}: {mb:.0f}" for d, mb in samples),
        "",
        f"Largest value in the second half of the run: {max(mb for d, mb in samples if d > n // 2):.0f} MB; in the first "
        f"half: {max(mem_first_half):.0f} MB.",
        "",
        "## Killed midway and resumed",
        "",
        "`tablerecover recover IN --out OUT --jobs 2` in a pseudo-terminal, killed with SIGKILL (the batch process",
        f"and its workers, no clean-up) once {n // 2} outputs existed, then run again with `--resume`:",
        "",
        f"- after the kill: {kr.killed_at} outputs, {kr.corrupt} of them unparsable, {kr.temp_left} temporary files left;",
        f"- the resume: {kr.resumed_written} written, {kr.resumed_skipped} already current, {kr.resume_seconds:.0f} s "
        f"(partial writes removed first);",
        f"- at the end: {kr.final_ok} of {kr.total} outputs parse, with tables; the progress bar's last frame:",
        "",
        f"      {kr.progress_line}",
        "",
        "## Where the time goes",
        "",
        f"Once the caches are warm (after the runs above), one process recovers a report in {warm * 1000:.1f} ms (a pass",
        f"over {len(sample)} of the reports, reading and recovering, not writing). Hottest functions under cProfile",
        "(share of own time; cumulative time per report, profiler overhead included):",
        "",
        "| function | own time | cumulative per report |",
        "|---|---:|---:|",
        *hot,
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    marker = "## Against the targets"
    if args.out.exists() and marker in args.out.read_text(encoding="utf-8"):
        text += "\n" + marker + args.out.read_text(encoding="utf-8").split(marker, 1)[1]  # hand-written analysis kept
    args.out.write_text(text, encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
