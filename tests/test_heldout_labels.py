"""Tables of real flattenings read from the labels a model that never saw the page gave them
(tests/fixtures/heldout, made by make_heldout.py there from the leave-one-page-out models): the
decoder must get every cell of the table right from those labels, mistakes included, and never be
sure of a wrong cell."""
from __future__ import annotations

from pathlib import Path

import pytest

from tablerecover import __version__
from tablerecover.corpus import read_sample
from tablerecover.evaluation.compare import compare_reports
from tablerecover.pipeline import recover_text
from tablerecover.result import Provenance

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
CASES = sorted(HELDOUT.glob("*.labels.tsv"))


class FixedLabeller:
    """The labels of an annotated sample, whatever the fragments' context."""

    def __init__(self, labels: list[str | None]) -> None:
        self.labels = labels

    def label(self, frags) -> None:
        assert len(frags) == len(self.labels)
        for f, label in zip(frags, self.labels):
            f.label, f.confidence = label or "prose", 1.0

    def provenance(self) -> Provenance:
        return Provenance(__version__, "held-out labels", None)


def read_heldout(name: str):
    sample = read_sample(HELDOUT / f"{name}.labels.tsv")
    report = recover_text(sample.text, name, FixedLabeller(sample.labels))
    return report, compare_reports(report.to_dict(), sample.gold), sample.gold


@pytest.mark.parametrize("path", CASES, ids=[p.name[:-len(".labels.tsv")] for p in CASES])
def test_table_is_read_right_from_held_out_labels(path):
    name = path.name[:-len(".labels.tsv")]
    _, cmp, gold = read_heldout(name)
    cells = [c for c in cmp.cells if c.table in gold["tables"] and c.in_gold]
    wrong = [(c.row[-1], c.col[-1], c.output, c.gold) for c in cells if not c.right]
    assert cells and not wrong, wrong[:5]
    assert not [c for c in cmp.cells if c.table in gold["tables"] and not c.in_gold]
