"""Word-exported report pages (the HTML a CMS keeps when a clerk pastes from Word), labelled by marks.

What Word's export does to the tables, each made here on purpose:
- ``mso-`` styles, ``<p class=MsoNormal>`` in every cell, ``<o:p>`` and ``<font>`` wrappers;
- a label or a number with its unit split across ``<span>``/``<font>`` runs ("142512" | "元"), so a tool
  that puts a line break between text nodes breaks them apart;
- ``&nbsp;``-only cells, and blank cells (not 0) in the legal-person columns of table 三;
- the applications table cut by a page break (rowspans continuing on the next page) or simply split
  into two tables;
- the vertical 三、本年度办理结果 label, one character per paragraph.
The page goes through one of the HTML-to-text libraries (``WORD_TOOLS``) and the marks give the labels.
"""
from __future__ import annotations

import html as html_lib
import random

from . import Para, Table, _page_split, segments_from_marked
from . import _mark as _marked

_FONTS = ("宋体", "仿宋_GB2312", "Times New Roman", "黑体")


def _bs4_lines(page: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(page, "lxml").get_text(separator="\n")


def _tool(name: str):
    from . import LIBRARY_FLATTENERS

    return _bs4_lines if name == "bs4-lines" else LIBRARY_FLATTENERS[name]


# The libraries users run on such pages; bs4-lines is get_text(separator="\n"), as in realdev.
WORD_TOOLS = ("bs4", "bs4-lines", "lxml", "inscriptis", "html2text")


def _mark(text: str, label: str) -> str:
    return _marked(text, label, True)


def _runs(rng: random.Random, text: str, label: str) -> str:
    """A cell's text as Word writes it: in one or two runs, a unit in a run of its own ("142512" | "元"),
    each run marked (the first with the label, the rest as its continuation)."""
    font = rng.choice(_FONTS)
    pieces = [text]
    if label == "value" and len(text) > 1 and text[-1] in "元件":
        pieces = [text[:-1], text[-1]]
    elif label in ("rowlabel", "colhead", "block") and len(text) >= 4 and rng.random() < 0.4:
        cut = rng.randint(1, len(text) - 1)
        pieces = [text[:cut], text[cut:]]
    out = []
    for k, piece in enumerate(pieces):
        style = f"font-size:10.5pt;font-family:{font};mso-bidi-font-family:{font};mso-font-kerning:0pt"
        run = f"<span lang=EN-US style='{style}'>{_mark(piece, label if k == 0 else 'cont')}</span>"
        out.append(f"<font face=\"{font}\">{run}</font>" if rng.random() < 0.5 else run)
    return "".join(out)


def _cell(rng: random.Random, c, layout_nbsp: bool) -> str:
    span = (f" rowspan={c.rowspan}" if c.rowspan > 1 else "") + (f" colspan={c.colspan}" if c.colspan > 1 else "")
    style = ("border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
             "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt")
    paras = []
    for text, label in c.pieces():
        if not text:
            # Word keeps an empty paragraph as a no-break space; the mark labels it a blank cell
            inner = _mark("\u00a0", "empty") if layout_nbsp else "<o:p>&nbsp;</o:p>"
        else:
            inner = _runs(rng, text, label) + "<span lang=EN-US><o:p></o:p></span>"
        paras.append(f"<p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>{inner}</p>")
    return f"<td width=72{span} valign=middle style='{style}'>\n{''.join(paras)}\n</td>"


def render_word_html(rng: random.Random, blocks: list, title: str) -> str:
    """The blocks as a Word-exported page, every text piece marked with its label."""
    parts = [f"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset='utf-8'>"
             f"<title>{html_lib.escape(title)}</title><style>p.MsoNormal{{mso-style-parent:\"\";margin:0cm;"
             "font-size:10.5pt;font-family:\"Times New Roman\"}}</style></head><body lang=ZH-CN>"
             "<div class=WordSection1>"]
    nbsp = rng.random() < 0.7
    for b in blocks:
        if isinstance(b, Para):
            if b.label == "meta" and b.text.startswith(("第", "-", "—")):  # a page number: Word's page break
                parts.append("<br clear=all style='mso-special-character:line-break;page-break-before:always'>")
            runs = " | ".join(_runs(rng, piece, b.label) if b.label != "prose" else _mark(piece, b.label)
                              for piece in b.text.split(" | "))  # chrome such as "网站地图 | 联系我们"
            indent = "text-indent:32.0pt;" if b.label == "prose" else ""
            parts.append(f"<p class=MsoNormal style='{indent}line-height:28.0pt;mso-line-height-rule:exactly'>{runs}</p>")
            continue
        parts.append("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
                     "style='border-collapse:collapse;mso-table-layout-alt:fixed;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>")
        for row in b.rows:
            parts.append("<tr style='mso-yfti-irow:1;height:20.0pt'>\n" + "\n".join(_cell(rng, c, nbsp) for c in row) + "\n</tr>")
        parts.append("</table>")
    parts.append("</div></body></html>")
    return "\n".join(parts) + "\n"


def word_blocks(rng: random.Random, blocks: list) -> list:
    """The applications table cut by a page break or split in two (blank legal-person cells and the
    vertical label are drawn with the report, so that the gold knows them)."""
    out = []
    for b in blocks:
        if isinstance(b, Table) and b.table_id == "applications":
            if rng.random() < 0.6:
                pieces = _page_split(rng, b, rng.random() < 0.5)
                if rng.random() < 0.5:
                    pieces = [pieces[0], pieces[2]]  # two tables, no page break between
                out += pieces
                continue
        out.append(b)
    return out


def word_lines(rng: random.Random, blocks: list, title: str, tool: str):
    page = render_word_html(rng, blocks, title)
    return segments_from_marked(_tool(tool)(page))
