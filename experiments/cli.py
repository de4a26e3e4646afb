"""The ``orgsim`` console script.

Before handing over to Hydra it (1) lets ``org=`` name an org file anywhere on disk and
(2) composes and validates the config, so bad input ends in one line naming the field
and the fix, with exit status 2, before any output folder is made.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
from pathlib import Path

import yaml
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException
from omegaconf.errors import OmegaConfBaseException

from experiments.app import CONF_DIR, fail, hydra_job
from experiments.build import ConfigError, build_specs, check_run_settings

#: Flags after which Hydra does its own thing (help, config printing, shell completion).
PASS_THROUGH_FLAGS = (
    "-h",
    "--help",
    "--hydra-help",
    "--cfg",
    "-c",
    "--info",
    "-i",
    "--shell-completion",
    "-sc",
    "--resolve",
    "-p",
    "--package",
)

#: Launchers whose plugin comes with an optional extra: name -> (extra, modules it needs).
LAUNCHER_EXTRAS = {
    "slurm": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "submitit_slurm": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "submitit_local": ("slurm", ("hydra_plugins.hydra_submitit_launcher",)),
    "ray_cluster": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
    "ray": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
    "ray_aws": ("ray", ("hydra_plugins.hydra_ray_launcher", "ray")),
}


def check_launcher(args: list[str]) -> None:
    """ConfigError naming the extra to install when the chosen launcher's plugin is missing.

    Without it Hydra fails deep in composition with a page about search paths.
    """
    for arg in args:
        key, _, name = arg.partition("=")
        if key == "hydra/launcher" and name in LAUNCHER_EXTRAS:
            extra, modules = LAUNCHER_EXTRAS[name]
            if not all(importlib.util.find_spec(module) for module in modules):
                raise ConfigError(
                    f"hydra/launcher={name} needs the {extra} extra: pip install -e '.[{extra}]'"
                )


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


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def explain(error: BaseException) -> str:
    """One line naming the field and the fix, from a Hydra/OmegaConf composition error."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, OmegaConfBaseException):
            key = getattr(cause, "full_key", None) or ""
            message = _first_line(cause)
            text = message.lower()
            if "not in struct" in text or "not in '" in text or "key '" in text:
                missing = re.search(r"Key '([^']+)'", message)
                name = missing.group(1) if missing else key
                where = key or name
                return (
                    f"{where}: unknown key {name!r}; check the spelling against "
                    "docs/org-file.md or `orgsim --cfg job`"
                )
            if "missing mandatory value" in text:
                return f"{key}: a required value is missing; set it"
            return f"{key}: {message}; give a value of the right type"
        cause = cause.__cause__ or cause.__context__
    message = " ".join(str(error).split())
    missing = re.search(r"Could not find '([^'/]+)/([^']+)'", message)
    if missing:
        group, option = missing.groups()
        listed = re.search(r"Available options in '[^']+':(.*?)(Config search path|$)", message)
        options = ", ".join(listed.group(1).split()) if listed else "see conf/" + group
        return f"{group}: no config {option!r}; use one of {options}, or a path to a YAML file"
    return message


def _validation_overrides(args: list[str]) -> list[list[str]]:
    """Override lists to validate: sweeps are checked value by value."""
    plain = [a for a in args if not a.startswith("-") and not a.lstrip("+~").startswith("hydra")]
    searchpath = [a for a in args if a.startswith("hydra.searchpath=")]
    parsed = OverridesParser.create().parse_overrides(plain)
    choices: list[list[str]] = []
    for arg, override in zip(plain, parsed, strict=True):
        if override.is_sweep_override():
            values = list(override.sweep_string_iterator())
            choices.append([f"{override.get_key_element()}={v}" for v in values] or [arg])
        else:
            choices.append([arg])
    width = max((len(c) for c in choices), default=1)
    return [[c[min(i, len(c) - 1)] for c in choices] + searchpath for i in range(width)]


def validate(args: list[str]) -> None:
    """Compose and build the specs for ``args``; ConfigError on the first problem."""
    for overrides in _validation_overrides(args):
        GlobalHydra.instance().clear()
        try:
            with initialize_config_dir(config_dir=CONF_DIR, version_base="1.3"):
                cfg = compose(config_name="config", overrides=overrides)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{mark.name} line {mark.line + 1}" if mark is not None else "a config file"
            problem = getattr(error, "problem", None) or "invalid YAML"
            raise ConfigError(f"{where}: {problem}; fix the YAML syntax there") from None
        except (HydraException, OmegaConfBaseException, ValueError) as error:
            raise ConfigError(explain(error)) from None
        finally:
            GlobalHydra.instance().clear()
        check_run_settings(cfg)
        build_specs(cfg)


def main() -> None:
    """Entry point of the ``orgsim`` command."""
    args = sys.argv[1:]
    try:
        args = redirect_org_file(args)
        check_launcher(args)
        if not any(a.split("=")[0] in PASS_THROUGH_FLAGS for a in args):
            validate(args)
    except ConfigError as error:
        fail(str(error))
    sys.argv = [sys.argv[0], *args]
    hydra_job()


if __name__ == "__main__":
    main()
