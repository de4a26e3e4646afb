"""The page of a sweep folder (aggregate.parquet and jobs.csv from ``orgsim-aggregate``).

A sweep is many runs over a grid of settings: the page says first which jobs failed, so
no one reads a summary that silently lacks them, then gives every setting's means and
intervals per structure, the sweep's figures and each job's verdicts.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from orgsim.analysis.report.folders import AGGREGATE, JOBS, SUMMARY, ReportInputError, read_json
from orgsim.analysis.report.folders import status as job_status
from orgsim.analysis.report.formatting import fmt, fmt_interval, missing
from orgsim.analysis.report.html import figures, file_links, page, table
from orgsim.analysis.report.metrics import base_metric
from orgsim.analysis.report.verdict_html import direction_note, significance_note, verdict_section
from orgsim.analysis.stats import summarise
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


def sweep_tables(tidy: pd.DataFrame, swept: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """Per combination of swept values: metric rows, ``mean [interval]`` per structure.

    Intervals come from :func:`analysis.stats.summarise` over the replications of each
    (swept values, structure).
    """
    known = [m for m in METRICS if m in tidy.columns]
    extra = sorted(
        c for c in tidy.columns if "." in c and base_metric(c) in CLASS_METRICS and c not in swept
    )
    metrics = known + extra
    groups = tidy.groupby(swept, sort=False) if swept else [((), tidy)]
    found = []
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        stats = summarise(group, metrics)
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
        has_summary = (folder / name / SUMMARY).exists()
        link = f'<a href="#job-{escape(name)}">{escape(name)}</a>' if has_summary else escape(name)
        shown = "<strong>" + escape(status) + "</strong>" if status != "ok" else escape(status)
        cells = [link, shown]
        cells += ["" if missing(job[k]) else escape(str(job[k])) for k in keys]
        rows.append([*cells, f'<span class="note">{escape(str(error))}</span>'])
        classes.append(status if status in ("failed", "unfinished") else "")
    return rows, classes


def _job_sections(folder: Path, jobs: pd.DataFrame, swept: list[str]) -> list[str]:
    out = []
    for job in jobs.to_dict("records"):
        name = str(job["job"])
        path = folder / name / SUMMARY
        if not path.exists():
            continue
        summary = read_json(path)
        title = ", ".join(f"{k} = {job[k]}" for k in swept if k in job)
        files = sorted(p.name for p in (folder / name).iterdir() if p.suffix in (".md", ".png"))
        links = file_links(folder / name, [SUMMARY, *files], prefix=f"{name}/")
        out += [
            f'<h3 id="job-{escape(name)}">Job {escape(name)}'
            f"{': ' + escape(title) if title else ''}</h3>",
            f"<p>This job's files (the links open while this page sits in the sweep "
            f"folder): {links}</p>",
            *verdict_section(summary, compact=True),
        ]
    return out


def _summary_tables(tidy: pd.DataFrame, swept: list[str]) -> list[str]:
    if tidy.empty or "structure" not in tidy.columns:
        return ["<p>No job has finished with results yet.</p>"]
    out = []
    for title, frame in sweep_tables(tidy, swept):
        rows = [
            [f"<code>{escape(m)}</code>", *(escape(v) for v in frame.loc[m])] for m in frame.index
        ]
        out.append(
            table(
                f"{title}: mean [95% interval]",
                ["metric", *(escape(c) for c in frame.columns)],
                rows,
                numeric=range(1, len(frame.columns) + 1),
            )
        )
    return out


def sweep_report(folder: Path) -> str:
    """The HTML page of a sweep folder (one holding aggregate.parquet and jobs.csv)."""
    try:
        tidy = pd.read_parquet(folder / AGGREGATE)
        jobs = pd.read_csv(folder / JOBS, dtype=str) if (folder / JOBS).exists() else None
    except (OSError, ValueError) as error:
        raise ReportInputError(
            f"cannot read the sweep tables in {folder} ({type(error).__name__}); gather them "
            f"again with `orgsim-aggregate {folder} --overwrite`"
        ) from None
    if jobs is None:
        jobs = pd.DataFrame({"job": sorted(tidy["job"].unique()) if "job" in tidy else []})
        jobs["status"] = "ok"
    if not {"job", "status"} <= set(jobs.columns):
        jobs = pd.DataFrame({"job": [], "status": []})
    swept = _swept(jobs, tidy)
    summaries = [folder / str(j) / SUMMARY for j in jobs["job"]]
    first = next((read_json(p) for p in summaries if p.exists()), {})
    org = first.get("org") or "office"
    failed = int((jobs["status"] != "ok").sum())
    rows, classes = _job_rows(folder, jobs)
    header = ["job", "status", *[c for c in jobs.columns if c not in ("job", "status")], "error"]
    body = [
        f"<h1>orgsim sweep report: {escape(org)}</h1>",
        f'<p class="lead">{len(jobs)} job(s), '
        f"{f'{failed} failed or unfinished' if failed else 'all finished'}; swept: "
        f"{escape(', '.join(swept) or 'nothing')}. "
        f"Folder: <code>{escape(str(folder.resolve()))}</code></p>",
        '<nav><a href="#jobs">Jobs</a><a href="#summary">Summary</a>'
        '<a href="#figures">Figures</a><a href="#per-job">Per job</a></nav>',
        '<h2 id="jobs">Jobs</h2>',
        '<p class="warning">Failed or unfinished jobs are shown in red and left out of the '
        "summary.</p>"
        if failed
        else "<p>Every job finished.</p>",
        table("Jobs of this sweep and their status", header, rows, row_classes=classes),
        '<h2 id="summary">Summary over replications</h2>',
        "<p>Mean of each metric over the replications and its 95% Student-t interval, for "
        "each setting of the swept parameters and each structure.</p>",
        *_summary_tables(tidy, swept),
        '<h2 id="figures">Figures</h2>',
        *(figures(folder) or ["<p>No figures at the sweep root.</p>"]),
        '<h2 id="per-job">Per job: verdicts against the baseline</h2>',
        significance_note(0),
        direction_note(),
        *(_job_sections(folder, jobs, swept) or ["<p>No job has a summary.json.</p>"]),
    ]
    return page(f"orgsim sweep report: {org}", body)
