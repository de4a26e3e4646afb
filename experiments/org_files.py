"""Org files given by path: read, check, and cached where Hydra can compose them.

``org=PATH.yaml`` is rewritten into a config-group choice: the file is copied into a
content-addressed folder added to Hydra's search path, so its fields can be overridden
and swept like those of a shipped office.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import yaml

from orgsim.experiments.build import ConfigError


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orgsim" / "org-files"


def _looks_like_path(value: str) -> bool:
    return value.endswith((".yaml", ".yml")) or "/" in value or os.sep in value


def read_org_file(path: Path) -> str:
    """Read and parse-check an org file; ConfigError if it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"org: file {path} does not exist; check the path") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise ConfigError(f"org: cannot read {path} ({reason}); check the file") from None
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"org: {path} is not valid YAML{where}; fix its syntax (see docs/org-file.md)"
        ) from None
    if not isinstance(content, dict):
        raise ConfigError(f"org: {path} does not describe an office; see docs/org-file.md")
    return text


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
            text = read_org_file(path)
            digest = hashlib.sha256(text.encode()).hexdigest()[:16]
            root = _cache_dir() / digest
            stem = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)
            target = root / "org" / f"{stem}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_text(text, encoding="utf-8")
            out.append(f"org={stem}")
            extra += [f"hydra.searchpath=[file://{root}]", f"org_source={path}"]
        else:
            out.append(arg)
    return out + extra
