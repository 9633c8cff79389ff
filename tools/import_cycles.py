"""List the import cycles between the rooms of verbinding and between its modules.

    uv run python tools/import_cycles.py

Exits 1 when there is any (tests/test_architecture.py runs it). Counts with grimp
(import-linter's graph library) the pairs of rooms (verbinding.web.<app or module>,
verbinding.<package>) that import each other in both directions, and the groups of
modules that reach each other through imports, lazy ones inside functions included.
"""

from __future__ import annotations

import grimp


def _room(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "web":  # each Django app (and web module) is a room
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def room_pairs(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    edges: set[tuple[str, str]] = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = _room(importer), _room(imported)
            if a != b and imported.startswith("verbinding"):
                edges.add((a, b))
    return sorted((a, b) for a, b in edges if (b, a) in edges and a < b)


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that each reach all the others through imports (a module's
    group is what it imports, directly or not, that also imports it back)."""
    groups: set[tuple[str, ...]] = set()
    for module in graph.modules:
        back = graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
        if back:
            groups.add(tuple(sorted(back | {module})))
    return sorted(list(group) for group in groups)


def main() -> int:
    graph = grimp.build_graph(
        "verbinding", cache_dir=None, exclude_type_checking_imports=True
    )
    pairs = room_pairs(graph)
    print(f"rooms importing each other both ways: {len(pairs)}")
    for a, b in pairs:
        print(f"  {a} <-> {b}")
    groups = module_cycles(graph)
    print(f"module cycles (strongly connected groups): {len(groups)}")
    for group in groups:
        print(f"  {len(group)} modules: " + ", ".join(group))
    return 1 if pairs or groups else 0


if __name__ == "__main__":
    raise SystemExit(main())
