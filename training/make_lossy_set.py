"""Flattened texts that lost or gained a line, to measure trust where the text is not the page: a
crawler that drops a line repeating the one before (``crawl``), a scraper that drops every repeated
line (``dedupe``), one number line lost (``drop``) or printed twice (``dup``), a number line run into
the next (``glue``), a download cut inside the tables (``trunc``). The gold stays the page's: a cell
the text lost must come out unsure or unread, never wrong and sure (tools/trust.py).

    python training/make_lossy_set.py ../shared/realdev/cases /tmp/lossy --changes crawl,drop,dup,glue,trunc

writes OUT/CHANGE/STEM[-kN].txt with STEM's gold (STEM "page__tool" keeps the page first, for the
leave-one-page-out models); ``--draws`` texts per case for the random changes, from ``--seed``.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

_NUMBER_LINE = re.compile(r"\d")
_TABLE_HEADINGS = re.compile(r"主动公开政府信息情况|收到和处理政府信息公开申请情况|行政复议、行政诉讼情况")


def crawl(lines: list[str], rng: random.Random) -> list[str] | None:
    out: list[str] = []
    for line in lines:
        if not (out and line.strip() and line.strip() == out[-1].strip()):
            out.append(line)
    return out if len(out) < len(lines) else None


def dedupe(lines: list[str], rng: random.Random) -> list[str] | None:
    seen: set[str] = set()
    out = []
    for line in lines:
        if line.strip() in seen:
            continue
        if line.strip():
            seen.add(line.strip())
        out.append(line)
    return out if len(out) < len(lines) else None


def _number_line(lines: list[str], rng: random.Random) -> int | None:
    numbers = [i for i, line in enumerate(lines[:-1]) if _NUMBER_LINE.search(line)]
    return rng.choice(numbers) if numbers else None


def drop(lines: list[str], rng: random.Random) -> list[str] | None:
    i = _number_line(lines, rng)
    return None if i is None else lines[:i] + lines[i + 1:]


def dup(lines: list[str], rng: random.Random) -> list[str] | None:
    i = _number_line(lines, rng)
    return None if i is None else lines[:i + 1] + lines[i:]


def glue(lines: list[str], rng: random.Random) -> list[str] | None:
    i = _number_line(lines, rng)
    return None if i is None else lines[:i] + [lines[i].rstrip() + lines[i + 1].lstrip()] + lines[i + 2:]


def trunc(lines: list[str], rng: random.Random) -> list[str] | None:
    heads = [i for i, line in enumerate(lines) if _TABLE_HEADINGS.search(line)]
    if not heads:
        return None
    first = heads[-3] if len(heads) >= 3 else heads[0]
    return lines[:rng.randrange(first, min(len(lines), first + 400))]


CHANGES: dict[str, Callable[[list[str], random.Random], list[str] | None]] = {
    "crawl": crawl, "dedupe": dedupe, "drop": drop, "dup": dup, "glue": glue, "trunc": trunc}
ONCE = {"crawl", "dedupe"}  # the same text whatever the draw


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", type=Path, help="a directory of STEM.txt with STEM.gold.json")
    ap.add_argument("out", type=Path)
    ap.add_argument("--changes", default="crawl,drop,dup,glue,trunc")
    ap.add_argument("--draws", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for change in args.changes.split(","):
        out = args.out / change
        out.mkdir(parents=True, exist_ok=True)
        for text in sorted(args.cases.glob("*.txt")):
            gold = text.with_name(text.stem + ".gold.json")
            if not gold.exists():
                continue
            lines = text.read_text(encoding="utf-8").split("\n")
            for k in range(1 if change in ONCE else args.draws):
                changed = CHANGES[change](lines, rng)
                if changed is None:
                    continue
                stem = text.stem if change in ONCE else f"{text.stem}-k{k}"
                (out / f"{stem}.txt").write_text("\n".join(changed), encoding="utf-8")
                shutil.copy(gold, out / f"{stem}.gold.json")
        print(f"{change}: {len(list(out.glob('*.txt')))} texts in {out}")


if __name__ == "__main__":
    main()
