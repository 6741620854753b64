"""Threads sharing one tagger: the cost of the group-score table's lock against a table per thread.

    PYTHONPATH=src python benchmarks/threads.py [N_DOCS] [THREADS]

Recovers N generated scrapes (synth.py) serially, then on THREADS threads sharing one tagger with
the shipped locked table, then with one table per thread (threading.local), and prints the
seconds of each and how many reports differ from the serial ones.
"""
from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tablerecover.io import format_json
from tablerecover.model import GroupScores, SequenceTagger, shipped_model_dir
from tablerecover.pipeline import recover_text
from tablerecover.synth import generate_docs


class PerThreadTagger(SequenceTagger):
    """The alternative design: no lock, a group-score table per thread."""

    def _scores_for(self, frags):
        local = self.__dict__.setdefault("_local", threading.local())
        if not hasattr(local, "scores"):
            local.scores = GroupScores(self.featurizer_, self.coef_.T)
        return local.scores.scores(frags)


def run(texts: list[str], tagger, threads: int) -> tuple[float, list[str]]:
    def one(item):
        i, text = item
        return format_json(recover_text(text, str(i), tagger).to_dict())

    t0 = time.perf_counter()
    if threads == 1:
        out = [one(x) for x in enumerate(texts)]
    else:
        with ThreadPoolExecutor(threads) as ex:
            out = list(ex.map(one, enumerate(texts)))
    return time.perf_counter() - t0, out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    texts = [d.text for d in generate_docs(n, seed=11)]
    run(texts[:20], SequenceTagger.load(shipped_model_dir()), 1)  # warm the module caches
    secs, serial = run(texts, SequenceTagger.load(shipped_model_dir()), 1)
    print(f"serial                 {secs:6.2f} s")
    for name, cls in (("shared table + lock", SequenceTagger), ("table per thread", PerThreadTagger)):
        secs, out = run(texts, cls.load(shipped_model_dir()), threads)
        print(f"{threads} threads, {name:19s} {secs:6.2f} s, {sum(a != b for a, b in zip(serial, out))} reports differ")


if __name__ == "__main__":
    main()
