"""The rule registry: every rule detect can emit is registered and documented, every documented
rule exists, severities are a closed set, and the config's overrides name registered rules."""

from __future__ import annotations

import pytest

from budgetwatch.config.settings import ConfigError, load_settings
from budgetwatch.contract.schema import SEVERITIES, Frames
from budgetwatch.detection import detect
from budgetwatch.detection.flagset import finish
from budgetwatch.detection.models import describe
from budgetwatch.detection.registry import RULES, Rule, documented, function, rule_doc, slug


def test_every_registered_rule_is_documented_and_every_documented_rule_exists():
    docs = documented()
    assert set(RULES) - set(docs) == set(), "registered but not in docs/rules.md"
    assert set(docs) - set(RULES) == set(), "documented in docs/rules.md but not registered"


def test_every_rule_function_resolves_and_its_severity_is_known():
    for entry in RULES.values():
        assert callable(function(entry)), entry.id
        assert entry.severity in SEVERITIES
        assert entry.anchor == slug(entry.id)


def test_severity_outside_the_closed_set_is_refused():
    with pytest.raises(ValueError, match="severity 'high'"):
        Rule("x", "x", "high", "rules_gates:name_flags", ("findings",))


def test_finish_refuses_an_unregistered_rule():
    import polars as pl

    with pytest.raises(KeyError, match="not in detection.registry"):
        finish(pl.DataFrame({"doc_id": ["a"]}), "no_such_rule")


def test_rule_doc_is_the_rules_section():
    text = rule_doc("yoy_claim")
    assert text.startswith("### `yoy_claim`")
    assert "### " not in text[4:]  # one section, not the next rule's
    assert rule_doc("no_such_rule") is None


def test_config_severities_are_validated(monkeypatch):
    monkeypatch.setenv("BUDGETWATCH__DETECTION__SEVERITIES", "{name_mismatch: high}")
    with pytest.raises(ConfigError, match="detection.severities.name_mismatch"):
        load_settings()
    monkeypatch.setenv("BUDGETWATCH__DETECTION__SEVERITIES", "{no_such_rule: info}")
    with pytest.raises(ConfigError, match="no_such_rule"):
        detect(Frames(), Frames().findings, {}, load_settings())


def test_forest_parameters_and_features_for_the_run_metadata():
    meta = describe(load_settings().detection)
    assert set(meta) == {r.id for r in RULES.values() if r.model}
    for entry in meta.values():
        assert {"n_estimators", "contamination", "max_samples", "random_state"} <= set(
            entry["parameters"]
        )
        assert entry["features"]


def test_defaults_live_in_defaults_yaml_only():
    # no field of the comparison and detection sections carries a default of its own
    from budgetwatch.config.settings import ComparisonSettings, DetectionSettings, ForestSettings

    for model in (ComparisonSettings, DetectionSettings, ForestSettings):
        with_default = [n for n, f in model.model_fields.items() if not f.is_required()]
        assert with_default == [], (model.__name__, with_default)
