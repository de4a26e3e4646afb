"""The page's building blocks: the style sheet, captioned tables, embedded figures, links.

Only the standard library's ``html`` escaping is used (no template engine, no JavaScript,
no external CSS or fonts), and every figure is embedded as a data URI, so the one file
opens offline, by e-mail or on a shared drive.

Names on a page come from files anyone can write (a structure called ``<b>``, a job folder
called ``javascript:alert(1)``), so markup is opt-in: a table escapes every header and
every cell unless the cell is :class:`Html`, which only this package's helpers make from
escaped parts; links to files are relative paths that cannot carry a scheme.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable
from html import escape
from pathlib import Path
from urllib.parse import quote

from orgsim.analysis.i18n import N_, _, current_language
from orgsim.analysis.report.folders import status
from orgsim.analysis.report.formatting import and_list
from orgsim.analysis.report.verdicts import TAGS

#: The page's ``lang`` attribute for each language (browsers pick Chinese glyph forms by it).
HTML_LANG = {"en": "en", "zh": "zh-CN"}

#: Captions of the figures orgsim writes; any other PNG is shown under its file name.
CAPTIONS: dict[str, str] = {
    "comparison.png": N_(
        "Mean wait, utilisation of each staff member and idle time while work "
        "waits, per structure, with 95% intervals."
    ),
    "utilisation.png": N_("How busy each staff member is in each structure (busy/idle imbalance)."),
    "deadline.png": N_(
        "Share of matters done within their deadline, per structure (and per priority class)."
    ),
    "types.png": N_(
        "Mean wait of each matter type, per structure, with 95% intervals (with many "
        "types, those with the longest wait in the baseline; the table above has them all)."
    ),
    "backlog.png": N_(
        "Matters in the office (left) and matters waiting in queues (right) over "
        "time, per structure: mean of the replications with a 95% band."
    ),
    "welch.png": N_(
        "Welch's plot for choosing the warm-up: the warm-up should end where the "
        "smoothed curve levels off."
    ),
    "wait_vs_load.png": N_(
        "Mean wait, deadline attainment and staff utilisation against the "
        "swept setting, per structure, with 95% bands."
    ),
    "capacity.png": N_(
        "Left: the largest demand each structure carries while meeting the "
        "target, against the sum of its parts (the sections alone, stacked), with 95% intervals. "
        "Right: the share of matters done within the deadline as demand grows, with 95% bands; "
        "the dashed line is the target and the dotted lines mark each structure's capacity."
    ),
    "staffing.png": N_(
        "Share of matters done within the deadline against the number of staff, "
        "per structure (or per section), mean and 95% interval over the replications. The "
        "dashed line is the target; a cross marks a count that would be overloaded (not run)."
    ),
    "robustness.png": N_(
        "The plan's verdict at each sampled point of the plausible range, over "
        "the two assumptions the verdict depends on most (with one assumption, the gain along it)."
    ),
    "b_posts.png": N_(
        "Gain of each set of B posts over the current posts, mean and 95% interval "
        "on fresh paired replications; the shaded band is no practical difference, and each row "
        "names the new skills the posts need and the mean they give."
    ),
}

#: The style sheet; its font stack names the usual Chinese system fonts of macOS, Windows and
#: Linux, so Chinese names render offline with whichever is installed (no web font).
CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC",
  "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif;
  max-width: 72rem; margin: 0 auto; padding: 1.5rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.lead { color: #444; margin-top: 0; }
nav { background: #f6f8fa; padding: 0.6rem 1rem; border-radius: 6px; }
nav a { margin-right: 1rem; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; }
tbody tr:nth-child(even) { background: #fbfcfd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.note { color: #555; font-size: 0.85rem; }
tr.problem td { background: #fde8e8; }
tr.total td { font-weight: 600; border-top: 2px solid #8c959f; }
.tag { display: inline-block; min-width: 7.2rem; font-weight: 600; font-size: 0.85rem;
  padding: 0.05rem 0.4rem; border-radius: 4px; text-align: center; }
.better { background: #dafbe1; color: #0f5323; }
.worse { background: #ffe1e1; color: #8a1010; }
.change { background: #ddf4ff; color: #0a3069; }
.same { background: #eef1f4; color: #444; }
ul.verdicts { list-style: none; padding-left: 0; }
ul.verdicts li { margin: 0.35rem 0; display: flex; gap: 0.5rem; align-items: baseline; }
ul.verdicts .tag { flex: none; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.card { flex: 1 1 20rem; border: 1px solid #d0d7de; border-left-width: 8px;
  border-radius: 6px; padding: 0.6rem 1rem; }
.card.better { border-left-color: #1a7f37; }
.card.worse { border-left-color: #cf222e; }
.card.same { border-left-color: #8c959f; }
.card .big { font-size: 1.9rem; font-weight: 700; line-height: 1.2; }
.card p { margin: 0.3rem 0 0; color: #1a1a1a; }
.card p.note { color: #444; font-size: 0.9rem; }
table.full { width: 100%; }
.warning { background: #fff4d6; border-left: 4px solid #d4a017; padding: 0.5rem 1rem; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
figcaption { color: #444; font-size: 0.92rem; margin-top: 0.3rem; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
"""


class Html(str):
    """Text that is already HTML, built from escaped parts: a table puts it in as is."""


def cell(value: object) -> str:
    """``value`` as table content: :class:`Html` as is, anything else escaped."""
    return value if isinstance(value, Html) else escape(str(value))


def strong(text: object) -> Html:
    """``<strong>text</strong>``, the text escaped."""
    return Html(f"<strong>{escape(str(text))}</strong>")


def code(text: object) -> Html:
    """``<code>text</code>``, the text escaped."""
    return Html(f"<code>{escape(str(text))}</code>")


def table(
    caption: str,
    header: list[str],
    rows: Iterable[list[str]],
    numeric: Iterable[int] = (),
    row_classes: Iterable[str] | None = None,
    full: bool = False,
) -> str:
    """A captioned table of plain-text headers and cells, columns in ``numeric`` right-aligned.

    Every header and cell is escaped, except cells made as :class:`Html`.
    """
    right = set(numeric)
    tag = ' class="full"' if full else ""
    classes = list(row_classes) if row_classes is not None else None
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in header)
    body = []
    for i, row in enumerate(rows):
        cells = "".join(
            f'<td class="num">{cell(c)}</td>' if j in right else f"<td>{cell(c)}</td>"
            for j, c in enumerate(row)
        )
        cls = f' class="{escape(classes[i])}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return (
        f'<div class="wide"><table{tag}><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def page(title: str, body: list[str], extra_css: str = "") -> str:
    """The whole HTML document: the style sheet inline (and ``extra_css``), ``body`` as given."""
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[current_language()]}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def tag(kind: str, text: str | None = None) -> Html:
    """A coloured verdict tag: ``better``, ``worse``, ``change`` or ``same``."""
    return Html(f'<span class="tag {escape(kind)}">{escape(text or _(TAGS[kind]))}</span>')


def cards(items: list[tuple[str, str, str]]) -> str:
    """Headline boxes side by side: (kind for the colour, large text, HTML below it)."""
    boxes = "".join(
        f'<div class="card {kind}"><div class="big">{escape(big)}</div>{body}</div>'
        for kind, big, body in items
    )
    return f'<div class="cards">{boxes}</div>'


def figures(folder: Path, level: str = "95%") -> list[str]:
    """Every PNG in ``folder`` as an embedded figure: known ones first, in a fixed order.

    ``level`` is the confidence level the folder's result records; captions say it.
    """
    order = list(CAPTIONS)
    pngs = sorted(
        (p for p in folder.glob("*.png") if p.is_file()),
        key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name),
    )
    redrawn: dict[str, bytes] = {}
    if current_language() == "zh":  # drawn again in Chinese from the folder's own tables
        from orgsim.analysis.report.redraw import redrawn_figures

        redrawn = redrawn_figures(folder)
    out = []
    for png in pngs:
        data = base64.b64encode(redrawn.get(png.name) or png.read_bytes()).decode("ascii")
        caption = (_(CAPTIONS[png.name]) if png.name in CAPTIONS else png.name).replace(
            "95%", level
        )
        out.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)} <small>({escape(png.name)})</small></figcaption>"
            "</figure>"
        )
    return out


def names(items: list[str]) -> str:
    """``<strong>a</strong>, <strong>b</strong> and <strong>c</strong>``."""
    return and_list([f"<strong>{escape(n)}</strong>" for n in items], escape(_("no structure")))


def href(target: Path, page_dir: Path) -> str:
    """The address of ``target`` from a page in ``page_dir``, safe in an ``href``.

    A relative path, percent-encoded and starting ``./`` or ``../``, so no name (a job
    folder called ``javascript:alert(1)``) can turn into a scheme; a ``file://`` address
    when there is no relative path (another drive).
    """
    try:
        relative = os.path.relpath(target.resolve(), page_dir.resolve())
    except ValueError:
        return target.resolve().as_uri()
    address = quote(Path(relative).as_posix())
    return address if address.startswith("../") else f"./{address}"


def link(target: Path, page_dir: Path, text: str) -> Html:
    """A link to the file ``target`` from a page in ``page_dir``, showing ``text``."""
    return Html(f'<a href="{escape(href(target, page_dir))}">{escape(text)}</a>')


def anchor(prefix: str, name: str) -> str:
    """An element id for ``name`` (a job folder) that is safe in ``id`` and ``#`` links."""
    return f"{prefix}-{quote(name, safe='')}"


def file_links(folder: Path, files: Iterable[str], page_dir: Path) -> Html:
    """Links to those of ``files`` that exist in ``folder``, from a page in ``page_dir``."""
    found = [f for f in files if (folder / f).is_file()]
    return Html(" · ".join(link(folder / f, page_dir, f) for f in found))


#: A status warning's sentence for each kind of job (``what``): without and with an error.
STATUS_SENTENCES = {
    "run": (
        N_("This run's status is <strong>{status}</strong>."),
        N_("This run's status is <strong>{status}</strong>: {error}."),
    ),
    "search": (
        N_("This search's status is <strong>{status}</strong>."),
        N_("This search's status is <strong>{status}</strong>: {error}."),
    ),
}


def status_warning(folder: Path, what: str = "run") -> str:
    """A warning box when the job's status.json does not say ``ok``; empty otherwise.

    ``what`` is ``run`` or ``search`` (:data:`STATUS_SENTENCES`).
    """
    found = status(folder)
    if found.get("status") == "ok":
        return ""
    plain, with_error = STATUS_SENTENCES.get(what, STATUS_SENTENCES["run"])
    shown = escape(str(found.get("status")))
    if found.get("error"):
        text = _(with_error).format(status=shown, error=escape(str(found["error"])))
    else:
        text = _(plain).format(status=shown)
    return f'<p class="warning">{text}</p>'
