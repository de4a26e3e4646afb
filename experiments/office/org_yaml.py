"""An imported office as org-file text, each conversion shown in a comment beside its value."""

from __future__ import annotations

import re
from typing import Any

import yaml

#: The header line that records the working calendar a file was converted with; the
#: exporter reads it back, so a workbook exported from an imported file keeps its calendar.
CALENDAR_LINE = re.compile(
    r"^# workbook calendar: hours_per_day=([\d.,]+), days_per_week=([\d.,]+), "
    r"days_per_year=([\d.,]+)\s*$",
    re.MULTILINE,
)

#: Top-level keys whose entries are records, each written with its own comments.
RECORDS = ("matter_types", "sections", "staff", "structures")


def _dump(value: dict[str, Any]) -> str:
    return yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )


def _scalar(key: str, value: Any) -> str:
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1000)


def _comment(line: str, indent: str = "") -> str:
    return f"{indent}# {' '.join(line.split())}\n"


def _indented(text: str, indent: str) -> str:
    return "".join(f"{indent}{line}\n" for line in text.splitlines())


def org_text(org: dict[str, Any], notes: dict[str, list[str]], header: list[str]) -> str:
    """The org file: ``header`` comment lines, then every key, notes above their entries."""
    out = "".join(_comment(line) for line in header)
    out += "".join(_comment(line) for line in notes.get("", []))
    out += "\n"
    for key, value in org.items():
        if key in RECORDS and isinstance(value, dict) and value:
            out += f"\n{key}:\n"
            for name, entry in value.items():
                for line in notes.get(f"{key}.{name}", []):
                    out += _comment(line, "  ")
                out += _indented(_dump({name: entry}), "  ")
            continue
        for line in notes.get(key, []):
            out += _comment(line)
        out += _dump({key: value}) if isinstance(value, dict | list) else _scalar(key, value)
    return out
