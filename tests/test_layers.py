"""The architecture holds: one-way layers, no import cycles, modules of a readable size.

Every module's imports are read with `ast` (module level, inside functions, and under
TYPE_CHECKING alike: a cycle for the type checker is a cycle for the reader too).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nyttonb"

LEAVES = {"nyttonb", "nyttonb.errors", "nyttonb.atomic", "nyttonb.deferred_imports"}
"""Shared by every layer: the package root (its version), errors, atomic writes, start-up."""

MAY_IMPORT = {
    "core": {"core"},
    "casefile": {"core", "casefile"},
    "present": {"core", "present"},
    "notebook": {"core", "casefile", "present", "notebook", "portfolio"},
    "batch": {"core", "casefile", "present", "batch", "workbook", "portfolio"},
    "workbook": {"core", "casefile", "workbook"},
    "portfolio": {"core", "casefile", "present", "portfolio"},
}
"""Which nyttonb layers each layer may import (besides `LEAVES`). cli imports anything."""

CORE_THIRD_PARTY = {"numpy"}
HEAVY = ("pandas", "altair", "papermill", "nbconvert", "nbclient", "ipywidgets", "jupyter_client")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> Iterator[str]:
    """Every module `path` imports, absolute, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module_name(path) if path.name == "__init__.py" else package
                for _ in range(node.level - 1):
                    anchor = anchor.rsplit(".", 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            yield base
            known = modules()
            for alias in node.names:  # `from nyttonb.present import charts` imports a module
                if f"{base}.{alias.name}" in known:
                    yield f"{base}.{alias.name}"


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in MAY_IMPORT else None


def internal_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {target for target in imports(path) if target in known and target != name}
        for name, path in known.items()
    }


@pytest.mark.parametrize("name", sorted(modules()))
def test_layer_imports_only_what_it_may(name: str) -> None:
    own = layer(name)
    if own is None:
        return
    path = modules()[name]
    for target in imports(path):
        if target.startswith("nyttonb"):
            if target in LEAVES or target.split(".")[0] != "nyttonb":
                continue
            assert layer(target) in MAY_IMPORT[own], (
                f"{name} ({own}) imports {target}: {own} may import only "
                f"{sorted(MAY_IMPORT[own])} and {sorted(LEAVES)}"
            )
        elif own == "core":
            top = target.split(".")[0]
            assert top in CORE_THIRD_PARTY or top in sys.stdlib_module_names, (
                f"{name} is core and imports {target}: core uses numpy and the standard library"
            )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in `graph` as a path that ends where it starts, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target == "nyttonb":
                continue  # the root's lazy API imports nothing at import time
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if state.get(target) is None and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(internal_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_find_cycle_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_module_outgrows_the_house_limit() -> None:
    too_long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not too_long, f"split these modules (STYLE.md: split before ~500 lines): {too_long}"


def test_every_subpackage_says_what_it_may_import() -> None:
    for sub in MAY_IMPORT:
        doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text()))
        assert doc and "May import" in doc, f"nyttonb/{sub}/__init__.py needs its rules"


def test_importing_the_core_loads_no_heavy_library() -> None:
    names = ", ".join(n for n in modules() if n.startswith("nyttonb.core"))
    code = (
        f"import sys, importlib; [importlib.import_module(m) for m in '{names}'.split(', ')]; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
