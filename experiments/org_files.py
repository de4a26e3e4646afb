"""Org files given by path: read within bounds, check, and cached where Hydra can compose them.

``org=PATH.yaml`` is rewritten into a config-group choice: the file is copied into a
content-addressed folder added to Hydra's search path, so its fields can be overridden
and swept like those of a shipped office. Only a file that passed the bounded check in
:mod:`orgsim.experiments.yaml_bounds` is ever written there, so Hydra never parses an
unchecked file; errors Hydra reports about the copy are mapped back to the user's path.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from orgsim.experiments.build import ConfigError
from orgsim.experiments.schema import OrgConfig, shape_problem
from orgsim.experiments.yaml_bounds import load_bounded

#: Cached copy -> the file the user named, for error messages.
_ORIGINALS: dict[str, str] = {}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orgsim" / "org-files"


def _looks_like_path(value: str) -> bool:
    return value.endswith((".yaml", ".yml")) or "/" in value or os.sep in value


def hydra_quoted(value: str) -> str:
    """``value`` as a quoted string of Hydra's override grammar, interpolations escaped.

    Paths may hold any of ``( , = ' $`` and spaces; quoted, Hydra takes them literally.
    """
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("${", "\\${")
    return f"'{escaped}'"


def read_org_file(path: Path) -> str:
    """Read and check an org file within bounds; ConfigError if it cannot be used."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ConfigError(f"org: file {path} does not exist; check the path") from None
    except OSError as error:
        raise ConfigError(f"org: cannot read {path} ({error.strerror}); check the file") from None
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError as error:
        raise ConfigError(f"org: cannot read {path} ({error.strerror}); check the file") from None
    if raw is None:
        raise ConfigError(f"org: {path} is not a file; give the path of a YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(
            f"org: cannot read {path} (UnicodeDecodeError); save it as UTF-8 text"
        ) from None
    content = load_bounded(text, str(path), size)
    if not isinstance(content, dict):
        raise ConfigError(f"org: {path} does not describe an office; see docs/org-file.md")
    problem = shape_problem(content, OrgConfig, "org")
    if problem is not None:
        raise ConfigError(f"{problem} (in {path})")
    return text


def _cached_copy(path: Path, text: str) -> tuple[Path, str]:
    """Write ``text`` to its content-addressed folder; (search-path root, group choice)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    root = _cache_dir() / digest
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem).lstrip("-") or "office"
    # Hydra looks in the shipped config folder first: a user's city.yaml must not be taken
    # for the shipped city, so the choice carries the content's hash.
    stem = f"{stem}__{digest}"
    target = root / "org" / f"{stem}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    # rewrite a copy that differs (edited or truncated): Hydra reads only checked text
    if not target.exists() or target.read_bytes() != text.encode():
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    _ORIGINALS[str(target)] = str(path)
    return root, stem


def user_paths(message: str) -> str:
    """``message`` with every cached org-file copy named by the user's own path."""
    for cached, original in _ORIGINALS.items():
        message = message.replace(cached, original)
    return message


def redirect_org_file(args: list[str]) -> list[str]:
    """Rewrite ``org=PATH.yaml`` into a config-group choice Hydra can compose.

    The file is copied into a content-addressed folder ``<cache>/<hash>/org/<name>.yaml``
    that is added to Hydra's search path, so its fields can be overridden and swept
    like those of a built-in org.
    """
    out: list[str] = []
    extra: list[str] = []
    for arg in args:
        key, sep, value = arg.partition("=")
        if sep and key == "org" and _looks_like_path(value):
            path = Path(value).expanduser().resolve()
            try:
                root, stem = _cached_copy(path, read_org_file(path))
            except OSError as error:
                raise ConfigError(
                    f"org: cannot cache {path} in {_cache_dir()} ({error.strerror}); "
                    "set XDG_CACHE_HOME to a writable folder"
                ) from None
            out.append(f"org={hydra_quoted(stem)}")  # quoted: a file named inf.yaml or 1.yaml
            extra += [
                f"hydra.searchpath=[{hydra_quoted(f'file://{root}')}]",
                f"org_source={hydra_quoted(str(path))}",
            ]
        else:
            out.append(arg)
    return out + extra
