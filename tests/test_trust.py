"""Runs you can trust (issue 14): parallel and distributed runs equal the serial one byte for byte
with the shipped model, a budget bounds every document, reports carry their provenance and
--resume redoes reports another model or version made, and a model that cannot be used fails with
one line."""
from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tablerecover import __version__
from tablerecover.batch import BatchSettings, plan, run_batch
from tablerecover.cli import app
from tablerecover.fragment import Fragment
from tablerecover.io import format_json
from tablerecover.model import GroupScores, ModelVersionError, SequenceTagger, load_model, shipped_model_dir
from tablerecover.pipeline import Budget, RuleLabeller, recover_file, recover_text
from tablerecover.decode.units import merge_units
from tablerecover.synth import generate_docs

from conftest import SEEDS

runner = CliRunner()
N_DOCS = 104


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """≥ 100 generated scrapes, every flattening style, both formats."""
    d = tmp_path_factory.mktemp("generated")
    for i, doc in enumerate(generate_docs(N_DOCS, seed=14)):
        (d / f"doc{i:03d}.txt").write_text(doc.text, encoding="utf-8")
    return d


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.json"))}


def test_parallel_and_distributed_runs_equal_the_serial_run(generated, tmp_path):
    distributed = pytest.importorskip("distributed")
    inputs = [str(generated)]

    def run(name: str, **kw) -> dict[str, bytes]:
        out = tmp_path / name
        result = run_batch(plan(inputs, out), BatchSettings(out, **kw))
        assert result.failed == 0 and result.written == N_DOCS
        return _outputs(out)

    serial = run("serial")
    assert len(serial) == N_DOCS
    # No run-time field in a report: whole files must be equal.
    assert all(b'"provenance"' in v for v in serial.values())
    assert run("jobs2", jobs=2) == serial
    for processes in (True, False):  # worker processes; and threads of one process sharing one model
        with distributed.LocalCluster(n_workers=1, threads_per_worker=4, processes=processes,
                                      dashboard_address=None) as cluster:
            got = run(f"dask-{processes}", backend="dask", scheduler=cluster.scheduler_address, chunk_size=4)
        assert got == serial, f"processes={processes}: {sum(got.get(k) != v for k, v in serial.items())} reports differ"


def test_threads_sharing_one_tagger_agree_with_serial_runs(generated):
    texts = [p.read_text(encoding="utf-8") for p in sorted(generated.glob("*.txt"))]
    serial_tagger = SequenceTagger.load(shipped_model_dir())
    serial = [format_json(recover_text(t, str(i), serial_tagger).to_dict()) for i, t in enumerate(texts)]
    shared = SequenceTagger.load(shipped_model_dir())
    # A small table: evictions happen while other threads read it (what diverged without the lock).
    shared._scores = GroupScores(shared.featurizer_, shared.coef_.T, capacity=4096)
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda it: format_json(recover_text(it[1], str(it[0]), shared).to_dict()),
                                 enumerate(texts)))
    assert sum(a != b for a, b in zip(serial, threaded)) == 0


def test_merge_units_joins_long_chains_in_order():
    frags = [Fragment("一、", (1,), 0, 0, 1, False, False, label="rowlabel")]
    frags += [Fragment(f"续{i}", (2 + i // 2,), 1 + i, 0, 1, False, False, label="cont", confidence=1 - i / 1e5)
              for i in range(5000)]
    frags.append(Fragment("7", (9999,), 9999, 0, 1, False, False, label="value"))
    units = merge_units(frags)
    assert [u.label for u in units] == ["rowlabel", "value"]
    assert units[0].text == "一、" + "".join(f"续{i}" for i in range(5000))
    assert units[0].lines == [1] + list(range(2, 2 + 2500))  # each line once, in order
    assert units[0].frags == list(range(5001))
    assert units[0].confidence == pytest.approx(1 - 4999 / 1e5)


def test_plan_names_thousands_of_same_stem_inputs(tmp_path):
    paths = []
    for i in range(300):
        (tmp_path / str(i)).mkdir()
        (tmp_path / str(i) / "index.html").write_text("x")
        paths.append(str(tmp_path / str(i) / "index.html"))
    (tmp_path / "index-2.html").write_text("x")  # a real input already named like a suffixed one
    items = plan(paths[:150] + [str(tmp_path / "index-2.html")] + paths[150:], tmp_path / "out")
    names = [i.dest.name for i in items]
    assert len(set(names)) == len(names) == 301
    assert names[:3] == ["index.json", "index-2.json", "index-3.json"] and names[150] == "index-2-2.json"


def test_a_hostile_input_is_stopped_by_its_budget_and_the_batch_goes_on(tmp_path):
    hostile = tmp_path / "zeros.txt"
    hostile.write_text("0\n" * 1_000_000)  # 2 MB, a million fragments
    one_line = tmp_path / "oneline.txt"
    one_line.write_text("0 " * 240_000)
    model = load_model()
    for path in (hostile, one_line):
        t0 = time.perf_counter()
        report = recover_file(path, model)
        assert time.perf_counter() - t0 < 30
        assert report.problems and "budget" in report.problems[0]
        assert all(t.status == "missing" and not t.cells for t in report.tables.values())  # no half reading
    seed = sorted(SEEDS.glob("*.txt"))[0]
    slow = recover_file(seed, model, Budget(seconds=1e-4))
    assert "time budget" in slow.problems[0] and all(not t.cells for t in slow.tables.values())
    assert recover_file(seed, model, Budget()).problems == []

    out = tmp_path / "out"
    result = run_batch(plan([str(hostile), str(seed)], out), BatchSettings(out, budget=Budget(max_lines=10_000)))
    assert result.written == 2 and result.flagged == 1 and result.failed == 0
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["source"] for e in errors] == [str(hostile)] and "budget" in errors[0]["reason"]
    cli = runner.invoke(app, ["recover", str(seed), "--time-budget", "0.001", "--format", "json"])
    assert "time budget" in json.loads(cli.stdout)["problems"][0]


def test_reports_carry_provenance_and_resume_redoes_other_makers(tmp_path):
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    out = tmp_path / "out"
    items = plan(seeds, out)
    run_batch(items, BatchSettings(out, rules=True))
    report = json.loads(items[0].dest.read_text())
    assert report["provenance"] == {"tablerecover": __version__, "model": "rules", "model_hash": None}
    again = run_batch(items, BatchSettings(out, rules=True, resume=True))
    assert again.skipped == 2 and again.written == 0
    with_model = run_batch(items, BatchSettings(out, resume=True))  # another labeller: redo all
    assert with_model.skipped == 0 and with_model.written == 2
    meta = json.loads((shipped_model_dir() / "meta.json").read_text())
    assert json.loads(items[0].dest.read_text())["provenance"] == {
        "tablerecover": __version__, "model": "default", "model_hash": meta["training_data_hash"]}
    stale = json.loads(items[1].dest.read_text())
    stale["provenance"]["tablerecover"] = "0.0.9"  # made by an older release, though newer than the input
    items[1].dest.write_text(json.dumps(stale))
    redo = run_batch(items, BatchSettings(out, resume=True))
    assert redo.skipped == 1 and redo.written == 1
    assert json.loads(items[1].dest.read_text())["provenance"]["tablerecover"] == __version__


@pytest.fixture()
def model_copy(tmp_path) -> Path:
    copy = tmp_path / "copied-model"
    shutil.copytree(shipped_model_dir(), copy)
    return copy


def _edit(path: Path, **changes) -> None:
    d = json.loads(path.read_text())
    for key, value in changes.items():
        target = d
        *parents, last = key.split("__")
        for p in parents:
            target = target[p]
        target[last] = value
    path.write_text(json.dumps(d))


@pytest.mark.parametrize("breakage", ["unknown_config_key", "format", "major", "newer", "weights", "config", "not_json"])
def test_an_unusable_model_fails_with_one_line(model_copy, breakage):
    if breakage == "unknown_config_key":
        _edit(model_copy / "config.json", tagger__features__new_feature_kind=True)
    elif breakage == "format":
        _edit(model_copy / "meta.json", format_version=1)
    elif breakage == "major":
        _edit(model_copy / "meta.json", tablerecover="1.0.0")
    elif breakage == "newer":
        major, minor, _ = __version__.split(".")
        _edit(model_copy / "meta.json", tablerecover=f"{major}.{int(minor) + 1}.0")
    elif breakage == "weights":
        (model_copy / "weights.npz").unlink()
    elif breakage == "config":
        (model_copy / "config.json").unlink()
    else:
        (model_copy / "meta.json").write_text("{not json")
    with pytest.raises(ModelVersionError):
        SequenceTagger.load(model_copy)
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    for args in (["recover", seed, "--model", str(model_copy)], ["recover", seed, "--model", str(model_copy), "--out", str(model_copy / "o")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: cannot load the model"), lines


def test_the_model_variable_and_option_are_honoured_every_time(model_copy, monkeypatch):
    seed = str(sorted(SEEDS.glob("*.txt"))[0])

    def maker(*args) -> dict:
        result = runner.invoke(app, ["recover", seed, "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["provenance"]

    monkeypatch.delenv("TABLERECOVER_MODEL", raising=False)
    assert maker()["model"] == "default"
    monkeypatch.setenv("TABLERECOVER_MODEL", str(model_copy))
    assert maker()["model"] == "copied-model"  # the variable changed after a load: honoured
    assert load_model() is load_model(model_copy)
    assert maker("--model", str(shipped_model_dir()))["model"] == "default"
    monkeypatch.setenv("TABLERECOVER_MODEL", str(model_copy.parent / "nowhere"))
    result = runner.invoke(app, ["recover", seed])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    monkeypatch.delenv("TABLERECOVER_MODEL")
    assert load_model().provenance().model == "default"
    assert isinstance(RuleLabeller().provenance().model, str)


def test_fragmenter_splits_off_every_mark_values_reads_as_not_applicable():
    from tablerecover.normalise import normalise_text
    from tablerecover.fragment import fragment_lines
    from tablerecover.values import parse_value
    from tablerecover.vocab import NA_MARKS, UNITS

    for mark in sorted(NA_MARKS):
        texts = [f.text for f in fragment_lines(normalise_text(f"规章 {mark} 3"))]
        assert texts[0] == "规章" and len(texts) == 3, (mark, texts)
        assert parse_value(texts[1]).kind == "na" and parse_value(texts[2]).value == 3, (mark, texts)
    for unit in UNITS:
        texts = [f.text for f in fragment_lines(normalise_text(f"收费金额 12{unit}"))]
        assert texts == ["收费金额", f"12{unit}"] and parse_value(texts[1]).value == 12


def test_a_stage_that_overruns_is_stopped_at_the_deadline():
    """On a process's main thread (the CLI, joblib workers) a slow stage does not run past the budget."""
    class Stuck(RuleLabeller):
        def label(self, frags):
            time.sleep(30)

    seed = sorted(SEEDS.glob("*.txt"))[0]
    t0 = time.perf_counter()
    report = recover_file(seed, Stuck(), Budget(seconds=0.5))
    assert time.perf_counter() - t0 < 5
    assert "time budget" in report.problems[0] and all(not t.cells for t in report.tables.values())
    model = load_model()
    model.discard_caches()
    assert recover_file(seed, model).problems == []  # the table is rebuilt, nothing half-updated kept
