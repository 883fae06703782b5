"""The import order of docs/architecture.md: data flows one way, so a package imports only
``contract``, ``config`` and the steps before it; ``flows`` and ``cli`` wire everything.
``contract`` is the bottom: it imports no other package. No exceptions. Every import is
checked, module-level or inside a function, and no package imports another's private
(``_``-prefixed) names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["sources", "transforms", "expectations", "store", "comparison", "detection", "outputs"]
ALWAYS = ("contract", "config")
# synth writes inputs: a source, not a step; it reads the reader's catalogues
EXTRA = {"synth": ("sources", "transforms")}
WIRING = ("flows", "cli")
PACKAGES = [*STEPS, "synth", "contract", "config", *WIRING]


def allowed(package: str, target: str) -> bool:
    """May code of ``package`` import ``budgetwatch.<target>``?"""
    top = target.split(".")[0]
    if package in WIRING or top == package:
        return True
    if package == "contract":
        return False
    if top == "contract":
        return True
    if package == "config":
        return False
    if top == "config":
        return True
    if package in EXTRA:
        return top in EXTRA[package]
    return top in STEPS and STEPS.index(top) < STEPS.index(package)


def project_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module under budgetwatch, names imported from it) of every import of the
    project in a file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "budgetwatch":  # from budgetwatch import flows
                out += [(node.lineno, a.name, []) for a in node.names]
            elif node.module.startswith("budgetwatch."):
                out.append(
                    (
                        node.lineno,
                        node.module.removeprefix("budgetwatch."),
                        [a.name for a in node.names],
                    )
                )
        elif isinstance(node, ast.Import):
            out += [
                (node.lineno, a.name.removeprefix("budgetwatch."), [])
                for a in node.names
                if a.name.startswith("budgetwatch.")
            ]
    return out


def violations(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, target, names in project_imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports budgetwatch.{target}"
            if not allowed(package, target):
                out.append(where)
            elif target.split(".")[0] != package:
                out += [f"{where}.{n} (private)" for n in names if n.startswith("_")]
    return out


def test_the_rule_itself():
    assert allowed("detection", "comparison.tables")
    assert allowed("detection", "contract.schema") and allowed("sources", "contract.stored")
    assert allowed("config", "contract.tables") and allowed("synth", "contract.schema")
    assert allowed("outputs", "config.settings") and allowed("cli", "flows.pipeline")
    assert not allowed("contract", "config.settings") and not allowed("contract", "transforms")
    assert not allowed("config", "transforms.tables")
    assert not allowed("sources", "transforms.schema") and not allowed("sources", "transforms")
    assert not allowed("detection", "flows.core")
    assert not allowed("store", "outputs.summary")
    assert not allowed("synth", "detection")


def test_imports_are_found_at_any_depth(tmp_path):
    f = tmp_path / "m.py"
    f.write_text(
        "import os\nfrom budgetwatch import flows\n"
        "def g():\n    from budgetwatch.store.parquet import Store\n"
        "    import budgetwatch.cli.main\n",
        encoding="utf-8",
    )
    assert project_imports(f) == [
        (2, "flows", []),
        (4, "store.parquet", ["Store"]),
        (5, "cli.main", []),
    ]


def test_a_private_name_of_another_package_is_a_violation(tmp_path, monkeypatch):
    pkg = tmp_path / "detection"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "from budgetwatch.comparison.peers import _helper, public\n"
        "from budgetwatch.detection.flagset import _own\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert violations("detection") == [
        "detection/m.py:1 imports budgetwatch.comparison.peers._helper (private)"
    ]


def test_every_stored_table_has_a_schema_of_the_contract():
    from budgetwatch.contract import schema, stored
    from budgetwatch.store import DERIVED_TABLES, DOC_TABLES, MANIFEST

    declared = [v for m in (schema, stored) for v in vars(m).values() if isinstance(v, dict)]
    for name, table in {**DOC_TABLES, **DERIVED_TABLES, "manifest": MANIFEST}.items():
        assert any(table is d for d in declared), name


def test_every_package_is_listed():
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert on_disk <= {*PACKAGES, "docs"}, on_disk - {*PACKAGES, "docs"}


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_earlier_steps(package):
    assert violations(package) == []


def test_no_test_module_imports_another():
    """Shared test code lives in tests/helpers.py (and the data modules beside it), so that
    importing one test module never collects or re-runs another's fixtures."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = (
                [node.module]
                if isinstance(node, ast.ImportFrom) and node.module
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            found += [
                f"{path.name}:{node.lineno} imports {n}"
                for n in names
                if n.startswith(("tests.test_", "tests.conftest"))
            ]
    assert found == []
