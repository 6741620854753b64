"""The command line: thin wrappers over the library (each docstring is the command's help)."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Rebuild the tables of 政府信息公开工作年度报告 from badly flattened web scrapes.")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _labeller(model: Optional[Path], rules: bool):
    from .model import ModelVersionError, load_model
    from .pipeline import RuleLabeller

    if rules:
        return RuleLabeller()
    try:
        return load_model(str(model) if model else None)
    except (ModelVersionError, OSError) as e:
        typer.echo(f"error: cannot load the model: {e}", err=True)
        raise typer.Exit(2)


@app.command()
def recover(
    files: list[Path] = typer.Argument(..., help="Scrapes to recover (text or HTML; '-' reads standard input)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write DIR/<stem>.json for each input."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Without --out: text tables or contract JSON."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model)."),
    rules: bool = typer.Option(False, "--rules", help="Label fragments with the hand-written rules instead of a model."),
) -> None:
    """Recover the three canonical tables from each scrape.

    With --out, writes one JSON file per input in the output contract and prints one line per input;
    otherwise prints the tables (or, with --format json, the JSON) to standard output. A bad input
    gives a report flagged with its problem, and never stops the others.
    """
    from .display import print_report
    from .io import write_json_atomic
    from .pipeline import recover_file

    labeller = _labeller(model, rules)
    failed = 0
    for path in files:
        report = recover_file(path, labeller)
        failed += bool(report.problems)
        if out is not None:
            dest = out / (Path(report.source).stem + ".json" if report.source != "<stdin>" else "stdin.json")
            write_json_atomic(dest, report.to_dict())
            status = " ".join(f"{t}={r.status}" for t, r in report.tables.items())
            bad = sum(not c.ok for c in report.checks)
            note = f"; {'; '.join(report.problems)}" if report.problems else ""
            typer.echo(f"{report.source} -> {dest} template={report.template} {status} failed_checks={bad}{note}")
        elif format is OutputFormat.json:
            sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
        else:
            print_report(report)
    if failed == len(files) and out is None and format is OutputFormat.text:
        raise typer.Exit(1)


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
    result = train_model(cfg, list(corpora or []), out, progress=lambda m: typer.echo(f"[train] {m}", err=True))
    size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
    typer.echo(f"model written to {out} ({size:.1f} MB) in {result.seconds:.1f} s; "
               f"{result.n_docs} docs, {result.n_fragments} fragments, data hash {result.data_hash}")
    for name, s in result.scores.items():
        typer.echo(f"{name}: " + " ".join(f"{k}={v}" for k, v in s.items()))


@app.command()
def evaluate(
    data: list[Path] = typer.Argument(..., help="Scrapes beside gold files (X.txt with X.gold.json), or directories of them."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model directory (default: the shipped model)."),
    rules: bool = typer.Option(False, "--rules", help="Evaluate the rules-only labeller instead of a model."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write metrics JSON here."),
) -> None:
    """Recover each scrape and score it against its gold: cell accuracy and exact documents."""
    from .evaluate import find_gold_pairs, score_doc, summarise
    from .pipeline import recover_file

    labeller = _labeller(model, rules)
    pairs = find_gold_pairs(data)
    if not pairs:
        typer.echo("error: no scrape with a gold file (X.txt beside X.gold.json) found", err=True)
        raise typer.Exit(2)
    scores = []
    typer.echo("| document | cells right | exact |\n|---|---|---|")
    for src, gold in pairs:
        s = score_doc(src.stem, recover_file(src, labeller).to_dict(), json.loads(gold.read_text(encoding="utf-8")))
        scores.append(s)
        typer.echo(f"| {s.name} | {s.right}/{s.cells} | {'yes' if s.exact else 'no'} |")
    summary = summarise(scores)
    typer.echo(f"\ncell_accuracy={summary.cell_accuracy:.4f} doc_exact={summary.doc_exact:.4f} docs={summary.docs}")
    if json_out is not None:
        json_out.write_text(json.dumps({**summary.to_dict(), "documents": [
            {"name": s.name, "cells": s.cells, "right": s.right, "exact": s.exact, "errors": s.errors[:50]} for s in scores]},
            ensure_ascii=False, indent=1) + "\n")


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
    from .pipeline import analyse_text

    labeller = _labeller(model, False)
    for path in files:
        inp = read_input(path)
        if not inp.text.strip():
            typer.echo(f"{path}: skipped: {'; '.join(inp.problems) or 'no text'}", err=True)
            continue
        analysis = analyse_text(inp.text, inp.source, labeller)
        doc = AnnotatedDoc(path.stem, inp.text, analysis.fragments, [f.label for f in analysis.fragments])
        dest = write_sample(doc, out, low_confidence=threshold)
        unsure = sum(f.confidence < threshold for f in analysis.fragments)
        typer.echo(f"{path} -> {dest} ({len(analysis.fragments)} fragments, {unsure} marked '?')")


if __name__ == "__main__":
    app()
