"""Annotated samples: a scrape, one label per fragment, and optionally the gold cells.

On disk (docs/corpus-format.md) a sample is three files side by side:
- ``NAME.txt``: the raw scrape, untouched;
- ``NAME.labels.tsv``: one line per fragment, ``line<TAB>cell<TAB>label<TAB>text``; a person edits
  the label column only; a label ending in "?" was pre-labelled with low confidence;
- ``NAME.gold.json`` (optional): the report in the output contract.
Synthetic samples are generated on demand (``synth.py``) and labelled by construction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .fragment import Fragment, fragment_lines
from .labels import LABELS
from .normalise import normalise_lines, normalise_piece, source_lines

HEADER = "# tablerecover annotation v1: line\tcell\tlabel\ttext (edit the label column only; '?' marks low confidence)"


class AnnotationError(ValueError):
    """A labels file that does not fit its scrape."""


@dataclass
class AnnotatedDoc:
    name: str
    text: str
    fragments: list[Fragment]
    labels: list[str | None]
    gold: dict | None = None
    style: str = "real"


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t")


def write_sample(doc: AnnotatedDoc, out_dir: Path, low_confidence: float = 0.0) -> Path:
    """Write NAME.txt, NAME.labels.tsv (and NAME.gold.json when known) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
    rows = [HEADER]
    for f, lab in zip(doc.fragments, doc.labels):
        mark = "?" if f.confidence < low_confidence else ""
        rows.append(f"{f.lines[0]}\t{f.cell}\t{lab or ''}{mark}\t{_escape(f.text)}")
    path = out_dir / f"{doc.name}.labels.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    if doc.gold is not None:
        (out_dir / f"{doc.name}.gold.json").write_text(json.dumps(doc.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_sample(labels_path: Path) -> AnnotatedDoc:
    """Read one annotated sample; every fragment of the scrape must have a label row."""
    name = labels_path.name[: -len(".labels.tsv")]
    txt = labels_path.with_name(f"{name}.txt")
    text = txt.read_text(encoding="utf-8")
    printed = source_lines(text)
    frags = fragment_lines(normalise_lines(printed), printed=printed)
    given: dict[tuple[int, int], tuple[str, str]] = {}
    for n, row in enumerate(labels_path.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        parts = row.split("\t", 3)
        if len(parts) < 3:
            raise AnnotationError(f"{labels_path}:{n}: expected line<TAB>cell<TAB>label<TAB>text")
        label = parts[2].rstrip("?").strip()
        if label and label not in LABELS:
            raise AnnotationError(f"{labels_path}:{n}: unknown label {label!r}; labels are {', '.join(LABELS)}")
        text_col = parts[3].replace("\\t", "\t").replace("\\\\", "\\") if len(parts) > 3 else ""
        given[(int(parts[0]), int(parts[1]))] = (label, text_col)
    labels: list[str | None] = []
    for f in frags:
        entry = given.get((f.lines[0], f.cell))
        if entry is None:
            raise AnnotationError(f"{labels_path}: no label for line {f.lines[0]} cell {f.cell} ({f.text[:20]!r})")
        # Text written before a character-level normalisation change (a radical now mapped, say) still
        # fits once normalised again; any other difference means the labels drifted from the text.
        if entry[1] != f.text and normalise_piece(entry[1]) != f.text:
            raise AnnotationError(f"{labels_path}: line {f.lines[0]} cell {f.cell} reads {f.text[:20]!r}, "
                                  f"the labels file has {entry[1][:20]!r}: re-run annotate")
        labels.append(entry[0] or None)
    gold_path = labels_path.with_name(f"{name}.gold.json")
    gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else None
    return AnnotatedDoc(name, text, frags, labels, gold)


def read_corpus(paths: list[Path]) -> list[AnnotatedDoc]:
    """Samples from files (NAME.labels.tsv) and directories (all samples inside, sorted)."""
    out = []
    for p in map(Path, paths):
        files = sorted(p.rglob("*.labels.tsv")) if p.is_dir() else [p]
        out += [read_sample(f) for f in files]
    return out


def from_synthetic(doc) -> AnnotatedDoc:
    """Label the fragments of a synthetic scrape from the segments it was built of.

    Each segment is normalised on its own; a fragment takes the label of the segment its text
    overlaps most (a continuation only when it is all continuation). Lines whose pieces do not normalise to the whole line's text are left unlabelled.
    """
    text = doc.text
    printed = source_lines(text)
    lines = normalise_lines(printed)
    spans: dict[int, list[tuple[int, int, str | None]]] = {}
    for i, segs in enumerate(doc.lines):
        pos, out = 0, []
        for seg in segs:
            piece = normalise_piece(seg.text)
            out.append((pos, pos + len(piece), seg.label))
            pos += len(piece)
        joined = "".join(normalise_piece(s.text) for s in segs)
        if i < len(lines) and joined.rstrip() == lines[i]:
            spans[i + 1] = out
    frags = fragment_lines(lines, printed=printed)
    labels: list[str | None] = []
    for f in frags:
        if f.empty:
            labels.append("empty")
            continue
        segs = spans.get(f.lines[0])
        if segs is None:
            labels.append(None)
            continue
        overlap: dict[str, int] = {}
        for s, e, lab in segs:
            if lab is None:
                continue
            o = min(e, f.end) - max(s, f.start)
            if o > 0:
                overlap[lab] = overlap.get(lab, 0) + o
        if len(overlap) > 1:
            overlap.pop("cont", None)  # a continuation on the line of what it continues is part of it
        labels.append(max(overlap, key=overlap.get) if overlap else None)
    return AnnotatedDoc(doc.name, text, frags, labels, doc.gold, doc.style)


def data_hash(docs: list[AnnotatedDoc]) -> str:
    """A fingerprint of the training data: texts and labels, in order."""
    h = hashlib.sha256()
    for d in docs:
        h.update(d.text.encode("utf-8"))
        h.update("\x00".join(lab or "" for lab in d.labels).encode("utf-8"))
    return h.hexdigest()[:16]
