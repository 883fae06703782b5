"""Load and validate settings (pydantic-settings).

Precedence (lowest first): config/defaults.yaml, then the user file named by BUDGETWATCH_CONFIG
(or passed in) merged over it key by key, then environment variables
``BUDGETWATCH__SECTION__KEY=value`` (values read as YAML), then explicit overrides (CLI flags).
Everything is validated at load and a bad value fails naming its key: unknown keys, severities
outside the closed set, table ids the contract does not know, forest parameters
scikit-learn's IsolationForest rejects.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from budgetwatch.contract.schema import SEVERITIES
from budgetwatch.contract.tables import KNOWN_TABLES

DEFAULTS_FILE = Path(str(files("budgetwatch.config") / "defaults.yaml"))
ENV_PREFIX = "BUDGETWATCH__"


class ConfigError(ValueError):
    """Invalid configuration; the message names the offending key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_table(table_id: str) -> str:
    if table_id not in KNOWN_TABLES:
        raise ValueError(f"unknown table id {table_id!r}; known: {', '.join(KNOWN_TABLES)}")
    return table_id


TableId = Annotated[str, AfterValidator(_known_table)]
Severity = Literal[SEVERITIES]  # contract.schema.Severity


class PipelineSettings(_Section):
    input_dir: Path
    data_dir: Path
    outputs_dir: Path
    batch_size: int = Field(gt=0)
    parse_batch: int = Field(gt=0)  # documents per parse task; at most batch_size are used
    workers: int = Field(ge=1)
    region: str
    keep_runs: int = Field(ge=1)  # run folders kept under outputs_dir
    # a Dask scheduler for the parse (docs/pipeline.md, "Running on a Dask cluster"); "": local
    cluster: str = Field(pattern=r"^$|^(tcp|tls)://[^\s/:]+:\d+$")


class LimitsSettings(_Section):
    """Input size limits: a document over any of them is rejected with the limit named, so
    one huge or runaway input cannot exhaust the memory of every later run."""

    max_file_bytes: int = Field(gt=0)  # a file larger is not read
    max_pages: int = Field(gt=0)
    max_line_items: int = Field(gt=0)
    max_projects: int = Field(gt=0)
    max_indicators: int = Field(gt=0)
    # free disk a run needs on the data dir (store files, Prefect's database) to start
    min_free_disk_mb: int = Field(ge=0)
    max_sheet_cells: int = Field(gt=0)  # rows × columns of one workbook sheet (dz)


class ScheduleSettings(_Section):
    cron: str
    timezone: str
    deployment_name: str


class GateSettings(_Section):
    tolerance_per_term_wan: float = Field(ge=0)
    narrative_tolerance_wan: float = Field(ge=0)
    core_tables: list[TableId]
    # 经济分类 类 counted as 人员经费 in 基本支出表 (W8); the rest are 公用经费.
    personnel_economic_classes: list[str]
    # documents whose identity rows are built at a time (expectations/residuals.py)
    slice_documents: int = Field(ge=1)


class NarrativeCheckSettings(_Section):
    # a narrative figure in whole 万元 vs a table amount with decimals: below half a 万元
    whole_wan_tolerance: float = Field(ge=0, lt=0.5)


class ChecksSettings(_Section):
    """Thresholds of single identity checks, one sub-section per family; each key is declared
    on the checks that read it (expectations/checks/registry.py)."""

    narrative: NarrativeCheckSettings


# Every value comes from defaults.yaml (the one place defaults live): no field has a default
# here, so a key missing from defaults.yaml fails naming it.
class ComparisonSettings(_Section):
    departments_file: str  # empty: the departments.yaml shipped beside defaults.yaml
    min_peers: int = Field(ge=1)
    peer_tables: list[TableId]  # tables whose lines get peer statistics
    claim_tolerance_wan: float = Field(ge=0)  # 比上年增减 claim vs two documents
    # multi-year tables are built this many departments at a time (bounds peak memory)
    chunk_departments: int = Field(gt=0)
    # department kind from its name: first keyword found wins (ordered)
    name_kinds: dict[str, str]
    # fallback: kind from the dominant 功能分类 类 of 支出总表
    class_kinds: dict[str, str]
    # a store partition of more parts than this (one per commit) is merged before the analysis
    compact_parts: int = Field(gt=0)


class ForestSettings(_Section):
    """One IsolationForest's parameters (scikit-learn's names and meanings)."""

    n_estimators: int = Field(gt=0)
    contamination: Literal["auto"] | float  # "auto" or a share in (0, 0.5]
    max_samples: Literal["auto"] | int | float
    random_state: int

    @model_validator(mode="after")
    def _sklearn_accepts(self):
        """scikit-learn's own parameter validation, at load rather than at fit: its message
        names the parameter (max_samples=1.5: a float must be in (0, 1])."""
        from sklearn.ensemble import IsolationForest
        from sklearn.utils._param_validation import InvalidParameterError

        try:
            IsolationForest(**self.model_dump())._validate_params()
        except InvalidParameterError as exc:
            raise ValueError(str(exc)) from None
        return self


class Forests(_Section):
    line_items: ForestSettings
    projects: ForestSettings
    indicators: ForestSettings
    composition: ForestSettings
    indicator_pattern: ForestSettings  # model:indicators' pattern of values per kind
    line_share: ForestSettings  # model:line_items' share of 基本支出 across years
    composition_mix: ForestSettings  # model:composition's mix of 302's 款


class YoyLineParams(_Section):
    """yoy_line: finished projects excuse a 项's 项目支出 falling when they account for at least
    ``min_explained_share`` of the fall, each fitting under the 项 (its 预算数 at most the 项's
    last-year 项目支出 + ``ended_fit_wan``)."""

    min_explained_share: float = Field(gt=0, le=1)
    ended_fit_wan: float = Field(ge=0)


class CopyPasteParams(_Section):
    min_rows: int = Field(ge=1)  # indicator rows a copied block has at least


class ForestRuleParams(_Section):
    min_rows: int = Field(ge=2)  # fewer rows to learn from: no forest, no flag


class LineItemsParams(ForestRuleParams):
    feature_clip: float = Field(gt=0)  # the size z feature clipped to ± this
    # a line's share ×/÷ this against its own other years and its peers' move (models)
    min_share_ratio: float = Field(gt=1)


class IndicatorsParams(ForestRuleParams):
    min_money_distance: float = Field(ge=0)  # |log(value / 预算数)| that makes a money row differ
    # the pattern of a document's values per kind (models.indicator_pattern_features): judged
    # where it prints at least this many values of the kind …
    min_pattern_values: int = Field(ge=2)
    # … and its modal value covers this share of what the corpus's typical document leaves (its
    # values not on its commonest), more than the typical document
    min_pattern_excess: float = Field(gt=0, le=1)


class CompositionParams(ForestRuleParams):
    # the forest says how unusual a mix is, this how far from the peers it must be to matter: its
    # 302 / 301 at least this multiple of its peers' median (round 8: a department at 1.1× its
    # peers' share was flagged in every year on a clean generated corpus)
    min_ratio_excess: float = Field(gt=1)
    # the mix of 302 (composition._mix_flags): the 款 compared (each as a share of 302 against
    # its peers'), and the floor: at least min_mix_lines of them ×min_mix_ratio their peers'
    mix_codes: tuple[str, ...]
    min_mix_lines: int = Field(ge=1)
    min_mix_ratio: float = Field(gt=1)


class RuleSettings(_Section):
    """``detection.rules.<rule id>``: each rule's own parameters, a section named after the rule
    (declared on its registry entry, detection/registry.py ``Rule.params``)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, protected_namespaces=()
    )

    yoy_line: YoyLineParams
    copy_paste_across: CopyPasteParams
    copy_paste_within: CopyPasteParams
    model_line_items: LineItemsParams = Field(alias="model:line_items")
    model_projects: ForestRuleParams = Field(alias="model:projects")
    model_indicators: IndicatorsParams = Field(alias="model:indicators")
    model_composition: CompositionParams = Field(alias="model:composition")

    def of(self, rule_id: str) -> BaseModel:
        """The section of ``rule_id`` (KeyError: the rule has none)."""
        for name, field in type(self).model_fields.items():
            if rule_id in (name, field.alias):
                return getattr(self, name)
        raise KeyError(f"detection.rules has no section {rule_id!r}")


class ReferenceSettings(_Section):
    """How the forests are fitted on reference data (detection/models.py ``_reference_fit``):
    the departments are dealt into ``folds`` folds; each fold is judged by a forest fitted on
    the others, at most ``max_rows`` of their rows (a deterministic sample) as the fit input."""

    folds: int = Field(ge=2)
    max_rows: int = Field(ge=256)  # one forest's fit input: flat in the store's size
    # an incremental run reuses the last fit's fold forests while at most this share of its
    # departments changed since (flows/analysis.py); beyond it, they are fitted again
    refit_share: float = Field(ge=0, le=1)


class StrongestSettings(_Section):
    """A model flag's strongest features (detection/models.py ``strongest``): the ``top``
    features furthest from the reference rows' median in robust deviations, the spread floored
    at ``spread_floor``, named only from ``min_sigma`` deviations."""

    top: int = Field(ge=1)
    spread_floor: float = Field(gt=0)
    min_sigma: float = Field(ge=0)


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
    max_stable_ratio: float = Field(
        gt=1
    )  # … while the department's staff and 基本支出 stay within ×/÷ this
    min_function_drop: float = Field(
        gt=0, lt=1
    )  # yoy_line: a 项's 项目支出 falling to this share or less
    min_yoy_line_wan: float = Field(ge=0)  # yoy_line: the larger of the two years at least this
    peer_outlier_tables: list[TableId]  # model:line_items compares these tables' lines with peers …
    staff_classes: list[
        str
    ]  # … the 款 of these 经济分类 类 (they scale with staff; yoy_line too) …
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
    rules: RuleSettings  # per rule: detection.rules.<rule id>
    reference: ReferenceSettings  # the forests' reference fit (folds)
    strongest: StrongestSettings  # the features a model flag names


class _YamlEnv(EnvSettingsSource):
    """BUDGETWATCH__SECTION__KEY=value, the value read as YAML (numbers, lists, mappings);
    text that is not valid YAML on its own — a cron line such as ``*/5 * * * *`` — is taken
    as the string it is."""

    def decode_complex_value(self, field_name, field, value):
        return _yaml_value(value)


def _yaml_value(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _deep_merge(base: dict, over: dict) -> dict:
    """``over`` layered on ``base``: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        out[key] = (
            _deep_merge(out[key], value)
            if isinstance(value, dict) and isinstance(out.get(key), dict)
            else value
        )
    return out


def _read_yaml(path: Path) -> dict:
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    if not isinstance(tree, dict):
        raise ConfigError(f"cannot read config {path}: not a mapping of sections")
    return tree


# The user file of the load in progress (load_settings sets it around the one call).
_USER_FILE: ContextVar[Path | None] = ContextVar("budgetwatch_user_config", default=None)


class _YamlFiles(PydanticBaseSettingsSource):
    """defaults.yaml with the user file (if any) merged over it."""

    def get_field_value(self, field, field_name):  # the whole tree is returned by __call__
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        tree = _read_yaml(DEFAULTS_FILE)
        if (user := _USER_FILE.get()) is not None:
            tree = _deep_merge(tree, _read_yaml(user))
        return tree


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        extra="forbid",
        frozen=True,
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
    )

    pipeline: PipelineSettings
    limits: LimitsSettings
    schedule: ScheduleSettings
    gates: GateSettings
    checks: ChecksSettings
    comparison: ComparisonSettings
    detection: DetectionSettings

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        # the user file is set per load (load_settings); no .env or secrets directory
        return init_settings, _YamlEnv(settings_cls), _YamlFiles(settings_cls)

    def resolve(self, path: Path) -> Path:
        """Relative paths in the config are relative to the current directory."""
        return path if path.is_absolute() else Path.cwd() / path


def _nested(overrides: dict[str, Any]) -> dict:
    tree: dict = {}
    for dotted, value in overrides.items():
        if value is not None:
            *parents, key = dotted.split(".")
            node = tree
            for k in parents:
                node = node.setdefault(k, {})
            node[key] = value
    return tree


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """defaults.yaml, the user file ``path`` (else $BUDGETWATCH_CONFIG) merged over it, the
    environment, then ``overrides`` ({"pipeline.data_dir": …})."""
    user = path or os.environ.get("BUDGETWATCH_CONFIG") or None
    token = _USER_FILE.set(Path(user) if user else None)
    where = user or DEFAULTS_FILE
    try:
        return Settings(**_nested(overrides or {}))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid config {where}: {problems}") from None
    finally:
        _USER_FILE.reset(token)
