"""Reading inputs safely and writing outputs atomically.

Bad input never raises out of ``read_input``: it returns no text and a list of problems, which the
pipeline turns into a report whose tables are all "missing". ``read_bytes`` recognises the format by
content: PDF and Word files go to ``readers``, everything else is decoded as text or HTML.
"""
from __future__ import annotations

import codecs
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # a report page is ~10 KB; anything this large is not one
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024  # a PDF or Word report carries its images and fonts


@dataclass
class InputText:
    source: str
    text: str
    encoding: str | None = None
    problems: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # document properties, keys in lower case: HTML title and <meta> by name, PDF info, DOCX core
    reading: str | None = None  # how ``text`` was read from a PDF: "pdf-ruled" (tables from the rulings)
    flat: str | None = None  # a PDF's second reading: its page text in reading order ("pdf-text")
    cells: dict = field(default_factory=dict, repr=False)  # PDF: 1-based line of ``text`` -> its PdfCells

    def text_of(self, reading: str | None) -> str:
        """The text of one reading (the report's ``reading``)."""
        return (self.flat or "") if reading == "pdf-text" else self.text


def _control_share(text: str) -> float:
    """Share of characters that are neither printable nor white space (counted in C: only the ASCII
    space is both printable and white space)."""
    unprintable = len(text) - sum(map(str.isprintable, text))
    unprintable_space = sum(map(str.isspace, text)) - text.count(" ")
    return (unprintable - unprintable_space) / max(len(text), 1)


def decode_bytes(data: bytes) -> tuple[str | None, str | None, str | None]:
    """(text, encoding, problem). Detects UTF-8, UTF-16 (BOM), GB18030/GBK, Big5 and the like."""
    if not data.strip():
        return "", None, "input is empty"
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, None
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
        if _control_share(text) <= 0.02:
            return text, "utf-8", None
    except UnicodeDecodeError:
        pass
    if data.count(b"\x00") > len(data) // 20 or b"\x00" in data[:1024] and _control_share(data[:4096].decode("latin-1")) > 0.1:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text; anything else is binary.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if sum(ch.isprintable() or ch.isspace() for ch in text) > 0.95 * len(text):
                return text, enc, None
        return None, None, "input looks binary (not text)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None, None, "input looks binary or its encoding could not be detected"
    text = str(best)
    if _control_share(text) > 0.02:
        return None, None, f"input looks binary (control characters after decoding as {best.encoding})"
    return text, best.encoding, None


def _limit(head: bytes) -> int:
    from .readers import is_document

    return MAX_DOCUMENT_BYTES if is_document(head) else MAX_BYTES


def read_input(path: str | Path) -> InputText:
    source = str(path)
    if source == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES and _limit(data) > MAX_BYTES:
            data += sys.stdin.buffer.read(_limit(data) + 1 - len(data))
        source = "<stdin>"
    else:
        p = Path(path)
        try:
            if p.is_dir():
                return InputText(source, "", problems=[f"{source} is a directory, not a file"])
            size = p.stat().st_size
            if size > MAX_BYTES:
                with p.open("rb") as fh:
                    limit = _limit(fh.read(1024))
                if size > limit:
                    return InputText(source, "", problems=[f"input is {size / 1e6:.1f} MB, over the {limit // 2**20} MiB limit for one report"])
            data = p.read_bytes()
        except OSError as e:
            return InputText(source, "", problems=[f"cannot read {source}: {e.strerror or e}"])
    return read_bytes(data, source)


def read_bytes(data: bytes, source: str) -> InputText:
    """The text of one document given as bytes, its format recognised by content (never raises for bad input)."""
    limit = _limit(data)
    if len(data) > limit:
        return InputText(source, "", problems=[f"input is over the {limit // 2**20} MiB limit for one report"])
    from .readers import sniff

    kind = sniff(data)
    if kind == "pdf":
        from .readers.pdf import read_pdf

        pdf = read_pdf(data)
        return InputText(source, pdf.ruled, problems=pdf.problems, properties=pdf.properties,
                         reading="pdf-ruled" if pdf.ruled.strip() else None, flat=pdf.flat or None, cells=pdf.cells)
    if kind in ("docx", "doc"):
        from .readers.docx import read_doc, read_docx

        text, props, problems = (read_docx if kind == "docx" else read_doc)(data)
        return InputText(source, text, problems=problems, properties=props)
    if kind == "zip":
        return InputText(source, "", problems=["input is a ZIP archive, not a report (only Word .docx packages are read)"])
    text, enc, problem = decode_bytes(data)
    if text is None:
        return InputText(source, "", problems=[problem or "unreadable input"])
    inp = InputText(source, text, enc, [problem] if problem else [])
    if looks_like_html(text):
        from .html import flatten_html

        inp.text, inp.properties = flatten_html(text)
    return inp


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return "<table" in head or "<html" in head or "<body" in head or ("<tr" in text.lower() and "<td" in text.lower())


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(…, ensure_ascii=False) builds one per call


def _is_record(obj) -> bool:
    """An object or list with nothing nested but lists of scalars: printed on one line."""
    for v in obj.values() if isinstance(obj, dict) else obj:
        if isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], (dict, list))):
            return False
    return True


def format_json(obj, _indent: str = "") -> str:
    """JSON with records on one line (one cell, one check per line in a report) and everything
    above them indented. Records go through the C encoder; ``json.dumps(indent=…)`` runs the
    pure-Python one and took longer than recovering the report."""
    if not isinstance(obj, (dict, list)) or not obj or _is_record(obj):
        return _ENCODE(obj)
    inner = _indent + " "
    if isinstance(obj, dict):
        items = [f"{inner}{_ENCODE(k)}: {format_json(v, inner)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + _indent + "}"
    items = [inner + format_json(v, inner) for v in obj]
    return "[\n" + ",\n".join(items) + "\n" + _indent + "]"


def write_json_atomic(path: Path, obj) -> None:
    """Write JSON via a temporary file and rename, so a kill never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(format_json(obj) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
