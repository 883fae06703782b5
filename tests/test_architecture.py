"""The import order of docs/architecture.md: data flows one way, so a package imports only
``config``, ``transforms.schema`` and the steps before it; ``flows`` and ``cli`` wire
everything. Every import is checked, module-level or inside a function."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["sources", "transforms", "expectations", "store", "comparison", "detection", "outputs"]
ALWAYS = ("config", "transforms.schema")
# synth writes inputs: a source, not a step; it reads the reader's catalogues and schema
EXTRA = {"synth": ("sources", "transforms")}
WIRING = ("flows", "cli")
PACKAGES = [*STEPS, "synth", "config", *WIRING]


def allowed(package: str, target: str) -> bool:
    """May code of ``package`` import ``budgetwatch.<target>``?"""
    top = target.split(".")[0]
    if package in WIRING or top == package:
        return True
    if any(target == a or target.startswith(a + ".") for a in ALWAYS):
        return True
    if package == "config":
        return False
    if package in EXTRA:
        return top in EXTRA[package]
    return top in STEPS and STEPS.index(top) < STEPS.index(package)


def project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module under budgetwatch) of every import of the project in a file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "budgetwatch":  # from budgetwatch import flows
                out += [(node.lineno, a.name) for a in node.names]
            elif node.module.startswith("budgetwatch."):
                out.append((node.lineno, node.module.removeprefix("budgetwatch.")))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name.removeprefix("budgetwatch."))
                    for a in node.names if a.name.startswith("budgetwatch.")]
    return out


def violations(package: str) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} imports budgetwatch.{target}"
            for path in sorted((ROOT / package).rglob("*.py"))
            for line, target in project_imports(path) if not allowed(package, target)]


def test_the_rule_itself():
    assert allowed("detection", "comparison.tables")
    assert allowed("detection", "transforms.schema") and allowed("sources", "transforms.schema")
    assert allowed("outputs", "config.settings") and allowed("cli", "flows.pipeline")
    assert not allowed("sources", "transforms.errors")
    assert not allowed("detection", "flows.core")
    assert not allowed("store", "outputs.summary")
    assert not allowed("synth", "detection")


def test_imports_are_found_at_any_depth(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("import os\nfrom budgetwatch import flows\n"
                 "def g():\n    from budgetwatch.store.parquet import Store\n"
                 "    import budgetwatch.cli.main\n", encoding="utf-8")
    assert project_imports(f) == [(2, "flows"), (4, "store.parquet"), (5, "cli.main")]


def test_every_package_is_listed():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert on_disk <= {*PACKAGES, "docs"}, on_disk - {*PACKAGES, "docs"}


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_earlier_steps(package):
    assert violations(package) == []
