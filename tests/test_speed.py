"""Performance changes that must not change behaviour: the cyclic collector held per document (and
restored), the fragment cap applied a line at a time."""
from __future__ import annotations

import gc

from tablerecover.fragment import fragment_lines
from tablerecover.normalise import normalise_text
from tablerecover.pipeline import RuleLabeller, recover_text


def test_cyclic_gc_is_held_during_a_document_and_restored_after():
    seen = []

    class Spy(RuleLabeller):
        def label(self, frags):
            seen.append(gc.isenabled())
            super().label(frags)

    assert gc.isenabled()
    recover_text("二、主动公开政府信息情况\n规章 0 0 0", "a.txt", Spy())
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that keeps the collector off keeps it off
    try:
        recover_text("规章 0 0 0", "a.txt", Spy())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_fragment_cap_stops_at_the_first_fragment_over_it():
    # Fragments are now made a line at a time; the cap still stops at the first one over it (empty
    # cells, "\u3000" lines, are added before the cap is looked at, as before).
    lines = normalise_text("规章 1 2\n\u3000\n\u3000\n规范性文件 3 4\n5 6 7")
    whole = [(f.text, f.lines, f.cell) for f in fragment_lines(lines)]
    lengths = [len(fragment_lines(lines, limit)) for limit in range(9)]
    assert lengths == [1, 2, 3, 6, 6, 6, 7, 8, 9]
    for limit in range(9):
        assert [(f.text, f.lines, f.cell) for f in fragment_lines(lines, limit)] == whole[:lengths[limit]]
