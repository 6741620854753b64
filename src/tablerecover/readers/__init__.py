"""Readers of whole documents (PDF, Word), chosen by the file's content rather than its name.

``sniff`` tells the format from the first bytes; ``io.read_bytes`` sends PDF and Word files to the
reader here and decodes everything else as text or HTML.
"""
from __future__ import annotations

import zipfile
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .doc (and encrypted .docx)


def is_pdf(head: bytes) -> bool:
    return head[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-")


def is_document(head: bytes) -> bool:
    """A PDF, Word or other package by its first bytes alone (no ZIP is opened): the larger size limit."""
    return is_pdf(head) or head.startswith((b"PK\x03\x04", OLE_MAGIC))


def sniff(data: bytes) -> str:
    """"pdf", "docx", "doc", "zip" (a ZIP that is not a Word file) or "text" (text or HTML)."""
    head = data[:1024]
    if is_pdf(head):
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                return "docx" if "word/document.xml" in z.namelist() else "zip"
        except zipfile.BadZipFile:
            # A truncated package still starts with its first entry's name, [Content_Types].xml or word/.
            return "docx" if b"word/" in data[:4096] or b"[Content_Types].xml" in head else "zip"
    return "text"
