"""CPU time per report, in process (no start-up): every input given, recovered three times, best run.

    PYTHONPATH=src .venv/bin/python benchmarks/per_report.py ../shared/realdev/cases/*.txt /tmp/synth/*.txt
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from tablerecover.model import load_model
from tablerecover.pipeline import recover_text


def main(paths: list[str]) -> None:
    labeller = load_model()
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    for t in texts[:20]:  # warm the caches
        recover_text(t, "warm", labeller)
    runs = []
    for _ in range(3):
        start = time.process_time()
        for t in texts:
            recover_text(t, "bench", labeller)
        runs.append(time.process_time() - start)
    best = min(runs)
    print(f"{len(texts)} reports, best of 3: {best:.2f} s CPU, {1000 * best / len(texts):.1f} ms/report")


if __name__ == "__main__":
    main(sys.argv[1:])
