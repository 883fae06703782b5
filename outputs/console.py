"""One rich console for human-facing output.

On a terminal rich measures it. Without one (a pipe, cron, CI logs) rich would wrap at 80
columns whatever the reader's window: the width comes from COLUMNS when set (``COLUMNS=80
budgetwatch summary | less``), else a wide default that keeps log lines whole.

Markup is off: every string printed is data (file names such as ``report[final].txt``,
disclosure text holding ``[/``) and is shown as is; styles are given as ``Text`` styles.
"""
from __future__ import annotations

import os
import sys

from rich.console import Console

PIPE_WIDTH = 160  # off a terminal without COLUMNS


def pipe_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def make_console(file=None, stderr: bool = False) -> Console:
    out = file or (sys.stderr if stderr else sys.stdout)
    common = {"file": out, "markup": False, "highlight": False, "emoji": False}
    if out.isatty():
        return Console(**common)
    return Console(**common, width=pipe_width(), soft_wrap=False, force_terminal=False)
