"""PDF reports: ruled tables read from the page geometry, and the page text in reading order.

The ruled reading prints every table the way ``html.py`` prints an HTML table — one line per row,
cells joined by " | " and ending in " |", a merged cell printed once in its first row — and the
rest of the page as lines, so the reconstructor reads a PDF exactly as it reads HTML. The rulings
are the axis-parallel segments of the page's paths (browsers draw cell borders as thin filled
rectangles, Word as stroked lines); cells are the smallest ruled boxes, so a merged cell comes out
whole. Pages are stacked into one tall canvas, and where a table runs to the end of one page and
goes on at the top of the next, the two pieces are joined there: a table over a page break is one
table, and a row (or a merged cell) cut by the break is one cell. Header rows repeated at the top
of the continuation are dropped. Prose lines wrapped at the text block's edge are joined into their
paragraphs, as the HTML page has them.

The flat reading is the page text with characters grouped into lines by their baseline, for PDFs
without rules or whose ruled reading fails the identities (the pipeline keeps the better one).

Characters and paths come from PDFium (pypdfium2): on the realdev printed PDFs it reads a page in
about 40 ms where pdfminer (under pdfplumber) takes about 250 ms (docs/performance.md).
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import NamedTuple

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


class _Line(NamedTuple):
    top: float
    text: str
    x0: float
    x1: float
    base: float
    size: float


def _text_lines(chars: list[dict], columns: bool = False) -> list[_Line]:
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
            if prev is not None and c["text"] != " ":
                gap, size = c["x0"] - prev["x1"], max(c["size"], 1)
                want = 2 if columns and gap > size else 1 if gap > size / 3 else 0
                text += " " * max(0, want - (len(text) - len(text.rstrip(" "))))
            text += c["text"]
            prev = c
        text = " ".join(text.split()) if not columns else text
        if text.strip():
            sizes = sorted(c["size"] for c in row)
            out.append(_Line(min(c["top"] for c in row), text.strip(), row[0]["x0"], row[-1]["x1"], row[0]["_base"], sizes[len(sizes) // 2]))
    return out


# A line that begins a new paragraph however full the line before it: a heading or a numbered item.
_STARTS_PARAGRAPH = re.compile(r"^\s*([（(]?[一二三四五六七八九十]+[、）)．.]|\d+[.、．]\D|第[一二三四五六七八九十\d]+[条章节部])")


def _paragraphs(lines: list[_Line]) -> list[_Line]:
    """Lines wrapped at the text block's right edge joined into their paragraph, as an HTML page has
    them (a title or agency name wrapped over two lines is one line again). A line is wrapped when
    it reaches the right edge most lines of the page share and the next line follows at the usual
    spacing, no further right and in the same size."""
    if len(lines) < 3:
        return lines
    # The right edge: the line end most other lines end near (within a character), the rightmost of ties.
    support = {ln.x1: sum(abs(o.x1 - ln.x1) <= ln.size for o in lines) for ln in lines}
    right = max(support, key=lambda x: (support[x], x))
    if support[right] < 3:
        return lines
    out = [lines[0]]
    for ln in lines[1:]:
        a = out[-1]
        if (abs(a.x1 - right) <= 1.5 * a.size and 0 < ln.base - a.base <= 2.2 * a.size and ln.x0 <= a.x0 + a.size / 2
                and abs(ln.size - a.size) <= 0.1 * a.size and not _STARTS_PARAGRAPH.match(ln.text)):
            out[-1] = a._replace(text=_join_lines([a.text, ln.text]), x1=ln.x1, base=ln.base)
        else:
            out.append(ln)
    return out


def _path_edges(obj, height: float) -> list[dict]:
    """Axis-parallel segments of a path object, in page coordinates with y down (a thin filled
    rectangle, as browsers draw cell borders, is one segment; a stroked outline, its sides)."""
    import pypdfium2.raw as raw

    x0, y0, x1, y1 = obj.get_bounds()
    if x1 - x0 < TOL or y1 - y0 < TOL:
        return [_edge(x0, height - y1, x1, height - y0)]
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return []
    points, edges = [], []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (m.a * x.value + m.c * y.value + m.e, height - (m.b * x.value + m.d * y.value + m.f))
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_LINETO and points:
            edges.append((points[-1], pt))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            points = [pt]
        else:
            points.append(pt)
        if raw.FPDFPathSegment_GetClose(seg) and len(points) > 2:
            edges.append((pt, points[0]))
    out = []
    for (ax, ay), (bx, by) in edges:
        if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:  # curves and slants are no rulings
            out.append(_edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict:
    if x1 - x0 < bottom - top:
        x = (x0 + x1) / 2
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}
    y = (top + bottom) / 2
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y}


def _load(data: bytes) -> tuple[list[dict], dict[str, str], list[str]]:
    """Pages (height, characters, rulings, images), the info dictionary and problems, read with PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        text = str(e).lower()
        if "password" in text or "security" in text:
            return [], {}, ["PDF is encrypted (password-protected); it cannot be read without the password"]
        return [], {}, [f"PDF is damaged or truncated and cannot be read ({e})"]
    props = {k.lower(): str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
    pages = []
    try:
        for page in pdf:
            height = page.get_height()
            tp = page.get_textpage()
            chars = []
            ox, oy, m = ctypes.c_double(), ctypes.c_double(), raw.FS_MATRIX()
            gap = False
            for i in range(tp.count_chars()):
                text = tp.get_text_range(i, 1)
                if raw.FPDFText_IsGenerated(tp, i) == 1:
                    gap = gap or text == " "  # line ends PDFium infers are the geometry's to decide
                    continue
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
                raw.FPDFText_GetMatrix(tp, i, m)
                # The glyph starts at its origin (some loose boxes are as tight as the ink); its size
                # is the font size times the text matrix's scale.
                c = {"text": text, "x0": ox.value, "x1": max(right, ox.value), "top": height - top,
                     "bottom": height - bottom, "_base": height - oy.value,
                     "size": raw.FPDFText_GetFontSize(tp, i) * abs(m.a * m.d - m.b * m.c) ** 0.5}
                prev = chars[-1] if chars else None
                # PDFium also infers word gaps, too eagerly in justified text: kept where the gap is real.
                if gap and prev and abs(prev["_base"] - c["_base"]) < 0.4 * c["size"] and c["x0"] - prev["x1"] >= 0.15 * c["size"]:
                    chars.append({**prev, "text": " ", "x0": prev["x1"]})
                chars.append(c)
                gap = False
            edges, images = [], 0
            for obj in page.get_objects():
                if obj.type == raw.FPDF_PAGEOBJ_PATH:
                    edges += _path_edges(obj, height)
                elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    images += 1
            pages.append({"height": height, "chars": [c for c in chars if c["text"]], "edges": edges, "images": images})
    except pdfium.PdfiumError as e:
        return [], props, [f"PDF is damaged or truncated and cannot be read ({e})"]
    finally:
        pdf.close()
    return pages, props, []


def _merged(edges: list[dict]) -> list[dict]:
    """Rulings within TOL of one another snapped to one line, and touching pieces joined (as pdfplumber
    does); shorter than TOL, dropped."""
    out = []
    for orient, pos, lo, hi in (("v", "x0", "top", "bottom"), ("h", "top", "x0", "x1")):
        clusters: list[list[dict]] = []
        for e in sorted((e for e in edges if e["orientation"] == orient), key=lambda e: e[pos]):
            if clusters and e[pos] - clusters[-1][-1][pos] <= TOL:
                clusters[-1].append(e)
            else:
                clusters.append([e])
        for cluster in clusters:
            at = sum(e[pos] for e in cluster) / len(cluster)
            spans = sorted((e[lo], e[hi]) for e in cluster)
            cur = list(spans[0])
            for a, b in spans[1:] + [(float("inf"), float("inf"))]:
                if a <= cur[1] + TOL:
                    cur[1] = max(cur[1], b)
                    continue
                if cur[1] - cur[0] >= TOL:
                    out.append({"orientation": orient, pos: at, "x1" if orient == "v" else "bottom": at, lo: cur[0], hi: cur[1]})
                cur = [a, b]
    return out


def _cells(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Tables as lists of cells (x0, top, x1, bottom): the smallest boxes whose four corners are
    crossings of rulings and whose sides lie along rulings (pdfplumber's method), grouped into
    tables by shared corners. A merged cell has no ruling inside it, so it comes out whole."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    cross: dict[tuple[float, float], tuple[set, set]] = {}
    for i, v in enumerate(vs):
        for j, h in enumerate(hs):
            if v["top"] - TOL <= h["top"] <= v["bottom"] + TOL and h["x0"] - TOL <= v["x0"] <= h["x1"] + TOL:
                pv, ph = cross.setdefault((v["x0"], h["top"]), (set(), set()))
                pv.add(i)
                ph.add(j)
    by_x: dict[float, list] = {}
    by_y: dict[float, list] = {}
    for pt in sorted(cross):
        by_x.setdefault(pt[0], []).append(pt)
        by_y.setdefault(pt[1], []).append(pt)
    for pts in by_y.values():
        pts.sort()
    cells = []
    for pt in cross:
        below = [q for q in by_x[pt[0]] if q[1] > pt[1] and cross[q][0] & cross[pt][0]]
        right = [q for q in by_y[pt[1]] if q[0] > pt[0] and cross[q][1] & cross[pt][1]]
        cell = next(((pt[0], pt[1], r[0], b[1]) for b in below for r in right
                     if (r[0], b[1]) in cross and cross[(r[0], b[1])][0] & cross[r][0] and cross[(r[0], b[1])][1] & cross[b][1]), None)
        if cell:
            cells.append(cell)
    # Tables: cells sharing a corner, joined with union-find.
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    tables: dict[int, list] = {}
    for i, c in enumerate(cells):
        tables.setdefault(root(i), []).append(c)
    return list(tables.values())


def _continues(prev: dict, nxt: dict) -> bool:
    """Does a table run off the bottom of page `prev` and on at the top of page `nxt`? Only if no
    text but page numbers lies between them, and rulings of the same x meet at the break."""
    if not prev["v"] or not nxt["v"]:
        return False
    between = [c for c in prev["chars"] if c["top"] > prev["bottom"] + 1] + [c for c in nxt["chars"] if c["bottom"] < nxt["top"] - 1]
    if not all(_PAGE_NUMBER.match(ln.text) for ln in _text_lines(between)):
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
    return _join_lines([ln.text for ln in _text_lines(chars)])


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
    pages, props, problems = _load(data)
    if problems:
        return PdfReading("", "", properties=props, problems=problems)
    for p in pages:
        edges = _merged(p.pop("edges"))
        p["v"] = [e for e in edges if e["orientation"] == "v"]
        p["h"] = [e for e in edges if e["orientation"] == "h"]
        p["top"] = min((e["top"] for e in edges), default=0.0)
        p["bottom"] = max((e["bottom"] for e in edges), default=0.0)
    if not any(c["text"].strip() for p in pages for c in p["chars"]):
        problem = "no text layer (scanned PDF)" if any(p["images"] for p in pages) else "PDF has no text" if pages else "PDF has no pages"
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
    tables = _cells(edges)
    tables = [t for t in tables if len({round(c[0]) for c in t}) > 1 and len({round(c[1]) for c in t}) > 1]

    # Every character inside a table's cell goes to that cell; the rest is prose.
    cell_chars: dict[tuple, list[dict]] = {}
    boxes = [c for t in tables for c in t]
    prose: list[list[dict]] = [[] for _ in pages]
    for n, p in enumerate(pages):
        # Only the cells that reach into this page can hold its characters (all of them: quadratic).
        near = [c for c in boxes if c[3] >= p["top"] + offsets[n] - 1 and c[1] <= p["bottom"] + offsets[n] + 1]
        for ch in p["chars"]:
            x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            home = None
            if p["v"] and p["top"] - 1 <= y <= p["bottom"] + 1:
                gy = y + offsets[n]
                home = next((c for c in near if c[0] <= x <= c[2] and c[1] <= gy <= c[3]), None)
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
        for ln in _paragraphs(_text_lines(prose[n])):
            items.append((n, ln.top, 0, ln.text))
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
        flat += [ln.text for ln in _text_lines(pages[n]["chars"], columns=True)]
    flat_text = "\n".join(flat) + "\n"
    if not tables:  # nothing ruled: the page text is the only reading
        return PdfReading("", flat_text, properties=props)
    return PdfReading("\n".join(lines) + "\n", flat_text, cells_by_line, props)
