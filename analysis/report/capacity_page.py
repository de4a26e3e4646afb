"""The page of a capacity search (capacity.json): is the whole more than its parts?

Written for a class or a reform office: the "1+1>2" verdicts come first, in large type,
then what was searched in plain words, then every capacity with its interval and what
limits it, so the verdict can be checked against the numbers behind it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import CAPACITY
from orgsim.analysis.report.formatting import fmt, fmt_interval, fmt_share, level_of, present
from orgsim.analysis.report.html import Html, cards, code, table
from orgsim.analysis.report.provenance import settings_table
from orgsim.analysis.report.search_page import search_page, search_settings
from orgsim.analysis.report.shapes import CAPACITY_SHAPE, read_result
from orgsim.analysis.search_tables import PART, WALLED
from orgsim.analysis.search_tables import SUM_OF_PARTS as SUM

#: What limits a capacity (``experiments.search.largest_passing``): short name, meaning.
LIMITS = {
    "target": ("the target", "a little more demand and the target is missed"),
    "stability": (
        "full load",
        "the target is still met when the staff are busy all the time, and no structure "
        "can carry more than that",
    ),
    "unreachable": (
        "target never met",
        "the target is missed even at the lowest demand tried, so the capacity is shown as 0",
    ),
}

#: Ratio verdicts: CSS kind, the large label, and its words.
RATIO_KINDS = {
    "more": ("better", "1+1>2", "The whole carries more than {benchmark}"),
    "less": ("worse", "1+1<2", "The whole carries less than {benchmark}"),
    "equal": ("same", "1+1=2", "No significant difference from {benchmark}"),
    "unknown": ("same", "1+1=?", "Cannot tell: too few replications for an interval"),
}


def ratio_kind(ratio: dict[str, Any]) -> str:
    """``more`` when the whole interval lies above 1, ``less`` below, else ``equal``."""
    low, high = present(ratio.get("ci_low")), present(ratio.get("ci_high"))
    if low is None or high is None:
        return "unknown"
    return "more" if low > 1 else "less" if high < 1 else "equal"


def _who(entity: str, baseline: str) -> Html:
    if entity.startswith(PART):
        return Html(f"section <strong>{escape(entity[len(PART) :])}</strong> alone")
    if entity == SUM:
        return Html("sum of the parts")
    if entity == WALLED:
        return Html("the walled office (sections side by side)")
    return Html(
        f"<strong>{escape(entity)}</strong>" + (" (baseline)" if entity == baseline else "")
    )


def _limit(limit: str) -> str:
    if not limit:
        return "the parts above, added up"
    words = [LIMITS.get(part.strip(), (part.strip(), ""))[0] for part in limit.split(",")]
    varies = " (differs between replications)" if len(words) > 1 else ""
    return " or ".join(words) + varies


def _limits_legend() -> str:
    items = "".join(
        f"<li><strong>{escape(name)}</strong>: {escape(meaning)}.</li>"
        for name, meaning in LIMITS.values()
    )
    return f"<p>What limits each capacity:</p><ul>{items}</ul>"


def _indexes(info: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The verdicts' ratios and their benchmark (older results only have the sum of parts)."""
    if "capacity_index" in info:
        return info.get("capacity_index") or {}, WALLED
    return info.get("ratio_to_sum_of_parts") or {}, SUM


def _cards(info: dict[str, Any]) -> str:
    ratios, benchmark = _indexes(info)
    capacities = info.get("capacities") or {}
    sentences = [s for s in info.get("verdicts") or [] if s]  # null entries say nothing
    unit = info.get("capacity_unit") or "matters per time unit"
    total = capacities.get(benchmark, {}).get("mean")
    named = "the walled office" if benchmark == WALLED else "its parts alone"
    against = f"for {named}"
    baseline = info.get("baseline")
    found = []
    for structure in sorted(ratios, key=lambda name: name == baseline):  # reforms first
        kind, big, words = RATIO_KINDS[ratio_kind(ratios[structure])]
        said = next((s for s in sentences if s.startswith(f"{structure} ")), "")
        text = (
            f"<strong>{escape(structure)}</strong>{escape(said[len(structure) :])}"
            if said
            else f"<strong>{escape(structure)}</strong>: {escape(words.format(benchmark=named))}."
        )
        own = capacities.get(structure, {}).get("mean")
        note = " It is the baseline, made of these same parts." if structure == baseline else ""
        body = (
            f'<p>{text}</p><p class="note">{fmt(own)} {escape(unit)}, against {fmt(total)} '
            f"{against}.{escape(note)}</p>"
        )
        found.append((kind, big, body))
    return cards(found) if found else "<p>No ratio in capacity.json.</p>"


def _times(ratio: dict[str, Any]) -> str:
    if not ratio:
        return ""
    return f"{fmt(ratio.get('mean'))} {fmt_interval(ratio.get('ci_low'), ratio.get('ci_high'))}"


def _capacity_table(info: dict[str, Any]) -> str:
    indexes = info.get("capacity_index") or {}
    ratios = info.get("ratio_to_sum_of_parts") or {}
    baseline = str(info.get("baseline") or "")
    rows, classes = [], []
    for entity, c in (info.get("capacities") or {}).items():
        rows.append(
            [
                _who(entity, baseline),
                fmt(c.get("mean")),
                fmt_interval(c.get("ci_low"), c.get("ci_high")),
                _times(indexes.get(entity) or {}),
                _times(ratios.get(entity) or {}),
                _limit(str(c.get("limit") or "")),
            ]
        )
        classes.append("total" if entity in (SUM, WALLED) else "")
    unit = info.get("capacity_unit") or "matters per time unit"
    level = level_of(info)
    return table(
        f"Capacity: the largest demand meeting the target ({info.get('target') or ''}), "
        f"mean over replications and {level} interval",
        [
            "structure or part",
            f"capacity ({unit})",
            f"{level} interval",
            f"capacity index: to the walled office [{level}]",
            f"ratio to the sum of parts [{level}]",
            "limited by",
        ],
        rows,
        numeric=(1, 2, 3, 4),
        row_classes=classes,
    )


def capacity_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a capacity search folder (one holding capacity.json).

    Args:
        folder: the search folder.
        page_dir: where the page will be saved, for its links to the result files
            (default: the search folder itself).
    """
    info = read_result(folder / CAPACITY, CAPACITY_SHAPE)
    baseline = escape(str(info.get("baseline") or "the baseline"))
    target = escape(str(info.get("target") or "the target"))
    unit = escape(info.get("capacity_unit") or "matters per time unit")
    n = escape(str(info.get("replications", "?")))
    settings = search_settings(folder, "capacity")
    tolerance = present(settings.get("tolerance"))
    searched = [
        f"<p>The <strong>capacity</strong> of a structure is the largest demand (all kinds of "
        f"matter grown together, counted in {unit}) at which it still gets <strong>{target}"
        "</strong>. It is found by bisection, separately in each replication, which gives one "
        f"capacity per replication and a {level_of(info)} interval over the {n} "
        "replications.</p>",
        f"<p>The <strong>parts</strong> are the sections of the baseline structure, "
        f"<strong>{baseline}</strong>, each run alone with its own staff and its own matters. "
        "The <strong>walled office</strong> is those sections side by side, each carrying only "
        "its own matters, with all demand grown together at the office's own mix until the "
        "office as a whole misses the target. The <strong>capacity index</strong> of a "
        "structure is its capacity over the walled office's, worked out replication by "
        "replication: walled sections side by side are exactly 1+1=2 whatever their loads, "
        "and a structure is <em>1+1&gt;2</em> when its index's whole interval lies above 1."
        "</p><p>The <strong>sum of parts</strong> is a second figure: each section alone "
        "pushed to its own limit, then added up. It is more than the walled office when the "
        "sections' loads are uneven, because demand at the office's mix cannot be shifted to "
        "fill every section to its limit; a ratio to it below 1 does not mean the structure "
        "lost anything.</p>",
        settings_table(
            info,
            [
                ("search", "capacity: the largest demand meeting the target"),
                ("target", info.get("target") or ""),
                ("parts", f"the sections of {info.get('baseline') or ''}, each alone"),
                *(
                    [("found to within", f"{fmt_share(tolerance)} of the demand at full load")]
                    if tolerance is not None
                    else []
                ),
            ],
            caption="What was searched",
        ),
    ]
    results = [
        f"<p>Numbers in square brackets are {level_of(info)} intervals. With few replications "
        "they are "
        "wide; the ratios are tighter than the capacities because the structure and its parts "
        "face the same demand in each replication, so most of the chance cancels out.</p>",
        _capacity_table(info),
        _limits_legend(),
    ]
    files = {
        "capacity.md": "the capacity table and verdicts as Markdown",
        CAPACITY: "everything on this page, as numbers",
        "capacity.parquet": "the capacity of every part and structure in every replication",
        "curve.parquet": "deadline attainment at each demand level and replication",
        "capacity.svg": "the figure, for printing",
    }
    hashes = info.get("spec_hashes") or {}
    extra = [
        table(
            "Fingerprints of the structures (spec hashes)",
            ["structure", "hash"],
            [[k, code(v)] for k, v in hashes.items()],
        )
    ]
    lead = (
        f"How much demand can each structure carry and still get {target}, compared with "
        f"its sections working alone? Searched over {n} replications."
    )
    sections = [
        ("verdict", "Verdict", "Is the whole more than the sum of its parts?", [_cards(info)]),
        ("searched", "What was searched", "What was searched", searched),
        ("capacities", "Capacities", "Capacity of each structure and its parts", results),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files, extra)
