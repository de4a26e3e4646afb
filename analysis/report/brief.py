"""A plan brief: two printed A4 pages a head of office can act on and defend.

The full report answers every question about a run; the brief answers the four a
decision maker asks, in this order: is the plan better, and by how much (the headline
cards); the one figure that shows it; what the answer rests on (the run's assumptions and
where the office's numbers came from); and whether it survives what the office does not
know (a robustness check, or the plain statement that none was run, with its command).

It is one self-contained HTML file (the figure embedded, no script, no network) with a
print style sheet: A4 pages, margins, and page breaks kept out of cards, the figure and
tables, so that printing it (or saving it as PDF from a browser) gives two pages.
"""

from __future__ import annotations

import base64
import tempfile
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import yaml

from orgsim.analysis.i18n import DEFAULT_LANGUAGE, _, current_language, speaking
from orgsim.analysis.report.brief_assumptions import assumed_table, sources
from orgsim.analysis.report.brief_robustness import (
    no_robustness_part,
    read_robustness,
    robustness_part,
)
from orgsim.analysis.report.display import shown_summary
from orgsim.analysis.report.folders import ReportInputError, status
from orgsim.analysis.report.formatting import and_list, level_of
from orgsim.analysis.report.headline import headline_html
from orgsim.analysis.report.html import CAPTIONS, page, status_warning
from orgsim.analysis.report.shapes import SUMMARY_SHAPE, read_result
from orgsim.analysis.results_folder import COMPARISON_FIGURE, CONFIG, SUMMARY

#: The figure that tells a comparison's story: waits, how busy each person is, idle time.
STORY_FIGURE = f"{COMPARISON_FIGURE}.png"
#: The figure's greatest printed height by the number of alternatives (more cards, less room).
FIGURE_HEIGHT_MM = {1: 80, 2: 70, 3: 55, 4: 50}

#: The brief's own style, after the report's: a paper-wide column on screen, A4 in print.
BRIEF_CSS = """
body { max-width: 190mm; }
h2 { margin-top: 1.2rem; }
.cards { gap: 0.6rem; margin: 0.5rem 0; } .card { flex: 1 1 40%; padding: 0.4rem 0.7rem; }
.card .big { font-size: 1.15rem; }
.shares .card { flex: 1 1 25%; }
ul.verdicts li { margin: 0.15rem 0; } .tag { min-width: 6.5rem; font-size: 0.8rem; }
figure { margin: 0.4rem 0 0.6rem; text-align: center; }
figure img { width: 100%; object-fit: contain; }
figcaption { text-align: left; }
table { margin: 0.4rem 0 0.6rem; font-size: 0.85rem; width: 100%; }
th, td { padding: 0.15rem 0.4rem; }
blockquote.notes { margin: 0.3rem 0; padding: 0.2rem 0.7rem; border-left: 3px solid #d0d7de;
  color: #333; font-size: 0.85rem; }
ul.notes { margin: 0.2rem 0; padding-left: 1.2rem; font-size: 0.85rem; }
ul.notes li { margin: 0.1rem 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.78rem; padding: 0.5rem; }
p { margin: 0.35rem 0; }
footer { color: #555; font-size: 0.8rem; border-top: 1px solid #d0d7de; margin-top: 0.8rem; }
@page { size: A4; margin: 12mm 13mm 12mm 13mm; }
@media print {
  html { font-size: 11.5px; }
  body { max-width: none; margin: 0; padding: 0; font-size: 1rem; line-height: 1.3;
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 1.6rem; margin-top: 0; } h2 { font-size: 1.25rem; margin-top: 0.8rem; }
  h3 { font-size: 1.05rem; margin-top: 0.5rem; }
  ul.verdicts { margin: 0.25rem 0 0; }
  ul.verdicts li { margin: 0.05rem 0; }
  .tag { min-width: 8.5rem; font-size: 0.75rem; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .card, figure, table, tr, blockquote, pre, ul.notes li, .cards { break-inside: avoid;
    page-break-inside: avoid; }
  .wide { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


def run_date(folder: Path) -> str:
    """The day the run ended (its status.json), else the day summary.json was written."""
    found = status(folder)
    for key in ("finished", "started"):
        value = found.get(key)
        if isinstance(value, str) and len(value) >= 10:
            return value[:10]
    written = (folder / SUMMARY).stat().st_mtime
    return datetime.fromtimestamp(written, UTC).date().isoformat()


def _config(folder: Path) -> dict[str, Any]:
    try:
        found = yaml.safe_load((folder / CONFIG).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ReportInputError(
            f"{folder / CONFIG}: cannot be read ({error}); re-run the job that wrote it"
        ) from None
    return found if isinstance(found, dict) else {}


def _story_png(folder: Path) -> bytes | None:
    """The comparison figure: drawn again in the language shown, else as the run drew it."""
    if not (folder / STORY_FIGURE).is_file():
        return None
    if current_language() != DEFAULT_LANGUAGE:
        from orgsim.analysis.report.redraw import redraw

        with tempfile.TemporaryDirectory(prefix="orgsim-brief-") as tmp:
            drawn = redraw(folder, Path(tmp), names=[COMPARISON_FIGURE])
            if STORY_FIGURE in drawn:
                return drawn[STORY_FIGURE].read_bytes()
    return (folder / STORY_FIGURE).read_bytes()


def _figure(folder: Path, summary: dict[str, Any], alternatives: int) -> str:
    png = _story_png(folder)
    if png is None:
        return "<p>{}</p>".format(
            escape(_("The run drew no figure (it ran with figure=false); the cards above say it."))
        )
    caption = _(CAPTIONS[STORY_FIGURE]).replace("95%", level_of(summary))
    height = FIGURE_HEIGHT_MM.get(alternatives, min(FIGURE_HEIGHT_MM.values()))
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img style="max-height: {height}mm" src="data:image/png;base64,{data}" '
        f'alt="{escape(caption)}"><figcaption>{escape(caption)}</figcaption></figure>'
    )


def _brief(folder: Path, robustness: Path | None) -> str:
    summary = shown_summary(read_result(folder / SUMMARY, SUMMARY_SHAPE))
    config = _config(folder)
    office = str(summary.get("org") or _("office"))
    baseline = str(summary.get("baseline") or "")
    plans = list(summary.get("paired_differences") or {})
    if not plans:
        raise ReportInputError(
            f"{folder}: the run compared no plan with {baseline or 'the baseline'}; run the "
            "office with its alternative structures (structure=all) and brief that run"
        )
    found = read_robustness(robustness, summary) if robustness is not None else None
    title = _("Plan brief: {office}").format(office=office)
    lead = _("{plans} against {baseline} · run of {date} · {n} replications").format(
        plans=and_list([f"<strong>{escape(p)}</strong>" for p in plans]),
        baseline=f"<strong>{escape(baseline)}</strong>",
        date=escape(run_date(folder)),
        n=escape(str(summary.get("replications", "?"))),
    )
    robust = (
        robustness_part(found, robustness)
        if found is not None and robustness is not None
        else no_robustness_part(folder, summary)
    )
    full_report = f"<code>orgsim-report {escape(str(folder.resolve()))}</code>"
    return page(
        title,
        [
            f"<h1>{escape(title)}</h1>",
            f'<p class="lead">{lead}</p>',
            status_warning(folder),
            f'<h2 id="headline">{escape(_("Headline"))}</h2>',
            *headline_html(summary),
            f'<h2 id="figure">{escape(_("What the run shows"))}</h2>',
            _figure(folder, summary, len(plans)),
            f'<h2 id="assumptions">{escape(_("Assumptions and where they came from"))}</h2>',
            assumed_table(summary, config),
            f"<h3>{escape(_('Where the numbers came from'))}</h3>",
            *sources(folder, summary, config),
            f'<h2 id="robustness">{escape(_("Does the verdict survive what we do not know?"))}'
            "</h2>",
            *robust,
            "<footer><p>{}</p></footer>".format(
                _("Every number with its interval, the figures and the seeds: {command}").format(
                    command=full_report
                )
            ),
        ],
        BRIEF_CSS,
    )


def build_brief(
    folder: Path, robustness: Path | None = None, language: str = DEFAULT_LANGUAGE
) -> str:
    """The plan brief of a run folder, as one self-contained HTML page.

    Args:
        folder: a run folder (one holding summary.json) comparing a plan with its baseline.
        robustness: a robustness folder (robustness.json) of the same office, plan and
            baseline, or None when no check was run.
        language: "en" or "zh" (see :mod:`orgsim.analysis.i18n`).

    Raises:
        ReportInputError: a damaged file, a run with no plan, or a robustness folder about
            another office, plan or baseline; the message names the fix.
    """
    with speaking(language):
        return _brief(folder, robustness)
