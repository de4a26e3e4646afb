"""What an orgsim result folder holds, and reading it with errors a reader can act on.

A folder's kind is told by the file that only it writes; a broken file ends in one
:class:`ReportInputError` naming the file and the fix, never in a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orgsim.analysis.results_folder import (  # the names every result file has
    AGGREGATE,
    CAPACITY,
    JOBS,
    RESULT_FILES,
    STAFFING,
    STATUS,
    SUMMARY,
)

__all__ = [
    "AGGREGATE",
    "CAPACITY",
    "JOBS",
    "RESULT_FILES",
    "STAFFING",
    "SUMMARY",
    "ReportInputError",
    "read_json",
    "status",
]


class ReportInputError(ValueError):
    """The folder cannot be reported on; the message names the problem and the fix."""


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object written by orgsim, or a :class:`ReportInputError` saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReportInputError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}); "
            "re-run the job that wrote it"
        ) from None
    except UnicodeDecodeError:
        raise ReportInputError(
            f"{path}: not UTF-8 text (a binary or damaged file); re-run the job that wrote it"
        ) from None
    except OSError as error:
        raise ReportInputError(
            f"{path}: cannot be read ({error.strerror or error}); check its permissions"
        ) from None
    if not isinstance(data, dict):
        raise ReportInputError(
            f"{path}: not an orgsim result (a JSON object); re-run the job that wrote it"
        )
    return data


def status(folder: Path) -> dict[str, Any]:
    """The job's status.json; ``unfinished`` when missing, ``unknown`` when unreadable."""
    path = folder / STATUS
    if not path.exists():
        return {"status": "unfinished"}
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return {"status": "unknown"}
    return found if isinstance(found, dict) else {"status": "unknown"}
