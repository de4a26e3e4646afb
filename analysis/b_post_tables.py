"""The B-post recommendation as people read it: who backs up whom, why, and what it gains.

Takes plain records (no engine objects), so the analysis layer stays below the experiments.
Every sentence is kept with its values (:class:`Reason`, the ``search`` record), so a page
says it again in the language shown rather than quoting the English of the run. The
numbers are recorded in the engine's unit; an office that reads its results in other units
(the ``display`` b_posts.json records) sees them converted and labelled (:class:`Shown`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from orgsim.analysis.formatting import interval_text, markdown_cell
from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.metric_registry import info as metric_info
from orgsim.analysis.units import (
    PERIOD_WORDS,
    RATE_METRICS,
    TIME_METRICS,
    UNIT_WORDS,
    Display,
    units_word,
)

#: What the recommended column says when B posts make no practical difference.
UNNECESSARY = N_("unnecessary")

#: Why a person has (or has not) the B post recommended, by key; values filled in by name.
REASONS: dict[str, str] = {
    "pairs": N_("pairs {a} and {b}"),
    "closes": N_("closes the chain ({section} back to {target})"),
    "links": N_(
        "links the least busy section ({section}, load {load:.2f}) to the busiest "
        "({target}, load {target_load:.2f})"
    ),
    "continues": N_("continues the chain ({section} backs up {target})"),
    "over_limit": N_("left out: backing up {target} would go over the limit of {most} new skills"),
    "taken_away": N_("taken away by the search: backing up {before} made no practical difference"),
    "given": N_(
        "given by the search: improves {metric} by {gain:.3g} on the search's replications"
    ),
    "moved": N_(
        "moved by the search: improves {metric} by {gain:.3g} on the search's replications"
    ),
    "unnecessary": N_("B posts make no practical difference in this office"),
    "nowhere": N_("no other section they may back up"),
}

#: The reasons that carry a gain, as said with its unit when the office reads other units.
REASONS_WITH_UNIT: dict[str, str] = {
    "given": N_(
        "given by the search: improves {metric} by {gain:.3g}{unit} on the search's replications"
    ),
    "moved": N_(
        "moved by the search: improves {metric} by {gain:.3g}{unit} on the search's replications"
    ),
}


class Reason(str):
    """A reason as English text, which also keeps its key and values to be said again."""

    key: str
    values: dict[str, Any]


def reason(key: str, **values: Any) -> Reason:
    """The reason ``key`` (one of :data:`REASONS`) with its values, in English."""
    made = Reason(REASONS[key].format(**values))
    made.key, made.values = key, values
    return made


@dataclass(frozen=True)
class Shown:
    """How the recorded gains and means are shown: in the office's units, or as recorded.

    Attributes:
        display: the office's units (b_posts.json's ``display``); None for the engine's.
        factor: what a recorded gain, mean or band is multiplied by when shown.
        unit: what follows a shown number: `` minutes``, ``分钟``, or nothing.
        one: what follows a shown ``1``: `` minute`` (as recorded without a display).
    """

    display: Display | None = None
    factor: float = 1.0
    unit: str = ""
    one: str = ""

    def after(self, number: str) -> str:
        """What follows the shown ``number``: the unit, singular after ``1``."""
        return self.one if number == "1" else self.unit

    def number(self, value: Any) -> Any:
        """A recorded number as shown; anything else (None, a damaged value) as it is."""
        if isinstance(value, int | float) and not isinstance(value, bool) and self.factor != 1:
            return value * self.factor
        return value


def shown_units(result: Mapping[str, Any]) -> Shown:
    """The units ``result`` (b_posts.json) is shown in: the display it records, else its own.

    Without a display, the numbers as recorded with the engine's unit (``gain_unit``).
    """
    display = Display.from_record(result.get("display"))
    if display is None:
        recorded = unit_words(result.get("gain_unit"))
        return Shown(unit=recorded, one=recorded)
    metric = str(result.get("metric") or "")
    base = metric.split(".", 1)[0]
    unit = one = ""
    if base in TIME_METRICS:
        unit = unit_words(UNIT_WORDS[display.unit])
        one = display.time_word if in_chinese() else f" {display.time_word}"
    elif base in RATE_METRICS:
        unit = one = display.rate_words if in_chinese() else f" {display.rate_words}"
    return Shown(display, display.factor(metric), unit, one)


def axis_unit(result: Mapping[str, Any]) -> str | None:
    """The unit a figure's axis names (English source words), or None for a metric without one.

    The display's when b_posts.json records one, else the engine's (``gain_unit``).
    """
    display = Display.from_record(result.get("display"))
    if display is None:
        return result.get("gain_unit") or None
    base = str(result.get("metric") or "").split(".", 1)[0]
    if base in TIME_METRICS:
        return UNIT_WORDS[display.unit]
    if base in RATE_METRICS:
        return PERIOD_WORDS[display.throughput_per]
    return None


def shown_reason(row: Mapping[str, Any], shown: Shown | None = None) -> str:
    """A row's ``why`` in the language shown (its English text if it has no known key).

    A gain in it is in the units of ``shown``, labelled when the office reads other units.
    """
    key, values = row.get("why_key"), row.get("why_values")
    if key not in REASONS or not isinstance(values, dict):
        return str(row.get("why") or "")
    if "metric" in values:
        values = {**values, "metric": metric_words(str(values["metric"]))}
    sentence = REASONS[str(key)]
    if shown is not None and shown.display is not None and key in REASONS_WITH_UNIT:
        sentence = REASONS_WITH_UNIT[str(key)]
        gain = shown.number(values.get("gain"))
        one = isinstance(gain, int | float) and f"{gain:.3g}" == "1"
        values = {**values, "gain": gain, "unit": shown.one if one else shown.unit}
    try:
        return _(sentence).format(**values)
    except (KeyError, ValueError, IndexError, TypeError):  # a damaged value: as written
        return str(row.get("why") or "")


def metric_words(metric: str) -> str:
    """The metric's label in Chinese; its name in English (as the run printed it)."""
    found = metric_info(metric)
    return found.shown_label if found is not None and in_chinese() else metric


def unit_words(time_unit: str | None) -> str:
    """`` hours`` after a time in English, ``小时`` in Chinese; nothing if there is no unit."""
    if not time_unit:
        return ""
    return units_word(time_unit) if in_chinese() else f" {units_word(time_unit)}"


#: The answer when B posts make no practical difference, its numbers labelled with their unit
#: (for an office that reads other units than the engine's).
NOT_RECOMMENDED_WITH_UNIT = N_(
    "No B posts recommended: the best found makes no practical difference to {metric} "
    "(gain {gain}{unit} [{low}, {high}], smallest difference that matters {band}{band_unit})"
)


def headline(result: Mapping[str, Any]) -> str:
    """The one-sentence answer: how many people, how many new skills, and the gain.

    In the office's units when ``result`` records a display (:func:`shown_units`).
    """
    best = result["comparisons"][0]
    gain = best["gain"]
    metric = metric_words(str(result["metric"]))
    shown = shown_units(result)
    numbers = {
        "gain": f"{shown.number(gain['mean']):.3g}",
        "low": f"{shown.number(gain['ci_low']):.3g}",
        "high": f"{shown.number(gain['ci_high']):.3g}",
    }
    if result.get("recommended"):
        people = sum(1 for r in result["posts"] if r.get("recommended_b_post"))
        return _(
            "B posts recommended: {people} people, {skills} new skills; {metric} better than "
            "with the current posts by {gain}{unit} [{low}, {high}]"
        ).format(
            people=people,
            skills=best["new_skills"],
            metric=metric,
            unit=shown.after(numbers["gain"]),
            **numbers,
        )
    band = f"{shown.number(result['band']):.3g}"
    if shown.display is not None:
        return _(NOT_RECOMMENDED_WITH_UNIT).format(
            metric=metric,
            band=band,
            unit=shown.after(numbers["gain"]),
            band_unit=shown.after(band),
            **numbers,
        )
    return _(
        "No B posts recommended: the best found makes no practical difference to {metric} "
        "(gain {gain} [{low}, {high}], smallest difference that matters {band})"
    ).format(metric=metric, band=band, **numbers)


def basis(result: Mapping[str, Any]) -> str:
    """How the answer was found: the search, the replications and the office's limits."""
    search = result["search"]
    where = _("sections of the same unit") if search["same_unit"] else _("any section")
    most = search["most_new_skills"]
    skills = (
        _("no limit on new skills") if most is None else _("at most {n} new skills").format(n=most)
    )
    start = search.get("learning_start")
    learning = (
        _("learned at {speed} of nominal speed").format(speed=f"{search['speed']:g}")
        if start is None
        else _("learned at {speed} of nominal speed, starting at {start} of it").format(
            speed=f"{search['speed']:g}", start=f"{start:g}"
        )
    )
    return _(
        "Search: a chain across sections, improved one person at a time over {candidates} "
        "candidates on {replications} replications with common random numbers; gains judged "
        "on {replications} fresh paired replications ({level} CI, > 0 is better than the "
        "current posts). Limits: {where}, {skills}, {learning}."
    ).format(
        candidates=search["candidates"],
        replications=search["replications"],
        level=result["interval_level"],
        where=where,
        skills=skills,
        learning=learning,
    )


def shown_headline(result: Mapping[str, Any]) -> str:
    """The headline in the language shown (as written, for folders without the numbers)."""
    try:
        return headline(result)
    except (KeyError, TypeError, ValueError, IndexError):
        return str(result.get("headline") or "")


def shown_basis(result: Mapping[str, Any]) -> str:
    """The basis in the language shown (as written, for folders without the ``search`` record)."""
    try:
        return basis(result)
    except (KeyError, TypeError, ValueError, IndexError):
        return str(result.get("basis") or "")


def posts_table(rows: Sequence[Mapping[str, Any]], shown: Shown | None = None) -> str:
    """Markdown: person, A post, current B post, recommended B post, why (gains as ``shown``)."""
    heads = [_("person"), _("A post"), _("current B post"), _("recommended B post"), _("why")]
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
    for row in rows:
        recommended = row["recommended_b_post"]
        cells = (
            row["person"],
            row["a_post"],
            row["current_b_post"] or "-",
            _(recommended) if recommended == UNNECESSARY else recommended or "-",
            shown_reason(row, shown),
        )
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def comparison_table(
    rows: Sequence[Mapping[str, Any]], metric: str, level: str, shown: Shown | None = None
) -> str:
    """Markdown: each set of posts, the skills it needs, the metric and the paired gain.

    With the office's units (``shown``), the means and gains in them and their columns
    labelled: ``wait_mean (min)``.
    """
    shown = shown or Shown()
    display = shown.display
    heads = [
        _("posts"),
        _("new skills"),
        metric_words(metric) if display is None else display.label(metric),
        _("gain over current [{level} CI]").format(level=level)
        + ("" if display is None else display.suffix(metric)),
        _("verdict"),
    ]
    lines = ["| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
    for row in rows:
        gain = {k: shown.number(row["gain"][k]) for k in ("mean", "ci_low", "ci_high")}
        lines.append(
            f"| {markdown_cell(_(row['name']))} | {row['new_skills']} "
            f"| {shown.number(row['mean']):.4g} "
            f"| {interval_text(gain['mean'], gain['ci_low'], gain['ci_high'])} "
            f"| {_(row['verdict'])} |"
        )
    return "\n".join(lines)


#: The sets of posts compared, as the tables and the figure name them.
CANDIDATES = (N_("current posts"), N_("recommended"), N_("chain"), N_("pairs"), N_("dedicated"))


def b_posts_markdown(result: Mapping[str, Any]) -> str:
    """The whole recommendation: the headline, who backs up whom, and the comparison.

    In the office's units when ``result`` records a display.
    """
    shown = shown_units(result)
    level = result["interval_level"]
    return "\n\n".join(
        [
            f"## {markdown_cell(shown_headline(result))}",
            markdown_cell(shown_basis(result)),
            posts_table(result["posts"], shown),
            comparison_table(result["comparisons"], result["metric"], level, shown),
        ]
    )
