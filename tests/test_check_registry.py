"""The check registry: every check is declared once and documented, every documented check
exists, every builder resolves and emits only checks it declares, every config key a check
declares is in defaults.yaml and named in its docs section, and the suites judge exactly the
registered checks and kinds."""

from __future__ import annotations

import re

import pytest
import yaml

from budgetwatch.config.settings import DEFAULTS_FILE, load_settings
from budgetwatch.expectations.checks.registry import (
    CHECKS,
    KINDS,
    WARNING,
    Check,
    builder,
    builder_inputs,
    documented,
    setting,
    slug,
)
from budgetwatch.expectations.gx import load_suite_specs
from budgetwatch.expectations.residuals import build_rows
from tests.helpers import parsed_sample


def test_every_registered_check_is_documented_and_every_documented_check_exists():
    docs = documented()
    assert set(CHECKS) - set(docs) == set(), "registered but not in docs/checks.md"
    assert set(docs) - set(CHECKS) == set(), "documented in docs/checks.md but not registered"


def test_every_builder_resolves_with_known_inputs_and_anchors_are_slugs():
    for c in CHECKS.values():
        assert c.builders, c.id
        for b in c.builders:
            assert callable(builder(b)), b
            builder_inputs(b)  # raises on an input build_rows does not provide
        assert c.anchor == slug(c.id)


def test_declared_config_keys_exist_in_defaults_and_in_the_docs_section():
    settings, defaults, docs = (
        load_settings(),
        yaml.safe_load(DEFAULTS_FILE.read_text()),
        documented(),
    )
    for c in CHECKS.values():
        for key in c.config_keys:
            node = defaults
            for part in key.split("."):
                node = node[part]  # KeyError: declared but not in defaults.yaml
            assert setting(settings, key) == node
            assert f"`{key}`" in docs[c.id], (c.id, key)


def test_every_key_of_the_checks_section_is_declared_by_a_check():
    declared = {k for c in CHECKS.values() for k in c.config_keys}
    defaults = yaml.safe_load(DEFAULTS_FILE.read_text())["checks"]

    def keys(node, prefix):
        for k, v in node.items():
            yield from keys(v, f"{prefix}{k}.") if isinstance(v, dict) else [f"{prefix}{k}"]

    assert set(keys(defaults, "checks.")) <= declared


def test_suites_judge_the_registered_checks_and_kinds():
    specs = load_suite_specs()
    for spec in specs.values():
        grade = spec["meta"]["grade"]
        for e in spec["expectations"]:
            if grade == "blocking":
                assert CHECKS[e["meta"]["check_id"]].grade == "blocking"
    judged = {e["kwargs"]["column"] for e in specs["identities"]["expectations"]}
    assert judged == {f"excess_{k}" for k in KINDS}
    blocking_docs = {
        e["meta"]["check_id"]
        for s in specs.values()
        if s["meta"]["grade"] == "blocking"
        for e in s["expectations"]
    }
    assert blocking_docs == {i for i, c in CHECKS.items() if c.grade == "blocking"}


def test_builders_emit_only_the_checks_they_declare():
    rows = build_rows(parsed_sample(), load_settings())
    for check_id in rows["check_id"].unique():
        assert check_id in WARNING
    # the sample exercises every family
    families = {WARNING[i].family for i in rows["check_id"].unique()}
    assert families == {"within_table", "two_sided", "cross_table", "narrative", "projects"}


def test_an_invalid_entry_is_refused():
    with pytest.raises(ValueError, match="grade 'fatal'"):
        Check("Z1", "identity_break", "fatal", "within_table", "x", ("m:f",), "gates.x")
    with pytest.raises(ValueError, match="tolerance key"):
        Check("Z1", "identity_break", "warning", "within_table", "x", ("m:f",))
    assert re.fullmatch(r"[a-z0-9-]+", slug("X12n"))


def test_a_check_threshold_out_of_bounds_fails_at_load_naming_its_key(monkeypatch):
    from budgetwatch.config.settings import ConfigError

    # half a 万元 or more would let a rounded figure pass a real difference
    monkeypatch.setenv("BUDGETWATCH__CHECKS__NARRATIVE__WHOLE_WAN_TOLERANCE", "0.5")
    with pytest.raises(ConfigError, match="checks.narrative.whole_wan_tolerance"):
        load_settings()
    monkeypatch.setenv("BUDGETWATCH__CHECKS__NARRATIVE__WHOLE_WAN_TOLERANCE", "0.3")
    assert load_settings().checks.narrative.whole_wan_tolerance == 0.3
