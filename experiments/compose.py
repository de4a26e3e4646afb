"""Compose a config with Hydra's Compose API, turning its errors into one-line ConfigErrors.

Used by the command line (to validate before any output folder exists), by the Python
API and by the tests: the config they get is the one ``orgsim`` would run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import HydraException
from omegaconf import DictConfig, open_dict
from omegaconf.errors import OmegaConfBaseException

from orgsim.experiments.build import ConfigError
from orgsim.experiments.compose_once import CONFIG_NAME
from orgsim.experiments.org_files import user_paths
from orgsim.experiments.paths import CONF_DIR
from orgsim.experiments.schema import maps_names_to_records, register


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def explain(error: BaseException) -> str:
    """One line naming the field and the fix, from a Hydra/OmegaConf composition error."""
    cause: BaseException | None = error
    override = re.search(r"Error merging override (.+)", _first_line(error))
    while cause is not None:
        if isinstance(cause, OmegaConfBaseException):
            key = getattr(cause, "full_key", None) or ""
            message = _first_line(cause)
            text = message.lower()
            if "not in struct" in text or "not in '" in text or "key '" in text:
                missing = re.search(r"Key '([^']+)'", message)
                name = missing.group(1) if missing else key
                where = key or name
                listing = (
                    "`orgsim --cfg hydra`"
                    if where.startswith("hydra")
                    else ("docs/org-file.md or `orgsim --cfg job`")
                )
                return (
                    f"{where}: unknown key {name!r}; check the spelling against {listing}, "
                    f"or add a new entry by name with {_adding(where)}"
                )
            if "is not a subclass of" in text and override:
                return _new_entry(override.group(1), key)
            if "missing mandatory value" in text:
                return f"{key}: a required value is missing; set it"
            if "cannot merge" in text:
                return f"{key or 'config'}: {_shapes(message)}"
            return f"{key}: {message}; give a value of the right type"
        cause = cause.__cause__ or cause.__context__
    message = " ".join(str(error).split())
    missing = re.search(r"Could not find '([^']+)/([^'/]*)'", message)
    if missing:
        group, option = missing.groups()
        listed = re.search(r"Available options in '[^']+':(.*?)(Config search path|$)", message)
        options = ", ".join(listed.group(1).split()) if listed else "see conf/" + group
        path = ", or a path to a YAML file" if group == "org" else ""
        problem = f"no config {option!r}" if option else "no config named"
        return f"{group}: {problem}; use one of {options}{path}"
    return message


def _adding(where: str) -> str:
    """How to add the entry ``where`` from the command line."""
    parent, _, name = where.rpartition(".")
    if maps_names_to_records(parent):
        return f"++{parent}={{{name}: {{...}}}} (the whole entry, fields as in the org file)"
    return f"+{where}=VALUE"


def _new_entry(override: str, name: str) -> str:
    """One line for a record (a person, a structure...) added field by field or by name.

    Hydra cannot make a typed entry from ``+org.staff.zhao.section=A`` or
    ``+org.staff.zhao={section: A}``; a merge of the mapping, ``++org.staff={zhao: {...}}``,
    can. The line names the entry and writes the override that works.
    """
    key, _, value = override.lstrip("+").partition("=")
    segments = key.split(".")
    if name not in segments:
        return f"{key}: a new entry must be added whole; write ++PARENT={{{name}: {{...}}}}"
    at = segments.index(name)
    parent, fields = ".".join(segments[:at]), segments[at + 1 :]
    entry = value
    for field_name in reversed(fields):
        entry = f"{{{field_name}: {entry}}}"
    if not entry.startswith("{"):
        entry = "{...}"
    return (
        f"{parent}.{name}: a new entry is added whole, not by name or field by field; "
        f"write ++{parent}={{{name}: {entry}}} (in the shell, in quotes)"
    )


def _merge_failure(error: BaseException) -> str:
    """One line for an OmegaConf merge that failed with a plain Python error."""
    found = re.search(r"full_key: (\S+)", str(error))
    key = found.group(1) if found else "config"
    return (
        f"{key}: cannot set fields of a setting that is null (unset) in the office; "
        f"give it in the org file, e.g. {key.rpartition('.')[2]}: {{mean: 0.5}}"
    )


def _shapes(message: str) -> str:
    """A merge of a list into a mapping (or the reverse) said in the words of the org file."""
    if re.search(r"merge DictConfig with ListConfig", message):
        return "a list where a mapping belongs; write it as name: value pairs, e.g. {a: 1.0}"
    if re.search(r"merge ListConfig with DictConfig", message):
        return "a mapping where a list belongs; write it as a list, e.g. [a, b]"
    return f"{message}; give a value of the right shape"


def compose_config(overrides: list[str], with_hydra: bool = False) -> DictConfig:
    """The config ``orgsim`` would run with ``overrides``; ConfigError when it cannot compose.

    ``with_hydra`` keeps Hydra's own node (``hydra``), so that Hydra can run the config
    as it is (see :mod:`orgsim.experiments.compose_once`); :func:`job_part` hides it.
    """
    register()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=CONF_DIR, version_base="1.3"):
            return compose(
                config_name=CONFIG_NAME, overrides=overrides, return_hydra_config=with_hydra
            )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{mark.name} line {mark.line + 1}" if mark is not None else "a config file"
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ConfigError(user_paths(f"{where}: {problem}; fix the YAML syntax there")) from None
    except (HydraException, OmegaConfBaseException, ValueError) as error:
        raise ConfigError(user_paths(explain(error))) from None
    except (AttributeError, KeyError, TypeError) as error:  # raised inside OmegaConf's merge
        raise ConfigError(user_paths(_merge_failure(error))) from None
    finally:
        GlobalHydra.instance().clear()


@contextmanager
def job_part(cfg: DictConfig) -> Iterator[DictConfig]:
    """``cfg`` without Hydra's node while the block runs: the config the job will get.

    The node is taken out and put back rather than the config copied: a large office's
    config takes a quarter of a second to copy.
    """
    if "hydra" not in cfg:
        yield cfg
        return
    hydra = cfg.hydra
    with open_dict(cfg):
        del cfg["hydra"]
    try:
        yield cfg
    finally:
        with open_dict(cfg):
            cfg["hydra"] = hydra
