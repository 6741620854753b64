"""Two real text shapes written straight from the layout, labelled segment by segment.

``pdfmd``: what PDF-to-markdown converters make of the report's tables — one small markdown table per
grid row under placeholder headers (数据1 | 数据2 | …), row labels that fall out of their value rows
onto a line of their own, group labels spanning rows printed vertically two characters a line
between the rows they span, and table 四 in pieces (one small table per group of five columns).

``crawler``: a web archive's text dump (realdev's page.txt): a header block, then one text node per
line — prose broken where the page put a number in its own span — and consecutive repeated lines
dropped, so a row of zeros keeps a single 0 (lossy: the gold is the page's, as in realdev).
"""
from __future__ import annotations

import random
import re

from . import Para, Segment, Table, _cell_segments, _grid_positions, _para_line, _script

_DIGITS_RE = re.compile(r"(\d+)")


def _md_row(cells: list[Segment]) -> list[Segment]:
    segs = [Segment("| ", None)]
    for k, c in enumerate(cells):
        segs += [Segment(" | ", None)] * (k > 0) + [c]
    return segs + [Segment(" |", None)]


def _mini_table(cells: list[Segment]) -> list[list[Segment]]:
    head = [Segment(f"数据{k + 1}", "meta") for k in range(len(cells))]
    return [_md_row(head), [Segment("|" + "---|" * len(cells), None)], _md_row(cells), []]


def _vertical_pieces(rng: random.Random, st, text: str) -> list[tuple[str, str]]:
    chunks = [_script(rng, st, text[k:k + 2]) for k in range(0, len(text), 2)]
    return [(ch, "rowlabel" if k == 0 else "cont") for k, ch in enumerate(chunks)]


def pdfmd_table(rng: random.Random, st, t: Table, fall_out: float) -> list[list[Segment]]:
    out: list[list[Segment]] = []
    if t.table_id == "review_litigation" and len(t.rows) == 4:
        groups = [t.rows[0][0]] + t.rows[1][5:7]
        for g, group in enumerate(groups):  # 行政复议 | 未经复议直接起诉 | 复议后起诉, five columns each
            out.append([_cell_segments(rng, st, group.text, "colhead")])
            heads = (t.rows[1][:5] if g == 0 else t.rows[2][(g - 1) * 5:g * 5])
            out += _mini_table([_cell_segments(rng, st, c.text, "colhead") for c in heads])[:3]
            out.append(_md_row([_cell_segments(rng, st, c.text, "value") for c in t.rows[3][g * 5:(g + 1) * 5]]))
            out.append([])
        return out
    pending: list[tuple[str, str]] = []  # vertical label pieces still to print, one before each row
    for r, placed in enumerate(_grid_positions(t)):
        cells: list[Segment] = []
        for _, c in placed:
            if c.rowspan > 2 and c.label == "rowlabel" and c.text:
                pending = _vertical_pieces(rng, st, c.text)
                continue
            if c.label == "rowlabel" and c.text and rng.random() < fall_out:
                out.append([_cell_segments(rng, st, c.text, "rowlabel")])  # the label falls out of its row
                cells.append(Segment("", "empty"))
                continue
            cells.append(_cell_segments(rng, st, c.text, c.label))
        if pending:
            text, label = pending.pop(0)
            out.append([Segment(text, label)])
        if cells:
            out += _mini_table(cells)
    out += [[Segment(text, label)] for text, label in pending]
    return out


def pdfmd_lines(rng: random.Random, st, blocks: list) -> list[list[Segment]]:
    fall_out = rng.choice((0.0, 0.2, 0.5))
    lines: list[list[Segment]] = []
    for b in blocks:
        if isinstance(b, Para):
            prefix = "## " if b.label == "heading" and rng.random() < 0.5 else ""
            lines += [[Segment(prefix, None)] + _para_line(rng, st, b), []]
        else:
            lines += pdfmd_table(rng, st, b, fall_out)
    return lines


def _nodes(rng: random.Random, st, p: Para) -> list[list[Segment]]:
    """A paragraph as text nodes: prose broken around numbers that sat in spans of their own."""
    text = _script(rng, st, p.text)
    if p.label != "prose":  # chrome such as "网站地图 | 联系我们": one node per link
        return [[Segment(piece, p.label)] for piece in text.split(" | ")]
    if rng.random() < 0.5:
        return [[Segment(text, p.label)]]
    return [[Segment(piece, p.label)] for piece in _DIGITS_RE.split(text) if piece]


def crawler_lines(rng: random.Random, st, blocks: list, gold: dict) -> list[list[Segment]]:
    meta = gold["meta"]
    title = next((b.text for b in blocks if isinstance(b, Para) and "年度报告" in b.text), "")
    header = [f"标题: {title}", f"发布时间: {meta['published']} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
              "文号: ", f"发布机构: {meta['agency'] if rng.random() < 0.5 else ''}", "栏目: 政府信息公开年报",
              f"原始链接: https://www.example.gov.cn/zfxxgk/zfxxgknb/{meta['year'] + 1}01/t{rng.randint(10**6, 10**7)}.htm",
              "正文:"]
    nodes: list[list[Segment]] = [[Segment(h, "meta")] for h in header]
    for b in blocks:
        if isinstance(b, Para):
            nodes += _nodes(rng, st, b)
            continue
        for row in b.rows:
            for c in row:
                for text, label in c.pieces():
                    if text.strip():  # an empty node is no line
                        nodes.append([_cell_segments(rng, st, text, label)])
    out: list[list[Segment]] = []
    for segs in nodes:  # the archive drops a line equal to the one before it
        if out and "".join(s.text for s in segs) == "".join(s.text for s in out[-1]):
            continue
        out.append(segs)
    return out
