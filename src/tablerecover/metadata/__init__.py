"""Whose report it is: agency, year and publication date (``extract``), the agency's grouping key
(``agency``) and the printed date and year forms (``dates``) that extraction and the scores against gold
(``evaluation.metadata``) share."""
from .agency import agency_key, looks_like_agency
from .extract import extract_meta

__all__ = ["agency_key", "extract_meta", "looks_like_agency"]
