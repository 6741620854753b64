"""The command line: thin wrappers over the library (each docstring is the command's help)."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .extras import MissingExtra, missing_extra

# Markdown help: a docstring's paragraphs reflow to the terminal's width (rich mode keeps its line breaks).
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="markdown")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tablerecover {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Rebuild the tables of 政府信息公开工作年度报告 from badly flattened web scrapes."""


def main(argv: Optional[list[str]] = None) -> None:
    """The console script: a missing optional dependency is one line naming its extra, not a traceback."""
    try:
        app(argv, prog_name="tablerecover")
    except MissingExtra as e:
        typer.echo(f"error: {e}", err=True)
        sys.exit(2)
    except ImportError as e:
        extra = missing_extra(e)
        if extra is None:
            raise
        typer.echo(f"error: {extra}", err=True)
        sys.exit(2)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


def _labeller(model: Optional[Path], rules: bool):
    from .model import ModelVersionError, load_model
    from .pipeline import RuleLabeller

    if rules:
        return RuleLabeller()
    try:
        return load_model(str(model) if model else None)
    except (ModelVersionError, OSError) as e:
        typer.echo(f"error: cannot load the model: {' '.join(str(e).split())}", err=True)  # one line
        raise typer.Exit(2)


class Backend(str, Enum):
    loky = "loky"
    dask = "dask"


@app.command()
def recover(
    files: list[str] = typer.Argument(..., help="Scrapes (text or HTML), directories (recursive), globs, or '-' for standard input."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write one JSON file per input under DIR (a batch)."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f",
                                        help="Without --out: text tables, contract JSON, or CSV with one row per cell."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model)."),
    rules: bool = typer.Option(False, "--rules", help="Label fragments with the hand-written rules instead of a model."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parallel worker processes for a batch."),
    resume: bool = typer.Option(False, "--resume", help="Skip inputs whose output is newer than the input, parses and was made by this tablerecover and model."),
    backend: Backend = typer.Option(Backend.loky, "--backend", help="loky: local processes; dask: a Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    time_budget: float = typer.Option(60.0, "--time-budget", min=0.001, help="Seconds one document may take; past it the report says so and the batch goes on."),
    max_fragments: int = typer.Option(50_000, "--max-fragments", min=1, help="Fragments one document may have (bounds its memory)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    no_year_chain: bool = typer.Option(False, "--no-year-chain", help="Batch: leave every report as read alone "
                                       "(no deciding of tied cells by the same agency's neighbouring years)."),
) -> None:
    """Recover the three canonical tables from each scrape.

    With --out, runs a batch: DIR/STEM.json per input (a directory input mirrors its tree), a
    progress bar, failures in DIR/errors.jsonl (one bad input never stops the batch), atomic writes,
    --resume after an interruption; then the year chain: a cell one report leaves tied that the same
    agency's report of the year before or after decides is rewritten (check year_chain.decided). Otherwise prints the tables, the JSON (--format json), or CSV
    with one row per cell (--format csv: source, table, row, col, value, raw, kind, confidence, lines).
    """
    from .pipeline import Budget, recover_file

    budget = Budget(seconds=time_budget, max_fragments=max_fragments)
    if out is not None:
        _recover_batch(files, out, model, rules, jobs, resume, backend.value, scheduler, quiet, budget,
                       not no_year_chain)
        return
    if format is OutputFormat.csv and len(files) != 1:
        typer.echo("error: --format csv takes one input (for a batch: --out DIR, then tablerecover dataset DIR --long)", err=True)
        raise typer.Exit(2)
    labeller = _labeller(model, rules)
    failed = 0
    for path in files:
        report = recover_file(path, labeller, budget)
        failed += bool(report.problems)
        if format is OutputFormat.json:
            sys.stdout.write(report.to_json() + "\n")
        elif format is OutputFormat.csv:
            from .longform import write_csv

            write_csv(report, sys.stdout)
        else:
            from .display import print_report  # rich: only for the terminal view

            print_report(report)
    if failed == len(files) and out is None and format is OutputFormat.text:
        raise typer.Exit(1)


def _recover_batch(files: list[str], out: Path, model: Optional[Path], rules: bool, jobs: int, resume: bool,
                   backend: str, scheduler: Optional[str], quiet: bool, budget, year_chain: bool) -> None:
    from .batch import BatchSettings, plan, run_batch
    from .display import batch_progress

    if backend == "dask":
        from .extras import require_extra

        require_extra("dask", "--backend dask")
    if not rules:
        _labeller(model, rules)  # fail early, once, on a model that cannot load
    items = plan(files, out)
    settings = BatchSettings(out, jobs, resume, str(model) if model else None, rules, backend, scheduler, budget=budget,
                             year_chain=year_chain)
    with batch_progress(enabled=not quiet and sys.stderr.isatty()) as progress:
        result = run_batch(items, settings, progress)
    typer.echo(f"{result.written} reports written to {out} ({result.flagged} flagged), {result.skipped} already current, "
               f"{result.failed} failed; {result.seconds:.1f} s, {result.rate:.1f} reports/s"
               + (f"; problems in {result.errors_file}" if result.flagged or result.failed else ""))
    if result.chain_reports:
        typer.echo(f"year chain: {result.chain_decided} tied cells decided, {result.chain_preferred} put first "
                   f"(still tied) in {result.chain_reports} reports")


@app.command()
def dataset(
    out_dir: Path = typer.Argument(..., help="A batch's output directory (the reports written by recover --out)."),
    long: Optional[Path] = typer.Option(None, "--long", help="Long CSV: one row per cell."),
    wide: Optional[Path] = typer.Option(None, "--wide", help="Wide CSV: one row per report, one column per canonical cell."),
    sqlite: Optional[Path] = typer.Option(None, "--sqlite", help="SQLite: tables reports, cells, checks, cross_year."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="Parquet of the long table (needs pyarrow)."),
    cross_year: Optional[Path] = typer.Option(None, "--cross-year", help="CSV: cross-year checks (carried-over applications; table 二 in force, soft)."),
) -> None:
    """Build analysis datasets from a batch's reports (long/wide CSV, SQLite, Parquet, cross-year checks)."""
    from . import dataset as ds

    reports = list(ds.read_reports(out_dir))
    if not reports:
        typer.echo(f"error: no reports under {out_dir}", err=True)
        raise typer.Exit(2)
    from functools import partial

    checks = ds.cross_year_checks(reports) if cross_year or sqlite else None  # computed once for all three uses
    writers = [(long, ds.write_long_csv, "cells"), (wide, ds.write_wide_csv, "reports"),
               (sqlite, partial(ds.write_sqlite, checks=checks), "reports"), (parquet, ds.write_parquet, "cells"),
               (cross_year, partial(ds.write_cross_year_csv, checks=checks), "cross-year checks")]
    if not any(path for path, _, _ in writers):
        typer.echo("error: give at least one of --long, --wide, --sqlite, --parquet, --cross-year", err=True)
        raise typer.Exit(2)
    for path, write, what in writers:
        if path is None:
            continue
        try:
            n = write(reports, path)
        except RuntimeError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2)
        typer.echo(f"{path}: {n} {what} from {len(reports)} reports")
    if cross_year or sqlite:
        typer.echo(ds.cross_year_summary(reports, checks))


@app.command()
def train(
    corpora: list[Path] = typer.Argument(None, help="Annotated samples: NAME.labels.tsv files or directories of them."),
    config: Path = typer.Option(Path("training/default.toml"), "--config", "-c", help="Training config (TOML)."),
    out: Path = typer.Option(..., "--out", "-o", help="Model directory to write."),
) -> None:
    """Train a fragment classifier on annotated samples plus generated synthetic scrapes."""
    from .train import TrainConfig, train as train_model

    try:
        cfg = TrainConfig.load(config)
    except (OSError, ValueError, TypeError) as e:
        typer.echo(f"error: bad config {config}: {e}", err=True)
        raise typer.Exit(2)
    from .extras import require
    from .synth import LIBRARY_STYLES

    if cfg.synthetic_docs or cfg.heldout_docs:  # fail before the work: library styles need the HTML-to-text tools
        require("training on library-flattened synthetic scrapes",
                *(s for s in (cfg.styles or LIBRARY_STYLES) if s in LIBRARY_STYLES))
    result = train_model(cfg, list(corpora or []), out, progress=lambda m: typer.echo(f"[train] {m}", err=True))
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    typer.echo(f"model written to {out} ({size:.1f} MB) in {result.seconds:.1f} s; "
               f"{result.n_docs} docs, {result.n_fragments} fragments, data hash {result.data_hash}")
    for name, s in result.scores.items():
        typer.echo(f"{name}: " + " ".join(f"{k}={v}" for k, v in s.items()))


@app.command()
def evaluate(
    data: list[Path] = typer.Argument(..., help="Annotated samples (NAME.labels.tsv beside NAME.txt and NAME.gold.json), "
                                                "scrapes beside gold files (X.txt with X.gold.json), or directories of them."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model)."),
    rules: bool = typer.Option(False, "--rules", help="Evaluate the rules-only labeller instead of a model."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the metrics JSON here."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Write the self-contained HTML report here."),
    baseline_model: Optional[Path] = typer.Option(None, "--baseline-model",
                                                  help="Context-free baseline model (default: baseline-nocontext beside the shipped model)."),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="Skip the rules-only and context-free baselines."),
    outputs: Optional[Path] = typer.Option(None, "--outputs", help="Also write each recovered report as DIR/<name>.json."),
) -> None:
    """Recover each sample, score it against its gold and report, beside the baselines.

    Prints a Markdown summary: cell accuracy, tuple precision/recall/F1, exact documents and tables,
    status and template accuracy, GriTS-Con, identity pass rates, per-label fragment scores (where
    labels are known), confidence calibration, the silent-error rate and sure share (overall and per
    flattening family) and metadata scores, for the model and for the rules-only and context-free
    baselines run on the same data. --json writes the metrics, --html a self-contained report with
    plots and a drill-down of every document that is not exact or has flagged cells. Paths are shown
    relative to the working directory. The metrics are defined in docs/evaluation.md.
    """
    from .evaluation.html import write_html
    from .evaluation.markdown import format_markdown
    from .evaluation.samples import find_samples, shown_path
    from .evaluation.systems import (baseline_systems, model_dir_in_use, model_system, rules_system, run_evaluation,
                                     write_outputs)
    from .io import write_json_atomic

    samples, notes = find_samples(data)
    if not samples:
        typer.echo("error: no sample with a gold file (X.txt beside X.gold.json) found"
                   + "".join(f"\n  {n}" for n in notes), err=True)
        raise typer.Exit(2)
    main = rules_system() if rules else model_system(_labeller(model, False), model_dir_in_use(model))
    baselines, more = baseline_systems(main, None if rules else model_dir_in_use(model), baseline_model, not no_baselines)
    report = run_evaluation(samples, [main, *baselines], notes + more, [shown_path(p) for p in data])
    typer.echo(format_markdown(report))
    if json_out is not None:
        write_json_atomic(json_out, report.to_dict())
    if html_out is not None:
        write_html(report, html_out)
    if outputs is not None:
        write_outputs(report.main, outputs)


@app.command()
def annotate(
    files: list[Path] = typer.Argument(..., help="Scrapes to pre-label."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for NAME.txt and NAME.labels.tsv."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model)."),
    threshold: float = typer.Option(0.9, help="Mark labels below this confidence with '?' for review."),
) -> None:
    """Pre-label scrapes with the current model into the annotated-sample format, for a person to correct."""
    from .corpus import AnnotatedDoc, write_sample
    from .io import read_input
    from .pipeline import analyse_input

    labeller = _labeller(model, False)
    for path in files:
        inp = read_input(path)
        analysis = analyse_input(inp, labeller)
        if not analysis.fragments:
            typer.echo(f"{path}: skipped: {'; '.join(analysis.report.problems) or 'no text'}", err=True)
            continue
        doc = AnnotatedDoc(path.stem, inp.text_of(analysis.report.reading), analysis.fragments,
                           [f.label for f in analysis.fragments])
        dest = write_sample(doc, out, low_confidence=threshold)
        unsure = sum(f.confidence < threshold for f in analysis.fragments)
        typer.echo(f"{path} -> {dest} ({len(analysis.fragments)} fragments, {unsure} marked '?')")


if __name__ == "__main__":
    main()
