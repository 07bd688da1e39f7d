"""The direction of imports is a checked fact, not a convention.

    common  ◄──  identifiers, regulation  ◄──  stages  ◄──  pipeline  ◄──  cli, demo, dags

`common` imports nothing of outbound but itself; `identifiers` and `regulation` import `common`
(and regulation may use identifiers); a stage package imports those three and never another stage;
only `pipeline`, `cli`, `demo` and `dags` know the order of stages. Every import counts, also one
inside a function (a lazy import is still a dependency). Sizes are bounded too: no module over 400
lines, no function over 60.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "outbound"
FOUNDATION = {"common": {"common"}, "identifiers": {"common", "identifiers"},
              "regulation": {"common", "identifiers", "regulation"}}  # fmt: skip
STAGES = ("scanners", "classifiers", "fullpass", "warehouse", "expectations", "reports", "alerts")
ORCHESTRATION = ("pipeline", "sources", "cli", "demo")  # sources stage remote objects, then scan them


def _package_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else "outbound"


def _imported(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "outbound":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("outbound."))
    return found


def _allowed(package: str) -> set[str] | None:
    """The packages `package` may import; None: any."""
    if package in FOUNDATION:
        return FOUNDATION[package]
    if package in STAGES:
        return {"common", "identifiers", "regulation", package}
    return None


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_when_a_module_imports_then_only_downwards(path: Path) -> None:
    package = _package_of(path)
    allowed = _allowed(package)
    if allowed is None:
        return
    wrong = sorted(_imported(ast.parse(path.read_text(encoding="utf-8"))) - allowed)
    assert not wrong, f"{path.relative_to(ROOT)} ({package}) imports {wrong}; it may import only {sorted(allowed)}"


def test_when_the_layout_is_read_then_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(FOUNDATION) | set(STAGES) | set(ORCHESTRATION), packages


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_when_a_module_is_read_then_it_is_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= 60, f"{path.relative_to(ROOT)}:{node.lineno} {node.name} has {length} lines"
