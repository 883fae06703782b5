"""One rich console for human-facing output.

On a terminal rich measures it. Without one (a pipe, cron, CI logs) the width comes from
COLUMNS when set (``COLUMNS=80 budgetwatch summary | less``), else 100: wide enough for the
tables, narrow enough not to wrap in a pager or a mail.

Markup is off: every string printed is data (file names such as ``report[final].txt``,
disclosure text holding ``[/``) and is shown as is; styles are given as ``Text`` styles.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPE_WIDTH = 100  # off a terminal without COLUMNS


def pipe_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def make_console(file=None, stderr: bool = False) -> Console:
    out = file or (sys.stderr if stderr else sys.stdout)
    common = {"file": out, "markup": False, "highlight": False, "emoji": False}
    if out.isatty():
        return Console(**common)
    return Console(**common, width=pipe_width(), soft_wrap=False, force_terminal=False)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe(text: str) -> str:
    """``text`` with control and line-breaking characters escaped (``a\\nb``): a file name
    holding a newline must not print as two lines (a forged log line)."""
    if text.isprintable():
        return text
    return "".join(
        c
        if c.isprintable() or c == " "
        else _ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        for c in text
    )
