"""YAML reading that remembers where every key and list entry sits in the file.

Instrument and content files are written by people; a fault must name the line to fix.
PyYAML keeps a mark on every node, so we compose the node tree once, construct plain
Python objects from it, and build next to them a map from location (as pydantic reports
it) to line number.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs in the locked dev deps

Loc = tuple[str | int, ...]


class YamlReadError(ValueError):
    """The file could not be read or parsed as YAML at all."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[(*loc, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*loc, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*loc, index), lines)


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Return the parsed document and a map from location to 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise YamlReadError(path, None, "bestand niet gevonden (file not found)") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlReadError(path, None, f"kan het bestand niet lezen ({exc})") from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = f"geen geldige YAML (invalid YAML): {exc.problem or exc.context}"
        raise YamlReadError(path, line, reason) from exc
    except yaml.YAMLError as exc:
        raise YamlReadError(path, None, f"geen geldige YAML (invalid YAML): {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def line_for(lines: dict[Loc, int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest known prefix of `loc` (pydantic locs may point below a leaf)."""
    key = tuple(str(p) if isinstance(p, str) else p for p in loc)
    for end in range(len(key), -1, -1):
        prefix = key[:end]
        if prefix in lines:
            return lines[prefix]
        as_text: Loc = tuple(str(p) for p in prefix)
        if as_text in lines:
            return lines[as_text]
    return None
