"""read → normalise → fragment → label → reconstruct → check: one report from one input."""
from __future__ import annotations

import gc
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from . import __version__
from .calibration import calibrate
from .checks import discount_failed_identities, evaluate_checks
from .fragment import Fragment, fragment_lines
from .io import InputText, read_input
from .metadata import extract_meta
from .normalise import normalise_lines, source_lines
from .decode import reconstruct
from .result import Meta, Provenance, Report, TableResult
from .rules import rule_labels
from .template import FORMATS, TABLE_IDS, detect_format, format_for_year, get_template

log = logging.getLogger(__name__)


class Labeller(Protocol):
    def label(self, frags: list[Fragment]) -> None:
        """Set ``label`` and ``confidence`` on every fragment."""


RULES_PROVENANCE = Provenance(__version__, "rules", None)


class RuleLabeller:
    """The rules-only labeller (no model)."""

    def label(self, frags: list[Fragment]) -> None:
        for f, label in zip(frags, rule_labels(frags)):
            f.label, f.confidence = label, 0.9

    def provenance(self) -> Provenance:
        return RULES_PROVENANCE


def provenance(labeller: Labeller) -> Provenance:
    """What a report made with ``labeller`` records as its maker (a labeller may say; else its class)."""
    say = getattr(labeller, "provenance", None)
    return say() if callable(say) else Provenance(__version__, type(labeller).__name__, None)


@dataclass(frozen=True)
class Budget:
    """What one document may cost; past it the report says so in ``problems`` and the batch goes on.

    Time is a deadline checked between the pipeline's stages (read, normalise, fragment, label,
    reconstruct per template); ``recover_file`` on a process's main thread (the CLI, joblib's
    worker processes) also sets an alarm that stops a stage still running at the deadline. The caps
    on characters, lines and fragments bound the memory and the time of any single stage, each of
    which is linear in its input, so even where no alarm can be set (threads of a Dask worker) no
    input holds a worker much past ``seconds`` (docs/performance.md: the costs at the caps).
    A document over budget gets no tables (all "missing", with the reason in ``problems``): never
    numbers from a half-finished reading. Real reports are ~10 KB, a few hundred lines.
    """

    seconds: float = 60.0
    max_chars: int = 500_000
    max_lines: int = 50_000
    max_fragments: int = 50_000


class OverBudget(Exception):
    """A document went past its Budget (the message says which limit, and where)."""


class _Clock:
    def __init__(self, budget: Budget, start: float | None = None) -> None:
        self.budget = budget
        self.deadline = (time.monotonic() if start is None else start) + budget.seconds

    def check(self, stage: str) -> None:
        if time.monotonic() > self.deadline:
            raise OverBudget(f"over the time budget of {self.budget.seconds:g} s per document (stopped after {stage})")

    def cap(self, what: str, n: int, limit: int) -> None:
        if n > limit:
            raise OverBudget(f"{n} {what} is over the budget of {limit} per document")


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise OverBudget in this thread after ``seconds`` (main thread of a POSIX process only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise OverBudget(f"over the time budget of {seconds:g} s per document (stopped mid-stage)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_GC_LOCK = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a document is recovered.

    Recovery allocates a few containers per fragment (fragments, units, their lists) and makes no
    reference cycles worth collecting, but every collection of the oldest generation walks all of
    them: on a large input that was a third of the decoding time. Reference counting still frees
    everything; the collector resumes when the last document being recovered (in any thread) is done.
    """
    global _gc_pauses, _gc_was_enabled
    with _GC_LOCK:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _over_budget(source: str, labeller: "Labeller", e: OverBudget) -> Report:
    # A stage stopped mid-way may have left a labeller's cache half-updated: it starts afresh.
    discard = getattr(labeller, "discard_caches", None)
    if callable(discard):
        discard()
    return Report(source, None, Meta(), _missing_tables(), problems=[f"not recovered: {e}"],
                  provenance=provenance(labeller))


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


@_cyclic_gc_paused()
def analyse_text(text: str, source: str, labeller: Labeller, properties: dict[str, str] | None = None,
                 budget: Budget | None = None, _start: float | None = None, calibrated: bool = True) -> Analysis:
    """Recover one document's text. Past its ``budget`` (default: ``Budget()``) the report has no
    tables and says why in ``problems``. ``calibrated=False`` leaves the reader's own cell
    confidences (to fit the calibration on)."""
    clock = _Clock(budget or Budget(), _start)
    lines: list[str] = []
    frags: list[Fragment] = []
    try:
        clock.check("reading")  # a PDF's second reading starts only if the first left time
        clock.cap("characters", len(text), clock.budget.max_chars)
        clock.cap("lines", text.count("\n") + (not text.endswith("\n")), clock.budget.max_lines)  # before they cost memory
        printed = source_lines(text)
        lines = normalise_lines(printed)
        clock.check("normalising")
        frags = fragment_lines(lines, clock.budget.max_fragments, printed)
        clock.cap("fragments", len(frags), clock.budget.max_fragments)
        clock.check("fragmenting")
        report = _recover_fragments(lines, frags, source, labeller, clock, properties, calibrated, printed)
    except OverBudget as e:
        report = _over_budget(source, labeller, e)
    report.provenance = provenance(labeller)
    return Analysis(lines, frags, report)


def _recover_fragments(lines: list[str], frags: list[Fragment], source: str, labeller: Labeller,
                       clock: _Clock, properties: dict[str, str] | None = None, calibrated: bool = True,
                       printed: list[str] | None = None) -> Report:
    meta = extract_meta(lines, properties)
    if not frags:
        return Report(source, None, meta, _missing_tables(), problems=["input has no text"])
    labeller.label(frags)
    clock.check("labelling")
    detected = detect_format("\n".join(lines))
    # Without either format's header words (table 四 alone, the others in an attachment) both are read;
    # where they place as many cells, the report's year tells its format.
    candidates = [detected] if detected else sorted(FORMATS, key=lambda name: name != format_for_year(meta.year))
    best = None
    for name in candidates:
        template = get_template(name)
        tables, flags = reconstruct(frags, template, printed)
        clock.check(f"reconstructing the {name} template")
        if best is None or _found_cells(tables) > _found_cells(best[1]):
            best = (template, tables, flags)
    template, tables, flags = best
    discount_failed_identities(tables, template)
    if calibrated:
        calibrate(tables, template)
    found_any = any(t.status != "missing" for t in tables.values())
    checks = evaluate_checks(tables, template) + flags
    problems = [] if found_any else ["no table of the annual-report template was found in the input"]
    return Report(source, template.name if (detected or found_any) else None, meta, tables, checks, problems)


def recover_text(text: str, source: str, labeller: Labeller, properties: dict[str, str] | None = None,
                 budget: Budget | None = None) -> Report:
    return analyse_text(text, source, labeller, properties, budget).report


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


def analyse_input(inp: InputText, labeller: Labeller, budget: Budget | None = None,
                  _start: float | None = None) -> Analysis:
    """Recover one read input. A PDF has two readings, its ruled tables and its page text: both are
    recovered and the one the identities support better is kept (``Report.reading`` says which)."""
    readings = [(inp.reading, inp.text)] if inp.text.strip() else []
    if inp.flat and inp.flat.strip():
        readings.append(("pdf-text", inp.flat))
    if not readings:
        report = Report(inp.source, None, Meta(), _missing_tables(), problems=inp.problems or ["input has no text"],
                        provenance=provenance(labeller))
        return Analysis([], [], report)
    best = None
    for name, text in readings:
        analysis = analyse_text(text, inp.source, labeller, inp.properties, budget, _start)
        analysis.report.reading = name
        if best is None or _support(analysis.report) > _support(best.report):
            best = analysis
    if best.report.reading == "pdf-ruled":
        _add_pdf_provenance(best.report, inp.cells)
    best.report.problems = inp.problems + best.report.problems
    return best


def recover_file(path: str | Path, labeller: Labeller, budget: Budget | None = None) -> Report:
    """Recover one input file; bad input yields a report with problems, never an exception. The
    ``budget`` counts from here (reading included)."""
    start = time.monotonic()
    budget = budget or Budget()
    with _alarm(budget.seconds):
        try:
            return analyse_input(read_input(path), labeller, budget, start).report
        except OverBudget as e:  # the alarm, outside analyse_text's own handling
            return _over_budget(str(path), labeller, e)


def recover_input(inp: InputText, labeller: Labeller, budget: Budget | None = None) -> Report:
    """Recover an input already read (``io.read_input`` or ``io.read_bytes``)."""
    return analyse_input(inp, labeller, budget).report
