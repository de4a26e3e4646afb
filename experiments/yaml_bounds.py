"""A YAML loader with bounds, for org files from anywhere: size, nesting depth, alias expansion.

A plain loader can be made to eat memory without limit by a kilobyte of nested aliases,
to overflow the stack by deep nesting, or to run for minutes on a huge file. Each bound
below is far above what an office needs (the largest shipped org file is 60 KB, some
10,000 nodes, nested 6 deep) and each refusal is one line naming the file and the limit.
Duplicate keys, which a plain loader silently resolves to the last, are refused too.
"""

from __future__ import annotations

from typing import Any

import yaml

from orgsim.experiments.build import ConfigError

#: Largest org file read, in bytes.
MAX_BYTES = 2_000_000
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 40
#: Most nodes once every alias is expanded (what Hydra would build in memory).
MAX_NODES = 100_000

_DOCS = "see docs/org-file.md, Limits"
#: libyaml's parser where PyYAML has it: a 2,000-person office parses in 0.1 s, not 0.9 s.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_events(text: str, name: str, parser: Any = yaml.SafeLoader) -> None:
    """Nesting depth, from the event stream (no recursion, so no stack to overflow)."""
    depth = 0
    for event in yaml.parse(text, Loader=parser):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise ConfigError(
                    f"org: {name} is nested more than {MAX_DEPTH} levels deep (line {line}); "
                    f"an office needs a handful, {_DOCS}"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _expanded_size(root: yaml.Node, name: str) -> int:
    """Nodes in the document once aliases are expanded, counted without expanding them."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if not children_done:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(c), 0) for c in children)
        if sizes[id(node)] > MAX_NODES:
            raise ConfigError(
                f"org: {name} expands to more than {MAX_NODES:,} values (aliases included); "
                f"write the office out without nested aliases, {_DOCS}"
            )
    return sizes[id(root)]


def _check_duplicates(root: yaml.Node, name: str) -> None:
    """Refuse a key given twice in one mapping: the earlier value would be lost silently."""
    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in keys:
                        raise ConfigError(
                            f"org: {name} line {key.start_mark.line + 1}: key {key.value!r} "
                            "is given twice in the same mapping; keep one"
                        )
                    keys.add(key.value)
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def load_bounded(text: str, name: str, size: int | None = None) -> Any:
    """Parse ``text`` (the contents of file ``name``) within the bounds; ConfigError if not."""
    size = len(text.encode()) if size is None else size
    if size > MAX_BYTES:
        raise ConfigError(
            f"org: {name} is {size:,} bytes, more than the {MAX_BYTES:,} an org file may have; "
            f"describe the office in a smaller file, {_DOCS}"
        )
    try:
        try:
            _check_events(text, name, _PARSER)
            root = yaml.compose(text, Loader=_PARSER)
        except yaml.YAMLError:  # libyaml refuses some files PyYAML reads, and says less why
            _check_events(text, name)
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            return None
        _expanded_size(root, name)
        _check_duplicates(root, name)
        return yaml.SafeLoader(text).construct_document(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"org: {name} is not valid YAML{where}; fix its syntax (see docs/org-file.md)"
        ) from None
