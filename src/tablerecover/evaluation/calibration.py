"""How far cell confidence can be trusted: reliability bins, the expected calibration error, silent
errors and the sure share (counted as shared/tools/trust.py counts them), and ambiguous cells."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass

from .compare import CellComparison

N_CALIBRATION_BINS = 10
SURE = 0.9          # a cell at or above this confidence is "sure": a user may keep it unchecked
FLAG_BELOW = 0.5    # a cell below this confidence is flagged for review (the HTML report marks it)


@dataclass(frozen=True)
class CalibrationBin:
    lo: float
    hi: float
    cells: int
    right: int
    confidence_sum: float

    @property
    def accuracy(self) -> float | None:
        return self.right / self.cells if self.cells else None

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.cells if self.cells else None


def calibration_bins(points: Iterable[tuple[float, bool]], n_bins: int = N_CALIBRATION_BINS) -> list[CalibrationBin]:
    """Equal-width confidence bins [k/n, (k+1)/n), the last one closed, with the share right in each."""
    counts = [[0, 0, 0.0] for _ in range(n_bins)]
    for conf, right in points:
        conf = min(max(conf, 0.0), 1.0)
        k = min(int(conf * n_bins), n_bins - 1)
        counts[k][0] += 1
        counts[k][1] += right
        counts[k][2] += conf
    return [CalibrationBin(k / n_bins, (k + 1) / n_bins, int(c[0]), int(c[1]), float(c[2])) for k, c in enumerate(counts)]


def expected_calibration_error(bins: Sequence[CalibrationBin]) -> float | None:
    n = sum(b.cells for b in bins)
    if not n:
        return None
    return sum(b.cells / n * abs(b.accuracy - b.mean_confidence) for b in bins if b.cells)  # type: ignore[operator]


@dataclass(frozen=True)
class TrustCounts:
    """Over gold cells: wrong ones, wrong ones the output calls sure (silent errors), sure ones, and
    the ambiguous (with alternatives) and unread cells. An absent cell is wrong with confidence 0."""

    cells: int = 0
    wrong: int = 0
    silent: int = 0
    sure: int = 0
    ambiguous: int = 0            # gold cells whose output kept alternatives
    ambiguous_right: int = 0      # ... whose chosen value is right
    ambiguous_rescued: int = 0    # ... whose chosen value is wrong and the gold value is an alternative
    unread: int = 0               # gold cells the output marks kind "unread"

    @property
    def silent_rate(self) -> float:
        return self.silent / self.cells if self.cells else 0.0

    @property
    def sure_share(self) -> float:
        return self.sure / self.cells if self.cells else 0.0

    def __add__(self, other: TrustCounts) -> TrustCounts:
        return TrustCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def to_dict(self) -> dict:
        return {"silent_errors": self.silent, "silent_error_rate": round(self.silent_rate, 6),
                "sure_cells": self.sure, "sure_share": round(self.sure_share, 6), "wrong_cells": self.wrong,
                "ambiguous": {"cells": self.ambiguous, "right": self.ambiguous_right,
                              "gold_in_alternatives": self.ambiguous_rescued},
                "unread_cells": self.unread}


def trust_counts(cells: Iterable[CellComparison], sure: float = SURE) -> TrustCounts:
    """Count the gold cells among ``cells`` (extra cells are not counted), as trust.py does."""
    n = wrong = silent = sure_n = amb = amb_right = rescued = unread = 0
    for c in cells:
        if not c.in_gold:
            continue
        n += 1
        conf = (c.confidence or 0.0) if c.present else 0.0
        sure_n += conf >= sure
        if not c.right:
            wrong += 1
            silent += conf >= sure
        if c.alternatives:
            amb += 1
            amb_right += c.right
            rescued += c.gold_in_alternatives
        unread += c.present and c.kind == "unread"
    return TrustCounts(n, wrong, silent, sure_n, amb, amb_right, rescued, unread)
