"""Refill the result tables of docs/scenarios.md and README.md from the shipped experiments.

A documented number is only worth quoting if the command beside it still prints it, so the
tables are never typed by hand: this script runs each command and writes what it prints.

Which tables it owns (no hand-kept markers needed):

- a Markdown table that follows a *command line* — a line that begins with an ``orgsim``
  command in backticks (after an optional bold lead-in such as ``**Capacity.**``), e.g.
  ```orgsim experiment=bengbu_nrpb```, or a shell block holding one ``orgsim`` command —
  with no heading or other command in between, and whose first column is one orgsim
  writes (``metric``, ``matter type``, ``entity``, ``structure``; a table of what the
  report says, in between, is prose and is passed over). Its first column names the rows
  (metrics, entities, or structure and section), its header names the columns (structures,
  paired differences); both are kept, and every other cell is refilled from the table of
  the same shape that the command writes (``comparison.md``, ``capacity.md`` or
  ``staffing.md``, formatted as there; a per-type row such as ``wait_mean.permit`` from the
  per-type table of ``comparison.md``);
- a plain fenced block (three backquotes and no language) in the same place: a block that
  begins with a Markdown table is refilled the same way; any other block shows the first
  paragraphs of what the command prints on the terminal (the heading and the main table,
  say), and is replaced by as many paragraphs of a fresh run's output.

A line ``<!-- table: orgsim ... -->`` right before a table names its command explicitly,
and ``<!-- table: none -->`` leaves the next table alone. A sweep over one setting
(``orgsim -m ... key=a,b,c``) has tables of one row per job, the row of one metric of each
job's comparison table: ``<!-- table: metric=wait_mean -->`` right before such a table
names the metric (the sweep is the section's last command; ``metric=NAME orgsim -m ...``
names both); its first column holds the swept values as the command writes them. Not
owned: tables with no command before them (the metric list, the launchers, the benchmark
tables, which are measured on a machine and only re-measured by the benchmarks) and numbers
quoted in prose.

Each distinct command runs once, in this process, exactly as ``orgsim`` would run it (same
config, replications and seed; figures are not drawn, which changes no number), and tables
that share a command share its run. A full run executes every shipped experiment that has a
table: minutes, not seconds (the time is printed per command).

    python scripts/docs_tables.py              # rewrite the tables (atomically, file by file)
    python scripts/docs_tables.py --check      # exit 1 and list every cell that differs
    python scripts/docs_tables.py --only city  # only the tables of experiment=city
    python scripts/docs_tables.py --quick      # rows and columns only, on short runs (a minute)

A table whose row or column the command no longer prints, or whose command orgsim refuses,
is one line ``docs_tables: error: FILE:LINE: problem; fix`` and exit status 2, and then
nothing is written.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from orgsim.analysis.per_type import TITLES
from orgsim.analysis.results_folder import atomic_write
from orgsim.experiments.app import execute
from orgsim.experiments.build import ConfigError
from orgsim.experiments.compose import compose_config
from orgsim.experiments.org_files import redirect_org_file

ROOT = Path(__file__).resolve().parent.parent
#: The documents whose tables are refilled.
DOCS = (ROOT / "docs" / "scenarios.md", ROOT / "README.md")
#: ``--quick`` runs each command over this share of its horizon, warm-up and reform time...
QUICK_SHARE = 0.1
#: ...with this many replications: enough for an interval, so every cell has its shape.
QUICK_REPLICATIONS = 2

COMMAND_LINE = re.compile(r"^(?:\*\*[^*]+\*\*\s+)?`([^`]+)`")
MARKER = re.compile(r"^<!--\s*table:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(```+|~~~+)\s*(\S*)")
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
CELL_BORDER = re.compile(r"(?<!\\)\|")
MULTIRUN_FLAGS = ("-m", "--multirun")
#: The first column of every table orgsim writes: a table that starts otherwise (what the
#: report says, how it is modelled) is prose, even right after a command.
RESULT_FIRST_COLUMNS = ("metric", "matter type", "entity", "structure")
#: The heading of a per-type table in ``comparison.md`` -> its metric.
TYPE_TABLE_METRICS = {title: metric for metric, title in TITLES.items()}


class DocsError(Exception):
    """A table that cannot be refilled: one line, ``where: problem; fix``."""


@dataclass(frozen=True)
class Command:
    """An ``orgsim`` command as written in a document.

    Attributes:
        text: the command as written, e.g. ``orgsim experiment=bengbu_nrpb``.
        args: its arguments (the program left out).
    """

    text: str
    args: tuple[str, ...]

    @property
    def sweep(self) -> bool:
        """Whether it is a sweep (``-m``)."""
        return any(arg in MULTIRUN_FLAGS for arg in self.args)

    @property
    def experiment(self) -> str | None:
        """The ``experiment=`` it runs, if any."""
        for arg in self.args:
            key, _, value = arg.partition("=")
            if key == "experiment":
                return value
        return None


def parse_command(text: str) -> Command | None:
    """The command in a backtick span, or None when the span is not an ``orgsim`` command."""
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or Path(words[0]).name != "orgsim":
        return None
    return Command(" ".join(words), tuple(words[1:]))


@dataclass
class Table:
    """A Markdown table: header cells, rows of cells, and (in a document) its line numbers.

    Attributes:
        header: the header cells.
        rows: the body rows' cells.
        lines: 0-based line index of each body row in its document (empty for run output).
    """

    header: list[str]
    rows: list[list[str]]
    lines: list[int] = field(default_factory=list)


def split_row(line: str) -> list[str]:
    """The cells of a table row; an escaped pipe stays inside its cell."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in CELL_BORDER.split(inner)]


def render_row(cells: Sequence[str]) -> str:
    """A table row as ``comparison.md`` writes it."""
    return "| " + " | ".join(cells) + " |"


def table_at(lines: Sequence[str], start: int) -> Table | None:
    """The Markdown table whose header is ``lines[start]``, or None if none starts there."""
    if start + 1 >= len(lines) or not lines[start].lstrip().startswith("|"):
        return None
    if not SEPARATOR.match(lines[start + 1].strip()):
        return None
    table = Table(split_row(lines[start]), [])
    index = start + 2
    while index < len(lines) and lines[index].lstrip().startswith("|"):
        table.rows.append(split_row(lines[index]))
        table.lines.append(index)
        index += 1
    return table


def output_tables(text: str) -> list[Table]:
    """Every Markdown table of a run's output file, in order.

    ``comparison.md`` gives per-type metrics tables of their own (one row per matter type,
    under a heading such as "Mean wait per matter type"); their rows are also added to the
    main table as ``wait_mean.<type>``, the metric's name everywhere else.
    """
    lines = text.splitlines()
    found: list[Table] = []
    heading = ""
    for index, line in enumerate(lines):
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if index and lines[index - 1].lstrip().startswith("|"):
            continue
        table = table_at(lines, index)
        if table is None:
            continue
        main = next((t for t in found if t.header[:1] == ["metric"]), None)
        metric = TYPE_TABLE_METRICS.get(heading)
        if metric and main is not None and table.header[1:] == main.header[1:]:
            main.rows += [[f"{metric}.{row[0]}", *row[1:]] for row in table.rows]
        found.append(table)
    return found


@dataclass
class Owned:
    """A table (or printed block) of a document and the command whose output it is.

    Attributes:
        path: the document.
        command: the command, and the 1-based line it is written on.
        command_line: that line number.
        start: 0-based index of the first line of the table, or of the block's content.
        end: index one past its last line.
        printed: a fenced block of terminal output (not a Markdown table).
        metric: for a sweep's table, the metric whose row each job gives.
    """

    path: Path
    command: Command
    command_line: int
    start: int
    end: int
    printed: bool = False
    metric: str | None = None

    @property
    def where(self) -> str:
        """``docs/scenarios.md:219`` (the first line of the table)."""
        return f"{display(self.path)}:{self.start + 1}"


def display(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass
class Marker:
    """What a ``<!-- table: ... -->`` line says about the next table.

    Attributes:
        owned: False for ``none``.
        command: the command it names, if any.
        metric: ``metric=NAME``: a sweep's table, one row per job.
    """

    owned: bool = True
    command: tuple[Command, int] | None = None
    metric: str | None = None


def owned_tables(path: Path, text: str) -> list[Owned]:
    """The tables of a document that follow a command line (see the module docstring)."""
    lines = text.splitlines()
    found: list[Owned] = []
    pending: tuple[Command, int] | None = None  # the command the next result table belongs to
    last: tuple[Command, int] | None = None  # the section's last command, for a sweep's tables
    marker = Marker()
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        table = None if fence else table_at(lines, index)
        if fence:
            close = _fence_end(lines, index, fence.group(1))
            body = [b for b in lines[index + 1 : close] if b.strip()]
            shown = parse_command(body[0].strip()) if len(body) == 1 else None
            if fence.group(2) and shown is not None:  # a command given as a shell example
                pending = last = (shown, index + 2)
            elif not fence.group(2) and body and marker.owned:
                source = marker.command or pending
                if source is not None and not source[0].sweep:
                    printed = table_at(lines, index + 1) is None
                    found.append(Owned(path, *source, index + 1, close, printed=printed))
                    pending = None
            marker = Marker()
            index = close + 1
        elif table is not None:
            end = table.lines[-1] + 1 if table.lines else index + 2
            source = marker.command or pending
            if marker.metric is not None:
                source = source or last
                if source is None:
                    raise DocsError(
                        f"{display(path)}:{index + 1}: metric={marker.metric} but no command "
                        "before the table; put the sweep's command above it"
                    )
            result = table.header[0] in RESULT_FIRST_COLUMNS or marker.command is not None
            if marker.owned and source is not None and (result or source[0].sweep):
                found.append(Owned(path, *source, index, end, metric=marker.metric))
                pending = None
            marker = Marker()
            index = end
        else:
            match = MARKER.match(line.strip())
            command_line = COMMAND_LINE.match(line)
            if match:
                marker = _marker(path, index, match.group(1))
            elif line.startswith("#"):
                pending = last = None
                marker = Marker()
            elif command_line and (command := parse_command(command_line.group(1))):
                pending = last = (command, index + 1)
            index += 1
    return found


def _fence_end(lines: Sequence[str], start: int, opening: str) -> int:
    """The index of the line closing the fence opened at ``start`` (or the end)."""
    for index in range(start + 1, len(lines)):
        if lines[index].strip().startswith(opening) and not lines[index].strip()[len(opening) :]:
            return index
    return len(lines)


def _marker(path: Path, index: int, text: str) -> Marker:
    """``none``, ``orgsim ...``, ``metric=NAME`` or ``metric=NAME orgsim -m ...``."""
    if text == "none":
        return Marker(owned=False)
    metric = None
    if text.startswith("metric="):
        metric, _, text = text.partition(" ")
        metric = metric.removeprefix("metric=")
    command = parse_command(text) if text else None
    if (text and command is None) or not (metric or command):
        raise DocsError(
            f"{display(path)}:{index + 1}: the marker says {text!r}, not an orgsim command; "
            "write <!-- table: orgsim experiment=NAME -->, <!-- table: metric=NAME --> "
            "or <!-- table: none -->"
        )
    return Marker(command=(command, index + 1) if command else None, metric=metric)


@dataclass(frozen=True)
class Printed:
    """What a command printed and the Markdown tables it wrote.

    Attributes:
        lines: the terminal output, without the ``results in FOLDER`` line.
        tables: the tables of its ``comparison.md``, ``capacity.md`` or ``staffing.md``.
        seconds: how long the run took.
    """

    lines: list[str]
    tables: list[Table]
    seconds: float


def run(command: Command, quick: bool = False) -> Printed:
    """Run ``command`` in this process as ``orgsim`` would; with ``quick``, shortened.

    Raises:
        DocsError: for a sweep, or a command orgsim refuses (its one-line error).
    """
    if command.sweep:
        raise DocsError(
            f"`{command.text}`: a sweep; mark its table <!-- table: metric=NAME --> to "
            "give the metric each job's row shows"
        )
    started = time.perf_counter()
    try:
        cfg = compose_config(redirect_org_file(list(command.args)))
        cfg.figure = False  # figures change no number
        if quick:
            cfg.replications = QUICK_REPLICATIONS
            for key in ("horizon", "warmup", "reform_at"):
                if cfg.workload[key] is not None:
                    cfg.workload[key] = cfg.workload[key] * QUICK_SHARE
        with tempfile.TemporaryDirectory(prefix="docs-tables-") as folder:
            out_dir = Path(folder) / "run"
            printed = io.StringIO()
            with redirect_stdout(printed):
                execute(cfg, out_dir, quiet=True)
            tables = [
                table
                for name in sorted(out_dir.glob("*.md"))
                for table in output_tables(name.read_text(encoding="utf-8"))
            ]
    except ConfigError as error:
        raise DocsError(f"`{command.text}`: {error}") from error
    lines = [
        line.rstrip()
        for line in printed.getvalue().splitlines()
        if not line.startswith("results in ")
    ]
    while lines and not lines[-1].strip():
        lines.pop()
    return Printed(lines, tables, time.perf_counter() - started)


@dataclass(frozen=True)
class Change:
    """A documented cell (or printed line) that is not what the command gives now."""

    where: str
    what: str
    command: str
    documented: str
    now: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} ({self.command})\n  - {self.documented}\n  + {self.now}"


def key_width(table: Table) -> int:
    """How many leading columns name a row: the fewest whose cells tell every row apart."""
    for width in range(1, len(table.header) + 1):
        keys = [tuple(row[:width]) for row in table.rows]
        if len(set(keys)) == len(keys):
            return width
    return len(table.header)


def matching_table(doc: Table, fresh: Sequence[Table], owned: Owned) -> Table:
    """The output table with the document table's rows and columns; else a one-line error."""
    candidates = [t for t in fresh if t.header[:1] == doc.header[:1]]
    if not candidates:
        firsts = ", ".join(sorted({repr(t.header[0]) for t in fresh})) or "none"
        raise DocsError(
            f"{owned.where}: `{owned.command.text}` writes no table whose first column is "
            f"{doc.header[0]!r} (its tables start with {firsts}); name the first column as "
            "the command does, or mark the table <!-- table: none -->"
        )
    problem = ""
    for candidate in candidates:
        width = key_width(candidate)
        keys = {tuple(row[:width]) for row in candidate.rows}
        missing_rows = [
            " / ".join(row[:width]) for row in doc.rows if tuple(row[:width]) not in keys
        ]
        missing_columns = [c for c in doc.header if c not in candidate.header]
        if doc.header[:width] != candidate.header[:width]:
            missing_columns = [*candidate.header[:width], *missing_columns]
        if not missing_rows and not missing_columns:
            return candidate
        if not problem:
            names = [" / ".join(r[:width]) for r in candidate.rows]
            parts, known = [], []
            if missing_rows:
                parts.append(f"row(s) {', '.join(map(repr, missing_rows))}")
                known.append(f"rows: {', '.join(names)}")
            if missing_columns:
                parts.append(f"column(s) {', '.join(map(repr, missing_columns))}")
                known.append(f"columns: {', '.join(candidate.header)}")
            problem = (
                f"{owned.where}: {' and '.join(parts)} not in what `{owned.command.text}` "
                f"prints; remove them or use the names it prints ({'; '.join(known)})"
            )
    raise DocsError(problem)


def refill_table(
    lines: list[str], owned: Owned, fresh: Sequence[Table], quick: bool
) -> list[Change]:
    """Refill a document table in ``lines`` in place; the cells that changed."""
    doc = table_at(lines, owned.start)
    assert doc is not None  # owned_tables found it there
    source = matching_table(doc, fresh, owned)
    width = key_width(source)
    by_key = {tuple(row[:width]): row for row in source.rows}
    changes = []
    for row, at in zip(doc.rows, doc.lines, strict=True):
        if len(row) != len(doc.header):
            raise DocsError(
                f"{display(owned.path)}:{at + 1}: {len(row)} cells under {len(doc.header)} "
                "headers; give every row one cell per column"
            )
        new = by_key[tuple(row[:width])]
        cells = list(row[:width]) + [
            new[source.header.index(column)] for column in doc.header[width:]
        ]
        for column, old, value in zip(doc.header[width:], row[width:], cells[width:], strict=True):
            if old != value:
                changes.append(
                    Change(
                        f"{display(owned.path)}:{at + 1}",
                        f"{' / '.join(row[:width])}, {column}",
                        owned.command.text,
                        old,
                        value,
                    )
                )
        if cells != row:
            lines[at] = render_row(cells)
    return [] if quick else changes  # a short run's numbers are not the documented ones


def paragraphs(lines: Sequence[str]) -> int:
    """How many blank-line-separated paragraphs ``lines`` hold."""
    count, blank = 0, True
    for line in lines:
        if line.strip() and blank:
            count += 1
        blank = not line.strip()
    return count


def first_paragraphs(lines: Sequence[str], count: int) -> list[str]:
    """The first ``count`` paragraphs of ``lines``, with the blank lines between them."""
    kept: list[str] = []
    for line in lines:
        if line.strip() and paragraphs([*kept, line]) > count:
            break
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def refill_printed(lines: list[str], owned: Owned, printed: Printed, quick: bool) -> list[Change]:
    """Replace a block of terminal output in ``lines`` in place; the lines that changed.

    The block shows the first paragraphs of what the command prints (the heading and the
    main table, say, without the per-type tables that follow), and keeps as many. With
    ``quick`` only its shape is checked: the first word of every line (the office, the
    structures, the metric names) must be what the command prints.
    """
    documented = lines[owned.start : owned.end]
    fresh = first_paragraphs(printed.lines, paragraphs(documented))
    if quick:
        if [line.split()[:1] for line in documented] != [line.split()[:1] for line in fresh]:
            raise DocsError(
                f"{owned.where}: the block is not shaped like what `{owned.command.text}` "
                "prints (its lines, by first word); paste the command's output there"
            )
        return []
    if documented == fresh:
        return []
    diff = difflib.unified_diff(documented, fresh, lineterm="", n=0)
    body = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    lines[owned.start : owned.end] = fresh
    return [
        Change(
            owned.where,
            "printed output",
            owned.command.text,
            "\n  - ".join(line[1:] for line in body if line.startswith("-")),
            "\n  + ".join(line[1:] for line in body if line.startswith("+")),
        )
    ]


class Runs:
    """Each distinct command run once; tables with the same command share its output."""

    def __init__(self, quick: bool = False) -> None:
        self.quick = quick
        self.done: dict[tuple[str, ...], Printed | DocsError] = {}

    def get(self, command: Command) -> Printed:
        """The output of ``command``, running it the first time it is asked for.

        Raises:
            DocsError: the command cannot be run (raised again for every table of it).
        """
        if command.args not in self.done:
            try:
                printed = run(command, self.quick)
            except DocsError as error:
                self.done[command.args] = error
            else:
                print(f"ran `{command.text}` in {printed.seconds:.1f} s", file=sys.stderr)
                self.done[command.args] = printed
        outcome = self.done[command.args]
        if isinstance(outcome, DocsError):
            raise outcome
        return outcome


def sweep_jobs(command: Command) -> list[tuple[str, Command]]:
    """Each job of a sweep over one setting (``key=a,b,c``): its value and its command."""
    args = [arg for arg in command.args if arg not in MULTIRUN_FLAGS]
    swept = [i for i, arg in enumerate(args) if "," in arg.partition("=")[2]]
    if len(swept) != 1:
        raise DocsError(
            f"`{command.text}`: a table of a sweep needs one swept setting (key=a,b,c); "
            "give one list of values, or one table per setting"
        )
    at = swept[0]
    key, _, values = args[at].partition("=")
    jobs = []
    for value in values.split(","):
        job = (*args[:at], f"{key}={value}", *args[at + 1 :])
        jobs.append((value, Command(" ".join(("orgsim", *job)), job)))
    return jobs


def sweep_table(owned: Owned, first_column: str, runs: Runs) -> Table:
    """One row per job of the sweep: the job's swept value, then its ``owned.metric`` row."""
    table = Table([first_column], [])
    for value, job in sweep_jobs(owned.command):
        main = next((t for t in runs.get(job).tables if t.header[:1] == ["metric"]), None)
        row = next((r for r in main.rows if r[0] == owned.metric), None) if main else None
        if main is None or row is None:
            raise DocsError(
                f"`{job.text}` prints no {owned.metric!r} row; name a metric "
                "of its comparison table in <!-- table: metric=NAME -->"
            )
        table.header[1:] = main.header[1:]
        table.rows.append([value, *row[1:]])
    return table


@dataclass
class Refilled:
    """One document refilled.

    Attributes:
        path: the document.
        before: its text as read.
        after: its text with every table refilled.
        changes: the cells (and printed blocks) that changed.
        errors: the tables that could not be refilled, one line each.
        tables: how many tables it owns.
    """

    path: Path
    before: str
    after: str
    changes: list[Change]
    errors: list[str]
    tables: int


def refill_document(
    path: Path, runs: Runs, only: str | None = None, quick: bool = False
) -> Refilled:
    """Refill the tables of one document (in memory; :func:`write_document` writes it)."""
    before = path.read_text(encoding="utf-8")
    lines = before.splitlines()
    owned = [
        t
        for t in owned_tables(path, before)
        if only is None or only in (t.command.experiment, t.command.text)
    ]
    outputs: dict[int, Printed] = {}
    errors: list[tuple[int, str]] = []  # (line, error): reported in the document's order
    for number, table in enumerate(owned):  # run in the order of the document
        try:
            if table.metric is not None:
                first = split_row(lines[table.start])[0]
                outputs[number] = Printed([], [sweep_table(table, first, runs)], 0.0)
            else:
                outputs[number] = runs.get(table.command)
        except DocsError as error:
            errors.append((table.start, f"{table.where}: {error}"))
    changes: list[Change] = []
    # from the bottom up, so a printed block that changes length moves no table still to do
    for number, table in reversed(list(enumerate(owned))):
        if number not in outputs:
            continue
        try:
            if table.printed:
                changes[:0] = refill_printed(lines, table, outputs[number], quick)
            else:
                changes[:0] = refill_table(lines, table, outputs[number].tables, quick)
        except DocsError as error:
            errors.append((table.start, str(error)))
    after = "\n".join(lines) + ("\n" if before.endswith("\n") else "")
    return Refilled(path, before, after, changes, [e for _, e in sorted(errors)], len(owned))


def write_document(path: Path, before: str, after: str) -> None:
    """Write ``after`` atomically, unless someone changed the file while the runs went on."""
    if path.read_text(encoding="utf-8") != before:
        raise DocsError(f"{display(path)}: changed while the experiments ran; run the script again")
    atomic_write(path, lambda tmp: tmp.write_text(after, encoding="utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Refill (or check) the tables; 0 done or up to date, 1 stale (``--check``), 2 an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list stale cells, write nothing")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"only check that every table's rows and columns are printed by its command, on "
        f"runs {QUICK_SHARE:g} as long with {QUICK_REPLICATIONS} replications; write nothing",
    )
    parser.add_argument("--only", metavar="NAME", help="only the tables of experiment=NAME")
    parser.add_argument(
        "--doc",
        metavar="PATH",
        action="append",
        type=Path,
        help="a document to refill instead of docs/scenarios.md and README.md (repeatable)",
    )
    args = parser.parse_args(argv)
    runs = Runs(quick=args.quick)
    try:
        documents = [
            refill_document(_existing(path), runs, args.only, args.quick)
            for path in args.doc or DOCS
        ]
        if args.only and not any(d.tables for d in documents):
            raise DocsError(
                f"--only: no table follows a command of experiment={args.only}; give an "
                "experiment that has a documented table"
            )
    except DocsError as error:
        return _failed([str(error)])
    changes = [change for d in documents for change in d.changes]
    errors = [line for d in documents for line in d.errors]
    summary = f"{sum(d.tables for d in documents)} table(s), {len(runs.done)} command(s) run"
    if changes and (args.check or errors):
        print("\n".join(map(str, changes)))
        print(f"{len(changes)} documented value(s) differ from what the commands print now")
    if errors:
        written = "" if args.check or args.quick else " (nothing written)"
        return _failed([*errors[:-1], errors[-1] + written])
    if args.quick:
        print(f"every table's rows and columns are printed by its command ({summary})")
        return 0
    if args.check:
        if changes:
            print(f"stale ({summary}): run python scripts/docs_tables.py (make docs-tables)")
            return 1
        print(f"tables up to date ({summary})")
        return 0
    try:
        for document in documents:
            if document.after != document.before:
                write_document(document.path, document.before, document.after)
                print(f"rewrote {display(document.path)}")
    except DocsError as error:
        return _failed([str(error)])
    print(f"{'tables refilled' if changes else 'tables up to date'} ({summary})")
    return 0


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise DocsError(f"--doc: no file {str(path)!r}; give a Markdown file")
    return path


def _failed(errors: Sequence[str]) -> int:
    """Print each error on one line; exit status 2."""
    for line in errors:
        print(f"docs_tables: error: {line}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
