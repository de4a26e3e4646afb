"""The page of a sweep folder (aggregate.parquet and jobs.csv from ``orgsim-aggregate``).

A sweep is many runs over a grid of settings: the page says first which jobs failed, so
no one reads a summary that silently lacks them, then gives every setting's means and
intervals per structure, the sweep's figures and each job's verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.analysis.formatting import level_text
from orgsim.analysis.i18n import N_, _
from orgsim.analysis.per_type import is_type_metric
from orgsim.analysis.report.display import engine_word
from orgsim.analysis.report.folders import SUMMARY
from orgsim.analysis.report.folders import status as job_status
from orgsim.analysis.report.formatting import (
    confidence_of,
    fmt,
    fmt_interval,
    level_of,
    missing,
    plural,
)
from orgsim.analysis.report.html import Html, anchor, code, figures, file_links, page, strong, table
from orgsim.analysis.report.metrics import base_metric, run_types
from orgsim.analysis.report.shapes import SUMMARY_SHAPE, read_result
from orgsim.analysis.report.sweep_files import compares, read_tables, sweep_display
from orgsim.analysis.report.verdict_html import direction_note, significance_note, verdict_section
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, summarise
from orgsim.analysis.units import Display, metric_name
from orgsim.sim.results import CLASS_METRICS, METRICS

#: A job's status (jobs.csv, written by ``orgsim-aggregate``) in words.
JOB_STATUS = {
    "ok": N_("ok"),
    "failed": N_("failed"),
    "unfinished": N_("unfinished"),
    "not started": N_("not started"),
    "unreadable": N_("unreadable"),
    "unknown": N_("unknown"),
}


def _swept(jobs: pd.DataFrame, tidy: pd.DataFrame) -> list[str]:
    """Override keys that vary between jobs and appear in the tidy table."""
    keys = [c for c in jobs.columns if c not in ("job", "status", "structure")]
    return [k for k in keys if jobs[k].astype(str).nunique() > 1 and k in tidy.columns]


def _sort_key(value: Any) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(value))


def sweep_tables(
    tidy: pd.DataFrame,
    swept: list[str],
    types: Sequence[str] = (),
    confidence: float = DEFAULT_CONFIDENCE,
    display: Display | None = None,
) -> list[tuple[str, pd.DataFrame]]:
    """Per combination of swept values: metric rows, ``mean [interval]`` per structure.

    Intervals come from :func:`analysis.stats.summarise` over the replications of each
    (swept values, structure). Per-type metrics of ``types`` are left out (each job's own
    page has them, one row per matter type). With a ``display``, times and throughput are
    in the office's units (a change of unit scales a mean and its interval alike).
    """
    if display is not None:
        tidy = display.shown_columns(tidy)
    known = [m for m in METRICS if m in tidy.columns]
    extra = sorted(
        c
        for c in tidy.columns
        if "." in c
        and base_metric(c) in CLASS_METRICS
        and c not in swept
        and not is_type_metric(c, types)
    )
    metrics = known + extra
    groups = tidy.groupby(swept, sort=False) if swept else [((), tidy)]
    found = []
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        stats = summarise(group, metrics, confidence)
        frame = pd.DataFrame(index=pd.Index(metrics, name="metric"))
        for structure, rows in stats.groupby("structure", sort=False):
            rows = rows.set_index("metric")
            frame[structure] = [
                f"{fmt(rows.at[m, 'mean'])} "
                f"{fmt_interval(rows.at[m, 'ci_low'], rows.at[m, 'ci_high'])}"
                for m in metrics
            ]
        n = int(group.groupby("structure")["replication"].nunique().min())
        title = ", ".join(f"{k} = {v}" for k, v in zip(swept, values, strict=True))
        shown = _("{settings} ({n} replications)").format(settings=title or _("all jobs"), n=n)
        found.append((values, shown, frame))
    found.sort(key=lambda item: [_sort_key(v) for v in item[0]])
    return [(title, frame) for _, title, frame in found]


def _status_word(status: str) -> str:
    """A job's status in the language shown; one orgsim does not write, as written."""
    return _(JOB_STATUS[status]) if status in JOB_STATUS else status


def _job_rows(folder: Path, jobs: pd.DataFrame) -> tuple[list[list[str]], list[str]]:
    rows, classes = [], []
    keys = [c for c in jobs.columns if c not in ("job", "status")]
    for job in jobs.to_dict("records"):
        name = str(job["job"])
        status = str(job["status"])
        error = job_status(folder / name).get("error", "") if status != "ok" else ""
        has_summary = (folder / name / SUMMARY).is_file()
        shown: str = escape(name)
        cells: list[str] = [
            Html(f'<a href="#{anchor("job", name)}">{shown}</a>') if has_summary else name,
            strong(_status_word(status)) if status != "ok" else _status_word(status),
            *("" if missing(job[k]) else str(job[k]) for k in keys),
            Html(f'<span class="note">{escape(str(error))}</span>'),
        ]
        rows.append(cells)
        classes.append("" if status == "ok" else "problem")
    return rows, classes


def _job_sections(folder: Path, jobs: pd.DataFrame, swept: list[str], page_dir: Path) -> list[str]:
    out = []
    for job in jobs.to_dict("records"):
        name = str(job["job"])
        path = folder / name / SUMMARY
        if not path.is_file():
            continue
        summary = read_result(path, SUMMARY_SHAPE)
        title = ", ".join(f"{k} = {job[k]}" for k in swept if k in job)
        files = sorted(p.name for p in (folder / name).iterdir() if p.suffix in (".md", ".png"))
        links = file_links(folder / name, [SUMMARY, *files], page_dir)
        heading = (
            _("Job {name}: {settings}").format(name=name, settings=title)
            if title
            else _("Job {name}").format(name=name)
        )
        out += [
            f'<h3 id="{anchor("job", name)}">{escape(heading)}</h3>',
            "<p>{}</p>".format(_("This job's files: {links}").format(links=links)),
            *verdict_section(summary, compact=True),
        ]
    return out


def _summary_tables(
    tidy: pd.DataFrame,
    swept: list[str],
    types: list[str],
    confidence: float,
    display: Display | None = None,
) -> list[str]:
    if tidy.empty:
        return ["<p>{}</p>".format(_("No job has finished with results yet."))]
    if not compares(tidy):
        return [
            "<p>{}</p>".format(
                _(
                    "The jobs of this sweep are searches (capacity or staffing), not "
                    "comparisons: give a job's folder to <code>orgsim-report</code> for its "
                    "own page."
                )
            )
        ]
    out = []
    for title, frame in sweep_tables(tidy, swept, types, confidence, display):
        rows = [[code(_metric_label(m, display)), *frame.loc[m]] for m in frame.index]
        out.append(
            table(
                _("{title}: mean [{level} interval]").format(
                    title=title, level=level_text(confidence)
                ),
                [_("metric"), *frame.columns],
                rows,
                numeric=range(1, len(frame.columns) + 1),
            )
        )
    return out


def _metric_label(metric: str, display: Display | None) -> str:
    """A table row's metric: with its unit when the office has a display (``wait_mean (min)``)."""
    return metric_name(metric) if display is None else display.label(metric)


def _units_sentence(display: Display | None, summary: dict[str, Any]) -> list[str]:
    """What unit the summary tables' times and throughput are in, when not the engine's."""
    if display is None:
        return []
    engine = plural(engine_word(summary.get("time_unit") or "hour"))
    text = _(
        "Times are shown in {time} and throughput in {rate}, converted from the simulation's "
        "{engine} with the office's working calendar (the sweep's files keep the "
        "simulation's unit); shares are between 0 and 1."
    ).format(time=plural(display.time_word), rate=display.rate_words, engine=engine)
    return [f"<p>{escape(text)}</p>"]


def _lead(folder: Path, jobs: pd.DataFrame, swept: list[str]) -> str:
    failed = int((jobs["status"] != "ok").sum())
    state = (
        _("{n} not ok (failed, unfinished, not started or unreadable)").format(n=failed)
        if failed
        else _("all finished")
    )
    text = _("{n} job(s), {state}; swept: {swept}. Folder: {folder}").format(
        n=len(jobs),
        state=escape(state),
        swept=escape(", ".join(swept) or _("nothing")),
        folder=f"<code>{escape(str(folder.resolve()))}</code>",
    )
    return f'<p class="lead">{text}</p>'


def sweep_report(folder: Path, page_dir: Path | None = None) -> str:
    """The HTML page of a sweep folder (one holding aggregate.parquet and jobs.csv).

    Args:
        folder: the sweep folder.
        page_dir: where the page will be saved, for its links to each job's files
            (default: the sweep folder itself).
    """
    tidy, jobs = read_tables(folder)
    swept = _swept(jobs, tidy)
    summaries = [
        read_result(p, SUMMARY_SHAPE)
        for j in jobs["job"]
        if (p := folder / str(j) / SUMMARY).is_file()
    ]
    first = next(iter(summaries), {})
    display = sweep_display(folder, jobs, summaries)
    types = list(dict.fromkeys(t for summary in summaries for t in run_types(summary)))
    org = first.get("org") or _("office")
    failed = int((jobs["status"] != "ok").sum())
    rows, classes = _job_rows(folder, jobs)
    header = [
        _("job"),
        _("status"),
        *[_("reason") if c == "reason" else c for c in jobs.columns if c not in ("job", "status")],
        _("error"),
    ]
    title = _("orgsim sweep report: {office}").format(office=org)
    body = [
        f"<h1>{escape(title)}</h1>",
        _lead(folder, jobs, swept),
        '<nav><a href="#jobs">{}</a><a href="#summary">{}</a>'
        '<a href="#figures">{}</a><a href="#per-job">{}</a></nav>'.format(
            _("Jobs"), _("Summary"), _("Figures"), _("Per job")
        ),
        '<h2 id="jobs">{}</h2>'.format(_("Jobs")),
        '<p class="warning">{}</p>'.format(
            _(
                "Jobs that failed, never finished, never started or cannot be read are shown "
                "in red and left out of the summary."
            )
        )
        if failed
        else "<p>{}</p>".format(_("Every job finished.")),
        table(_("Jobs of this sweep and their status"), header, rows, row_classes=classes),
        '<h2 id="summary">{}</h2>'.format(_("Summary over replications")),
        "<p>{}</p>".format(
            _(
                "Mean of each metric over the replications and its {level} Student-t interval, "
                "for each setting of the swept parameters and each structure. Per-matter-type "
                "metrics are on each job's own page."
            ).format(level=level_of(first))
        ),
        *_units_sentence(display, first),
        *_summary_tables(tidy, swept, types, confidence_of(first), display),
        '<h2 id="figures">{}</h2>'.format(_("Figures")),
        *(
            figures(folder, level_of(first))
            or ["<p>{}</p>".format(_("No figures at the sweep root."))]
        ),
        '<h2 id="per-job">{}</h2>'.format(_("Per job: verdicts against the baseline")),
        significance_note(0, confidence_of(first)),
        direction_note(),
        *(
            _job_sections(folder, jobs, swept, page_dir or folder)
            or ["<p>{}</p>".format(_("No job has a summary.json."))]
        ),
    ]
    return page(title, body)
