"""Finding the documents to evaluate (scrapes beside gold files, annotated samples) and loading them."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_SYNTH_NAME_RE = re.compile(r"synth_\d+_\d+_(\w+)")
OTHER_FAMILY = "other"

GoldLabels = dict[tuple[int, int], tuple[str, str | None]]  # (line, cell) -> (fragment text, label)


def read_gold_labels(labels_path: Path) -> GoldLabels:
    """Labels of an annotated sample by (line, cell); raises corpus.AnnotationError when they drifted."""
    from ..corpus import read_sample

    doc = read_sample(labels_path)
    return {(f.lines[0], f.cell): (f.text, lab) for f, lab in zip(doc.fragments, doc.labels)}


def family_of(name: str) -> str:
    """The flattening family of a sample, by its name: ``<page>__<tool>`` (as in shared/realdev/cases) is
    ``<tool>``, ``<style>__<number>`` (corpora/synth-tools) is ``<style>``; a generated sample ``synth_<seed>_<index>_<style>`` is its style; anything else "other"."""
    from ..synth import STYLES

    if "__" in name:
        head, tail = name.rsplit("__", 1)
        # corpora/synth-tools names its samples <style>__<number> (realdev: <page>__<tool>).
        return (head if tail.isdigit() else tail) or OTHER_FAMILY
    m = _SYNTH_NAME_RE.fullmatch(name)
    return m[1] if m and m[1] in STYLES else OTHER_FAMILY


def shown_path(path: str | os.PathLike) -> str:
    """A path as the reports show it: relative to the working directory, so that no absolute path of
    the machine the evaluation ran on goes into a report (a path elsewhere comes out as ../…)."""
    p = Path(path)
    if not p.is_absolute():
        return str(p)
    try:
        return os.path.relpath(p)
    except ValueError:  # another drive (Windows): the name alone
        return p.name


@dataclass(frozen=True)
class Sample:
    """One document to evaluate: a scrape, its gold output, and (for annotated samples) its labels."""

    name: str
    source: Path
    gold: Path
    labels: Path | None = None
    family: str = OTHER_FAMILY  # the flattening family (family_of)


def find_gold_pairs(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(scrape, gold) pairs: X.txt beside X.gold.json, in the given files or directories."""
    pairs = []
    for p in paths:
        gold_files = sorted(p.rglob("*.gold.json")) if p.is_dir() else ([p] if p.name.endswith(".gold.json") else [])
        if p.is_file() and not p.name.endswith(".gold.json"):
            g = p.with_name(p.stem + ".gold.json")
            if g.exists():
                pairs.append((p, g))
            continue
        for g in gold_files:
            stem = g.name[: -len(".gold.json")]
            for ext in (".txt", ".html", ".htm", ".pdf", ".docx", ".doc"):
                src = g.with_name(stem + ext)
                if src.exists():
                    pairs.append((src, g))
                    break
    return pairs


def find_samples(paths: Sequence[Path]) -> tuple[list[Sample], list[str]]:
    """Samples in files and directories, and notes on what was skipped and why.

    Accepts annotated samples (NAME.labels.tsv beside NAME.txt and NAME.gold.json), scrapes beside
    gold files (X.txt with X.gold.json; .html too), gold files, and directories of any of these.
    """
    samples: dict[Path, Sample] = {}
    notes: list[str] = []
    for p in map(Path, paths):
        if not p.exists():
            notes.append(f"{shown_path(p)}: does not exist")
            continue
        found = []
        if p.is_file() and p.name.endswith(".labels.tsv"):
            name = p.name[: -len(".labels.tsv")]
            src, gold = p.with_name(name + ".txt"), p.with_name(name + ".gold.json")
            if src.exists() and gold.exists():
                found.append((src, gold))
            else:
                notes.append(f"{shown_path(p)}: skipped, needs {src.name} and {gold.name} beside it")
        else:
            found = find_gold_pairs([p])
            if p.is_dir():
                for lab in sorted(p.rglob("*.labels.tsv")):
                    if not lab.with_name(lab.name[: -len(".labels.tsv")] + ".gold.json").exists():
                        notes.append(f"{shown_path(lab)}: skipped, no gold file beside it")
            elif not found:
                notes.append(f"{shown_path(p)}: skipped, no gold file (X.gold.json) beside it")
        for src, gold in found:
            stem = gold.name[: -len(".gold.json")]
            lab = gold.with_name(stem + ".labels.tsv")
            key = src.resolve()
            if key not in samples:
                samples[key] = Sample(src.stem, src, gold, lab if lab.exists() and src.suffix == ".txt" else None,
                                      family_of(src.stem))
    return list(samples.values()), notes


@dataclass(frozen=True)
class LoadedSample:
    sample: Sample
    gold: dict
    gold_labels: GoldLabels | None
    notes: tuple[str, ...] = ()


def load_sample(sample: Sample) -> LoadedSample:
    from ..corpus import AnnotationError

    gold = json.loads(sample.gold.read_text(encoding="utf-8"))
    if sample.labels is None:
        return LoadedSample(sample, gold, None)
    try:
        return LoadedSample(sample, gold, read_gold_labels(sample.labels))
    except (AnnotationError, OSError, ValueError) as e:
        return LoadedSample(sample, gold, None, (f"labels not used: {e}",))
