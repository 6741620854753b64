"""HTML pages to the pipe-row text the rest of the pipeline reads.

Each table row becomes one line of cells joined by " | ". A colspan cell is printed once, with no
padding, so the only empty cells are blank cells and a row's values can be placed by position;
rowspan cells appear in their first row only. Block elements become lines; scripts and styles go.
The page's ``<title>`` and ``<meta name=… content=…>`` tags are kept aside as document properties.
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title", "ul", "ol", "table"}
_SKIP = {"script", "style", "noscript", "head"}


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0
        self.properties: dict[str, str] = {}
        self.title: list[str] | None = None

    def _flush(self) -> None:
        text = "".join(self.buf).strip()
        if text:
            self.lines.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            a = dict(attrs)
            name, content = a.get("name") or a.get("property") or a.get("itemprop"), a.get("content")
            if name and content and content.strip():
                self.properties.setdefault(name.strip().lower(), " ".join(content.split()))
        elif tag == "title" and "title" not in self.properties:
            self.title = []
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in _BLOCKS or tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self._flush()

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            if "".join(self.title).strip():
                self.properties["title"] = " ".join("".join(self.title).split())
            self.title = None
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append(" | ".join(self.row) + " |")
            self.row = None
        elif tag in _BLOCKS and self.cell is None:
            self._flush()

    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if self.skip:
            return
        (self.cell if self.cell is not None else self.buf).append(data)


def flatten_html(html: str) -> tuple[str, dict[str, str]]:
    """(pipe-row text, properties): "title" and every meta tag by its lower-case name."""
    parser = _Flattener()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines) + "\n", parser.properties
