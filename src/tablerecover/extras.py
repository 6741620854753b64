"""Optional dependencies: which extra provides which module, and a one-line error when one is missing."""
from __future__ import annotations

import importlib

# Top-level module -> the extra that installs it (pyproject.toml [project.optional-dependencies]).
EXTRA_OF = {
    "bs4": "corpus", "html2text": "corpus", "inscriptis": "corpus", "lxml": "corpus", "lxml_html_clean": "corpus",
    "trafilatura": "corpus", "pyarrow": "parquet", "dask": "dask", "distributed": "dask", "pandas": "pandas",
}


class MissingExtra(RuntimeError):
    """An optional dependency is not installed; the message says which extra to install."""


def install_hint(module: str, purpose: str) -> str:
    extra = EXTRA_OF.get(module.split(".")[0])
    how = f"pip install 'tablerecover[{extra}]'" if extra else f"pip install {module}"
    return f"{purpose} needs {module}, which is not installed: {how}"


def require(purpose: str, *modules: str) -> None:
    """Import ``modules`` or raise MissingExtra naming the extra to install (before any work starts)."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as e:
            raise MissingExtra(install_hint(name, purpose)) from e


def require_extra(extra: str, purpose: str) -> None:
    require(purpose, *(m for m, x in EXTRA_OF.items() if x == extra))


def missing_extra(e: ImportError) -> MissingExtra | None:
    """The one-line error for an ImportError of an optional module; None for anything else."""
    name = (e.name or "").split(".")[0]
    return MissingExtra(install_hint(name, "this command")) if name in EXTRA_OF else None
