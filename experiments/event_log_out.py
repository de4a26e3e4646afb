"""Write a comparison run's event log (``event_log=true``) into its results folder.

The engine gives one table per structure and replication (see ``sim/event_log.py``); here
they become files a process-mining tool opens: ``event_log.csv`` and ``event_log.parquet``
(every structure and replication, one after the other, in replication order, so the file
is the same whatever ``n_jobs``) and, with pm4py installed (``pip install -e '.[mining]'``),
one XES file per replication, ``event_log.rep<NNN>.xes``. Each replication is appended as
it arrives and then dropped, so memory holds one replication's rows at most; every file is
written beside its final name and renamed into place when the run ends, and nothing is
left behind when it fails.

Times are in the office's time unit, named in the columns (``start_hour``); the Parquet
file also records it in its metadata (``orgsim.time_unit``). XES needs timestamps: there
the simulated clock starts at :data:`XES_ORIGIN` and the numeric times are kept too.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tempfile
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from orgsim.analysis.results_folder import EVENT_LOG_CSV, EVENT_LOG_PARQUET, EVENT_LOG_XES
from orgsim.sim.event_log import EVENT_LOG_COLUMNS, TIME_COLUMNS

FORMATS = ("csv", "parquet", "xes")
#: The date the simulated clock's time 0 is given in XES files (a Monday).
XES_ORIGIN = pd.Timestamp("2000-01-03")
#: pandas' names for time units an office may use, for XES timestamps.
XES_UNITS = {"minute": "min", "hour": "h", "day": "D", "week": "W"}
MINING_EXTRA = "pip install -e '.[mining]'"


def pm4py_installed() -> bool:
    """Whether XES can be written (pm4py is importable)."""
    return importlib.util.find_spec("pm4py") is not None


def requested_formats(value: Any) -> tuple[str, ...]:
    """The formats ``event_log`` asks for; ValueError names the problem and the fix.

    False asks for none; true for CSV and Parquet, and XES when pm4py is installed; a
    format or a list of them for those (XES then needs pm4py).
    """
    if value is None or value is False:
        return ()
    if value is True:
        return ("csv", "parquet", "xes") if pm4py_installed() else ("csv", "parquet")
    items = [value] if isinstance(value, str) else list(value)
    asked = [str(item).strip().lower() for item in items]
    unknown = [item for item in asked if item not in FORMATS]
    if unknown or not asked:
        raise ValueError(
            f"event_log: {unknown[0] if unknown else 'an empty list'!r} is not a format; "
            f"give true, false or some of {', '.join(FORMATS)}, e.g. event_log=[csv,xes]"
        )
    if "xes" in asked and not pm4py_installed():
        raise ValueError(f"event_log: xes needs pm4py; install the extra ({MINING_EXTRA})")
    return tuple(f for f in FORMATS if f in asked)


def event_log_problem(value: Any, task: str) -> str | None:
    """The one-line error for a bad ``event_log`` setting, or None (checked before a run)."""
    try:
        formats = requested_formats(value)
    except ValueError as error:
        return str(error)
    if formats and task != "compare":
        return (
            f"event_log: a {task} search writes no event log; run task=compare for one, or "
            "drop event_log"
        )
    return None


def unit_suffix(time_unit: str) -> str:
    """``working hour`` -> ``working_hour``: the unit as a column-name suffix."""
    return re.sub(r"\W+", "_", time_unit.strip().lower()).strip("_") or "time_unit"


def file_columns(time_unit: str) -> dict[str, str]:
    """Engine column -> column in the files (times carry the unit)."""
    suffix = unit_suffix(time_unit)
    return {c: f"{c}_{suffix}" if c in TIME_COLUMNS else c for c in EVENT_LOG_COLUMNS}


def replication_table(tables: list[pd.DataFrame], time_unit: str) -> pd.DataFrame:
    """One replication's tables (one per structure) as the rows of the files.

    The tables carry ``structure`` and ``replication`` columns; ``case_id``
    (``structure/replication/case``) comes first, unique over the whole file.
    """
    table = pd.concat(tables, ignore_index=True)
    case_id = (
        table["structure"].astype(str)
        + "/"
        + table["replication"].astype(str)
        + "/"
        + table["case"].astype(str)
    )
    rest = table[list(EVENT_LOG_COLUMNS)].rename(columns=file_columns(time_unit))
    return pd.concat(
        [
            pd.DataFrame({"case_id": case_id, "structure": table["structure"]}),
            table[["replication"]].astype("int64"),
            rest,
        ],
        axis=1,
    )


def _schema(time_unit: str) -> pa.Schema:
    """Fixed Parquet column types, so every replication appends to the same file."""
    kinds = {
        "case": pa.int64(),
        "step": pa.int64(),
        "case_open": pa.bool_(),
        "after_warmup": pa.bool_(),
    }
    names = file_columns(time_unit)
    fields = [
        pa.field("case_id", pa.string()),
        pa.field("structure", pa.string()),
        pa.field("replication", pa.int64()),
    ]
    for column in EVENT_LOG_COLUMNS:
        kind = pa.float64() if column in TIME_COLUMNS else kinds.get(column, pa.string())
        fields.append(pa.field(names[column], kind))
    return pa.schema(fields, metadata={"orgsim.time_unit": time_unit})


def _temp_beside(path: Path) -> Path:
    """An empty temp file beside ``path``, named as ``results_folder.atomic_write`` does."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    return Path(name)


def write_xes(table: pd.DataFrame, path: Path, time_unit: str) -> None:
    """One replication's finished steps as XES, with pm4py.

    Each step is an event: activity (``concept:name``) the skill, resource the handler,
    group the section, ``time:timestamp`` its end and ``start_timestamp`` its start, on the
    simulated clock from :data:`XES_ORIGIN`. A matter open at the horizon keeps its
    finished steps and the trace attribute ``case:case_open``.
    """
    import pm4py  # the optional extra: only asked for when pm4py_installed()

    names = file_columns(time_unit)
    unit = XES_UNITS.get(time_unit.strip().lower().removeprefix("working ").strip(), "h")
    done = table[table["status"] == "done"]

    def clock(column: str) -> pd.Series:
        return XES_ORIGIN + pd.to_timedelta(done[names[column]], unit=unit)

    events = pd.DataFrame(
        {
            "case:concept:name": done["case_id"],
            "concept:name": done["skill"],
            "org:resource": done["handler"],
            "org:group": done["section"],
            "time:timestamp": clock("end"),
            "start_timestamp": clock("start"),
            "case:matter_type": done["matter_type"],
            "case:structure": done["structure"],
            "case:case_open": done["case_open"],
            "case:after_warmup": done["after_warmup"],
            **{names[c]: done[names[c]] for c in TIME_COLUMNS},
            "step": done["step"],
        }
    )
    with warnings.catch_warnings():  # pm4py suggests a faster optional writer each time
        warnings.simplefilter("ignore", UserWarning)
        pm4py.write_xes(events, str(path), case_id_key="case:concept:name")


class EventLogWriter:
    """Appends each replication's event log to the run's files; a context manager.

    On a clean exit the files are renamed into place; on an error they are removed.
    """

    def __init__(self, folder: Path, formats: tuple[str, ...], time_unit: str) -> None:
        """Nothing is written until the first replication arrives."""
        self.folder = folder
        self.formats = formats
        self.time_unit = time_unit
        self._temps: dict[Path, Path] = {}  # final path -> temp file
        self._csv: TextIO | None = None
        self._parquet: pq.ParquetWriter | None = None

    def __enter__(self) -> EventLogWriter:
        """The writer itself."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Rename the files into place, or remove them if the run failed."""
        self._close()
        if kind is None:
            umask = os.umask(0)
            os.umask(umask)
            for final, temp in self._temps.items():
                temp.chmod(0o666 & ~umask)
                os.replace(temp, final)
        else:
            for temp in self._temps.values():
                temp.unlink(missing_ok=True)
        self._temps.clear()

    def _temp(self, name: str) -> Path:
        final = self.folder / name
        self._temps[final] = temp = _temp_beside(final)
        return temp

    def add(self, tables: list[pd.DataFrame]) -> None:
        """Append one replication (every structure's table, in order)."""
        if not tables:
            return
        table = replication_table(tables, self.time_unit)
        if "csv" in self.formats:
            first = self._csv is None
            if self._csv is None:
                self._csv = self._temp(EVENT_LOG_CSV).open("w", encoding="utf-8", newline="")
            table.to_csv(self._csv, header=first, index=False)
        if "parquet" in self.formats:
            schema = _schema(self.time_unit)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._temp(EVENT_LOG_PARQUET), schema)
            self._parquet.write_table(pa.Table.from_pandas(table, schema, preserve_index=False))
        if "xes" in self.formats:
            replication = int(table["replication"].iloc[0])
            write_xes(
                table, self._temp(EVENT_LOG_XES.format(replication=replication)), self.time_unit
            )

    def _close(self) -> None:
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


def event_log_writer(
    setting: Any, folder: Path, time_unit: str, note: bool = True
) -> EventLogWriter | None:
    """The writer ``event_log`` asks for, or None when it is off.

    With ``event_log=true`` and no pm4py, a one-line note says XES needs the extra.
    """
    formats = requested_formats(setting)
    if not formats:
        return None
    if note and setting is True and "xes" not in formats:
        print(f"orgsim: note: event_log: XES is not written; it needs pm4py ({MINING_EXTRA})")
    return EventLogWriter(folder, formats, time_unit)
