"""The brief's robustness part: does the verdict survive what the office does not know?

With a robustness folder (``task=robustness``, robustness.json) it gives the share of the
plausible range where the plan is better, makes no practical difference or is worse, and
the assumptions the verdict depends on most. Without one it says plainly that no check was
run, and gives the command that runs one for this run's office and plan.
"""

from __future__ import annotations

import shlex
from html import escape
from pathlib import Path
from typing import Any

import yaml

from orgsim.analysis.i18n import _
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.report.folders import ReportInputError, read_json
from orgsim.analysis.report.formatting import and_list, fmt
from orgsim.analysis.report.html import cards
from orgsim.analysis.results_folder import ROBUSTNESS
from orgsim.analysis.robustness_tables import VERDICTS

#: The colour class of each verdict's card (as on the robustness page).
CARD_KIND = {"better": "better", "no practical difference": "same", "worse": "worse"}
#: The most influential assumptions named.
MOST_NAMED = 3
#: The range suggested when no check was run: demand 20% either side of the run's.
SUGGESTED_RANGES = "robustness.ranges={workload.arrival_scale: [0.8, 1.2]}"


def read_robustness(folder: Path, summary: dict[str, Any]) -> dict[str, Any]:
    """robustness.json of ``folder``, checked to be about the run's office and plan.

    Raises:
        ReportInputError: the file is damaged, or is about another office, plan or baseline.
    """
    info = read_json(folder / ROBUSTNESS)
    shares = info.get("shares")
    where = f"--robustness {folder}"
    if not isinstance(shares, dict) or not all(
        isinstance(shares.get(name), int | float) for name in VERDICTS
    ):
        raise ReportInputError(
            f"{where}: {ROBUSTNESS} has no share per verdict; run the robustness task again"
        )
    office, theirs = summary.get("org"), info.get("org")
    if office and theirs and office != theirs:
        raise ReportInputError(
            f"{where}: it is about the office {theirs!r}, the run about {office!r}; give the "
            "robustness folder of this run's office"
        )
    plans = set(summary.get("paired_differences") or {})
    plan = info.get("plan")
    if plan not in plans:
        listed = ", ".join(sorted(plans)) or "none"
        raise ReportInputError(
            f"{where}: its plan {plan!r} is not an alternative of the run ({listed}); give "
            "the robustness folder of one of them"
        )
    baseline = info.get("baseline_structure") or info.get("baseline")
    if baseline != summary.get("baseline"):
        raise ReportInputError(
            f"{where}: its baseline {baseline!r} is not the run's ({summary.get('baseline')!r}); "
            "give a robustness folder against the same baseline"
        )
    return info


def _influence(info: dict[str, Any]) -> str:
    influence = [r for r in info.get("influence") or [] if isinstance(r, dict)]
    if not influence:
        return _("Too few points to tell which assumption matters most; sample more.")
    measure = _(str(influence[0].get("measure", "influence")))
    named = [
        _("{assumption} ({value} ± {conf})").format(
            assumption=r.get("assumption", ""),
            value=fmt(r.get("influence")),
            conf=fmt(r.get("influence_conf")),
        )
        for r in influence[:MOST_NAMED]
    ]
    return _("The verdict depends most on {names} ({measure}, largest first).").format(
        names=and_list(named), measure=measure
    )


def robustness_part(info: dict[str, Any], folder: Path) -> list[str]:
    """The result of a robustness check: three shares, what was varied, what decides."""
    shares = info["shares"]
    plan = str(info.get("plan") or "")
    baseline = str(info.get("baseline_structure") or "")
    metric = str(info.get("metric") or "wait_mean")
    found = metric_info(metric)
    label = found.shown_label if found is not None else metric
    boxes = [
        (
            CARD_KIND[name],
            f"{shares[name]:.0%}",
            "<p>{}</p>".format(
                escape(_("of the range: {plan} {verdict}").format(plan=plan, verdict=_(name)))
            ),
        )
        for name in VERDICTS
    ]
    ranges = info.get("ranges") or {}
    varied = and_list(
        [
            _("{assumption} from {low} to {high}").format(
                assumption=name, low=fmt(bounds[0]), high=fmt(bounds[1])
            )
            for name, bounds in ranges.items()
            if isinstance(bounds, list | tuple) and len(bounds) == 2
        ]
    )
    said = _(
        "{plan} against {baseline} on {metric}, at {points} points of the plausible range "
        "({varied}), each a paired comparison on the same seeds."
    ).format(
        plan=plan,
        baseline=baseline,
        metric=label,
        points=info.get("points", "?"),
        varied=varied,
    )
    return [
        f'<div class="shares">{cards(boxes)}</div>',
        f"<p>{escape(said)} {escape(_influence(info))}</p>",
        "<p>{}</p>".format(
            _("Robustness folder: {path}").format(
                path=f"<code>{escape(str(folder.resolve()))}</code>"
            )
        ),
    ]


def _run_overrides(folder: Path) -> list[str]:
    """The run's own command-line settings (``.hydra/overrides.yaml``), without Hydra's."""
    try:
        found = yaml.safe_load((folder / ".hydra" / "overrides.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(found, list):
        return []
    return [
        str(o)
        for o in found
        if not str(o).startswith(("hydra.", "task=", "robustness.", "structure="))
    ]


def no_robustness_part(folder: Path, summary: dict[str, Any]) -> list[str]:
    """No check was run: say so, and give the two commands that add one to the brief."""
    plans = list(summary.get("paired_differences") or {})
    plan = plans[0] if plans else "PLAN"
    target = folder.resolve().parent / f"{folder.resolve().name}-robustness"
    run = [
        "orgsim",
        *_run_overrides(folder),
        "task=robustness",
        f"robustness.plan={plan}",
        SUGGESTED_RANGES,
        f"hydra.run.dir={target}",
    ]
    brief = [
        "orgsim-report",
        str(folder.resolve()),
        "--brief",
        "--robustness",
        str(target),
        "--overwrite",
    ]
    commands = "\n".join(" ".join(shlex.quote(word) for word in words) for words in (run, brief))
    return [
        "<p>{}</p>".format(
            escape(
                _(
                    "No robustness check was run: the verdict above holds for the assumptions "
                    "as set, and nobody has yet tried it over what the office does not know "
                    "for sure. To check it (here over demand 20% either side; add the office's "
                    "other uncertain settings as ranges), then make this brief again:"
                )
            )
        ),
        f"<pre>{escape(commands)}</pre>",
    ]
