"""Regression fixtures, each named after the breakage it reproduces, recovered exactly with gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tablerecover.evaluate import score_doc
from tablerecover.pipeline import recover_file

FIXTURES = Path(__file__).parent / "fixtures" / "regressions"
CASES = sorted(FIXTURES.glob("*.txt"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture_recovers_exactly(path, shipped_model):
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    report = recover_file(path, shipped_model)
    score = score_doc(path.stem, report.to_dict(), gold)
    assert score.exact, score.errors[:5]


def test_glued_digits_that_identities_cannot_decide_are_flagged(shipped_model):
    report = recover_file(FIXTURES / "crawler_glued_cells_003.txt", shipped_model)
    # "行政规范性文件104364": 10 43 64, 1 04 … — table 二 has no identity to decide the split.
    flagged = [c for c in report.checks if c.rule == "reading.ambiguous"]
    assert [c.where for c in flagged] == ["第二十条第（一）项/行政规范性文件"]
    row = [c for c in report.tables["active_disclosure"].cells if c.row[-1] == "行政规范性文件"]
    assert all(c.confidence < 0.5 for c in row)
    # Where the row identity decides (总计 = sum of the six columns), confidence stays high.
    total = [c for c in report.tables["applications"].cells if c.row[-1] == "（七）总计"]
    assert [c.value for c in total] == [21, 0, 0, 0, 0, 0, 21] and min(c.confidence for c in total) > 0.5
