"""Checks on a file ``orgsim-class`` writes, made before any work so bad input leaves nothing."""

from __future__ import annotations

from pathlib import Path


class OutputFileError(ValueError):
    """The file cannot be written as asked; the message names the option and the fix."""


def check_output(path: Path, option: str, suffixes: tuple[str, ...], force: bool) -> Path:
    """Return ``path`` if a result may be written there, else raise :class:`OutputFileError`.

    Args:
        path: the file asked for.
        option: the option that named it (``--export``), for the message.
        suffixes: the endings allowed, lower case with the dot (``.html``).
        force: whether an existing file may be replaced.
    """
    if path.suffix.lower() not in suffixes:
        raise OutputFileError(
            f"{option}: {str(path)!r} does not end in {' or '.join(suffixes)}; "
            f"name the file e.g. lesson{suffixes[0]}"
        )
    if path.is_dir():
        raise OutputFileError(f"{option}: {path} is a folder; give a file name inside it")
    if not path.parent.is_dir():
        raise OutputFileError(
            f"{option}: the folder {path.parent} does not exist; create it or choose another"
        )
    if path.exists() and not force:
        raise OutputFileError(
            f"{option}: {path} already exists; choose another name or add --force to replace it"
        )
    return path
