"""Load and validate settings.

Precedence (lowest first): config/defaults.yaml (or the file named by
BUDGETWATCH_CONFIG), environment variables ``BUDGETWATCH__SECTION__KEY=value``,
then explicit overrides (CLI flags). Unknown keys and bad values fail fast, naming the key.
"""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

DEFAULTS_FILE = Path(str(files("budgetwatch.config") / "defaults.yaml"))
ENV_PREFIX = "BUDGETWATCH__"


class ConfigError(ValueError):
    """Invalid configuration; the message names the offending key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PipelineSettings(_Section):
    input_dir: Path
    data_dir: Path
    outputs_dir: Path
    batch_size: int = Field(gt=0)
    workers: int = Field(ge=1)
    region: str = ""


class LimitsSettings(_Section):
    """Input size limits: a document over any of them is rejected with the limit named, so
    one huge or runaway input cannot exhaust the memory of every later run."""
    max_file_bytes: int = Field(default=50_000_000, gt=0)  # a file larger is not read
    max_pages: int = Field(default=1000, gt=0)
    max_line_items: int = Field(default=50_000, gt=0)
    max_projects: int = Field(default=2_000, gt=0)
    max_indicators: int = Field(default=40_000, gt=0)
    # free disk a run needs on the data dir (store files, Prefect's database) to start
    min_free_disk_mb: int = Field(default=64, ge=0)


class ScheduleSettings(_Section):
    cron: str
    timezone: str
    deployment_name: str


class GateSettings(_Section):
    tolerance_per_term_wan: float = Field(ge=0)
    narrative_tolerance_wan: float = Field(ge=0)
    core_tables: list[str]
    # 经济分类 类 counted as 人员经费 in 基本支出表 (W8); the rest are 公用经费.
    personnel_economic_classes: list[str] = ["301", "303"]


# The comparison and detection sections take every value from defaults.yaml (the one place
# defaults live): no field has a default here, so a config file missing a key fails naming it.
class ComparisonSettings(_Section):
    departments_file: str  # empty: the departments.yaml shipped beside defaults.yaml
    min_peers: int = Field(ge=1)
    peer_tables: list[str]  # tables whose lines get peer statistics
    claim_tolerance_wan: float = Field(ge=0)  # 比上年增减 claim vs two documents
    # multi-year tables are built this many departments at a time (bounds peak memory)
    chunk_departments: int = Field(gt=0)
    # department kind from its name: first keyword found wins (ordered)
    name_kinds: dict[str, str]
    # fallback: kind from the dominant 功能分类 类 of 支出总表
    class_kinds: dict[str, str]


Severity = Literal["critical", "warning", "info"]  # contract.schema.SEVERITIES


class ForestSettings(_Section):
    """One IsolationForest's parameters (scikit-learn's names and meanings)."""
    n_estimators: int = Field(gt=0)
    contamination: Literal["auto"] | float  # "auto" or a share in (0, 0.5]
    max_samples: Literal["auto"] | int | float
    random_state: int

    @field_validator("contamination")
    @classmethod
    def _share(cls, v):
        if v != "auto" and not 0 < v <= 0.5:
            raise ValueError("must be 'auto' or a share in (0, 0.5]")
        return v


class Forests(_Section):
    line_items: ForestSettings
    projects: ForestSettings
    indicators: ForestSettings


class DetectionSettings(_Section):
    top_n: int = Field(gt=0)
    # rule id -> severity, overriding the registry's default (detection/registry.py)
    severities: dict[str, Severity]
    money_tolerance_wan: float = Field(ge=0)  # cost / plan vs 预算数 (rounding)
    unit_ratio: float = Field(gt=1)  # 元 printed under a 万元 header
    unit_ratio_slack: float = Field(ge=0)  # relative slack on that ratio
    forests: Forests
    min_yoy_ratio: float = Field(gt=1)  # model:projects: a project ×/÷ this vs last year
    min_line_yoy_ratio: float = Field(gt=1)  # yoy_line: one 经济分类 line ×/÷ this …
    max_stable_ratio: float = Field(gt=1)  # … while the department's staff and 基本支出 stay within ×/÷ this
    min_function_drop: float = Field(gt=0, lt=1)  # yoy_line: a 项's 项目支出 falling to this share or less
    min_yoy_line_wan: float = Field(ge=0)  # yoy_line: the larger of the two years at least this
    peer_outlier_tables: list[str]  # model:line_items compares these tables' lines with peers …
    staff_classes: list[str]  # … the 款 of these 经济分类 类 (they scale with staff; yoy_line too) …
    fixed_cost_codes: list[str]  # … but these 款 (per visit, per vehicle: not per person)
    min_peer_count: int = Field(ge=3)  # peer_outlier: among at least this many peers …
    min_peer_z: float = Field(gt=0)  # peer_outlier: robust z per person (or per 基本支出) ≥ this …
    min_peer_ratio: float = Field(gt=1)  # … and × this the peers' median for size …
    min_peer_money_ratio: float = Field(ge=1)  # … and × this the peers' median in 万元
    min_peer_years: int = Field(ge=1)  # … in every one of ≥ this many documents
    min_corpus_departments: int = Field(ge=3)  # corpus_outlier: a kind too small for peers is set
    min_corpus_ratio: float = Field(gt=1)  # … against ≥ this many departments of the corpus, × this
    min_corpus_z: float = Field(gt=0)  # … their median per person and robust z ≥ this
    min_line_amount_wan: float = Field(ge=0)  # smaller lines are not modelled
    indicator_quality_min_share: float = Field(ge=0, le=1)  # indicator_quality from this share


class Settings(_Section):
    pipeline: PipelineSettings
    limits: LimitsSettings = LimitsSettings()
    schedule: ScheduleSettings
    gates: GateSettings
    comparison: ComparisonSettings
    detection: DetectionSettings

    def resolve(self, path: Path) -> Path:
        """Relative paths in the config are relative to the current directory."""
        return path if path.is_absolute() else Path.cwd() / path


def _set_path(tree: dict, keys: list[str], value: Any) -> None:
    node = tree
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value


def _env_value(text: str) -> Any:
    """An environment value read as YAML (numbers, lists, booleans); text that is not valid
    YAML on its own — a cron line such as ``*/5 * * * *`` — is taken as the string it is."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the YAML file, apply env vars and ``overrides`` ({"pipeline.data_dir": …})."""
    path = Path(path or os.environ.get("BUDGETWATCH_CONFIG") or DEFAULTS_FILE)
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    for name, value in sorted(os.environ.items()):
        if name.startswith(ENV_PREFIX):
            keys = name[len(ENV_PREFIX):].lower().split("__")
            _set_path(tree, keys, _env_value(value))
    for dotted, value in (overrides or {}).items():
        if value is not None:
            _set_path(tree, dotted.split("."), value)
    try:
        return Settings.model_validate(tree)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid config {path}: {problems}") from None
