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

import yaml

Loc = tuple[str | int, ...]

# Bounds for files written by people, so a hostile or broken file is a clear refusal
# instead of a hang, a MemoryError or a RecursionError: the largest shipped file is a few
# tens of kB; anchors are used a handful of times (a shared provenance), never thousands.
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
MAX_ALIASES = 100
MAX_NODES = 200_000  # after expanding aliases: what a reader of the data would walk


class _TooComplex(Exception):
    def __init__(self, line: int | None, reason: str) -> None:
        self.line = line
        self.reason = reason


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting and an alias limit (billion laughs)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # types-PyYAML leaves Parser.peek_event unannotated (it returns an Event).
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else None
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _TooComplex(line, f"meer dan {MAX_ALIASES} verwijzingen (*alias) "
                                        "(too many aliases)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooComplex(line, f"dieper genest dan {MAX_DEPTH} niveaus (nested too "
                                        "deeply)")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class YamlReadError(ValueError):
    """The file could not be read or parsed as YAML at all."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], budget: list[int]) -> None:
    """Record lines; refuse a key given twice (the second would silently win) and a
    document that expands (through aliases) to more than MAX_NODES nodes."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooComplex(node.start_mark.line + 1, "te groot na het uitvouwen van "
                          "verwijzingen (too large after expanding aliases)")
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen and key != "<<":
                raise _TooComplex(key_node.start_mark.line + 1,
                                  f"de sleutel '{key}' staat er twee keer (duplicate key)")
            seen.add(key)
            lines[(*loc, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*loc, key), lines, budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*loc, index), lines, budget)


def _read_text(path: Path) -> str:
    """At most MAX_BYTES of UTF-8: /dev/zero or a huge file is refused, not read whole."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise YamlReadError(path, None, "bestand niet gevonden (file not found)") from exc
    except OSError as exc:
        raise YamlReadError(path, None, f"kan het bestand niet lezen ({exc.strerror})") from exc
    if len(raw) > MAX_BYTES:
        raise YamlReadError(path, None, f"groter dan {MAX_BYTES // (1024 * 1024)} MB "
                                        "(file too large)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError(path, None, f"geen UTF-8-tekst ({exc.reason})") from exc


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Return the parsed document and a map from location to 1-based line number."""
    text = _read_text(path)
    loader = _BoundedLoader(text)
    lines: dict[Loc, int] = {}
    try:
        node = loader.get_single_node()
        if node is not None:  # checked before anything is built from it
            _walk(node, (), lines, [MAX_NODES])
        data = loader.construct_document(node) if node is not None else None
    except _TooComplex as exc:
        raise YamlReadError(path, exc.line, exc.reason) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = f"geen geldige YAML (invalid YAML): {exc.problem or exc.context}"
        raise YamlReadError(path, line, reason) from exc
    except yaml.YAMLError as exc:
        raise YamlReadError(path, None, f"geen geldige YAML (invalid YAML): {exc}") from exc
    finally:
        loader.dispose()
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
