"""Imports only point down the layers: `pipelines` (assembly) → `assets` → `checks` →
`runtime` (Dagster resource, partitions, pool, time zone) → `warehouse` (no Dagster).
`generator` stands beside `warehouse` and imports neither. Any import that points up,
any import of Dagster from `warehouse`, and any cycle between modules fails here.

Imports are read with `ast` from the source (also those inside functions), so the test
sees what a reader sees, without importing anything.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Higher rank may import lower rank (and its own package); never the other way round.
RANKS = {"pipelines": 5, "assets": 4, "checks": 3, "runtime": 2, "warehouse": 1, "generator": 1}
NO_DAGSTER = {"warehouse", "generator"}


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = module_name(root, path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from pkg import mod` imports the submodule pkg.mod when it exists
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names
                      if (root / Path(*f"{target}.{a.name}".split("."))).with_suffix(".py").exists()
                      or (root / Path(*f"{target}.{a.name}".split(".")) / "__init__.py").exists()]
    return found


def layer_violations(root: Path, ranks: dict = RANKS) -> list[str]:
    """Every upward import, Dagster import below `runtime`, and module cycle, as
    readable lines naming file, line and the offending import."""
    problems = []
    modules: dict[str, Path] = {}
    for package in ranks:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(root, path)] = path
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        here = mod.split(".")[0]
        for line, target in imports_of(root, path):
            top = target.split(".")[0]
            where = f"{path.relative_to(root)}:{line}"
            if top == "dagster" or top.startswith("dagster_"):
                if here in NO_DAGSTER:
                    problems.append(f"{where}: {here} imports {target}; it must not depend on Dagster")
                continue
            if top not in ranks:
                continue
            if top != here and ranks[top] >= ranks[here]:
                problems.append(f"{where}: {here} imports {target}, which is not a lower layer "
                                f"({' → '.join(sorted(ranks, key=lambda p: -ranks[p]))})")
            # a module's own ancestor packages are imported before it anyway: not an edge
            if target in modules and target != mod and not mod.startswith(target + "."):
                graph[mod].add(target)
    problems += [f"import cycle: {' → '.join(c)}" for c in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One representative cycle per strongly connected component with a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp) + [sorted(comp)[0]])

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_project_imports_point_only_down():
    problems = layer_violations(ROOT)
    assert not problems, "\n".join(problems)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    for package in RANKS:
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    return tmp_path


CLEAN = {
    "pipelines/definitions.py": "import assets\nfrom runtime.resources import R\n",
    "assets/core.py": "from checks import guard\nfrom runtime import POOL\nfrom warehouse import db\n",
    "checks/guard.py": "from runtime.resources import R\nfrom warehouse import db\n",
    "runtime/resources.py": "import dagster\nfrom warehouse import db\n",
    "warehouse/db.py": "import duckdb\n",
    "warehouse/models.py": "from . import db\n",
}


def test_a_clean_synthetic_tree_passes(tmp_path):
    assert layer_violations(_tree(tmp_path, CLEAN)) == []


@pytest.mark.parametrize("path, source, expected", [
    ("runtime/resources.py", "from pipelines.definitions import defs\n", "runtime imports pipelines.definitions"),
    ("checks/guard.py", "    # lazy\ndef f():\n    from assets import core\n", "checks imports assets"),
    ("assets/core.py", "import pipelines\n", "assets imports pipelines"),
    ("warehouse/db.py", "import dagster as dg\n", "warehouse imports dagster"),
    ("warehouse/db.py", "from runtime import POOL\n", "warehouse imports runtime"),
    ("warehouse/db.py", "from .models import x\n", "import cycle: warehouse.db → warehouse.models → warehouse.db"),
])
def test_an_upward_import_or_cycle_fails(tmp_path, path, source, expected):
    files = dict(CLEAN)
    files[path] = files.get(path, "") + source
    problems = layer_violations(_tree(tmp_path, files))
    assert any(expected in p for p in problems), problems
    if "cycle" not in expected:
        assert any(p.startswith(path) for p in problems), problems
