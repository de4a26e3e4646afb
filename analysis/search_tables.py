"""The capacity and staffing searches as Markdown: their tables and the "1+1>2" verdicts.

The searches themselves run in ``experiments``; what they find is put into words and tables
here, beside the comparison table (``analysis.summary``), with the same interval format, so
``capacity.md``, ``staffing.md`` and the HTML report read their names from one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from orgsim.analysis.formatting import interval_text, level_text, markdown_cell, missing
from orgsim.analysis.stats import DEFAULT_CONFIDENCE

#: Prefix of a section of the baseline searched on its own: ``part:A``.
PART = "part:"
#: The capacity the baseline's sections would carry with nothing gained or lost by merging.
SUM_OF_PARTS = "sum of parts"
#: The section name of a staffing search over a whole structure.
WHOLE = "(whole)"


def ratio_verdict(structure: str, ratio: Mapping[str, Any]) -> str:
    """Plain words on whether a structure carries more than the sum of its parts.

    Args:
        structure: the structure's name.
        ratio: ``mean``, ``ci_low`` and ``ci_high`` of its capacity over the sum of parts.
    """
    shown = interval_text(ratio.get("mean"), ratio.get("ci_low"), ratio.get("ci_high"))
    words = f"{structure} carries {shown} times the demand of the sum of its parts"
    low, high = ratio.get("ci_low"), ratio.get("ci_high")
    if low is None or high is None or missing(low) or missing(high):
        return f"{words}: too few replications to tell (1+1=?)."
    if low > 1:
        return f"{words}: more than the parts alone (1+1>2)."
    if high < 1:
        return f"{words}: less than the parts alone (1+1<2)."
    return f"{words}: no significant difference from the parts alone (1+1=2)."


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def capacity_markdown(
    capacities: Iterable[Mapping[str, Any]],
    ratios: Mapping[str, Mapping[str, Any]],
    target: str,
    time_unit: str,
    replications: int,
    confidence: float = DEFAULT_CONFIDENCE,
) -> str:
    """The capacity table and its verdicts, as printed and written to ``capacity.md``.

    Args:
        capacities: per part, the sum of parts and each structure: ``entity``, ``mean``,
            ``ci_low``, ``ci_high`` and ``limit``.
        ratios: per structure, its capacity over the sum of parts (``mean``, ``ci_low``,
            ``ci_high``), each said in words by :func:`ratio_verdict`.
        target: the deadline target in words.
        time_unit: the office's time unit.
        replications: how many replications the intervals are over.
        confidence: the level of the intervals.
    """
    heading = (
        f"Capacity: largest arrival rate (matters per {time_unit}) that still gets "
        f"{target}; {replications} replications, mean [{level_text(confidence)} CI]"
    )
    lines = [
        markdown_cell(heading),
        "",
        _row(["entity", "capacity", "limited by"]),
        "|---|---|---|",
        *(
            _row([c["entity"], interval_text(c["mean"], c["ci_low"], c["ci_high"]), c["limit"]])
            for c in capacities
        ),
        "",
        *(f"- {ratio_verdict(markdown_cell(s), ratio)}" for s, ratio in ratios.items()),
    ]
    return "\n".join(lines)


def _count(value: Any) -> str:
    """A head count as a whole number (a table column with gaps holds it as a float)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _attainment(found: Mapping[str, Any] | None) -> str:
    if not found or not found.get("n"):
        return "n/a"
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


def staffing_markdown(
    results: Iterable[Mapping[str, Any]], heading: str, most: int, per_section: bool
) -> str:
    """The staffing table, as printed and written to ``staffing.md``.

    Args:
        results: per structure (and section): ``structure``, ``section``, ``current_staff``,
            ``needed_staff`` (None when not reached), and the attainment intervals
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
            ["structure", "section", "staff now", "staff needed", "attainment there", "one fewer"]
        ),
        "|---|---|---|---|---|---|",
    ]
    for row in results:
        needed = row.get("needed_staff")
        fewer = row.get("attainment_one_fewer")
        if fewer and fewer.get("n"):
            one_fewer = _attainment(fewer)
        else:
            one_fewer = "n/a" if missing(needed) else "overloaded"
        lines.append(
            _row(
                [
                    row["structure"],
                    row["section"],
                    _count(row["current_staff"]),
                    f"more than {most}" if missing(needed) else _count(needed),
                    _attainment(row.get("attainment")),
                    one_fewer,
                ]
            )
        )
    if per_section:
        lines += ["", *(f"- {markdown_cell(s)}: {n} people in all" for s, n in _totals(results))]
    return "\n".join(lines)
