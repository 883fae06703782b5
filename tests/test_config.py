"""Config loading: defaults.yaml, a user file merged over it, the environment over both, flags
over all; an invalid value fails at load naming its key."""

from __future__ import annotations

import os

import pytest
import yaml
from pydantic import BaseModel

from budgetwatch.config.settings import DEFAULTS_FILE, ConfigError, Settings, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in os.environ:
        if name.startswith("BUDGETWATCH"):
            monkeypatch.delenv(name)


@pytest.fixture
def user_file(tmp_path, monkeypatch):
    """Writes a user config and points BUDGETWATCH_CONFIG at it."""

    def write(tree: dict):
        path = tmp_path / "mine.yaml"
        path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        monkeypatch.setenv("BUDGETWATCH_CONFIG", str(path))
        return path

    return write


DEFAULTS = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))


def test_the_defaults_load_as_written():
    s = load_settings()
    assert s.pipeline.workers == DEFAULTS["pipeline"]["workers"]
    assert s.comparison.peer_tables == DEFAULTS["comparison"]["peer_tables"]
    assert s.detection.forests.projects.contamination == 0.05


def test_a_user_file_is_merged_over_the_defaults_not_instead(user_file):
    user_file(
        {"pipeline": {"workers": 5}, "detection": {"forests": {"projects": {"n_estimators": 7}}}}
    )
    s = load_settings()
    assert s.pipeline.workers == 5
    assert s.pipeline.batch_size == DEFAULTS["pipeline"]["batch_size"]  # from the defaults
    assert s.detection.forests.projects.n_estimators == 7
    assert s.detection.forests.projects.contamination == 0.05  # sibling keys kept
    defaults = DEFAULTS["detection"]["forests"]["line_items"]
    assert s.detection.forests.line_items.n_estimators == defaults["n_estimators"]  # untouched


def test_environment_over_the_file_and_flags_over_both(user_file, monkeypatch):
    user_file({"pipeline": {"workers": 5, "batch_size": 9}})
    monkeypatch.setenv("BUDGETWATCH__PIPELINE__WORKERS", "7")
    monkeypatch.setenv("BUDGETWATCH__PIPELINE__BATCH_SIZE", "11")
    s = load_settings(overrides={"pipeline.batch_size": 13, "pipeline.region": None})
    assert (s.pipeline.workers, s.pipeline.batch_size) == (7, 13)


def test_environment_values_are_yaml_and_nested_keys_reach_any_depth(monkeypatch):
    monkeypatch.setenv("BUDGETWATCH__SCHEDULE__CRON", "*/5 * * * *")  # not YAML: kept as text
    monkeypatch.setenv("BUDGETWATCH__COMPARISON__PEER_TABLES", "[expenditure_summary]")
    monkeypatch.setenv("BUDGETWATCH__DETECTION__SEVERITIES", "{name_mismatch: info}")
    monkeypatch.setenv("BUDGETWATCH__DETECTION__FORESTS__INDICATORS__MAX_SAMPLES", "64")
    s = load_settings()
    assert s.schedule.cron == "*/5 * * * *"
    assert s.comparison.peer_tables == ["expenditure_summary"]
    assert s.detection.severities == {"name_mismatch": "info"}
    assert s.detection.forests.indicators.max_samples == 64


def test_an_explicit_path_is_merged_like_the_environment_one(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("gates:\n  core_tables: [expenditure_summary]\n", encoding="utf-8")
    s = load_settings(path)
    assert s.gates.core_tables == ["expenditure_summary"]
    assert s.gates.tolerance_per_term_wan == DEFAULTS["gates"]["tolerance_per_term_wan"]


@pytest.mark.parametrize(
    ("tree", "key", "words"),
    [
        (
            {"detection": {"severities": {"name_mismatch": "high"}}},
            "detection.severities.name_mismatch",
            "'critical', 'warning' or 'info'",
        ),
        (
            {"comparison": {"peer_tables": ["expenditure_summary", "expenditure_sumary"]}},
            "comparison.peer_tables.1",
            "unknown table id 'expenditure_sumary'",
        ),
        (
            {"gates": {"core_tables": ["income_expenditure"]}},
            "gates.core_tables.0",
            "unknown table id 'income_expenditure'",
        ),
        (
            {"detection": {"peer_outlier_tables": ["three_public"]}},
            "detection.peer_outlier_tables.0",
            "unknown table id 'three_public'",
        ),
        (
            {"detection": {"forests": {"projects": {"max_samples": 1.5}}}},
            "detection.forests.projects",
            "'max_samples' parameter of IsolationForest",
        ),
        (
            {"detection": {"forests": {"line_items": {"contamination": 0.7}}}},
            "detection.forests.line_items",
            "'contamination' parameter of IsolationForest",
        ),
        (
            {"detection": {"forests": {"indicators": {"n_estimators": 0}}}},
            "detection.forests.indicators.n_estimators",
            "greater than 0",
        ),
        ({"pipeline": {"wokers": 2}}, "pipeline.wokers", "Extra inputs are not permitted"),
    ],
)
def test_an_invalid_config_fails_at_load_naming_the_key(user_file, tree, key, words):
    path = user_file(tree)
    with pytest.raises(ConfigError) as err:
        load_settings()
    message = str(err.value)
    assert f"invalid config {path}: {key}:" in message and words in message, message


def test_an_invalid_environment_value_fails_naming_the_key(monkeypatch):
    monkeypatch.setenv("BUDGETWATCH__DETECTION__FORESTS__PROJECTS__MAX_SAMPLES", "1.5")
    with pytest.raises(ConfigError, match=r"detection\.forests\.projects: .*'max_samples'"):
        load_settings()


def test_an_unreadable_user_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match=f"cannot read config {tmp_path / 'nope.yaml'}"):
        load_settings(tmp_path / "nope.yaml")


def _fields_with_defaults(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        if not field.is_required():
            out.append(prefix + name)
        sub = field.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            out += _fields_with_defaults(sub, f"{prefix}{name}.")
    return out


def test_every_default_lives_in_defaults_yaml():
    assert _fields_with_defaults(Settings) == []
