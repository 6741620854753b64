"""tablerecover: rebuild the tables of 政府信息公开工作年度报告 from badly flattened web scrapes.

The public API: ``recover``, ``recover_many``, ``chain_years``, ``load_model`` and the result types they return.
"""
__version__ = "0.1.0"

from .api import chain_years, load_model, recover, recover_many
from .extras import MissingExtra
from .result import CellResult, Check, Extra, Meta, Report, TableResult

__all__ = ["__version__", "recover", "recover_many", "chain_years", "load_model", "Report", "TableResult", "CellResult", "Check",
           "Meta", "Extra", "MissingExtra", "ModelVersionError", "SequenceTagger"]


def __getattr__(name: str) -> object:
    # The model classes import numpy and the featuriser: only when asked for.
    if name in ("ModelVersionError", "SequenceTagger"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'tablerecover' has no attribute {name!r}")
