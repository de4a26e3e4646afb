"""Where a run's office came from: its org file and the notes at the top of that file.

An org file says where its numbers came from in two places: the ``source`` line (a field
report, a survey, a case log) and the comment block at its top. A field scenario's block
quotes the report's facts and then lists what it assumes (``ASSUMPTIONS (not in the
report):``); a calibrated file's block names the case log, its period and its records; an
imported one names the workbook. A brief has room for the gist only, so this module finds
the file the run used and picks from its block the opening paragraph, the number of facts
it quotes and its assumptions, each shortened, leaving the full text to the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

#: The most lines of the opening paragraph kept (a calibrated file's names its log there).
OPENING_LINES = 5
#: Comment lines wrapped at a text width are at least this long: the next one continues them.
WRAPPED = range(70, 101)
#: The longest an assumption is shown, in characters, before it is cut at a word.
LONGEST = 230
#: A heading line of a header block: ``ASSUMPTIONS (not in the report):``, ``HOW IT IS ...:``.
_HEADING = re.compile(r"^([A-Z][A-Z ]{3,})\b")
#: A line that starts a record of its own (``records: ...``, ``period 2024-01-02 ...``).
_RECORD = re.compile(r"^[a-z][a-z ]{0,20}(:| \d{4}-)")


@dataclass(frozen=True)
class OrgNotes:
    """What an org file's header says about where its numbers came from."""

    path: str
    opening: list[str] = field(default_factory=list)
    facts: int = 0
    assumptions: list[str] = field(default_factory=list)


def run_org_file(folder: Path, config: dict[str, Any]) -> Path | None:
    """The org file a run used: the file it was given, else the shipped one it chose.

    ``org=path/to/file.yaml`` runs record the file (``org_source``); a shipped office is
    named in Hydra's record of the run's choices (``.hydra/hydra.yaml``). None when the file
    is no longer where it was.
    """
    given = str((config.get("run") or {}).get("org_source") or config.get("org_source") or "")
    if given and Path(given).is_file():
        return Path(given)
    try:
        hydra = yaml.safe_load((folder / ".hydra" / "hydra.yaml").read_text(encoding="utf-8"))
        choice = hydra["hydra"]["runtime"]["choices"]["org"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
        return None
    if not isinstance(choice, str) or "/" in choice or "\\" in choice:
        return None
    shipped = Path(str(files("orgsim.conf"))) / "org" / f"{choice}.yaml"
    return shipped if shipped.is_file() else None


def header_lines(text: str) -> list[str]:
    """The comment block at the top of a YAML file, without the ``#`` marks."""
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# @package"):
            continue
        out.append(line[2:] if line.startswith("# ") else line[1:])
    return out


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Blocks of lines, split at blank lines and before each heading line."""
    out: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            out.append([])
        elif _HEADING.match(line) and out[-1]:
            out.append([line])
        else:
            out[-1].append(line)
    return [p for p in out if p]


def _items(paragraph: list[str]) -> list[str]:
    """The ``- `` items of a block (continuation lines joined), or its text as one item."""
    items: list[str] = []
    first = paragraph[0].split(":", 1)[1].strip() if ":" in paragraph[0] else ""
    if first:
        items.append(first)
    for line in paragraph[1:]:
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append(stripped[2:])
        elif items:
            items[-1] += " " + stripped
        else:
            items.append(stripped)
    return items


def logical_lines(block: list[str]) -> list[str]:
    """A block's lines with the ones wrapped at a text width joined again.

    Prose is wrapped near 90 columns; a calibrated file's opening lines (log, period,
    records) are each a record of its own, and stay apart.
    """
    out: list[str] = []
    wrapped = False
    for line in block:
        if wrapped and out and not _RECORD.match(line.strip()):
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
        wrapped = len(line) in WRAPPED
    return [shortened(line, 2 * LONGEST) for line in out]


def shortened(text: str, longest: int = LONGEST) -> str:
    """``text`` cut at a word before ``longest`` characters, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= longest:
        return text
    cut = text[:longest].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def read_notes(path: Path, office: str) -> OrgNotes | None:
    """The notes of the org file at ``path``; None if it is unreadable or of another office.

    A file whose ``name`` is no longer ``office`` was edited since the run: its notes would
    describe something else, so none are given.
    """
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or str(data.get("name") or "") != office:
        return None
    blocks = _paragraphs(header_lines(text))
    if not blocks:
        return OrgNotes(str(path))
    facts = sum(
        sum(1 for line in block if line.strip().startswith("- "))
        for block in blocks
        if block[0].lower().startswith("facts")
    )
    assumed = [
        shortened(item)
        for block in blocks
        if block[0].startswith("ASSUMPTIONS")
        for item in _items(block)
    ]
    return OrgNotes(str(path), logical_lines(blocks[0])[:OPENING_LINES], facts, assumed)
