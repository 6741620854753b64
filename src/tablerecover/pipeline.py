"""read → normalise → fragment → label → reconstruct → check: one report from one input."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .checks import evaluate_checks
from .fragment import Fragment, fragment_lines
from .io import InputText, read_input
from .metadata import extract_meta
from .normalise import normalise_text
from .reconstruct import reconstruct
from .result import Meta, Report, TableResult
from .rules import rule_labels
from .template import FORMATS, TABLE_IDS, detect_format, get_template

log = logging.getLogger(__name__)


class Labeller(Protocol):
    def label(self, frags: list[Fragment]) -> None:
        """Set ``label`` and ``confidence`` on every fragment."""


class RuleLabeller:
    """The rules-only labeller (no model)."""

    def label(self, frags: list[Fragment]) -> None:
        for f, label in zip(frags, rule_labels(frags)):
            f.label, f.confidence = label, 0.9


@dataclass
class Analysis:
    """Everything recovery saw, for reports and debugging: fragments with labels, and the result."""

    lines: list[str]
    fragments: list[Fragment]
    report: Report


def _missing_tables() -> dict[str, TableResult]:
    return {t: TableResult(t, "missing") for t in TABLE_IDS}


def _found_cells(tables: dict[str, TableResult]) -> int:
    return sum(c.confidence > 0 for t in tables.values() for c in t.cells)


def analyse_text(text: str, source: str, labeller: Labeller, properties: dict[str, str] | None = None) -> Analysis:
    lines = normalise_text(text)
    frags = fragment_lines(lines)
    meta = extract_meta(lines, properties)
    if not frags:
        report = Report(source, None, meta, _missing_tables(), problems=["input has no text"])
        return Analysis(lines, frags, report)
    labeller.label(frags)
    detected = detect_format("\n".join(lines))
    candidates = [detected] if detected else list(FORMATS)
    best = None
    for name in candidates:
        template = get_template(name)
        tables, flags = reconstruct(frags, template)
        if best is None or _found_cells(tables) > _found_cells(best[1]):
            best = (template, tables, flags)
    template, tables, flags = best
    found_any = any(t.status != "missing" for t in tables.values())
    checks = evaluate_checks(tables, template) + flags
    problems = [] if found_any else ["no table of the annual-report template was found in the input"]
    report = Report(source, template.name if (detected or found_any) else None, meta, tables, checks, problems)
    return Analysis(lines, frags, report)


def recover_text(text: str, source: str, labeller: Labeller, properties: dict[str, str] | None = None) -> Report:
    return analyse_text(text, source, labeller, properties).report


def _support(report: Report) -> tuple[int, int]:
    """What the identities say for a reading: checks passing, then cells placed."""
    return sum(c.ok for c in report.checks), _found_cells(report.tables)


def _add_pdf_provenance(report: Report, cells: dict) -> None:
    """Page and box of each cell read from one PDF table row: the row's PDF cells are matched to
    its recovered cells in order, by text (both sides keep the row's left-to-right order)."""
    from .normalise import normalise_line

    by_line: dict[int, list] = {}
    for t in report.tables.values():
        for c in t.cells:
            if len(c.lines) == 1 and c.lines[0] in cells:
                by_line.setdefault(c.lines[0], []).append(c)
    for line, recovered in by_line.items():
        pdf_cells = iter(cells[line])
        for c in recovered:
            for pc in pdf_cells:
                if normalise_line(pc.text).strip() == c.raw.strip():
                    c.page, c.bbox = pc.page, pc.bbox
                    break


def analyse_input(inp: InputText, labeller: Labeller) -> Analysis:
    """Recover one read input. A PDF has two readings, its ruled tables and its page text: both are
    recovered and the one the identities support better is kept (``Report.reading`` says which)."""
    readings = [(inp.reading, inp.text)] if inp.text.strip() else []
    if inp.flat and inp.flat.strip():
        readings.append(("pdf-text", inp.flat))
    if not readings:
        report = Report(inp.source, None, Meta(), _missing_tables(), problems=inp.problems or ["input has no text"])
        return Analysis([], [], report)
    best = None
    for name, text in readings:
        analysis = analyse_text(text, inp.source, labeller, inp.properties)
        analysis.report.reading = name
        if best is None or _support(analysis.report) > _support(best.report):
            best = analysis
    if best.report.reading == "pdf-ruled":
        _add_pdf_provenance(best.report, inp.cells)
    best.report.problems = inp.problems + best.report.problems
    return best


def recover_file(path: str | Path, labeller: Labeller) -> Report:
    """Recover one input file; bad input yields a report with problems, never an exception."""
    return recover_input(read_input(path), labeller)


def recover_input(inp: InputText, labeller: Labeller) -> Report:
    """Recover an input already read (``io.read_input`` or ``io.read_bytes``)."""
    return analyse_input(inp, labeller).report
