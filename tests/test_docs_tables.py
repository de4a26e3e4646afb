"""The result tables of docs/scenarios.md and README.md are what their commands print.

scripts/docs_tables.py refills every table that follows an ``orgsim`` command line. The
default checks run each documented command on a short horizon with 2 replications and
check that every documented row and column is still printed (the numbers of a short run
are not the documented ones); a temporary document shows that a stale cell is found and
rewritten. The slow check runs every command as shipped and compares every cell.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "docs_tables.py"
#: A short comparison of the teaching office: seconds, and 2 replications give intervals.
SHORT = "orgsim experiment=pooling_demo workload.horizon=300 workload.warmup=30 replications=2"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_tables", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


docs_tables = _script()


def _documented_experiments() -> list[str]:
    names = {
        table.command.experiment or table.command.text
        for path in docs_tables.DOCS
        for table in docs_tables.owned_tables(path, path.read_text(encoding="utf-8"))
    }
    return sorted(names)


def test_the_docs_have_tables_to_keep():
    scenarios, readme = (
        docs_tables.owned_tables(path, path.read_text(encoding="utf-8"))
        for path in docs_tables.DOCS
    )
    assert len(scenarios) >= 10
    assert any(table.printed for table in readme)  # the terminal output of pooling_demo


def test_measured_benchmark_tables_are_not_owned():
    path = docs_tables.DOCS[1]
    lines = path.read_text(encoding="utf-8").splitlines()
    for table in docs_tables.owned_tables(path, "\n".join(lines)):
        header = lines[table.start]
        assert "wall s" not in header and "memory" not in header, table.where


LARGEST = {"city", "huaisi", "bengbu_25_units"}


@pytest.mark.parametrize(
    "experiment",
    [  # the largest offices take a quarter to half a minute each: with -m slow (their
        # numbers are pinned by tests/regression, and the slow test below checks every cell)
        pytest.param(e, marks=pytest.mark.slow) if e in LARGEST else e
        for e in _documented_experiments()
    ],
)
def test_every_documented_row_and_column_is_printed_by_its_command(experiment, capsys):
    """A short run (a tenth of the horizon, 2 replications) of each documented command."""
    status = docs_tables.main(["--quick", "--only", experiment])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "rows and columns are printed" in captured.out


DOC = f"""# Results

`{SHORT}` (a short run)

- prose between the command and its table is fine

| metric | current | merged - current |
|---|---|---|
| wait_mean | x | x |
| deadline_attainment | x | x |
| wait_mean.a | x | x |

| this table | follows no command |
|---|---|
| a | b |

## The terminal output, from the same run

**Printed.** `{SHORT}` prints:

```
placeholder
```
"""


def _doc(tmp_path: Path, text: str = DOC) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_tables_are_found_after_command_lines_only():
    text = """# A

`orgsim experiment=zhangye` (about a minute)

| the report says | modelled as |
|---|---|
| prose | not a result |

```bash
orgsim experiment=zhangye
```

| metric | current |
|---|---|
| wait_mean | 1 |

| metric | current |
|---|---|
| wait_mean | 1 |

## B

`orgsim experiment=huaisi`

## C

| metric | current |
|---|---|
| wait_mean | 1 |

<!-- table: orgsim experiment=licheng -->
| metric | current |
|---|---|
| wait_mean | 1 |

`orgsim experiment=binzhou`

<!-- table: none -->
| metric | current |
|---|---|
| wait_mean | 1 |

## D

We ran `orgsim experiment=city` too, in prose: not a command line.

| metric | current |
|---|---|
| wait_mean | 1 |
"""
    found = docs_tables.owned_tables(Path("doc.md"), text)
    assert [(t.command.experiment, t.start + 1, t.printed) for t in found] == [
        ("zhangye", 13, False),  # after a table of prose and a shell example
        ("licheng", 32, False),  # named by its marker
    ]


SWEEP = f"""## A sweep: each row is a job

```bash
{SHORT.replace("orgsim", "orgsim -m")} workload.arrival_scale=0.8,1
```

<!-- table: metric=wait_mean -->
| arrival_scale | current | merged - current |
|---|---|---|
| 0.8 | x | x |
| 1 | x | x |

The same jobs, another row of their tables:

<!-- table: metric=deadline_attainment.a -->
| arrival_scale | merged |
|---|---|
| 1 | x |
"""


def test_a_sweep_table_is_one_row_per_job(tmp_path, capsys):
    path = _doc(tmp_path, SWEEP)
    assert docs_tables.main(["--doc", str(path)]) == 0
    assert capsys.readouterr().err.count("ran `") == 2, "two jobs, shared by both tables"
    swept = docs_tables.output_tables(path.read_text(encoding="utf-8"))
    assert all("x" not in row for table in swept for row in table.rows)
    job = " ".join([*SHORT.split()[1:], "workload.arrival_scale=1"])
    single = _doc(
        tmp_path,
        f"`orgsim {job}`\n\n| metric | current | merged - current |\n|---|---|---|\n"
        "| wait_mean | x | x |\n",
    )
    assert docs_tables.main(["--doc", str(single)]) == 0
    alone = docs_tables.output_tables(single.read_text(encoding="utf-8"))[0]
    assert swept[0].rows[1] == ["1", *alone.rows[0][1:]], "a job's row is its single run's"


def test_a_sweep_table_without_its_metric_is_one_line(tmp_path, capsys):
    path = _doc(tmp_path, SWEEP.replace("<!-- table: metric=wait_mean -->\n", ""))
    assert docs_tables.main(["--doc", str(path), "--check"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(errors) == 1
    assert "a sweep; mark its table <!-- table: metric=NAME -->" in errors[0]


def test_rows_are_named_by_as_many_leading_columns_as_tell_them_apart():
    table = docs_tables.Table(
        ["structure", "section", "staff"], [["current", "A", "1"], ["current", "B", "2"]]
    )
    assert docs_tables.key_width(table) == 2


def test_a_stale_cell_is_listed_and_rewritten(tmp_path, capsys):
    path = _doc(tmp_path)
    assert docs_tables.main(["--doc", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("ran `") == 1, "both tables share one run"
    written = path.read_text(encoding="utf-8")
    assert "| x |" not in written
    assert "Four one-person sections — 2 replications" in written  # the printed block
    assert "placeholder" not in written
    assert "| this table | follows no command |" in written

    assert docs_tables.main(["--doc", str(path), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out

    row = next(line for line in written.splitlines() if line.startswith("| wait_mean |"))
    documented = docs_tables.split_row(row)[2]
    stale = written.replace(row, row.replace(documented, "-9.99 [-10, -9.98] *"))
    path.write_text(stale, encoding="utf-8")
    assert docs_tables.main(["--doc", str(path), "--check"]) == 1
    out = capsys.readouterr().out
    line = 1 + stale.splitlines().index(row.replace(documented, "-9.99 [-10, -9.98] *"))
    assert f"doc.md:{line}: wait_mean, merged - current" in out
    assert "  - -9.99 [-10, -9.98] *" in out
    assert f"  + {documented}" in out
    assert "1 documented value(s) differ" in out
    assert "stale (2 table(s), 1 command(s) run)" in out
    assert path.read_text(encoding="utf-8") == stale, "--check writes nothing"

    assert docs_tables.main(["--doc", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == written


def test_a_row_or_column_the_command_no_longer_prints_is_one_line_each(tmp_path, capsys):
    text = DOC.replace("| wait_mean | x | x |", "| wait_men | x | x |").replace(
        "| metric | current | merged - current |", "| metric | current | pooled - current |"
    )
    path = _doc(tmp_path, text)
    assert docs_tables.main(["--doc", str(path)]) == 2
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if "error" in line]
    assert len(errors) == 1
    assert errors[0].startswith(f"docs_tables: error: {path}:7: ")
    assert "row(s) 'wait_men' and column(s) 'pooled - current'" in errors[0]
    assert errors[0].endswith("(nothing written)")
    assert "printed output" in captured.out, "the other table's stale lines are still listed"
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("orgsim experiment=no_such_scenario", "experiment: no config 'no_such_scenario'"),
        ("orgsim experiment=pooling_demo workload.horizon=-1", "workload.horizon"),
    ],
)
def test_a_command_that_cannot_run_is_one_line(tmp_path, capsys, command, problem):
    path = _doc(tmp_path, DOC.replace(SHORT, command))
    assert docs_tables.main(["--doc", str(path), "--check"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2  # both tables name the command; it is tried once
    assert all(problem in line and line.startswith("docs_tables: error: ") for line in errors)


def test_only_an_experiment_without_a_table_is_refused(capsys):
    assert docs_tables.main(["--check", "--only", "no_such_scenario"]) == 2
    assert "--only: no table follows" in capsys.readouterr().err


def test_a_document_edited_during_the_runs_is_not_overwritten(tmp_path):
    path = _doc(tmp_path)
    with pytest.raises(docs_tables.DocsError, match="changed while the experiments ran"):
        docs_tables.write_document(path, "what was read before", "the refilled text")
    assert path.read_text(encoding="utf-8") == DOC


@pytest.mark.slow
def test_every_documented_table_is_what_its_command_prints():
    """Every shipped experiment with a table, as shipped (minutes); cells compared."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        timeout=3600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tables up to date" in done.stdout
