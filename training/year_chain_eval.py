"""Measure the year chain: one agency's consecutive years (synth.generate_series) recovered as a batch
with and without the chain; every cell the chain changed, right or wrong against the generator's gold.

usage (from the worktree):
  PYTHONPATH=src python training/year_chain_eval.py make DIR AGENCIES STYLES FIRST_SEED   # 4 years each
  PYTHONPATH=src python -m tablerecover recover DIR/*.txt --out OUT_BEFORE -q --no-year-chain
  PYTHONPATH=src python -m tablerecover recover DIR/*.txt --out OUT_AFTER -q
  PYTHONPATH=src python training/year_chain_eval.py compare OUT_BEFORE OUT_AFTER DIR
"""
import collections
import json
import sys
from pathlib import Path


def make(out: Path, agencies: int, styles: list[str], first_seed: int) -> None:
    from tablerecover.synth import generate_series

    out.mkdir(parents=True, exist_ok=True)
    for i in range(agencies):
        for d in generate_series(4, 2020, seed=first_seed + i, style=styles[i % len(styles)]):
            (out / f"{d.name}.txt").write_text(d.text, encoding="utf-8")
            (out / f"{d.name}.gold.json").write_text(json.dumps(d.gold, ensure_ascii=False), encoding="utf-8")


def _cells(doc: dict) -> dict:
    return {(t, tuple(c["row"]), tuple(c["col"])): c for t, table in doc["tables"].items() for c in table["cells"]}


def compare(before: Path, after: Path, gold: Path) -> None:
    tally: collections.Counter = collections.Counter()
    for p in sorted(after.glob("*.json")):
        new, old = json.loads(p.read_text(encoding="utf-8")), json.loads((before / p.name).read_text(encoding="utf-8"))
        tied = [c for c in _cells(old).values() if c.get("alternatives") and c["confidence"] < 0.5]
        tally["tied before"] += len(tied)
        if new == old:
            continue
        tally["reports rewritten"] += 1
        truth = {k: c["value"] for k, c in _cells(json.loads((gold / f"{p.stem}.gold.json").read_text(encoding="utf-8"))).items()}
        rules = {c["where"]: c["detail"].split(" by ")[1].split(":")[0] for c in new["checks"] if c["rule"].startswith("year_chain")}
        was = _cells(old)
        for k, c in _cells(new).items():
            if (c["value"], c["confidence"]) == (was[k]["value"], was[k]["confidence"]):
                continue
            level = "sure" if c["confidence"] >= 0.9 else "decided" if c["confidence"] >= 0.5 else "put first (tie)"
            where = f"{k[0]}: {'/'.join(k[1])} | {'/'.join(k[2])}"
            tag = f"{rules[where]} {level}"
            tally[tag] += 1
            tally[f"{tag}: right"] += c["value"] == truth[k]
            tally[f"{tag}: value changed"] += c["value"] != was[k]["value"]
    for k in sorted(tally):
        print(f"{k}: {tally[k]}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(","), int(sys.argv[5]))
    else:
        compare(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
