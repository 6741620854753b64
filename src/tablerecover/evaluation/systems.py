"""The systems evaluation compares (the model, the rules, the context-free baseline) and running them on samples."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .document import DocEvaluation, evaluate_report, fragment_views
from .metrics import Metrics, aggregate
from .samples import LoadedSample, Sample, load_sample, shown_path

if TYPE_CHECKING:
    from ..pipeline import Labeller

def analyse_file(path: Path, labeller):
    """As pipeline.recover_file, but keeping what recovery saw (lines and labelled fragments)."""
    from ..io import read_input
    from ..pipeline import analyse_input

    return analyse_input(read_input(path), labeller)


@dataclass(frozen=True)
class System:
    """A way of recovering reports that evaluation scores: a name, what it is, and its labeller."""

    name: str
    description: str
    labeller: Labeller


@dataclass
class SystemEvaluation:
    name: str
    description: str
    documents: list[DocEvaluation]
    metrics: Metrics

    def to_dict(self, documents: bool = True) -> dict:
        d = {"system": self.name, "description": self.description, **self.metrics.to_dict()}
        if documents:
            d["documents"] = [doc.to_dict() for doc in self.documents]
        return d


def evaluate_system(samples: Sequence[LoadedSample], system: System,
                    progress: Callable[[str], None] = lambda msg: None) -> SystemEvaluation:
    """Recover every sample with the system's labeller and evaluate each output against its gold."""
    docs = []
    for ls in samples:
        s = ls.sample
        analysis = analyse_file(s.source, system.labeller)
        pred = analysis.report.to_dict()
        frags = fragment_views(analysis.fragments, ls.gold_labels)
        docs.append(evaluate_report(s.name, pred, ls.gold, source=shown_path(s.source), lines=analysis.lines,
                                    fragments=frags, labels_known=ls.gold_labels is not None,
                                    problems=list(ls.notes) + list(analysis.report.problems), family=s.family))
        progress(f"{system.name}: {s.name}")
    return SystemEvaluation(system.name, system.description, docs, aggregate(docs))


@dataclass
class EvaluationReport:
    """The main system, the baselines evaluated in the same run, and notes (skipped data or baselines)."""

    systems: list[SystemEvaluation]
    notes: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)

    @property
    def main(self) -> SystemEvaluation:
        return self.systems[0]

    @property
    def baselines(self) -> list[SystemEvaluation]:
        return self.systems[1:]

    def to_dict(self) -> dict:
        from .. import __version__

        return {**self.main.to_dict(),
                "baselines": {b.name: b.to_dict() for b in self.baselines},
                "notes": self.notes, "data": self.data, "tablerecover": __version__}


def run_evaluation(samples: Sequence[Sample], systems: Sequence[System], notes: Sequence[str] = (),
                   data: Sequence[str] = (), progress: Callable[[str], None] = lambda msg: None) -> EvaluationReport:
    """Evaluate each system (the first is the main one, the rest baselines) on the same samples."""
    loaded = [load_sample(s) for s in samples]
    return EvaluationReport([evaluate_system(loaded, sys, progress) for sys in systems], list(notes), list(data))


def model_place(path: Path) -> str:
    """A model directory as the reports name it: the package's models/<name> for a shipped one, else its
    path relative to the working directory."""
    from ..model import shipped_model_dir

    path = Path(path)
    shipped = shipped_model_dir().parent.resolve()
    if path.resolve().parent == shipped:
        return f"the shipped models/{path.name}"
    return shown_path(path)


def default_baseline_dir() -> Path:
    """Where the context-free baseline model lives: shipped beside the default model (package data)."""
    from ..model import shipped_model_dir

    return shipped_model_dir("baseline-nocontext")


def model_dir_in_use(path: Path | None) -> Path:
    """The model directory ``load_model(path)`` reads: the given one, $TABLERECOVER_MODEL, or the shipped one."""
    from ..model import model_path

    return model_path(path)


RULES_NAME, MODEL_NAME, NOCONTEXT_NAME = "rules-only", "model", "context-free"


def rules_system() -> System:
    from ..pipeline import RuleLabeller

    return System(RULES_NAME, "hand-written rules label the fragments (rules.py), no classifier", RuleLabeller())


def model_system(labeller: Labeller, model_dir: Path, name: str = MODEL_NAME) -> System:
    return System(name, f"sequence model: {model_place(model_dir)}", labeller)


def baseline_systems(main: System, main_model_dir: Path | None = None, nocontext_dir: Path | None = None,
                     enabled: bool = True) -> tuple[list[System], list[str]]:
    """The baselines to run beside ``main``, and notes on the ones skipped.

    Rules-only (unless main is that already) and the context-free model from ``nocontext_dir``
    (default: ``default_baseline_dir()``), skipped with a note when it is absent or unreadable.
    """
    from ..model import ModelVersionError, SequenceTagger

    if not enabled:
        return [], ["baselines skipped (--no-baselines)"]
    systems, notes = [], []
    if main.name == RULES_NAME:
        notes.append("rules-only baseline: it is the main system of this run")
    else:
        systems.append(rules_system())
    path = Path(nocontext_dir) if nocontext_dir else default_baseline_dir()
    place = model_place(path)
    if main_model_dir is not None and path.resolve() == Path(main_model_dir).resolve():
        notes.append(f"context-free baseline: {place} is the main model of this run")
    elif not (path / "meta.json").exists():
        notes.append(f"context-free baseline skipped: no model in {place} (make one with `tablerecover train "
                     f"corpora/seeds --config training/nocontext.toml --out {shown_path(path)}`)")
    else:
        try:
            systems.append(System(NOCONTEXT_NAME, f"context-free classifier: {place} (no neighbour features, "
                                                  "no transition decoding)", SequenceTagger.load(path)))
        except (ModelVersionError, OSError, ValueError, KeyError) as e:
            notes.append(f"context-free baseline skipped: cannot load {place}: "
                         + str(e).replace(str(path.resolve()), place).replace(str(path), place))
    return systems, notes


def write_outputs(system: SystemEvaluation, out_dir: Path) -> list[Path]:
    """Each recovered report as OUT_DIR/<name>.json (for another scorer, e.g. shared/tools/score.py)."""
    from ..io import write_json_atomic

    paths = []
    for d in system.documents:
        dest = Path(out_dir) / f"{d.name}.json"
        write_json_atomic(dest, d.output)
        paths.append(dest)
    return paths
