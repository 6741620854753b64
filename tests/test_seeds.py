"""End to end on the five real seed scrapes: exact with the shipped model, and generalisation."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tablerecover.evaluation.compare import score_doc, summarise
from tablerecover.model import SequenceTagger
from tablerecover.pipeline import recover_file

from conftest import SHARED, seed_pairs


def test_shipped_model_recovers_every_seed_exactly(shipped_model):
    scores = [score_doc(p.stem, recover_file(p, shipped_model).to_dict(), gold) for p, gold in seed_pairs()]
    assert len(scores) == 5
    for s in scores:
        assert s.exact, (s.name, s.errors[:5])


def test_synthetic_only_model_generalises_to_the_seeds(synthetic_only_model):
    """A model that never saw the seeds still gets their cells right (measured 1.0; margin 0.02)."""
    tagger = SequenceTagger.load(synthetic_only_model)
    scores = [score_doc(p.stem, recover_file(p, tagger).to_dict(), gold) for p, gold in seed_pairs()]
    summary = summarise(scores)
    assert summary.cells == 986
    assert summary.cell_accuracy >= 0.98, [s.errors[:3] for s in scores]


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(), reason="shared/ scorer not beside the checkout")
def test_independent_scorer_agrees(tmp_path):
    """The CLI's batch output, scored by the independent scorer, is 5/5 exact."""
    seeds = [str(p) for p, _ in seed_pairs()]
    subprocess.run([sys.executable, "-m", "tablerecover.cli", "recover", *seeds, "--out", str(tmp_path)],
                   check=True, capture_output=True)
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(tmp_path), str(SHARED / "seeds")],
                         check=True, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1].startswith("cell_acc=1.0000 doc_exact=1.0000")
    doc = json.loads(next(tmp_path.glob("003_*.json")).read_text())
    cell = doc["tables"]["applications"]["cells"][0]
    assert set(cell) >= {"row", "col", "value", "raw", "kind", "confidence", "lines"}
    assert cell["value"] == 30 and cell["kind"] == "number" and cell["lines"] == [44]
