"""Word reports: DOCX read from its OOXML, legacy DOC converted with LibreOffice when it is installed.

Tables are printed the way ``html.py`` prints HTML tables: one line per row, cells joined by " | "
and ending in " |"; a cell spanning grid columns (``gridSpan``) is printed once, and a vertically
merged cell (``vMerge``) in its first row only, as HTML prints colspan and rowspan cells.
Paragraphs outside tables are lines (they carry the title, agency and date).
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el, sep_br: str) -> str:
    """Text of a paragraph or run container: tabs are spaces, a line break is ``sep_br``."""
    out = []
    for node in el.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
        tag = node.tag[len(W):]
        out.append((node.text or "") if tag == "t" else " " if tag == "tab" else "-" if tag == "noBreakHyphen" else sep_br)
    return "".join(out)


def _cell_text(tc) -> str:
    # Paragraphs and line breaks inside a cell are spaces, as block elements inside an HTML cell.
    return " ".join(" ".join(_text(p, " ") for p in tc.iter(W + "p")).split())


def _table_lines(tbl) -> list[str]:
    lines = []
    for tr in tbl.iter(W + "tr"):
        if _owner_table(tr) is not tbl:
            continue  # a row of a nested table: its text is in the enclosing cell
        row = []
        for tc in tr.iter(W + "tc"):
            if _owner_row(tc) is not tr:
                continue
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val", "continue") != "restart":
                continue  # continuation of a vertically merged cell: printed in its first row only
            row.append(_cell_text(tc))
        if any(row):
            lines.append(" | ".join(row) + " |")
    return lines


def _owner_table(el):
    p = el.getparent()
    while p is not None and p.tag != W + "tbl":
        p = p.getparent()
    return p


def _owner_row(el):
    p = el.getparent()
    while p is not None and p.tag != W + "tr":
        p = p.getparent()
    return p


def _body_lines(container) -> list[str]:
    lines: list[str] = []
    for el in container:
        tag = el.tag[len(W):] if el.tag.startswith(W) else ""
        if tag == "p":
            lines += [s.strip() for s in _text(el, "\n").split("\n") if s.strip()]
        elif tag == "tbl":
            lines += _table_lines(el)
        elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
            lines += _body_lines(el)  # content controls and tracked insertions wrap ordinary content
    return lines


def read_docx(data: bytes) -> tuple[str, dict[str, str], list[str]]:
    """(text, properties, problems) of a DOCX file; a damaged file is a problem, not an exception."""
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises zipfile, lxml and KeyError types for damaged packages
        return "", {}, [f"Word file cannot be read (damaged or not a DOCX?): {type(e).__name__}: {str(e)[:200]}"]
    props: dict[str, str] = {}
    cp = doc.core_properties
    for key, value in (("title", cp.title), ("author", cp.author), ("subject", cp.subject),
                       ("created", cp.created), ("modified", cp.modified)):
        if value:
            props[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    lines = _body_lines(doc.element.body)
    return "\n".join(lines) + "\n", props, []


def read_doc(data: bytes) -> tuple[str, dict[str, str], list[str]]:
    """A legacy binary .doc, converted to DOCX by LibreOffice (``soffice --headless``) when installed."""
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
        return "", {}, ["Word file is encrypted (password-protected); it cannot be read without the password"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "", {}, ["legacy Word .doc file: converting it needs LibreOffice (soffice), which is not installed; "
                        "install it or save the file as .docx"]
    with tempfile.TemporaryDirectory(prefix="tablerecover-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "docx",
                            "--outdir", tmp, str(src)], capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            return "", {}, [f"LibreOffice could not convert the .doc file: {e}"]
        out = Path(tmp) / "in.docx"
        if not out.exists():
            return "", {}, ["LibreOffice could not convert the .doc file (damaged or not a Word document?)"]
        return read_docx(out.read_bytes())
