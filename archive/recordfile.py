"""Reading one YAML record file: strict UTF-8, no duplicate keys, line numbers kept.

PyYAML quietly keeps the last of two equal keys; a human-edited archive must
not, so the node tree is walked first. The same tree gives each record's and
each field's line for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml

from .errors import RecordProblem


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader where built (10x faster), with dates and times left as text.

    PyYAML builds ``2018-02-30`` into a date while loading, and an impossible one fails
    there without file or line; left as text, the record schema's own parser reads it, with
    its precision, and names the field of a bad one."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[Any]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class ParsedFile:
    def __init__(self, path: Path, data: dict[str, Any], root: yaml.Node) -> None:
        self.path, self.data, self.root = path, data, root

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        """1-based line of the node at ``loc`` (keys and indexes), or of its nearest parent."""
        node: yaml.Node = self.root
        line = node.start_mark.line + 1
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        child = v
                        line = k.start_mark.line + 1
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


def _record_label(data: Any, loc: tuple[Any, ...], ident_fields: dict[str, str]) -> str | None:
    """``mission 'zq1-y1'`` for a location inside a record, from the raw data."""
    if len(loc) < 2 or loc[0] not in ident_fields or not isinstance(data, dict):
        return None
    items = data.get(loc[0])
    if not isinstance(items, list) or not isinstance(loc[1], int) or loc[1] >= len(items):
        return None
    item = items[loc[1]]
    ident = item.get(ident_fields[loc[0]]) if isinstance(item, dict) else None
    singular = loc[0][:-1] if loc[0] != "families" else "family"
    return f"{singular} '{ident}'" if isinstance(ident, str) else f"{loc[0]}[{loc[1]}]"


def _aliases(root: yaml.Node, path: Path) -> list[RecordProblem]:
    """Anchors used by aliases (``&p`` ... ``*p``), found on the node tree before anything is
    built from it. A record file writes each value out: an alias can make a few hundred bytes
    stand for billions of nodes, or for a structure that contains itself."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # the composer hands an alias back as its anchor's node
            line = node.start_mark.line + 1
            return [
                RecordProblem(
                    str(path),
                    line,
                    None,
                    None,
                    "YAML anchors and aliases (&name, *name) are not allowed in record files: "
                    f"the value anchored on line {line} is used again; write it out",
                )
            ]
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(x for pair in node.value for x in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return []


def _duplicate_keys(
    node: yaml.Node, path: Path, data: Any, ident_fields: dict[str, str]
) -> list[RecordProblem]:
    problems: list[RecordProblem] = []
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(node, ())]
    while stack:
        n, loc = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        inner = [*loc[2:], k.value]
                        field = "".join(
                            f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
                            for i, p in enumerate(inner)
                        )
                        problems.append(
                            RecordProblem(
                                str(path),
                                k.start_mark.line + 1,
                                _record_label(data, loc, ident_fields),
                                field if len(loc) >= 2 else k.value,
                                f"key given twice (first on line {seen[k.value]})",
                            )
                        )
                    seen[k.value] = k.start_mark.line + 1
                    stack.append((v, (*loc, k.value)))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((child, (*loc, i)) for i, child in enumerate(n.value))
    return problems


def read_record_file(
    path: Path, ident_fields: dict[str, str] | None = None
) -> tuple[ParsedFile | None, list[RecordProblem]]:
    """Parse one file; ``ident_fields`` maps a section to its records' identifying field."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [RecordProblem(name, None, None, None, f"cannot read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [RecordProblem(name, line, None, None, f"not UTF-8 text ({exc.reason})")]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = Loader(text)  # one parse: the node tree (lines) and the data built from it
        try:
            root = loader.get_single_node()
            aliased = [] if root is None else _aliases(root, path)
            if aliased:
                return None, aliased
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [RecordProblem(name, line, None, None, f"not valid YAML: {problem}")]
    if root is None or data is None:
        return None, [RecordProblem(name, None, None, None, "file is empty")]
    if not isinstance(data, dict):
        return None, [
            RecordProblem(name, 1, None, None, "expected a mapping of sections at the top")
        ]
    dup = _duplicate_keys(root, path, data, ident_fields or {})
    if dup:
        return None, dup
    return ParsedFile(path, data, root), []
