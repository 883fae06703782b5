"""One rich console for human-facing output.

Without a terminal (cron, CI logs) rich would wrap at 80 columns and split the Chinese
names; a fixed wide width keeps tables whole there.
"""
from __future__ import annotations

import sys

from rich.console import Console


def make_console(file=None) -> Console:
    out = file or sys.stdout
    if out.isatty():
        return Console(file=out)
    return Console(file=out, width=160, soft_wrap=False, force_terminal=False)
