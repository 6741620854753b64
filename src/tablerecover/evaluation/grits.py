"""GriTS-Con: grid table similarity by cell content (Smock, Pesala and Abraham, ICDAR 2023).

A table is a 2D grid of cell texts (a spanning cell repeats its text in every grid cell it covers).
GriTS compares two grids A (gold) and B (output) by their most similar substructures: it chooses a
subsequence of rows and a subsequence of columns of each (the same number in A and B, order kept;
a 2D generalisation of the longest common subsequence) that maximises the summed similarity of the
aligned cells, and reports

    GriTS = 2 * sum f(A'[i,j], B'[i,j]) / (|A| + |B|)      precision = sum / |B|,  recall = sum / |A|

where |A| and |B| count grid cells. GriTS-Con uses the content similarity

    f(a, b) = 2 * |LCS(a, b)| / (|a| + |b|)      (1 when both are empty)

with LCS the longest common subsequence of the two strings (characters). Finding the optimal 2D
substructure is NP-hard; like the paper (its "factored 2D-MSS") this aligns rows and columns
separately: rows by a 1D alignment of rows whose match reward is itself the best 1D alignment of
their cells, columns likewise on the transposed grids, and then sums f over the cells at the chosen
row x column intersections.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import LCSseq

Grid = Sequence[Sequence[str]]


@dataclass(frozen=True)
class GritsScore:
    """GriTS of an output grid against a gold grid."""

    f: float            # GriTS itself: 2 * matched / (gold cells + output cells)
    precision: float    # matched / output cells
    recall: float       # matched / gold cells
    matched: float      # summed cell similarity over the aligned substructure
    gold_cells: int
    output_cells: int

    def to_dict(self) -> dict:
        return {"f": round(self.f, 6), "precision": round(self.precision, 6), "recall": round(self.recall, 6),
                "matched": round(self.matched, 6), "gold_cells": self.gold_cells, "output_cells": self.output_cells}


def lcs_similarity(a: str, b: str) -> float:
    """2 * |LCS(a, b)| / (|a| + |b|); 1.0 for two empty strings."""
    if not a and not b:
        return 1.0
    return 2.0 * LCSseq.similarity(a, b) / (len(a) + len(b))


def align_1d(rewards: np.ndarray) -> tuple[float, list[tuple[int, int]]]:
    """Best monotonic alignment of two sequences given the (n, m) reward of matching item i with item j.

    A weighted longest common subsequence: items may be skipped on either side at no cost.
    Returns the score and the aligned (i, j) pairs in order.
    """
    n, m = rewards.shape
    score = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, r = score[i], score[i - 1], rewards[i - 1]
        for j in range(1, m + 1):
            row[j] = max(prev[j - 1] + r[j - 1], prev[j], row[j - 1])
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if score[i, j] == score[i - 1, j - 1] + rewards[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i, j] == score[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return float(score[n, m]), pairs[::-1]


def align_1d_scores(rewards: np.ndarray) -> np.ndarray:
    """The score of ``align_1d`` for a batch of reward matrices (..., n, m), vectorised over the batch.

    Scores are never negative, so a DP row is the running maximum of max(up, diagonal + reward).
    """
    *batch, n, m = rewards.shape
    prev = np.zeros((*batch, m + 1))
    for i in range(n):
        cand = np.zeros_like(prev)
        cand[..., 1:] = np.maximum(prev[..., 1:], prev[..., :-1] + rewards[..., i, :])
        prev = np.maximum.accumulate(cand, axis=-1)
    return prev[..., m]


def align_2d_outer(rewards: np.ndarray) -> tuple[float, list[tuple[int, int]]]:
    """Align the rows of two grids; ``rewards[i, k, j, l]`` is f(gold[i][k], output[j][l]).

    The reward of matching gold row i with output row j is the best 1D alignment of their cells.
    """
    row_rewards = align_1d_scores(rewards.transpose(0, 2, 1, 3))  # (gold row, out row)
    return align_1d(row_rewards)


def _shape(grid: Grid) -> tuple[int, int]:
    rows = len(grid)
    cols = max((len(r) for r in grid), default=0)
    return rows, cols


def _padded(grid: Grid, shape: tuple[int, int]) -> list[list[str]]:
    return [list(r) + [""] * (shape[1] - len(r)) for r in grid]


def grits_con(gold: Grid, output: Grid) -> GritsScore:
    """GriTS-Con of ``output`` against ``gold``: two grids of cell text (ragged rows are padded with '')."""
    gs, os_ = _shape(gold), _shape(output)
    n_gold, n_out = gs[0] * gs[1], os_[0] * os_[1]
    if n_gold == 0 and n_out == 0:
        return GritsScore(1.0, 1.0, 1.0, 0.0, 0, 0)
    if n_gold == 0 or n_out == 0:
        return GritsScore(0.0, 0.0, 0.0, 0.0, n_gold, n_out)
    a, b = _padded(gold, gs), _padded(output, os_)
    # Cell similarities, computed once per distinct pair of texts (grids repeat "0" and labels a lot).
    texts_a = sorted({t for r in a for t in r})
    texts_b = sorted({t for r in b for t in r})
    sim = np.array([[lcs_similarity(x, y) for y in texts_b] for x in texts_a])
    pos_a = {t: k for k, t in enumerate(texts_a)}
    pos_b = {t: k for k, t in enumerate(texts_b)}
    ia = np.array([[pos_a[t] for t in r] for r in a])
    ib = np.array([[pos_b[t] for t in r] for r in b])
    rewards = sim[ia[:, :, None, None], ib[None, None, :, :]]      # (gold row, gold col, out row, out col)
    _, row_pairs = align_2d_outer(rewards)
    _, col_pairs = align_2d_outer(rewards.transpose(1, 0, 3, 2))
    matched = float(sum(rewards[i, k, j, l] for i, j in row_pairs for k, l in col_pairs))
    return GritsScore(2 * matched / (n_gold + n_out), matched / n_out, matched / n_gold, matched, n_gold, n_out)
