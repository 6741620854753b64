"""How far cell confidence can be trusted: reliability bins and the expected calibration error."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

N_CALIBRATION_BINS = 10


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
