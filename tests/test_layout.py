"""The package layout README's "How it works" declares is the one the code has.

Each row of README's package table says what a package may import; every import in its modules (at the top or
inside a function: a lazy import is still a dependency) must be among those. And no two modules import each
other at load time, directly or around a circle.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "analyzer"
EVERYWHERE = {"_version"}  # the version string: a constant anyone may print
ROW = re.compile(r"^\| (`analyzer/[^|]+) \| [^|]+ \| ([^|]+) \|$", re.M)


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


MODULES = _module_names()


def _imports(name: str, path: Path) -> Iterator[tuple[str, bool]]:
    """(imported analyzer module, imported at load time) for each import in the module."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]

    def target(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
            return
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        for alias in node.names:
            yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base

    def walk(nodes: list[ast.stmt], at_load: bool) -> Iterator[tuple[str, bool]]:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for module in target(node):
                    while module and module not in MODULES:
                        module = module.rpartition(".")[0]
                    if module.startswith("analyzer"):
                        yield module, at_load
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue  # annotations only
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(node.body, False)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(node, field, None)
                    if isinstance(inner, list):
                        yield from walk(inner, at_load)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")).body, True)


def _top(module: str) -> str:
    """`analyzer.extract.formats.pdf` -> `extract`; `analyzer.sketch` -> `sketch`."""
    return module.split(".")[1] if "." in module else module


def _declared() -> list[tuple[set[str], set[str] | None]]:
    """README's rows: (top-level names the row is about, what they may import, or None for "everything")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = []
    for about, allowed in ROW.findall(readme):
        names = {re.sub(r"^analyzer/|/$|\.py$", "", n) for n in re.findall(r"`([^`]+)`", about)}
        if "everything" in allowed or "every stage" in allowed:
            rows.append((names, None))
        else:
            rows.append((names, {n.split(".")[0] for n in re.findall(r"`([^`]+)`", allowed)}))
    return rows


def test_readme_declares_what_each_package_may_import() -> None:
    rows = _declared()
    assert len(rows) >= 14, "README's package table was not found"
    covered = {name for names, _ in rows for name in names}
    for stage in ("text", "discover", "extract", "segment", "align", "dialect", "detect", "report", "run"):
        assert stage in covered


def test_every_import_is_one_the_readme_allows() -> None:
    wrong = []
    for names, allowed in _declared():
        if allowed is None:
            continue
        for name, path in MODULES.items():
            if _top(name) not in names:
                continue
            for module, _ in _imports(name, path):
                other = _top(module)
                if other != _top(name) and other not in allowed | EVERYWHERE:
                    wrong.append(f"{name} imports {module}")
    assert wrong == []


def test_no_import_circle_at_load_time() -> None:
    edges = {name: {m for m, at_load in _imports(name, path) if at_load} for name, path in MODULES.items()}
    circles = []
    for start in edges:  # a path back to the start through load-time imports
        seen, stack = set(), [(start, (start,))]
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt == start and not start.startswith(f"{node}."):
                    circles.append(" -> ".join((*trail, start)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*trail, nxt)))
    assert circles == []


def test_no_stage_imports_the_run_package_or_the_command_line() -> None:
    outer = {"run", "commands", "cli"}
    inner = {"text", "discover", "sketch", "extract", "ocr", "segment", "align", "dialect", "detect", "timeline"}
    wrong = [
        f"{name} imports {module}"
        for name, path in MODULES.items()
        if _top(name) in inner
        for module, _ in _imports(name, path)
        if _top(module) in outer
    ]
    assert wrong == []
