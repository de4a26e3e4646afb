"""What the capacity and staffing pages share: their frame, settings, figure and files.

Both searches answer one question about a deadline target (how much demand, how many
people) over the same replication seeds; their pages differ only in the answer's
sections, so the frame around them is built once here.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

from orgsim.analysis.report.formatting import level_of
from orgsim.analysis.report.html import figures, link, page, status_warning, table
from orgsim.analysis.report.provenance import reproduce

#: How the seeds make the search fair, said under the seeds table.
SEEDS_NOTE = (
    "Replication <em>i</em> uses the same seed for every structure, section and candidate "
    "tried (a demand level or a staff count): common random numbers, so candidates differ "
    "only by what is searched over, not by luck."
)


def search_settings(folder: Path, task: str) -> dict[str, Any]:
    """The ``capacity`` or ``staffing`` settings from config.yaml; empty if unreadable."""
    try:
        config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found = config.get(task) if isinstance(config, dict) else None
    return found if isinstance(found, dict) else {}


def search_page(
    folder: Path,
    page_dir: Path,
    info: dict[str, Any],
    lead: str,
    sections: list[tuple[str, str, str, list[str]]],
    files: dict[str, str],
    extra: list[str] | None = None,
) -> str:
    """The page of a search folder: ``sections``, then the figure, files and provenance.

    Args:
        folder: the search folder.
        page_dir: where the page will be saved; its links to the files are relative to it.
        info: its JSON result (run identity, target, answer).
        lead: HTML of the sentence under the title: the question and its scope.
        sections: the answer and what was searched, in reading order, each as anchor,
            name in the navigation bar, heading and HTML.
        files: result file -> what it holds; those missing are left out.
        extra: more tables for the reproducing section.
    """
    task = str(info.get("task") or "search")
    org = info.get("org") or "office"
    nav = [(anchor, short) for anchor, short, _, _ in sections] + [
        ("figures", "Figure"),
        ("files", "Files"),
        ("reproduce", "Reproducing"),
    ]
    body = [
        f"<h1>orgsim {escape(task)} report: {escape(org)}</h1>",
        f'<p class="lead">{lead} Folder: <code>{escape(str(folder.resolve()))}</code></p>',
        "<nav>" + "".join(f'<a href="#{i}">{escape(h)}</a>' for i, h in nav) + "</nav>",
        status_warning(folder, "search"),
    ]
    for anchor, _, heading, parts in sections:
        body += [f'<h2 id="{anchor}">{escape(heading)}</h2>', *parts]
    rows = [
        [link(folder / name, page_dir, name), meaning]
        for name, meaning in files.items()
        if (folder / name).is_file()
    ]
    body += [
        '<h2 id="figures">Figure</h2>',
        *(
            figures(folder, level_of(info))
            or ["<p>No figure in this folder (run with figure=true).</p>"]
        ),
        '<h2 id="files">Result files</h2>',
        "<p>The links lead to the files beside this search's results, from where this page "
        "was saved.</p>",
        table("Files of this search", ["file", "what it holds"], rows),
        '<h2 id="reproduce">Reproducing this search</h2>',
        *reproduce(folder, info, SEEDS_NOTE, extra),
    ]
    return page(f"orgsim {task} report: {org}", body)
