"""read → normalise → fragment → label → reconstruct → check: one report from one input."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .calibration import calibrate
from .checks import discount_failed_identities, evaluate_checks
from .fragment import Fragment, fragment_lines
from .io import read_input
from .meta import extract_meta
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
    return sum(c.placed for t in tables.values() for c in t.cells)


def analyse_text(text: str, source: str, labeller: Labeller, calibrated: bool = True) -> Analysis:
    """``calibrated=False`` leaves the reader's own cell confidences (to fit the calibration on)."""
    lines = normalise_text(text)
    frags = fragment_lines(lines)
    meta = extract_meta(lines)
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
    discount_failed_identities(tables, template)
    if calibrated:
        calibrate(tables, template)
    found_any = any(t.status != "missing" for t in tables.values())
    checks = evaluate_checks(tables, template) + flags
    problems = [] if found_any else ["no table of the annual-report template was found in the input"]
    report = Report(source, template.name if (detected or found_any) else None, meta, tables, checks, problems)
    return Analysis(lines, frags, report)


def recover_text(text: str, source: str, labeller: Labeller) -> Report:
    return analyse_text(text, source, labeller).report


def recover_file(path: str | Path, labeller: Labeller) -> Report:
    """Recover one input file; bad input yields a report with problems, never an exception."""
    inp = read_input(path)
    if not inp.text.strip():
        problems = inp.problems or ["input has no text"]
        return Report(inp.source, None, Meta(), _missing_tables(), problems=problems)
    report = recover_text(inp.text, inp.source, labeller)
    report.problems = inp.problems + report.problems
    return report
