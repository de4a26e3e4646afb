"""Which column of a case log holds which field: defaults, common aliases and user mappings.

Case-handling systems name their columns in their own way (``受理时间``, ``Received``,
``start_time``). A log is read through a mapping field -> column; a field not mapped is
looked up under its own name and a few common aliases (English and Chinese), so most
exports need no mapping at all. A mapping is given on the command line (``received=受理时间``)
or in a small YAML or CSV file of ``field, column`` pairs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from orgsim.analysis.calibration.errors import CalibrationError

#: The fields of a case log, in order, with what each holds.
FIELDS: dict[str, str] = {
    "case_id": "the matter's (case's) identifier",
    "matter_type": "the kind of matter (事项)",
    "received": "when the matter was received (收件/受理)",
    "started": "when the handler started work on it (or on the step)",
    "finished": "when that work was finished (办结)",
    "handler": "who handled it (承办人)",
    "section": "the handler's section (科室)",
    "step": "the workflow step (环节), in a log with one row per step",
}

#: Fields without which nothing can be estimated.
REQUIRED = ("case_id", "matter_type", "received")

#: Column names looked for when a field is not mapped (compared without case or spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "case_id": (
        "case_id",
        "case",
        "id",
        "caseid",
        "case:concept:name",
        "办件编号",
        "案卷号",
        "编号",
    ),
    "matter_type": ("matter_type", "type", "matter", "事项", "事项名称", "业务类型"),
    "received": ("received", "arrival", "received_at", "收件时间", "受理时间", "申请时间"),
    "started": ("started", "start", "start_time", "started_at", "开始时间", "开始办理时间"),
    "finished": ("finished", "end", "end_time", "finished_at", "completed", "办结时间", "完成时间"),
    "handler": ("handler", "staff", "person", "org:resource", "承办人", "经办人", "办理人"),
    "section": ("section", "department", "org:group", "科室", "处室", "部门"),
    "step": ("step", "activity", "concept:name", "环节", "步骤"),
}


def _normal(name: str) -> str:
    return "".join(str(name).split()).lower()


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``field=column`` strings from the command line -> a mapping (checked later)."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CalibrationError(
                "--column", f"{pair!r} is not field=column", "write e.g. --column received=受理时间"
            )
        mapping[field.strip()] = column.strip()
    return mapping


def read_side_file(path: Path, label: str) -> Any:
    """The rows of a small CSV file (by its suffix), or else the data of a YAML file.

    For the files given beside a log (column mapping, staff roster): unreadable files and bad
    YAML end in one :class:`CalibrationError` line naming ``label``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CalibrationError(
            label, f"cannot be read ({error.strerror})", "give a readable file"
        ) from None
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(text.splitlines()))
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CalibrationError(
            label, f"is not valid YAML ({str(error).splitlines()[0]})", "fix the file"
        ) from None


def read_mapping_file(path: Path) -> dict[str, str]:
    """A YAML mapping ``field: column`` or a CSV with columns ``field, column``."""
    label = f"--columns {path}"
    data = read_side_file(path, label)
    if path.suffix.lower() == ".csv":
        if not data or not {"field", "column"} <= set(data[0]):
            raise CalibrationError(
                label, "is not a CSV with columns field,column", "write one field,column per line"
            )
        return {row["field"].strip(): row["column"].strip() for row in data}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CalibrationError(
            label, "is not a mapping of field: column", "write lines such as `received: 受理时间`"
        )
    return {str(k): v for k, v in data.items()}


def resolve_columns(available: Iterable[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Field -> column of the log, for every field found; missing required fields are fatal."""
    columns = [str(c) for c in available]
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise CalibrationError(
            f"column mapping {unknown[0]}",
            "is not a field of a case log",
            f"map one of: {', '.join(FIELDS)}",
        )
    by_normal = {_normal(c): c for c in columns}
    resolved: dict[str, str] = {}
    for field in FIELDS:
        if field in mapping:
            if mapping[field] not in columns:
                raise CalibrationError(
                    f"column mapping {field}",
                    f"the log has no column {mapping[field]!r}",
                    f"its columns are: {', '.join(columns)}",
                )
            resolved[field] = mapping[field]
            continue
        found = next((by_normal[a] for a in map(_normal, ALIASES[field]) if a in by_normal), None)
        if found is not None and found not in resolved.values():
            resolved[field] = found
    for field in REQUIRED:
        if field not in resolved:
            raise CalibrationError(
                f"log column {field}",
                f"not found among {', '.join(columns) or 'no columns'}",
                f"map it with --column {field}=<column> or a --columns file",
            )
    return resolved
