"""Worst-case input: a generated text of many lines that all look like table material (template labels,
number rows, pipe rows, glued runs, box borders, headings), so that no pass can skip it. Times one
recovery on one core (wall and CPU time: the machine may be shared); the cost must grow linearly
(issue 10: 5 MB — 155,000 such lines — in under 10 s).

    .venv/bin/python benchmarks/adversarial.py --lines 155000        # one size (5 MB)
    .venv/bin/python benchmarks/adversarial.py --scaling              # 50k, 100k, 155k, 200k lines
"""
from __future__ import annotations

import argparse
import random
import time

from tablerecover.model import load_model
from tablerecover.pipeline import Budget, recover_text
from tablerecover.template import TABLE_IDS, get_template


def adversarial_text(n_lines: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    labels = sorted({r.label for name in ("2019", "2021") for t in TABLE_IDS
                     for r in get_template(name).table(t).rows if r.label})
    headings = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    out = []
    for i in range(n_lines):
        k = rng.random()
        if k < 0.3:
            out.append(rng.choice(labels))
        elif k < 0.55:
            out.append(" ".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, 9))))
        elif k < 0.75:
            out.append("| " + rng.choice(labels) + " | " + " | ".join(rng.choice(["", "0", "1", "12"]) for _ in range(7)) + " |")
        elif k < 0.85:
            out.append(rng.choice(labels) + "".join(rng.choice("0123456789") for _ in range(rng.randint(3, 15))))
        elif k < 0.9:
            out.append("│" + "│".join(rng.choice(["  ", "0", "结果"]) for _ in range(8)) + "│")
        elif k < 0.93:
            out.append(rng.choice(headings))
        else:
            out.append("")
    return "\n".join(out)


# The default per-document budget refuses such an input in milliseconds; this lifts it to time the passes.
UNBOUNDED = Budget(seconds=1e9, max_chars=10**10, max_lines=10**10, max_fragments=10**10)


def run(n_lines: int, labeller, budget: Budget | None) -> tuple[float, float, float]:
    """Seconds (wall, CPU) of one recovery, and the input's size in MB."""
    text = adversarial_text(n_lines)
    t, cpu = time.perf_counter(), time.process_time()
    recover_text(text, "adversarial.txt", labeller, budget=budget)
    return time.perf_counter() - t, time.process_time() - cpu, len(text.encode("utf-8")) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=155_000)
    ap.add_argument("--scaling", action="store_true")
    args = ap.parse_args()
    labeller = load_model()
    recover_text(adversarial_text(2_000, seed=3), "warm.txt", labeller, budget=UNBOUNDED)  # caches, lazy imports
    for n in ((50_000, 100_000, 155_000, 200_000) if args.scaling else (args.lines,)):
        capped, _, mb = run(n, labeller, None)
        secs, cpu, _ = run(n, labeller, UNBOUNDED)
        print(f"{n:>7} lines  {mb:5.1f} MB  {secs:6.1f} s unbounded ({cpu:.1f} s CPU)  "
              f"({capped:.2f} s with the default budget)")


if __name__ == "__main__":
    main()
