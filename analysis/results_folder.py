"""The result-folder contract: which files a run, search or sweep writes, and how.

Every result file is written atomically (temp file beside it, then a rename) and never
silently overwritten. A run takes its folder exclusively while it works: it holds a lock
and its ``status.json`` says ``running`` until it says ``ok`` or ``failed``, so a folder
without results is recognisable and two runs never mix their files in one folder.

Kept light (standard library and pandas) so both the experiments and the analysis layer,
and commands that must answer quickly, can import it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pandas as pd

# -- file names ---------------------------------------------------------------------------

STATUS = "status.json"
CONFIG = "config.yaml"
REPORT = "report.html"
#: The lock a run holds on its folder while it works (an OS lock, gone with the process).
LOCK = ".orgsim.lock"

#: A comparison run (``task=compare``).
SUMMARY, COMPARISON = "summary.json", "comparison.md"
REPLICATIONS, STAFF, TIMESERIES = "replications.parquet", "staff.parquet", "timeseries.parquet"
#: Figures of a comparison; the deadline figure only with deadlines, the per-type waits
#: only with more than one matter type.
COMPARISON_FIGURE, UTILISATION_FIGURE, DEADLINE_FIGURE = "comparison", "utilisation", "deadline"
TYPES_FIGURE = "types"
FIGURES = (COMPARISON_FIGURE, UTILISATION_FIGURE, DEADLINE_FIGURE, TYPES_FIGURE)
#: Figures of a run with ``timeseries=true``.
BACKLOG_FIGURE, WELCH_FIGURE = "backlog", "welch"
TIMESERIES_FIGURES = (BACKLOG_FIGURE, WELCH_FIGURE)

#: The event log of a comparison with ``event_log``: CSV, Parquet, and XES per replication
#: (a name pattern: ``event_log.rep000.xes``, ...).
EVENT_LOG_CSV, EVENT_LOG_PARQUET = "event_log.csv", "event_log.parquet"
EVENT_LOG_XES = "event_log.rep{replication:03d}.xes"
EVENT_LOG_XES_FILES = "event_log.rep*.xes"

#: A capacity search (``task=capacity``) and its figure.
CAPACITY, CAPACITY_TABLE = "capacity.json", "capacity.parquet"
CAPACITY_MD, CURVE = "capacity.md", "curve.parquet"
CAPACITY_FIGURE = "capacity"
#: A staffing search (``task=staffing``) and its figure.
STAFFING, STAFFING_TABLE, STAFFING_MD = "staffing.json", "staffing.parquet", "staffing.md"
STAFFING_FIGURE = "staffing"
#: A robustness run (``task=robustness``): result, table of points, figure.
ROBUSTNESS, ROBUSTNESS_MD = "robustness.json", "robustness.md"
ROBUSTNESS_TABLE, ROBUSTNESS_FIGURE = "robustness.parquet", "robustness"
#: A B-post recommendation (``task=b_posts``): result, tables, every candidate tried.
B_POSTS, B_POSTS_MD, B_POSTS_TABLE = "b_posts.json", "b_posts.md", "b_posts.parquet"
B_POSTS_FIGURE = "b_posts"

#: A sweep's root: the gathered tables, the job list, the plan made at its start, the figure.
AGGREGATE, AGGREGATE_CSV, JOBS = "aggregate.parquet", "aggregate.csv", "jobs.csv"
SWEEP_PLAN = "sweep.json"
SWEEP_FIGURE = "wait_vs_load"
#: Written by Hydra: the sweep's config at its root, each job's config under ``.hydra``
#: and its log (named after ``hydra.job.name``).
HYDRA_SWEEP_CONFIG, HYDRA_DIR, HYDRA_LOG = "multirun.yaml", ".hydra", "orgsim.log"

#: The file that marks each kind of folder, in the order they are looked for.
RESULT_FILES = (SUMMARY, AGGREGATE, CAPACITY, STAFFING, ROBUSTNESS, B_POSTS)
#: The per-replication table of a job, by task: compare, capacity, staffing (and the
#: per-point table of a robustness job, so that sweeps of robustness runs gather too, and
#: every candidate a B-post search tried).
RESULT_TABLES = (REPLICATIONS, CAPACITY_TABLE, STAFFING_TABLE, ROBUSTNESS_TABLE, B_POSTS_TABLE)

#: A figure is saved in each of these formats, side by side.
FIGURE_FORMATS = (".png", ".svg")


def figure_paths(path: Path) -> list[Path]:
    """The files a figure is saved to: ``path`` as PNG and as SVG."""
    return [path.with_suffix(suffix) for suffix in FIGURE_FORMATS]


def _with_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name + suffix for name in names for suffix in FIGURE_FORMATS)


#: Every file any run or search may leave in its folder (with ``report.html``).
RUN_OUTPUTS = (
    STATUS,
    CONFIG,
    SUMMARY,
    COMPARISON,
    REPLICATIONS,
    STAFF,
    TIMESERIES,
    EVENT_LOG_CSV,
    EVENT_LOG_PARQUET,
    EVENT_LOG_XES_FILES,
    CAPACITY,
    CAPACITY_MD,
    CAPACITY_TABLE,
    CURVE,
    STAFFING,
    STAFFING_MD,
    STAFFING_TABLE,
    ROBUSTNESS,
    ROBUSTNESS_MD,
    ROBUSTNESS_TABLE,
    B_POSTS,
    B_POSTS_MD,
    B_POSTS_TABLE,
    REPORT,
    *_with_formats(
        (
            *FIGURES,
            *TIMESERIES_FIGURES,
            CAPACITY_FIGURE,
            STAFFING_FIGURE,
            ROBUSTNESS_FIGURE,
            B_POSTS_FIGURE,
        )
    ),
)
#: Every file a sweep leaves at its root (its jobs have folders of their own).
SWEEP_OUTPUTS = (
    AGGREGATE,
    AGGREGATE_CSV,
    JOBS,
    SWEEP_PLAN,
    REPORT,
    HYDRA_SWEEP_CONFIG,
    *_with_formats((SWEEP_FIGURE,)),
)


# -- errors -------------------------------------------------------------------------------


class FolderError(Exception):
    """The output folder cannot be used as asked; the message names the fix."""


class OutputExistsError(FolderError):
    """A result file is already there and overwriting was not asked for."""


class FolderBusyError(FolderError):
    """Another run is writing into the folder right now."""


class FolderNotWritableError(FolderError):
    """The folder cannot be created or written to."""


# -- atomic writing -----------------------------------------------------------------------


def check_free(paths: list[Path], overwrite: bool) -> None:
    """Refuse up front, before any work, if a result file would be overwritten."""
    taken = [p for p in paths if p.exists()]
    if taken and not overwrite:
        raise OutputExistsError(
            f"{taken[0]} already exists; choose another folder or ask to overwrite "
            "(overwrite=true, or --overwrite)"
        )


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temp file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(path: Path, data: Any) -> None:
    """Atomically write ``data`` as indented JSON (NaN written as null)."""

    def clean(value: Any) -> Any:
        if isinstance(value, float) and value != value:
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    atomic_write(path, lambda tmp: tmp.write_text(json.dumps(clean(data), indent=2) + "\n"))


def write_text(path: Path, text: str) -> None:
    """Atomically write text."""
    atomic_write(path, lambda tmp: tmp.write_text(text))


def write_parquet(path: Path, table: pd.DataFrame) -> None:
    """Atomically write a parquet table."""
    atomic_write(path, lambda tmp: table.to_parquet(tmp, index=False))


# -- what a folder holds ------------------------------------------------------------------


def read_status(folder: Path) -> dict[str, Any] | None:
    """The folder's ``status.json``; None if there is none; ValueError if it is unreadable."""
    path = folder / STATUS
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{STATUS} is not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{STATUS} cannot be read ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("status"), str):
        raise ValueError(f"{STATUS} has no status")
    return data


def _is_temp_of(name: str, outputs: tuple[str, ...]) -> bool:
    """Whether ``name`` is a temp file :func:`atomic_write` left beside one of ``outputs``."""
    return name.startswith(".") and any(fnmatchcase(name, f".{o}.*") for o in outputs)


def earlier_outputs(folder: Path, outputs: tuple[str, ...] = RUN_OUTPUTS) -> list[Path]:
    """The orgsim files already in ``folder``, temp files of a stopped run included.

    ``outputs`` are names, or name patterns (``event_log.rep*.xes``).
    """
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if any(fnmatchcase(p.name, o) for o in outputs) or _is_temp_of(p.name, outputs)
    )


def clear_outputs(folder: Path, outputs: tuple[str, ...] = RUN_OUTPUTS) -> None:
    """Remove every earlier orgsim file of ``folder`` (and nothing else)."""
    for path in earlier_outputs(folder, outputs):
        if path.is_file() or path.is_symlink():
            path.unlink(missing_ok=True)


def job_folders(sweep_dir: Path) -> list[Path]:
    """The job folders of a sweep: subfolders with Hydra's record or orgsim results."""
    if not sweep_dir.is_dir():
        return []
    return sorted(
        p
        for p in sweep_dir.iterdir()
        if p.is_dir()
        and not p.name.startswith(".")
        and ((p / HYDRA_DIR).is_dir() or earlier_outputs(p))
    )


def earlier_sweep(sweep_dir: Path) -> list[Path]:
    """What an earlier sweep left in ``sweep_dir``: job folders and files at its root."""
    return job_folders(sweep_dir) + earlier_outputs(sweep_dir, SWEEP_OUTPUTS)


def clear_sweep(sweep_dir: Path) -> None:
    """Remove an earlier sweep's job folders and root files (other files stay).

    Raises:
        FolderBusyError: a job of it is still running.
    """
    jobs = job_folders(sweep_dir)
    for job in jobs:
        if in_use(job):
            raise _busy(job)
    for job in jobs:
        clear_outputs(job, (*RUN_OUTPUTS, HYDRA_LOG, LOCK))
        shutil.rmtree(job / HYDRA_DIR, ignore_errors=True)
        if not any(job.iterdir()):
            job.rmdir()
    clear_outputs(sweep_dir, SWEEP_OUTPUTS)


# -- taking a folder exclusively ----------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _describe_holder(folder: Path) -> str:
    try:
        found = read_status(folder) or {}
    except ValueError:
        found = {}
    if found.get("status") != "running":
        return "another orgsim run"
    return (
        f"another orgsim run (pid {found.get('pid')} on {found.get('host')}, started "
        f"{found.get('started')})"
    )


def _not_writable(folder: Path, error: OSError) -> FolderNotWritableError:
    return FolderNotWritableError(
        f"cannot write to {folder} ({error.strerror or error}); choose a folder you can write to"
    )


def _refusal(folder: Path, found: list[Path]) -> OutputExistsError:
    """Why ``folder`` is refused without ``overwrite``: earlier results, or a stopped run."""
    if _status_word(folder) == "running":
        return OutputExistsError(
            f"{folder} holds a run that never finished ({STATUS} says running, but the run "
            "has stopped); choose another folder or ask to overwrite (overwrite=true)"
        )
    return OutputExistsError(
        f"{found[0]} already exists; choose another folder or ask to overwrite "
        "(overwrite=true, or --overwrite)"
    )


def _busy(folder: Path) -> FolderBusyError:
    return FolderBusyError(
        f"{folder} is in use by {_describe_holder(folder)}; wait for it to finish or choose "
        "another folder"
    )


def _status_word(folder: Path) -> str | None:
    try:
        return (read_status(folder) or {}).get("status")
    except ValueError:
        return None


def _check_taken(folder: Path, overwrite: bool) -> None:
    """Refuse a folder a live run holds, or one with earlier results unless ``overwrite``."""
    if _holding(folder) is None and in_use(folder):
        raise _busy(folder)
    found = earlier_outputs(folder)
    if found and not overwrite:
        raise _refusal(folder, found)


def check_folder(folder: Path, overwrite: bool) -> None:
    """Refuse ``folder`` if it is busy, holds results (unless ``overwrite``) or is read-only.

    Advisory (:func:`claim` decides), but it can run before anything else writes into the
    folder, so a refused run leaves it as it was.
    """
    _check_taken(folder, overwrite)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _not_writable(folder, error) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _not_writable(folder, PermissionError(13, "permission denied"))


def in_use(folder: Path) -> bool:
    """Whether a live run holds ``folder``'s lock (tried without waiting, then let go)."""
    try:
        fd = os.open(folder / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing lets go of the lock if it was taken here
    return False


#: Locks this process holds, by folder, from :func:`hold` until :func:`claim` or :func:`release`.
_held: dict[Path, int] = {}


def _holding(folder: Path) -> int | None:
    return _held.get(folder.resolve())


def hold(folder: Path) -> None:
    """Take ``folder``'s lock now and keep it for a later :func:`claim` in this process.

    Lets a check made before anything is written into the folder (by Hydra, say) keep
    the folder, so no other run can slip in between the check and the claim.

    Raises:
        FolderBusyError, FolderNotWritableError: the lock cannot be taken.
    """
    if _holding(folder) is None:
        _held[folder.resolve()] = _lock(folder)


def release(folder: Path) -> None:
    """Let go of a lock taken with :func:`hold` (nothing happens if none is held)."""
    fd = _held.pop(folder.resolve(), None)
    if fd is not None:
        os.close(fd)


def _lock(folder: Path) -> int:
    """Take the folder's lock (held until the descriptor is closed or the process ends)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise _not_writable(folder, error) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise _busy(folder) from None
    return fd


@contextmanager
def claim(folder: Path, overwrite: bool) -> Iterator[None]:
    """Hold ``folder`` exclusively for one run and record how the run ends.

    Refuses (before writing anything) a folder another live run holds, and one with
    earlier results unless ``overwrite``; with it, the earlier files (figures, report and
    temp files of a stopped run included) are removed first. ``status.json`` then says
    ``running`` until the body ends: ``ok``, or ``failed`` with the error and traceback.
    A run killed mid-way leaves ``running``.

    Raises:
        FolderBusyError, OutputExistsError, FolderNotWritableError: the folder was refused.
    """
    _check_taken(folder, overwrite)  # refused without even creating the lock
    fd = _held.pop(folder.resolve(), None)
    if fd is None:
        fd = _lock(folder)
    try:
        found = earlier_outputs(folder)  # again, now that no other run can change it
        if found and not overwrite:
            raise _refusal(folder, found)
        started = {"started": _now(), "pid": os.getpid(), "host": socket.gethostname()}
        try:
            clear_outputs(folder)
            write_json(folder / STATUS, {"status": "running", **started})
        except OSError as error:
            raise _not_writable(folder, error) from None
        try:
            yield
        except Exception as error:
            failed = {"status": "failed", **started, "finished": _now()}
            failed |= {"error": f"{type(error).__name__}: {error}"}
            failed |= {"traceback": traceback.format_exc()}
            with suppress(OSError):  # the folder became unwritable: the error is what matters
                write_json(folder / STATUS, failed)
            raise
        write_json(folder / STATUS, {"status": "ok", **started, "finished": _now()})
    finally:
        os.close(fd)
