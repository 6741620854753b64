"""Reports as the Word-exported web pages real agencies publish, in the official table layout, and those
pages printed by LibreOffice and read by a PDF tool: the shape of realdev's pages and of published PDFs.

``word_page`` lays a report out as a Word export: its paragraphs, and its three tables in the official
layout — table 三's header over three rows, its group labels spanning their rows in narrow columns,
header words split over two paragraphs (商业/企业), every cell centred. ``word_pdf_text`` turns such a page
into a .docx (pandoc), prints it (LibreOffice) and reads the PDF (``tools.extract``). Used by the
regression fixtures and by training/make_word_pdf_set.py (a fresh draw of generated reports this way).
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..template import get_template
from .tools import extract, office_pdf


def _td(text: str, width: int, rowspan: int = 1, colspan: int = 1) -> str:
    span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    paras = "".join(f'<p align="center">{t}</p>' for t in text.split("/"))
    return f'<td width="{width}" valign="center"{span}>{paras}</td>'


# How table 四's narrow columns set their names (realdev's .docx files do all three): whole ("结果维持"),
# in two paragraphs ("结果/纠正"), or a character a paragraph ("结/果/维/持", szf2019: printed so, the
# columns whose header cells end lower print their numbers later in pdftotext's default order).
REVIEW_HEADERS = ("whole", "two", "chars")


def _review_name(name: str, header: str) -> str:
    if header == "chars":
        return "/".join(name)
    return f"{name[:2]}/{name[2:]}" if header == "two" and len(name) == 4 else name


def word_page(text: str, gold: dict, review_header: str = "whole") -> str:
    """A report (a seed's pipe text, or ``word_page_text``) as a Word-exported web page: the text's
    paragraphs, and its three tables in the official layout with the gold's numbers (a blank cell, null
    in the gold, left empty); table 四's column names set as ``review_header`` says (REVIEW_HEADERS)."""
    template = get_template(gold["template"])
    values = {t: ["" if c["value"] is None else str(c["value"]) for c in gold["tables"][t]["cells"]] for t in gold["tables"]}
    out: list[str] = []
    for line in text.split("\n"):
        if "|" in line:
            if line.startswith(("第二十条第(一)项", "(本列数据", "行政复议 |")):
                out.append(_word_table(template, line[:2], values, review_header))
            continue
        out.append(f"<p>{line}</p>")
    return "<html><head><meta charset=\"utf-8\"></head><body>\n" + "\n".join(out) + "\n</body></html>\n"


def word_page_text(doc) -> str:
    """A generated report (``generate_doc``) in the shape ``word_page`` reads: its paragraphs, and where
    each table stands, a line that opens it as a seed's pipe text does."""
    opening = {"active_disclosure": "第二十条第(一)项 |", "applications": "(本列数据 |", "review_litigation": "行政复议 |"}
    return "\n".join(opening[b.table_id] if hasattr(b, "table_id") else b.text for b in doc.blocks)


def _word_table(template, which: str, values: dict[str, list[str]], review_header: str = "whole") -> str:
    rows: list[list[str]] = []
    if which == "第二":  # table 二: one block per article, its own header row
        spec, it = template.table("active_disclosure"), iter(values["active_disclosure"])
        blocks: dict[str, list] = {}
        for r in spec.rows:
            blocks.setdefault(r.path[0], []).append(r)
        for block, brows in blocks.items():
            n = len(brows[0].cols)
            rows.append([_td(block, 600, colspan=4)])
            rows.append([_td("信息内容", 150)] + [_td(c[-1], 150, colspan=4 - n if k == n - 1 else 1)
                                                 for k, c in enumerate(brows[0].cols)])
            rows += [[_td(r.label, 150)] + [_td(next(it), 150, colspan=4 - n if k == n - 1 else 1) for k in range(n)]
                     for r in brows]
    elif which == "(本":  # table 三
        spec, it = template.table("applications"), iter(values["applications"])
        rows = [[_td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 323, rowspan=3, colspan=3),
                 _td("申请人情况", 370, colspan=7)],
                [_td("自然人", 52, rowspan=2), _td("法人或其他组织", 262, colspan=5), _td("总计", 55, rowspan=2)],
                [_td(w, 52) for w in ("商业/企业", "科研/机构", "社会公益组织", "法律服务机构", "其他")]]
        seen: set[str] = set()
        for r in spec.rows:
            row = []
            for level, name in enumerate(r.path[:-1]):
                if name not in seen:
                    seen.add(name)
                    row.append(_td(name, 40, rowspan=sum(1 for x in spec.rows if x.path[level:level + 1] == (name,))))
            row.append(_td(r.label, 323 - 40 * (len(r.path) - 1), colspan=4 - len(r.path) if len(r.path) < 3 else 1))
            rows.append(row + [_td(next(it), 52) for _ in r.cols])
    else:  # table 四
        results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
        names = [_review_name(c, review_header) for c in results]
        rows = [[_td("行政复议", 230, colspan=5), _td("行政诉讼", 460, colspan=10)],
                [_td(c, 46, rowspan=2) for c in names] + [_td("未经复议直接起诉", 230, colspan=5),
                                                          _td("复议后起诉", 230, colspan=5)],
                [_td(c, 46) for c in names * 2],
                [_td(v, 46) for v in values["review_litigation"]]]
    body = "\n".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return f'<table width="100%" border="1" cellpadding="2" cellspacing="0"><tbody>\n{body}\n</tbody></table>'


def word_pdf(html: str, tmp: Path) -> Path:
    """The page as LibreOffice prints its Word file (pandoc's .docx, as realdev's), written in ``tmp``."""
    page, docx = tmp / "page.html", tmp / "page.docx"
    page.write_text(html, encoding="utf-8")
    subprocess.run(["pandoc", str(page), "-o", str(docx)], check=True, timeout=120)
    return office_pdf(docx, tmp)


def word_pdf_text(html: str, extractor: str = "pdftotext") -> str:
    """The page's ``word_pdf`` read by a PDF tool, by default ``pdftotext`` in its default reading order
    (training/make_proxy_set.py's word-pdf-*)."""
    with tempfile.TemporaryDirectory() as tmp:
        return extract(word_pdf(html, Path(tmp)), extractor)
