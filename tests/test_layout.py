"""The house rules ARCHITECTURE.md states, checked on the source: every module imports, no
module imports itself back through others, and no module takes another's private (`_name`)
names. The import graph is read with `ast`, so a cycle hidden inside a function counts too."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("auth", "data_loaders", "queries", "reports", "sample_data", "ui", "warehouse")
TOP_MODULES = ("cli", "formatting", "labels")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    found = {m: ROOT / f"{m}.py" for m in TOP_MODULES}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


SOURCES = _sources()


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module, names taken from it) for every import statement in the file, resolved to the
    project's own modules (`from ui import access` is the module ui.access)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for a in node.names:
                if f"{base}.{a.name}" in SOURCES:
                    out.append((f"{base}.{a.name}", []))
                else:
                    out.append((base, [a.name]))
    return [(m, names) for m, names in out if m in SOURCES]


def test_there_are_modules_to_check():
    assert len(SOURCES) > 40 and {"ui.session", "auth.accounts", "reports.briefing", "data_loaders.pipeline"} <= set(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_module_imports(name):
    importlib.import_module(name)


# The metric engine's package runs the engine (`frame`, `records`, `kpis`) in its __init__ and
# its modules call back into it from inside functions; lifting the engine into a module of its
# own is left for when `queries` is not being changed elsewhere. Only these two may close a loop.
KNOWN_CYCLES = {("queries", "queries.imports"), ("queries", "queries.scores")}


def test_no_import_cycles():
    graph = {m: sorted({i for i, _ in _imports(m, p)} - {m}) for m, p in SOURCES.items()}
    for a, b in KNOWN_CYCLES:
        graph[b] = [n for n in graph[b] if n != a]
    # A package's own __init__ is run by importing any of its modules: that edge is Python's,
    # not the code's, so only edges a file writes are followed.
    done, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in done:
            return
        stack.append(m)
        for n in graph[m]:
            visit(n)
        stack.pop()
        done.add(m)

    for m in graph:
        visit(m)
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# Files that are run rather than imported use the modules too: they must not reach inside them either.
USERS = {**SOURCES, **{f"pages.{p.stem}": p for p in (ROOT / "pages").glob("*.py")},
         **{p.stem: p for p in (ROOT / "app.py", ROOT / "serve.py")},
         **{f"bench.{p.stem}": p for p in (ROOT / "bench").glob("*.py")}}


def test_no_private_names_taken_from_other_modules():
    taken = []
    for m, path in USERS.items():
        imported = _imports(m, path)
        taken += [f"{m} imports {names} from {source}" for source, names in imported
                  if source != m and any(_private(n) for n in names)]
        # `ui.session._cached`, `access._state()`: a private name reached through a module
        modules = {source.rpartition(".")[2] if not names else None for source, names in imported} - {None}
        modules |= {source for source, names in imported if not names}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                owner = ast.unparse(node.value)
                if owner in modules and owner != m:
                    taken.append(f"{m} uses {owner}.{node.attr}")
    assert not taken, "\n".join(taken)
