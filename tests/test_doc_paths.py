"""Documentation points only to files that exist in the repository.

README.md, docs/*.md and the comments of the shipped configs name files for the reader to
open; a file that moved or was never part of the repository sends them nowhere. Anything
that looks like a repository path is checked: a path under a top-level folder, a capitalised
Markdown file at the root (``DESIGN.md``), and the target of a relative Markdown link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Top-level folders a document might point into; ``shared`` was never in the repository.
FOLDERS = ("sim", "analysis", "experiments", "conf", "docs", "tests", "benchmarks", "orgsim")
FOLDERS += ("shared", "seeds")
UNDER_A_FOLDER = re.compile(rf"(?<![\w./~$-])((?:{'|'.join(FOLDERS)})/[\w./*-]*)")
ROOT_NOTE = re.compile(r"(?<![\w./-])([A-Z][A-Z_]+\.md)\b")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def _documents() -> list[tuple[Path, str]]:
    """Each document with the text to check: whole Markdown files, YAML comments only."""
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    found = [(path, path.read_text(encoding="utf-8")) for path in documents]
    for path in sorted((ROOT / "conf").rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line.partition("#")[2] for line in lines if "#" in line]
        found.append((path, "\n".join(comments)))
    return found


def _exists(path: Path) -> bool:
    return any(path.parent.glob(path.name)) if "*" in path.name else path.exists()


def missing_paths(document: Path, text: str) -> list[str]:
    """The repository paths ``text`` names that do not exist."""
    named = {(ROOT / p.rstrip(".,:;")) for p in UNDER_A_FOLDER.findall(text)}
    named |= {ROOT / p for p in ROOT_NOTE.findall(text)}
    named |= {
        (document.parent / target).resolve()
        for target in LINK.findall(text)
        if not re.match(r"[a-z]+:", target)
    }
    return sorted(str(p.relative_to(ROOT)) for p in named if not _exists(p))


@pytest.mark.parametrize(
    ("document", "text"), _documents(), ids=lambda d: str(d)[len(str(ROOT)) + 1 :]
)
def test_every_file_a_document_names_exists(document, text):
    assert missing_paths(document, text) == []


def test_a_missing_file_is_caught(tmp_path):
    text = "see DESIGN_NOTES.md, shared/seeds/000_*.txt and [the example](org-example.yaml)"
    missing = missing_paths(ROOT / "docs" / "x.md", text)
    assert missing == ["DESIGN_NOTES.md", "docs/org-example.yaml", "shared/seeds/000_*.txt"]
