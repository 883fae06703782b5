"""Each rule's own parameters (issue 19 item 3): declared on its registry entry (``Rule.params``),
in the config section named after the rule (``detection.rules.<rule id>``), validated when the
config loads, defaults in config/defaults.yaml only."""

from __future__ import annotations

import pytest

from budgetwatch.config.settings import ConfigError, CopyPasteParams, RuleSettings, load_settings
from budgetwatch.detection.registry import RULES
from budgetwatch.detection.rules_indicators import copy_paste_flags
from budgetwatch.transforms.reader import read_disclosure
from tests.helpers import SAMPLE_PATH


def test_declared_params_are_the_rule_s_config_section():
    rules = load_settings().detection.rules
    with_params = {r.id: r for r in RULES.values() if r.params}
    for rule_id, entry in with_params.items():
        assert set(entry.params) == set(type(rules.of(rule_id)).model_fields), rule_id
    sections = {f.alias or name for name, f in RuleSettings.model_fields.items()}
    assert sections == set(with_params)  # no section for a rule that declares none


def test_an_invalid_rule_parameter_fails_at_load_naming_it(monkeypatch):
    monkeypatch.setenv("BUDGETWATCH__DETECTION__RULES__YOY_LINE__MIN_EXPLAINED_SHARE", "1.5")
    with pytest.raises(ConfigError, match="detection.rules.yoy_line.min_explained_share"):
        load_settings()


def test_a_user_file_sets_one_rule_parameter_and_keeps_the_others(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        'detection:\n  rules:\n    "model:indicators":\n      min_rows: 20\n', encoding="utf-8"
    )
    rules = load_settings(path).detection.rules
    assert rules.of("model:indicators").min_rows == 20
    assert rules.of("model:indicators").min_money_distance == 0.01  # defaults.yaml's
    assert rules.of("model:projects").min_rows == 10


def test_copy_paste_within_block_size_comes_from_its_section():
    # the sample's projects 11 and 12 print the same four textual 效益 rows word for word
    # (lines 921-924 and 942-945): a block of 4 rows, flagged from min_rows 2 up to 4, not at 5
    frames = read_disclosure(SAMPLE_PATH.read_bytes(), SAMPLE_PATH.name).frames
    cfg = load_settings().detection

    def within(min_rows: int) -> list[str]:
        rules = cfg.rules.model_copy(
            update={"copy_paste_within": CopyPasteParams(min_rows=min_rows)}
        )
        flags = copy_paste_flags(
            frames.indicators,
            frames.projects,
            frames.documents,
            None,
            cfg.model_copy(update={"rules": rules}),
        )
        return [
            s for f in flags for s in f.filter(f["rule_or_model"] == "copy_paste_within")["subject"]
        ]

    assert (
        within(cfg.rules.of("copy_paste_within").min_rows)
        == within(4)
        == ["13013324P00068810327Y/效益"]
    )
    assert within(5) == []
