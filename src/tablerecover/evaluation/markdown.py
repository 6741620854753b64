"""The Markdown summary that ``tablerecover evaluate`` prints."""
from __future__ import annotations

from .calibration import SURE
from .metadata import META_FIELDS, FieldTally
from .metrics import Metrics
from .systems import EvaluationReport


def _f(x: float | None, nd: int = 4) -> str:
    return "–" if x is None else f"{x:.{nd}f}"


def format_markdown(report: EvaluationReport) -> str:
    """The summary printed by ``tablerecover evaluate``: systems side by side, documents, labels, calibration."""
    main = report.main
    m = main.metrics
    out = [f"# Evaluation: {m.docs} documents, {m.cells} gold cells", ""]
    out += ["| system | cell acc | tuple P | tuple R | tuple F1 | doc exact | table exact | status acc | "
            "template acc | GriTS-Con | identities out (gold) | fragment acc | silent-error rate | sure share |",
            "|---|" + "---:|" * 13]
    for s in report.systems:
        x = s.metrics
        frag = _f(x.labels.accuracy) if x.labels else "–"
        out.append(f"| {s.name} | {_f(x.cell_accuracy)} | {_f(x.tuple_precision)} | {_f(x.tuple_recall)} | "
                   f"{_f(x.tuple_f1)} | {_f(x.doc_exact)} | {_f(x.table_exact)} | {_f(x.status_accuracy)} | "
                   f"{_f(x.template_accuracy)} | {_f(x.grits_f)} | {_f(x.identity_pass_rate_output, 3)} "
                   f"({_f(x.identity_pass_rate_gold, 3)}) | {frag} | {_f(x.trust.silent_rate)} | "
                   f"{_f(x.trust.sure_share)} |")
    out += ["", *(f"- {s.name}: {s.description}" for s in report.systems)]
    out += ["", *_trust(main.name, m), "", *_families(main.name, m), "", *_metadata(main.name, m)]
    out += ["", "## Documents", "", "| document | " + " | ".join(f"{s.name} cells right" for s in report.systems)
            + f" | {main.name} extra | {main.name} template | {main.name} GriTS-Con |",
            "|---|" + "---:|" * (len(report.systems) + 3)]
    for i, d in enumerate(main.documents):
        per = []
        for s in report.systems:
            x = s.documents[i]
            per.append(f"{x.score.right}/{x.score.cells}{' ✓' if x.exact else ''}")
        grits = [t.grits.f for t in d.comparison.tables if t.grits is not None]
        tmpl = "ok" if d.score.template_ok else f"{d.output_template} (gold {d.gold_template})"
        out.append(f"| {d.name} | {' | '.join(per)} | {d.score.extra} | {tmpl} | {_f(sum(grits) / len(grits) if grits else None)} |")
    out.append("")
    out.append("✓ = exact document (every cell, status and the template right, no extra cell).")
    if m.labels:
        lab = m.labels
        out += ["", f"## Fragment labels ({main.name}; {lab.docs} annotated documents, {lab.fragments} fragments, "
                f"accuracy {_f(lab.accuracy)}, macro F1 {_f(lab.macro_f1)})", "",
                "| label | precision | recall | F1 | support | predicted |", "|---|---:|---:|---:|---:|---:|"]
        out += [f"| {s.label} | {_f(s.precision, 3)} | {_f(s.recall, 3)} | {_f(s.f1, 3)} | {s.support} | {s.predicted} |"
                for s in lab.scores()]
    else:
        out += ["", "Fragment labels: no annotated sample (NAME.labels.tsv) among the data, so no per-label scores."]
    out += ["", f"## Calibration ({main.name}; cell confidence vs share right, ECE {_f(m.expected_calibration_error)})", "",
            "| confidence | cells | right | accuracy | mean confidence |", "|---|---:|---:|---:|---:|"]
    out += [f"| {b.lo:.1f}–{b.hi:.1f} | {b.cells} | {b.right} | {_f(b.accuracy, 3)} | {_f(b.mean_confidence, 3)} |"
            for b in m.calibration if b.cells]
    if report.notes:
        out += ["", "Notes:", *(f"- {n}" for n in report.notes)]
    out += ["", f"cell_accuracy={m.cell_accuracy:.4f} doc_exact={m.doc_exact:.4f} docs={m.docs}"]
    return "\n".join(out)


def _trust(name: str, m: Metrics) -> list[str]:
    t = m.trust
    return [f"## Trust ({name})", "",
            f"- silent errors (wrong or absent gold cells with confidence ≥ {SURE}): {t.silent} of {t.cells} gold cells, "
            f"rate {_f(t.silent_rate)}; wrong cells flagged (confidence < {SURE}): {t.wrong - t.silent}/{t.wrong}",
            f"- sure share (gold cells with confidence ≥ {SURE}): {t.sure}/{t.cells} = {_f(t.sure_share)}",
            f"- ambiguous cells (with alternatives): {t.ambiguous}; chosen value right: {t.ambiguous_right}; "
            f"right value among the alternatives: {t.ambiguous_rescued}",
            f"- unread cells (kind \"unread\"): {t.unread}"]


def _families(name: str, m: Metrics) -> list[str]:
    out = [f"## Per flattening family ({name})", "",
           "| family | docs | exact | cell acc | silent errors | silent-error rate | sure share | ambiguous: right value among alternatives |",
           "|---|" + "---:|" * 7]
    for f in m.families:
        t = f.trust
        out.append(f"| {f.family} | {f.docs} | {f.exact_docs} | {_f(f.cell_accuracy)} | {t.silent} | "
                   f"{_f(t.silent_rate)} | {_f(t.sure_share)} | {t.ambiguous_rescued}/{t.ambiguous} |")
    t = m.trust
    out.append(f"| **all** | {m.docs} | {m.exact_docs} | {_f(m.cell_accuracy)} | {t.silent} | {_f(t.silent_rate)} | "
               f"{_f(t.sure_share)} | {t.ambiguous_rescued}/{t.ambiguous} |")
    return out


def _meta_cells(tally: dict[str, FieldTally]) -> str:
    return " | ".join(f"{t.right}/{t.wrong}/{t.missing} | {t.right_in_text}/{t.in_text}"
                      for t in (tally[f] for f in META_FIELDS))


def _metadata(name: str, m: Metrics) -> list[str]:
    if not m.meta or not any(t.scored for t in m.meta.values()):
        return ["Metadata: no gold metadata among the data."]
    head = " | ".join(f"{f} right/wrong/missing | {f} right where in text" for f in META_FIELDS)
    out = [f"## Metadata ({name})", "", f"| family | {head} |", "|---|" + "---:|" * (2 * len(META_FIELDS))]
    out += [f"| {f.family} | {_meta_cells(f.meta)} |" for f in m.families]
    out.append(f"| **all** | {_meta_cells(m.meta)} |")
    out += ["", "Right where in text: right / documents whose text prints the gold value (docs/evaluation.md)."]
    return out
