"""Reading YAML while keeping the line of every node, so errors can name a place.

Both content files and instrument files are written by people, not programs; a fault
must point at the line to fix. PyYAML keeps marks on nodes, so we build plain Python
objects and, next to them, a map from key path (as pydantic reports it) to line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class YamlFileError(ValueError):
    """The file could not be read as YAML at all."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        place = f"{path}:{line}" if line else str(path)
        super().__init__(f"{place}: {reason}")


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _walk(value_node, (*loc, key), lines)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*loc, index), lines)


def load_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Return the parsed document and a map from location to 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError(path, None, f"kan het bestand niet lezen ({exc})") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YamlFileError(path, line, f"geen geldige YAML: {exc.problem}") from exc
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def line_for(lines: dict[Loc, int], loc: Iterable[str | int]) -> int | None:
    """The line of the deepest known part of `loc` (pydantic may add model names)."""
    parts = tuple(loc)
    while parts:
        if parts in lines:
            return lines[parts]
        parts = parts[:-1]
    return lines.get(())
