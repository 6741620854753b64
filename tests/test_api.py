"""The public Python API, the README's example, optional dependencies, and the CLI's polish
(--format csv, --version, python -m, help text)."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tablerecover
from tablerecover.cli import app, main
from tablerecover.extras import MissingExtra, missing_extra
from tablerecover.longform import COLUMNS

from conftest import ROOT, SEEDS

SEED = next(SEEDS.glob("003_*.txt"))


def readme_python_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"^## Python\n\n```python\n(.*?)^```", text, re.S | re.M).group(1)


def test_readme_python_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    exec(compile(readme_python_example(), "README.md", "exec"), {"__name__": "readme_example"})
    out = capsys.readouterr().out
    assert "2021 2023 recovered" in out and "new applications: 30" in out
    assert out.count(" recovered\n") == 1 + len(list(SEEDS.glob("*.txt")))


def test_recover_reads_paths_text_and_bytes_alike(shipped_model):
    by_path = tablerecover.recover(SEED)
    by_str_path = tablerecover.recover(str(SEED), model=shipped_model)
    by_text = tablerecover.recover(SEED.read_text(encoding="utf-8"))
    by_bytes = tablerecover.recover(SEED.read_bytes())
    assert by_path.source == by_str_path.source == str(SEED)
    assert (by_text.source, by_bytes.source) == ("<text>", "<bytes>")
    tables = by_path.to_dict()["tables"]
    assert all(r.to_dict()["tables"] == tables for r in (by_str_path, by_text, by_bytes))
    assert json.loads(by_path.to_json()) == by_path.to_dict()
    gold = json.loads(SEED.with_name(SEED.stem + ".gold.json").read_text(encoding="utf-8"))
    assert {t: [c["value"] for c in v["cells"]] for t, v in tables.items()} == \
        {t: [c["value"] for c in v["cells"]] for t, v in gold["tables"].items()}


def test_bad_sources_give_problems_not_exceptions():
    missing = tablerecover.recover(Path("no/such/report.txt"))
    assert {t.status for t in missing.tables.values()} == {"missing"} and "cannot read" in missing.problems[0]
    assert "binary" in tablerecover.recover(bytes(range(256)) * 40).problems[0]
    assert tablerecover.recover("no/such/report.txt").problems  # not a path that exists: read as text
    with pytest.raises(TypeError):
        tablerecover.recover(12)  # type: ignore[arg-type]


def test_recover_many_in_input_order_with_workers():
    paths = sorted(SEEDS.glob("*.txt"))[::-1]
    serial = [r.to_dict() for r in tablerecover.recover_many(paths)]
    parallel = [r.to_dict() for r in tablerecover.recover_many(paths, jobs=2, chunk_size=2)]
    assert [r["source"] for r in parallel] == [str(p) for p in paths]
    assert parallel == serial


def test_load_model_and_model_directory(synthetic_only_model):
    model = tablerecover.load_model(synthetic_only_model)
    assert isinstance(model, tablerecover.SequenceTagger)
    assert tablerecover.recover(SEED, model=synthetic_only_model).tables["applications"].status != "missing"
    with pytest.raises(tablerecover.ModelVersionError):
        tablerecover.load_model(SEEDS)


def test_frame_and_csv_are_the_long_form(shipped_model):
    report = tablerecover.recover(SEED, model=shipped_model)
    frame = report.to_frame()
    n_cells = sum(len(t.cells) for t in report.tables.values())
    assert list(frame.columns) == list(COLUMNS) and len(frame) == n_cells
    res = CliRunner().invoke(app, ["recover", str(SEED), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == n_cells and list(rows[0]) == list(COLUMNS)
    new = next(r for r in rows if r["row"] == "一、本年新收政府信息公开申请数量" and r["col"] == "申请人情况/总计")
    assert (new["value"], new["kind"], new["table"]) == ("30", "number", "applications") and new["lines"]
    assert CliRunner().invoke(app, ["recover", str(SEED), str(SEED), "--format", "csv"]).exit_code == 2


def test_missing_optional_dependencies_are_one_line_errors(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "bs4", None)  # as on an install without the corpus extra
    with pytest.raises(SystemExit) as e:
        main(["train", str(SEEDS), "--config", str(ROOT / "training" / "default.toml"), "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.count("\n") == 1 and "pip install 'tablerecover[corpus]'" in err
    assert not (tmp_path / "m").exists()

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(SystemExit) as e:
        main(["recover", str(SEED), "--out", str(tmp_path / "o"), "--backend", "dask", "-q"])
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.count("\n") == 1 and "tablerecover[dask]" in err

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"tablerecover\[pandas\]"):
        tablerecover.recover(SEED).to_frame()

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(SystemExit) as e:
        main(["recover", str(SEED), "--out", str(tmp_path / "o"), "-q"])
    assert e.value.code == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as e:
        main(["dataset", str(tmp_path / "o"), "--parquet", str(tmp_path / "c.parquet")])
    err = capsys.readouterr().err
    assert e.value.code == 2 and "tablerecover[parquet]" in err and "Traceback" not in err
    # An ImportError of an optional module raised anywhere in a command is one line too.
    assert "tablerecover[parquet]" in str(missing_extra(ModuleNotFoundError("x", name="pyarrow.parquet")))
    assert missing_extra(ModuleNotFoundError("x", name="numpy")) is None


def test_version_module_entry_and_help_text_reflowed():
    res = CliRunner().invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"tablerecover {tablerecover.__version__}"
    out = subprocess.run([sys.executable, "-m", "tablerecover", "--version"], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}, check=True).stdout
    assert out.strip() == f"tablerecover {tablerecover.__version__}"
    for width in (80, 100, 120):
        res = CliRunner().invoke(app, ["recover", "--help"], env={"COLUMNS": str(width)})
        lines = [line.strip() for line in res.output.splitlines()]
        # The description's paragraphs reflow: a line ends at the terminal width, not where the
        # docstring's source line ended (which left "a" alone on a line before "progress bar").
        para = lines[lines.index("Recover the three canonical tables from each scrape.") + 2:]
        para = para[:para.index("")]
        assert all(len(line) > width - 30 for line in para[:-1]), para
        assert "progress bar" in " ".join(para)


def test_public_api_type_checks(tmp_path):
    pytest.importorskip("mypy")
    (tmp_path / "user.py").write_text(
        "import tablerecover\n"
        "r: tablerecover.Report = tablerecover.recover(b'x', model=tablerecover.load_model())\n"
        "v: int | float | None = r.tables['applications'].cells[0].value\n"
        "s: str = r.to_json()\n"
        "for x in tablerecover.recover_many(['a.txt'], jobs=2):\n"
        "    reveal_type(x)\n")
    import tomllib

    files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
    # The public modules under the package's mypy config, and a user's code calling them, in one run.
    res = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *files,
                          str(tmp_path / "user.py")], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "", "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stdout + res.stderr
    assert 'Revealed type is "tablerecover.result.Report"' in res.stdout


def test_shipped_model_found_from_a_zip(tmp_path):
    """importlib.resources, not __file__ paths: the package imported from a zip still finds its model."""
    import zipfile

    archive = tmp_path / "tablerecover.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in (ROOT / "src" / "tablerecover").rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                z.write(f, f.relative_to(ROOT / "src"))
    code = ("import tablerecover, tablerecover.model as m\n"
            f"assert tablerecover.__file__.startswith({str(archive)!r})\n"
            f"r = tablerecover.recover({str(SEED)!r})\n"
            "print(m.shipped_model_dir(), r.tables['applications'].status, sum(not c.ok for c in r.checks))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(archive), "PATH": "", "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stderr
    model_dir, status, failed = res.stdout.split()
    assert (status, failed) == ("recovered", "0")
    assert not Path(model_dir).exists()  # the copy out of the zip is removed at exit
