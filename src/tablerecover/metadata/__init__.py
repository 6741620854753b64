"""Whose report it is: agency, year and publication date (``extract``), the agency's grouping key
(``agency``), the date forms both share (``dates``) and scores against gold metadata (``score``)."""
from .agency import agency_key, looks_like_agency
from .extract import extract_meta

__all__ = ["agency_key", "extract_meta", "looks_like_agency"]
