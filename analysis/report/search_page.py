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

from orgsim.analysis.i18n import N_, _, in_chinese
from orgsim.analysis.report.formatting import level_of
from orgsim.analysis.report.html import figures, link, page, status_warning, table
from orgsim.analysis.report.provenance import reproduce
from orgsim.analysis.search_tables import target_words
from orgsim.analysis.units import Display, display_of, display_problem

#: How the seeds make the search fair, said under the seeds table.
SEEDS_NOTE = N_(
    "Replication <em>i</em> uses the same seed for every structure, section and candidate "
    "tried (a demand level or a staff count): common random numbers, so candidates differ "
    "only by what is searched over, not by luck."
)

#: The page's title for each kind of search; another kind is named by its task.
TITLES = {
    "capacity": N_("orgsim capacity report: {office}"),
    "staffing": N_("orgsim staffing report: {office}"),
    "robustness": N_("orgsim robustness report: {office}"),
    "b_posts": N_("orgsim b_posts report: {office}"),
}


def search_settings(folder: Path, task: str) -> dict[str, Any]:
    """A part of config.yaml (``capacity``, ``staffing``, ``org``); empty if unreadable."""
    try:
        config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found = config.get(task) if isinstance(config, dict) else None
    return found if isinstance(found, dict) else {}


def search_display(folder: Path, info: dict[str, Any]) -> Display | None:
    """The units the office reads the search in; None for the engine's.

    As the result records them (``display``), else as the org of the folder's saved
    config.yaml asks (``display_unit``).
    """
    recorded = Display.from_record(info.get("display"))
    if recorded is not None:
        return recorded
    org = search_settings(folder, "org")
    if not org or display_problem(org) is not None:
        return None
    return display_of(org)


def shown_target(info: dict[str, Any], share: Any, deadline: Any, display: Display | None) -> str:
    """The deadline target in words, its deadline in the office's unit when it has one.

    Without a display, in English, the words the search recorded (``info["target"]``).
    """
    recorded = str(info.get("target") or _("the target"))
    if not isinstance(share, int | float) or (display is None and not in_chinese()):
        return recorded
    if not isinstance(deadline, int | float):
        return target_words(float(share), None, "")
    time_unit = str(info.get("time_unit") or "hour")
    return target_words(float(share), float(deadline), time_unit, display)


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
    org = info.get("org") or _("office")
    title = (
        _(TITLES[task]).format(office=org)
        if task in TITLES
        else _("orgsim {task} report: {office}").format(task=task, office=org)
    )
    nav = [(anchor, short) for anchor, short, _heading, _parts in sections] + [
        ("figures", _("Figure")),
        ("files", _("Files")),
        ("reproduce", _("Reproducing")),
    ]
    folder_code = f"<code>{escape(str(folder.resolve()))}</code>"
    body = [
        f"<h1>{escape(title)}</h1>",
        '<p class="lead">{}</p>'.format(
            _("{lead} Folder: {folder}").format(lead=lead, folder=folder_code)
        ),
        "<nav>" + "".join(f'<a href="#{i}">{escape(h)}</a>' for i, h in nav) + "</nav>",
        status_warning(folder, "search"),
    ]
    for anchor, _short, heading, parts in sections:
        body += [f'<h2 id="{anchor}">{escape(heading)}</h2>', *parts]
    rows = [
        [link(folder / name, page_dir, name), meaning]
        for name, meaning in files.items()
        if (folder / name).is_file()
    ]
    body += [
        '<h2 id="figures">{}</h2>'.format(_("Figure")),
        *(
            figures(folder, level_of(info))
            or ["<p>{}</p>".format(_("No figure in this folder (run with figure=true)."))]
        ),
        '<h2 id="files">{}</h2>'.format(_("Result files")),
        "<p>{}</p>".format(
            _(
                "The links lead to the files beside this search's results, from where this "
                "page was saved."
            )
        ),
        table(_("Files of this search"), [_("file"), _("what it holds")], rows),
        '<h2 id="reproduce">{}</h2>'.format(_("Reproducing this search")),
        *reproduce(folder, info, _(SEEDS_NOTE), extra),
    ]
    return page(title, body)
