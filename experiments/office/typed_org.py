"""An org file's content as the typed schema objects, built directly from plain values.

``orgsim.experiments.build.typed`` merges a config into the schema with OmegaConf, which
takes seconds for a large office; a conversion that already knows its values are plain
YAML scalars, lists and mappings builds the same objects field by field from the schema's
type hints in milliseconds. Content with interpolations (``${...}``) or of a shape the
schema does not have goes through OmegaConf as before.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from omegaconf import OmegaConf

from orgsim.experiments import schema
from orgsim.experiments.build import typed


class _Unsupported(Exception):
    """A value this builder leaves to OmegaConf."""


def _without_none(hint: Any) -> tuple[Any, bool]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [a for a in typing.get_args(hint) if a is not type(None)]
        return (rest[0] if len(rest) == 1 else Any), True
    return hint, False


def _build(value: Any, hint: Any) -> Any:
    hint, optional = _without_none(hint)
    if value is None:
        if optional or hint is Any:
            return None
        raise _Unsupported
    if isinstance(value, str) and "${" in value:
        raise _Unsupported
    if hint is Any:
        return value
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise _Unsupported
        hints = typing.get_type_hints(hint)
        if any(k not in hints for k in value):
            raise _Unsupported
        built = hint(**{k: _build(v, hints[k]) for k, v in value.items()})  # type: ignore[operator]
        missing = [f.name for f in dataclasses.fields(hint) if getattr(built, f.name) == "???"]
        if missing:
            raise _Unsupported
        return built
    origin = typing.get_origin(hint)
    if origin is dict:
        if not isinstance(value, dict):
            raise _Unsupported
        item = typing.get_args(hint)[1]
        return {str(k): _build(v, item) for k, v in value.items()}
    if origin is list:
        if not isinstance(value, list):
            raise _Unsupported
        item = typing.get_args(hint)[0]
        return [_build(v, item) for v in value]
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is bool and isinstance(value, bool):
        return value
    if hint is str and isinstance(value, str):
        return value
    raise _Unsupported


def typed_org(content: dict[str, Any]) -> schema.Config:
    """The run config of an office given as plain org-file content (``{"org": content}``)."""
    try:
        org = _build(content, schema.OrgConfig)
    except _Unsupported:
        return typed(OmegaConf.create({"org": content}))
    return schema.Config(org=org)
