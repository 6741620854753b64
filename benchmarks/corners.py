"""The corners where cost used to grow faster than the input, at doubling sizes (time and peak memory).

    PYTHONPATH=src .venv/bin/python benchmarks/corners.py [CASE ...] [--scale K]

Cases: ``merge`` (merge_units over one chain of N continuation fragments), ``plan`` (batch.plan over
N inputs that share the stem ``index``), ``zeros`` (normalising and fragmenting a file of N lines
"0" — one million is the 2 MB file of issue 14), ``lines`` (normalising and fragmenting N lines of
a real report repeated — 400k lines), ``recover`` (recovering, with the shipped model and the
default Budget, a file of N lines "0": the cost grows with N up to the budget's caps, then stops). Each measurement
runs in a fresh process, so the peak resident memory is that case's own. Prints a Markdown table.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"merge": (20_000, 40_000, 80_000, 160_000), "plan": (1_000, 2_000, 4_000, 8_000),
         "zeros": (250_000, 500_000, 1_000_000, 2_000_000), "lines": (100_000, 200_000, 400_000, 800_000),
         "recover": (12_500, 25_000, 49_000, 100_000, 1_000_000)}


def _seed_lines() -> list[str]:
    return next((ROOT / "corpora" / "seeds").glob("*.txt")).read_text(encoding="utf-8").splitlines()


def measure(case: str, n: int) -> dict:
    """Run one case at size n in this process; the seconds of the measured call only."""
    extra = {}
    if case == "merge":
        from tablerecover.fragment import Fragment
        from tablerecover.decode.units import merge_units

        frags = [Fragment("规章", (1,), 0, 0, 1, False, False, label="rowlabel")]
        frags += [Fragment(f"续{i % 10}", (i // 3 + 2,), i // 3 + 1, 0, 1, False, False, label="cont") for i in range(n)]
        t0 = time.perf_counter()
        units = merge_units(frags)
        secs = time.perf_counter() - t0
        extra["units"] = len(units)
    elif case == "plan":
        from tablerecover.batch import plan

        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for i in range(n):
                d = Path(tmp, "site", str(i))
                d.mkdir(parents=True)
                (d / "index.html").write_text("x")
                paths.append(str(d / "index.html"))
            t0 = time.perf_counter()
            items = plan(paths, Path(tmp, "out"))
            secs = time.perf_counter() - t0
        extra["last"] = items[-1].dest.name
    elif case in ("zeros", "lines"):
        from tablerecover.fragment import fragment_lines
        from tablerecover.normalise import normalise_text

        if case == "zeros":
            text = "0\n" * n
        else:
            seed = _seed_lines()
            text = "\n".join(seed[i % len(seed)] for i in range(n))
        extra["MB"] = round(len(text.encode()) / 1e6, 1)
        t0 = time.perf_counter()
        frags = fragment_lines(normalise_text(text))
        secs = time.perf_counter() - t0
        extra["fragments"] = len(frags)
    elif case == "recover":
        from tablerecover.model import load_model
        from tablerecover.pipeline import Budget, recover_file

        model = load_model()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "zeros.txt")
            path.write_text("0\n" * n)
            t0 = time.perf_counter()
            report = recover_file(path, model, Budget())
            secs = time.perf_counter() - t0
        extra["problem"] = report.problems[0] if report.problems else ""
    else:
        raise SystemExit(f"unknown case {case}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "n": n, "seconds": round(secs, 3), "peak_MB": round(peak), **extra}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(measure(argv[1], int(argv[2])), ensure_ascii=False))
        return
    scale = 1.0
    if "--scale" in argv:
        i = argv.index("--scale")
        scale = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    cases = argv or list(SIZES)
    print("| case | n | seconds | seconds per 1k | peak MB | notes |\n|---|---:|---:|---:|---:|---|")
    for case in cases:
        for n in SIZES[case]:
            n = max(1, int(n * scale))
            out = subprocess.run([sys.executable, __file__, "--one", case, str(n)], capture_output=True, text=True)
            if out.returncode:
                print(f"| {case} | {n} | failed | | | {out.stderr.strip().splitlines()[-1]} |", flush=True)
                continue
            r = json.loads(out.stdout)
            notes = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("case", "n", "seconds", "peak_MB"))
            print(f"| {case} | {n} | {r['seconds']:.2f} | {1000 * r['seconds'] / n:.3f} | {r['peak_MB']} | {notes} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
