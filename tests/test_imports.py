"""The package's import graph runs one way: no module imports, directly or through others, a
module that imports it back, and each layer imports only the layers below it. Read from the
source (every import, including those inside functions and under TYPE_CHECKING), so a loop
cannot hide in an import placed inside a function."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import casecards

PACKAGE = Path(casecards.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # "from casecards.deck import cloze" imports a module; "... import Deck" a name.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        yield from (t for t in targets if t in MODULES and t != name)


GRAPH = {name: set(_imports(name, path)) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# The floors of the package, lowest first: a module imports its own floor or the floors below.
FLOORS = (
    {
        "casecards",
        "i18n",
        "errors",
        "text",
        "paths",
        "markup",
        "media",
        "scheduler",
        "lexicon",
        "settings",
        "fsrs_scheduler",
        "editor",
    },
    {"deck"},  # the YAML format
    {"cards", "matching"},  # notes -> cards; typed answers compared
    {"cardtext", "grading", "store"},
    {
        "library",
        "session",
        "undo",
        "backup",
        "export",
        "custom_study",
        "authoring",
        "preview",
    },
    {"search", "statistics", "doctor", "optimize"},
    {"tui"},
    {"cli", "__main__"},
)


def _floor(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    return next(n for n, floor in enumerate(FLOORS) if top in floor)


def test_the_graph_is_read_from_the_source() -> None:
    assert "casecards.deck.cloze" in GRAPH["casecards.deck.loader"]
    assert "casecards.cards" in GRAPH["casecards.cardtext"]
    assert "casecards.tui.screens.study" in GRAPH["casecards.tui.app"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_itself_back() -> None:
    assert _cycles(GRAPH) == []


def test_every_module_sits_on_a_floor_and_imports_only_downward() -> None:
    upward = [
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if _floor(target) > _floor(name)
    ]
    assert upward == []


def test_only_the_tui_imports_textual_and_no_module_takes_anothers_private_names() -> None:
    textual, private = [], []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
                private += [
                    f"{name}: {node.module}.{alias.name}"
                    for alias in node.names
                    # "_" is gettext's name for "translate", public by convention.
                    if alias.name.startswith("_")
                    and not alias.name.startswith("__")
                    and alias.name != "_"
                ]
            else:
                continue
            if any(m.split(".")[0] == "textual" for m in modules) and ".tui" not in name:
                textual.append(name)
    assert textual == []
    assert private == []
