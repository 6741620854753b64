"""Shared fixtures: the bundled seed samples, and a small model trained on synthetic scrapes only."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same examples on every run, so a landing never
# hangs on a lucky draw; a developer's runs draw fresh ones and find new breakages.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpora" / "seeds"
SHARED = ROOT.parent / "shared"


def seed_pairs() -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.with_name(p.stem + ".gold.json").read_text(encoding="utf-8")))
            for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def shipped_model():
    from tablerecover.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def synthetic_only_model(tmp_path_factory):
    """Trained WITHOUT the seeds: generated scrapes only, a smaller budget than the shipped model."""
    from tablerecover.features import FeatureConfig
    from tablerecover.model import SequenceTagger, TaggerConfig
    from tablerecover.train import synthetic_samples

    docs = synthetic_samples(120, seed=7)
    cfg = TaggerConfig(max_iter=150, sp_vocab=800, transition_weight=0.5,
                       features=FeatureConfig(n_features=2**17))
    tagger = SequenceTagger(cfg).fit([d.fragments for d in docs], [d.labels for d in docs])
    path = tmp_path_factory.mktemp("synthetic_only")
    tagger.save(path, {"note": "test model, synthetic data only"})
    return path
