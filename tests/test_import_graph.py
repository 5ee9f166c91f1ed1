"""The project's own modules import each other without a circle, and only at the top.

The graph is read from the source (ast), not from what happens to be imported: every
`import` and `from ... import` of a module of advocacy/, prisoners/ or campaigns/ is an
edge. A circle is the design telling us a module owns two things (STYLE.md); an import
inside a function hides one, so it is refused too. The dependency direction of
DESIGN.md is checked as well: campaigns -> prisoners -> advocacy, with only the roof
(advocacy/urls.py and advocacy/views.py) importing the apps.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("advocacy", "prisoners", "campaigns")
# The roof wires both apps together; Django and Celery load the apps' signal modules
# and tasks by name at startup, which is not an import of ours.
ROOF = {"advocacy.urls", "advocacy.views"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


def imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement in `module` may refer to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".")
    if node.level:
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def edges(modules: dict[str, Path]) -> tuple[dict[str, set[str]], list[str]]:
    """The import graph, and the imports found inside functions or classes."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    nested = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        top_level = set(map(id, tree.body))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets = [t for t in imported(node, name, path.name == "__init__.py") if t in modules]
            graph[name].update(t for t in targets if t != name)
            if targets and id(node) not in top_level and not _in_type_checking(tree, node):
                nested.append(f"{name}:{node.lineno} imports {', '.join(targets)}")
    return graph, nested


def _in_type_checking(tree: ast.Module, node: ast.AST) -> bool:
    return any(
        isinstance(block, ast.If)
        and getattr(block.test, "id", "") == "TYPE_CHECKING"
        and node in list(ast.walk(block))
        for block in tree.body
    )


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another, directly or not."""
    reach = {node: reachable(graph, node) for node in graph}
    groups = {
        frozenset(n for n in reach[node] if node in reach[n]) | {node}
        for node in graph
        if node in reach[node]
    }
    return sorted(sorted(group) for group in groups)


@pytest.fixture(scope="module")
def graph():
    return edges(project_modules())


def test_no_import_circle_between_the_projects_modules(graph):
    assert cycles(graph[0]) == []


def test_no_import_inside_a_function_to_dodge_a_circle(graph):
    # AppConfig.ready() loading the app's signal receivers is Django's own recipe.
    allowed = {"campaigns.apps", "prisoners.apps"}
    assert [line for line in graph[1] if line.split(":")[0] not in allowed] == []


def test_the_dependency_direction_campaigns_prisoners_advocacy(graph):
    wrong = [
        f"{source} -> {target}"
        for source, targets in graph[0].items()
        for target in targets
        if _rank(target) > _rank(source) and source not in ROOF
    ]
    assert wrong == []


def _rank(module: str) -> int:
    return PACKAGES.index(module.split(".")[0])


def test_the_checker_finds_a_circle_and_a_nested_import(tmp_path):
    """The checker itself: a made-up pair of modules that import each other, one of them
    inside a function, is caught by both rules."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    source = "import os\n\ndef f():\n    from campaigns import models\n"
    tree = ast.parse(source)
    node = tree.body[1].body[0]
    assert imported(node, "campaigns.x", False)[0] == "campaigns"
    assert id(node) not in set(map(id, tree.body))


def test_bench_code_never_imports_tests():
    """The benchmarks stand on their own (bench/bootstrap.py, bench/smtp_sink.py)."""
    offending = []
    for path in (ROOT / "bench").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                imported(node, "bench.x", False)
                if isinstance(node, ast.Import | ast.ImportFrom)
                else []
            )
            offending += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "tests"]
    assert offending == []
