"""The robustness figure: each sampled point's verdict over the two assumptions that matter most."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.plotting import save, theme, wrap
from orgsim.analysis.results_folder import ROBUSTNESS, ROBUSTNESS_TABLE
from orgsim.analysis.robustness_tables import VERDICTS

#: Green better, grey no practical difference, red worse.
VERDICT_COLOURS = dict(zip(VERDICTS, ("#1b9e77", "#9e9e9e", "#d95f02"), strict=True))


def robustness_title(office: str, plan: str, baseline: str, metric: str) -> str:
    """``office: merged against current (mean wait)``, in the language shown."""
    found = metric_info(metric)
    return _("{office}: {plan} against {baseline} ({metric})").format(
        office=office or _("office"),
        plan=plan,
        baseline=baseline,
        metric=found.shown_label if found is not None else metric,
    )


def verdict_map(table: pd.DataFrame, axes_of: list[str], title: str, path: Path) -> list[Path]:
    """Scatter of the points' verdicts; with one assumption, the gain along it.

    Args:
        table: one row per point: the assumptions' values, ``gain`` and ``verdict``.
        axes_of: the (one or two) assumptions to draw, most influential first.
        title: the figure's title.
        path: where to save, without suffix.
    """
    theme()
    fig, ax = plt.subplots(figsize=(8.4, 5.0), constrained_layout=True)
    x = axes_of[0]
    y = axes_of[1] if len(axes_of) > 1 else "gain"
    shown = table.assign(verdict=[_(v) for v in table["verdict"]])
    sns.scatterplot(
        data=shown,
        x=x,
        y=y,
        hue="verdict",
        hue_order=[_(v) for v in VERDICTS],
        palette={_(v): colour for v, colour in VERDICT_COLOURS.items()},
        s=60,
        ax=ax,
    )
    if y == "gain":
        ax.axhline(0, color="0.3", linewidth=1)
        ax.set_ylabel(_("gain of the plan (relative; > 0 better)"))
    ax.set_xlabel(wrap(x, 40))
    if y != "gain":
        ax.set_ylabel(wrap(y, 40))
    ax.legend(title=_("verdict"), loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.suptitle(wrap(title, 70))
    return save(fig, path)


def verdict_map_of(folder: Path, office: str, path: Path) -> list[Path]:
    """A robustness folder's figure drawn again, in the language shown, from its own files."""
    info: dict[str, Any] = json.loads((folder / ROBUSTNESS).read_text(encoding="utf-8"))
    table = pd.read_parquet(folder / ROBUSTNESS_TABLE)
    order = [str(row["assumption"]) for row in info.get("influence") or []]
    order = order or list(info.get("ranges") or {})
    title = robustness_title(
        office or str(info.get("org") or ""),
        str(info["plan"]),
        str(info["baseline_structure"]),
        str(info["metric"]),
    )
    return verdict_map(table, order[:2], title, path)
