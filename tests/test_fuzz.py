"""Property-based: random corruption of the seeds never crashes recovery and never invents a number."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablerecover.normalise import normalise_text
from tablerecover.pipeline import RuleLabeller, recover_text

from conftest import seed_pairs

SEED_TEXTS = [p.read_text(encoding="utf-8") for p, _ in seed_pairs()]
LABELLER = RuleLabeller()


def _digits_of(text: str) -> str:
    return re.sub(r"[,\s|]", "", "".join(normalise_text(text)))


def assert_no_invented_numbers(text: str, report) -> None:
    haystack = _digits_of(text)
    for table in report.tables.values():
        for cell in table.cells:
            if cell.value is None:
                continue
            digits = f"{abs(cell.value):g}" if isinstance(cell.value, float) else str(abs(cell.value))
            assert digits.lstrip("0") in haystack or digits == "0", (cell.row, cell.col, cell.value)
            assert cell.raw and cell.lines, "a value always has its source text and line"


@st.composite
def corrupted(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "cut", "noise", "join", "truncate"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "cut":
            k = draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:k]
        elif op == "noise":
            lines[i] += draw(st.text(alphabet="0123456789|/- 　\u00a0一二三（）()、.总计其他", max_size=12))
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + lines[i + 1]]
        elif op == "truncate":
            lines = lines[:i]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_corrupted_seeds_never_crash_or_invent_numbers(text):
    report = recover_text(text, "fuzz", LABELLER)
    d = report.to_dict()
    assert set(d["tables"]) == {"active_disclosure", "applications", "review_litigation"}
    for t in d["tables"].values():
        assert t["status"] in ("recovered", "partial", "missing")
        if t["status"] == "missing":
            assert t["cells"] == []
    assert_no_invented_numbers(text, report)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    report = recover_text(text, "fuzz", LABELLER)
    assert_no_invented_numbers(text, report)


def test_shipped_model_on_truncated_seed_flags_partial(shipped_model):
    text = SEED_TEXTS[3]
    cut = text[: text.index("（七）总计") if "（七）总计" in text else text.index("(七)总计")]
    report = recover_text(cut, "truncated", shipped_model)
    assert report.tables["applications"].status == "partial"
    assert report.tables["review_litigation"].status == "missing"
    assert_no_invented_numbers(cut, report)
