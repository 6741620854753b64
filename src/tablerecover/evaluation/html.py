"""The evaluation report as one self-contained HTML page.

Inline CSS, no script, no external resource: plots are drawn by matplotlib (plots.py) to PNG and
embedded as base64 ``data:`` URIs, so the file can be mailed or archived and viewed offline. The
page holds the metrics of every system side by side, trust and metadata per flattening family, the
plots (confusion matrix, per-document accuracy, calibration), and a drill-down for each document of
the main system that is not exact or that the output flags: each table's canonical grid with wrong
cells highlighted (gold value, alternatives and source lines beside them) and the source lines with
every fragment coloured by its predicted label. The page fits a 1400-pixel window: plots scale
down, and a grid wider than the window scrolls inside its own box.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..labels import LABELS
from ..normalise import EMPTY_CELL_MARK
from .calibration import FLAG_BELOW, SURE
from .compare import CellComparison, value_text
from .document import DocEvaluation, FragmentView
from .metadata import META_FIELDS, FieldTally
from .samples import shown_path
from .plots import plot_calibration, plot_confusion, plot_documents
from .systems import EvaluationReport, SystemEvaluation

TITLES = {"active_disclosure": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
          "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}
LABEL_COLOURS = {
    "prose": "#e6e6e6", "heading": "#ffd8a8", "meta": "#d0bfff", "note": "#fcc2d7", "block": "#ffec99",
    "colhead": "#a5d8ff", "rowlabel": "#b2f2bb", "value": "#96f2d7", "empty": "#f1f3f5", "cont": "#eebefa",
}

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
 margin:1.5em auto;max-width:1360px;padding:0 1em;color:#212529;line-height:1.4;overflow-wrap:break-word}
img{max-width:100%;height:auto}.scroll{max-width:100%;overflow-x:auto}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #dee2e6}h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ced4da;padding:2px 6px;vertical-align:top}
th{background:#f1f3f5;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
table.metrics td{text-align:right}table.metrics td:first-child{text-align:left}
table.grid{font-size:.85em}table.grid td{text-align:right;min-width:2.2em}
table.grid th.row{text-align:left;font-weight:normal;max-width:22em}
td.right{background:#ebfbee}td.wrong{background:#ffc9c9;font-weight:600}td.absent{background:#ffe3e3;color:#868e96}
td.extra{background:#fff3bf}td.low{outline:2px dashed #f08c00;outline-offset:-3px}
td.unread{background:#e7f5ff;color:#1864ab;font-style:italic}.alt{display:block;font-weight:normal;color:#5f3dc4;font-size:.8em}
.gold{display:block;font-weight:normal;color:#c92a2a;font-size:.85em}
.src{display:block;font-weight:normal;color:#495057;font-size:.8em}
details{margin:.6em 0;border:1px solid #dee2e6;border-radius:4px;padding:.3em .8em}
details>summary{cursor:pointer;font-weight:600}
.exact{color:#2b8a3e}.notexact{color:#c92a2a}
.lines{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;font-size:.82em;
 white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;padding:.5em;border:1px solid #e9ecef;max-height:40em;overflow:auto}
.lines i{font-style:normal;color:#adb5bd;display:inline-block;min-width:3.5em;user-select:none}
.lines b,.frag{font-weight:normal;border-radius:3px;padding:0 1px}
.lines b.miss,.frag.miss{outline:2px solid #e03131}
.legend span{display:inline-block;margin:2px 6px 2px 0;padding:0 6px;border-radius:3px}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top;max-width:100%}
figcaption{font-size:.85em;color:#495057;max-width:640px}
.note{color:#495057;font-size:.9em}td.text{overflow-wrap:anywhere;min-width:12em}
""" + "".join(f".l{i}{{background:{LABEL_COLOURS.get(lab, '#fff')}}}" for i, lab in enumerate(LABELS))
_LABEL_CLASS = {lab: f"l{i}" for i, lab in enumerate(LABELS)}  # short classes: a page has ~10^5 fragments


def _f(x: float | None, nd: int = 4) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def _metrics_table(systems: Sequence[SystemEvaluation]) -> str:
    rows = [
        ("cell accuracy", lambda m: _f(m.cell_accuracy)),
        ("tuple precision", lambda m: _f(m.tuple_precision)),
        ("tuple recall", lambda m: _f(m.tuple_recall)),
        ("tuple F1", lambda m: _f(m.tuple_f1)),
        ("exact documents", lambda m: f"{_f(m.doc_exact)} ({m.exact_docs}/{m.docs})"),
        ("exact tables", lambda m: f"{_f(m.table_exact)} ({m.tables_exact}/{m.tables})"),
        ("status accuracy", lambda m: f"{_f(m.status_accuracy)} ({m.status_ok}/{m.tables})"),
        ("template accuracy", lambda m: f"{_f(m.template_accuracy)} ({m.template_ok}/{m.docs})"),
        ("GriTS-Con", lambda m: _f(m.grits_f)),
        ("GriTS-Con precision / recall", lambda m: f"{_f(m.grits_precision)} / {_f(m.grits_recall)}"),
        ("extra cells", lambda m: str(m.extra)),
        ("identity pass rate, output", lambda m: _f(m.identity_pass_rate_output)),
        ("identity pass rate, gold", lambda m: _f(m.identity_pass_rate_gold)),
        ("fragment accuracy", lambda m: _f(m.labels.accuracy) if m.labels else "–"),
        ("label macro F1", lambda m: _f(m.labels.macro_f1) if m.labels else "–"),
        ("expected calibration error", lambda m: _f(m.expected_calibration_error)),
        (f"silent-error rate (wrong, confidence ≥ {SURE})", lambda m: f"{_f(m.trust.silent_rate)} ({m.trust.silent}/{m.trust.cells})"),
        (f"sure share (confidence ≥ {SURE})", lambda m: f"{_f(m.trust.sure_share)} ({m.trust.sure}/{m.trust.cells})"),
        ("ambiguous cells: right value among the alternatives",
         lambda m: f"{m.trust.ambiguous_rescued}/{m.trust.ambiguous} (chosen right: {m.trust.ambiguous_right})"),
        ("unread cells", lambda m: str(m.trust.unread)),
    ]
    head = "".join(f"<th>{escape(s.name)}</th>" for s in systems)
    body = "".join(f"<tr><td>{escape(name)}</td>" + "".join(f"<td>{escape(fn(s.metrics))}</td>" for s in systems) + "</tr>"
                   for name, fn in rows)
    return f'<table class="metrics"><tr><th>metric</th>{head}</tr>{body}</table>'


def _label_table(systems: Sequence[SystemEvaluation]) -> str:
    with_labels = [s for s in systems if s.metrics.labels]
    if not with_labels:
        return '<p class="note">No annotated sample (NAME.labels.tsv) among the data: no per-label scores.</p>'
    main = with_labels[0].metrics.labels
    assert main is not None
    head = "<tr><th rowspan=2>label</th><th rowspan=2>support</th>" + "".join(
        f"<th colspan=3>{escape(s.name)}</th>" for s in with_labels) + "</tr><tr>" + "<th>P</th><th>R</th><th>F1</th>" * len(with_labels) + "</tr>"
    scores = [{x.label: x for x in s.metrics.labels.scores()} for s in with_labels]  # type: ignore[union-attr]
    body = []
    for lab in main.labels:
        cells = "".join(f'<td class="num">{_f(sc[lab].precision, 3)}</td><td class="num">{_f(sc[lab].recall, 3)}</td>'
                        f'<td class="num">{_f(sc[lab].f1, 3)}</td>' for sc in scores)
        body.append(f'<tr><td><span class="frag" style="background:{LABEL_COLOURS.get(lab, "#fff")}">{escape(lab)}</span></td>'
                    f'<td class="num">{scores[0][lab].support}</td>{cells}</tr>')
    return (f'<p class="note">{main.fragments} fragments with known labels in {main.docs} annotated documents.</p>'
            f'<table class="metrics">{head}{"".join(body)}</table>')


def _calibration_table(system: SystemEvaluation) -> str:
    rows = "".join(f'<tr><td>{b.lo:.1f}–{b.hi:.1f}</td><td>{b.cells}</td><td>{b.right}</td><td>{_f(b.accuracy, 3)}</td>'
                   f'<td>{_f(b.mean_confidence, 3)}</td></tr>' for b in system.metrics.calibration if b.cells)
    return ('<table class="metrics"><tr><th>confidence</th><th>cells</th><th>right</th><th>accuracy</th>'
            f'<th>mean confidence</th></tr>{rows}</table>')


def _per_table(systems: Sequence[SystemEvaluation]) -> str:
    head = "<tr><th>table</th>" + "".join(f"<th>{escape(s.name)}: cell acc</th><th>exact</th><th>GriTS-Con</th>"
                                          for s in systems) + "</tr>"
    body = []
    for k, tm in enumerate(systems[0].metrics.per_table):
        cells = "".join(f"<td>{_f(s.metrics.per_table[k].cell_accuracy)}</td><td>{s.metrics.per_table[k].exact}/"
                        f"{s.metrics.per_table[k].tables}</td><td>{_f(s.metrics.per_table[k].grits)}</td>" for s in systems)
        body.append(f"<tr><td>{escape(TITLES.get(tm.table, tm.table))}</td>{cells}</tr>")
    return f'<table class="metrics">{head}{"".join(body)}</table>'


def _identities(systems: Sequence[SystemEvaluation]) -> str:
    rules = sorted({r for s in systems for r in (*s.metrics.identities_output, *s.metrics.identities_gold)})
    gold = systems[0].metrics.identities_gold
    head = "<tr><th>rule</th><th>gold</th>" + "".join(f"<th>{escape(s.name)}</th>" for s in systems) + "</tr>"

    def cell(t) -> str:
        return "–" if t is None else f"{t.passed}/{t.total}"

    body = "".join(f"<tr><td>{escape(r)}</td><td>{cell(gold.get(r))}</td>"
                   + "".join(f"<td>{cell(s.metrics.identities_output.get(r))}</td>" for s in systems) + "</tr>" for r in rules)
    return f'<table class="metrics">{head}{body}</table>'


def _families(system: SystemEvaluation) -> str:
    m = system.metrics
    rows = []
    for name, docs, exact, acc, t in [*((escape(f.family), f.docs, f.exact_docs, f.cell_accuracy, f.trust) for f in m.families),
                                      ("<b>all</b>", m.docs, m.exact_docs, m.cell_accuracy, m.trust)]:
        rows.append(f'<tr><td>{name}</td><td>{docs}</td><td>{exact}</td><td>{_f(acc)}</td>'
                    f'<td>{_f(t.silent_rate)} ({t.silent})</td><td>{_f(t.sure_share)}</td>'
                    f'<td>{t.ambiguous_rescued}/{t.ambiguous}</td><td>{t.unread}</td></tr>')
    return ('<table class="metrics"><tr><th>family</th><th>docs</th><th>exact</th><th>cell accuracy</th>'
            '<th>silent-error rate (cells)</th><th>sure share</th><th>ambiguous: right value among alternatives</th>'
            f'<th>unread</th></tr>{"".join(rows)}</table>')


def _meta_cells(tally: dict[str, FieldTally]) -> str:
    return "".join(f"<td>{t.right}/{t.wrong}/{t.missing}</td><td>{t.right_in_text}/{t.in_text}</td>"
                   for t in (tally[f] for f in META_FIELDS))


def _metadata(system: SystemEvaluation) -> str:
    m = system.metrics
    if not m.meta or not any(t.scored for t in m.meta.values()):
        return '<p class="note">No gold metadata among the data.</p>'
    head = ("<tr><th rowspan=2>family</th>" + "".join(f"<th colspan=2>{f}</th>" for f in META_FIELDS)
            + "</tr><tr>" + "<th>right/wrong/missing</th><th>right where in text</th>" * len(META_FIELDS) + "</tr>")
    rows = "".join(f"<tr><td>{escape(f.family)}</td>{_meta_cells(f.meta)}</tr>" for f in m.families)
    rows += f"<tr><th>all</th>{_meta_cells(m.meta)}</tr>"
    return f'<div class="scroll"><table class="metrics">{head}{rows}</table></div>'


def _doc_anchor(i: int) -> str:
    return f"doc{i}"


def _line_title(doc: DocEvaluation, lines: Sequence[int]) -> str:
    return " | ".join(f"L{n}: {doc.lines[n - 1].strip()}" for n in lines if 0 < n <= len(doc.lines))


def _cell_flagged(c: CellComparison) -> bool:
    return c.present and ((c.confidence is not None and c.confidence < FLAG_BELOW) or c.kind == "unread"
                          or bool(c.alternatives))


def _shown(c: CellComparison) -> bool:
    """A cell the drill-down details (title, gold, source links): not right, or flagged by the output."""
    return c.outcome != "right" or _cell_flagged(c)


def _alternatives(c: CellComparison) -> str:
    return " · ".join(value_text(a) or "blank" for a in c.alternatives)


def _cell_td(doc: DocEvaluation, c: CellComparison, anchor: str) -> str:
    outcome = c.outcome
    classes = [outcome]
    if c.present and c.confidence is not None and c.confidence < FLAG_BELOW:
        classes.append("low")
    if c.present and c.kind == "unread":
        classes.append("unread")
    text = escape(value_text(c.output)) if c.present else "—"
    if c.present and c.kind == "unread":
        text = "unread"
    elif c.present and c.output is None and c.raw:
        text = escape(c.raw)
    elif c.present and c.output is None and outcome != "right":
        text = "blank"
    if not _shown(c):  # a right, unflagged cell: its value only (most cells; keeps the page small)
        return f'<td class="{" ".join(classes)}">{text}</td>'
    title = []  # the cell's path is in the grid's headers
    if c.present:
        title.append(f"confidence {c.confidence:.3f}" if c.confidence is not None else "no confidence")
        if c.raw:
            title.append(f"raw {c.raw!r}")
    if c.lines:
        title.append(_line_title(doc, c.lines))
    extra = ""
    if outcome in ("wrong", "absent"):
        extra += f'<span class="gold">gold: {escape(value_text(c.gold) or "blank")}</span>'
    if c.alternatives:
        extra += f'<span class="alt">or: {escape(_alternatives(c))}</span>'
    if c.lines:
        links = " ".join(f'<a href="#{anchor}-L{n}">L{n}</a>' for n in c.lines)
        extra += f'<span class="src">{links}</span>'
    elif outcome in ("wrong", "extra"):
        extra += '<span class="src">no source line</span>'
    return f'<td class="{" ".join(classes)}" title="{escape(chr(10).join(title))}">{text}{extra}</td>'


def _header(path: Sequence[str], keep: int, cls: str = "") -> str:
    """A header cell showing the last ``keep`` labels of a path; the whole path as its title when cut."""
    text = "/".join(path[-keep:]) if path else "—"
    title = f' title="{escape("/".join(path))}"' if len(path) > keep else ""
    return f'<th{f" class={cls!r}" if cls else ""}{title}>{escape(text)}</th>'


def _grid(doc: DocEvaluation, cells: Sequence[CellComparison], anchor: str) -> str:
    rows = list(dict.fromkeys(c.row for c in cells))
    cols = list(dict.fromkeys(c.col for c in cells))
    at = {(c.row, c.col): c for c in cells}
    head = "<tr><th></th>" + "".join(_header(col, 2) for col in cols) + "</tr>"
    body = []
    for r in rows:
        tds = "".join(_cell_td(doc, at[(r, col)], anchor) if (r, col) in at else "<td></td>" for col in cols)
        body.append(f'<tr>{_header(r, 1, "row")}{tds}</tr>')
    return f'<div class="scroll"><table class="grid">{head}{"".join(body)}</table></div>'


MAX_LISTED = 60     # cells listed with their source text per document (the grids show them all)
LONG_PROSE = 100    # a prose line longer than this is shortened in the source view, unless a cell points at it


def _problem_list(doc: DocEvaluation, anchor: str) -> str:
    bad = [c for c in doc.comparison.cells if _shown(c)]
    if not bad:
        return ""
    rows = []
    for c in bad[:MAX_LISTED]:
        out = "unread" if c.kind == "unread" else (escape(value_text(c.output) or c.raw or "blank")) if c.present else "absent"
        if c.alternatives:
            out += f'<span class="alt">or: {escape(_alternatives(c))}</span>'
        gold = escape(value_text(c.gold) or "blank") if c.in_gold else "(not in gold)"
        links = " ".join(f'<a href="#{anchor}-L{n}">L{n}</a>' for n in c.lines)
        src = "<br>".join(escape(doc.lines[n - 1].strip()) for n in c.lines if 0 < n <= len(doc.lines))
        src = src or ('<span class="note">not placed: no source line</span>' if c.present else "")
        conf = "–" if c.confidence is None else f"{c.confidence:.3f}"
        rows.append(f"<tr><td>{escape(c.table)}</td><td>{escape('/'.join(c.row))}</td><td>{escape('/'.join(c.col))}</td>"
                    f"<td>{c.outcome}</td><td class=\"num\">{out}</td><td class=\"num\">{gold}</td><td class=\"num\">{conf}</td>"
                    f"<td>{links}</td><td class=\"text\">{src}</td></tr>")
    more = f'<p class="note">… and {len(bad) - MAX_LISTED} more (in the grids above).</p>' if len(bad) > MAX_LISTED else ""
    return ("<h4>Cells not right or flagged</h4><div class=\"scroll\"><table><tr><th>table</th><th>row</th><th>column</th>"
            "<th>outcome</th><th>output</th><th>gold</th><th>confidence</th><th>lines</th><th>source</th></tr>"
            f"{''.join(rows)}</table></div>{more}")


def _fragment_span(f: FragmentView) -> str:
    """A fragment coloured by its predicted label; a title only where it says more than the colour."""
    cls = _LABEL_CLASS.get(f.predicted or "", "")
    miss = f.gold is not None and f.gold != f.predicted
    text = escape(f.text) if f.text else "∅"
    title = ""
    if miss or f.confidence < SURE:
        title = f' title="{escape(f"{f.predicted} ({f.confidence:.2f})" + (f", gold {f.gold}" if miss else ""))}"'
    return f'<b class="{cls}{" miss" if miss else ""}"{title}>{text}</b>'


def _line_html(n: int, line: str, frags: list[FragmentView], anchor: str, linked: set[int]) -> str:
    """One source line with its fragments coloured; a long prose line no cell points at is shortened."""
    if (len(line) > LONG_PROSE and n not in linked and frags
            and all(f.predicted == "prose" and f.gold in (None, "prose") for f in frags)):
        keep = LONG_PROSE * 3 // 4
        return (f'<i>{n}</i><b class="{_LABEL_CLASS["prose"]}">{escape(line[:keep])}</b>'
                f'<span class="note"> … ({len(line) - keep} more characters of prose)</span>')
    parts, pos = [], 0
    for f in frags:
        if f.start > pos:
            parts.append(escape(line[pos:f.start]))
        parts.append(_fragment_span(f))
        pos = max(pos, f.end)
    if pos < len(line) and not (frags and line == EMPTY_CELL_MARK):
        parts.append(escape(line[pos:]))
    ident = f' id="{anchor}-L{n}"' if n in linked else ""
    return f'<i{ident}>{n}</i>{"".join(parts)}'


def _source_lines(doc: DocEvaluation, anchor: str, linked: set[int]) -> str:
    """The source lines; only the lines a cell links to carry an anchor, and a run of blank lines is
    one row naming its range (one-node-per-line dumps have thousands)."""
    by_line: dict[int, list[FragmentView]] = {}
    for f in doc.fragments:
        by_line.setdefault(f.line, []).append(f)
    out: list[str] = []
    blank: list[int] = []

    def flush() -> None:
        if len(blank) > 1:
            out.append(f"<i>{blank[0]}–{blank[-1]}</i>(blank)")
        elif blank:
            out.append(f"<i>{blank[0]}</i>")
        blank.clear()

    for n, line in enumerate(doc.lines, 1):
        frags = sorted(by_line.get(n, []), key=lambda f: (f.start, f.cell))
        if not line.strip() and not frags and n not in linked:
            blank.append(n)
            continue
        flush()
        out.append(_line_html(n, line, frags, anchor, linked))
    flush()
    return f'<div class="lines">{chr(10).join(out)}</div>'


def _legend() -> str:
    return '<p class="legend">' + "".join(f'<span class="{_LABEL_CLASS[lab]}">{lab}</span>' for lab in LABELS) + (
        '<span class="frag miss">red outline: predicted label differs from the gold label</span></p>')


def drilled_down(doc: DocEvaluation) -> bool:
    """Documents the page details: not exact, flagged by the output, or with a fragment label that
    differs from the annotation (the rest get one index row)."""
    return not doc.exact or doc.flagged or any(f.predicted != f.gold for f in doc.labelled_fragments())


def _document(i: int, doc: DocEvaluation, others: Sequence[tuple[str, DocEvaluation]]) -> str:
    anchor = _doc_anchor(i)
    s = doc.score
    mark = '<span class="exact">exact</span>' if s.exact else '<span class="notexact">not exact</span>'
    versus = "; ".join(f"{escape(name)} {o.score.right}/{o.score.cells}" for name, o in others)
    parts = [f'<details id="{anchor}"><summary>{escape(doc.name)} — {s.right}/{s.cells} cells, {s.extra} extra, {mark}</summary>',
             f'<p>source <code>{escape(doc.source)}</code>; family {escape(doc.family)}; template '
             f'{escape(str(doc.output_template))} (gold {escape(str(doc.gold_template))}); identities passed: output '
             f'{sum(c.ok for c in doc.identities_output)}/{len(doc.identities_output)}, gold '
             f'{sum(c.ok for c in doc.identities_gold)}/{len(doc.identities_gold)}'
             + (f"; baselines: {versus}" if versus else "") + "</p>"]
    meta = "; ".join(f"{f} {escape(str(m.output))} ({m.outcome}" + (f", gold {escape(str(m.gold))}" if m.outcome == "wrong" else "")
                     + ")" for f, m in doc.meta.items() if m.outcome != "unscored")
    if meta:
        parts.append(f'<p class="note">metadata: {meta}</p>')
    for p in doc.problems:
        parts.append(f'<p class="note">problem: {escape(p)}</p>')
    for t in doc.comparison.tables:
        cells = [c for c in doc.comparison.cells if c.table == t.table]
        gold_cells = [c for c in cells if c.in_gold]
        extras = [c for c in cells if not c.in_gold]
        grits = f", GriTS-Con {t.grits.f:.4f}" if t.grits else ""
        parts.append(f'<h3>{escape(TITLES[t.table])}</h3><p class="note">status {escape(str(t.output_status))} '
                     f'(gold {escape(str(t.gold_status))}); {t.right}/{t.cells} cells right, {t.extra} extra{grits}</p>')
        if gold_cells:
            parts.append(_grid(doc, gold_cells, anchor))
        if extras:
            parts.append('<p class="note">Cells in the output that gold does not have:</p>' + _grid(doc, extras, anchor))
    parts.append(_problem_list(doc, anchor))
    if doc.lines:
        linked = {n for c in doc.comparison.cells if _shown(c) for n in c.lines}
        known = " (a red outline marks a label that differs from the annotation)" if doc.labels_known else ""
        parts.append(f"<h4>Source lines, fragments coloured by predicted label{known}</h4>{_source_lines(doc, anchor, linked)}")
    parts.append("</details>")
    return "".join(parts)


def _figure(uri: str | None, alt: str, caption: str) -> str:
    if uri is None:
        return ""
    return f'<figure><img src="{uri}" alt="{escape(alt)}"><figcaption>{escape(caption)}</figcaption></figure>'


def render_html(report: EvaluationReport) -> str:
    """The whole report as one HTML string (no external resources)."""
    from .. import __version__

    main, systems = report.main, report.systems
    m = main.metrics
    figures = [
        _figure(plot_confusion(main), "confusion matrix",
                f"Fragment labels of {main.name}: rows are gold labels, columns predicted; colour is the share of the row."),
        _figure(plot_documents(systems), "per-document cell accuracy", "Cell accuracy of every document, per system."),
        _figure(plot_calibration(systems), "calibration",
                "Reliability diagram: share of output cells right against their confidence, in 10 bins."),
    ]
    index_rows = []
    for i, d in enumerate(main.documents):
        per = "".join(f'<td class="num">{s.documents[i].score.right}/{s.documents[i].score.cells}'
                      f'{" ✓" if s.documents[i].exact else ""}</td>' for s in systems)
        name = f'<a href="#{_doc_anchor(i)}">{escape(d.name)}</a>' if drilled_down(d) else escape(d.name)
        t = d.trust
        index_rows.append(f'<tr><td>{name}</td><td>{escape(d.family)}</td>{per}<td class="num">{d.score.extra}</td>'
                          f'<td class="num">{t.silent}</td><td class="num">{t.cells - t.sure}</td>'
                          f'<td>{"ok" if d.score.template_ok else escape(f"{d.output_template} (gold {d.gold_template})")}</td></tr>')
    docs = "".join(_document(i, d, [(s.name, s.documents[i]) for s in report.baselines])
                   for i, d in enumerate(main.documents) if drilled_down(d))
    shown = sum(map(drilled_down, main.documents))
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    described = "".join(f"<li><b>{escape(s.name)}</b>: {escape(s.description)}</li>" for s in systems)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>tablerecover evaluation: {escape(main.name)}, {m.docs} documents</title><style>{CSS}</style></head>
<body>
<h1>tablerecover evaluation</h1>
<p>{m.docs} documents, {m.cells} gold cells; data: {escape(", ".join(map(shown_path, report.data)) or "-")}; tablerecover {escape(__version__)}.
Metrics are defined in docs/evaluation.md.</p>
<ul>{described}</ul>
{f"<ul class='note'>{notes}</ul>" if notes else ""}
<h2 id="summary">Summary</h2>
{_metrics_table(systems)}
<h2 id="families">Per flattening family ({escape(main.name)})</h2>
<p class="note">The family of a document is the tool that flattened it (<code>page__tool</code> names), the
style of a generated sample, or "other". Silent errors: gold cells that are wrong or absent while the
output's confidence is ≥ {SURE}, over all gold cells; sure share: gold cells with confidence ≥ {SURE}.</p>
{_families(main)}
<h2 id="metadata">Metadata ({escape(main.name)})</h2>
<p class="note">Per field: documents right / wrong / missing, and right among the documents whose text prints the
gold value (in some form: 2020年, 2020-01-20, 2020年1月20日, the agency's name).</p>
{_metadata(main)}
<h2 id="plots">Plots</h2>
{"".join(figures)}
<h2 id="tables">Per table</h2>
{_per_table(systems)}
<h2 id="labels">Fragment labels</h2>
{_label_table(systems)}
<h2 id="calibration">Calibration ({escape(main.name)})</h2>
<p class="note">Output cells by confidence and the share of them that is right (an extra cell counts as wrong);
cells in the low bins are the ones to review. Expected calibration error {_f(m.expected_calibration_error)}.</p>
{_calibration_table(main)}
<h2 id="identities">Arithmetic identities (passed/evaluated)</h2>
{_identities(systems)}
<h2 id="documents">Documents ({escape(main.name)})</h2>
<div class="scroll"><table><tr><th>document</th><th>family</th>{"".join(f"<th>{escape(s.name)}</th>" for s in systems)}<th>extra</th>
<th>silent errors</th><th>cells not sure</th><th>template</th></tr>
{"".join(index_rows)}</table></div>
<p class="note">{shown} of {m.docs} documents are not exact, have flagged cells or a fragment label that differs from
the annotation; they are linked above and detailed below (the others are exact, with no cell below confidence
{FLAG_BELOW}, unread or ambiguous). In the grids:
<span style="background:#ffc9c9">wrong value</span>, <span style="background:#ffe3e3">absent cell</span>,
<span style="background:#fff3bf">extra cell</span>, <span style="outline:2px dashed #f08c00">confidence below {FLAG_BELOW}</span>,
<span class="alt" style="display:inline">or: the alternatives of an ambiguous cell</span>,
<span style="background:#e7f5ff;font-style:italic">unread</span> (a cell the reader did not find);
hover a cell for its path, confidence and source line.</p>
{_legend()}
{docs}
</body></html>
"""


def write_html(report: EvaluationReport, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path
