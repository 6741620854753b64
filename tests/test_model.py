"""The sequence classifier: estimator contract, persistence with version checks, decoding."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tablerecover.corpus import read_corpus
from tablerecover.labels import LABELS
from tablerecover.model import FORMAT_VERSION, ModelVersionError, SequenceTagger, viterbi

from conftest import SEEDS


def test_viterbi_prefers_allowed_transitions():
    # Two labels; emissions slightly favour label 1 at step 1, but 0 -> 1 is very unlikely.
    em = np.log(np.array([[0.9, 0.1], [0.45, 0.55], [0.9, 0.1]]))
    trans = np.log(np.array([[0.99, 0.01], [0.5, 0.5]]))
    start = np.log(np.array([0.5, 0.5]))
    assert viterbi(em, trans, start, 0.0).tolist() == [0, 1, 0]
    assert viterbi(em, trans, start, 1.0).tolist() == [0, 0, 0]


def test_viterbi_is_the_step_by_step_recursion_float_for_float():
    # The fast decoder (sure steps walked on a table, run scores by cumulative sums) must give the
    # recursion's path exactly, near-ties and exact ties included (rounded emissions tie often).
    from tablerecover.model import _viterbi_steps

    rng = np.random.default_rng(0)
    trans = np.log(rng.dirichlet(np.ones(10), size=10))
    start = np.log(rng.dirichlet(np.ones(10)))
    for trial in range(600):
        n = int(rng.integers(1, 400))
        z = [rng.normal(0, 3, (n, 10)), rng.normal(0, 30, (n, 10)), np.round(rng.normal(0, 2, (n, 10))),
             rng.normal(0, 0.01, (n, 10)), np.where(rng.random((n, 10)) < 0.1, 9.0, 0.0)][trial % 5]
        em = (z - np.log(np.exp(z).sum(axis=1, keepdims=True))).astype(np.float32)
        for w in (0.25, 1.0):
            assert np.array_equal(viterbi(em, trans, start, w), _viterbi_steps(em, w * trans, em[0] + w * start))


def test_group_codes_are_the_groups():
    from tablerecover.fragment import fragment_lines
    from tablerecover.model import load_model
    from tablerecover.normalise import normalise_text

    featurizer = load_model().featurizer_
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for text in texts + ["x", "a\nb", "一、总体情况\n1 2\n\n3", "| 1 | 12 |\n二、主动公开\n（七）总计630020469"]:
        frags = fragment_lines(normalise_text(text))
        codes, groups = featurizer.group_codes(frags)
        expected = featurizer.groups(frags)
        assert [[groups[c] for c in row if c >= 0] for row in codes] == expected
        assert codes.shape[1] == max(len(gs) for gs in expected)


def test_saved_model_round_trips_and_checks_versions(synthetic_only_model, tmp_path):
    tagger = SequenceTagger.load(synthetic_only_model)
    assert tagger.classes_.tolist() == list(LABELS)
    assert [k for k in vars(tagger) if k.endswith("_")], "learned attributes end in _"
    doc = read_corpus([SEEDS])[3]
    before = tagger.predict([doc.fragments])[0]
    # Labels agree with the hand-checked annotation on most fragments of an unseen real report.
    agree = np.mean([p == g for p, g in zip(before, doc.labels)])
    assert agree > 0.97  # measured 0.995; margin 0.025

    copy = tmp_path / "copy"
    tagger.save(copy, json.loads((synthetic_only_model / "meta.json").read_text()))
    assert SequenceTagger.load(copy).predict([doc.fragments])[0] == before

    meta = json.loads((copy / "meta.json").read_text())
    for key in ("tablerecover", "numpy", "scikit-learn", "sentencepiece", "labels", "format_version"):
        assert key in meta
    meta["format_version"] = 999
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelVersionError):
        SequenceTagger.load(copy)
    with pytest.raises(ModelVersionError):
        SequenceTagger.load(tmp_path / "nowhere")
    meta["format_version"] = FORMAT_VERSION
    (copy / "meta.json").write_text(json.dumps(meta))
    (copy / "jieba.dict").unlink()  # an incomplete copy of a model directory
    with pytest.raises(ModelVersionError, match="incomplete or damaged"):
        SequenceTagger.load(copy)


def test_fit_returns_self_and_learns_from_annotations():
    docs = read_corpus([SEEDS])
    tagger = SequenceTagger()
    from tablerecover.features import FeatureConfig
    from tablerecover.model import TaggerConfig

    tagger = SequenceTagger(TaggerConfig(max_iter=60, sp_vocab=300, transition_weight=None,
                                         features=FeatureConfig(n_features=2**15, jieba=False)))
    assert tagger.fit([d.fragments for d in docs[:4]], [d.labels for d in docs[:4]]) is tagger
    assert tagger.transition_weight_ in (0.0, 0.25, 0.5, 1.0)
    pred = tagger.predict([docs[4].fragments])[0]
    acc = np.mean([p == g for p, g in zip(pred, docs[4].labels)])
    assert acc > 0.96  # trained on four real reports, labelling the fifth: measured 0.991, margin 0.03


def test_cached_group_scores_equal_the_feature_matrix_product(synthetic_only_model):
    # Prediction sums cached per-group scores; training multiplies the hashed feature matrix. Both
    # must give the same emissions, on a first and on a fully cached pass.
    tagger = SequenceTagger.load(synthetic_only_model)
    frags = read_corpus([SEEDS])[1].fragments
    X = tagger.featurizer_.transform(frags)
    expected = np.asarray(X @ tagger.coef_.T) + tagger.intercept_
    for _ in range(2):
        got = tagger._scores_for(frags) + tagger.intercept_
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_domain_jieba_dictionary_segments_like_the_full_dictionary():
    import jieba

    from tablerecover.features import _jieba_tokenizer, jieba_dictionary, text_key

    texts = sorted({text_key(f.text, 24) for d in read_corpus([SEEDS]) for f in d.fragments if f.text})
    small = _jieba_tokenizer(jieba_dictionary(texts))
    full = jieba.Tokenizer()
    assert len(small.FREQ) < len(full.gen_pfdict(full.get_dict_file())[0]) / 20
    assert [small.lcut(t) for t in texts] == [full.lcut(t) for t in texts]


def test_tagger_is_a_scikit_learn_estimator():
    from sklearn.base import clone

    from tablerecover.model import TaggerConfig

    tagger = SequenceTagger(TaggerConfig(C=2.0), context=False)
    twin = clone(tagger)
    assert twin is not tagger and twin.get_params() == tagger.get_params()
    assert twin.set_params(decode=False) is twin and not twin.decode
    with pytest.raises(ValueError):
        twin.set_params(colour="red")


def test_group_score_table_keeps_recurring_groups_and_stays_bounded(synthetic_only_model):
    from tablerecover.model import GroupScores

    tagger = SequenceTagger.load(synthetic_only_model)
    docs = [d.fragments for d in read_corpus([SEEDS])]
    # Fewer rows than the seeds have groups (1,298), more than one seed has (≤ 663): it evicts between documents.
    scores = GroupScores(tagger.featurizer_, tagger.coef_.T, capacity=1000)
    evictions, evict = [], scores._evict
    scores._evict = lambda room: (evictions.append(len(scores.rows)), evict(room))  # type: ignore[method-assign]
    bias = None
    for frags in docs * 3:
        got = scores.scores(frags)
        expected = np.asarray(tagger.featurizer_.transform(frags) @ tagger.coef_.T)
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)  # right after every eviction too
        assert len(scores.rows) < 1000
        bias = bias or scores.rows["bias"]
    assert evictions, "the table was full and evicted"
    assert scores.rows["bias"] <= bias  # a group every fragment has survives the evictions

    # A document with more groups than the table holds: the rest are scored without being kept.
    tiny = GroupScores(tagger.featurizer_, tagger.coef_.T, capacity=200)
    frags = docs[0]
    np.testing.assert_allclose(tiny.scores(frags), np.asarray(tagger.featurizer_.transform(frags) @ tagger.coef_.T),
                               rtol=1e-4, atol=1e-4)
