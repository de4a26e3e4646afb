"""The page of a robustness run (robustness.json): does the plan's verdict survive?

It opens with the share of the plausible range where the plan is better, makes no practical
difference, or is worse, then the ranges that were sampled and the assumptions the verdict
depends on most, with their intervals. Every sentence is in the language shown.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.report.folders import ReportInputError, read_json
from orgsim.analysis.report.formatting import fmt
from orgsim.analysis.report.html import cards, strong, table
from orgsim.analysis.report.search_page import search_page
from orgsim.analysis.results_folder import ROBUSTNESS
from orgsim.analysis.robustness_tables import VERDICTS, band_words

#: The colour class of each verdict's card.
CARD_KIND = {"better": "better", "no practical difference": "same", "worse": "worse"}


def _checked(folder: Path) -> dict[str, Any]:
    info = read_json(folder / ROBUSTNESS)
    shares = info.get("shares")
    if not isinstance(shares, dict) or not all(
        isinstance(shares.get(name), int | float) for name in VERDICTS
    ):
        raise ReportInputError(
            f"{folder / ROBUSTNESS}: shares is missing or not numbers per verdict; "
            "run the robustness task again to rewrite it"
        )
    return info


def _influence_table(influence: list[dict[str, Any]]) -> str:
    if not influence:
        return "<p>{}</p>".format(
            escape(_("Too few points to tell which assumption matters most; sample more."))
        )
    measure = _(str(influence[0].get("measure", "influence")))
    rows = [
        [strong(r.get("assumption", "")), fmt(r.get("influence")), fmt(r.get("influence_conf"))]
        for r in influence
    ]
    return table(
        _("Which assumptions the verdict depends on most (largest first)"),
        [_("assumption"), measure, _("± (95% interval)")],
        rows,
        numeric=(1, 2),
    )


def _band(info: dict[str, Any], metric: str) -> str:
    """The smallest difference that matters, as recorded (older folders: a relative band)."""
    record = info.get("practical")
    if isinstance(record, dict):
        return band_words(record, metric)
    band = info.get("band")
    relative = band if isinstance(band, int | float) else 0.05
    return band_words({"relative": relative}, metric)


def robustness_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a robustness folder (one holding robustness.json)."""
    info = _checked(folder)
    shares = info["shares"]
    plan = str(info.get("plan") or _("the plan"))
    baseline = str(info.get("baseline_structure") or _("the baseline"))
    metric = str(info.get("metric") or "wait_mean")
    found_metric = metric_info(metric)
    metric_label = found_metric.shown_label if found_metric is not None else metric
    band_text = _band(info, metric)
    found = [
        (
            CARD_KIND[name],
            f"{shares[name]:.0%}",
            "<p>{}</p>".format(
                _("of the range: {plan} {verdict}").format(
                    plan=f"<strong>{escape(plan)}</strong>", verdict=escape(_(name))
                )
            ),
        )
        for name in VERDICTS
    ]
    ranges = info.get("ranges") or {}
    sampled = [
        "<p>{}</p>".format(
            escape(
                _(
                    "{points} points sampled by the {method} method; at each, {plan} and "
                    "{baseline} ran the same replications on the same seeds, and a change of "
                    "{metric} smaller than {band} counts as no practical difference (the "
                    "metric's smallest difference that matters, with this run's practical "
                    "settings)."
                ).format(
                    points=info.get("points", "?"),
                    method=info.get("method", "?"),
                    plan=plan,
                    baseline=baseline,
                    metric=metric_label,
                    band=band_text,
                )
            )
        ),
        table(
            _("The uncertain assumptions and their plausible ranges"),
            [_("assumption"), _("low"), _("high")],
            [[strong(p), fmt(b[0]), fmt(b[1])] for p, b in ranges.items()],
            numeric=(1, 2),
        ),
    ]
    files = {
        "robustness.md": _("the verdict shares and influences as Markdown"),
        ROBUSTNESS: _("everything on this page, as numbers"),
        "robustness.parquet": _(
            "every point: the assumptions, both means, the paired difference and its "
            "interval, the gain, the band and the verdict"
        ),
        "robustness.svg": _("the figure, for printing"),
    }
    lead = escape(
        _(
            "Is {plan} better than {baseline} on {metric} over the plausible range of what "
            "the office does not know? No practical difference: a change smaller than {band}."
        ).format(plan=plan, baseline=baseline, metric=metric_label, band=band_text)
    )
    sections = [
        ("verdict", _("Verdict"), _("Where in the range the plan wins"), [cards(found)]),
        ("sampled", _("Ranges"), _("What was sampled"), sampled),
        (
            "influence",
            _("Influence"),
            _("Which assumptions decide"),
            [_influence_table(list(info.get("influence") or []))],
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files)
