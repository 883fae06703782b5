"""Configuration: one YAML file of defaults, overridable by environment and flags."""

from budgetwatch.config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
