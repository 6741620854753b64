"""A third real test set: realdev's pages changed the way other reports print their tables, then flattened
by realdev's own tools (evaluation only; nothing here is trained on).

realdev's six pages print every cell, in half-width digits, in Simplified script. Other agencies' reports
do not always:

- ``blank``: every cell printing 0 left blank (reports with nothing to count often leave it so); gold: the
  page's, its zeros ``null``;
- ``dash``: every cell printing 0 printed ``—`` (a not-applicable mark); gold: its zeros ``null``;
- ``fullwidth``: every number in full-width digits (a Word page's ５０３; a signed ``-3`` stays half-width);
- ``trad``: the whole page in Traditional script (OpenCC s2t); gold unchanged (the template's own words);
- ``slash``: every cell printing 0 printed ``/`` (the other common not-applicable mark); gold: its zeros ``null``;
- ``labels``: the labels as other reports word them (合计 for 总计, （六）其他 for （六）其他处理,
  结转下一年度继续办理, half-width brackets ``(一)``); gold unchanged;
- ``thousands``: every number of four digits or more with thousands separators (``1,810``,
  ``120,190,475.34``); gold unchanged;
- ``notes``: the template's filling notes left in labels (规章（设区的市、自治州人民政府应提供相关数据）)
  and the typos real reports carry (预期 for 逾期, 行政法复议 for 行政复议 in table 四's header); gold unchanged;
- ``spans``: every number of two digits or more typed as two spans, as Word-exported pages do
  (``<span>8</span><span>21</span>``; bs4 prints the pieces on two lines, inscriptis and lynx with a
  space between); gold unchanged;
- ``minified``: the page served without whitespace between its tags, as many sites serve it (bs4 then
  prints one cell a line with no blank line between; lxml's text_content glues a row's cells into one
  run, "规章000"); gold unchanged. ``minified-spans`` is both changes;
- ``extra``: a row of the report's own in table 二 (其他主动公开文件 after 规范性文件, its numbers
  2 0 2); gold unchanged (the row is an extra, not a template cell).

Each changed page goes through the 7 HTML tools (bs4, html2text, inscriptis, trafilatura, lxml, w3m,
lynx) and Chromium's print read by the 5 PDF extractors, as realdev's cases were made. Score it with
held-out models (``leave_one_page_out.py --save-models``: each page read by the model that never saw it).

    PYTHONPATH=src .venv/bin/python training/make_variant_set.py /tmp/variants --changes blank,dash,fullwidth,trad
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import tempfile
from pathlib import Path

from tablerecover.synth.tools import EXTRACTORS, extract, print_pdf

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"
CHANGES = ("blank", "dash", "fullwidth", "trad", "slash", "labels", "thousands", "notes", "extra", "spans", "minified",
           "minified-spans")
_LABELS = (("总计", "合计"), ("（六）其他处理", "（六）其他"), ("结转下年度继续办理", "结转下一年度继续办理"),
           ("（", "("), ("）", ")"))
_NOTES = (("逾期", "预期"), ("行政复议", "行政法复议"))
_RULES_NOTE = "（设区的市、自治州人民政府应提供相关数据）"
HTML_TOOLS = ("bs4", "html2text", "inscriptis", "trafilatura", "lxml", "w3m", "lynx")
TOOLS = HTML_TOOLS + tuple(f"print-{x}" for x in EXTRACTORS)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def changed_page(page: str, change: str) -> tuple[str, dict]:
    """A realdev page's HTML with ``change`` made, and its gold."""
    from bs4 import BeautifulSoup

    html = (REALDEV / f"{page}.html").read_text(encoding="utf-8")
    gold = json.loads((REALDEV / f"{page}.gold.json").read_text(encoding="utf-8"))
    if change == "trad":
        import opencc

        return opencc.OpenCC("s2t").convert(html), gold
    soup = BeautifulSoup(html, "lxml")
    if change == "extra":
        _add_extra_row(soup)
    if change.startswith("minified"):
        from bs4 import NavigableString
        # Formatting whitespace only: a no-break space (&nbsp;) is a cell's content.
        for s in soup.find_all(string=lambda t: isinstance(t, NavigableString) and not t.strip(" \t\r\n")):
            s.extract()
        change = change.removeprefix("minified").removeprefix("-")
    mark = {"blank": "", "dash": "—", "slash": "/"}.get(change)
    for td in soup.find_all("td"):
        cell = td.get_text(strip=True)
        for s in td.find_all(string=True):
            if mark is not None and cell == "0" and s.strip() == "0":
                s.replace_with(s.replace("0", mark))
            elif change == "fullwidth" and re.fullmatch(r"\d+", cell) and s.strip():
                s.replace_with(s.translate(_FULL_WIDTH))
            elif change == "labels" and re.search(r"[\u4e00-\u9fff]", s):
                text = str(s)
                for old, new in _LABELS:
                    text = text.replace(old, new)
                s.replace_with(text)
            elif change == "notes" and s.strip() == "规章" and cell == "规章":
                s.replace_with(s.replace("规章", "规章" + _RULES_NOTE))
            elif change == "notes" and any(old in s for old, _ in _NOTES) and "行政诉讼" not in cell:
                text = str(s)
                for old, new in _NOTES:
                    text = text.replace(old, new)
                s.replace_with(text)
            elif change == "spans" and re.fullmatch(r"\d{2,}", cell) and s.strip() == cell:
                # Cut after the first digit ("8" "21"), or in the middle of a long number.
                cut = 1 if len(cell) < 4 else len(cell) // 2
                head, tail = soup.new_tag("span"), soup.new_tag("span")
                head.string, tail.string = cell[:cut], cell[cut:]
                s.replace_with(head)
                head.insert_after(tail)
            elif change == "thousands" and re.fullmatch(r"\d{4,}(?:\.\d+)?", cell) and s.strip() == cell:
                whole, dot, frac = cell.partition(".")
                s.replace_with(s.replace(cell, f"{int(whole):,}{dot}{frac}"))
    if mark is not None:
        gold = copy.deepcopy(gold)
        for table in gold["tables"].values():
            for c in table.get("cells", []):
                c["value"] = None if c["value"] == 0 else c["value"]
    return str(soup), gold


def _add_extra_row(soup) -> None:
    """A copy of table 二's 规范性文件 row after it, labelled 其他主动公开文件, its numbers 2 0 2."""
    td = next(t for t in soup.find_all("td") if t.get_text(strip=True) in ("规范性文件", "行政规范性文件"))
    row = td.find_parent("tr")
    extra = copy.copy(row)
    cells = extra.find_all("td")
    label = next(c for c in cells if c.get_text(strip=True) in ("规范性文件", "行政规范性文件"))
    numbers = [c for c in cells if re.fullmatch(r"[\d,.]+", c.get_text(strip=True))]
    for c, v in zip(numbers, ("2", "0", "2")):
        for s in c.find_all(string=True):
            if s.strip():
                s.replace_with(re.sub(r"[\d,.]+", v, s))
    for s in label.find_all(string=True):
        if s.strip():
            s.replace_with(s.replace(s.strip(), "其他主动公开文件"))
    # A group label spanning rows (rowspan) stays with the first row only.
    for c in cells:
        if c is not label and c not in numbers and c.get_text(strip=True):
            c.decompose()
    row.insert_after(extra)


def flatten(html: str, tool: str) -> str:
    """The page's text as ``tool`` prints it with default settings (realdev's README lists the calls)."""
    if tool == "bs4":
        from bs4 import BeautifulSoup

        return BeautifulSoup(html, "lxml").get_text(separator="\n")
    if tool == "html2text":
        import html2text

        return html2text.html2text(html)
    if tool == "inscriptis":
        import inscriptis

        return inscriptis.get_text(html)
    if tool == "trafilatura":
        import trafilatura

        return trafilatura.extract(html, include_tables=True) or ""
    if tool == "lxml":
        import lxml.html

        return lxml.html.fromstring(html).text_content()
    with tempfile.TemporaryDirectory() as tmp:
        if tool in ("w3m", "lynx"):
            page = Path(tmp) / "page.html"
            page.write_text(html, encoding="utf-8")
            cmd = ["w3m", "-dump", str(page)] if tool == "w3m" else ["lynx", "-dump", "-display_charset=utf-8", str(page)]
            return subprocess.run(cmd, capture_output=True, check=True,
                                  env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}).stdout.decode("utf-8", "replace")
        pdf = Path(tmp) / "page.pdf"
        print_pdf(html, pdf)
        return extract(pdf, tool.removeprefix("print-"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--changes", default=",".join(CHANGES))
    ap.add_argument("--tools", default=",".join(TOOLS))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for gold_path in sorted(REALDEV.glob("*.gold.json")):
        page = gold_path.name[: -len(".gold.json")]
        for change in args.changes.split(","):
            html, gold = changed_page(page, change)
            for tool in args.tools.split(","):
                stem = f"{page}-{change}__{tool}"
                (args.out / f"{stem}.txt").write_text(flatten(html, tool), encoding="utf-8")
                (args.out / f"{stem}.gold.json").write_text(json.dumps(dict(gold, source=f"{stem}.txt"), ensure_ascii=False),
                                                             encoding="utf-8")
            print(page, change, flush=True)


if __name__ == "__main__":
    main()
