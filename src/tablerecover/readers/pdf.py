"""PDF reports: ruled tables read from the page geometry, and the page text in reading order.

The ruled reading prints every table the way ``html.py`` prints an HTML table — one line per row,
cells joined by " | " and ending in " |", a merged cell printed once in its first row — and the
rest of the page as lines, so the reconstructor reads a PDF exactly as it reads HTML. The rulings
are the edges of the page's lines and filled rectangles (browsers draw cell borders as thin
rectangles). Pages are stacked into one tall canvas, and where a table runs to the end of one page
and goes on at the top of the next, the two pieces are joined there: a table over a page break is
one table, and a row (or a merged cell) cut by the break is one cell. A header row repeated at
the top of the continuation is dropped.

The flat reading is the page text with characters grouped into lines by their baseline, for PDFs
without rules or whose ruled reading fails the identities (the pipeline keeps the better one).
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

TOL = 3.0  # points: rulings closer than this are one ruling (pdfplumber's default tolerances)
# Text that may stand between a table's piece and the page break without ending the table: page numbers.
_PAGE_NUMBER = re.compile(r"^[\s\d/第页共\-—–·.()（）PpageofOF]*$")


@dataclass
class PdfCell:
    """Where a table cell's text came from: 1-based page and [x0, top, x1, bottom] in PDF points."""

    text: str
    page: int
    bbox: tuple[float, float, float, float]


@dataclass
class PdfReading:
    ruled: str  # tables as pipe rows, prose as lines
    flat: str  # every character grouped into lines by position
    cells: dict[int, list[PdfCell]] = field(default_factory=dict)  # 1-based line of `ruled` -> its cells
    properties: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _join_lines(lines: list[str]) -> str:
    """Lines wrapped inside one cell: no space where the break falls between CJK characters."""
    out = ""
    for line in lines:
        if out and not (_is_cjk(out[-1]) or _is_cjk(line[0])):
            out += " "
        out += line
    return out


def _text_lines(chars: list[dict], columns: bool = False) -> list[tuple[float, str]]:
    """Characters grouped into lines by their baseline (fonts of one line differ in height, so the
    baseline, not the top, is what they share), left to right; a gap wider than a third of the font
    size is a space where the PDF has none (with ``columns``, a gap over a full character is two, as
    space-aligned text)."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["_base"], c["x0"])):
        if rows and abs(c["_base"] - rows[-1][0]["_base"]) <= 0.4 * max(c["size"], 1):
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, prev = "", None
        for c in row:
            if prev is not None:
                gap = c["x0"] - prev["x1"]
                size = max(c["size"], 1)
                if columns and gap > size:
                    text += "  "
                elif gap > size / 3 and not text.endswith(" ") and c["text"] != " ":
                    text += " "
            text += c["text"]
            prev = c
        text = " ".join(text.split()) if not columns else text
        if text.strip():
            out.append((min(c["top"] for c in row), text.strip()))
    return out


def _page_edges(page) -> list[dict]:
    edges = []
    for e in page.edges:
        if e["orientation"] == "v" or e["orientation"] == "h":
            edges.append({k: e[k] for k in ("x0", "x1", "top", "bottom", "width", "height", "orientation")})
    return edges


def _merged(edges: list[dict]) -> list[dict]:
    from pdfplumber.table import merge_edges

    merged = merge_edges(edges, TOL, TOL, TOL, TOL)
    return [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= TOL]


def _continues(prev: dict, nxt: dict) -> bool:
    """Does a table run off the bottom of page `prev` and on at the top of page `nxt`? Only if no
    text but page numbers lies between them, and rulings of the same x meet at the break."""
    if not prev["v"] or not nxt["v"]:
        return False
    between = [c for c in prev["chars"] if c["top"] > prev["bottom"] + 1] + [c for c in nxt["chars"] if c["bottom"] < nxt["top"] - 1]
    if not all(_PAGE_NUMBER.match(s) for _, s in _text_lines(between)):
        return False
    ends = {round(e["x0"]) for e in prev["v"] if abs(e["bottom"] - prev["bottom"]) <= TOL}
    starts = {round(e["x0"]) for e in nxt["v"] if abs(e["top"] - nxt["top"]) <= TOL}
    return any(abs(a - b) <= TOL for a in ends for b in starts)


def _grid_rows(cells: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Cells of one table by the row where they begin, left to right (a rowspan cell in its first row only)."""
    tops = sorted({round(c[1], 1) for c in cells})
    bounds: list[float] = []
    for t in tops:
        if not bounds or t - bounds[-1] > TOL:
            bounds.append(t)
    rows: list[list] = [[] for _ in bounds]
    for c in cells:
        i = min(range(len(bounds)), key=lambda k: abs(bounds[k] - c[1]))
        rows[i].append(c)
    return [sorted(r, key=lambda c: c[0]) for r in rows]


def _cell_text(chars: list[dict]) -> str:
    return _join_lines([s for _, s in _text_lines(chars)])


def _without_repeated_headers(rows: list[list[tuple]], cell_chars: dict, page_of) -> list[list[tuple]]:
    """Drop the header rows a table repeats at the top of a continuation page (a browser repeats a
    <thead>), and join each merged cell the repeat cut in two: the piece below the repeat goes into
    the piece above (same column, ending at the break, begun before the last row there)."""
    texts = [[_cell_text(cell_chars.get(c, [])) for c in row] for row in rows]
    out: list[list[tuple]] = []
    i = 0
    while i < len(rows):
        k = 0
        if i and out and page_of(rows[i][0][1]) != page_of(rows[i - 1][0][1]):
            while k < i and i + k < len(rows) and texts[i + k] == texts[k] and any(texts[k]):
                k += 1
        if not k or i + k >= len(rows):
            out.append(list(rows[i]))
            i += 1
            continue
        brk, last_top = rows[i][0][1], out[-1][0][1]
        kept = []
        for c in rows[i + k]:
            above = next((a for row in out for a in row if abs(a[0] - c[0]) <= TOL and abs(a[2] - c[2]) <= TOL
                          and abs(a[3] - brk) <= TOL and a[1] < last_top - TOL), None)
            if above is None:
                kept.append(c)
            else:
                cell_chars.setdefault(above, []).extend(cell_chars.get(c, []))
        if kept:
            out.append(kept)
        i += k + 1
    return out


def read_pdf(data: bytes) -> PdfReading:
    """Both readings of a PDF; problems instead of exceptions for encrypted, broken and scanned files."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor warnings on every page of browser PDFs
    import pdfplumber
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many types for damaged files
        return PdfReading("", "", problems=[_open_problem(e)])
    pages = []
    props: dict[str, str] = {}
    try:
        with pdf:
            for k, v in (pdf.metadata or {}).items():
                if isinstance(v, (str, int, float)) and k.lower() in ("title", "author", "subject", "creationdate", "moddate", "creator", "producer", "keywords"):
                    props[k.lower()] = str(v)
            n_images = 0
            for page in pdf.pages:
                chars = [c for c in page.chars if c["text"]]
                for c in chars:
                    c["_base"] = page.height - c["matrix"][5] if c.get("upright", True) else c["top"]
                v_h = _merged(_page_edges(page))
                n_images += len(page.images)
                info = {"height": page.height, "chars": chars, "v": [e for e in v_h if e["orientation"] == "v"], "h": [e for e in v_h if e["orientation"] == "h"]}
                info["top"] = min((e["top"] for e in v_h), default=0.0)
                info["bottom"] = max((e["bottom"] for e in v_h), default=0.0)
                pages.append(info)
    except Exception as e:
        return PdfReading("", "", properties=props, problems=[_open_problem(e)])
    if not any(c["text"].strip() for p in pages for c in p["chars"]):
        problem = "no text layer (scanned PDF)" if n_images or pages else "PDF has no pages"
        return PdfReading("", "", properties=props, problems=[problem])

    # Stack the pages: page n's offset makes its local y global; a continuing table's break closes up.
    # starts[n]: where page n begins on the canvas (for a continuation page, at the break).
    offset, offsets, starts = 0.0, [], []
    for n, p in enumerate(pages):
        if n and _continues(pages[n - 1], p):
            offset = offsets[-1] + pages[n - 1]["bottom"] - p["top"]
            starts.append(offset + p["top"])
        else:
            offset = offsets[-1] + pages[n - 1]["height"] + 1000 if n else 0.0
            starts.append(offset)
        offsets.append(offset)
    edges = []
    for n, p in enumerate(pages):
        for e in p["v"] + p["h"]:
            edges.append({**e, "top": e["top"] + offsets[n], "bottom": e["bottom"] + offsets[n]})
    edges = _merged(edges)
    tables = [t for t in cells_to_tables(intersections_to_cells(edges_to_intersections(edges, TOL, TOL))) if t]
    tables = [t for t in tables if len({round(c[0]) for c in t}) > 1 and len({round(c[1]) for c in t}) > 1]

    # Every character inside a table's cell goes to that cell; the rest is prose.
    cell_chars: dict[tuple, list[dict]] = {}
    boxes = [(c, ti) for ti, t in enumerate(tables) for c in t]
    prose: list[list[dict]] = [[] for _ in pages]
    for n, p in enumerate(pages):
        for ch in p["chars"]:
            x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            home = None
            if p["v"] and p["top"] - 1 <= y <= p["bottom"] + 1:
                gy = y + offsets[n]
                home = next((c for c, _ in boxes if c[0] <= x <= c[2] and c[1] <= gy <= c[3]), None)
            if home is None:
                prose[n].append(ch)
            else:
                cell_chars.setdefault(home, []).append({**ch, "_page": n, "_base": ch["_base"] + offsets[n]})

    def locate(gy: float) -> tuple[int, float]:
        n = max((i for i in range(len(pages)) if starts[i] <= gy + TOL), default=0)
        return n, gy - offsets[n]

    # Items in reading order: (page, y, kind, payload).
    items: list[tuple[int, float, int, object]] = []
    for n in range(len(pages)):
        for top, text in _text_lines(prose[n]):
            items.append((n, top, 0, text))
    for t in tables:
        n, y = locate(min(c[1] for c in t))
        items.append((n, y, 1, t))
    items.sort(key=lambda it: (it[0], it[1]))

    lines: list[str] = []
    cells_by_line: dict[int, list[PdfCell]] = {}
    for n, _, kind, payload in items:
        if kind == 0:
            lines.append(payload)
            continue
        rows = _without_repeated_headers(_grid_rows(payload), cell_chars, lambda y: locate(y)[0])
        for row in rows:
            texts, prov = [], []
            for c in row:
                chs = cell_chars.get(c, [])
                text = _cell_text(chs)
                texts.append(text)
                page_n, top = locate(c[1]) if not chs else (chs[0]["_page"], c[1] - offsets[chs[0]["_page"]])
                bottom = min(c[3] - offsets[page_n], pages[page_n]["height"])
                prov.append(PdfCell(text, page_n + 1, (round(c[0], 2), round(max(top, 0), 2), round(c[2], 2), round(bottom, 2))))
            if any(texts):
                lines.append(" | ".join(texts) + " |")
                cells_by_line[len(lines)] = prov
    flat = []
    for n in range(len(pages)):
        flat += [s for _, s in _text_lines(pages[n]["chars"], columns=True)]
    flat_text = "\n".join(flat) + "\n"
    if not tables:  # nothing ruled: the page text is the only reading
        return PdfReading("", flat_text, properties=props)
    return PdfReading("\n".join(lines) + "\n", flat_text, cells_by_line, props)


def _open_problem(e: Exception) -> str:
    cause = e.args[0] if len(e.args) == 1 and isinstance(e.args[0], Exception) else e  # pdfplumber wraps pdfminer's
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name or "encrypt" in str(cause).lower():
        return "PDF is encrypted (password-protected); it cannot be read without the password"
    return f"PDF is damaged or truncated and cannot be read ({name}: {str(cause)[:200]})"
