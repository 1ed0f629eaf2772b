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
TOP_MODULES = ("cli", "formatting", "labels", "preload")


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


# ---- the tests' own rules (issue 13) -------------------------------------------------------------

TESTS = ROOT / "tests"
TEST_MODULES = sorted(TESTS.glob("test_*.py"))


def _test_imports(path: Path) -> list[str]:
    """The modules a test file imports (`from tests import test_x` counts as tests.test_x)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:  # `from . import test_x`
            found += [f"tests.{a.name}" for a in node.names]
    return found


def test_there_are_test_modules_to_check():
    assert len(TEST_MODULES) > 40 and TESTS / "test_layout.py" in TEST_MODULES


def test_no_test_module_imports_another():
    """Shared data and helpers live in conftest.py (fixtures, helpers) or a module of their own
    (tests/province.py …): importing a test module runs its collection-time code and ties two
    modules' tests together."""
    names = {f"tests.{p.stem}" for p in TEST_MODULES} | {p.stem for p in TEST_MODULES}
    taken = [f"{p.name} imports {m}" for p in TEST_MODULES for m in _test_imports(p) if m in names]
    assert not taken, "\n".join(taken)
    # the check reads imports: it sees the ones every module has
    assert all("tests.conftest" in _test_imports(p) for p in (TESTS / "test_import.py", TESTS / "test_undo.py"))


def _calls_sleep(path: Path) -> list[int]:
    """Lines calling time.sleep (as `time.sleep`, or a name imported from time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "time"
               for a in n.names if a.name == "sleep"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Attribute) and f.attr == "sleep" and ast.unparse(f.value) == "time") or \
                    (isinstance(f, ast.Name) and f.id in aliases):
                lines.append(node.lineno)
    return lines


def test_no_test_module_sleeps():
    """A test waits for the condition it needs (conftest.wait_until looks at it until it holds, or a
    browser wait), never for time to pass: a sleep is too short on a loaded CI runner and too long
    everywhere else. The polling helpers (conftest.wait_until, pgserver's wait_for) are the only sleeps."""
    found = [f"{p.name}:{line}" for p in TEST_MODULES for line in _calls_sleep(p)]
    assert not found, found
    # the check sees a sleep where there is one: the one in conftest's polling helper
    assert _calls_sleep(TESTS / "conftest.py")


@pytest.mark.parametrize("bench", ["browser.py", "map.py"])
def test_the_benchmarks_click_pages_by_their_current_titles(bench):
    """A benchmark finds a page by its title in the navigation: a renamed page must not leave it
    waiting for a link that is gone (bench/browser.py did, for the renamed on-time page)."""
    tree = ast.parse((ROOT / "bench" / bench).read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(node.value) for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and any(getattr(t, "id", None) == "PAGES" for t in node.targets))
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert pages and all(f'"{name}.py", title=ui.tr("{title}"' in app for name, title in pages.items()), pages
