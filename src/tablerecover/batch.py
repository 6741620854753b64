"""Recovering many scrapes: input expansion, parallel workers, resumable and atomic output.

A batch is planned first (every input with the JSON file it will write), then run in chunks on
joblib workers (processes by default, a Dask cluster on request). Each worker loads the model once
(``load_model`` is cached per process) and writes each report atomically, so a kill leaves whole
files only and ``resume`` can skip what is done: a report newer than its input and made by the same
tablerecover version and model (its ``provenance``). Each document has a ``Budget``; one past it is
reported as a problem and the batch goes on. A failure is recorded in ``errors.jsonl`` with its
reason and never stops the batch. Once every worker is done, the parent runs the year chain
(``year_chain.chain_outputs``) over all the batch's reports, written now or before: cells one report
leaves tied that a neighbouring year of the same agency decides; it rewrites only the reports it changes.
"""
from __future__ import annotations

import glob
import json
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .pipeline import Budget

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".text", ".md", ".pdf", ".docx", ".doc")
ERRORS_FILE = "errors.jsonl"
T = TypeVar("T")


@dataclass(frozen=True)
class BatchSettings:
    out_dir: Path
    jobs: int = 1
    resume: bool = False
    model: str | None = None       # model directory; None: the shipped model
    rules: bool = False            # the rules labeller instead of a model
    backend: str = "loky"          # "loky" (local processes) or "dask"
    scheduler: str | None = None   # Dask scheduler address; None: a local in-process cluster
    chunk_size: int = 32           # inputs per task: amortises task overhead
    budget: Budget = field(default_factory=Budget)  # per document
    year_chain: bool = True        # after the workers: decide ties by one agency's consecutive years


@dataclass(frozen=True)
class BatchItem:
    source: str    # a path, or "-" for standard input
    dest: Path     # the JSON file it writes


@dataclass(frozen=True)
class ItemOutcome:
    source: str
    dest: str
    ok: bool                                   # a report was written
    problems: tuple[str, ...] = ()             # why the report is flagged (bad input, no tables)
    error: str | None = None                   # an unexpected failure


@dataclass
class BatchResult:
    planned: int
    skipped: int = 0
    written: int = 0
    flagged: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors_file: Path | None = None
    chain_decided: int = 0     # cells the year chain decided
    chain_preferred: int = 0   # tied cells whose value it only put first
    chain_reports: int = 0     # reports it rewrote

    @property
    def rate(self) -> float:
        return (self.written + self.failed) / self.seconds if self.seconds else 0.0


def expand_inputs(paths: list[str]) -> list[tuple[str, Path | None]]:
    """Files, directories (recursively, scrape suffixes only), globs and "-", each with the root its
    output path is taken relative to (None: the file's stem alone)."""
    out: list[tuple[str, Path | None]] = []
    for raw in paths:
        p = Path(raw)
        if raw == "-":
            out.append(("-", None))
        elif p.is_dir():
            out += [(str(f), p) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES]
        elif not p.exists() and glob.has_magic(raw):
            out += [(f, None) for f in sorted(glob.glob(raw, recursive=True)) if Path(f).is_file()]
        else:
            out.append((raw, None))  # a missing path is reported by recovery, not dropped
    return out


def plan(paths: list[str], out_dir: Path) -> list[BatchItem]:
    """Inputs and their output files: directory inputs mirror their tree under out_dir; other inputs
    go to out_dir/<stem>.json, with -2, -3 … where two inputs share a stem.

    Linear however many inputs share a stem (a crawl of index.html files): the search for a free
    name resumes where the last one for that name stopped."""
    items, taken = [], set()
    next_n: dict[Path, int] = {}  # per wanted name, the suffix to try next
    for source, root in expand_inputs(paths):
        if source == "-":
            rel = Path("stdin.json")
        elif root is not None:
            rel = Path(source).relative_to(root).with_suffix(".json")
        else:
            rel = Path(Path(source).stem + ".json")
        dest, n = out_dir / rel, next_n.get(rel, 2)
        while dest in taken:
            dest, n = out_dir / rel.with_name(f"{rel.stem}-{n}.json"), n + 1
        next_n[rel] = n
        taken.add(dest)
        items.append(BatchItem(source, dest))
    return items


def is_current(item: BatchItem, provenance: dict | None = None) -> bool:
    """The output exists, is newer than its input, parses and (given ``provenance``) was made by the
    same tablerecover version and model: a resumed batch skips it."""
    if item.source == "-" or not item.dest.exists():
        return False
    try:
        if item.dest.stat().st_mtime < Path(item.source).stat().st_mtime:
            return False
        report = json.loads(item.dest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return provenance is None or (isinstance(report, dict) and report.get("provenance") == provenance)


def expected_provenance(settings: BatchSettings) -> dict | None:
    """The provenance this batch's reports will carry (None: the model cannot be read, redo all)."""
    from .model import ModelVersionError, model_provenance
    from .pipeline import RULES_PROVENANCE

    if settings.rules:
        return RULES_PROVENANCE.to_dict()
    try:
        return model_provenance(settings.model).to_dict()
    except ModelVersionError:
        return None


def remove_partial_writes(out_dir: Path) -> None:
    """Delete the temporary files a killed batch left behind (``write_json_atomic`` names them
    .NAME.json.XXXX.tmp); the outputs themselves are always whole."""
    if out_dir.is_dir():
        for p in list(out_dir.rglob(".*.json.*.tmp")):  # listed first: no deleting while walking
            p.unlink(missing_ok=True)


def recover_chunk(items: list[BatchItem], model: str | None, rules: bool,
                  budget: Budget | None = None) -> list[ItemOutcome]:
    """Worker task: recover and write each item; never raises."""
    from .io import write_json_atomic
    from .model import load_model
    from .pipeline import RuleLabeller, recover_file

    try:
        labeller = RuleLabeller() if rules else load_model(model)
    except Exception as e:  # noqa: BLE001 - reported per item, the batch goes on
        return [ItemOutcome(i.source, str(i.dest), False, error=f"cannot load the model: {e}") for i in items]
    out = []
    for item in items:
        try:
            report = recover_file(item.source, labeller, budget)
            write_json_atomic(item.dest, report.to_dict())
            out.append(ItemOutcome(item.source, str(item.dest), True, tuple(report.problems)))
        except Exception as e:  # noqa: BLE001
            where = traceback.extract_tb(e.__traceback__)[-1].name if e.__traceback__ else "?"
            out.append(ItemOutcome(item.source, str(item.dest), False, error=f"{type(e).__name__}: {e} (in {where})"))
    return out


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of ``size`` items (the last may be shorter): one task each."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _run_parallel(todo: list[BatchItem], settings: BatchSettings) -> Iterator[list[ItemOutcome]]:
    from joblib import Parallel, delayed, parallel_config

    # Small enough chunks that every worker gets several (progress, balance), large enough to be cheap.
    size = max(1, min(settings.chunk_size, -(-len(todo) // max(settings.jobs * 4, 1))))
    tasks = (delayed(recover_chunk)(c, settings.model, settings.rules, settings.budget) for c in chunks(todo, size))
    if settings.backend == "dask":
        from distributed import Client

        client = Client(settings.scheduler) if settings.scheduler else Client(processes=False, dashboard_address=None)
        try:
            with parallel_config(backend="dask", wait_for_workers_timeout=60):
                yield from Parallel(return_as="generator_unordered")(tasks)
        finally:
            client.close()
    elif settings.jobs == 1:
        yield from (recover_chunk(c, settings.model, settings.rules, settings.budget) for c in chunks(todo, size))
    else:
        yield from Parallel(n_jobs=settings.jobs, backend="loky", return_as="generator_unordered")(tasks)


def run_batch(items: list[BatchItem], settings: BatchSettings,
              progress: Callable[[int, int], None] = lambda done, total: None) -> BatchResult:
    """Recover every planned item not already current (with ``resume``); problems go to errors.jsonl."""
    t0 = time.perf_counter()
    if settings.resume:
        remove_partial_writes(settings.out_dir)
    current = expected_provenance(settings) if settings.resume else None
    # A report of unknown provenance (the model cannot be read) is never current.
    todo = [i for i in items if not (settings.resume and current is not None and is_current(i, current))]
    result = BatchResult(planned=len(items), skipped=len(items) - len(todo))
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    errors_path = settings.out_dir / ERRORS_FILE
    # Standard input belongs to this process: read it here, the rest on the workers.
    stdin = [i for i in todo if i.source == "-"]
    rest = [i for i in todo if i.source != "-"]
    groups = ([recover_chunk(stdin, settings.model, settings.rules, settings.budget)] if stdin else [],
              _run_parallel(rest, settings) if rest else [])
    with errors_path.open("a" if settings.resume else "w", encoding="utf-8") as errors:
        done = 0  # outcomes are counted, not kept: memory stays flat however long the batch
        for outcomes in (o for group in groups for o in group):
            for o in outcomes:
                done += 1
                result.written += o.ok
                result.flagged += bool(o.ok and o.problems)
                result.failed += not o.ok
                if o.error or o.problems:
                    errors.write(json.dumps({"source": o.source, "output": o.dest if o.ok else None,
                                             "reason": o.error or "; ".join(o.problems)}, ensure_ascii=False) + "\n")
            errors.flush()
            progress(done, len(todo))
        if settings.year_chain:
            from .year_chain import chain_outputs

            chained = chain_outputs(i.dest for i in items)
            result.chain_decided, result.chain_preferred = chained.decided, chained.preferred
            result.chain_reports = chained.reports
            for path, reason in chained.errors:
                errors.write(json.dumps({"source": None, "output": path, "reason": reason}, ensure_ascii=False) + "\n")
    result.seconds = time.perf_counter() - t0
    result.errors_file = errors_path
    return result
