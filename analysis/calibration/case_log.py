"""Reading a case log (办件记录) and checking every record.

A log has one row per matter, or one row per workflow step (then with a ``step`` column).
Each row is checked; a row with a problem is *kept and flagged*, never silently dropped:
:class:`CaseLog` lists every bad row with its row number in the file (the header is row 1)
and the estimators say which rows they used. The problems, first one found wins:

- ``missing value``: no case id, matter type or received time;
- ``unparsable date``: a received, started or finished time that is not a date;
- ``duplicate id``: the same case id (and step, in a step log) as an earlier row;
- ``finish before start`` and ``start before received``;
- ``unknown handler``: a handler not on the roster (when a roster is given), or work
  started or finished with no handler.

A row without a started or finished time is an *open* case: it counts as an arrival and
nothing else. Arrival counts use every row whose id, type and received time are sound (so
also rows with the last three problems); handling times, waits and who-handles-what use
only rows without any problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orgsim.analysis.calibration.columns import FIELDS, read_side_file, resolve_columns
from orgsim.analysis.calibration.errors import CalibrationError

#: The problems a row can have, in the order they are checked.
PROBLEMS = (
    "missing value",
    "unparsable date",
    "duplicate id",
    "finish before start",
    "start before received",
    "unknown handler",
)

#: Problems that still leave a sound arrival (id, type and received time are fine).
ARRIVAL_SOUND = ("", "finish before start", "start before received", "unknown handler")

#: Fields besides the always-required ones that calibration needs.
WORK_FIELDS = ("started", "finished", "handler")

TIMES = ("received", "started", "finished")


@dataclass(frozen=True)
class BadRecord:
    """One flagged row: where it is in the file and what is wrong with it."""

    row: int
    problem: str
    detail: str


@dataclass(frozen=True)
class CaseLog:
    """A checked case log.

    Attributes:
        rows: one row per record, in file order, with the columns ``row`` (row number in
            the file), ``case_id``, ``matter_type``, ``step`` ("" in a matter log),
            ``received``, ``started``, ``finished`` (timestamps, NaT when empty),
            ``handler``, ``section`` and ``problem`` ("" for a sound row).
        per_step: whether the log has one row per workflow step.
        source: the file it was read from.
        columns: field -> the file's column it was read from.
    """

    rows: pd.DataFrame
    per_step: bool
    source: str
    columns: dict[str, str]

    @property
    def bad(self) -> list[BadRecord]:
        """Every flagged row, in file order."""
        flagged = self.rows[self.rows.problem != ""]
        return [
            BadRecord(int(r.row), str(r.problem), str(r.detail))
            for r in flagged.itertuples(index=False)
        ]

    @property
    def sound(self) -> pd.DataFrame:
        """Rows without any problem."""
        return self.rows[self.rows.problem == ""]

    @property
    def finished_work(self) -> pd.DataFrame:
        """Sound rows whose work has both a start and a finish."""
        sound = self.sound
        return sound[sound.started.notna() & sound.finished.notna()]

    @property
    def arrivals(self) -> pd.DataFrame:
        """One row per case whose id, type and received time are sound: its first receipt."""
        usable = self.rows[self.rows.problem.isin(ARRIVAL_SOUND)]
        first = usable.sort_values("received").groupby("case_id", sort=False).head(1)
        return first.sort_values("received")

    def problem_counts(self) -> dict[str, int]:
        """Problem -> number of rows, for every problem found."""
        counts = self.rows.problem[self.rows.problem != ""].value_counts()
        return {p: int(counts[p]) for p in PROBLEMS if p in counts}


def read_table(path: Path) -> pd.DataFrame:
    """The raw log as text columns: CSV (UTF-8 or GB18030), Excel, Parquet or XES."""
    label = f"log {path}"
    if not path.is_file():
        raise CalibrationError(label, "no such file", "give the path of the case log")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xes":
            return _read_xes(path)
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path, dtype=str).fillna("")
        if suffix == ".parquet":
            return pd.read_parquet(path).astype(str).replace({"None": "", "NaT": "", "nan": ""})
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            except UnicodeDecodeError:
                continue
        raise CalibrationError(label, "is neither UTF-8 nor GB18030 text", "save it as UTF-8 CSV")
    except CalibrationError:
        raise
    except ImportError as error:
        raise CalibrationError(
            label, f"needs a package that is not installed ({error.name})", "install it"
        ) from None
    except (OSError, ValueError, pd.errors.ParserError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CalibrationError(label, f"cannot be read ({first})", "give a CSV file") from None


def _read_xes(path: Path) -> pd.DataFrame:
    """An XES event log (through pm4py) as a step log: one row per case and activity."""
    try:
        import pm4py  # an optional extra
    except ImportError:
        raise CalibrationError(
            f"log {path}",
            "XES needs pm4py, which is not installed",
            "install the extra (pip install 'orgsim[xes]' or pip install pm4py), or give a CSV",
        ) from None
    events = pm4py.read_xes(str(path))
    return xes_events_to_steps(events)


def xes_events_to_steps(events: pd.DataFrame) -> pd.DataFrame:
    """XES events (``lifecycle:transition`` start/complete) -> one row per case and step.

    An activity without a start event gets its finish as start too (zero handling time is
    then flagged later by the fit); a case's received time is its first event.
    """
    need = {"case:concept:name", "concept:name", "time:timestamp"}
    if not need <= set(events.columns):
        raise CalibrationError(
            "XES log", f"lacks {', '.join(sorted(need - set(events.columns)))}", "export again"
        )
    events = events.copy()
    if "lifecycle:transition" not in events:
        events["lifecycle:transition"] = "complete"
    events["time:timestamp"] = pd.to_datetime(events["time:timestamp"], utc=True).dt.tz_localize(
        None
    )
    key = ["case:concept:name", "concept:name"]
    life = events["lifecycle:transition"].str.lower()
    started = events[life == "start"].groupby(key)["time:timestamp"].min()
    done = events[life == "complete"]
    out = done.groupby(key).agg(
        finished=("time:timestamp", "max"),
        handler=("org:resource", "last") if "org:resource" in done else ("time:timestamp", "size"),
    )
    out["started"] = started.reindex(out.index).fillna(out["finished"])
    out = out.reset_index()
    received = events.groupby("case:concept:name")["time:timestamp"].min()
    matter = "case:matter_type" if "case:matter_type" in events else "case:concept:name"
    kinds = events.groupby("case:concept:name")[matter].first()
    return pd.DataFrame(
        {
            "case_id": out["case:concept:name"].astype(str),
            "matter_type": out["case:concept:name"].map(kinds).astype(str),
            "step": out["concept:name"].astype(str),
            "received": out["case:concept:name"].map(received).astype(str),
            "started": out["started"].astype(str),
            "finished": out["finished"].astype(str),
            "handler": out["handler"].astype(str) if "org:resource" in done else "",
        }
    )


def read_roster(path: Path) -> dict[str, str]:
    """Staff roster: name -> section ("" when not given), from CSV (name[,section]) or YAML."""
    label = f"--roster {path}"
    data = read_side_file(path, label)
    if path.suffix.lower() == ".csv":
        if not data or "name" not in data[0]:
            raise CalibrationError(label, "has no column name", "write name,section per person")
        return {r["name"].strip(): (r.get("section") or "").strip() for r in data}
    if isinstance(data, list):
        return {str(name): "" for name in data}
    if isinstance(data, dict):
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    raise CalibrationError(label, "is not a list or mapping of names", "list the staff by name")


_CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")


def parse_times(text: pd.Series, date_format: str | None = None) -> pd.Series:
    """Timestamps from text; NaT where empty or unparsable (``2024年3月4日 9:00`` is read too)."""
    cleaned = text.astype(str).str.strip().str.replace(_CHINESE_DATE, r"\1-\2-\3", regex=True)
    if date_format:
        return pd.to_datetime(cleaned, format=date_format, errors="coerce")
    return pd.to_datetime(cleaned, format="mixed", errors="coerce")


def check_log(
    raw: pd.DataFrame,
    mapping: Mapping[str, str],
    source: str,
    roster: Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> CaseLog:
    """Map the columns, parse the times and flag every bad row (see the module docstring)."""
    columns = resolve_columns(raw.columns, mapping)
    for field in WORK_FIELDS:
        if field not in columns:
            raise CalibrationError(
                f"log column {field}",
                f"not found among {', '.join(map(str, raw.columns))}",
                f"handling times need it: map it with --column {field}=<column>",
            )
    if raw.empty:
        raise CalibrationError(f"log {source}", "has no records", "give a log with records")
    text = {f: raw[c].astype(str).str.strip() for f, c in columns.items()}
    for field in FIELDS:
        text.setdefault(field, pd.Series("", index=raw.index))
    rows = pd.DataFrame(
        {
            "row": raw.index.to_numpy() + 2,
            "case_id": text["case_id"],
            "matter_type": text["matter_type"],
            "step": text["step"],
            "handler": text["handler"],
            "section": text["section"],
        }
    )
    for field in TIMES:
        rows[field] = parse_times(text[field], date_format)
    problem, detail = _flag(rows, text, roster, per_step="step" in columns)
    rows["problem"], rows["detail"] = problem, detail
    if roster:
        missing = rows.section == ""
        rows.loc[missing, "section"] = rows.loc[missing, "handler"].map(roster).fillna("")
    log = CaseLog(rows.reset_index(drop=True), "step" in columns, source, columns)
    if log.arrivals.empty:
        counts = ", ".join(f"{n} {p}" for p, n in log.problem_counts().items())
        raise CalibrationError(
            f"log {source}", f"no sound record ({counts})", "fix the rows listed with --rejects"
        )
    return log


def _flag(
    rows: pd.DataFrame,
    text: dict[str, pd.Series],
    roster: Mapping[str, str] | None,
    per_step: bool,
) -> tuple[pd.Series, pd.Series]:
    """The first problem of each row and a one-line detail."""
    problem = pd.Series("", index=rows.index, dtype=object)
    detail = pd.Series("", index=rows.index, dtype=object)

    def mark(mask: pd.Series, name: str, say: pd.Series | str) -> None:
        fresh = mask & (problem == "")
        problem[fresh] = name
        detail[fresh] = say[fresh] if isinstance(say, pd.Series) else say

    for field in ("case_id", "matter_type", "received"):
        mark(text[field] == "", "missing value", f"no {field}")
    for field in TIMES:
        bad = (text[field] != "") & rows[field].isna()
        mark(bad, "unparsable date", f"{field} " + text[field].map(repr))
    key = ["case_id", "step"] if per_step else ["case_id"]
    candidates = rows[problem == ""]
    repeated = candidates.duplicated(key, keep="first").reindex(rows.index, fill_value=False)
    first_row = (
        candidates.groupby(key)["row"].transform("first").reindex(rows.index).astype("Int64")
    )
    mark(
        repeated,
        "duplicate id",
        "case " + rows.case_id + " already in row " + first_row.astype(str),
    )
    mark(rows.finished < rows.started, "finish before start", "finished before it was started")
    mark(rows.started < rows.received, "start before received", "started before it was received")
    worked = rows.started.notna() | rows.finished.notna()
    mark(worked & (rows.handler == ""), "unknown handler", "work recorded with no handler")
    if roster:
        off = ~rows.handler.isin(list(roster)) & (rows.handler != "")
        mark(off, "unknown handler", rows.handler.map(lambda h: f"{h!r} is not on the roster"))
    return problem, detail
