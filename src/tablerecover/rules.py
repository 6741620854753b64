"""A hand-written fragment labeller: no learning, no context beyond the previous fragment.

It is the rules-only baseline that evaluation reports set against the trained model, and the
pre-labeller used to bootstrap annotations of new scrapes before a person corrects them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from types import MappingProxyType

from .fragment import Fragment
from .normalise import compact
from .decode import label_similarities
from .template import HEADING_KEYWORDS, lexicon
from .values import parse_value
from .vocab import CJK_RE as _CJK_RE

_META_RE = re.compile(r"(索引号|发布机构|发布单位|成文日期|发文日期|发布日期|发布时间|公开方式|主题分类|体裁分类|文号|有效性|"
                      r"信息来源|访问次数|浏览次数|打印|关闭|扫一扫|字号|来源[:：]|当前位置|首页|分享|收藏|标题[:：]|^第\s*\d+\s*页|^-\s*\d+\s*-$)")
_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")


@lru_cache(maxsize=None)
def _lexicon_keys() -> tuple[tuple[str, ...], MappingProxyType]:
    """Every template wording as a key, and where each role's wordings sit among them."""
    keys: list[str] = []
    spans = {}
    for role, words in lexicon().items():
        spans[role] = slice(len(keys), len(keys) + len(words))
        keys += [compact(w) for w in words]
    return tuple(keys), MappingProxyType(spans)


@lru_cache(maxsize=1 << 14)
def _best_matches(key: str) -> MappingProxyType:
    keys, spans = _lexicon_keys()
    sims = label_similarities(key, keys)  # one call for all roles
    # Cached results are shared by every caller and thread: read-only.
    return MappingProxyType({role: float(sims[span].max()) if span.stop > span.start else 0.0
                             for role, span in spans.items()})


def best_match(key: str, role: str) -> float:
    """Similarity of a fragment to the closest template wording of one role (rowlabel, colhead …)."""
    return _best_matches(key)[role]


def _heading_score(key: str) -> float:
    from rapidfuzz import fuzz

    return max(fuzz.partial_ratio(compact(k), key) for kws in HEADING_KEYWORDS.values() for k in kws) / 100


def rule_label(f: Fragment, prev: Fragment | None, prev_label: str | None) -> str:
    text = f.text
    if not text or text == "\u2205":
        return "empty"
    key = compact(text)
    if not _CJK_RE.search(text):
        if parse_value(text).kind != "text":
            return "value"
        return "meta"
    if text in ("无", "無"):
        return "value"
    if "勾稽关系" in key:
        return "note"
    if key.startswith("第二十条"):
        return "block"
    if len(key) > 45 or key.endswith("。"):
        return "prose"
    if _META_RE.search(key):
        return "meta"
    row, col = best_match(key.replace("合计", "总计"), "rowlabel"), best_match(key, "colhead")
    group = best_match(key, "block")
    if _HEADING_RE.match(key) and _heading_score(key) >= 0.85 and max(row, group) < 0.9:
        return "heading"
    if max(row, group) >= 0.75 and max(row, group) >= col:
        return "rowlabel"
    if col >= 0.75:
        return "colhead"
    if prev is not None and prev_label in ("colhead", "rowlabel") and prev.text and len(key) <= 12:
        joined = compact(prev.text + text)
        role = "colhead" if prev_label == "colhead" else "rowlabel"
        if best_match(joined, role) > best_match(compact(prev.text), role) + 0.05:
            return "cont"
    if _HEADING_RE.match(key) and len(key) <= 30:
        return "heading"
    return "meta" if len(key) <= 20 else "prose"


def rule_labels(frags: list[Fragment]) -> list[str]:
    labels: list[str] = []
    prev, prev_label = None, None
    for f in frags:
        label = rule_label(f, prev, prev_label)
        labels.append(label)
        if f.text:
            prev, prev_label = f, label
    return labels
