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
from orgsim.analysis.per_type import is_type_metric
from orgsim.analysis.report.folders import SUMMARY
from orgsim.analysis.report.folders import status as job_status
from orgsim.analysis.report.formatting import confidence_of, fmt, fmt_interval, level_of, missing
from orgsim.analysis.report.html import Html, anchor, code, figures, file_links, page, strong, table
from orgsim.analysis.report.metrics import base_metric, run_types
from orgsim.analysis.report.shapes import SUMMARY_SHAPE, read_result
from orgsim.analysis.report.sweep_files import compares, read_tables
from orgsim.analysis.report.verdict_html import direction_note, significance_note, verdict_section
from orgsim.analysis.stats import DEFAULT_CONFIDENCE, summarise
from orgsim.sim.results import CLASS_METRICS, METRICS


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
) -> list[tuple[str, pd.DataFrame]]:
    """Per combination of swept values: metric rows, ``mean [interval]`` per structure.

    Intervals come from :func:`analysis.stats.summarise` over the replications of each
    (swept values, structure). Per-type metrics of ``types`` are left out (each job's own
    page has them, one row per matter type).
    """
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
        found.append((values, f"{title or 'all jobs'} ({n} replications)", frame))
    found.sort(key=lambda item: [_sort_key(v) for v in item[0]])
    return [(title, frame) for _, title, frame in found]


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
            strong(status) if status != "ok" else status,
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
        out += [
            f'<h3 id="{anchor("job", name)}">Job {escape(name)}'
            f"{': ' + escape(title) if title else ''}</h3>",
            f"<p>This job's files: {links}</p>",
            *verdict_section(summary, compact=True),
        ]
    return out


def _summary_tables(
    tidy: pd.DataFrame, swept: list[str], types: list[str], confidence: float
) -> list[str]:
    if tidy.empty:
        return ["<p>No job has finished with results yet.</p>"]
    if not compares(tidy):
        return [
            "<p>The jobs of this sweep are searches (capacity or staffing), not comparisons: "
            "give a job's folder to <code>orgsim-report</code> for its own page.</p>"
        ]
    out = []
    for title, frame in sweep_tables(tidy, swept, types, confidence):
        rows = [[code(m), *frame.loc[m]] for m in frame.index]
        out.append(
            table(
                f"{title}: mean [{level_text(confidence)} interval]",
                ["metric", *frame.columns],
                rows,
                numeric=range(1, len(frame.columns) + 1),
            )
        )
    return out


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
    types = list(dict.fromkeys(t for summary in summaries for t in run_types(summary)))
    org = first.get("org") or "office"
    failed = int((jobs["status"] != "ok").sum())
    problems = f"{failed} not ok (failed, unfinished, not started or unreadable)"
    rows, classes = _job_rows(folder, jobs)
    header = ["job", "status", *[c for c in jobs.columns if c not in ("job", "status")], "error"]
    body = [
        f"<h1>orgsim sweep report: {escape(org)}</h1>",
        f'<p class="lead">{len(jobs)} job(s), '
        f"{problems if failed else 'all finished'}; swept: "
        f"{escape(', '.join(swept) or 'nothing')}. "
        f"Folder: <code>{escape(str(folder.resolve()))}</code></p>",
        '<nav><a href="#jobs">Jobs</a><a href="#summary">Summary</a>'
        '<a href="#figures">Figures</a><a href="#per-job">Per job</a></nav>',
        '<h2 id="jobs">Jobs</h2>',
        '<p class="warning">Jobs that failed, never finished, never started or cannot be read '
        "are shown in red and left out of the summary.</p>"
        if failed
        else "<p>Every job finished.</p>",
        table("Jobs of this sweep and their status", header, rows, row_classes=classes),
        '<h2 id="summary">Summary over replications</h2>',
        f"<p>Mean of each metric over the replications and its {level_of(first)} Student-t "
        "interval, for "
        "each setting of the swept parameters and each structure. Per-matter-type metrics "
        "are on each job's own page.</p>",
        *_summary_tables(tidy, swept, types, confidence_of(first)),
        '<h2 id="figures">Figures</h2>',
        *(figures(folder, level_of(first)) or ["<p>No figures at the sweep root.</p>"]),
        '<h2 id="per-job">Per job: verdicts against the baseline</h2>',
        significance_note(0, confidence_of(first)),
        direction_note(),
        *(
            _job_sections(folder, jobs, swept, page_dir or folder)
            or ["<p>No job has a summary.json.</p>"]
        ),
    ]
    return page(f"orgsim sweep report: {org}", body)
