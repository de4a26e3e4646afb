"""The capacity and staffing searches as Markdown: their tables and the "1+1>2" verdicts.

The searches themselves run in ``experiments``; what they find is put into words and tables
here, beside the comparison table (``analysis.summary``), with the same interval format, so
``capacity.md``, ``staffing.md`` and the HTML report read their names from one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orgsim.analysis.formatting import interval_text, level_text, markdown_cell, missing
from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.stats import DEFAULT_CONFIDENCE
from orgsim.analysis.units import UNIT_WORDS, Display, tidy, unit_word

#: Prefix of a section of the baseline searched on its own: ``part:A``.
PART = "part:"
#: The capacity the baseline's sections would carry with nothing gained or lost by merging.
SUM_OF_PARTS = "sum of parts"
#: The baseline's sections side by side, walled, demand scaled together: the benchmark.
WALLED = "walled office"
#: The section name of a staffing search over a whole structure.
WHOLE = "(whole)"


#: The sum of parts, the benchmark of the older ratio, in words.
SUM_WORDS = N_("the sum of its parts")


def ratio_verdict(structure: str, ratio: Mapping[str, Any], benchmark: str = SUM_WORDS) -> str:
    """Plain words on whether a structure carries more than a benchmark.

    The sentence starts with the structure's name, in every language.

    Args:
        structure: the structure's name.
        ratio: ``mean``, ``ci_low`` and ``ci_high`` of its capacity over the benchmark's.
        benchmark: what it is compared with, in words (English; shown with ``_()``).
    """
    shown = interval_text(ratio.get("mean"), ratio.get("ci_low"), ratio.get("ci_high"))
    low, high = ratio.get("ci_low"), ratio.get("ci_high")
    if low is None or high is None or missing(low) or missing(high):
        text = _(
            "{structure} carries {shown} times the demand of {benchmark}: too few "
            "replications to tell (1+1=?)."
        )
    elif low > 1:
        text = _("{structure} carries {shown} times the demand of {benchmark}: more (1+1>2).")
    elif high < 1:
        text = _("{structure} carries {shown} times the demand of {benchmark}: less (1+1<2).")
    else:
        text = _(
            "{structure} carries {shown} times the demand of {benchmark}: no significant "
            "difference (1+1=2)."
        )
    return text.format(structure=structure, shown=shown, benchmark=_(benchmark))


#: The capacity index's benchmark, in words.
WALLED_WORDS = N_("the walled office (its sections side by side, at the same demand mix)")


def index_verdict(structure: str, index: Mapping[str, Any]) -> str:
    """The "1+1>2" verdict: a structure's capacity over the walled office's."""
    return ratio_verdict(structure, index, WALLED_WORDS)


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def capacity_markdown(
    capacities: Iterable[Mapping[str, Any]],
    ratios: Mapping[str, Mapping[str, Any]],
    target: str,
    time_unit: str,
    replications: int,
    confidence: float = DEFAULT_CONFIDENCE,
    indexes: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The capacity table and its verdicts, as printed and written to ``capacity.md``.

    Args:
        capacities: per part, the sum of parts, the walled office and each structure:
            ``entity``, ``mean``, ``ci_low``, ``ci_high`` and ``limit``.
        ratios: per structure, its capacity over the sum of parts (the second figure, or
            the only one when there are no ``indexes``).
        target: the deadline target in words.
        time_unit: the office's time unit.
        replications: how many replications the intervals are over.
        confidence: the level of the intervals.
        indexes: per structure, its capacity over the walled office's (``mean``, ``ci_low``,
            ``ci_high``): the "1+1>2" verdicts, said by :func:`index_verdict`.
    """
    heading = _(
        "Capacity: largest arrival rate (matters per {unit}) that still gets {target}; "
        "{replications} replications, mean [{level} CI]"
    ).format(
        unit=_(time_unit),
        target=target,
        replications=replications,
        level=level_text(confidence),
    )
    lines = [
        markdown_cell(heading),
        "",
        _row([_("entity"), _("capacity"), _("limited by")]),
        "|---|---|---|",
        *(
            _row(
                [
                    c["entity"],
                    interval_text(c["mean"], c["ci_low"], c["ci_high"]),
                    _limit_cell(c),
                ]
            )
            for c in capacities
        ),
        "",
    ]
    if indexes is not None:
        lines += [
            _("Capacity index (1+1>2 when its interval lies above 1):"),
            "",
            *(f"- {index_verdict(markdown_cell(s), index)}" for s, index in indexes.items()),
            "",
            _(
                "Second figure: the sum of parts is each section alone pushed to its own "
                "limit, then added up; it exceeds the walled office when the sections' loads "
                "are uneven, since demand at the office's own mix cannot be shifted to fill "
                "every section to its limit."
            ),
            "",
        ]
    lines += [f"- {ratio_verdict(markdown_cell(s), ratio)}" for s, ratio in ratios.items()]
    return "\n".join(lines)


def _count(value: Any) -> str:
    """A head count as a whole number (a table column with gaps holds it as a float)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _attainment(found: Mapping[str, Any] | None) -> str:
    if not found or not found.get("n"):
        return _("n/a")
    return interval_text(found.get("mean"), found.get("ci_low"), found.get("ci_high"))


def _totals(results: list[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """Staff needed in all, per structure whose every section reached the target."""
    needed: dict[str, list[Any]] = {}
    for row in results:
        needed.setdefault(row["structure"], []).append(row.get("needed_staff"))
    return [
        (name, int(sum(counts)))
        for name, counts in needed.items()
        if not any(missing(n) for n in counts)
    ]


def _person(person: Mapping[str, Any]) -> str:
    """E.g. "p3 (section A, A post A, B post B; skills a, b)"."""
    separator = "、" if in_chinese() else ", "
    skills = separator.join(str(s) for s in person.get("skills") or []) or _("none")
    values = {
        "name": person["name"],
        "copy_of": person.get("copy_of"),
        "section": person["section"],
        "a_post": person["a_post"],
        "b_post": person.get("b_post"),
        "skills": skills,
    }
    if person.get("copy_of") and person.get("b_post"):
        text = _(
            "{name} (a copy of {copy_of}, section {section}, A post {a_post}, B post {b_post}; "
            "skills {skills})"
        )
    elif person.get("copy_of"):
        text = _(
            "{name} (a copy of {copy_of}, section {section}, A post {a_post}; skills {skills})"
        )
    elif person.get("b_post"):
        text = _("{name} (section {section}, A post {a_post}, B post {b_post}; skills {skills})")
    else:
        text = _("{name} (section {section}, A post {a_post}; skills {skills})")
    return text.format(**values)


def who_changes(row: Mapping[str, Any]) -> str:
    """The people a staffing answer removes or adds, in words; "nobody" when none."""
    between = "；" if in_chinese() else "; "
    removed = [_person(p) for p in row.get("removed") or []]
    added = [_person(p) for p in row.get("added") or []]
    said = ([_("without {people}").format(people=between.join(removed))] if removed else []) + (
        [_("add {people}").format(people=between.join(added))] if added else []
    )
    return between.join(said) or _("nobody")


def staffing_markdown(
    results: Iterable[Mapping[str, Any]], heading: str, most: int, per_section: bool
) -> str:
    """The staffing table, as printed and written to ``staffing.md``.

    Args:
        results: per structure (and section): ``structure``, ``section``, ``current_staff``,
            ``needed_staff`` (None when not reached), the people ``removed`` and ``added``
            (see ``experiments.staffing_search.describe_person``), and the attainment intervals
            ``attainment`` and ``attainment_one_fewer`` (dicts with ``n``, or None).
        heading: the first line: target, rule and replications in words (plain text).
        most: the largest head count tried, for "more than" when the target is not reached.
        per_section: whether each section was searched on its own (adds the totals).
    """
    results = list(results)
    lines = [
        markdown_cell(heading),
        "",
        _row(
            [
                _("structure"),
                _("section"),
                _("staff now"),
                _("staff needed"),
                _("attainment there"),
                _("one fewer"),
                _("who changes"),
            ]
        ),
        "|---|---|---|---|---|---|---|",
    ]
    for row in results:
        needed = row.get("needed_staff")
        fewer = row.get("attainment_one_fewer")
        if fewer and fewer.get("n"):
            one_fewer = _attainment(fewer)
        else:
            one_fewer = _("n/a") if missing(needed) else _("overloaded")
        lines.append(
            _row(
                [
                    row["structure"],
                    row["section"],
                    _count(row["current_staff"]),
                    _("more than {most}").format(most=most) if missing(needed) else _count(needed),
                    _attainment(row.get("attainment")),
                    one_fewer,
                    who_changes(row),
                ]
            )
        )
    if per_section:
        lines += [
            "",
            *(
                "- " + _("{structure}: {n} people in all").format(structure=markdown_cell(s), n=n)
                for s, n in _totals(results)
            ),
        ]
    return "\n".join(lines)


def target_words(
    share: float, deadline: float | None, time_unit: str, display: Display | None = None
) -> str:
    """A deadline target in words: "90% of matters done within 8 hours".

    Args:
        share: the share of matters to be done in time.
        deadline: the deadline in engine time units; None for each type's own.
        time_unit: the engine's time unit, named when there is no ``display``.
        display: the office's units; the deadline is then said in its time unit
            ("within 480 minutes").
    """
    if deadline is not None and display is not None:
        deadline, time_unit = tidy(deadline * display.time_factor()), UNIT_WORDS[display.unit]
    if deadline is None:
        return _("{share} of matters done within their own deadlines").format(share=f"{share:.0%}")
    unit = unit_word(time_unit) if in_chinese() else f"{time_unit}{'' if deadline == 1 else 's'}"
    return _("{share} of matters done within {deadline} {unit}").format(
        share=f"{share:.0%}", deadline=f"{deadline:g}", unit=unit
    )


#: What limits a capacity (``experiments.search.largest_passing``): short name, meaning.
LIMITS = {
    "target": (N_("the target"), N_("a little more demand and the target is missed")),
    "stability": (
        N_("full load"),
        N_(
            "the target is still met when the staff are busy all the time, and no structure "
            "can carry more than that"
        ),
    ),
    "unreachable": (
        N_("target never met"),
        N_("the target is missed even at the lowest demand tried, so the capacity is shown as 0"),
    ),
}


def _limit_cell(capacity: Mapping[str, Any]) -> str:
    """The Markdown's "limited by": the search's own word in English, words in Chinese."""
    return limit_words(str(capacity["limit"] or "")) if in_chinese() else capacity["limit"]


def limit_words(limit: str) -> str:
    """What limits a capacity, in words ("the target", "full load"; several: which vary)."""
    if not limit:
        return _("the parts above, added up")
    words = [_(LIMITS.get(part.strip(), (part.strip(), ""))[0]) for part in limit.split(",")]
    if len(words) == 1:
        return words[0]
    return _("{limits} (differs between replications)").format(
        limits=("或" if in_chinese() else " or ").join(words)
    )
