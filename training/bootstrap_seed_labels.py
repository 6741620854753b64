"""How corpora/seeds/*.labels.tsv were bootstrapped (run once; the files were then checked by hand).

1. The rules labeller pre-labels every fragment.
2. Inside each table, the header region (from the table's start, or a block title, to its first
   row label) is relabelled: header words are colhead, and a piece that only forms a template
   header together with the piece before it is cont ("本年新" + "制作数量", "结果" + "维持").
3. The report title line is meta.
4. The labels must rebuild the gold exactly; the script refuses to write them otherwise.

usage: python training/bootstrap_seed_labels.py ../shared/seeds corpora/seeds
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from tablerecover.corpus import AnnotatedDoc, write_sample
from tablerecover.evaluation.compare import score_doc
from tablerecover.normalise import compact
from tablerecover.pipeline import RuleLabeller, analyse_text
from tablerecover.decode.sections import table_spans
from tablerecover.decode.units import merge_units
from tablerecover.template import lexicon

_CJK = re.compile(r"[\u3400-\u9fff]")
_TITLE = re.compile(r"20\d\d年度?.{0,12}信息公开(工作)?年度报告$")


def relabel(frags) -> None:
    heads = {compact(x) for x in lexicon()["colhead"]}
    units = merge_units(frags)
    spans = table_spans(units)
    for tid, span in spans.items():
        start, end = span.start, span.end
        in_header = True
        prev = None
        for k in range(start, end):
            u = units[k]
            f = frags[u.frags[0]]
            followed_by_value = k + 1 < end and units[k + 1].label == "value"
            if u.label == "block":
                in_header, prev = True, None
                continue
            if tid != "review_litigation" and u.label == "rowlabel" and followed_by_value:
                in_header = False
            if not in_header or not _CJK.search(f.text) or u.label in ("note", "heading", "meta", "prose"):
                continue
            key = compact(f.text)
            if prev is not None and key not in heads and compact(prev.text) not in heads and \
                    any(h.startswith(compact(prev.text) + key) for h in heads):
                f.label = "cont"
            else:
                f.label = "colhead"
            prev = f if f.label == "colhead" else prev
    for f in frags:
        if _TITLE.search(compact(f.text)):
            f.label = "meta"


def main(src: Path, dest: Path) -> None:
    for txt in sorted(src.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        gold = json.loads(txt.with_name(txt.stem + ".gold.json").read_text(encoding="utf-8"))
        analysis = analyse_text(text, txt.name, RuleLabeller())
        relabel(analysis.fragments)
        labels = [f.label for f in analysis.fragments]

        class Fixed:  # re-run recovery with the corrected labels
            def label(self, frags):
                for f, lab in zip(frags, labels):
                    f.label, f.confidence = lab, 1.0

        score = score_doc(txt.stem, analyse_text(text, txt.name, Fixed()).report.to_dict(), gold)
        if not score.exact:
            sys.exit(f"{txt.stem}: labels do not rebuild the gold: {score.errors[:3]}")
        write_sample(AnnotatedDoc(txt.stem, text, analysis.fragments, labels, gold), dest)
        print(f"{txt.stem}: {len(labels)} fragments labelled, gold rebuilt exactly")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
