"""The plots of the evaluation report, drawn by matplotlib (Agg, no display) as PNG ``data:`` URIs.

Each figure is at most 13 inches (1300 pixels) wide with its legend inside the figure, so it fits a
1400-pixel window, and is stored as a palette PNG (plots have few colours: a third of the bytes)."""
from __future__ import annotations

import base64
import io
import warnings
from collections.abc import Sequence

from .systems import SystemEvaluation

def _png(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from PIL import Image

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyphs for CJK document names
        fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    buf.seek(0)
    small = io.BytesIO()
    Image.open(buf).convert("RGB").quantize(colors=64).save(small, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(small.getvalue()).decode("ascii")


def plot_confusion(system: SystemEvaluation) -> str | None:
    """The fragment-label confusion matrix (rows gold, columns predicted; colour = share of the row)."""
    from matplotlib.figure import Figure

    lab = system.metrics.labels
    if lab is None or not lab.fragments:
        return None
    n = len(lab.labels)
    shares = [[c / max(sum(row), 1) for c in row] for row in lab.confusion]
    fig = Figure(figsize=(6.4, 5.4))
    ax = fig.add_subplot()
    im = ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            c = lab.confusion[i][j]
            if c:
                ax.text(j, i, str(c), ha="center", va="center", fontsize=7,
                        color="white" if shares[i][j] > 0.6 else "black")
    ax.set_xticks(range(n), lab.labels, rotation=45, ha="right")
    ax.set_yticks(range(n), lab.labels)
    ax.set_xlabel("predicted label")
    ax.set_ylabel("gold label")
    ax.set_title(f"{system.name}: fragment labels ({lab.fragments} fragments)")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="share of gold row")
    return _png(fig)


def plot_documents(systems: Sequence[SystemEvaluation]) -> str | None:
    """Cell accuracy per document, every system side by side."""
    from matplotlib.figure import Figure

    docs = systems[0].documents
    if not docs:
        return None
    n, k = len(docs), len(systems)
    fig = Figure(figsize=(min(max(6.0, 0.5 * n * k + 2), 13), 3.8))
    ax = fig.add_subplot()
    if n <= 40:
        width = 0.8 / k
        for s_i, s in enumerate(systems):
            xs = [i + (s_i - (k - 1) / 2) * width for i in range(n)]
            ax.bar(xs, [d.cell_accuracy for d in s.documents], width=width, label=s.name)
        ax.set_xticks(range(n), [d.name[:16] for d in docs], rotation=45 if n > 4 else 0, ha="right" if n > 4 else "center",
                      fontsize=8)
    else:  # too many for bars: each system's accuracies sorted
        for s in systems:
            ax.plot(sorted(d.cell_accuracy for d in s.documents), label=s.name)
        ax.set_xlabel("documents, sorted by cell accuracy")
    lo = min(d.cell_accuracy for s in systems for d in s.documents)
    ax.set_ylim(max(0.0, lo - 0.05) if lo > 0.5 else 0.0, 1.005)
    ax.set_ylabel("cell accuracy")
    ax.set_title("cell accuracy per document", pad=20)
    # One row between the title and the axes: inside the figure, over no bar.
    ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=k, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def plot_calibration(systems: Sequence[SystemEvaluation]) -> str | None:
    """Reliability diagram: share of cells right per confidence bin, against the diagonal."""
    from matplotlib.figure import Figure

    if not any(b.cells for s in systems for b in s.metrics.calibration):
        return None
    fig = Figure(figsize=(5.2, 4.4))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], linestyle="--", color="#adb5bd", label="perfectly calibrated")
    for s in systems:
        pts = [(b.mean_confidence, b.accuracy, b.cells) for b in s.metrics.calibration if b.cells]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=s.name)
        for x, y, c in pts:
            ax.annotate(str(c), (x, y), textcoords="offset points", xytext=(3, -10), fontsize=6)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("cell confidence (mean in bin)")
    ax.set_ylabel("share of cells right")
    ax.set_title("calibration (numbers: cells in bin)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    return _png(fig)
