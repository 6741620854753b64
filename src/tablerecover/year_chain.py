"""A batch's consecutive years of one agency decide cells that one report leaves tied (issue 10, class 3).

Reports of one agency (``agency_key``) for consecutive years chain (the rules of ``dataset``'s
cross-year checks):

- ``carried_over`` (hard): this year's 二、上年结转政府信息公开申请数量 = last year's 四、结转下年度继续办理,
  column by column of table 三;
- ``in_force`` (soft: agencies revise their counts): in the 2021 format's table 二, last year's
  现行有效件数 + this year's 本年制发件数 − 本年废止件数 = this year's 现行有效件数, for 规章 and
  行政规范性文件.

A cell is *tied* when it keeps ``alternatives`` and no year-chain check names it yet (the chain never
revisits its own decisions); a cell is *evidence* when it was placed, is a number or a blank (a blank
counts 0, as in the identities) and keeps no alternatives. In one equation the cells of one report may
be tied and the other report's must all be evidence (a decided cell is never evidence: no chain of
guesses), from a table 三 or 四 read with no tie and no failed identity (its rows hang together by the
column identities: a crawler dump's 四、结转 read sure beside tied rows was seen shifted by a column). Every combination of the tied cells' readings (value and alternatives) is tried, and only
where exactly one satisfies the equation does it decide them; a glued run's cells (one line) must
still concatenate to the run. Several equations or neighbouring reports that pick different values for
a cell cancel out: the tie stays.

Two unrelated reports can share an agency key (two towns of one name) and a year apart: a pair is used
only when it is seen to chain — no hard equation whose cells are all evidence fails, and one whose
cells are all evidence (hard or soft) holds with a number other than 0. Short of that, only a soft
equation whose other report's cell is a number other than 0 is used (the equation is then itself a test
no unrelated report passes by chance); a row of zeros proves nothing. Decisions that would break an
identity of their report that held (table 三's balance, row totals, results total) are dropped.

The chosen value is always one the report itself read (its value or an alternative); the others stay
``alternatives``, best first. Confidence: the old one raised to at most ``HARD_CONFIDENCE`` (0.9, a
hard equality, where a held equation of the pair shows a number of ``MIN_PROOF`` or more: a namesake
matches 1 = 1 by chance, not 37 = 37) or ``SOFT_CONFIDENCE`` (0.6: the soft rule, or a pair seen to
chain by small numbers only — decided, never sure), and never above
the lowest confidence of the other cells the equation used. At 0.5 or more the cell is decided (check
``year_chain.decided``, and the ``reading.ambiguous`` check no longer names it); below, the chain only
put its pick first and the cell stays a tie (check ``year_chain.preferred``).
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import Key, evaluate_checks, identities
from .metadata import agency_key
from .result import Alternative, CellResult, Check, Report, TableResult, cell_where
from .template import APPLICANT_COLS, get_template
from .values import parse_value

CARRIED_IN = ("二、上年结转政府信息公开申请数量",)
CARRIED_OUT = ("四、结转下年度继续办理",)
IN_FORCE_ROWS = (("第二十条第（一）项", "规章"), ("第二十条第（一）项", "行政规范性文件"))
MADE, REPEALED, IN_FORCE = ("本年制发件数",), ("本年废止件数",), ("现行有效件数",)

HARD_CONFIDENCE = 0.9
MIN_PROOF = 10            # a number held across the pair before its hard equations' decisions are sure
SOFT_CONFIDENCE = 0.6
TIE_BELOW = 0.5           # a cell below it is a tie (contract: alternatives, confidence < 0.5)
MAX_COMBINATIONS = 1000   # readings tried per equation (at most 6 per cell, 3 cells: 216)
RULE_DECIDED, RULE_PREFERRED = "year_chain.decided", "year_chain.preferred"
_IDENTITY_RULES = ("applications.", "review_litigation.")


@dataclass(frozen=True)
class Decision:
    """One tied cell the chain decided (or, below TIE_BELOW, only put its pick first)."""

    report: int          # index in the reports given
    key: Key
    value: int | float | None
    raw: str
    confidence: float
    rule: str            # "carried_over" or "in_force"
    evidence: str        # the other report's source and year, and the equation

    @property
    def check(self) -> Check:
        rule = RULE_DECIDED if self.confidence >= TIE_BELOW else RULE_PREFERRED
        return Check(rule, cell_where(*self.key), True, f"{self.raw or 'blank'} by {self.rule}: {self.evidence}")


@dataclass(frozen=True)
class Term:
    coef: int
    report: int
    key: Key


@dataclass(frozen=True)
class Equation:
    rule: str
    soft: bool
    terms: tuple[Term, ...]   # sum of coef × value = 0
    shown: str                 # the equation in words, for the check's detail
    numbers: str               # the same with the values in place, by term: "{0} + {1} − {2} = {3}"
    seen: bool = True          # the pair is seen to chain (else only a soft equation with a number ≠ 0 is used)
    proven: bool = True        # …by a number no namesake matches by chance (else a hard equation decides, never sure)
    checked: int = 0           # the term of this year's cell that the rule checks (dataset's cross-year value)


@dataclass
class _Proposal:
    value: int | float | None
    raw: str
    confidence: float
    rule: str
    evidence: str
    rivals: set = field(default_factory=set)  # other values proposed for the cell: they cancel it


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _cells(doc: dict) -> dict[Key, dict]:
    return {(t, tuple(c["row"]), tuple(c["col"])): c for t, table in (doc.get("tables") or {}).items()
            for c in table.get("cells", [])}


def _number(value, raw: str) -> float | None:
    """A cell's number as the identities count it (a blank is 0); None for a mark or text."""
    kind = parse_value(raw).kind if raw else "empty"
    if kind in ("na", "text", "unread"):
        return None
    return float(value) if value is not None else 0.0


def _evidence(cell: dict | None) -> float | None:
    if cell is None or cell.get("alternatives") or cell.get("kind") in ("unread", "na", "text"):
        return None
    return float(cell["value"]) if cell.get("value") is not None else 0.0


@dataclass(frozen=True)
class _Read:
    """One report as the chain sees it."""

    cells: dict[Key, dict]
    chained: set[str]      # cells a year-chain check names already
    # Tables 三/四 read with a tie or a failed identity anywhere: their rows are tied together by the
    # column identities, so a cell read sure there may still be shifted with its neighbours (crawler
    # dumps that drop repeats). None of their cells is evidence for another report.
    shaky: set[str]

    def evidence(self, key: Key) -> float | None:
        return None if key[0] in self.shaky else _evidence(self.cells.get(key))


def _read(doc: dict) -> _Read:
    cells = _cells(doc)
    shaky = {t for t in ("applications", "review_litigation")
             if any(c.get("alternatives") for k, c in cells.items() if k[0] == t)
             or any(not c.get("ok") for c in doc.get("checks", []) if c.get("rule", "").startswith(t + "."))}
    return _Read(cells, _chained(doc), shaky)


def _readings(cell: dict) -> list[tuple[int | float | None, str]]:
    """The cell's value and its alternatives, best first, without repeats."""
    out = [(cell.get("value"), cell.get("raw", ""))]
    for a in cell.get("alternatives", []):
        if (a.get("value"), a.get("raw", "")) not in out:
            out.append((a.get("value"), a.get("raw", "")))
    return out


def _chained(doc: dict) -> set[str]:
    """The cells (by ``where``) a year-chain check already names."""
    return {c["where"] for c in doc.get("checks", []) if c.get("rule") in (RULE_DECIDED, RULE_PREFERRED)}


def chain_equations(this: int, last: int, templates: tuple[str | None, str | None], src: str) -> list[Equation]:
    """The chain rules between a report (``this``) and last year's (``last``, named ``src``): 上年结转 =
    last year's 结转下年度 per applicant column (hard); 现行有效 = last year's 现行有效 + 本年制发 −
    本年废止 per 规章 and 规范性文件 row, both reports in the 2021 format (soft: agencies revise their
    counts). ``dataset``'s cross-year checks and the chain's decisions read the same rules."""
    out = [Equation("carried_over", False, (Term(1, this, ("applications", CARRIED_IN, col)),
                                             Term(-1, last, ("applications", CARRIED_OUT, col))),
                     f"{CARRIED_IN[0]} = {CARRIED_OUT[0]} of {src}", "{0} = {1}") for col in APPLICANT_COLS]
    if templates == ("2021", "2021"):
        t = "active_disclosure"
        for row in IN_FORCE_ROWS:
            out.append(Equation("in_force", True, (Term(1, last, (t, row, IN_FORCE)), Term(1, this, (t, row, MADE)),
                                                    Term(-1, this, (t, row, REPEALED)), Term(-1, this, (t, row, IN_FORCE))),
                                 f"{'/'.join(IN_FORCE)} of {src} + {MADE[0]} − {REPEALED[0]} = {IN_FORCE[0]}",
                                 "{0} + {1} − {2} = {3}", checked=3))
    return out


def _equations(this: int, last: int, docs: Sequence[dict], reads: Sequence[_Read]) -> list[Equation]:
    """The chain equations between a report (``this``) and last year's (``last``); none unless the
    pair is seen to chain (``_chain_seen``)."""
    src = f"{docs[last].get('source')} ({(docs[last].get('meta') or {}).get('year')})"
    out = chain_equations(this, last, (docs[this].get("template"), docs[last].get("template")), src)
    broken, proof = _chain_seen(out, reads)
    if broken:
        return []
    if not proof:
        return [replace(eq, seen=False) for eq in out if eq.soft]
    return out if proof >= MIN_PROOF else [replace(eq, proven=False) for eq in out]


def _chain_seen(equations: list[Equation], reads: Sequence[_Read]) -> tuple[bool, float]:
    """(broken, proof): a hard equation whose cells are all evidence fails; the largest number in an
    equation whose cells are all evidence (hard or soft) and that holds — 0 where none holds with a
    number other than 0, and the pair is not seen to chain (a row of zeros proves nothing; a held 现行有效
    of 37 is no coincidence; two towns of one name each carrying one application over, 1 = 1, are)."""
    proof = 0.0
    for eq in equations:
        values = [_evidence(reads[t.report].cells.get(t.key)) for t in eq.terms]
        if any(v is None for v in values):
            continue
        holds = abs(sum(t.coef * v for t, v in zip(eq.terms, values))) < 1e-6
        if not holds and not eq.soft:
            return True, 0.0
        if holds:
            proof = max([proof] + [abs(v) for v in values if v is not None])
    return False, proof


def _one_run(cells: list[dict]) -> str | None:
    """The text of a glued run when every cell of the row was read from one line (else None)."""
    lines = {tuple(c.get("lines") or ()) for c in cells}
    if len(cells) < 2 or len(lines) != 1 or len(next(iter(lines))) != 1:
        return None
    return "".join(c.get("raw", "") for c in cells)


def _solve(eq: Equation, reads: Sequence[_Read]) -> list[tuple[int, Key, _Proposal]]:
    """Proposals for the tied cells of one side of an equation whose other side is all evidence."""
    out = []
    cells = {t.report: reads[t.report].cells for t in eq.terms}
    for side in cells:
        own = [t for t in eq.terms if t.report == side]
        other = [t for t in eq.terms if t.report != side]
        known = [reads[t.report].evidence(t.key) for t in other]
        if any(v is None for v in known) or not eq.seen and not any(known):
            continue
        tied = [t for t in own if (c := cells[side].get(t.key)) is not None and c.get("alternatives")
                and cell_where(*t.key) not in reads[side].chained]
        fixed = [t for t in own if t not in tied]
        fixed_values = [_evidence(cells[side].get(t.key)) for t in fixed]
        if not tied or any(v is None for v in fixed_values):
            continue
        base = sum(t.coef * v for t, v in zip(other + fixed, known + fixed_values))
        options = [_readings(cells[side][t.key]) for t in tied]
        run = _one_run([cells[side][t.key] for t in own]) if len(own) > 1 else None
        fits = []
        for combo in itertools.islice(itertools.product(*options), MAX_COMBINATIONS):
            numbers = [_number(v, raw) for v, raw in combo]
            if any(n is None for n in numbers) or abs(base + sum(t.coef * n for t, n in zip(tied, numbers))) > 1e-6:
                continue
            if run is not None:  # a glued run's cells are pieces of its text, in order
                chosen = dict(zip(tied, combo))
                if "".join(chosen[t][1] if t in chosen else cells[side][t.key].get("raw", "") for t in own) != run:
                    continue
            fits.append(combo)
        if len(fits) != 1:
            continue
        values = dict(zip(other + fixed, known + fixed_values)) | {t: _number(*r) for t, r in zip(tied, fits[0])}
        shown = f"{eq.shown}: " + eq.numbers.format(*(_fmt(values[t]) for t in eq.terms))
        level = SOFT_CONFIDENCE if eq.soft or not eq.proven else HARD_CONFIDENCE
        used = [cells[t.report][t.key]["confidence"] for t in other + fixed]
        cap = min([level] + used)
        for t, (value, raw) in zip(tied, fits[0]):
            cell = cells[side][t.key]
            out.append((side, t.key, _Proposal(value, raw, max(cell["confidence"], cap), eq.rule, shown)))
    return out


def _tables(doc: dict, changes: dict[Key, _Proposal], tied_blank: bool = False) -> dict[str, TableResult]:
    """The report's tables 三 and 四 as typed results, with the proposed values in place.
    ``tied_blank``: an unread cell of a tied reading counts as the blank its first reading is."""
    out = {}
    for tid in ("applications", "review_litigation"):
        table = (doc.get("tables") or {}).get(tid) or {"status": "missing", "cells": []}
        cells = []
        for c in table.get("cells", []):
            key = (tid, tuple(c["row"]), tuple(c["col"]))
            value, raw = (changes[key].value, changes[key].raw) if key in changes else (c.get("value"), c.get("raw", ""))
            kind = (parse_value(raw).kind if raw else "empty") if key in changes else c.get("kind", "")
            if tied_blank and kind == "unread" and c.get("alternatives"):
                kind = "empty"
            cells.append(CellResult(key[1], key[2], value, raw, kind, c.get("confidence", 0.0), ()))
        out[tid] = TableResult(tid, table.get("status", "missing"), cells)
    return out


def _keep_identities(doc: dict, changes: dict[Key, _Proposal]) -> dict[Key, _Proposal]:
    """The changes that break no identity of the report that held before them — a tied row's unread
    cells counted as the blanks its first reading makes them, so that a change to one of its cells
    that leaves another reading's number in place (自然人 1 kept, 其他 1 decided) breaks the row's total."""
    template = get_template(doc["template"])
    held_before = {(c.rule, c.where) for c, _ in identities(_tables(doc, {}, tied_blank=True), template) if c.ok}
    changes = dict(changes)
    while changes:
        broken = {k for c, keys in identities(_tables(doc, changes, tied_blank=True), template)
                  if not c.ok and (c.rule, c.where) in held_before for k in keys}
        if not broken & changes.keys():
            break
        for k in broken & changes.keys():
            del changes[k]
    return changes


def decide(docs: Sequence[dict]) -> list[Decision]:
    """The cells the year chain decides in a batch's reports (the output contract's dicts)."""
    reads = [_read(d) for d in docs]
    by_year: dict[tuple[str, int], list[int]] = {}
    for i, d in enumerate(docs):
        meta = d.get("meta") or {}
        key = agency_key(meta.get("agency"))
        if key and isinstance(meta.get("year"), int) and d.get("template"):
            by_year.setdefault((key, meta["year"]), []).append(i)
    proposals: dict[tuple[int, Key], _Proposal] = {}
    for (key, year), group in by_year.items():
        for this, last in itertools.product(group, by_year.get((key, year - 1), [])):
            for eq in _equations(this, last, docs, reads):
                for side, k, p in _solve(eq, reads):
                    have = proposals.get((side, k))
                    if have is None:
                        proposals[(side, k)] = p
                    elif (have.value, have.raw) != (p.value, p.raw):
                        have.rivals.add((p.value, p.raw))
                    elif p.confidence > have.confidence:
                        proposals[(side, k)] = replace(p, rivals=have.rivals)
    out = []
    for i in sorted({i for i, _ in proposals}):
        changes = {k: p for (j, k), p in proposals.items() if j == i and not p.rivals}
        for k, p in sorted(_keep_identities(docs[i], changes).items()):
            cell = reads[i].cells[k]
            if (p.value, p.raw) == (cell.get("value"), cell.get("raw")) and p.confidence <= cell["confidence"]:
                continue  # the chain agrees with the reading's first choice and cannot vouch for it more
            out.append(Decision(i, k, p.value, p.raw, round(p.confidence, 4), p.rule, p.evidence))
    return out


def apply_to_dict(doc: dict, decisions: Iterable[Decision]) -> dict:
    """The report (output contract) with the decisions in place: each cell's value is the chosen
    reading, the others its alternatives; identity checks re-evaluated; a year-chain check per cell;
    a decided cell no longer named by ``reading.ambiguous``."""
    decisions = list(decisions)
    doc = json.loads(json.dumps(doc))  # a copy the caller's dict does not share
    cells = _cells(doc)
    for d in decisions:
        c = cells[d.key]
        others = [{"value": v, "raw": raw} for v, raw in _readings(c) if (v, raw) != (d.value, d.raw)]
        c.update(value=d.value, raw=d.raw, kind=parse_value(d.raw).kind if d.raw else "empty",
                 confidence=d.confidence, alternatives=others)
    decided = {cell_where(*d.key) for d in decisions if d.confidence >= TIE_BELOW}
    template = get_template(doc["template"])
    fresh = {(c.rule, c.where): c for c in evaluate_checks(_tables(doc, {}), template)}
    checks = []
    for c in doc.get("checks", []):
        if c["rule"].startswith(_IDENTITY_RULES) and (c["rule"], c["where"]) in fresh:
            c = fresh[(c["rule"], c["where"])].to_dict()
        elif c["rule"] == "reading.ambiguous" and decided:
            named = c["where"].split("; ")
            left = [w for w in named if w not in decided]
            if not left:
                continue
            c = {**c, "where": "; ".join(left)}
        checks.append(c)
    doc["checks"] = checks + [d.check.to_dict() for d in decisions]
    return doc


def chain_reports(reports: list[Report]) -> list[Decision]:
    """Decide tied cells across a list of recovered reports (in place): the Python API's batch pass."""
    docs = [r.to_dict() for r in reports]
    decisions = decide(docs)
    for i in sorted({d.report for d in decisions}):
        mine = [d for d in decisions if d.report == i]
        doc = apply_to_dict(docs[i], mine)
        report, new = reports[i], _cells(doc)
        for d in mine:
            table = report.tables[d.key[0]]
            table.cells = [_updated(c, new[d.key]) if (c.row, c.col) == d.key[1:] else c for c in table.cells]
        report.checks = [Check(c["rule"], c["where"], c["ok"], c.get("detail", "")) for c in doc["checks"]]
    return decisions


def _updated(cell: CellResult, new: dict) -> CellResult:
    return replace(cell, value=new["value"], raw=new["raw"], kind=new["kind"], confidence=new["confidence"],
                   alternatives=tuple(Alternative(a["value"], a["raw"]) for a in new["alternatives"]), read="chain")


@dataclass(frozen=True)
class ChainOutcome:
    decided: int = 0       # cells decided (confidence ≥ 0.5)
    preferred: int = 0     # cells whose value the chain only put first (still a tie)
    reports: int = 0       # reports rewritten
    errors: tuple[tuple[str, str], ...] = ()  # (path, reason) of reports that could not be rewritten


def _load(path: Path) -> dict | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and isinstance(doc.get("tables"), dict) else None


def chain_outputs(paths: Iterable[Path]) -> ChainOutcome:
    """The batch pass over written reports: decide, and rewrite (atomically) only the reports it
    changes. A report that cannot be read takes no part; one that cannot be written is an error.
    Memory stays flat: a first pass keeps each report's agency and year only, then one agency with
    consecutive years is loaded at a time."""
    from .io import write_json_atomic

    years: dict[str, dict[int, list[Path]]] = {}
    for p in map(Path, paths):
        doc = _load(p)
        meta = (doc or {}).get("meta") or {}
        key = agency_key(meta.get("agency"))
        if key and isinstance(meta.get("year"), int):
            years.setdefault(key, {}).setdefault(meta["year"], []).append(p)
    decided = preferred = rewritten = 0
    errors = []
    for by_year in years.values():
        group = [p for y in sorted(by_year) if y - 1 in by_year or y + 1 in by_year for p in by_year[y]]
        loaded = [(p, doc) for p in group if (doc := _load(p)) is not None]
        try:
            decisions = decide([doc for _, doc in loaded])
        except (KeyError, TypeError, ValueError, AttributeError) as e:  # a report not in the contract's shape
            errors += [(str(p), f"year chain: {type(e).__name__}: {e}") for p, _ in loaded]
            continue
        for i in sorted({d.report for d in decisions}):
            path, doc = loaded[i]
            mine = [d for d in decisions if d.report == i]
            try:
                write_json_atomic(path, apply_to_dict(doc, mine))
            except (OSError, KeyError, ValueError) as e:
                errors.append((str(path), f"year chain: {type(e).__name__}: {e}"))
                continue
            rewritten += 1
            decided += sum(d.confidence >= TIE_BELOW for d in mine)
            preferred += sum(d.confidence < TIE_BELOW for d in mine)
    return ChainOutcome(decided, preferred, rewritten, tuple(errors))
