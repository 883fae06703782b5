"""Shared test helpers."""
from __future__ import annotations

from pathlib import Path

# The real 2024 county budget the project started from, shipped as the demo's package data.
SAMPLE_PATH = Path(__file__).resolve().parents[1] / "synth" / "data" / "000_e9dd90ecd9c1084d.txt"
