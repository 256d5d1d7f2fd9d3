"""Issue #9: "a plotting package with one job per file ... no import cycle between results and
plots". Read from the source (the module-level imports, not those inside functions or under
``TYPE_CHECKING``): no module of ``qistats.plot`` imports a results module when it is loaded,
and the import graph of the package has no cycle that runs through ``qistats.plot``."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "qistats"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def loaded_imports(path: Path) -> set[str]:
    """The qistats modules ``path`` imports when it is loaded (top level, try and if blocks,
    but not function bodies nor ``if TYPE_CHECKING:``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(body):
        for node in body:
            if isinstance(node, ast.If):
                if not is_type_checking(node):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("qistats"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("qistats"):
                    continue
                for alias in node.names:  # from . import mdc: a submodule, not the package
                    sub = f"{target}.{alias.name}"
                    if (SRC / Path(*sub.split("."))).with_suffix(".py").exists():
                        found.add(sub)
                    else:
                        found.add(target)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    names = {module_name(p) for p in paths}
    return {module_name(p): loaded_imports(p) & names for p in paths}


def test_the_plot_modules_import_no_results_module_when_loaded():
    edges = graph()
    plots = [m for m in edges if m.startswith("qistats.plot")]
    assert len(plots) >= 10  # layout, MDC style, qicharts2 style, icons, ambition, formatting...
    results = {"qistats.result", "qistats._spc", "qistats.board", "qistats.funnel"}
    results |= {m for m in edges if m.startswith("qistats.ambition")}
    bad = {m: sorted(edges[m] & results) for m in plots if edges[m] & results}
    assert not bad, bad


def test_no_import_cycle_runs_through_the_plot_package():
    edges = graph()
    # every module reachable from each plot module by loaded imports; a cycle through a plot
    # module means it reaches itself
    for start in (m for m in edges if m.startswith("qistats.plot") and m != "qistats.plot"):
        seen, todo = set(), list(edges[start])
        while todo:
            m = todo.pop()
            if m in seen:
                continue
            seen.add(m)
            todo.extend(edges.get(m, ()))
        assert start not in seen, f"{start} imports itself through {sorted(seen)}"
        assert "qistats.result" not in seen, (start, sorted(seen))
