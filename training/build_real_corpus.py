"""Build corpora/real/: every realdev case (6 real pages x 13 real tools) as an annotated sample.

Labels come from three sources, in this order:
1. pre-labels: the model's labels (what ``tablerecover annotate`` writes), with their confidence;
2. alignment to the gold, inside the tables only (from the 二、主动公开 heading to the 五、存在的主要问题
   heading): a number or n/a token is a ``value``, a blank cell ``empty``, and a fragment whose text is
   template wording is the role the template gives it (row label, block title of table 二, column
   header, section heading, the table note). Outside the tables a number is never a cell, so a lone
   number the model called ``value`` there is ``prose``;
3. corrections by a person (training/real_review.tsv, ``case<TAB>line<TAB>cell<TAB>label<TAB>text``):
   the fragments alignment could not decide (model unsure, or alignment and model disagree) were read
   by eye and the wrong ones are listed there. A correction whose text no longer matches its fragment
   (the fragmenter changed) is reported and skipped, never applied to another fragment.

Every sample is written with its gold and checked by rebuilding it from its own labels (cell accuracy
with the final labels, printed beside the model's). Provenance (page, agency, tool, tool version and
call) goes to corpora/real/provenance.tsv. Re-run after a fragmenter change:

    PYTHONPATH=src .venv/bin/python training/build_real_corpus.py            # ~20 s
    PYTHONPATH=src .venv/bin/python training/build_real_corpus.py --report /tmp/unsure.tsv
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from tablerecover.corpus import AnnotatedDoc, write_sample
from tablerecover.fragment import Fragment
from tablerecover.model import load_model
from tablerecover.normalise import compact
from tablerecover.pipeline import analyse_text
from tablerecover.template import HEADING_KEYWORDS, TABLE_NOTE, lexicon
from tablerecover.train import score_doc  # via train.py, which follows the scorer when evaluate.py moves
from tablerecover.values import parse_value

ROOT = Path(__file__).resolve().parents[1]
UNSURE = 0.9

# The realdev README's tool table: version and call of every flattening.
TOOLS = {
    "bs4": ("beautifulsoup4 4.15.0", 'BeautifulSoup(html, "lxml").get_text(separator="\\n")'),
    "html2text": ("html2text 2025.4.15", "html2text.html2text(html)"),
    "inscriptis": ("inscriptis 2.7.6", "inscriptis.get_text(html)"),
    "trafilatura": ("trafilatura 2.3.1", "trafilatura.extract(html, include_tables=True)"),
    "lxml": ("lxml 6.1.3", "lxml.html.fromstring(html).text_content()"),
    "w3m": ("w3m 0.5.3 (Debian 12)", "LANG=C.UTF-8 w3m -dump FILE"),
    "lynx": ("lynx 2.9.0dev.12 (Debian 12)", "LANG=C.UTF-8 lynx -dump FILE"),
    "crawler": ("web archive crawler", "the archive's own text dump (page.txt): consecutive repeated lines dropped"),
    "print-pdftotext": ("poppler 22.12.0", "pdftotext FILE.print.pdf -"),
    "print-pdftotext-layout": ("poppler 22.12.0", "pdftotext -layout FILE.print.pdf -"),
    "print-pdfplumber": ("pdfplumber 0.11.10", "page.extract_text() joined by newlines"),
    "print-pypdf": ("pypdf 7.1.1", "page.extract_text() joined by newlines"),
    "print-pymupdf": ("PyMuPDF 2.0 (MuPDF 1.28.5)", "page.get_text() concatenated"),
}
# Page printed to PDF by headless Chromium for every print-* tool (realdev README).
PRINT = "chromium --headless --print-to-pdf --no-pdf-header-footer (Debian chromium, fonts-noto-cjk)"

_SECTION_RE = re.compile(r"^[一二三四五六七八九十]+[、.]")
_ENUM_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\))")
_TITLE_RE = re.compile(r"(?:20\d\d年度?.{0,16})?信息公开(?:工作)?年度报告(?:\.\w+)?$")
_DECOR_RE = re.compile(r"^[*#_•>\-]+|[*_]+$|^\[\d+\]")  # markdown emphasis, bullets, link numbers
_SENTENCE_RE = re.compile(r"[，,；;。：:、]")


_BARE_ENUM_RE = re.compile(r"^(?:\d+[.、]|[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\))$")
_UNIT_VALUE_RE = re.compile(r"^\d[\d,]*(?:\.\d+)?\(?(?:万元|元)\)?$")  # "2488(元)"
_RULE_RE = re.compile(r"^[─━│┃┌┐└┘├┤┬┴┼+\-=]+$")  # a drawn table rule
_NOTE_KEY = compact(TABLE_NOTE)


def key_of(text: str) -> str:
    """Compact text without markdown emphasis, list bullets or lynx link numbers."""
    key = compact(text)
    while (stripped := _DECOR_RE.sub("", key)) != key:
        key = stripped
    return key


def _lexicon_roles() -> dict[str, str]:
    """Template wording -> label. Group labels of tables 三/四 are row labels (docs/labels.md)."""
    lex = lexicon()
    roles: dict[str, str] = {}
    for w in lex["colhead"]:
        roles[compact(w)] = "colhead"
    for w in lex["rowlabel"]:
        roles[compact(w)] = "rowlabel"  # "3.其他" and "(七)总计" are rows; bare "其他"/"总计" stay headers
    for w in lex["block"]:
        roles[compact(w)] = "block" if w.startswith("第二十条") else "rowlabel"
    roles[compact(TABLE_NOTE)] = "note"
    return roles


ROLES = _lexicon_roles()


def _is_heading(key: str, section: str) -> bool:
    return len(key) <= 40 and bool(_SECTION_RE.match(key)) and \
        any(compact(k) in key for k in HEADING_KEYWORDS[section])


def table_region(frags: list[Fragment]) -> tuple[int, int]:
    """Fragments [start, end) holding the tables: from the last 二、主动公开 heading that is followed by a
    template column header, to the 五、存在的主要问题 heading after it (or the last number), and the
    numbers straight after that heading."""
    keys = [key_of(f.text) for f in frags]
    start = None
    for i, k in enumerate(keys):
        if _is_heading(k, "active_disclosure") and any(ROLES.get(x) == "colhead" for x in keys[i + 1:i + 40]):
            start = i
    if start is None:  # no heading kept (crawler dumps can lose it): the first column header
        start = next((i for i, k in enumerate(keys) if ROLES.get(k) == "colhead"), len(keys))
    end = next((i for i in range(start + 1, len(keys)) if _is_heading(keys[i], "problems")), None)
    if end is None:
        numbers = [i for i in range(start, len(keys)) if _number(frags[i])]
        return start, numbers[-1] + 1 if numbers else len(keys)
    # pdftotext's reading order can put the last cells of table 四 after the next heading
    after = end + 1
    while after < len(frags) and (_number(frags[after]) or frags[after].empty):
        after += 1
    return start, after if after > end + 1 else end


def _number(f: Fragment) -> bool:
    return parse_value(f.text).kind in ("number", "zero", "na")


def _completes(frags: list[Fragment], i: int, key: str) -> bool:
    """Is fragment i the end of a label begun by the fragment before it ("3." + "其他" = "3.其他")?"""
    prev = next((frags[j] for j in range(i - 1, -1, -1) if not frags[j].empty), None)
    return prev is not None and compact(prev.text) + key in ROLES


def outside_label(key: str, pre: str) -> str:
    """Table labels outside the tables, as reviewed: the model's table labels there were menu items
    (meta), wrapped prose lines (prose) or report titles (meta); section headings stay headings."""
    if _TITLE_RE.search(key) and len(key) <= 40:
        return "meta"
    m = _ENUM_RE.match(key)
    if pre == "heading" and m:
        first = key.find("。")
        return "heading" if len(key) <= 40 and first in (-1, len(key) - 1) else "prose"
    if pre == "heading" and any(compact(k) in key for kws in HEADING_KEYWORDS.values() for k in kws) and len(key) <= 20:
        return "heading"
    if parse_value(key).kind != "text" or len(key) > 20 or _SENTENCE_RE.search(key[1:-1] if len(key) > 2 else ""):
        return "prose"
    return "meta"


def _after_enum(frags: list[Fragment], i: int) -> bool:
    prev = next((frags[j] for j in range(i - 1, -1, -1) if not frags[j].empty), None)
    return prev is not None and bool(_BARE_ENUM_RE.match(key_of(prev.text)))


def align(frags: list[Fragment], prelabels: list[str]) -> list[str | None]:
    """Labels by alignment to the template wording and the table region (see the module docstring)."""
    start, end = table_region(frags)
    out = []
    for i, (f, pre) in enumerate(zip(frags, prelabels)):
        key = key_of(f.text)
        inside = start <= i < end
        if f.empty:
            lab = "empty"
        elif inside and _number(f):
            lab = "value"
        elif inside and _RULE_RE.match(key):
            lab = None  # rules are drawing, not text (unlabelled, as the generator leaves them)
        elif inside and key in ("元", "万元", "(元)", "(万元)"):
            lab = "cont"  # a unit in a run of its own after its number (as the Word generator labels it)
        elif inside and _UNIT_VALUE_RE.match(key):
            lab = "value"
        elif inside and _BARE_ENUM_RE.match(key):
            lab = "rowlabel"  # the number of a row label printed apart from its words
        elif inside and len(key) >= 4 and key[:4] in _NOTE_KEY and pre not in ("colhead", "rowlabel"):
            lab = "note"  # a piece of the table note broken over lines
        elif inside and key and not re.search(r"[\w\u3400-\u9fff]", key):
            lab = "cont"  # a lone bracket or comma of a label broken over lines
        elif inside and pre == "rowlabel" and _after_enum(frags, i):
            lab = "cont"  # the words of a row label whose number stands alone just before ("3." | "要求提供…")
        elif inside and key in ROLES and not (pre == "cont" and _completes(frags, i, key)):
            lab = ROLES[key]
        elif inside and any(_is_heading(key, s) for s in HEADING_KEYWORDS):
            lab = "heading"
        elif not inside and pre in ("heading", "colhead", "rowlabel", "block", "note", "value"):
            lab = outside_label(key, pre)
        else:
            lab = pre
        out.append(lab)
    return out


def read_review(path: Path) -> dict[str, list[tuple[int, int, str, str]]]:
    out: dict[str, list] = {}
    if not path.exists():
        return out
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        case, line, cell, label, text = row.split("\t", 4)
        out.setdefault(case, []).append((int(line), int(cell), label, text))
    return out


class _Fixed:
    def __init__(self, labels):
        self.labels = labels

    def label(self, frags):
        for f, lab in zip(frags, self.labels):
            f.label, f.confidence = lab, 1.0


def _rebuild(text: str, case: Path, labels: list[str], gold: dict):
    return score_doc(case.stem, analyse_text(text, case.name, _Fixed(labels)).report.to_dict(), gold)


def build(realdev: Path, out: Path, model: str | None, review: Path, report: Path | None) -> None:
    tagger = load_model(model)
    corrections = read_review(review)
    out.mkdir(parents=True, exist_ok=True)
    prov = ["sample\tpage\tagency\treport_year\ttool\ttool_version\tcall\tsource_file"]
    unsure_rows = ["case\tline\tcell\tmodel\tconfidence\taligned\ttext"]
    totals = Counter()
    for case in sorted((realdev / "cases").glob("*__*.txt")):
        page, tool = case.stem.split("__")
        text = case.read_text(encoding="utf-8")
        gold = json.loads(case.with_name(f"{case.stem}.gold.json").read_text(encoding="utf-8"))
        analysis = analyse_text(text, case.name, tagger)
        frags = analysis.fragments
        pre = [f.label for f in frags]
        conf = [f.confidence for f in frags]
        labels = align(frags, pre)
        for i, f in enumerate(frags):
            if conf[i] < UNSURE or labels[i] != pre[i]:
                unsure_rows.append(f"{case.stem}\t{f.lines[0]}\t{f.cell}\t{pre[i]}\t{conf[i]:.2f}\t{labels[i]}\t{f.text[:60]}")
        by_pos = {(f.lines[0], f.cell): i for i, f in enumerate(frags)}
        for line, cell, lab, txt in corrections.get(case.stem, []):
            i = by_pos.get((line, cell))
            if i is None or frags[i].text[:60] != txt:
                print(f"  {case.stem}: correction at line {line} cell {cell} no longer fits ({txt!r}); skipped")
                continue
            totals["corrected"] += labels[i] != lab
            labels[i] = lab
        model_score = score_doc(case.stem, analysis.report.to_dict(), gold)
        score = _rebuild(text, case, labels, gold)
        for i in [i for i, (a, b) in enumerate(zip(labels, pre)) if a != b]:
            if score.right >= model_score.right:
                break
            # an aligned label that rebuilds less of the gold than the model's is left to the model
            trial = labels[:i] + [pre[i]] + labels[i + 1:]
            s = _rebuild(text, case, trial, gold)
            if s.right > score.right:
                labels, score = trial, s
                totals["reverted"] += 1
        totals["fragments"] += len(frags)
        totals["aligned_changed"] += sum(a != b for a, b in zip(labels, pre))
        totals["unsure"] += sum(c < UNSURE for c in conf)
        totals["cells"] += score.cells
        totals["right_model"] += model_score.right
        totals["right_labels"] += score.right
        print(f"{case.stem:38s} {len(frags):4d} fragments, {sum(a != b for a, b in zip(labels, pre)):3d} relabelled; "
              f"cells model {model_score.right}/{model_score.cells}, own labels {score.right}/{score.cells}")
        write_sample(AnnotatedDoc(case.stem, text, frags, labels, gold), out)
        version, call = TOOLS[tool]
        if tool.startswith("print-"):
            call = f"{PRINT}; then {call}"
        meta = gold.get("meta", {})
        prov.append(f"{case.stem}\t{page}\t{meta.get('agency', '')}\t{meta.get('year', '')}\t{tool}\t{version}\t{call}\t"
                    f"realdev/cases/{case.name}")
    (out / "provenance.tsv").write_text("\n".join(prov) + "\n", encoding="utf-8")
    if report:
        report.write_text("\n".join(unsure_rows) + "\n", encoding="utf-8")
    print(f"{totals['fragments']} fragments; model unsure on {totals['unsure']}; alignment and corrections changed "
          f"{totals['aligned_changed']} model labels ({totals['corrected']} by review.tsv, {totals['reverted']} aligned labels left to the model because they rebuilt less); cells rebuilt from the labels "
          f"{totals['right_labels']}/{totals['cells']} (model labels {totals['right_model']}/{totals['cells']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--realdev", type=Path, default=ROOT.parent / "shared" / "realdev")
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "real")
    ap.add_argument("--model", default=None, help="model for the pre-labels (default: the shipped model)")
    ap.add_argument("--review", type=Path, default=ROOT / "training" / "real_review.tsv")
    ap.add_argument("--report", type=Path, default=None, help="write the unsure fragments here, for review")
    args = ap.parse_args()
    build(args.realdev, args.out, args.model, args.review, args.report)


if __name__ == "__main__":
    main()
