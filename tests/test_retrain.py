"""The retraining loop: annotate a new scrape, correct it, add it to the corpus, train again."""
from __future__ import annotations

import json
import shutil

import numpy as np
from typer.testing import CliRunner

from tablerecover.cli import app

from conftest import SEEDS

runner = CliRunner()
TINY = ("synthetic_docs = 6\nheldout_docs = 0\n[tagger]\nmax_iter = 30\nsp_vocab = 300\n"
        "transition_weight = 0.5\n[tagger.features]\nn_features = 32768\n")


def _train(corpus, config, out) -> dict:
    res = runner.invoke(app, ["train", str(corpus), "--config", str(config), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return json.loads((out / "meta.json").read_text())


def _weights(model_dir) -> dict:
    with np.load(model_dir / "weights.npz") as w:
        return {k: w[k] for k in w.files}


def test_a_newly_annotated_file_changes_what_train_produces(tmp_path):
    corpus, config = tmp_path / "corpus", tmp_path / "tiny.toml"
    shutil.copytree(SEEDS, corpus)
    config.write_text(TINY)
    before = _train(corpus, config, tmp_path / "m1")

    # A new scrape: a seed with other numbers, pre-labelled by the model, then corrected by hand.
    scrape = tmp_path / "new_report.txt"
    scrape.write_text((SEEDS / "003_9d9fab9795ea34ed.txt").read_text(encoding="utf-8").replace("| 21 |", "| 34 |"),
                      encoding="utf-8")
    res = runner.invoke(app, ["annotate", str(scrape), "--out", str(corpus)])
    assert res.exit_code == 0 and "new_report.labels.tsv" in res.output, res.output
    labels = corpus / "new_report.labels.tsv"
    rows = labels.read_text(encoding="utf-8").splitlines()
    target = next(i for i, r in enumerate(rows) if r.split("\t")[-1] == "政府办公室")
    parts = rows[target].split("\t")
    parts[2] = "meta" if parts[2].rstrip("?") != "meta" else "prose"  # the person's correction
    rows[target] = "\t".join(parts)
    labels.write_text("\n".join(rows) + "\n", encoding="utf-8")

    after = _train(corpus, config, tmp_path / "m2")
    assert after["training_docs"] == before["training_docs"] + 1
    assert after["training_data_hash"] != before["training_data_hash"]
    w1, w2 = _weights(tmp_path / "m1"), _weights(tmp_path / "m2")
    assert any(not np.array_equal(w1[k], w2[k]) for k in w1 if k in w2)

    # The same corpus and config give the same model again (fixed seeds).
    labels.unlink()
    again = _train(corpus, config, tmp_path / "m3")
    assert again["training_data_hash"] == before["training_data_hash"]
    w3 = _weights(tmp_path / "m3")
    assert w1.keys() == w3.keys() and all(np.array_equal(w1[k], w3[k]) for k in w1)
