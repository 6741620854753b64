"""How well a printed row label reads as each template label, and the monotonic alignment of a
table's labels to its template rows."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

ENUM_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")
_GROUP_PREFIX_RE = re.compile(r"^\([一二三四五六七八九十]+\)[^\d()]{0,4}(?=\d+[.、])")
MIN_ROW_SIM = 0.62
_SHORT_LABEL = 2  # a label this short matches a longer text only at its head
# A vertical group label's piece printed before a row's own bracketed enumerator on the row's line
# (pdfplumber: "年度办 (二)部分公开", "三、本 (一)予以公开"): read the row's label without it too.
_VERTICAL_PIECE_RE = re.compile(r"^(?:[一二三四五六七八九十]+、)?[^\d()、.]{1,5}(?=\([一二三四五六七八九十]+\))")


def _split_enum(key: str) -> tuple[str, str]:
    m = ENUM_RE.match(key)
    return (m.group(0), key[m.end():]) if m else ("", key)


@lru_cache(maxsize=256)
def _split_targets(template_keys: tuple[str, ...]) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    parts = [_split_enum(k) for k in template_keys]
    enums = [e.rstrip("、.") for e, _ in parts]
    return enums, np.array([bool(e) for e in enums]), [c for _, c in parts], np.array([len(c) for _, c in parts])


@lru_cache(maxsize=1 << 13)  # a table's labels recur across a batch's reports
def label_similarities(source_key: str, template_keys: tuple[str, ...]) -> np.ndarray:
    """0..1 for each template label: how well a source label reads as it, tolerant of enumerator
    and notes. Read-only (cached); one rapidfuzz call scores the source against all labels."""
    # A vertical group label's first characters before the row's own enumerator ("(六)其2.申请人…",
    # pdftotext interleaves "（六）其" / "他处理" with the row label) say nothing of the row.
    source_key = _GROUP_PREFIX_RE.sub("", source_key)
    se, sc = _split_enum(source_key)
    enums, has_enum, contents, lens = _split_targets(template_keys)
    if not sc:
        score = np.zeros(len(template_keys))
    else:
        score = process.cdist([sc], contents, scorer=fuzz.ratio, dtype=np.float64)[0]
        if len(sc) >= 2:
            # Filling notes and extra words around the label: "规章(设区的市…应提供相关数据)". A label
            # of two characters is found inside any long text ("其他" in "不计其他情形"): only its head counts.
            partial = 0.93 * process.cdist([sc], contents, scorer=fuzz.partial_ratio, dtype=np.float64)[0]
            short = lens <= _SHORT_LABEL
            partial[short] = 0.93 * process.cdist([sc[:_SHORT_LABEL + 1]], [c for c, s in zip(contents, short) if s],
                                                  scorer=fuzz.partial_ratio, dtype=np.float64)[0]
            score = np.where(lens >= 2, np.maximum(score, partial), score)
        if se:
            same = np.array([e == se.rstrip("、.") for e in enums])
            score = np.where(has_enum, score + np.where(same, 4, -12), score)
        score = np.where(lens == 0, 0.0, np.clip(score, 0.0, 100.0)) / 100.0
    score.flags.writeable = False
    return score


def row_similarities(key: str, targets: tuple[str, ...]) -> np.ndarray:
    """``label_similarities``, the label read with and without a vertical group label's piece before
    its enumerator, whichever reads better."""
    score = label_similarities(key, targets)
    bare = _VERTICAL_PIECE_RE.sub("", key)
    return np.maximum(score, label_similarities(bare, targets)) if bare != key else score


def align_rows(row_keys: list[str], keys: list[str],
               bonus: list[float] | None = None) -> list[tuple[int, float] | None]:
    """Monotonic alignment of template rows to source labels (``keys``) maximising total similarity
    (plus each label's ``bonus`` when it is matched): per row, (label index, similarity) or None."""
    R, U = len(row_keys), len(keys)
    bonus = bonus or [0.0] * U
    targets = tuple(row_keys)
    sim = np.array([row_similarities(k, targets) for k in keys]).reshape(U, R).T.tolist()
    dp = [[0.0] * (U + 1) for _ in range(R + 1)]
    for i in range(1, R + 1):
        for j in range(1, U + 1):
            best = max(dp[i - 1][j], dp[i][j - 1])
            s = sim[i - 1][j - 1]
            if s >= MIN_ROW_SIM:
                best = max(best, dp[i - 1][j - 1] + s + bonus[j - 1])
            dp[i][j] = best
    match: list[int | None] = [None] * R
    i, j = R, U
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= MIN_ROW_SIM and abs(dp[i][j] - (dp[i - 1][j - 1] + s + bonus[j - 1])) < 1e-12:
            match[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif dp[i][j] == dp[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return [(m, sim[r][m]) if m is not None else None for r, m in enumerate(match)]  # type: ignore[misc]


def best_similarity(key: str, row_keys: tuple[str, ...]) -> float:
    """The best a source label reads as any of the template labels (0 for no text)."""
    return float(label_similarities(key, row_keys).max()) if key else 0.0
