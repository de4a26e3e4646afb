"""Result files: written atomically (temp file + rename) and never silently overwritten."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd


class OutputExistsError(FileExistsError):
    """A result file is already there and overwriting was not asked for."""


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


#: A figure is saved in each of these formats, side by side.
FIGURE_FORMATS = (".png", ".svg")


def figure_paths(path: Path) -> list[Path]:
    """The files a figure is saved to: ``path`` as PNG and as SVG."""
    return [path.with_suffix(suffix) for suffix in FIGURE_FORMATS]
