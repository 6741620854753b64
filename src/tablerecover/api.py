"""The Python API: recover reports from paths, text or bytes with the shipped model or another one.

    import tablerecover
    report = tablerecover.recover("report.txt")
    report.tables["applications"].status, report.to_dict(), report.to_frame()
    reports = list(tablerecover.recover_many(paths, jobs=2))
    tablerecover.chain_years(reports)   # ties decided by one agency's consecutive years

A ``str`` source is a path when it is one line naming an existing file or directory, and the text
of a report otherwise; pass a ``pathlib.Path`` to insist on a path (a missing file then gives a
report whose ``problems`` say so) and ``bytes`` for raw file contents (the encoding is detected).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .result import Report

if TYPE_CHECKING:
    from .model import SequenceTagger
    from .pipeline import Labeller
    from .year_chain import Decision

Source = Union[str, "os.PathLike[str]", bytes]
ModelArg = Union[None, str, "os.PathLike[str]", "Labeller"]


def load_model(path: str | os.PathLike[str] | None = None) -> SequenceTagger:
    """Load a model directory (default: the shipped model, or $TABLERECOVER_MODEL), once per process.

    Raises ``ModelVersionError`` for a directory that is not a model this version can read.
    """
    from .model import load_model as _load

    return _load(os.fspath(path) if path is not None else None)


def _labeller(model: ModelArg) -> Labeller:
    if model is None or isinstance(model, (str, os.PathLike)):
        return load_model(model)
    return model


def _is_path(source: str) -> bool:
    return "\n" not in source and len(source) < 4096 and os.path.exists(source)


def _recover(source: Source, labeller: Labeller) -> Report:
    from .io import read_bytes
    from .pipeline import recover_file, recover_input, recover_text

    if isinstance(source, bytes):
        return recover_input(read_bytes(source, "<bytes>"), labeller)
    if isinstance(source, os.PathLike) or _is_path(source):
        return recover_file(Path(source), labeller)
    if not isinstance(source, str):
        raise TypeError(f"source must be a path, str or bytes, not {type(source).__name__}")
    return recover_text(source, "<text>", labeller)


def recover(source: Source, model: ModelArg = None) -> Report:
    """Recover the three tables from one report: a path, the report's text, or its bytes.

    ``model`` is a model directory, a model from ``load_model``, or None for the shipped model.
    Bad input never raises: the report's tables are "missing" and ``problems`` says why.
    """
    return _recover(source, _labeller(model))


def _recover_paths(paths: list[str | os.PathLike[str]], model: ModelArg) -> list[Report]:
    labeller = _labeller(model)  # in a worker: loaded once per process (load_model caches it)
    return [_recover(Path(p), labeller) for p in paths]


def recover_many(paths: Iterable[str | os.PathLike[str]], jobs: int = 1, model: ModelArg = None,
                 chunk_size: int = 16) -> Iterator[Report]:
    """Recover many files, yielding their reports in input order; ``jobs`` > 1 runs worker processes."""
    if jobs < 1:
        raise ValueError("jobs must be >= 1")
    if jobs == 1:
        labeller = _labeller(model)
        for p in paths:
            yield _recover(Path(p), labeller)
        return
    from joblib import Parallel, delayed

    from .batch import chunks

    for reports in Parallel(n_jobs=jobs, backend="loky", return_as="generator")(
            delayed(_recover_paths)(c, model) for c in chunks(list(paths), chunk_size)):
        yield from reports


def chain_years(reports: list[Report]) -> list[Decision]:
    """Decide, in place, cells a report leaves tied that the same agency's report of the year before or
    after decides (``year_chain``: carried-over applications, hard; documents in force, soft). Run it
    on a batch's reports once all are recovered; returns the decisions (each also a check)."""
    from .year_chain import chain_reports

    return chain_reports(reports)
