"""The shape of each result file, checked before a page is built from it.

A file of the wrong shape (a hand edit, another program's JSON, an older or newer orgsim)
would otherwise end deep inside the page code in a traceback. Each file is checked once
against a small description of what orgsim writes; a mismatch becomes one
:class:`ReportInputError` naming the file, the entry and what it should be. Keys orgsim
does not write are let through, so newer files still report.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orgsim.analysis.report.folders import ReportInputError, read_json

#: Checks one value found at a place (``structures.merged.metrics``); raises _Mismatch.
Check = Callable[[Any, str], None]

#: The fix for a result file that is not as orgsim writes it.
RERUN = "re-run the job that wrote it"


class _Mismatch(Exception):
    def __init__(self, where: str, expected: str, value: Any) -> None:
        super().__init__(where)
        self.where, self.expected, self.found = where, expected, _kind(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _join(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


def number(value: Any, where: str) -> None:
    """A number or null (orgsim writes null or NaN for an undefined interval)."""
    if value is not None and not _is_number(value):
        raise _Mismatch(where, "a number or null", value)


def count(value: Any, where: str) -> None:
    """A whole number or null (NaN too: a table column with gaps writes its nulls so)."""
    if value is None or (_is_number(value) and math.isnan(value)):
        return
    if not (_is_number(value) and float(value).is_integer()):
        raise _Mismatch(where, "a whole number or null", value)


def text(value: Any, where: str) -> None:
    """Text or null."""
    if value is not None and not isinstance(value, str):
        raise _Mismatch(where, "text or null", value)


def name(value: Any, where: str) -> None:
    """Text, not null: a structure's name."""
    if not isinstance(value, str):
        raise _Mismatch(where, "text", value)


def scalar(value: Any, where: str) -> None:
    """Anything shown as written: text, a number, true/false or null."""
    if isinstance(value, list | dict):
        raise _Mismatch(where, "text or a number", value)


def flag(value: Any, where: str) -> None:
    """true, false or null."""
    if value is not None and not isinstance(value, bool):
        raise _Mismatch(where, "true or false", value)


def record(required: dict[str, Check], optional: dict[str, Check] | None = None) -> Check:
    """An object with ``required`` keys and maybe ``optional`` ones; others let through."""

    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Mismatch(where, "an object", value)
        for key, inner in required.items():
            if key not in value:
                raise _Mismatch(_join(where, key), "present", None)
            inner(value[key], _join(where, key))
        for key, inner in (optional or {}).items():
            if key in value:
                inner(value[key], _join(where, key))

    return check


def maybe(inner: Check) -> Check:
    """``inner``, or null."""

    def check(value: Any, where: str) -> None:
        if value is not None:
            inner(value, where)

    return check


def mapping(inner: Check) -> Check:
    """An object whose every value passes ``inner`` (keys are names)."""

    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Mismatch(where, "an object", value)
        for key, item in value.items():
            inner(item, _join(where, key))

    return check


def sequence(inner: Check) -> Check:
    """A list whose every item passes ``inner``."""

    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise _Mismatch(where, "a list", value)
        for i, item in enumerate(value):
            inner(item, _join(where, i))

    return check


INTERVAL_FIELDS: dict[str, Check] = {
    "mean": number,
    "ci_low": number,
    "ci_high": number,
    "n": count,
}
INTERVAL = record({}, INTERVAL_FIELDS)
DIFFERENCE = record(
    {},
    {
        "baseline": text,
        "mean": number,
        "ci_low": number,
        "ci_high": number,
        "p_value": number,
        "p_holm": number,
        "n": count,
    },
)
#: What every orgsim result says about how it was made (``experiments.provenance``).
RUN_INFO = {
    "org": text,
    "org_source": text,
    "baseline": text,
    "task": text,
    "time_unit": text,
    "replications": count,
    "seed": count,
    "horizon": number,
    "warmup": number,
    "replication_seeds": sequence(count),
    "confidence": number,
    "matter_types": sequence(name),
    "versions": mapping(scalar),
}

SUMMARY_SHAPE = record(
    {
        "structures": mapping(
            record(
                {},
                {
                    "metrics": mapping(INTERVAL),
                    "description": scalar,
                    "sections": scalar,
                    "staff": scalar,
                    "policy": scalar,
                    "required_utilisation": number,
                },
            )
        )
    },
    {**RUN_INFO, "metrics": mapping(name), "paired_differences": mapping(mapping(DIFFERENCE))},
)
CAPACITY_SHAPE = record(
    {"capacities": mapping(record({}, {**INTERVAL_FIELDS, "limit": text}))},
    {
        **RUN_INFO,
        "target": text,
        "capacity_unit": text,
        "capacity_index": mapping(INTERVAL),
        "ratio_to_sum_of_parts": mapping(INTERVAL),
        "verdicts": sequence(text),
        "spec_hashes": mapping(scalar),
    },
)
STAFFING_SHAPE = record(
    {
        "results": sequence(
            record(
                {"structure": name},
                {
                    "section": scalar,
                    "current_staff": count,
                    "needed_staff": count,
                    "attainment": maybe(INTERVAL),
                    "attainment_one_fewer": maybe(INTERVAL),
                },
            )
        )
    },
    {**RUN_INFO, "target": text, "rule": text, "per_section": flag},
)


def check_shape(path: Path, data: Any, shape: Check) -> None:
    """Raise a :class:`ReportInputError` unless ``data``, read from ``path``, has ``shape``."""
    try:
        shape(data, "")
    except _Mismatch as error:
        where = error.where or "the file"
        if error.expected == "present":
            problem = f"no {where!r} entry"
        else:
            problem = f"{where!r} is {error.found}, not {error.expected}"
        raise ReportInputError(f"{path}: {problem}; {RERUN}") from None


def read_result(path: Path, shape: Check) -> dict[str, Any]:
    """The JSON result at ``path``, checked to have ``shape``; else a ReportInputError."""
    data = read_json(path)
    check_shape(path, data, shape)
    return data
