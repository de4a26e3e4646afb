"""Documentation points only to files that exist in the repository.

README.md, ARCHITECTURE.md, docs/*.md and the shipped configs (comments and values such as
``source``) name files for the reader to
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
    """Each document with its whole text: the Markdown files and the shipped configs."""
    documents = [
        ROOT / "README.md",
        ROOT / "ARCHITECTURE.md",
        *sorted((ROOT / "docs").glob("*.md")),
    ]
    documents += sorted((ROOT / "conf").rglob("*.yaml"))
    return [(path, path.read_text(encoding="utf-8")) for path in documents]


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
    ("document", "text"),
    [pytest.param(d, t, id=str(d.relative_to(ROOT))) for d, t in _documents()],
)
def test_every_file_a_document_names_exists(document, text):
    assert missing_paths(document, text) == []


def test_a_missing_file_is_caught(tmp_path):
    text = "see DESIGN_NOTES.md, shared/seeds/000_*.txt and [the example](org-example.yaml)"
    missing = missing_paths(ROOT / "docs" / "x.md", text)
    assert missing == ["DESIGN_NOTES.md", "docs/org-example.yaml", "shared/seeds/000_*.txt"]
