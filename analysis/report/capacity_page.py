"""The page of a capacity search (capacity.json): is the whole more than its parts?

Written for a class or a reform office: the "1+1>2" verdicts come first, in large type,
then what was searched in plain words, then every capacity with its interval and what
limits it, so the verdict can be checked against the numbers behind it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.report.display import engine_word
from orgsim.analysis.report.folders import CAPACITY
from orgsim.analysis.report.formatting import (
    fmt,
    fmt_interval,
    fmt_share,
    level_of,
    plural,
    present,
)
from orgsim.analysis.report.html import Html, cards, code, table
from orgsim.analysis.report.provenance import settings_table
from orgsim.analysis.report.search_page import (
    search_display,
    search_page,
    search_settings,
    shown_target,
)
from orgsim.analysis.report.shapes import CAPACITY_SHAPE, read_result
from orgsim.analysis.search_tables import (
    LIMITS,
    PART,
    WALLED,
    index_verdict,
    limit_words,
    ratio_verdict,
)
from orgsim.analysis.search_tables import SUM_OF_PARTS as SUM
from orgsim.analysis.units import VALUE_COLUMNS, Display

#: Ratio verdicts: CSS kind, the large label, and its words.
RATIO_KINDS = {
    "more": ("better", "1+1>2", N_("The whole carries more than {benchmark}")),
    "less": ("worse", "1+1<2", N_("The whole carries less than {benchmark}")),
    "equal": ("same", "1+1=2", N_("No significant difference from {benchmark}")),
    "unknown": ("same", "1+1=?", N_("Cannot tell: too few replications for an interval")),
}


def ratio_kind(ratio: dict[str, Any]) -> str:
    """``more`` when the whole interval lies above 1, ``less`` below, else ``equal``."""
    low, high = present(ratio.get("ci_low")), present(ratio.get("ci_high"))
    if low is None or high is None:
        return "unknown"
    return "more" if low > 1 else "less" if high < 1 else "equal"


def shown_capacities(info: dict[str, Any], display: Display | None) -> dict[str, Any]:
    """The capacities of capacity.json, as demand per the office's period when it has one.

    A capacity is a demand rate (matters per engine time unit): shown per working day,
    week, month or year (``throughput_per``), like throughput. Ratios have no unit.
    """
    found = info.get("capacities") or {}
    if display is None:
        return found
    factor = display.rate_factor()
    return {
        entity: {
            **values,
            **{
                key: values[key] * factor
                for key in VALUE_COLUMNS
                if isinstance(values.get(key), int | float)
            },
        }
        if isinstance(values, dict)
        else values
        for entity, values in found.items()
    }


def capacity_unit(info: dict[str, Any], display: Display | None) -> str:
    """What a capacity is counted in: ``matters per working day`` or per engine unit."""
    if display is not None:
        return display.rate_words
    if in_chinese() and info.get("time_unit"):
        return _("matters per {unit}").format(unit=engine_word(str(info["time_unit"])))
    return str(info.get("capacity_unit") or _("matters per time unit"))


def _who(entity: str, baseline: str) -> Html:
    if entity.startswith(PART):
        name = f"<strong>{escape(entity[len(PART) :])}</strong>"
        return Html(escape(_("section {name} alone")).replace("{name}", name))
    if entity == SUM:
        return Html(escape(_("sum of the parts")))
    if entity == WALLED:
        return Html(escape(_("the walled office (sections side by side)")))
    shown = f"<strong>{escape(entity)}</strong>"
    if entity == baseline:
        return Html(escape(_("{structure} (baseline)")).replace("{structure}", shown))
    return Html(shown)


def _limits_legend() -> str:
    items = "".join(
        f"<li><strong>{escape(_(name))}</strong>: {escape(_(meaning))}.</li>"
        if not in_chinese()
        else f"<li><strong>{escape(_(name))}</strong>：{escape(_(meaning))}。</li>"
        for name, meaning in LIMITS.values()
    )
    return "<p>{}</p><ul>{}</ul>".format(_("What limits each capacity:"), items)


def _indexes(info: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The verdicts' ratios and their benchmark (older results only have the sum of parts)."""
    if "capacity_index" in info:
        return info.get("capacity_index") or {}, WALLED
    return info.get("ratio_to_sum_of_parts") or {}, SUM


#: The benchmark of the verdicts, in words, in the cards.
BENCHMARK_WORDS = {WALLED: N_("the walled office"), SUM: N_("its parts alone")}


def _verdict_sentence(structure: str, ratio: dict[str, Any], benchmark: str) -> str:
    """A structure's "1+1" verdict in the language shown, starting with its name."""
    if benchmark == WALLED:
        return index_verdict(structure, ratio)
    return ratio_verdict(structure, ratio)


def _cards(info: dict[str, Any], display: Display | None) -> str:
    ratios, benchmark = _indexes(info)
    capacities = shown_capacities(info, display)
    sentences = [s for s in info.get("verdicts") or [] if s]  # null entries say nothing
    unit = capacity_unit(info, display)
    total = capacities.get(benchmark, {}).get("mean")
    named = _(BENCHMARK_WORDS[benchmark])
    baseline = info.get("baseline")
    found = []
    for structure in sorted(ratios, key=lambda name: name == baseline):  # reforms first
        kind, big, words = RATIO_KINDS[ratio_kind(ratios[structure])]
        if in_chinese():  # the recorded sentences are English: say them again
            said = _verdict_sentence(structure, ratios[structure], benchmark)
        else:
            said = next((s for s in sentences if s.startswith(f"{structure} ")), "")
        text = (
            f"<strong>{escape(structure)}</strong>{escape(said[len(structure) :])}"
            if said
            else "<strong>{}</strong>{}".format(
                escape(structure),
                escape(_(": {verdict}.").format(verdict=_(words).format(benchmark=named))),
            )
        )
        own = capacities.get(structure, {}).get("mean")
        note = _("{own} {unit}, against {total} for {named}.").format(
            own=fmt(own), unit=unit, total=fmt(total), named=named
        )
        if structure == baseline:
            note = _("{sentence} It is the baseline, made of these same parts.").format(
                sentence=note
            )
        found.append((kind, big, f'<p>{text}</p><p class="note">{escape(note)}</p>'))
    return cards(found) if found else "<p>{}</p>".format(_("No ratio in capacity.json."))


def _times(ratio: dict[str, Any]) -> str:
    if not ratio:
        return ""
    return f"{fmt(ratio.get('mean'))} {fmt_interval(ratio.get('ci_low'), ratio.get('ci_high'))}"


def _capacity_table(info: dict[str, Any], target: str, display: Display | None) -> str:
    indexes = info.get("capacity_index") or {}
    ratios = info.get("ratio_to_sum_of_parts") or {}
    baseline = str(info.get("baseline") or "")
    rows, classes = [], []
    for entity, c in shown_capacities(info, display).items():
        rows.append(
            [
                _who(entity, baseline),
                fmt(c.get("mean")),
                fmt_interval(c.get("ci_low"), c.get("ci_high")),
                _times(indexes.get(entity) or {}),
                _times(ratios.get(entity) or {}),
                limit_words(str(c.get("limit") or "")),
            ]
        )
        classes.append("total" if entity in (SUM, WALLED) else "")
    unit = capacity_unit(info, display)
    level = level_of(info)
    return table(
        _(
            "Capacity: the largest demand meeting the target ({target}), mean over "
            "replications and {level} interval"
        ).format(target=target, level=level),
        [
            _("structure or part"),
            _("capacity ({unit})").format(unit=unit),
            _("{level} interval").format(level=level),
            _("capacity index: to the walled office [{level}]").format(level=level),
            _("ratio to the sum of parts [{level}]").format(level=level),
            _("limited by"),
        ],
        rows,
        numeric=(1, 2, 3, 4),
        row_classes=classes,
    )


def _searched(info: dict[str, Any], folder: Path, target: str, unit: str) -> list[str]:
    """What was searched, in plain words, and the search's settings."""
    tolerance = present(search_settings(folder, "capacity").get("tolerance"))
    level = level_of(info)
    values = {
        "unit": escape(unit),
        "target": escape(target),
        "level": level,
        "n": escape(str(info.get("replications", "?"))),
        "baseline": escape(str(info.get("baseline") or _("the baseline"))),
    }
    return [
        "<p>{}</p>".format(
            _(
                "The <strong>capacity</strong> of a structure is the largest demand (all kinds "
                "of matter grown together, counted in {unit}) at which it still gets "
                "<strong>{target}</strong>. It is found by bisection, separately in each "
                "replication, which gives one capacity per replication and a {level} interval "
                "over the {n} replications."
            ).format(**values)
        ),
        "<p>{}</p><p>{}</p>".format(
            _(
                "The <strong>parts</strong> are the sections of the baseline structure, "
                "<strong>{baseline}</strong>, each run alone with its own staff and its own "
                "matters. The <strong>walled office</strong> is those sections side by side, "
                "each carrying only its own matters, with all demand grown together at the "
                "office's own mix until the office as a whole misses the target. The "
                "<strong>capacity index</strong> of a structure is its capacity over the "
                "walled office's, worked out replication by replication: walled sections side "
                "by side are exactly 1+1=2 whatever their loads, and a structure is "
                "<em>1+1&gt;2</em> when its index's whole interval lies above 1."
            ).format(**values),
            _(
                "The <strong>sum of parts</strong> is a second figure: each section alone "
                "pushed to its own limit, then added up. It is more than the walled office "
                "when the sections' loads are uneven, because demand at the office's mix "
                "cannot be shifted to fill every section to its limit; a ratio to it below 1 "
                "does not mean the structure lost anything."
            ),
        ),
        settings_table(
            info,
            [
                (_("search"), _("capacity: the largest demand meeting the target")),
                (_("target"), target),
                (
                    _("parts"),
                    _("the sections of {baseline}, each alone").format(
                        baseline=info.get("baseline") or ""
                    ),
                ),
                *(
                    [
                        (
                            _("found to within"),
                            _("{share} of the demand at full load").format(
                                share=fmt_share(tolerance)
                            ),
                        )
                    ]
                    if tolerance is not None
                    else []
                ),
            ],
            caption=_("What was searched"),
        ),
    ]


def capacity_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a capacity search folder (one holding capacity.json).

    Times and demand are in the office's units when its org sets ``display_unit``
    (recorded in capacity.json, else read from the folder's saved config.yaml).

    Args:
        folder: the search folder.
        page_dir: where the page will be saved, for its links to the result files
            (default: the search folder itself).
    """
    info = read_result(folder / CAPACITY, CAPACITY_SHAPE)
    display = search_display(folder, info)
    target = shown_target(info, info.get("share"), info.get("deadline"), display)
    unit = capacity_unit(info, display)
    results = [
        "<p>{}</p>".format(
            _(
                "Numbers in square brackets are {level} intervals. With few replications they "
                "are wide; the ratios are tighter than the capacities because the structure "
                "and its parts face the same demand in each replication, so most of the "
                "chance cancels out."
            ).format(level=level_of(info))
        ),
        *_units_note(info, display),
        _capacity_table(info, target, display),
        _limits_legend(),
    ]
    files = {
        "capacity.md": _("the capacity table and verdicts as Markdown"),
        CAPACITY: _("everything on this page, as numbers"),
        "capacity.parquet": _("the capacity of every part and structure in every replication"),
        "curve.parquet": _("deadline attainment at each demand level and replication"),
        "capacity.svg": _("the figure, for printing"),
    }
    hashes = info.get("spec_hashes") or {}
    extra = [
        table(
            _("Fingerprints of the structures (spec hashes)"),
            [_("structure"), _("hash")],
            [[k, code(v)] for k, v in hashes.items()],
        )
    ]
    lead = escape(
        _(
            "How much demand can each structure carry and still get {target}, compared with "
            "its sections working alone? Searched over {n} replications."
        ).format(target=target, n=info.get("replications", "?"))
    )
    sections = [
        (
            "verdict",
            _("Verdict"),
            _("Is the whole more than the sum of its parts?"),
            [_cards(info, display)],
        ),
        (
            "searched",
            _("What was searched"),
            _("What was searched"),
            _searched(info, folder, target, unit),
        ),
        (
            "capacities",
            _("Capacities"),
            _("Capacity of each structure and its parts"),
            results,
        ),
    ]
    return search_page(folder, page_dir or folder, info, lead, sections, files, extra)


def _units_note(info: dict[str, Any], display: Display | None) -> list[str]:
    """Which unit demand and deadlines are in, when the office reads them in its own."""
    if display is None:
        return []
    text = _(
        "Capacities are counted in {rate} and the deadline in {time}, converted from the "
        "simulation's {engine} with the office's working calendar (the search's files keep "
        "the simulation's unit)."
    ).format(
        rate=display.rate_words,
        time=plural(display.time_word),
        engine=plural(engine_word(str(info.get("time_unit") or "hour"))),
    )
    return [f"<p>{escape(text)}</p>"]
