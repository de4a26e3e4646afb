"""Crafted and broken result folders: the report escapes every name and never crashes.

Each case builds a folder by writing its files directly (from one real run, made once), so
the table of cases stays fast: markup in structure, section, job, metric and override names
must come out as text; links must be relative, percent-encoded and lead to real files from
wherever the page is saved; and a file of the wrong shape must end in one line naming the
file, the problem and the fix, with exit status 2 and no report written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pandas as pd
import pytest

from orgsim.analysis.report import build_report
from orgsim.analysis.search_tables import capacity_markdown, staffing_markdown
from orgsim.analysis.summary import comparison_table, render_markdown
from orgsim.experiments.app import execute
from orgsim.experiments.compose import compose_config
from orgsim.experiments.report_cli import main

SCRIPT = "<script>alert(1)</script>"
BOLD = "<b>R&D</b>"
#: Names that are markup, Markdown or shell syntax, each used as a structure name.
ODD = ["a|b", "$x$", 'say "hi"', "R&D", "<i>it</i>"]
JAVASCRIPT = "javascript:alert(1)"
REPORT = str(Path(sys.executable).parent / "orgsim-report")

#: Every tag and attribute a page may hold; anything else was injected by a name.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "nav",
    "a", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "strong",
    "code", "em", "ul", "li", "figure", "img", "figcaption", "small", "details", "summary",
    "pre",
}  # fmt: skip
ATTRIBUTES = {"href", "id", "class", "src", "alt", "lang", "charset", "name", "content", "scope"}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """One real run (current against merged), the source of every crafted folder."""
    out = tmp_path_factory.mktemp("run")
    execute(compose_config(["workload=quick", "replications=2", "figure=false"]), out)
    return out


# --- what every page must be ------------------------------------------------------------


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_page(page: str, page_dir: Path, shown: list[str]) -> None:
    """Only known tags and attributes; every name in ``shown`` as text; every link works."""
    parsed = _Markup()
    parsed.feed(page)
    for tag, attrs in parsed.tags:
        assert tag in TAGS, f"injected <{tag}>"
        assert set(attrs) <= ATTRIBUTES, f"injected attribute in <{tag} {attrs}>"
    text = "".join(parsed.text)
    for name in shown:
        assert name in text, f"{name!r} not shown as text"
    ids = {attrs["id"] for _, attrs in parsed.tags if attrs.get("id")}
    for tag, attrs in parsed.tags:
        if tag == "img":
            assert str(attrs["src"]).startswith("data:image/png;base64,")
        if tag != "a":
            continue
        href = str(attrs["href"])
        if href.startswith("#"):
            assert href[1:] in ids, f"anchor {href} has no target"
            continue
        assert href.startswith(("./", "../")), f"link {href!r} is not a relative path"
        assert ":" not in href.split("/")[-1] or "%3A" in href, href
        assert (page_dir / unquote(href)).is_file(), f"{href} leads nowhere from {page_dir}"


# --- building crafted folders -----------------------------------------------------------


def _summary(run_dir: Path) -> dict[str, Any]:
    return json.loads((run_dir / "summary.json").read_text())


def _renamed(summary: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The run's summary with its structures renamed (``current`` -> ``names['current']``)."""

    def rename(key: str) -> str:
        return names.get(key, key)

    out = dict(summary)
    out["baseline"] = rename(summary["baseline"])
    out["structures"] = {rename(k): v for k, v in summary["structures"].items()}
    out["paired_differences"] = {
        rename(k): {m: {**d, "baseline": rename(d["baseline"])} for m, d in v.items()}
        for k, v in summary["paired_differences"].items()
    }
    return out


def _write_run(folder: Path, run_dir: Path, summary: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(json.dumps(summary))
    shutil.copy(run_dir / "config.yaml", folder / "config.yaml")
    (folder / "status.json").write_text(json.dumps({"status": "ok"}))
    (folder / "comparison.md").write_text("| metric |\n")
    return folder


def _write_sweep(
    folder: Path,
    run_dir: Path,
    jobs: list[dict[str, str]],
    names: dict[str, str] | None = None,
) -> Path:
    """A sweep with one job folder per row of ``jobs`` (``job``, ``status``, overrides)."""
    folder.mkdir(parents=True, exist_ok=True)
    summary = _renamed(_summary(run_dir), names or {})
    tables = []
    for job in jobs:
        job_dir = folder / job["job"]
        job_dir.mkdir(parents=True)
        status: dict[str, str] = {"status": job["status"]}
        if job["status"] == "ok":
            _write_run(job_dir, run_dir, summary)
            table = pd.read_parquet(run_dir / "replications.parquet")
            table["structure"] = table["structure"].map(lambda s: (names or {}).get(s, s))
            for key, value in job.items():
                if key not in ("job", "status"):
                    table.insert(0, key, value)
            table.insert(0, "job", job["job"])
            tables.append(table)
        else:
            status["error"] = job.get("error", "ValueError: boom")
        (job_dir / "status.json").write_text(json.dumps(status))
    pd.concat(tables, ignore_index=True).to_parquet(folder / "aggregate.parquet")
    rows = [{k: v for k, v in job.items() if k != "error"} for job in jobs]
    pd.DataFrame(rows).to_csv(folder / "jobs.csv", index=False)
    return folder


def _capacity(folder: Path, structure: str, part: str, unit: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    interval = {"mean": 1.5, "ci_low": 1.2, "ci_high": 1.8, "n": 3}
    info = {
        "task": "capacity",
        "org": SCRIPT,
        "baseline": structure,
        "target": f"90% within 8 {unit}",
        "capacity_unit": f"matters per {unit}",
        "replications": 3,
        "capacities": {
            f"part:{part}": {**interval, "limit": "target"},
            "sum of parts": {**interval, "limit": ""},
            structure: {**interval, "limit": "<b>stability</b>"},
        },
        "ratio_to_sum_of_parts": {structure: {"mean": 1.0, "ci_low": 0.9, "ci_high": 1.1}},
        "verdicts": [f"{structure} carries 1 [0.9, 1.1] times {SCRIPT}"],
        "spec_hashes": {structure: BOLD},
        "versions": {SCRIPT: BOLD},
    }
    (folder / "capacity.json").write_text(json.dumps(info))
    (folder / "capacity.md").write_text("x\n")
    (folder / "config.yaml").write_text(f"capacity:\n  tolerance: '{SCRIPT}'\n")
    (folder / "status.json").write_text(json.dumps({"status": "failed", "error": SCRIPT}))
    return folder


def _staffing(folder: Path, structure: str, section: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    at = {"mean": 0.9, "ci_low": 0.85, "ci_high": 0.95, "n": 3}
    row = {"structure": structure, "current_staff": 1, "attainment": at}
    info = {
        "task": "staffing",
        "org": BOLD,
        "target": SCRIPT,
        "rule": BOLD,
        "per_section": True,
        "results": [
            {**row, "section": section, "needed_staff": 2, "attainment_one_fewer": at},
            {**row, "section": "B", "needed_staff": None, "attainment_one_fewer": None},
        ],
    }
    (folder / "staffing.json").write_text(json.dumps(info))
    (folder / "staffing.md").write_text("x\n")
    (folder / "config.yaml").write_text("staffing:\n  most: lots\n")
    return folder


# --- markup: every name shown as written, never as markup -------------------------------

Build = Callable[[Path, Path], Path]


def _run_with(names: dict[str, str], **extra: Any) -> Build:
    def build(tmp: Path, run_dir: Path) -> Path:
        summary = {**_renamed(_summary(run_dir), names), **extra}
        return _write_run(tmp / "run", run_dir, summary)

    return build


def _run_with_odd_metric(tmp: Path, run_dir: Path) -> Path:
    summary = _summary(run_dir)
    for info in summary["structures"].values():
        info["metrics"]["<i>m</i>"] = {"mean": 1.0, "ci_low": 0.5, "ci_high": 1.5, "n": 2}
        info["description"] = "<img src=x onerror=alert(1)>"
    summary["metrics"]["<i>m</i>"] = SCRIPT
    folder = _write_run(tmp / "run", run_dir, summary)
    (folder / "config.yaml").write_text(f"org:\n  name: '</pre>{SCRIPT}'\n")
    (folder / "status.json").write_text(json.dumps({"status": "failed", "error": SCRIPT}))
    return folder


def _sweep_with(jobs: list[dict[str, str]], names: dict[str, str] | None = None) -> Build:
    def build(tmp: Path, run_dir: Path) -> Path:
        return _write_sweep(tmp / "sweep", run_dir, jobs, names)

    return build


MARKUP_CASES: dict[str, tuple[Build, list[str]]] = {
    "run: script as an alternative's name": (
        _run_with({"merged": SCRIPT}),
        [SCRIPT, f"{SCRIPT} − current: paired differences"],
    ),
    "run: bold and ampersand as the baseline's name": (
        _run_with({"current": BOLD}),
        [BOLD, f"{BOLD} (baseline)"],
    ),
    **{f"run: structure named {name}": (_run_with({"merged": name}), [name]) for name in ODD},
    "run: script as the office name and org file": (
        _run_with({}, org=SCRIPT, org_source=f"/x/{BOLD}.yaml", time_unit="<u>h</u>"),
        [f"orgsim report: {SCRIPT}", f"/x/{BOLD}.yaml", "<u>h</u>"],
    ),
    "run: markup in a metric, a description, config.yaml and the status error": (
        _run_with_odd_metric,
        ["<i>m</i>", "<img src=x onerror=alert(1)>", f"</pre>{SCRIPT}", SCRIPT],
    ),
    "sweep: a job folder named javascript:alert(1)": (
        _sweep_with([{"job": JAVASCRIPT, "status": "ok", "load": "0.5"}]),
        [JAVASCRIPT, f"Job {JAVASCRIPT}"],
    ),
    "sweep: script as an override key and markup as its value": (
        _sweep_with(
            [
                {"job": "0", "status": "ok", SCRIPT: '"><b>x</b>'},
                {"job": "1", "status": "ok", SCRIPT: "2"},
            ]
        ),
        [SCRIPT, '"><b>x</b>', f'{SCRIPT} = "><b>x</b>'],
    ),
    "sweep: a failed job whose error is markup, next to a job with spaces and %": (
        _sweep_with(
            [
                {"job": "a b%20c", "status": "ok"},
                {"job": "2", "status": "failed", "error": SCRIPT},
            ]
        ),
        [SCRIPT, "a b%20c"],
    ),
    "sweep: structures named with markup in the summary tables": (
        _sweep_with([{"job": "0", "status": "ok"}], {"current": BOLD, "merged": "a|b"}),
        [BOLD, "a|b", f"a|b against {BOLD}"],
    ),
    "capacity: script structure, bold part, markup units, verdicts and hashes": (
        lambda tmp, _: _capacity(tmp / "capacity", SCRIPT, BOLD, "<i>h</i>"),
        [SCRIPT, BOLD, "matters per <i>h</i>", "<b>stability</b>", f"times {SCRIPT}"],
    ),
    "staffing: script structure and a section named with a pipe and bold": (
        lambda tmp, _: _staffing(tmp / "staffing", SCRIPT, f"a|{BOLD}"),
        [SCRIPT, f"a|{BOLD}", BOLD],
    ),
}


@pytest.mark.parametrize("case", list(MARKUP_CASES))
def test_names_are_shown_as_text_and_links_stay_relative(case, run_dir, tmp_path):
    build, shown = MARKUP_CASES[case]
    folder = build(tmp_path, run_dir)
    page = build_report(folder)
    check_page(page, folder, shown)
    assert not re.search(r"<script", page, re.IGNORECASE)


def test_a_job_named_like_a_scheme_is_linked_as_a_relative_encoded_path(run_dir, tmp_path):
    folder = _write_sweep(tmp_path / "s", run_dir, [{"job": JAVASCRIPT, "status": "ok"}])
    page = build_report(folder)
    assert 'href="./javascript%3Aalert%281%29/summary.json"' in page
    assert 'href="javascript' not in page and "href='javascript" not in page
    assert 'id="job-javascript%3Aalert%281%29"' in page
    assert 'href="#job-javascript%3Aalert%281%29"' in page


AGGREGATE_COMMAND = str(Path(sys.executable).parent / "orgsim-aggregate")


def test_a_script_override_gathered_by_orgsim_aggregate_is_an_escaped_header(run_dir, tmp_path):
    """The whole path: Hydra's overrides.yaml -> orgsim-aggregate's jobs.csv -> the page."""
    sweep = tmp_path / "sweep"
    for job, value in (("0", '"><b>x</b>'), ("1", "2")):
        folder = sweep / job
        shutil.copytree(run_dir, folder)
        (folder / ".hydra").mkdir(exist_ok=True)
        overrides = ["workload=quick", f"+{SCRIPT}={value}"]
        (folder / ".hydra" / "overrides.yaml").write_text(json.dumps(overrides))
        with (folder / "config.yaml").open("a") as config:
            config.write(f"{json.dumps(SCRIPT)}: {json.dumps(value)}\n")
    done = subprocess.run(
        [AGGREGATE_COMMAND, str(sweep)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert SCRIPT in (sweep / "jobs.csv").read_text()
    page = build_report(sweep)
    check_page(page, sweep, [SCRIPT, '"><b>x</b>', f'{SCRIPT} = "><b>x</b>'])
    assert '<th scope="col">&lt;script&gt;alert(1)&lt;/script&gt;</th>' in page


# --- --output elsewhere: links lead to the files from where the page is ------------------

OUTPUT_CASES: dict[str, tuple[Build, str]] = {
    "sweep page in a sibling folder": (
        _sweep_with(
            [
                {"job": JAVASCRIPT, "status": "ok"},
                {"job": "a b%20c", "status": "ok"},
                {"job": "2", "status": "failed"},
            ]
        ),
        "elsewhere/deeper/report.html",
    ),
    "capacity page in a sibling folder": (
        lambda tmp, _: _capacity(tmp / "capacity", "merged", "A", "hour"),
        "elsewhere/report.html",
    ),
    "staffing page inside the search folder's subfolder": (
        lambda tmp, _: _staffing(tmp / "staffing", "merged", "A"),
        "staffing/pages/report.html",
    ),
}


@pytest.mark.parametrize("case", list(OUTPUT_CASES))
def test_links_work_from_where_output_puts_the_page(case, run_dir, tmp_path, capsys):
    build, where = OUTPUT_CASES[case]
    folder = build(tmp_path, run_dir)
    output = tmp_path / where
    main([str(folder), "--output", str(output)])
    assert "report in" in capsys.readouterr().out
    page = output.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(\.[^"#]*)"', page)
    assert hrefs, "the page links to no file"
    check_page(page, output.parent, [])
    assert all(h.startswith("../") for h in hrefs), hrefs  # the files are not beside the page


# --- Markdown: names escaped, the table keeps its columns -------------------------------

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _columns(line: str) -> int:
    return len(_CELL_SPLIT.split(line.strip().strip("|")))


def _comparison_markdown(run_dir: Path, names: dict[str, str]) -> str:
    summary = _renamed(_summary(run_dir), names)
    rows = [
        {"structure": s, "metric": m, **v}
        for s, info in summary["structures"].items()
        for m, v in info["metrics"].items()
    ]
    diffs = [
        {"structure": s, "metric": m, **d}
        for s, by_metric in summary["paired_differences"].items()
        for m, d in by_metric.items()
    ]
    return render_markdown(comparison_table(pd.DataFrame(rows), pd.DataFrame(diffs)))


#: The escaped forms of the crafted names, as a Markdown file holds them.
MD_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
MD_BOLD = "&lt;b&gt;R&amp;D&lt;/b&gt;"
MD_PIPE = "a\\|b"


def _capacity_markdown(_: Path) -> str:
    interval = {"mean": 1.0, "ci_low": 0.9, "ci_high": 1.1}
    return capacity_markdown(
        [
            {"entity": f"part:{BOLD}", **interval, "limit": "target"},
            {"entity": "a|b", "mean": 2.0, "ci_low": None, "ci_high": None, "limit": ""},
        ],
        {"a|b": {"mean": 1.3, "ci_low": 1.2, "ci_high": 1.4}},
        "90% within <i>8</i> hours",
        "hour",
        3,
    )


def _staffing_markdown(_: Path) -> str:
    row = {"structure": SCRIPT, "current_staff": 1, "attainment_one_fewer": None}
    attainment = {"mean": 0.9, "ci_low": 0.8, "ci_high": 1.0, "n": 3}
    return staffing_markdown(
        [
            {**row, "section": "a|b", "needed_staff": 2.0, "attainment": attainment},
            {**row, "section": "c", "needed_staff": 1, "attainment": None},
        ],
        "Staffing for <b>x</b>",
        200,
        per_section=True,
    )


MARKDOWN_CASES: dict[str, tuple[Callable[[Path], str], list[str], list[str]]] = {
    "comparison.md with script and pipe names": (
        lambda run_dir: _comparison_markdown(run_dir, {"merged": SCRIPT, "current": "a|b"}),
        [MD_SCRIPT, MD_PIPE, f"{MD_SCRIPT} - {MD_PIPE}"],
        [SCRIPT],
    ),
    "comparison.md with ampersand and bold": (
        lambda run_dir: _comparison_markdown(run_dir, {"merged": BOLD}),
        [MD_BOLD],
        ["<b>"],
    ),
    "capacity.md with markup parts and structures": (
        _capacity_markdown,
        [f"part:{MD_BOLD}", f"| {MD_PIPE} | 2 |  |", f"- {MD_PIPE} carries 1.3 [1.2, 1.4]"],
        ["<b>", "<i>"],
    ),
    "staffing.md with markup structures and sections": (
        _staffing_markdown,
        [
            f"| {MD_SCRIPT} | {MD_PIPE} | 1 | 2 | 0.9 [0.8, 1] | overloaded |",
            f"- {MD_SCRIPT}: 3 people in all",
            "Staffing for &lt;b&gt;x&lt;/b&gt;",
        ],
        [SCRIPT, "<b>"],
    ),
}


@pytest.mark.parametrize("case", list(MARKDOWN_CASES))
def test_markdown_tables_escape_names_and_keep_their_columns(case, run_dir):
    make, present, absent = MARKDOWN_CASES[case]
    text = make(run_dir)
    for piece in present:
        assert piece in text, piece
    for piece in absent:
        assert piece not in text, piece
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table and len({_columns(line) for line in table}) == 1, table


# --- wrong shapes: one line, exit 2, nothing written -------------------------------------


def _json(name: str, data: Any) -> Callable[[Path, Path], None]:
    def write(folder: Path, _: Path) -> None:
        (folder / name).write_text(json.dumps(data))

    return write


def _summary_edit(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path, Path], None]:
    def write(folder: Path, run_dir: Path) -> None:
        summary = _summary(run_dir)
        edit(summary)
        (folder / "summary.json").write_text(json.dumps(summary))

    return write


def _raw(name: str, data: bytes) -> Callable[[Path, Path], None]:
    def write(folder: Path, _: Path) -> None:
        (folder / name).write_bytes(data)

    return write


def _sweep_edit(edit: Callable[[Path], None]) -> Callable[[Path, Path], None]:
    def write(folder: Path, run_dir: Path) -> None:
        _write_sweep(folder, run_dir, [{"job": "0", "status": "ok"}, {"job": "1", "status": "ok"}])
        edit(folder)

    return write


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _retype(path: Path, column: str) -> None:
    table = pd.read_parquet(path)
    table[column] = table[column].astype(str) + " hours"
    table.to_parquet(path)


def _drop(path: Path, column: str) -> None:
    pd.read_parquet(path).drop(columns=[column]).to_parquet(path)


def _blank(path: Path, column: str) -> None:
    table = pd.read_parquet(path)
    table[column] = None
    table.to_parquet(path)


def _set(keys: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for key in keys[:-1]:
            data = data[key]
        data[keys[-1]] = value

    return edit


SHAPE_CASES: dict[str, tuple[Callable[[Path, Path], None], str, str]] = {
    "summary.json is a list": (_json("summary.json", []), "summary.json", "not an orgsim result"),
    "summary.json has no structures": (
        _json("summary.json", {"org": "x"}),
        "summary.json",
        "no 'structures' entry",
    ),
    "summary.json structures is a list": (
        _json("summary.json", {"structures": ["a"]}),
        "summary.json",
        "'structures' is a list, not an object",
    ),
    "summary.json with a mean as text": (
        _summary_edit(_set(["structures", "merged", "metrics", "wait_mean", "mean"], "fast")),
        "summary.json",
        "'structures.merged.metrics.wait_mean.mean' is text, not a number or null",
    ),
    "summary.json with a difference as a number": (
        _summary_edit(_set(["paired_differences", "merged", "wait_mean"], 3)),
        "summary.json",
        "'paired_differences.merged.wait_mean' is a number, not an object",
    ),
    "summary.json with the office name as a number": (
        _summary_edit(_set(["org"], 5)),
        "summary.json",
        "'org' is a number, not text or null",
    ),
    "summary.json with a null description of a metric": (
        _summary_edit(_set(["metrics", "wait_mean"], None)),
        "summary.json",
        "'metrics.wait_mean' is null, not text",
    ),
    "summary.json cut short": (
        _raw("summary.json", b'{"structures": {"a": '),
        "summary.json",
        "not valid JSON (line 1",
    ),
    "summary.json not text": (
        _raw("summary.json", b"\xff\xfe\x00\x01PAR1"),
        "summary.json",
        "not UTF-8 text",
    ),
    "capacity.json with null capacities": (
        _json("capacity.json", {"capacities": None}),
        "capacity.json",
        "'capacities' is null, not an object",
    ),
    "capacity.json with a ratio as text": (
        _json(
            "capacity.json",
            {"capacities": {}, "ratio_to_sum_of_parts": {"m": {"mean": "1.3"}}},
        ),
        "capacity.json",
        "'ratio_to_sum_of_parts.m.mean' is text, not a number or null",
    ),
    "capacity.json with a verdict as a number": (
        _json("capacity.json", {"capacities": {}, "verdicts": [1]}),
        "capacity.json",
        "'verdicts.0' is a number, not text or null",
    ),
    "staffing.json without results": (
        _json("staffing.json", {"target": "x"}),
        "staffing.json",
        "no 'results' entry",
    ),
    "staffing.json result without a structure": (
        _json("staffing.json", {"results": [{"section": "A"}]}),
        "staffing.json",
        "no 'results.0.structure' entry",
    ),
    "staffing.json with half a person": (
        _json("staffing.json", {"results": [{"structure": "a", "needed_staff": 2.5}]}),
        "staffing.json",
        "'results.0.needed_staff' is a number, not a whole number or null",
    ),
    "aggregate.parquet cut short": (
        _sweep_edit(lambda f: _truncate(f / "aggregate.parquet")),
        "aggregate.parquet",
        "not a readable Parquet table",
    ),
    "aggregate.parquet that is text": (
        _raw("aggregate.parquet", b"job,status\n0,ok\n"),
        "aggregate.parquet",
        "not a readable Parquet table",
    ),
    "aggregate.parquet with a metric as text": (
        _sweep_edit(lambda f: _retype(f / "aggregate.parquet", "wait_mean")),
        "aggregate.parquet",
        "column 'wait_mean' holds",
    ),
    "aggregate.parquet with rows without a structure": (
        _sweep_edit(lambda f: _blank(f / "aggregate.parquet", "structure")),
        "aggregate.parquet",
        "column 'structure' has rows without a structure",
    ),
    "aggregate.parquet without replications": (
        _sweep_edit(lambda f: _drop(f / "aggregate.parquet", "replication")),
        "aggregate.parquet",
        "no 'replication' column",
    ),
    "jobs.csv without a status column": (
        _sweep_edit(lambda f: (f / "jobs.csv").write_text("job,load\n0,1\n")),
        "jobs.csv",
        "no status column",
    ),
    "jobs.csv naming a job outside the sweep": (
        _sweep_edit(lambda f: (f / "jobs.csv").write_text("job,status\n../../etc,ok\n")),
        "jobs.csv",
        "job '../../etc' is not the name of a folder in the sweep",
    ),
    "jobs.csv that is binary": (
        _sweep_edit(lambda f: (f / "jobs.csv").write_bytes(b"\xff\xfe\x00\x00\x81\x00")),
        "jobs.csv",
        "",
    ),
    "a job's summary.json of the wrong shape": (
        _sweep_edit(lambda f: (f / "1" / "summary.json").write_text('{"structures": 3}')),
        "1/summary.json",
        "'structures' is a number, not an object",
    ),
}


@pytest.mark.parametrize("case", list(SHAPE_CASES))
def test_a_file_of_the_wrong_shape_is_one_line_exit_2(case, run_dir, tmp_path, capsys):
    write, file, problem = SHAPE_CASES[case]
    folder = tmp_path / "results"
    folder.mkdir()
    write(folder, run_dir)
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main([str(folder)])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    line = lines[0]
    assert line.startswith(f"orgsim-report: error: {folder}"), line
    assert f"/{file}: " in line and problem in line, line
    assert re.search(r"; \S.*$", line.split(f"{file}: ", 1)[1]), line  # the fix after "; "
    assert not (folder / "report.html").exists()
    assert not list(folder.glob(".report.html*"))  # no temporary file left behind


def test_the_installed_command_answers_a_broken_file_in_one_line(tmp_path):
    (tmp_path / "capacity.json").write_text('{"capacities": {"merged": {"mean": "x"}}}')
    done = subprocess.run([REPORT, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"orgsim-report: error: {tmp_path / 'capacity.json'}: 'capacities.merged.mean' is "
        "text, not a number or null; re-run the job that wrote it"
    ]
    assert list(tmp_path.iterdir()) == [tmp_path / "capacity.json"]


# --- the smallest files orgsim could write still give a page ----------------------------

MINIMAL_CASES = {
    "summary.json": {"structures": {"a": {}}},
    "capacity.json": {"capacities": {}},
    "staffing.json": {"results": []},
}


@pytest.mark.parametrize("name", list(MINIMAL_CASES))
def test_the_smallest_valid_file_gives_a_page(name, tmp_path):
    (tmp_path / name).write_text(json.dumps(MINIMAL_CASES[name]))
    page = build_report(tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    check_page(page, tmp_path, [])


def test_a_target_not_reached_reads_not_reached_whether_null_or_nan(tmp_path):
    folder = _staffing(tmp_path / "staffing", "current", "A")
    text = (
        (folder / "staffing.json")
        .read_text()
        .replace('"needed_staff": null', '"needed_staff": NaN')
    )
    (folder / "staffing.json").write_text(text)
    page = build_report(folder)
    assert '<td class="num">not reached</td>' in page
    assert not re.search(r">[^<]*\bnan\b", page, re.IGNORECASE)
    assert '<div class="big">not reached</div>' in page


#: Sweep tables orgsim-aggregate writes that hold no comparison: (table, what the page says).
SWEEP_EDGES: dict[str, tuple[pd.DataFrame, str]] = {
    "every job failed": (pd.DataFrame(), "No job has finished with results yet."),
    "a sweep of capacity searches": (
        pd.DataFrame({"job": ["0"], "replication": [0], "entity": ["m"], "capacity": [1.0]}),
        "The jobs of this sweep are searches",
    ),
    "a sweep of staffing searches": (
        pd.DataFrame({"job": ["0"], "structure": ["m"], "staff": [2], "attainment": [0.9]}),
        "The jobs of this sweep are searches",
    ),
}


@pytest.mark.parametrize("case", list(SWEEP_EDGES))
def test_a_sweep_without_comparisons_says_so(case, tmp_path):
    tidy, said = SWEEP_EDGES[case]
    tidy.to_parquet(tmp_path / "aggregate.parquet")
    pd.DataFrame([{"job": "0", "status": "ok"}]).to_csv(tmp_path / "jobs.csv", index=False)
    page = build_report(tmp_path)
    assert said in page and "1 job(s)" in page
    check_page(page, tmp_path, [])


def _edit_json(name: str, edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        data = json.loads((folder / name).read_text())
        edit(data)
        (folder / name).write_text(json.dumps(data))

    return write


def _infinite_waits(folder: Path) -> None:
    table = pd.read_parquet(folder / "aggregate.parquet")
    table["wait_mean"] = float("inf")
    table.to_parquet(folder / "aggregate.parquet")


#: Odd but readable folders: (how to build the folder, edit, text the page must show).
ODD_BUT_READABLE: dict[str, tuple[Build, Callable[[Path], None], str]] = {
    "staffing.json with staff now as NaN": (
        lambda tmp, _: _staffing(tmp / "staffing", "current", "A"),
        _edit_json("staffing.json", _set(["results", 0, "current_staff"], float("nan"))),
        "not reached",
    ),
    "capacity.json with a null verdict": (
        lambda tmp, _: _capacity(tmp / "capacity", "merged", "A", "hour"),
        _edit_json("capacity.json", _set(["verdicts"], [None])),
        "No significant difference from its parts alone",
    ),
    "a folder named like a figure at the sweep root": (
        _sweep_with([{"job": "0", "status": "ok"}]),
        lambda folder: (folder / "wait.png").mkdir(),
        "No figures at the sweep root.",
    ),
    "a sweep table with infinite waits": (
        _sweep_with([{"job": "0", "status": "ok"}]),
        _infinite_waits,
        "inf n/a",
    ),
}


@pytest.mark.parametrize("case", list(ODD_BUT_READABLE))
def test_an_odd_but_readable_folder_gives_a_page_and_no_warning(case, run_dir, tmp_path, capsys):
    build, edit, shown = ODD_BUT_READABLE[case]
    folder = build(tmp_path, run_dir)
    edit(folder)
    capsys.readouterr()
    main([str(folder)])
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("report in"), captured
    page = (folder / "report.html").read_text(encoding="utf-8")
    check_page(page, folder, [shown])


def test_an_output_below_a_file_is_one_line_exit_2(run_dir, tmp_path, capsys):
    folder = _write_run(tmp_path / "run", run_dir, _summary(run_dir))
    output = folder / "summary.json" / "report.html"
    with pytest.raises(SystemExit) as stop:
        main([str(folder), "--output", str(output)])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"orgsim-report: error: --output {output}: {folder / 'summary.json'} is a file, "
        "not a folder; choose another --output"
    ]
