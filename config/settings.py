"""Load and validate settings.

Precedence (lowest first): config/defaults.yaml (or the file named by
BUDGETWATCH_CONFIG), environment variables ``BUDGETWATCH__SECTION__KEY=value``,
then explicit overrides (CLI flags). Unknown keys and bad values fail fast, naming the key.
"""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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


class ComparisonSettings(_Section):
    departments_file: str = ""  # empty: the departments.yaml shipped beside defaults.yaml
    min_peers: int = Field(ge=1)
    # tables whose lines get peer statistics
    peer_tables: list[str] = ["expenditure_summary", "general_budget_basic_expenditure",
                              "three_public_expenses"]
    claim_tolerance_wan: float = Field(default=0.02, ge=0)  # 比上年增减 claim vs two documents
    # multi-year tables are built this many departments at a time (bounds peak memory)
    chunk_departments: int = Field(default=250, gt=0)
    # department kind from its name: first keyword found wins (ordered)
    name_kinds: dict[str, str] = {}
    # fallback: kind from the dominant 功能分类 类 of 支出总表
    class_kinds: dict[str, str] = {}


class DetectionSettings(_Section):
    random_state: int
    top_n: int = Field(gt=0)
    # rule kind -> severity (critical / warning / info); see docs/rules.md
    severities: dict[str, str] = {}
    money_tolerance_wan: float = Field(default=0.01, ge=0)  # cost / plan vs 预算数 (rounding)
    unit_ratio: float = Field(default=10000, gt=1)  # 元 printed under a 万元 header
    unit_ratio_slack: float = Field(default=0.01, ge=0)  # relative slack on that ratio
    n_estimators: int = Field(default=200, gt=0)
    contamination: float = Field(default=0.05, gt=0, le=0.5)  # share of rows a forest may flag
    min_yoy_ratio: float = Field(default=3.0, gt=1)  # yoy_change: a project ×3 or ÷3 vs last year
    min_peer_z: float = Field(default=2.5, gt=0)  # peer_outlier: |robust z| ≥ 2.5 against peers …
    min_peer_ratio: float = Field(default=2.5, gt=1)  # … and ×2.5 / ÷2.5 the peers' median
    min_peer_years: int = Field(default=2, ge=1)  # … in every one of ≥ 2 documents of the department
    min_line_amount_wan: float = Field(default=1.0, ge=0)  # smaller lines are not modelled
    indicator_model_severity: str = "info"


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
